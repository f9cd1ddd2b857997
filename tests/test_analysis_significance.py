"""kg analyze circular-flows --significance: the loops against degree-preserving randomisations, on graphs worked by hand.

Two statistics, counted exactly in every graph: the circular flows of 2 to 5 legs, and the money (USD as
reported) on the links that lie on at least one of them.

ring.ttl: A → B → C → D → A (A invests 4B in B; B pays C 3B; C pays D up to 2B; D pays A 1B). Every company
pays one and is paid by one, so a randomised graph pairs each payer with a payee other than itself: the 9
derangements of four, 6 of them one ring (1 cycle) and 3 of them two round trips (2 cycles). The mean count
is (6·1 + 3·2) / 9 = 4/3; the observed 1 is the least possible, so p = (1 + N) / (1 + N) = 1. Every leg of a
derangement is on a cycle, so the money on loops is always 4B + 3B + 2B (the top of "up to") + 1B = 10B.

tail.ttl: A ⇄ B (A invests 4B, B pays 1B back) and C → D (2B). The swaps reach three graphs, each with
probability 1/3 (its header lists them): the real one (1 cycle, 5B on it) and two without a cycle. So the
null is 1 cycle and 5B together a third of the time, and p is near (1 + N/3) / (1 + N).

round-trips.ttl: a hub invests in K1, K2, K3 and each buys compute back: every swap would make a self-loop or a
link that is already there, so every sample is the graph itself: 3 cycles, sd 0, no z, p = 1. Money on loops:
the hub's 1B into K1 (its other two investments state no amount) and K1's 2B, K2's up to 5B and K3's 3B: 11B.

star.ttl: three buyers pay one hub, no loop: 0 cycles in every sample, p = 1.

market.ttl and random markets: checked against networkx's own cycle search and, for the null, against the
exact distribution of the swap chain over every graph it can reach.
"""

from __future__ import annotations

import json
import random
from math import comb, factorial
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from rdflib import Graph

from kg.analysis import significance as module
from kg.analysis.significance import SWAPS_PER_LINK, significance
from kg.network import money_view, project

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"
B = 10**9
CYCLES, MONEY = "cycles", "money on loops (USD)"


