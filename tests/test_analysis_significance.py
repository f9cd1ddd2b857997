"""kg analyze circular-flows --significance: the loops against degree-preserving randomisations, on graphs worked by hand.

ring.ttl: A → B → C → D → A (A invests 4B in B; B pays C 3B; C pays D up to 2B; D pays A 1B). Every company
pays one and is paid by one, so a randomised graph pairs each payer with a payee other than itself: the 9
derangements of four, 6 of them one ring (1 cycle) and 3 of them two round trips (2 cycles). The mean count
is (6·1 + 3·2) / 9 = 4/3. Money returned: a ring is told from A (the only investor), so what returns is the
leg into A: B's 3B, C's 2B or D's 1B, each in 2 of the 6 rings (mean 2B); the pairs {AB, CD}, {AC, BD},
{AD, BC} return 3B + 1B, 2B + 1B and 1B + 2B. Mean (6·2 + 4 + 3 + 3) / 9 = 22/9 billion. The observed
figures (1 cycle, 1B) are the least possible, so every sample is at least as high: p = (1 + N) / (1 + N) = 1.

round-trips.ttl: a hub invests in K1, K2, K3 and each buys compute back: every swap would make a self-loop or a
link that is already there, so every sample is the graph itself: 3 cycles, sd 0, no z, p = 1.

star.ttl: three buyers pay one hub, no loop: 0 cycles in every sample, p = 1.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"
B = 10**9


@pytest.fixture(autouse=True)
def _away_from_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def significance(run_kg, fixture: str, *args) -> dict:
    result = run_kg("analyze", "circular-flows", "--significance", "--graph", FIXTURES / fixture, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    return document["significance"]


def by_name(test: dict) -> dict:
    return {s["name"]: s for s in test["statistics"]}


def test_ring_null_is_the_nine_derangements(run_kg):
    test = significance(run_kg, "ring.ttl", "--samples", "3000", "--seed", "0")
    cycles, money = by_name(test)["cycles"], by_name(test)["money returned (USD)"]
    assert test["samples"] == 3000 and len(cycles["null"]) == 3000
    assert set(cycles["null"]) == {1, 2}
    assert cycles["mean"] == pytest.approx(4 / 3, abs=0.03)
    assert money["mean"] == pytest.approx(22 / 9 * B, rel=0.02)
    assert set(money["null"]) == {1 * B, 2 * B, 3 * B, 4 * B}
    assert (cycles["observed"], money["observed"]) == (1, 1 * B)
    assert (cycles["p_value"], money["p_value"]) == (1.0, 1.0)
    assert cycles["at_least_as_high"] == 3000
    # z = (1 - mean) / sd, with sd of a two-valued draw (1 w.p. 2/3, 2 w.p. 1/3) near sqrt(2)/3
    assert cycles["z"] == pytest.approx((1 - 4 / 3) / (2**0.5 / 3), abs=0.1)


def test_forced_round_trips_have_no_spread(run_kg):
    test = significance(run_kg, "round-trips.ttl", "--samples", "50")
    cycles, money = by_name(test)["cycles"], by_name(test)["money returned (USD)"]
    assert cycles["null"] == [3] * 50 and (cycles["sd"], cycles["z"], cycles["p_value"]) == (0, None, 1.0)
    # the returning legs: K1 pays 2B, K2 up to 5B (reported as 5B), K3 3B
    assert money["observed"] == 10 * B and money["p_value"] == 1.0


def test_no_cycles_gives_p_one(run_kg):
    test = significance(run_kg, "star.ttl", "--samples", "30")
    for statistic in test["statistics"]:
        assert statistic["observed"] == 0 and statistic["p_value"] == 1.0 and statistic["null"] == [0] * 30


def test_same_seed_same_samples_other_seed_other_samples(run_kg):
    first = significance(run_kg, "ring.ttl", "--samples", "40", "--seed", "11")
    again = significance(run_kg, "ring.ttl", "--samples", "40", "--seed", "11")
    other = significance(run_kg, "ring.ttl", "--samples", "40", "--seed", "12")
    assert first == again
    assert by_name(first)["cycles"]["null"] != by_name(other)["cycles"]["null"]


def test_p_value_counts_the_observed_graph_once(run_kg):
    # with one sample of the ring, p is (1 + 1) / (1 + 1): the +1 correction, never 0
    test = significance(run_kg, "ring.ttl", "--samples", "1", "--seed", "5")
    assert by_name(test)["cycles"]["p_value"] == 1.0
    assert by_name(test)["cycles"]["at_least_as_high"] == 1


def test_table_and_plain_words(run_kg):
    result = run_kg("analyze", "circular-flows", "--significance", "--samples", "50", "--graph", FIXTURES / "round-trips.ttl")
    assert result.exit_code == 0, result.output
    assert "We compared the graph with 50 random versions" in result.output
    assert "The graph has 3 circular flows; the random versions have 3 on average" in result.output
    assert "no more loops than chance alone would give" in result.output


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

    svg = null_chart({"samples": 2, "seed": 0, "statistics": [
        {"name": "cycles", "observed": 7, "null": [1, 2], "p_value": 0.333},
        {"name": "money returned (USD)", "observed": 0, "null": [0, 0], "p_value": 1.0}]})
    assert svg.startswith(b"<?xml") and b"observed (p = 0.333)" in svg and b"observed (p = 1)" in svg
    assert svg == null_chart({"samples": 2, "seed": 0, "statistics": [
        {"name": "cycles", "observed": 7, "null": [1, 2], "p_value": 0.333},
        {"name": "money returned (USD)", "observed": 0, "null": [0, 0], "p_value": 1.0}]})
