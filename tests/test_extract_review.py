"""The review path: aliases in data/, data/candidates/ never loaded, accept and reject, and the seeds end to end.

The end-to-end test is the issue's "done when": both seed articles turned
into candidates, accepted through ``kg extract --review`` and rebuilt, give the
seed facts that tests/test_seed_facts.py asks of the curated data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from kg import api
from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _seeds() -> Path | None:
    for folder in ROOT.parents:
        if (folder / "shared" / "seeds").is_dir():
            return folder / "shared" / "seeds"
    return None


def _copy_data(tmp_path: Path, leave_out: tuple[str, ...] = ()) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for path in DATA.glob("*.yaml"):
        if path.name not in leave_out:
            shutil.copy(path, data / path.name)
    return data


def _cli(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_a_name_two_things_claim_is_an_error_with_file_and_line(tmp_path):
    data = _copy_data(tmp_path)
    (data / "zz-clash.yaml").write_text(
        "things:\n  - id: acme-cloud\n    type: CloudService\n    label: Acme Cloud\n    aliases: [Acme, aws]\n",
        encoding="utf-8")
    result = _cli("validate", "--data", str(data))
    assert result.exit_code == 1
    assert ("zz-clash.yaml:5: thing 'acme-cloud': the name 'aws' is already claimed by thing 'aws'"
            in result.output)


def test_aliases_become_alt_labels(shipped_graph):
    graph = shipped_graph
    aws = next(s for s in graph.subjects(SKOS.altLabel, Literal("AWS")))
    assert str(aws).endswith("/aws")
    assert (None, SKOS.altLabel, Literal("Alphabet")) in graph


@pytest.mark.slow  # validates and builds a copy of the shipped data
def test_the_candidates_folder_is_never_loaded(tmp_path):
    data = _copy_data(tmp_path)
    (data / "candidates").mkdir()
    (data / "candidates" / "broken.yaml").write_text("candidates: [this is: not: valid", encoding="utf-8")
    (data / "candidates" / "deal.yaml").write_text(
        "deals:\n  - {id: not-reviewed, type: Investment, investor: nvidia, investee: anthropic,"
        " announced: 2025, status: announced, sources: [seed-microsoft-nvidia-anthropic]}\n", encoding="utf-8")
    check = api.validate(data)
    assert check.conforms, str(check)
    assert "not-reviewed" not in check.data.deals
    built = _cli("build", "--data", str(data), "--out", str(tmp_path / "build"))
    assert built.exit_code == 0, built.output
    assert "not-reviewed" not in (tmp_path / "build" / "graph.ttl").read_text(encoding="utf-8")


def _extract_to_queue(data: Path, article: Path, published: str, source: str) -> Path:
    queue = data / "candidates" / f"{article.stem}.yaml"
    queue.parent.mkdir(exist_ok=True)
    result = _cli("extract", str(article), "--data", str(data), "--published", published, "--source", source,
                  "-o", str(queue))
    assert result.exit_code == 0, result.output
    return queue


@pytest.mark.slow  # extracts against, validates and checks a copy of the shipped data
def test_accept_and_reject_round_trip(tmp_path):
    data = _copy_data(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text("Oracle investirà 15 mld in Nvidia.\nAMD e Intel annunciano una partnership.\n", encoding="utf-8")
    queue = _extract_to_queue(data, article, "2026-06-10", "seed-microsoft-nvidia-anthropic")
    document = yaml.safe_load(queue.read_text(encoding="utf-8"))
    investment, partnership = document["candidates"]
    assert (investment["investor"], investment["investee"], partnership["partners"]) == ("oracle", "nvidia", ["amd", "intel"])
    investment["review"] = "accept"
    partnership.update(review="reject", why="not in the article's sources")
    queue.write_text(yaml.safe_dump(document), encoding="utf-8")

    result = _cli("extract", "--review", str(queue), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("accepted 1 into ")
    accepted = yaml.safe_load((data / "extracted.yaml").read_text(encoding="utf-8"))["deals"]
    assert [(d["investor"], d["investee"], d["amount"]) for d in accepted] == [
        ("oracle", "nvidia", {"value": "15B", "currency": "USD"})]
    assert "quote" not in accepted[0] and "fingerprint" not in accepted[0]
    assert api.validate(data).data.deals[accepted[0]["id"]].amount.value == 15_000_000_000
    rejected = yaml.safe_load((data / "candidates" / "rejected.yaml").read_text(encoding="utf-8"))["rejected"]
    assert [r["fingerprint"] for r in rejected] == [partnership["fingerprint"]]

    again = api.extract([article], data, published="2026-06-10")
    assert [c["type"] for c in again.candidates] == ["Investment"]  # the rejected partnership is not proposed again
    assert again.skipped_rejected == 1
    assert again.candidates[0]["in_data"] == [accepted[0]["id"]]


def test_an_acceptance_that_does_not_validate_writes_nothing(tmp_path):
    data = _copy_data(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text("Oracle investirà 15 mld in Nvidia.", encoding="utf-8")
    queue = data / "candidates" / "a.yaml"
    queue.parent.mkdir()
    assert _cli("extract", str(article), "--data", str(data), "-o", str(queue)).exit_code == 0  # no --source
    document = yaml.safe_load(queue.read_text(encoding="utf-8"))
    document["candidates"][0]["review"] = "accept"
    queue.write_text(yaml.safe_dump(document), encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--review", str(queue), "--data", str(data)])
    assert result.exit_code == 1
    assert "missing required field 'sources'" in result.output
    assert not (data / "extracted.yaml").exists()
    assert yaml.safe_load(queue.read_text(encoding="utf-8"))["candidates"][0]["review"] == "accept"


# --- done when: the seeds, end to end ---------------------------------------------------------

#: The curator's edits, each for a reason outside the seed article (a dated page), as the
#: comments of data/deals.yaml give them. Everything else comes from kg extract.
CURATOR_EDITS = {
    # The seed prints no date; the dated pages give these.
    ("ComputeCommitment", "anthropic", "amazon"): {"announced": "2024-11-22"},
    ("ComputeCommitment", "openai", "microsoft"): {"announced": "2019-07-22"},
    ("EquityStake", "microsoft", "openai"): {"announced": "2025-10-28"},
    # The seed says "5 miliardi" / "10 miliardi"; the companies' announcement says "up to".
    ("Investment", "microsoft", "anthropic"): {"amount": {"max": "5B", "currency": "USD"}},
    ("Investment", "nvidia", "anthropic"): {"amount": {"max": "10B", "currency": "USD"}},
}
SEED_RUNS = (("000_06db359fdec6cb5f.txt", "2025-10-23", "seed-anthropic-google-tpus"),
             ("004_38b34b889decb19c.txt", "2025-11-19", "seed-microsoft-nvidia-anthropic"))


def _parties(candidate: dict) -> tuple:
    roles = [candidate.get(r) for r in ("investor", "buyer", "holder", "investee", "seller", "company")]
    return (candidate["type"], *[r for r in roles if r])


@pytest.mark.slow  # builds the shipped data twice, the second time rebuilt from the seed articles
def test_seed_articles_to_candidates_to_graph_give_the_seed_facts(tmp_path):
    seeds = _seeds()
    if seeds is None:
        pytest.skip("shared/seeds is not beside the repository")
    from tests.test_seed_facts import FACTS, HEADER

    data = _copy_data(tmp_path, leave_out=("deals.yaml",))  # the curated seed deals, to be rebuilt from the articles
    before = Graph().parse(data=api.export(api.build(data)), format="turtle")
    missing_before = {f for f in FACTS if not before.query(HEADER + "ASK {" + FACTS[f] + "}").askAnswer}
    assert {"microsoft-invests-up-to-5b", "anthropic-google-tpus", "aws-primary-with-rainier-trainium"} <= missing_before

    for name, published, source in SEED_RUNS:
        queue = _extract_to_queue(data, seeds / name, published, source)
        document = yaml.safe_load(queue.read_text(encoding="utf-8"))
        for candidate in document["candidates"]:
            candidate.update(CURATOR_EDITS.get(_parties(candidate)[:3], {}))
            candidate["review"] = "accept"
        queue.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        result = _cli("extract", "--review", str(queue), "--data", str(data))
        assert result.exit_code == 0, result.output

    out = tmp_path / "build"
    built = _cli("build", "--data", str(data), "--out", str(out))
    assert built.exit_code == 0, built.output
    graph = Graph().parse(out / "graph.ttl")
    failing = sorted(f for f in FACTS if not graph.query(HEADER + "ASK {" + FACTS[f] + "}").askAnswer)
    assert failing == []
    accepted = yaml.safe_load((data / "extracted.yaml").read_text(encoding="utf-8"))["deals"]
    assert len(accepted) == 11  # the seed deals of data/deals.yaml, one candidate each


# --- the review file is hostile input too -----------------------------------------------------

_ACCEPTED = ("  - id: {id}\n    type: Investment\n    investor: oracle\n    investee: nvidia\n"
             "    announced: 2026-06-10\n    status: announced\n    sources: [seed-microsoft-nvidia-anthropic]\n"
             "    review: accept\n")


def _queue(data: Path, text: str) -> Path:
    queue = data / "candidates" / "q.yaml"
    queue.parent.mkdir(exist_ok=True)
    queue.write_text(text, encoding="utf-8")
    return queue


def _data_files(data: Path) -> dict:
    return {p.name: p.read_bytes() for p in data.rglob("*.yaml") if "candidates" not in p.parts}


_THING = "  - id: {id}\n    type: Company\n    label: Company {id}\n    review: accept\n"


@pytest.mark.parametrize("section, entry, taken", [
    ("candidates", _ACCEPTED, "openai-oracle-compute-2025"),  # a deal of data/deals-2019-2025.yaml
    ("new_things", _THING, "nvidia"),  # a thing of data/things.yaml
])
def test_an_accepted_id_already_in_data_names_the_candidates_line(tmp_path, section, entry, taken):
    data = _copy_data(tmp_path)
    before = _data_files(data)
    # The clashing entry is the second one: its "- id:" is on line 2 + the first entry's lines.
    queue = _queue(data, f"{section}:\n" + entry.format(id="fresh-one") + entry.format(id=taken))
    clash_line = 2 + entry.count("\n")
    result = CliRunner().invoke(main, ["extract", "--review", str(queue), "--data", str(data)])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if f"'{taken}'" in line]
    # Whichever file the loader reads first, the clash points at the candidate's line.
    assert lines and all(f"duplicate id '{taken}'" in line and f"q.yaml:{clash_line}" in line for line in lines), result.output
    assert "/tmp" not in result.output.replace(str(tmp_path), "")  # no temporary folder named
    assert _data_files(data) == before  # nothing written
    assert "review: accept" in queue.read_text(encoding="utf-8")


@pytest.mark.parametrize("text, line, words", [
    ("candidates:\n  - &a {id: a, review: accept}\n  - *a\n", 2, "anchors and aliases are not allowed"),
    ("candidates:\n  - {id: a, review: accept}\n  - ? [1, 2]\n    : x\n", 3, "a key must be a plain value"),
    ("candidates: 5\n", 1, "'candidates' must be a list of mappings"),
    ("- just\n- a list\n", 1, "expected a mapping"),
    ("candidates:\n  - {id: a}\n  - {id: b, review: perhaps}\n", 3, "review: 'perhaps' for 'b'"),
    ("candidates:\n  - {id: a, review: \"\\e]0;owned\\a\"}\n", 2, "\\x1b]0;owned"),
])
def test_a_bad_review_file_is_refused_with_its_line_and_nothing_written(tmp_path, text, line, words):
    data = _copy_data(tmp_path)
    before = _data_files(data)
    queue = _queue(data, text)
    result = CliRunner().invoke(main, ["extract", "--review", str(queue), "--data", str(data)])
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and f"q.yaml:{line}: " in result.output, result.output
    assert words in result.output and "\x1b" not in result.output and "Traceback" not in result.output
    assert _data_files(data) == before and queue.read_text(encoding="utf-8") == text