@pytest.fixture(autouse=True)
def _away_from_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def run_test(run_kg, fixture: str, *args) -> dict:
    result = run_kg("analyze", "circular-flows", "--significance", "--graph", FIXTURES / fixture, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    return document["significance"]


def by_name(test: dict) -> dict:
    return {s["name"]: s for s in test["statistics"]}


def _market(legs) -> str:
    """Turtle for (payer, payee, USD billions) investments."""
    lines = ["@prefix aic: <https://w3id.org/aicompute/ontology#> .", "@prefix aid: <https://w3id.org/aicompute/id/> .",
             "@prefix schema: <https://schema.org/> .", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    for company in sorted({c for leg in legs for c in leg[:2]}):
        lines.append(f'aid:{company} a aic:Company ; rdfs:label "{company}"@en .')
    for number, (payer, payee, billions) in enumerate(legs):
        lines.append(f"aid:deal-{number} a aic:Investment ; aic:investor aid:{payer} ; aic:investee aid:{payee} ; "
                     f"aic:amount aid:deal-{number}-amount .")
        lines.append(f'aid:deal-{number}-amount schema:currency "USD" ; schema:value {billions * B}.0 .')
    return "\n".join(lines) + "\n"


def _brute_force(links: list[tuple[str, str]], money: dict, max_length: int = 5) -> tuple[int, float]:
    """Cycles of 2 to ``max_length`` legs and the money on the links on one, by networkx's own cycle search."""
    cycles = list(nx.simple_cycles(nx.DiGraph(links), length_bound=max_length))
    on_loops = {(a, b) for cycle in cycles for a, b in zip(cycle, cycle[1:] + cycle[:1])}
    return len(cycles), float(sum(money[link] for link in on_loops))


# ---------------------------------------------------------------- the fixtures worked by hand


def test_ring_null_is_the_nine_derangements(run_kg):
    test = run_test(run_kg, "ring.ttl", "--samples", "3000", "--seed", "0", "--significance-seconds", "600")
    cycles, money = by_name(test)[CYCLES], by_name(test)[MONEY]
    assert (test["samples"], test["cut"], test["stopped_by"]) == (3000, False, None) and len(cycles["null"]) == 3000
    assert test["cycles_by_length"] == {"2": 0, "3": 0, "4": 1, "5": 0}
    assert set(cycles["null"]) == {1, 2}
    assert cycles["mean"] == pytest.approx(4 / 3, abs=0.03)
    assert (cycles["observed"], cycles["p_value"], cycles["at_least_as_high"]) == (1, 1.0, 3000)
    # z = (1 - mean) / sd, with sd of a two-valued draw (1 w.p. 2/3, 2 w.p. 1/3) near sqrt(2)/3
    assert cycles["z"] == pytest.approx((1 - 4 / 3) / (2**0.5 / 3), abs=0.1)
    assert money["observed"] == 10 * B and set(money["null"]) == {10 * B}
    assert (money["sd"], money["z"], money["p_value"]) == (0, None, 1.0)


def test_tail_null_is_three_graphs_a_third_each(run_kg):
    test = run_test(run_kg, "tail.ttl", "--samples", "3000", "--seed", "4", "--significance-seconds", "600")
    cycles, money = by_name(test)[CYCLES], by_name(test)[MONEY]
    assert (cycles["observed"], money["observed"]) == (1, 5 * B)
    # a sample has the round trip, and its 5B, or neither
    assert {(c, m) for c, m in zip(cycles["null"], money["null"])} == {(0, 0.0), (1, 5 * B)}
    share = cycles["null"].count(1) / 3000
    assert share == pytest.approx(1 / 3, abs=4 * (2 / 9 / 3000) ** 0.5)  # four standard errors
    assert cycles["p_value"] == money["p_value"] == pytest.approx((1 + 3000 * share) / 3001, abs=1e-6)
    assert money["mean"] == pytest.approx(5 * B * share)


def test_forced_round_trips_have_no_spread(run_kg):
    test = run_test(run_kg, "round-trips.ttl", "--samples", "50")
    cycles, money = by_name(test)[CYCLES], by_name(test)[MONEY]
    assert cycles["null"] == [3] * 50 and (cycles["sd"], cycles["z"], cycles["p_value"]) == (0, None, 1.0)
    assert money["observed"] == 11 * B and money["null"] == [11 * B] * 50 and money["p_value"] == 1.0


def test_no_cycles_gives_p_one(run_kg):
    test = run_test(run_kg, "star.ttl", "--samples", "30")
    for statistic in test["statistics"]:
        assert statistic["observed"] == 0 and statistic["p_value"] == 1.0 and statistic["null"] == [0] * 30


def test_same_seed_same_samples_other_seed_other_samples(run_kg):
    first = run_test(run_kg, "ring.ttl", "--samples", "40", "--seed", "11")
    again = run_test(run_kg, "ring.ttl", "--samples", "40", "--seed", "11")
    other = run_test(run_kg, "ring.ttl", "--samples", "40", "--seed", "12")
    assert first == again
    assert by_name(first)[CYCLES]["null"] != by_name(other)[CYCLES]["null"]


def test_p_value_counts_the_observed_graph_once(run_kg):
    # with one sample of the ring, p is (1 + 1) / (1 + 1): the +1 correction, never 0
    test = run_test(run_kg, "ring.ttl", "--samples", "1", "--seed", "5")
    assert by_name(test)[CYCLES]["p_value"] == 1.0
    assert by_name(test)[CYCLES]["at_least_as_high"] == 1


# ---------------------------------------------------------------- exact counts, exact null


def test_counts_are_networkx_cycles_on_random_markets():
    rng = random.Random(3)
    for trial in range(25):
        companies = [f"f{i}" for i in range(rng.randint(3, 8))]
        pairs = [(a, b) for a in companies for b in companies if a != b]
        legs = [(a, b, rng.randint(1, 9)) for a, b in rng.sample(pairs, rng.randint(2, len(pairs)))]
        projection = project(Graph().parse(data=_market(legs), format="turtle"))
        money = {(a, b): float(billions * B) for a, b, billions in legs}
        for max_length in range(2, 6):
            test = significance(projection, samples=1, seed=trial, max_length=max_length)
            cycles, on_loops = _brute_force([leg[:2] for leg in legs], money, max_length)
            assert (by_name(test)[CYCLES]["observed"], by_name(test)[MONEY]["observed"]) == (cycles, on_loops), (trial, max_length)


def test_the_dense_and_the_sparse_count_agree(monkeypatch):
    projection = project(Graph().parse(FIXTURES / "loops.ttl"))
    dense = significance(projection, samples=20, seed=2)
    monkeypatch.setattr(module, "DENSE_UP_TO", 0)
    assert significance(projection, samples=20, seed=2) == dense


def _chain(payers: tuple, payees: tuple) -> tuple[list[tuple], np.ndarray]:
    """Every assignment of payees to links that swaps reach from ``payees``, and one swap attempt's transition matrix."""
    states, index, todo = [payees], {payees: 0}, [payees]
    moves: list[list[tuple]] = []
    while todo:
        current = todo.pop(0)
        present = set(zip(payers, current))
        here = []
        for i in range(len(payers)):
            for j in range(len(payers)):
                a, b, c, d = payers[i], current[i], payers[j], current[j]
                if a == d or c == b or (a, d) in present or (c, b) in present:
                    here.append(current)
                    continue
                swapped = list(current)
                swapped[i], swapped[j] = d, b
                here.append(tuple(swapped))
                if tuple(swapped) not in index:
                    index[tuple(swapped)] = len(states)
                    states.append(tuple(swapped))
                    todo.append(tuple(swapped))
        moves.append(here)
    step = np.zeros((len(states), len(states)))
    for number, here in enumerate(moves):
        for target in here:
            step[number, index[target]] += 1 / len(here)
    return states, step


def test_null_is_the_exact_distribution_of_the_swap_chain():
    # market.ttl's money per link, from its header: "up to 20B" counts 20B, "3B-4B" counts 4B, the EUR link 0
    money = {("apex", "beta"): 10 * B, ("beta", "apex"): 20 * B, ("beta", "cirrus"): 5 * B, ("apex", "delta"): 4 * B,
             ("delta", "echo"): 1 * B, ("echo", "apex"): 2 * B, ("echo", "cirrus"): 1 * B, ("echo", "beta"): 0}
    projection = project(Graph().parse(FIXTURES / "market.ttl"))
    links = sorted(money_view(projection).edges)
    assert links == sorted(money)
    payers, payees = tuple(a for a, _ in links), tuple(b for _, b in links)
    states, step = _chain(payers, payees)
    # a sample: SWAPS_PER_LINK attempts per link from the real graph
    chance = np.linalg.matrix_power(step, SWAPS_PER_LINK * len(links))[0]
    # a link's deals, and so its money, stay with it wherever it points
    figures = [_brute_force(list(zip(payers, state)), {(payers[i], state[i]): money[links[i]] for i in range(len(links))})
               for state in states]
    samples = 4000
    test = significance(projection, samples=samples, seed=9, time_limit=None)
    assert (by_name(test)[CYCLES]["observed"], by_name(test)[MONEY]["observed"]) == figures[0] == (3, 37 * B)
    for column, name in enumerate((CYCLES, MONEY)):
        statistic = by_name(test)[name]
        values = np.array([f[column] for f in figures])
        assert set(statistic["null"]) <= set(values.tolist())
        mean = float(chance @ values)
        sd = float(chance @ (values - mean) ** 2) ** 0.5
        assert statistic["mean"] == pytest.approx(mean, abs=4 * sd / samples**0.5)
        high = float(chance @ (values >= figures[0][column]))
        assert statistic["at_least_as_high"] / samples == pytest.approx(high, abs=4 * (high * (1 - high) / samples) ** 0.5)


def test_all_to_all_is_counted_exactly_and_no_swap_is_possible():
    firms = [f"firm-{i:02d}" for i in range(20)]
    projection = project(Graph().parse(data=_market([(a, b, 1) for a in firms for b in firms if a != b]), format="turtle"))
    test = significance(projection, samples=30)
    # a cycle of k legs: k of the 20 firms in one of (k - 1)! cyclic orders
    assert test["cycles_by_length"] == {k: comb(20, k) * factorial(k - 1) for k in range(2, 6)}
    cycles, money = by_name(test)[CYCLES], by_name(test)[MONEY]
    assert cycles["observed"] == 190 + 2280 + 29070 + 372096
    assert money["observed"] == 380 * B  # every link is on a round trip
    # every company pays and is paid by all 19 others: a swap would always duplicate a link
    assert cycles["null"] == [cycles["observed"]] * 30 and money["null"] == [380 * B] * 30
    assert (cycles["p_value"], test["cut"]) == (1.0, False)
    # three-leg walks: 20 middle links' starts times 19 ways in and 19 × 19 ways on
    assert test["walk_bound"] == 20 * 19 * 19 * 19


def test_the_report_of_the_all_to_all_market_counts_every_loop(tmp_path, monkeypatch):
    from kg import report_sections
    from kg.report import write_report

    monkeypatch.setattr(report_sections, "REPORT_SECONDS", None)  # all 200 samples, however busy the machine

    firms = [f"firm-{i:02d}" for i in range(20)]
    write_report(Graph().parse(data=_market([(a, b, 1) for a in firms for b in firms if a != b]), format="turtle"),
                 tmp_path / "out")
    section = (tmp_path / "out" / "report.md").read_text(encoding="utf-8").split("### More than chance?", 1)[1]
    assert "The graph has 403,636 circular flows; the random versions have 403,636 on average" in section
    assert "| cycles | 403,636 | 403,636 | 0 | — | 1 | 200 of 200 |" in section
    assert "stopped" not in section.split("###", 1)[0]
    test = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["significance"]
    assert (test["samples"], test["cut"], test["cycles_by_length"]["5"]) == (200, False, 372096)


# ---------------------------------------------------------------- the budget


def test_a_run_stopped_by_the_clock_says_so_and_keeps_the_first_samples(run_kg):
    whole = run_test(run_kg, "tail.ttl", "--samples", "50", "--seed", "3", "--significance-seconds", "600")
    cut = run_test(run_kg, "tail.ttl", "--samples", "50", "--seed", "3", "--significance-seconds", "0")
    # the clock is read after each sample: at a limit of 0 s, one is drawn
    assert (cut["samples"], cut["samples_asked"], cut["cut"], cut["stopped_by"]) == (1, 50, True, "time")
    assert by_name(cut)[CYCLES]["null"] == by_name(whole)[CYCLES]["null"][:1]
    assert (whole["samples"], whole["cut"]) == (50, False)
    words = run_kg("analyze", "circular-flows", "--significance", "--samples", "50", "--significance-seconds", "0",
                   "--graph", FIXTURES / "tail.ttl")
    assert "The test stopped at its time limit of 0 s after 1 of the 50 random versions asked for" in words.output
    # one random version: p is at least 1/2, and the words say that nothing can be found
    assert "With 1 random version p cannot fall below 1/2, so this test cannot find more than chance" in words.output


def test_too_few_samples_say_so_and_enough_do_not(run_kg):
    # p = (1 + k) / (1 + N) is below 0.05 only when N > 19
    few = run_kg("analyze", "circular-flows", "--significance", "--samples", "19", "--graph", FIXTURES / "tail.ttl")
    assert "With 19 random versions p cannot fall below 1/20" in few.output
    enough = run_kg("analyze", "circular-flows", "--significance", "--samples", "20", "--graph", FIXTURES / "tail.ttl")
    assert "cannot fall below" not in enough.output


def test_a_graph_over_the_size_limit_is_not_tested_and_the_report_says_so(run_kg, monkeypatch, tmp_path):
    from kg.report import write_report
    from kg.report_sections import NULL_CHART

    # tail.ttl: only A and B both pay and are paid, one link in and one out each: walks A→B→A→B and B→A→B→A
    monkeypatch.setattr(module, "WALK_LIMIT", 1)
    test = run_test(run_kg, "tail.ttl", "--samples", "10")
    assert (test["walk_bound"], test["stopped_by"], test["samples"], test["statistics"]) == (2, "size", 0, [])
    write_report(Graph().parse(FIXTURES / "tail.ttl"), tmp_path / "out")
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "The test against random versions of the graph was not run: the money view allows up to 2 walks" in report
    assert not (tmp_path / "out" / NULL_CHART).exists()
    words = run_kg("analyze", "circular-flows", "--significance", "--graph", FIXTURES / "tail.ttl", "--format", "md")
    assert "was not run" in words.output and "| Statistic |" not in words.output
    monkeypatch.setattr(module, "WALK_LIMIT", 2)
    assert run_test(run_kg, "tail.ttl", "--samples", "10")["stopped_by"] is None


def test_cycles_longer_than_five_legs_are_refused():
    projection = project(Graph().parse(FIXTURES / "ring.ttl"))
    with pytest.raises(ValueError, match="2 to 5 legs, not 6"):
        significance(projection, max_length=6)
    # the ring has 4 legs: too long for a bound of 3
    assert significance(projection, samples=5, max_length=3)["statistics"][0]["observed"] == 0


def test_cli_default_time_limit_is_the_library_one():
    from kg.cli import analyze

    assert analyze.SIGNIFICANCE_SECONDS == module.TIME_LIMIT


# ---------------------------------------------------------------- the words, the table, the chart


def test_table_and_plain_words(run_kg):
    result = run_kg("analyze", "circular-flows", "--significance", "--samples", "50", "--graph", FIXTURES / "round-trips.ttl")
    assert result.exit_code == 0, result.output
    assert "We compared the graph with 50 random versions" in result.output
    assert "The graph has 3 circular flows; the random versions have 3 on average" in result.output
    assert "no more loops than chance alone would give" in result.output
    assert "Money on loops (USD): $11B in the graph against $11B on average" in result.output
    assert "stopped" not in result.output


def test_markdown_has_the_section(run_kg):
    result = run_kg("analyze", "circular-flows", "--significance", "--samples", "20", "--graph", FIXTURES / "star.ttl",
                    "--format", "md")
    assert result.exit_code == 0, result.output
    assert "### More than chance?" in result.output and "| cycles | 0 | 0 | 0 | — | 1 | 20 of 20 |" in result.output


def test_significance_needs_circular_flows(run_kg):
    result = run_kg("analyze", "money-flows", "--significance", "--graph", FIXTURES / "star.ttl")
    assert result.exit_code == 2 and "--significance tests the loops" in result.output


def test_chart_marks_the_observed_value():
    from kg.charts import null_chart

    test = {"samples": 2, "seed": 0, "statistics": [
        {"name": "cycles", "observed": 7, "null": [1, 2], "p_value": 0.333},
        {"name": MONEY, "observed": 0, "null": [0, 0], "p_value": 1.0}]}
    svg = null_chart(test)
    assert svg.startswith(b"<?xml") and b"observed (p = 0.333)" in svg and b"observed (p = 1)" in svg
    assert svg == null_chart(test)
