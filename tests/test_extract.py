"""kg extract through the command and the API: figures, dates, roles, names, bad input.

Every expected value is worked out by hand from the sentence it checks
("fino a 10 miliardi di dollari" is at most 10,000,000,000 USD).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import api
from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _extract(tmp_path, text, published="2025-11-20", lang="auto", name="article.txt"):
    article = tmp_path / name
    article.write_text(text, encoding="utf-8")
    return api.extract([article], DATA, language=lang, published=published, plain_numbers=True).candidates


# sentence, language, field, expected figure (plain numbers, full units)
FIGURES = [
    ("Nvidia investirà fino a 10 miliardi di dollari in Anthropic.", "it", "amount", {"max": 10_000_000_000, "currency": "USD"}),
    ("Nvidia will invest up to $10 billion in Anthropic.", "en", "amount", {"max": 10_000_000_000, "currency": "USD"}),
    ("Nvidia investirà oltre 100 miliardi in Anthropic.", "it", "amount", {"min": 100_000_000_000, "currency": "USD"}),
    ("Nvidia will invest more than $100 billion in Anthropic.", "en", "amount", {"min": 100_000_000_000, "currency": "USD"}),
    ("Nvidia investirà decine di miliardi di dollari in Anthropic.", "it", "amount",
     {"min": 10_000_000_000, "max": 100_000_000_000, "currency": "USD"}),
    ("Nvidia will invest tens of billions of dollars in Anthropic.", "en", "amount",
     {"min": 10_000_000_000, "max": 100_000_000_000, "currency": "USD"}),
    ("Nvidia investirà circa 27 miliardi in Anthropic.", "it", "amount",
     {"value": 27_000_000_000, "currency": "USD", "approximate": True}),
    ("Nvidia will invest about $27 billion in Anthropic.", "en", "amount",
     {"value": 27_000_000_000, "currency": "USD", "approximate": True}),
    ("Nvidia investirà 1,5 miliardi in Anthropic.", "it", "amount", {"value": 1_500_000_000, "currency": "USD"}),
    ("Nvidia will invest 1,500 million dollars in Anthropic.", "en", "amount", {"value": 1_500_000_000, "currency": "USD"}),
    ("Nvidia investirà 15 mld in Anthropic.", "it", "amount", {"value": 15_000_000_000, "currency": "USD"}),
    ("Nvidia will invest $30bn in Anthropic.", "en", "amount", {"value": 30_000_000_000, "currency": "USD"}),
    ("Nvidia will invest €1.3 billion in Anthropic.", "en", "amount", {"value": 1_300_000_000, "currency": "EUR"}),
    ("Nvidia investirà 1,3 miliardi di euro in Anthropic.", "it", "amount", {"value": 1_300_000_000, "currency": "EUR"}),
    ("Nvidia investirà 2 miliardi alla firma e altri 3 in seguito in Anthropic.", "it", "amount",
     {"max": 5_000_000_000, "currency": "USD"}),
    ("Anthropic acquisterà da Oracle capacità di calcolo per un gigawatt.", "it", "capacity", {"value": 1}),
    ("Anthropic will buy 1 GW of compute capacity from Oracle.", "en", "capacity", {"value": 1}),
    ("Anthropic acquisterà da Oracle capacità per 750 megawatt.", "it", "capacity", {"value": 0.75}),
    ("Anthropic acquisterà fino a un milione di TPU da Oracle.", "it", "chip_count", {"max": 1_000_000}),
    ("Anthropic will buy 200,000 GPUs from Oracle.", "en", "chip_count", {"value": 200_000}),
    ("Oracle ha concesso un warrant ad Anthropic per 80 milioni di azioni.", "it", "share_count", {"value": 80_000_000}),
]


@pytest.mark.parametrize("sentence, lang, field, expected", FIGURES, ids=[f[0][:40] for f in FIGURES])
def test_figure_with_its_bound(tmp_path, sentence, lang, field, expected):
    found = _extract(tmp_path, sentence, lang=lang)
    assert len(found) == 1, found
    assert found[0][field] == expected


def test_two_deals_in_one_sentence_each_with_its_sum(tmp_path):
    found = _extract(tmp_path, "Anthropic raccoglie 5 miliardi da Microsoft e 10 da Nvidia.")
    assert {(c["investor"], c["investee"], c["amount"]["value"]) for c in found} == {
        ("microsoft", "anthropic", 5_000_000_000), ("nvidia", "anthropic", 10_000_000_000)}


@pytest.mark.parametrize("sentence, kind, roles", [
    ("Nvidia investirà in Anthropic.", "Investment", {"investor": "nvidia", "investee": "anthropic"}),
    ("Anthropic raccoglie fondi da Nvidia.", "Investment", {"investor": "nvidia", "investee": "anthropic"}),
    ("Anthropic was backed by Nvidia.", "Investment", {"investor": "nvidia", "investee": "anthropic"}),
    ("Nvidia takes a stake in Anthropic.", "EquityStake", {"holder": "nvidia", "company": "anthropic"}),
    ("Anthropic si è impegnata ad acquistare capacità Azure.", "ComputeCommitment",
     {"buyer": "anthropic", "seller": "microsoft", "service": "azure"}),
    ("Anthropic commits to spend $5 billion on AWS.", "ComputeCommitment",
     {"buyer": "anthropic", "seller": "amazon", "service": "aws"}),
    ("AMD will supply GPUs to OpenAI.", "ChipSupplyAgreement", {"seller": "amd", "buyer": "openai"}),
    ("AMD fornirà GPU a OpenAI.", "ChipSupplyAgreement", {"seller": "amd", "buyer": "openai"}),
    ("AMD granted OpenAI a warrant for up to 160 million shares.", "Warrant", {"issuer": "amd", "holder": "openai"}),
    ("Nvidia acquired CoreWeave.", "Acquisition", {"acquirer": "nvidia", "acquired": "coreweave"}),
    ("CoreWeave è stata acquisita da Nvidia.", "Acquisition", {"acquirer": "nvidia", "acquired": "coreweave"}),
    ("Oracle e Nvidia annunciano una partnership.", "Partnership", {"partners": ["oracle", "nvidia"]}),
], ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None)
def test_kind_and_roles_from_the_words(tmp_path, sentence, kind, roles):
    found = _extract(tmp_path, sentence)
    assert [c["type"] for c in found] == [kind]
    assert {k: found[0][k] for k in roles} == roles


@pytest.mark.parametrize("sentence, published, key, expected", [
    ("Nvidia ha investito lunedì in Anthropic.", "2025-11-20", "announced", "2025-11-17"),
    ("Nvidia ha investito martedì scorso in Anthropic.", "2025-11-20", "announced", "2025-11-18"),
    ("Il mese scorso Nvidia ha investito in Anthropic.", "2025-11-20", "announced", "2025-10"),
    ("Last Tuesday Nvidia invested in Anthropic.", "2025-11-20", "announced", "2025-11-18"),
    ("Anthropic will buy 1 GW of capacity from Oracle, online in 2026.", "2025-11-20", "online_by", "2026"),
    ("Anthropic acquisterà da Oracle capacità per un gigawatt nella seconda metà del 2026.", "2025-11-20", "online_by", "2026"),
])
def test_dates_from_publication(tmp_path, sentence, published, key, expected):
    found = _extract(tmp_path, sentence, published=published)
    assert found[0][key] == expected
    if key == "online_by":  # kept as online-by, not as the announcement
        assert found[0].get("announced") != expected


def test_names_through_aliases_case_accents_and_suffixes(tmp_path):
    found = _extract(tmp_path, "META PLATFORMS INC. will buy compute capacity from amazon web services.\n"
                               "Alphabet Inc. e Nvidia Corp. annunciano una partnership.")
    assert (found[0]["buyer"], found[0]["seller"], found[0]["service"]) == ("meta", "amazon", "aws")
    assert found[1]["partners"] == ["google", "nvidia"]


def test_unknown_names_are_new_things(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Nvidia takes a 10% stake in Lumen Robotics.", encoding="utf-8")
    result = api.extract([article], DATA, published="2025-03-14")
    assert result.candidates[0]["company"] == "Lumen Robotics"
    assert result.new_things == [{"id": "lumen-robotics", "type": "Company", "label": "Lumen Robotics"}]



def test_a_change_to_the_data_is_seen_by_the_next_call(mini_data, tmp_path):
    # data/ is read once per process while its files stay the same: a thing and a deal added in between count
    article = tmp_path / "a.txt"
    article.write_text("Bigcloud takes a 10% stake in Nimbus Labs.", encoding="utf-8")
    before = api.extract([article], mini_data, published="2025-03-14")
    assert api.resolve("Nimbus Labs", mini_data) is None
    assert [(c["holder"], c["company"], c.get("in_data")) for c in before.candidates] == [("bigcloud", "Nimbus Labs", None)]
    with (mini_data / "things.yaml").open("a", encoding="utf-8") as things:
        things.write("  - id: nimbus\n    type: Company\n    label: Nimbus\n    aliases: [Nimbus Labs]\n")
    with (mini_data / "deals.yaml").open("a", encoding="utf-8") as deals:
        deals.write("  - id: bigcloud-nimbus-stake\n    type: EquityStake\n    holder: bigcloud\n    company: nimbus\n"
                    "    percent: 10\n    announced: 2025-03\n    status: announced\n    sources: [gazette-1]\n")
    after = api.extract([article], mini_data, published="2025-03-14")
    assert api.resolve("Nimbus Labs", mini_data)["id"] == "nimbus"
    assert [(c["holder"], c["company"], c["in_data"]) for c in after.candidates] == [("bigcloud", "nimbus", ["bigcloud-nimbus-stake"])]
    assert after.new_things == []

def test_json_has_plain_numbers_and_offsets_into_the_text(tmp_path):
    text = "Intro line.\nNvidia will invest $1.5bn in Anthropic.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    run = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "--format", "json", "--data", str(DATA),
                                    "--source", "seed-microsoft-nvidia-anthropic"])
    assert run.exit_code == 0, run.output
    document = json.loads(run.output)
    candidate = document["candidates"][0]
    assert candidate["amount"] == {"value": 1_500_000_000, "currency": "USD"}
    assert text[candidate["start"]:candidate["end"]] == "Nvidia will invest $1.5bn in Anthropic."
    assert candidate["sources"] == ["seed-microsoft-nvidia-anthropic"]
    assert 0 < candidate["confidence"] <= 1 and document["new_things"] == []


def test_standard_input_and_yaml_in_the_shape_of_data(tmp_path):
    run = CliRunner().invoke(main, ["extract", "-", "--data", str(DATA), "--lang", "en"],
                             input="Nvidia will invest up to $10 billion in Anthropic.")
    assert run.exit_code == 0, run.output
    assert "amount: {max: 10B, currency: USD}" in run.output


def test_html_is_reduced_to_the_article(tmp_path):
    html = (ROOT / "tests/fixtures/extract/articles/it-html.html")
    result = api.extract([html], DATA, published="2026-09-10")
    text = result.texts[str(html)]
    assert "Nebius" in text and "Cookie policy" not in text and "Accedi" not in text
    assert [(c["buyer"], c["seller"]) for c in result.candidates] == [("Vettore AI", "nebius")]


def test_resolve_says_what_a_name_means():
    run = CliRunner().invoke(main, ["extract", "--resolve", "mícrosoft AZÚRE", "--resolve", "Amazon.com, Inc.",
                                    "--resolve", "Nobody Ltd", "--data", str(DATA)])
    assert run.exit_code == 0
    assert run.output.splitlines() == [
        "mícrosoft AZÚRE: azure (CloudService, Microsoft Azure)",
        "Amazon.com, Inc.: amazon (Company, Amazon)",
        "Nobody Ltd: no thing",
    ]


# --- bad input: one line, exit 2, no traceback ----------------------------------------------


def _run_cli(*args):
    return subprocess.run([sys.executable, "-m", "kg.cli", "extract", *args, "--data", str(DATA)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("content, message", [
    (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)), "binary"),
    (b"", "empty"),
    (b"   \n\n", "empty"),
    ("Nvidia investirà in Società".encode("latin-1"), "not UTF-8"),
])
def test_bad_file_is_one_line_exit_2(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = _run_cli(str(bad))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_20_mb_file_is_refused_without_reading_it_all(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.write(b"Nvidia investira in Anthropic. " * (20_000_000 // 31))
    result = _run_cli(str(big))
    assert result.returncode == 2 and "larger than" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_language_and_missing_file(tmp_path):
    (tmp_path / "a.txt").write_text("Nvidia invests in Anthropic.", encoding="utf-8")
    result = _run_cli(str(tmp_path / "a.txt"), "--lang", "fr")
    assert result.returncode == 2 and result.stderr.strip() == (
        "kg extract: unknown --lang 'fr': kg extract has rules for en, it (or auto)")
    missing = _run_cli(str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and missing.stderr.strip().endswith("nope.txt: no such file")


@pytest.mark.parametrize("path", ["/dev/zero", "/tmp"])
def test_a_device_or_a_folder_is_not_an_article(path):
    result = _run_cli(path)
    assert result.returncode == 2 and result.stderr.strip().endswith(f"{path}: not a regular file (a folder or a device)")


@pytest.mark.parametrize("day", ["0000-01-01", "2025-02-30", "2025-13-01", "99999-01-01", "yesterday"])
def test_a_publication_day_no_calendar_has_is_a_usage_error(tmp_path, day):
    (tmp_path / "a.txt").write_text("Nvidia invests in Anthropic.", encoding="utf-8")
    result = _run_cli(str(tmp_path / "a.txt"), "--published", day)
    assert result.returncode == 2 and "Invalid value for '--published'" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_the_extra_one_line_names_it(tmp_path):
    (tmp_path / "a.txt").write_text("Nvidia invests in Anthropic.", encoding="utf-8")
    code = ("import sys; sys.modules['trafilatura'] = None; from kg.cli import main; "
            f"sys.argv = ['kg', 'extract', {str(tmp_path / 'a.txt')!r}]; main()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "kg extract: needs the 'extract' extra (missing: trafilatura): pip install 'aicompute-kg[extract]'"]
