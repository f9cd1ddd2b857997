"""kg analyze through the command line: formats, --as-of, --min-status, the seed facts and the shipped data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest


MARKET = Path(__file__).parent / "fixtures" / "analysis" / "market.ttl"
B = 10**9


@pytest.fixture(autouse=True)
def _away_from_build(tmp_path, monkeypatch):
    # kg analyze reads ./build/graph.ttl when it is newer than the data: work where there is none.
    monkeypatch.chdir(tmp_path)


def analyze_json(run_kg, *args) -> dict:
    result = run_kg("analyze", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _bounds(money: dict) -> dict:
    return {currency: (total["low"], total["high"]) for currency, total in money.items()}


# ---------------------------------------------------------------- the hand-made market


def test_all_analyses_as_json(run_kg):
    document = analyze_json(run_kg, "--graph", MARKET)
    assert list(document["analyses"]) == [
        "money-flows", "circular-flows", "promised-or-paid", "supplier-dependence", "centrality", "capacity", "compute", "timeline",
    ]
    assert (document["as_of"], document["min_status"]) == (None, None)


def test_min_status_drops_rumours(run_kg):
    document = analyze_json(run_kg, "circular-flows", "--graph", MARKET, "--min-status", "announced")
    # echo-apex-compute is rumoured: the cycle through it goes, the others stay
    assert [c["companies"] for c in document["analyses"]["circular-flows"]] == [
        ["apex", "beta", "apex"], ["delta", "echo", "beta", "apex", "delta"],
    ]
    assert document["min_status"] == "announced"


def test_as_of_keeps_what_was_known_then(run_kg):
    document = analyze_json(run_kg, "--graph", MARKET, "--as-of", "2024-03-15")
    analyses = document["analyses"]
    # apex-delta-chips is dated 2024-03 (month only): not certainly known on the 15th
    assert [c["companies"] for c in analyses["circular-flows"]] == [["apex", "beta", "apex"]]
    assert [r["month"] for r in analyses["timeline"]] == ["2023-11", "2024-01", "2024-02"]
    assert document["as_of"] == "2024-03-15"


def test_csv_of_one_analysis(run_kg):
    result = run_kg("analyze", "capacity", "--graph", MARKET, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    beta = next(r for r in rows if r["Table"] == "By buyer" and r["Buyer"] == "Beta")
    assert beta["Capacity"] == "1–2 GW + at least 0.5 GW (at least 1.5 GW)"
    assert beta["Deals"] == "beta-apex-compute, beta-cirrus-compute"
    assert [r["Hardware maker"] for r in rows if r["Table"] == "By hardware maker"] == [
        "Cirrus", "Cirrus + Delta", "Delta", "(hardware not stated)",
    ]


def test_csv_needs_a_name(run_kg):
    result = run_kg("analyze", "--graph", MARKET, "--format", "csv")
    assert result.exit_code == 2
    assert "--format csv writes one analysis" in result.output


def test_markdown_and_table(run_kg):
    md = run_kg("analyze", "money-flows", "--graph", MARKET, "--format", "md")
    assert md.exit_code == 0
    assert "## Money flows" in md.stdout
    # beta-apex-compute is definitive, up to 20B (conditional); echo-apex-compute is rumoured (intended)
    assert ("| Apex | in | compute | $2B + up to $20B ($2B–$22B) | conditional: up to $20B; intended: $2B "
            "| beta-apex-compute, echo-apex-compute | — |") in md.stdout
    table = run_kg("analyze", "circular-flows", "--graph", MARKET)
    assert table.exit_code == 0
    assert "Apex → Beta → Apex" in table.stdout and "3× to 4× (USD)" in table.stdout


@pytest.mark.parametrize("args", [["nonsense"], ["--as-of", "18/11/2025"], ["--min-status", "likely"]])
def test_bad_usage_exits_2(run_kg, args):
    result = run_kg("analyze", *args, "--graph", MARKET)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_missing_graph_file_is_one_line(run_kg):
    result = run_kg("analyze", "--graph", "nowhere.ttl")
    assert result.exit_code == 2
    assert result.output.strip() == "nowhere.ttl: file does not exist"


def test_cli_statuses_are_the_vocabulary_statuses():
    from kg.cli.analyze import STATUSES
    from kg.rdf.terms import STATUSES as VOCABULARY

    assert STATUSES == VOCABULARY


# ---------------------------------------------------------------- the seed facts, worked out from the seed articles


def test_seed_circular_flows(run_kg, seed_data):
    cycles = analyze_json(run_kg, "circular-flows", "--data", seed_data)["analyses"]["circular-flows"]
    assert [c["companies"] for c in cycles] == [
        ["microsoft", "anthropic", "microsoft"],  # up to 5B in, 30B of Azure back
        ["microsoft", "openai", "microsoft"],  # "billions" since 2019, OpenAI on Azure: no amounts
        ["nvidia", "anthropic", "nvidia"],  # up to 10B in, Anthropic uses Nvidia GPUs (no amount)
    ]
    first = cycles[0]
    assert _bounds(first["leaves"]) == {"USD": (0, 5 * B)}
    assert first["returns"]["USD"]["exact"] == 30 * B
    assert first["returned_share"] == {"currency": "USD", "low": 6.0, "high": None}  # at least 30 / 5
    assert [d["id"] for leg in first["legs"] for d in leg["deals"]] == [
        "microsoft-anthropic-investment-2025", "anthropic-azure-compute-2025",
    ]
    assert cycles[1]["returned_share"] is None


def test_seed_money_flows(run_kg, seed_data):
    rows = analyze_json(run_kg, "money-flows", "--data", seed_data)["analyses"]["money-flows"]
    flows = {(r["company"], r["direction"], r["kind"]): r for r in rows}
    invested = flows[("anthropic", "in", "investment")]
    assert invested["money"]["USD"]["up_to"] == 15 * B and _bounds(invested["money"]) == {"USD": (0, 15 * B)}
    spent = flows[("anthropic", "out", "compute")]
    # 30B exact (Azure) plus "tens of billions" (Google, 10B to 100B); AWS states no amount
    assert (spent["money"]["USD"]["exact"], spent["money"]["USD"]["range_min"], spent["money"]["USD"]["range_max"]) == (30 * B, 10 * B, 100 * B)
    assert _bounds(spent["money"]) == {"USD": (40 * B, 130 * B)}
    assert spent["unstated"] == ["anthropic-aws-primary-cloud-2024"]
    assert _bounds(flows[("google", "in", "compute")]["money"]) == {"USD": (10 * B, 100 * B)}


def test_seed_supplier_dependence(run_kg, seed_data):
    rows = analyze_json(run_kg, "supplier-dependence", "--data", seed_data)["analyses"]["supplier-dependence"]
    anthropic = next(r for r in rows if r["buyer"] == "anthropic")
    compute = {s["supplier"]: s for s in anthropic["compute"]["suppliers"]}
    assert sorted(compute) == ["amazon", "google", "microsoft"]
    # Google 10B to 100B, Microsoft 30B: Google 10/40 to 100/130, Microsoft 30/130 to 30/40
    assert compute["google"]["money_share"] == {"USD": {"low": 0.25, "high": 0.769231}}
    assert compute["microsoft"]["money_share"] == {"USD": {"low": 0.230769, "high": 0.75}}
    assert compute["amazon"]["money_unstated"] == ["anthropic-aws-primary-cloud-2024"]
    assert anthropic["compute"]["money_hhi"] == {"USD": {"low": 5000.0, "high": 6449.7}}
    # Google at least 1 GW, Microsoft's deal up to 1 GW
    assert compute["google"]["capacity_share"] == {"low": 0.5, "high": 1.0}
    assert compute["microsoft"]["capacity_share"] == {"low": 0.0, "high": 0.5}
    hardware = {s["supplier"]: s for s in anthropic["hardware"]["suppliers"]}
    assert sorted(hardware) == ["amazon", "google", "nvidia"]  # Trainium, TPUs, Nvidia GPUs and systems
    assert hardware["nvidia"]["via"] == ["compute", "supply"]


def test_seed_capacity_and_timeline(run_kg, seed_data):
    analyses = analyze_json(run_kg, "--data", seed_data)["analyses"]
    rows = {(r["group"], r["key"]): (r["capacity"]["low"], r["capacity"]["high"]) for r in analyses["capacity"]}
    assert rows == {
        ("buyer", "anthropic"): (1, None),  # at least 1 GW (Google) + up to 1 GW (Azure deal)
        ("maker", "google"): (1, None),
        ("maker", "nvidia"): (0, 1),
        ("year", "2026"): (1, None),
        ("year", None): (0, 1),
    }
    months = [(r["month"], r["count"]) for r in analyses["timeline"]]
    assert months == [("2019", 1), ("2019-07", 1), ("2024-11", 1), ("2025-10", 3), ("2025-11", 5)]
    november = analyses["timeline"][-1]
    assert _bounds(november["money"]) == {"USD": (30 * B, 45 * B)}  # 30B + up to 5B + up to 10B


def test_seed_as_of_drops_the_deals_of_18_november(run_kg, seed_data):
    analyses = analyze_json(run_kg, "--data", seed_data, "--as-of", "2025-11-01")["analyses"]
    assert [c["companies"] for c in analyses["circular-flows"]] == [["microsoft", "openai", "microsoft"]]
    assert [r["month"] for r in analyses["timeline"]] == ["2019", "2019-07", "2024-11", "2025-10"]
    anthropic = next(r for r in analyses["supplier-dependence"] if r["buyer"] == "anthropic")
    assert [s["supplier"] for s in anthropic["compute"]["suppliers"]] == ["amazon", "google"]


# ---------------------------------------------------------------- the shipped data (grows: only lasting facts)


def test_shipped_data_finds_the_microsoft_anthropic_cycle(run_kg):
    analyses = analyze_json(run_kg)["analyses"]
    cycle = next(c for c in analyses["circular-flows"] if c["companies"] == ["microsoft", "anthropic", "microsoft"])
    out_deals = {d["id"]: d for d in cycle["legs"][0]["deals"]}
    back_deals = {d["id"]: d for d in cycle["legs"][1]["deals"]}
    assert out_deals["microsoft-anthropic-investment-2025"]["amount"]["max"] == 5 * B
    assert back_deals["anthropic-azure-compute-2025"]["amount"]["value"] == 30 * B
    anthropic = next(r for r in analyses["supplier-dependence"] if r["buyer"] == "anthropic")
    assert {"google", "amazon", "microsoft"} <= {s["supplier"] for s in anthropic["compute"]["suppliers"]}
    assert "nvidia" in {s["supplier"] for s in anthropic["hardware"]["suppliers"]}


def test_shipped_data_as_of_drops_the_cycle(run_kg):
    analyses = analyze_json(run_kg, "--as-of", "2025-11-01")["analyses"]
    assert ["microsoft", "anthropic", "microsoft"] not in [c["companies"] for c in analyses["circular-flows"]]
    known = {d for row in analyses["timeline"] for d in row["deals"]}
    assert not known & {"microsoft-anthropic-investment-2025", "nvidia-anthropic-investment-2025", "anthropic-azure-compute-2025"}
    assert all(row["month"] <= "2025-11" for row in analyses["timeline"])
