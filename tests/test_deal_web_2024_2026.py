"""The deal web after the 2024-2026 survey (issue #14), read through the commands users type.

The graph is built once with ``kg build`` and asked with ``kg query`` (SPARQL, JSON answers) and
``kg analyze`` through click's CliRunner. Every expected value below was typed from the survey
files (data/survey-*.yaml) and the pages they cite, e.g. survey-g1-new-kinds.yaml: OpenAI's round
closed 2026-03-31 at 122 billion with an 852 billion post-money valuation, led by SoftBank and
MGX; Amazon's 50 billion of 2026-02-27 is one of its parts. None is read back from the program.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

DEAL = "https://w3id.org/aicompute/id/deal/"
THING = "https://w3id.org/aicompute/id/"
AIC = "https://w3id.org/aicompute/ontology#"

B = Decimal(10) ** 9

# deal id -> kind, parties by role, announced date, figures {term: {bound: number}}, currency.
# Roles are the ontology's (aic:raiser, aic:leadInvestor, ...); "amount" and "valuation" keep
# the bound the page gives ("up to" -> max, "at least" -> min, a range -> both).
CASES = {
    "microsoft-openai-investment-2019-07": dict(
        kind="Investment", roles={"investor": {"microsoft"}, "investee": {"openai"}},
        date="2019-07-22", figures={"amount": {"value": 1 * B}}),
    "openai-funding-round-2026-03": dict(
        kind="FundingRound",
        roles={"raiser": {"openai"}, "leadInvestor": {"softbank", "mgx"},
               "roundInvestor": {"amazon", "nvidia", "microsoft"}},
        date="2026-03-31", figures={"amount": {"value": 122 * B}, "valuation": {"value": 852 * B}},
        valuation_basis="post-money", supersedes={"openai-funding-round-2026-02"}),
    "amazon-openai-investment-2026": dict(
        kind="Investment", roles={"investor": {"amazon"}, "investee": {"openai"}},
        date="2026-02-27", figures={"amount": {"value": 50 * B}}, part_of="openai-funding-round-2026-03"),
    "nvidia-openai-investment-2026": dict(
        kind="Investment", roles={"investor": {"nvidia"}, "investee": {"openai"}},
        date="2026-02-27", figures={"amount": {"value": 30 * B}}, part_of="openai-funding-round-2026-03",
        supersedes={"nvidia-openai-investment-loi-2025"}),
    "softbank-openai-investment-2025": dict(
        kind="Investment", roles={"investor": {"softbank"}, "investee": {"openai"}},
        date="2025-03-31", figures={"amount": {"max": 40 * B}, "valuation": {"value": 300 * B}}, part_of="openai-funding-round-2025-03"),
    "nvidia-groq-licensing-2025": dict(
        kind="Licensing", roles={"licensor": {"groq"}, "licensee": {"nvidia"}},
        date="2025-12-24", figures={"amount": {"value": 20 * B}}),
    "spacex-xai-acquisition-2026-02": dict(
        kind="Acquisition", roles={"acquirer": {"spacex"}, "acquired": {"xai"}},
        date="2026-02-02", figures={"amount": {"value": 250 * B}, "valuation": {"value": 1000 * B}}),
    "coreweave-weights-biases-acquisition-2025-03": dict(
        kind="Acquisition", roles={"acquirer": {"coreweave"}, "acquired": {"weights-and-biases"}},
        date="2025-03", figures={"amount": {"value": Decimal("1.7") * B}}, approximate=True),
    "blackrock-gip-acquisition-2024": dict(
        kind="Acquisition", roles={"acquirer": {"blackrock"}, "acquired": {"gip"}},
        date="2024-01-12", figures={"amount": {"value": Decimal("12.5") * B}}, approximate=True),  # "roughly"
    "mistral-ai-funding-round-2025-09": dict(
        kind="FundingRound",
        roles={"raiser": {"mistral-ai"}, "leadInvestor": {"asml"},
               "roundInvestor": {"nvidia", "dst-global", "andreessen-horowitz", "bpifrance",
                                 "general-catalyst", "lightspeed"}},
        date="2025-09-09", figures={"amount": {"value": Decimal("1.7") * B}, "valuation": {"value": Decimal("11.7") * B}},
        currency="EUR", valuation_basis="post-money"),
    "asml-mistral-ai-investment-2025-09": dict(
        kind="Investment", roles={"investor": {"asml"}, "investee": {"mistral-ai"}},
        date="2025-09-09", figures={"amount": {"value": Decimal("1.3") * B}}, currency="EUR",
        part_of="mistral-ai-funding-round-2025-09"),
    "anthropic-funding-round-2026-05": dict(
        kind="FundingRound",
        roles={"raiser": {"anthropic"},
               "leadInvestor": {"altimeter-capital", "dragoneer", "greenoaks", "sequoia-capital"}},
        date="2026-05-28", figures={"amount": {"value": 65 * B}, "valuation": {"value": 965 * B}},
        valuation_basis="post-money"),
    "amazon-anthropic-investment-2024-03": dict(
        kind="Investment", roles={"investor": {"amazon"}, "investee": {"anthropic"}},
        date="2024-03-27", figures={"amount": {"value": Decimal("2.75") * B}, "valuation": {"value": Decimal("18.4") * B}}),
    "amazon-anthropic-investment-2026-04": dict(
        kind="Investment", roles={"investor": {"amazon"}, "investee": {"anthropic"}},
        date="2026-04-20", figures={"amount": {"max": 25 * B}}),
    "google-anthropic-investment-2026-04": dict(
        kind="Investment", roles={"investor": {"google"}, "investee": {"anthropic"}},
        date="2026-04-24", figures={"amount": {"max": 40 * B}, "valuation": {"value": 350 * B}}),
    "meta-nebius-compute-2026-03": dict(
        kind="ComputeCommitment", roles={"buyer": {"meta"}, "seller": {"nebius"}},
        date="2026-03-16", figures={"amount": {"min": 12 * B, "max": 27 * B}}),
    "microsoft-iren-compute-2025": dict(
        kind="ComputeCommitment", roles={"buyer": {"microsoft"}, "seller": {"iren"}},
        date="2025-11-03", figures={"amount": {"max": Decimal("9.7") * B}}, approximate=True),  # "nearly"
    "openai-cerebras-compute-2026": dict(
        kind="ComputeCommitment", roles={"buyer": {"openai"}, "seller": {"cerebras"}},
        date="2026-01-14", figures={"amount": {"min": 10 * B}}),
    "tesla-samsung-ai6-2025-07": dict(
        kind="ChipSupplyAgreement", roles={"buyer": {"tesla"}, "seller": {"samsung"}},
        date="2025-07-28", figures={"amount": {"value": Decimal("16.5") * B}}),
    "amazon-sk-ulsan-ai-2025-06": dict(
        kind="Partnership", roles={"partner": {"amazon", "sk-group"}},
        date="2025-06-22", figures={"amount": {"value": 7 * 10 ** 12}}, currency="KRW"),
    "aip-launch-2024": dict(
        kind="Partnership", roles={"partner": {"blackrock", "gip", "microsoft", "mgx"}},
        date="2024-09-18", figures={"amount": {"max": 100 * B}}),
}

ROLES = ("investor", "investee", "buyer", "seller", "partner", "raiser", "leadInvestor", "roundInvestor",
         "acquirer", "acquired", "licensor", "licensee")
BOUNDS = {"value": "https://schema.org/value", "min": "https://schema.org/minValue", "max": "https://schema.org/maxValue"}


@pytest.fixture(scope="module")
def graph_file(shipped_ttl) -> Path:
    """build/graph.ttl as ``kg build`` writes it for the shipped data (the run's one build, tests/conftest.py)."""
    return shipped_ttl


@pytest.fixture(scope="module")
def ask(graph_file):
    """``kg query --graph build/graph.ttl --format json QUESTION``: the rows as {variable: text}."""
    def run(question: str) -> list[dict[str, str]]:
        result = CliRunner().invoke(
            main, ["query", "--graph", str(graph_file), "--format", "json", question], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        rows = json.loads(result.output)["results"]["bindings"]
        return [{name: cell["value"] for name, cell in row.items()} for row in rows]
    return run


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@pytest.fixture(scope="module")
def facts(ask) -> dict[str, dict]:
    """Kind, parties, date, figures, part-of and supersedes of the CASES deals, in two questions."""
    values = " ".join(f"<{DEAL}{d}>" for d in CASES)
    roles = ", ".join(f"aic:{r}" for r in ROLES)
    found: dict[str, dict] = defaultdict(lambda: {"roles": defaultdict(set), "figures": defaultdict(dict)})
    for row in ask(f"""
        SELECT ?deal ?kind ?date ?role ?party ?round ?earlier ?basis WHERE {{
            VALUES ?deal {{ {values} }}
            ?deal a ?kind ; aic:announcedOn ?date .
            FILTER(STRSTARTS(STR(?kind), STR(aic:)))
            OPTIONAL {{ ?deal ?role ?party . FILTER(?role IN ({roles})) }}
            OPTIONAL {{ ?deal aic:partOfRound ?round }}
            OPTIONAL {{ ?deal aic:supersedes ?earlier }}
            OPTIONAL {{ ?deal aic:valuationBasis ?basis }}
        }}"""):
        deal = found[local(row["deal"])]
        deal.setdefault("kinds", set()).add(local(row["kind"]))
        deal["date"] = row["date"]
        if "role" in row:
            deal["roles"][local(row["role"])].add(row["party"].removeprefix(THING))
        if "round" in row:
            deal["part_of"] = local(row["round"])
        if "earlier" in row:
            deal.setdefault("supersedes", set()).add(local(row["earlier"]))
        if "basis" in row:
            deal["valuation_basis"] = row["basis"]
    for row in ask(f"""
        SELECT ?deal ?term ?bound ?number ?currency ?approximate WHERE {{
            VALUES ?deal {{ {values} }}
            VALUES ?term {{ aic:amount aic:valuation }}
            ?deal ?term ?figure . ?figure ?bound ?number .
            FILTER(?bound IN (schema:value, schema:minValue, schema:maxValue))
            OPTIONAL {{ ?figure schema:currency ?currency }}
            OPTIONAL {{ ?figure aic:approximate ?approximate }}
        }}"""):
        deal = found[local(row["deal"])]
        bound = {iri: name for name, iri in BOUNDS.items()}[row["bound"]]
        deal["figures"][local(row["term"])][bound] = Decimal(row["number"])
        deal.setdefault("currencies", set()).add(row.get("currency"))
        if row.get("approximate") == "true":
            deal["approximate"] = True
    return found


@pytest.mark.parametrize("deal_id", sorted(CASES))
def test_a_surveyed_deal_has_its_parties_kind_figure_and_date(facts, deal_id):
    expected, got = CASES[deal_id], facts[deal_id]
    assert expected["kind"] in got["kinds"]
    assert {role: parties for role, parties in got["roles"].items()} == expected["roles"]
    assert got["date"] == expected["date"]
    assert {term: dict(bounds) for term, bounds in got["figures"].items()} == expected["figures"]
    assert got["currencies"] == {expected.get("currency", "USD")}
    assert got.get("approximate", False) == expected.get("approximate", False)
    assert got.get("part_of") == expected.get("part_of")
    assert got.get("supersedes", set()) == expected.get("supersedes", set())
    assert got.get("valuation_basis") == expected.get("valuation_basis")


# ------------------------------------------------------------------ coverage


def count(ask, where: str) -> int:
    return int(ask(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")[0]["n"])


def test_at_least_200_deals_90_things_and_60_companies(ask):
    assert count(ask, "?x aic:dealStatus ?status") >= 200
    assert count(ask, "?x a aic:Company") >= 60
    things = ("aic:Company", "aic:Person", "aic:Chip", "aic:SystemPlatform", "aic:CloudService",
              "aic:ComputeSite", "aic:AIModel")
    assert count(ask, f"VALUES ?class {{ {' '.join(things)} }} ?x a ?class") >= 90


def test_every_quarter_from_2024_q1_to_2026_q2_has_deals(ask):
    quarters = set()
    for row in ask("SELECT ?date WHERE { ?deal aic:dealStatus ?status ; aic:announcedOn ?date }"):
        year, _, rest = row["date"].partition("-")
        if rest:  # a deal dated by year only belongs to no quarter
            quarters.add((int(year), (int(rest[:2]) - 1) // 3 + 1))
    wanted = {(year, q) for year in (2024, 2025, 2026) for q in (1, 2, 3, 4)} - {(2026, 3), (2026, 4)}
    assert wanted <= quarters, sorted(wanted - quarters)


def test_at_most_a_tenth_of_the_deal_sources_are_undated(ask):
    # The pages deals rest on; the chip table's reference pages (data/sources-compute.yaml) are counted apart.
    cited = "?x a aic:SourceDocument FILTER EXISTS { ?deal aic:dealStatus ?s ; prov:wasDerivedFrom ?x }"
    sources = count(ask, cited)
    undated = count(ask, cited + " FILTER NOT EXISTS { ?x schema:datePublished ?date }")
    assert sources >= 300
    assert 0 < undated <= sources / 10


def test_few_deals_rest_only_on_undated_pages(ask):
    # The issue allows undated sources (up to a tenth); a deal whose every page is undated is
    # allowed too, but must stay rare: at most one deal in twenty.
    deals = count(ask, "?x aic:dealStatus ?status")
    undated_only = count(ask, """?x aic:dealStatus ?status
        FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?page . ?page schema:datePublished ?date }""")
    assert undated_only <= deals / 20


# ------------------------------------------------------------------ no double counting


def money(rows: list[dict], company: str, direction: str, kind: str) -> dict:
    [row] = [r for r in rows if (r["company"], r["direction"], r["kind"]) == (company, direction, kind)]
    return row


@pytest.fixture(scope="module")
def money_flows(graph_file) -> list[dict]:
    result = CliRunner().invoke(
        main, ["analyze", "money-flows", "--graph", str(graph_file), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    flows = json.loads(result.output)["analyses"]["money-flows"]
    return flows["rows"] if isinstance(flows, dict) else flows


def test_a_round_counts_only_what_its_parts_do_not_cover(money_flows):
    rounds = money(money_flows, "openai", "in", "funding round")
    # The superseded February announcement (110B) is out; the closed 122B round counts only what
    # its parts (Amazon 50B, Nvidia 30B, SoftBank 30B) leave: 122 - 110 = 12B exact.
    assert "openai-funding-round-2026-02" not in rounds["deals"]
    usd = rounds["money"]["USD"]
    assert Decimal(usd["exact"]) == (122 - 50 - 30 - 30) * B
    # March 2025: up to 40B with SoftBank's up to 40B as its part: 0 to 40B left, an "up to".
    assert Decimal(usd["up_to"]) == 40 * B
    # October 2024: 6.6B less Thrive 1.2-1.3B, Microsoft up to 1B, SoftBank about 0.5B and
    # Nvidia about 0.1B: between 6.6 - 1.3 - 1 - 0.5 - 0.1 = 3.7B and 6.6 - 1.2 - 0.5 - 0.1 = 4.8B.
    assert (Decimal(usd["range_min"]), Decimal(usd["range_max"])) == (Decimal("3.7") * B, Decimal("4.8") * B)

    shares = money(money_flows, "openai", "in", "investment")["money"]["USD"]
    # Exact shares: Amazon 50, Nvidia 30, SoftBank 30 (2026), Microsoft 1 (2019), Disney 1,
    # SoftBank about 0.5 and Nvidia about 0.1 (2024) = 112.6B; up to: Microsoft 1 + SoftBank 40.
    assert Decimal(shares["exact"]) == Decimal("112.6") * B
    assert Decimal(shares["up_to"]) == 41 * B


def test_amazons_anthropic_tranches_add_up_to_its_commitment_and_no_more(money_flows):
    usd = money(money_flows, "anthropic", "in", "investment")["money"]["USD"]
    # Amazon 1.25B (2023) + 2.75B (2024-03, the rest of the up-to-4B commitment) + 4B (2024-11):
    # 8B exact; the up-to-4B ceiling is not added on top.
    assert Decimal(usd["exact"]) == 8 * B
    # Up to: Amazon 25 (2026) + Google 2 (2023) + Google 40 (2026) + Microsoft 5 + Nvidia 10.
    assert Decimal(usd["up_to"]) == 82 * B
