"""Circular flows within a budget: the cycles that return the most come first, and a cut list says so.

The hand-made fixture ``fixtures/analysis/loops.ttl`` lists its five cycles, their order and amounts
in its header, worked out by hand. The all-to-all market (20 companies each investing in every other)
is generated here: it holds 403,636 cycles of up to 5 legs, far more than any budget lists.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from kg.analysis.circular_flows import MAX_CYCLES, TIME_LIMIT, circular_flows
from kg.network import money_view, project

LOOPS = Path(__file__).parent / "fixtures" / "analysis" / "loops.ttl"
B = 10**9
#: The cycles of loops.ttl in order, as its header works them out.
LOOPS_ORDER = [
    ["c", "d", "c"],
    ["a", "b", "a"],
    ["a", "b", "c", "a"],
    ["c", "d", "e", "c"],
    ["d", "e", "d"],
]
#: Cycles of at most 5 legs among 20 companies that all invest in each other: 20!/(20-k)!/k for k = 2..5.
ALL_TO_ALL_CYCLES = 190 + 2280 + 29070 + 372096


@pytest.fixture(autouse=True)
def _away_from_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # kg analyze would read ./build/graph.ttl if there were one


@pytest.fixture(scope="module")
def loops():
    return project(Graph().parse(LOOPS))


def _turtle(legs) -> str:
    """A market in Turtle from (payer, payee, deal class, USD amount) legs; investments run investor to investee."""
    roles = {"Investment": ("investor", "investee"), "ComputeCommitment": ("buyer", "seller")}
    lines = [
        "@base <https://w3id.org/aicompute/id/> .",
        "@prefix aic: <https://w3id.org/aicompute/ontology#> .",
        "@prefix aid: <https://w3id.org/aicompute/id/> .",
        "@prefix schema: <https://schema.org/> .",
    ]
    for company in sorted({p for leg in legs for p in leg[:2]}):
        lines.append(f'aid:{company} a aic:Company ; <http://www.w3.org/2000/01/rdf-schema#label> "{company}"@en .')
    for number, (payer, payee, cls, amount) in enumerate(legs):
        tail, head = roles[cls]
        lines.append(f"<deal/d{number}> a aic:{cls} ; aic:{tail} aid:{payer} ; aic:{head} aid:{payee} ; "
                     f"aic:amount <deal/d{number}/amount> .")
        lines.append(f'<deal/d{number}/amount> schema:currency "USD" ; schema:value {amount}.0 .')
    return "\n".join(lines) + "\n"


def _all_to_all(count: int = 20) -> str:
    companies = [f"firm-{i:02d}" for i in range(count)]
    return _turtle([(a, b, "Investment", B) for a in companies for b in companies if a != b])


@pytest.fixture(scope="module")
def all_to_all_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("all-to-all") / "all-to-all.ttl"
    path.write_text(_all_to_all(), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the hand-worked fixture


def test_cycles_come_by_money_returned_then_length(loops):
    cycles = circular_flows(loops)
    assert [c["companies"] for c in cycles] == LOOPS_ORDER
    returns = [(c["returns"]["USD"]["low"], c["returns"]["USD"]["high"]) for c in cycles]
    assert returns == [(0, 60 * B), (50 * B, 50 * B), (50 * B, 50 * B), (50 * B, None), (5 * B, 5 * B)]
    leaves = [c["leaves"]["USD"]["exact"] for c in cycles]
    assert leaves == [2 * B, 10 * B, 10 * B, 2 * B, 5 * B]
    shares = [(c["returned_share"]["low"], c["returned_share"]["high"]) for c in cycles]
    assert shares == [(0.0, 30.0), (5.0, 5.0), (5.0, 5.0), (25.0, None), (1.0, 1.0)]
    assert [[d["id"] for leg in c["legs"] for d in leg["deals"]] for c in cycles][3] == [
        "cd-inv", "de-compute", "ec-compute",
    ]
    assert cycles.search == {
        "cut": False, "stopped_by": None, "seen": 5, "listed": 5, "max_cycles": MAX_CYCLES, "time_limit": TIME_LIMIT,
        "max_length": 5, "returning_legs": 9, "returning_legs_searched": 9,
    }


@pytest.mark.parametrize("limit", [1, 2, 3, 4])
def test_a_cut_list_keeps_the_top_cycles_and_says_so(loops, limit):
    cycles = circular_flows(loops, max_cycles=limit)
    assert [c["companies"] for c in cycles] == LOOPS_ORDER[:limit]
    # the search stops when it finds one cycle more than it may list: so more exist
    assert cycles.search["cut"] is True and cycles.search["stopped_by"] == "count"
    assert (cycles.search["listed"], cycles.search["seen"]) == (limit, limit + 1)


def test_the_length_bound_drops_the_long_cycles(loops):
    assert [c["companies"] for c in circular_flows(loops, max_length=2)] == [
        ["c", "d", "c"], ["a", "b", "a"], ["d", "e", "d"],
    ]


def test_a_time_limit_of_zero_stops_before_any_cycle(loops):
    cycles = circular_flows(loops, time_limit=0)
    assert list(cycles) == []
    assert cycles.search["cut"] is True and cycles.search["stopped_by"] == "time"
    assert (cycles.search["seen"], cycles.search["returning_legs_searched"]) == (0, 0)


def test_the_search_finds_what_networkx_finds_when_not_cut():
    # A seeded random market: every cycle networkx lists is found once, started at its smallest investor.
    rng = random.Random(7)
    companies = [f"f{i}" for i in range(12)]
    legs = [(a, b, rng.choice(["Investment", "ComputeCommitment"]), rng.randint(1, 9) * B)
            for a in companies for b in companies if a != b and rng.random() < 0.3]
    projection = project(Graph().parse(data=_turtle(legs), format="turtle"))
    expected = {frozenset(zip(c, c[1:] + c[:1])) for c in nx.simple_cycles(money_view(projection), length_bound=4)}
    cycles = circular_flows(projection, max_length=4, max_cycles=10**6, time_limit=None)
    assert len(expected) > 50 and cycles.search["cut"] is False
    assert len(cycles) == len(expected)
    assert {frozenset(zip(c["companies"], c["companies"][1:])) for c in cycles} == expected
    investors = {(a, b) for a, b, cls, _amount in legs if cls == "Investment"}
    for cycle in cycles:
        nodes = cycle["companies"][:-1]
        out_investing = [a for a, b in zip(nodes, nodes[1:] + nodes[:1]) if (a, b) in investors]
        assert nodes[0] == min(out_investing or nodes)
    ranks = [c["returns"]["USD"]["exact"] for c in cycles]
    assert ranks == sorted(ranks, reverse=True)


# ---------------------------------------------------------------- all-to-all: far more cycles than any budget


def test_all_to_all_is_cut_at_the_count(all_to_all_file):
    cycles = circular_flows(project(Graph().parse(all_to_all_file)), time_limit=None)
    assert cycles.search["cut"] is True and cycles.search["stopped_by"] == "count"
    assert (cycles.search["listed"], cycles.search["seen"]) == (MAX_CYCLES, MAX_CYCLES + 1)
    assert MAX_CYCLES < ALL_TO_ALL_CYCLES
    # every leg returns the same 1B, so the shortest come first: all 190 round trips, then triangles
    assert [c["length"] for c in cycles] == [2] * 190 + [3] * (MAX_CYCLES - 190)


def test_all_to_all_cut_is_in_every_format(run_kg, all_to_all_file):
    result = run_kg("analyze", "circular-flows", "--graph", all_to_all_file, "--max-cycles", "50", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert len(document["analyses"]["circular-flows"]) == 50
    search = document["search"]["circular-flows"]
    assert (search["cut"], search["stopped_by"], search["seen"], search["listed"]) == (True, "count", 51, 50)

    md = run_kg("analyze", "circular-flows", "--graph", all_to_all_file, "--max-cycles", "50", "--format", "md")
    assert "### The list is cut" in md.stdout
    assert "the search stopped at its limit of 50 cycles (more exist)" in md.stdout
    rows = run_kg("analyze", "circular-flows", "--graph", all_to_all_file, "--max-cycles", "50", "--format", "csv")
    cut_row = [line for line in rows.stdout.splitlines() if line.startswith("The list is cut,")]
    assert len(cut_row) == 1 and ",count,51,50," in cut_row[0]
    table = run_kg("analyze", "circular-flows", "--graph", all_to_all_file, "--max-cycles", "50")
    assert "The list is cut" in table.stdout and "51" in table.stdout


def test_a_list_that_is_not_cut_says_nothing_of_a_cut(run_kg):
    md = run_kg("analyze", "circular-flows", "--graph", LOOPS, "--format", "md")
    assert md.exit_code == 0, md.output
    assert "cut" not in md.stdout
    document = json.loads(run_kg("analyze", "circular-flows", "--graph", LOOPS, "--format", "json").stdout)
    assert document["search"]["circular-flows"]["cut"] is False


@pytest.mark.slow  # the whole report of the all-to-all market: every analysis and the randomised significance test
def test_the_report_says_the_list_was_cut(all_to_all_file, tmp_path):
    from kg.report import write_report

    write_report(Graph().parse(all_to_all_file), tmp_path)
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    section = report.split("## Circular flows", 1)[1].split("\n## ", 1)[0]
    assert f"**The list is cut: the search stopped at its limit of {MAX_CYCLES} cycles (more exist)" in section
    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert document["search"]["circular-flows"]["seen"] == MAX_CYCLES + 1


def test_bad_budgets_are_usage_errors(run_kg):
    result = run_kg("analyze", "circular-flows", "--graph", LOOPS, "--max-cycles", "-1")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_cli_defaults_are_the_library_defaults():
    from kg.cli import analyze

    assert (analyze.MAX_CYCLES, analyze.TIME_LIMIT) == (MAX_CYCLES, TIME_LIMIT)


def test_a_chart_of_many_pairs_draws_the_largest():
    from kg.charts import MAX_BARS, Bar, bar_chart

    def total(value):
        return {"exact": value, "up_to": 0, "at_least": 0, "range_min": 0, "range_max": 0, "low": value, "high": value}

    bars = [Bar(f"pair {i:03d}", total((i + 1) * B), "USD") for i in range(MAX_BARS + 10)]
    svg = bar_chart(bars, "Money", "USD", scale=1e9).decode("utf-8")
    # the 10 smallest (pairs 000 to 009) are left out, and the title says so
    assert f"Money (the {MAX_BARS} largest of {MAX_BARS + 10})" in svg
    assert "pair 010" in svg and f"pair {MAX_BARS + 9:03d}" in svg
    assert "pair 009" not in svg and "pair 000" not in svg
