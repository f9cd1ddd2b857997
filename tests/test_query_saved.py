"""The saved questions, asked through ``kg query NAME``, with answers worked out by hand.

Three graphs:

- the mini fixture (tests/fixtures/mini): exact, complete answers;
- the seed facts alone (a copy of data/ with only sources.yaml, things.yaml
  and deals.yaml, which hold the facts of the two seed articles, citing only
  the sources of sources.yaml): exact, complete answers, worked out from the
  seed articles and those YAML files;
- the full shipped data (which grows as deals are added): the seed answers'
  rows are still there.

Answers are read as the W3C SPARQL JSON results format with the json module;
IRIs are shortened to aid:/aic: and numbers become Decimals.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"
SEED_FILES = ("sources.yaml", "things.yaml", "deals.yaml")
AID = "https://w3id.org/aicompute/id/"
AIC = "https://w3id.org/aicompute/ontology#"
NUMBERS = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("decimal", "integer", "double")}
#: columns that join several values with "; " (order not defined): compared as sets
JOINED = {"hardware", "parties", "sources", "names", "formerEmployers"}
B = Decimal("1e9")


def _export(data: Path, target: Path) -> None:
    """The graph of ``data`` in Turtle, as kg build writes it (without the SHACL run, which is slow)."""
    result = CliRunner().invoke(main, ["export", "--data", str(data), "-o", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def _built(data: Path, build: Path) -> None:
    """What kg build leaves in ``build``: graph.ttl and the stamp of the inputs it was built from."""
    from kg.workspace import STAMP_NAME, data_stamp

    _export(data, build / "graph.ttl")
    (build / STAMP_NAME).write_text(data_stamp(data), encoding="utf-8")


def _seed_data(target: Path) -> Path:
    """data/'s seed files alone; citations of sources added in other files since are left out."""
    target.mkdir()
    documents = {name: yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8")) for name in SEED_FILES}
    known = {source["id"] for source in documents["sources.yaml"]["sources"]}
    for entry in documents["things.yaml"]["things"] + documents["deals.yaml"]["deals"]:
        if "sources" in entry:
            entry["sources"] = [source for source in entry["sources"] if source in known]
    for name, document in documents.items():
        (target / name).write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def graphs(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """name -> (data folder, working folder whose build/graph.ttl is that data's graph)."""
    base = tmp_path_factory.mktemp("graphs")
    seed = _seed_data(base / "seed-data")
    mini = base / "mini-data"
    shutil.copytree(MINI, mini)
    found = {}
    for name, data in (("seed", seed), ("mini", mini)):
        _built(data, base / name / "build")  # where kg query looks for the built graph
        found[name] = (data, base / name)
    # The full data grows while others work; it is asked through --graph.
    _export(ROOT / "data", base / "full" / "graph.ttl")
    found["full"] = (ROOT / "data", base / "full")
    return found


def _value(term: dict | None, column: str):
    if term is None:
        return frozenset() if column in JOINED else None
    value = term["value"]
    if term["type"] == "uri":
        return value.replace(AID, "aid:").replace(AIC, "aic:")
    if term.get("datatype") in NUMBERS:
        return Decimal(value)
    if column in JOINED:
        return frozenset(value.split("; ")) if value else frozenset()
    return value


def ask(graphs, which: str, name: str, *params: str) -> list[tuple]:
    """The rows of saved question ``name`` on graph ``which``, as tuples in answer order."""
    data, where = graphs[which]
    args = ["query", name, "--format", "json"]
    args += ["--graph", str(where / "graph.ttl")] if which == "full" else ["--data", str(data)]
    for param in params:
        args += ["--param", param]
    with contextlib.chdir(where):  # the built graph is build/graph.ttl under the working folder
        result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    columns = document["head"]["vars"]
    return [tuple(_value(b.get(c), c) for c in columns) for b in document["results"]["bindings"]]


def S(*items: str) -> frozenset:
    return frozenset(items)


# ---------------------------------------------------------------------------- investors-of

# Investments that are part of no round: the last two columns (round, role) are (None, "investor").
SEED_ANTHROPIC_INVESTORS = [row + (None, "investor") for row in [
    # investor, bound, exact, at least, up to, currency, announced, deal, source, headline
    ("aid:microsoft", "up to", None, None, 5 * B, "USD", "2025-11-18", "aid:deal/microsoft-anthropic-investment-2025",
     "aid:source/seed-microsoft-nvidia-anthropic", "Microsoft e Nvidia investono 15 miliardi in Anthropic"),
    ("aid:microsoft", "up to", None, None, 5 * B, "USD", "2025-11-18", "aid:deal/microsoft-anthropic-investment-2025",
     "aid:source/webpronews-microsoft-nvidia-anthropic-2025", "AI Titans Unite: Microsoft and Nvidia's 15B Power Move on Anthropic"),
    ("aid:nvidia", "up to", None, None, 10 * B, "USD", "2025-11-18", "aid:deal/nvidia-anthropic-investment-2025",
     "aid:source/seed-microsoft-nvidia-anthropic", "Microsoft e Nvidia investono 15 miliardi in Anthropic"),
    ("aid:nvidia", "up to", None, None, 10 * B, "USD", "2025-11-18", "aid:deal/nvidia-anthropic-investment-2025",
     "aid:source/webpronews-microsoft-nvidia-anthropic-2025", "AI Titans Unite: Microsoft and Nvidia's 15B Power Move on Anthropic"),
]]
SEED_OPENAI_INVESTORS = [row + (None, "investor") for row in [
    # "miliardi ... fin dal 2019": no amount, dated by year only
    ("aid:microsoft", None, None, None, None, None, "2019", "aid:deal/microsoft-openai-investment-since-2019",
     "aid:source/centerconsulting-microsoft-openai-2019", "Microsoft invested 1 billion dollars in OpenAI in 2019"),
    ("aid:microsoft", None, None, None, None, None, "2019", "aid:deal/microsoft-openai-investment-since-2019",
     "aid:source/seed-microsoft-nvidia-anthropic", "Microsoft e Nvidia investono 15 miliardi in Anthropic"),
]]


def test_investors_of(graphs):
    assert ask(graphs, "seed", "investors-of", "firm=anthropic") == SEED_ANTHROPIC_INVESTORS
    assert ask(graphs, "seed", "investors-of", "firm=openai") == SEED_OPENAI_INVESTORS
    assert ask(graphs, "mini", "investors-of", "firm=alpha-ai") == [
        ("aid:bigcloud", "up to", None, None, 2 * B, "USD", "2025-03-01", "aid:deal/bigcloud-alpha-investment",
         "aid:source/gazette-1", "Alpha AI raises money from Bigcloud and signs a compute deal", None, "investor"),
    ]
    assert ask(graphs, "mini", "investors-of", "firm=chipco") == []
    full = ask(graphs, "full", "investors-of", "firm=anthropic")
    assert set(SEED_ANTHROPIC_INVESTORS) <= set(full)
    assert set(SEED_OPENAI_INVESTORS) <= set(ask(graphs, "full", "investors-of", "firm=openai"))


# ---------------------------------------------------------------------------- money-in

SEED_MONEY_IN = [
    # recipient, kind, bound, currency, deals, exact, at least, up to
    # Microsoft's up to 5 and Nvidia's up to 10 billion: "up to 15" in all, never added to an exact figure
    ("aid:anthropic", "aic:Investment", "up to", "USD", 2, None, None, 15 * B),
    # "decine di miliardi": a range of 10 to 100 billion
    ("aid:google", "aic:ComputeCommitment", "range", "USD", 1, None, 10 * B, 100 * B),
    # "30 miliardi di dollari di capacità computazionale Azure"
    ("aid:microsoft", "aic:ComputeCommitment", "exact", "USD", 1, 30 * B, None, None),
]


def test_money_in(graphs):
    assert ask(graphs, "seed", "money-in") == SEED_MONEY_IN
    assert ask(graphs, "mini", "money-in") == [
        ("aid:alpha-ai", "aic:Investment", "up to", "USD", 1, None, None, 2 * B),
        ("aid:bigcloud", "aic:ComputeCommitment", "exact", "USD", 1, 6 * B, None, None),
    ]
    full = {row[:4]: row[4:] for row in ask(graphs, "full", "money-in")}
    for recipient, kind, bound, currency, deals, *totals in SEED_MONEY_IN:
        more_deals, *more_totals = full[(recipient, kind, bound, currency)]
        assert more_deals >= deals
        assert all((a is None) == (b is None) and (a is None or b >= a) for a, b in zip(totals, more_totals))


# ---------------------------------------------------------------------------- compute-commitments

SEED_COMPUTE = [
    # deal, buyer, seller, service, site, amount, at least, up to, currency, GW, GW at least, GW up to, hardware, announced
    ("aid:deal/openai-azure-compute-2019", "aid:openai", "aid:microsoft", "aid:azure", None,
     None, None, None, None, None, None, None, S(), "2019-07-22"),
    ("aid:deal/anthropic-aws-primary-cloud-2024", "aid:anthropic", "aid:amazon", "aid:aws", "aid:project-rainier",
     None, None, None, None, None, None, None, S("Trainium"), "2024-11-22"),
    ("aid:deal/anthropic-google-cloud-tpus-2025", "aid:anthropic", "aid:google", "aid:google-cloud", None,
     None, 10 * B, 100 * B, "USD", None, Decimal(1), None, S("Google TPU (Tensor Processing Unit)", "Ironwood TPU"), "2025-10-23"),
    ("aid:deal/anthropic-azure-compute-2025", "aid:anthropic", "aid:microsoft", "aid:azure", None,
     30 * B, None, None, "USD", None, None, Decimal(1), S("Nvidia Grace Blackwell", "Nvidia Vera Rubin"), "2025-11-18"),
]


def test_compute_commitments(graphs):
    assert ask(graphs, "seed", "compute-commitments") == SEED_COMPUTE
    assert ask(graphs, "mini", "compute-commitments") == [
        ("aid:deal/alpha-bigcloud-compute", "aid:alpha-ai", "aid:bigcloud", "aid:bigcloud-compute", None,
         6 * B, None, None, "USD", None, Decimal("0.5"), None, S("X2"), "2025-03-01"),
    ]
    assert set(SEED_COMPUTE) <= set(ask(graphs, "full", "compute-commitments"))


# ---------------------------------------------------------------------------- hardware-of

SEED_ANTHROPIC_HARDWARE = [
    # hardware, name, maker, deal, provider, service, announced (ordered by maker, name)
    ("aid:trainium", "Trainium", "aid:amazon", "aid:deal/anthropic-aws-primary-cloud-2024", "aid:amazon", "aid:aws", "2024-11-22"),
    ("aid:google-tpu", "Google TPU (Tensor Processing Unit)", "aid:google", "aid:deal/anthropic-google-cloud-tpus-2025",
     "aid:google", "aid:google-cloud", "2025-10-23"),
    ("aid:tpu-ironwood", "Ironwood TPU", "aid:google", "aid:deal/anthropic-google-cloud-tpus-2025",
     "aid:google", "aid:google-cloud", "2025-10-23"),
    ("aid:nvidia-gpus", "Nvidia GPUs", "aid:nvidia", "aid:deal/anthropic-nvidia-gpus-2025", "aid:nvidia", None, "2025-10-23"),
    ("aid:grace-blackwell", "Nvidia Grace Blackwell", "aid:nvidia", "aid:deal/anthropic-azure-compute-2025",
     "aid:microsoft", "aid:azure", "2025-11-18"),
    ("aid:vera-rubin", "Nvidia Vera Rubin", "aid:nvidia", "aid:deal/anthropic-azure-compute-2025",
     "aid:microsoft", "aid:azure", "2025-11-18"),
]


def test_hardware_of(graphs):
    assert ask(graphs, "seed", "hardware-of", "firm=anthropic") == SEED_ANTHROPIC_HARDWARE
    assert ask(graphs, "seed", "hardware-of", "firm=openai") == []  # the seeds name no chips for OpenAI
    assert ask(graphs, "mini", "hardware-of", "firm=alpha-ai") == [
        ("aid:chip-x2", "X2", "aid:chipco", "aid:deal/alpha-bigcloud-compute", "aid:bigcloud", "aid:bigcloud-compute", "2025-03-01"),
    ]
    assert set(SEED_ANTHROPIC_HARDWARE) <= set(ask(graphs, "full", "hardware-of", "firm=anthropic"))


# ---------------------------------------------------------------------------- capacity

SEED_CAPACITY = [
    # buyer, seller, bound, GW, GW at least, GW up to, online by, announced, deal
    # "raggiungerà e supererà un gigawatt ... entro il 2026"
    ("aid:anthropic", "aid:google", "at least", None, Decimal(1), None, "2026", "2025-10-23", "aid:deal/anthropic-google-cloud-tpus-2025"),
    # "capacità di calcolo aggiuntiva fino a un gigawatt"
    ("aid:anthropic", "aid:microsoft", "up to", None, None, Decimal(1), None, "2025-11-18", "aid:deal/anthropic-azure-compute-2025"),
]


def test_capacity(graphs):
    assert ask(graphs, "seed", "capacity") == SEED_CAPACITY
    assert ask(graphs, "mini", "capacity") == [
        ("aid:alpha-ai", "aid:bigcloud", "at least", None, Decimal("0.5"), None, "2026", "2025-03-01", "aid:deal/alpha-bigcloud-compute"),
    ]
    assert set(SEED_CAPACITY) <= set(ask(graphs, "full", "capacity"))


# ---------------------------------------------------------------------------- stakes

SEED_STAKES = [
    # "una partecipazione del 27% circa in OpenAI, valutata 135 miliardi di dollari"
    ("aid:microsoft", "aid:openai", Decimal(27), 135 * B, None, None, "USD", "2025-10-28", "aid:deal/microsoft-openai-stake-2025"),
]


def test_stakes(graphs):
    assert ask(graphs, "seed", "stakes") == SEED_STAKES
    assert ask(graphs, "mini", "stakes") == [
        ("aid:bigcloud", "aid:alpha-ai", Decimal("12.5"), None, 10 * B, 20 * B, "USD", "2025-06", "aid:deal/bigcloud-alpha-stake"),
    ]
    assert set(SEED_STAKES) <= set(ask(graphs, "full", "stakes"))


# ---------------------------------------------------------------------------- timeline

SEED_TIMELINE = [
    # announced, kind, deal, label, parties, status, sources
    ("2019", "aic:Investment", "aid:deal/microsoft-openai-investment-since-2019", "Microsoft invests in OpenAI (since 2019)",
     S("Microsoft", "OpenAI"), "announced", S("seed-microsoft-nvidia-anthropic", "centerconsulting-microsoft-openai-2019")),
    ("2019-07-22", "aic:ComputeCommitment", "aid:deal/openai-azure-compute-2019", "OpenAI runs on Microsoft Azure",
     S("OpenAI", "Microsoft"), "announced", S("seed-anthropic-google-tpus", "centerconsulting-microsoft-openai-2019")),
    ("2024-11-22", "aic:ComputeCommitment", "aid:deal/anthropic-aws-primary-cloud-2024",
     "AWS as Anthropic's primary training partner and cloud provider", S("Anthropic", "Amazon"), "announced",
     S("seed-anthropic-google-tpus", "wallstreetpit-amazon-anthropic-2024", "uuaa-anthropic-google-tpus-amazon-2025")),
    ("2025-10-23", "aic:ComputeCommitment", "aid:deal/anthropic-google-cloud-tpus-2025", "Anthropic expands its use of Google Cloud TPUs",
     S("Anthropic", "Google"), "announced",
     S("seed-anthropic-google-tpus", "newsio-google-anthropic-cloud-deal-2025", "3cdn-anthropic-google-tpus-2025")),
    ("2025-10-23", "aic:ChipSupplyAgreement", "aid:deal/anthropic-nvidia-gpus-2025", "Anthropic uses Nvidia GPUs",
     S("Anthropic", "Nvidia"), "announced",
     S("seed-anthropic-google-tpus", "newsio-google-anthropic-cloud-deal-2025", "uuaa-anthropic-google-tpus-amazon-2025")),
    ("2025-10-28", "aic:EquityStake", "aid:deal/microsoft-openai-stake-2025", "Microsoft's stake in OpenAI after the recapitalisation",
     S("Microsoft", "OpenAI"), "announced", S("seed-microsoft-nvidia-anthropic", "telegraphindia-microsoft-openai-restructure-2025")),
    ("2025-11-18", "aic:ComputeCommitment", "aid:deal/anthropic-azure-compute-2025", "Anthropic commits to buy Azure compute capacity",
     S("Anthropic", "Microsoft"), "announced",
     S("seed-microsoft-nvidia-anthropic", "webpronews-microsoft-nvidia-anthropic-2025", "sentifin-nvidia-anthropic-partnership-2025")),
    ("2025-11-18", "aic:Investment", "aid:deal/microsoft-anthropic-investment-2025", "Microsoft invests in Anthropic",
     S("Microsoft", "Anthropic"), "announced", S("seed-microsoft-nvidia-anthropic", "webpronews-microsoft-nvidia-anthropic-2025")),
    ("2025-11-18", "aic:Partnership", "aid:deal/microsoft-nvidia-anthropic-partnership-2025",
     "Microsoft, Nvidia and Anthropic strategic partnership", S("Microsoft", "Nvidia", "Anthropic"), "announced",
     S("seed-microsoft-nvidia-anthropic", "webpronews-microsoft-nvidia-anthropic-2025")),
    ("2025-11-18", "aic:Partnership", "aid:deal/nvidia-anthropic-engineering-partnership-2025",
     "Nvidia and Anthropic engineering and design partnership", S("Nvidia", "Anthropic"), "announced",
     S("seed-microsoft-nvidia-anthropic", "webpronews-microsoft-nvidia-anthropic-2025", "awnewsday-nvidia-microsoft-anthropic-2025")),
    ("2025-11-18", "aic:Investment", "aid:deal/nvidia-anthropic-investment-2025", "Nvidia invests in Anthropic",
     S("Nvidia", "Anthropic"), "announced", S("seed-microsoft-nvidia-anthropic", "webpronews-microsoft-nvidia-anthropic-2025")),
]


def test_timeline(graphs):
    assert ask(graphs, "seed", "timeline") == SEED_TIMELINE
    assert ask(graphs, "mini", "timeline") == [
        ("2025-03-01", "aic:ComputeCommitment", "aid:deal/alpha-bigcloud-compute", "Alpha AI buys compute from Bigcloud (2025-03-01)",
         S("Alpha AI", "Bigcloud"), "announced", S("gazette-1")),
        ("2025-03-01", "aic:Investment", "aid:deal/bigcloud-alpha-investment", "Bigcloud invests in Alpha AI (2025-03-01)",
         S("Bigcloud", "Alpha AI"), "announced", S("gazette-1")),
        ("2025-04", "aic:Partnership", "aid:deal/alpha-chipco-partnership", "Partnership of Alpha AI and ChipCo (2025-04)",
         S("Alpha AI", "ChipCo"), "reported", S("gazette-1")),
        ("2025-06", "aic:EquityStake", "aid:deal/bigcloud-alpha-stake", "Bigcloud holds a stake in Alpha AI (2025-06)",
         S("Bigcloud", "Alpha AI"), "closed", S("gazette-2")),
    ]
    full = ask(graphs, "full", "timeline")
    by_deal = {row[2]: row for row in full}
    for row in SEED_TIMELINE:  # later pages may be cited too: the seed's sources stay
        assert by_deal[row[2]][:6] == row[:6] and by_deal[row[2]][6] >= row[6]
    assert [row[0] for row in full] == sorted(row[0] for row in full)  # date order, whatever the precision


# ---------------------------------------------------------------------------- chips

SEED_CHIPS = [
    # chip, kind, name, maker, generation, predecessor, successor (by maker, generation, name)
    ("aid:trainium", "aic:Chip", "Trainium", "aid:amazon", None, None, None),
    ("aid:google-tpu", "aic:Chip", "Google TPU (Tensor Processing Unit)", "aid:google", None, None, None),
    ("aid:tpu-ironwood", "aic:Chip", "Ironwood TPU", "aid:google", Decimal(7), None, None),  # "settima generazione"
    ("aid:nvidia-gpus", "aic:Chip", "Nvidia GPUs", "aid:nvidia", None, None, None),
    ("aid:grace-blackwell", "aic:SystemPlatform", "Nvidia Grace Blackwell", "aid:nvidia", None, None, None),
    ("aid:vera-rubin", "aic:SystemPlatform", "Nvidia Vera Rubin", "aid:nvidia", None, None, None),
]


def test_chips(graphs):
    assert ask(graphs, "seed", "chips") == SEED_CHIPS
    assert ask(graphs, "mini", "chips") == [
        ("aid:chip-x1", "aic:Chip", "X1", "aid:chipco", Decimal(1), None, "aid:chip-x2"),
        ("aid:chip-x2", "aic:Chip", "X2", "aid:chipco", Decimal(2), "aid:chip-x1", None),
    ]
    # later data may give the seed chips successors; what the seeds say stays
    full = {row[:5] for row in ask(graphs, "full", "chips")}
    assert {row[:5] for row in SEED_CHIPS} <= full


# ---------------------------------------------------------------------------- sources

#: fact -> its sources, read off data/things.yaml and data/deals.yaml
SEED_FACT_SOURCES = {
    "aid:anthropic": {"seed-anthropic-google-tpus", "seed-microsoft-nvidia-anthropic"},
    "aid:openai": {"seed-microsoft-nvidia-anthropic", "seed-anthropic-google-tpus"},
    "aid:microsoft": {"seed-microsoft-nvidia-anthropic", "seed-anthropic-google-tpus"},
    "aid:nvidia": {"seed-microsoft-nvidia-anthropic", "seed-anthropic-google-tpus"},
    "aid:google": {"seed-anthropic-google-tpus"},
    "aid:amazon": {"seed-anthropic-google-tpus"},
    "aid:jensen-huang": {"seed-microsoft-nvidia-anthropic"},
    "aid:dario-amodei": {"seed-microsoft-nvidia-anthropic"},
    "aid:google-tpu": {"seed-anthropic-google-tpus"},
    "aid:tpu-ironwood": {"seed-anthropic-google-tpus"},
    "aid:trainium": {"seed-anthropic-google-tpus", "uuaa-anthropic-google-tpus-amazon-2025"},
    "aid:nvidia-gpus": {"seed-anthropic-google-tpus"},
    "aid:grace-blackwell": {"seed-microsoft-nvidia-anthropic", "sentifin-nvidia-anthropic-partnership-2025"},
    "aid:vera-rubin": {"seed-microsoft-nvidia-anthropic", "sentifin-nvidia-anthropic-partnership-2025"},
    "aid:google-cloud": {"seed-anthropic-google-tpus"},
    "aid:aws": {"seed-anthropic-google-tpus"},
    "aid:azure": {"seed-microsoft-nvidia-anthropic", "seed-anthropic-google-tpus"},
    "aid:project-rainier": {"seed-anthropic-google-tpus", "uuaa-anthropic-google-tpus-amazon-2025"},
    "aid:claude": {"seed-microsoft-nvidia-anthropic", "seed-anthropic-google-tpus"},
    "aid:chatgpt": {"seed-microsoft-nvidia-anthropic"},
    "aid:deal/anthropic-google-cloud-tpus-2025": {
        "seed-anthropic-google-tpus", "newsio-google-anthropic-cloud-deal-2025", "3cdn-anthropic-google-tpus-2025"},
    "aid:deal/anthropic-aws-primary-cloud-2024": {
        "seed-anthropic-google-tpus", "wallstreetpit-amazon-anthropic-2024", "uuaa-anthropic-google-tpus-amazon-2025"},
    "aid:deal/anthropic-nvidia-gpus-2025": {
        "seed-anthropic-google-tpus", "newsio-google-anthropic-cloud-deal-2025", "uuaa-anthropic-google-tpus-amazon-2025"},
    "aid:deal/microsoft-anthropic-investment-2025": {"seed-microsoft-nvidia-anthropic", "webpronews-microsoft-nvidia-anthropic-2025"},
    "aid:deal/nvidia-anthropic-investment-2025": {"seed-microsoft-nvidia-anthropic", "webpronews-microsoft-nvidia-anthropic-2025"},
    "aid:deal/anthropic-azure-compute-2025": {
        "seed-microsoft-nvidia-anthropic", "webpronews-microsoft-nvidia-anthropic-2025", "sentifin-nvidia-anthropic-partnership-2025"},
    "aid:deal/nvidia-anthropic-engineering-partnership-2025": {
        "seed-microsoft-nvidia-anthropic", "webpronews-microsoft-nvidia-anthropic-2025", "awnewsday-nvidia-microsoft-anthropic-2025"},
    "aid:deal/microsoft-nvidia-anthropic-partnership-2025": {"seed-microsoft-nvidia-anthropic", "webpronews-microsoft-nvidia-anthropic-2025"},
    "aid:deal/microsoft-openai-stake-2025": {"seed-microsoft-nvidia-anthropic", "telegraphindia-microsoft-openai-restructure-2025"},
    "aid:deal/microsoft-openai-investment-since-2019": {"seed-microsoft-nvidia-anthropic", "centerconsulting-microsoft-openai-2019"},
    "aid:deal/openai-azure-compute-2019": {"seed-anthropic-google-tpus", "centerconsulting-microsoft-openai-2019"},
}


def test_sources(graphs):
    rows = ask(graphs, "seed", "sources")
    # one row per (source, fact), ordered by source then fact, with the fact's source count
    expected = sorted(
        (f"aid:source/{source}", fact, Decimal(len(sources)), "true" if len(sources) == 1 else "false")
        for fact, sources in SEED_FACT_SOURCES.items() for source in sources
    )
    assert [(r[0], r[4], r[6], r[7]) for r in rows] == expected
    assert len(rows) == 57
    # the facts that rest on one source alone
    assert {r[4] for r in rows if r[7] == "true"} == {
        "aid:google", "aid:amazon", "aid:jensen-huang", "aid:dario-amodei", "aid:google-tpu", "aid:tpu-ironwood",
        "aid:nvidia-gpus", "aid:google-cloud", "aid:aws", "aid:chatgpt"}
    seed_row = next(r for r in rows if r[0] == "aid:source/seed-microsoft-nvidia-anthropic" and r[4] == "aid:jensen-huang")
    assert seed_row == ("aid:source/seed-microsoft-nvidia-anthropic", "Microsoft e Nvidia investono 15 miliardi in Anthropic",
                        "Unnamed Italian tech site (seed article)", None, "aid:jensen-huang", "Jensen Huang", Decimal(1), "true")
    dated = next(r for r in rows if r[0] == "aid:source/telegraphindia-microsoft-openai-restructure-2025")
    assert dated[2:6] == ("The Telegraph (telegraphindia.com)", "2025-10-28", "aid:deal/microsoft-openai-stake-2025",
                          "Microsoft's stake in OpenAI after the recapitalisation")

    assert ask(graphs, "mini", "sources") == [
        ("aid:source/gazette-1", "Alpha AI raises money from Bigcloud and signs a compute deal", "The Fixture Gazette", "2025-03-01",
         "aid:deal/alpha-bigcloud-compute", "Alpha AI buys compute from Bigcloud (2025-03-01)", Decimal(1), "true"),
        ("aid:source/gazette-1", "Alpha AI raises money from Bigcloud and signs a compute deal", "The Fixture Gazette", "2025-03-01",
         "aid:deal/alpha-chipco-partnership", "Partnership of Alpha AI and ChipCo (2025-04)", Decimal(1), "true"),
        ("aid:source/gazette-1", "Alpha AI raises money from Bigcloud and signs a compute deal", "The Fixture Gazette", "2025-03-01",
         "aid:deal/bigcloud-alpha-investment", "Bigcloud invests in Alpha AI (2025-03-01)", Decimal(1), "true"),
        ("aid:source/gazette-2", "Bigcloud takes a stake in Alpha AI", "The Fixture Gazette", "2025-06",
         "aid:deal/bigcloud-alpha-stake", "Bigcloud holds a stake in Alpha AI (2025-06)", Decimal(1), "true"),
    ]
    seed_sources = {"aid:source/seed-anthropic-google-tpus", "aid:source/seed-microsoft-nvidia-anthropic"}
    full = {(r[0], r[4]) for r in ask(graphs, "full", "sources") if r[0] in seed_sources}
    assert {(r[0], r[4]) for r in rows if r[0] in seed_sources} == full


# ---------------------------------------------------------------------------- circular-money

SEED_CIRCULAR = [
    # investor, company, investment, invested (exact, at least, up to, currency), purchase, spent (exact, at least, up to, currency)
    ("aid:microsoft", "aid:anthropic", "aid:deal/microsoft-anthropic-investment-2025", None, None, 5 * B, "USD",
     "aid:deal/anthropic-azure-compute-2025", 30 * B, None, None, "USD"),
    ("aid:microsoft", "aid:openai", "aid:deal/microsoft-openai-investment-since-2019", None, None, None, None,
     "aid:deal/openai-azure-compute-2019", None, None, None, None),
    ("aid:nvidia", "aid:anthropic", "aid:deal/nvidia-anthropic-investment-2025", None, None, 10 * B, "USD",
     "aid:deal/anthropic-nvidia-gpus-2025", None, None, None, None),
]


def test_circular_money(graphs):
    assert ask(graphs, "seed", "circular-money") == SEED_CIRCULAR
    assert ask(graphs, "mini", "circular-money") == [
        ("aid:bigcloud", "aid:alpha-ai", "aid:deal/bigcloud-alpha-investment", None, None, 2 * B, "USD",
         "aid:deal/alpha-bigcloud-compute", 6 * B, None, None, "USD"),
    ]
    assert set(SEED_CIRCULAR) <= set(ask(graphs, "full", "circular-money"))


# ---------------------------------------------------------------------------- multi-cloud

def test_multi_cloud(graphs):
    # Google Cloud, AWS (the multi-cloud strategy of seed 000) and Azure (seed 004)
    assert ask(graphs, "seed", "multi-cloud") == [("aid:anthropic", Decimal(3), S("Amazon", "Google", "Microsoft"))]
    assert ask(graphs, "mini", "multi-cloud") == []  # Alpha AI buys compute from Bigcloud only
    full = {row[0]: row for row in ask(graphs, "full", "multi-cloud")}
    assert full["aid:anthropic"][1] >= 3 and full["aid:anthropic"][2] >= S("Amazon", "Google", "Microsoft")


# ---------------------------------------------------------------------------- people

SEED_PEOPLE = [
    # person, name, role, company, former employers
    ("aid:dario-amodei", "Dario Amodei", "founder", "aid:anthropic", S("OpenAI")),
    ("aid:jensen-huang", "Jensen Huang", "CEO", "aid:nvidia", S()),
]


def test_people(graphs):
    assert ask(graphs, "seed", "people") == SEED_PEOPLE
    assert ask(graphs, "mini", "people") == [("aid:ada", "Ada Example", "CEO", "aid:alpha-ai", S("Bigcloud"))]
    assert set(SEED_PEOPLE) <= set(ask(graphs, "full", "people"))
