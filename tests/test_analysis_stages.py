"""Promised or paid: each deal's stage, the split by stage, --min-stage, on graphs worked by hand.

ring.ttl: a-b definitive, exactly 4B (committed); b-c announced, exactly 3B (committed); c-d announced, up to 2B
(conditional); d-a closed, 1B (paid). The ring A → B → C → D → A is told from A, so what returns is d-a.

round-trips.ttl: hub-k1 letter of intent, 1B (intended); hub-k2, hub-k3 announced, no amount (committed);
k1-hub announced, 2B (committed); k2-hub definitive, up to 5B (conditional); k3-hub closed, 3B (paid). The three
round trips are told from the hub (the investor): what returns is each K's purchase.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli.analyze import STAGES as CLI_STAGES
from kg.stages import STAGES

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"
B = 10**9


@pytest.fixture(autouse=True)
def _away_from_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def analyze(run_kg, name: str, fixture: str, *args):
    result = run_kg("analyze", name, "--graph", FIXTURES / fixture, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["analyses"][name]


def split(rows: list[dict]) -> dict:
    return {r["stage"]: ({c: (t["low"], t["high"]) for c, t in r["money"].items()}, r["deals"], r["unstated"]) for r in rows}


def test_the_cli_knows_the_stages():
    assert CLI_STAGES == STAGES


def test_ring_split(run_kg):
    result = analyze(run_kg, "promised-or-paid", "ring.ttl")
    assert split(result["money"]) == {
        "paid": ({"USD": (1 * B, 1 * B)}, ["d-a"], []),
        "committed": ({"USD": (7 * B, 7 * B)}, ["a-b", "b-c"], []),
        "conditional": ({"USD": (0, 2 * B)}, ["c-d"], []),
    }
    assert [r["stage"] for r in result["money"]] == ["paid", "committed", "conditional"]
    assert split(result["loops"]) == {"paid": ({"USD": (1 * B, 1 * B)}, ["d-a"], [])}


def test_round_trips_split(run_kg):
    result = analyze(run_kg, "promised-or-paid", "round-trips.ttl")
    assert split(result["money"]) == {
        "paid": ({"USD": (3 * B, 3 * B)}, ["k3-hub"], []),
        "committed": ({"USD": (2 * B, 2 * B)}, ["k1-hub"], ["hub-k2", "hub-k3"]),
        "conditional": ({"USD": (0, 5 * B)}, ["k2-hub"], []),
        "intended": ({"USD": (1 * B, 1 * B)}, ["hub-k1"], []),
    }
    assert split(result["loops"]) == {
        "paid": ({"USD": (3 * B, 3 * B)}, ["k3-hub"], []),
        "committed": ({"USD": (2 * B, 2 * B)}, ["k1-hub"], []),
        "conditional": ({"USD": (0, 5 * B)}, ["k2-hub"], []),
    }


def test_min_stage_drops_the_less_settled(run_kg):
    # committed keeps hub-k2, hub-k3, k1-hub, k3-hub: hub → k1 (intended) and k2 → hub (conditional) go,
    # so only the round trip through K3 is left
    cycles = analyze(run_kg, "circular-flows", "round-trips.ttl", "--min-stage", "committed")
    assert [c["companies"] for c in cycles] == [["hub", "k3", "hub"]]
    paid = analyze(run_kg, "promised-or-paid", "round-trips.ttl", "--min-stage", "paid")
    assert split(paid["money"]) == {"paid": ({"USD": (3 * B, 3 * B)}, ["k3-hub"], [])}
    assert analyze(run_kg, "circular-flows", "round-trips.ttl", "--min-stage", "paid") == []


def test_min_stage_is_checked(run_kg):
    result = run_kg("analyze", "--graph", FIXTURES / "ring.ttl", "--min-stage", "signed")
    assert result.exit_code == 2 and "signed" in result.output


def test_report_sentence_on_the_loops():
    from rdflib import Graph

    from kg.analysis.promised import promised_or_paid
    from kg.network import project
    from kg.report_sections import loop_stage_sentence

    result = promised_or_paid(project(Graph().parse(FIXTURES / "round-trips.ttl")))
    assert loop_stage_sentence(result) == (
        "Of the money that returns in the loops, $3B is paid, $2B is committed and up to $5B is conditional.")


def test_every_edge_carries_its_stage():
    from rdflib import Graph

    from kg.network import project

    projection = project(Graph().parse(FIXTURES / "ring.ttl"))
    stages = {key: stage for _u, _v, key, stage in projection.edges(keys=True, data="stage")}
    assert stages == {"a-b": "committed", "b-c": "committed", "c-d": "conditional", "d-a": "paid"}


def test_money_flows_split_by_stage(run_kg):
    rows = analyze(run_kg, "money-flows", "round-trips.ttl")
    hub_in = next(r for r in rows if (r["company"], r["direction"], r["kind"]) == ("hub", "in", "compute"))
    assert {stage: (t["USD"]["low"], t["USD"]["high"]) for stage, t in hub_in["by_stage"].items()} == {
        "paid": (3 * B, 3 * B), "committed": (2 * B, 2 * B), "conditional": (0, 5 * B)}
    assert list(hub_in["by_stage"]) == ["paid", "committed", "conditional"]
    table = run_kg("analyze", "money-flows", "--graph", FIXTURES / "round-trips.ttl", "--format", "csv")
    assert "paid: $3B; committed: $2B; conditional: up to $5B" in table.stdout


def test_circular_flows_name_each_deal_stage(run_kg):
    # the ring A → B → C → D → A, told from A: a-b committed, b-c committed, c-d conditional, d-a paid
    [cycle] = analyze(run_kg, "circular-flows", "ring.ttl")
    assert [deal["stage"] for leg in cycle["legs"] for deal in leg["deals"]] == ["committed", "committed", "conditional", "paid"]
    table = run_kg("analyze", "circular-flows", "--graph", FIXTURES / "ring.ttl", "--format", "md")
    assert "up to $2B (compute, conditional, 2025-01-03, c-d)" in table.stdout
