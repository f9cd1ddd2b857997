"""The analyses on hand-made fixtures whose answers are worked out by hand (see the fixture's header)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph

from kg.analysis import ANALYSES, run_analyses
from kg.quantities import Total, describe_total, totals
from kg.analysis.capacity import capacity
from kg.analysis.centrality import centrality
from kg.analysis.circular_flows import circular_flows
from kg.analysis.money_flows import money_between, money_flows
from kg.analysis.supplier_dependence import hhi, supplier_dependence
from kg.analysis.timeline import timeline
from kg.quantities import Quantity
from kg.network import project

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"
B = 10**9


@pytest.fixture(scope="module")
def market():
    return project(Graph().parse(FIXTURES / "market.ttl"))


def _bounds(money: dict) -> dict:
    return {currency: (total["low"], total["high"]) for currency, total in money.items()}


# ---------------------------------------------------------------- amounts


def test_up_to_is_never_added_as_exact():
    total = Total().add(Quantity(value=Decimal(30))).add(Quantity(maximum=Decimal(10)))
    assert (total.exact, total.up_to, total.low, total.high) == (30, 10, 30, 40)
    total = total.add(Quantity(minimum=Decimal(3))).add(Quantity(minimum=Decimal(1), maximum=Decimal(2)))
    assert (total.at_least, total.range_min, total.range_max, total.low, total.high) == (3, 1, 2, 34, None)


def test_currencies_are_never_added_together():
    sums = totals([Quantity(value=Decimal(1), unit="USD"), Quantity(value=Decimal(2), unit="EUR")])
    assert {unit: t.exact for unit, t in sums.items()} == {"USD": 1, "EUR": 2}


def test_describe_total_keeps_each_kind_apart():
    total = Total().add(Quantity(value=Decimal(30 * B))).add(Quantity(maximum=Decimal(5 * B))).as_dict()
    assert describe_total(total, "USD") == "$30B + up to $5B ($30B–$35B)"


# ---------------------------------------------------------------- money flows


def test_money_flows(market):
    got = {(r["company"], r["direction"], r["kind"]): (_bounds(r["money"]), r["deals"]) for r in money_flows(market)}
    assert got == {
        ("apex", "in", "compute"): ({"USD": (2 * B, 22 * B)}, ["beta-apex-compute", "echo-apex-compute"]),
        ("apex", "out", "hardware supply"): ({"USD": (3 * B, 4 * B)}, ["apex-delta-chips"]),
        ("apex", "out", "investment"): ({"USD": (10 * B, 10 * B)}, ["apex-beta-inv"]),
        ("beta", "in", "investment"): ({"EUR": (1 * B, None), "USD": (10 * B, 10 * B)}, ["apex-beta-inv", "echo-beta-inv"]),
        ("beta", "out", "compute"): ({"USD": (5 * B, 25 * B)}, ["beta-apex-compute", "beta-cirrus-compute"]),
        ("cirrus", "in", "capacity lease"): ({"USD": (1 * B, 1 * B)}, ["echo-cirrus-lease"]),
        ("cirrus", "in", "compute"): ({"USD": (5 * B, 5 * B)}, ["beta-cirrus-compute"]),
        ("delta", "in", "hardware supply"): ({"USD": (3 * B, 4 * B)}, ["apex-delta-chips"]),
        ("delta", "out", "investment"): ({"USD": (1 * B, 1 * B)}, ["delta-echo-inv"]),
        ("echo", "in", "investment"): ({"USD": (1 * B, 1 * B)}, ["delta-echo-inv"]),
        ("echo", "out", "capacity lease"): ({"USD": (1 * B, 1 * B)}, ["echo-cirrus-lease"]),
        ("echo", "out", "compute"): ({"USD": (2 * B, 2 * B)}, ["echo-apex-compute"]),
        ("echo", "out", "investment"): ({"EUR": (1 * B, None)}, ["echo-beta-inv"]),
    }
    apex_in = next(r for r in money_flows(market) if r["company"] == "apex" and r["direction"] == "in")
    assert (apex_in["money"]["USD"]["exact"], apex_in["money"]["USD"]["up_to"]) == (2 * B, 20 * B)


def test_money_between_pairs(market):
    pairs = {(p["from"], p["to"]): _bounds(p["money"]) for p in money_between(market)}
    assert pairs[("beta", "cirrus")] == {"USD": (5 * B, 5 * B)}  # the superseded 3B deal is not added
    assert len(pairs) == 8


# ---------------------------------------------------------------- circular flows


def test_circular_flows(market):
    cycles = circular_flows(market)
    assert [c["companies"] for c in cycles] == [
        ["apex", "beta", "apex"],
        ["delta", "echo", "apex", "delta"],
        ["delta", "echo", "beta", "apex", "delta"],
    ]
    first, second, third = cycles
    assert _bounds(first["leaves"]) == {"USD": (10 * B, 10 * B)}
    assert _bounds(first["returns"]) == {"USD": (0, 20 * B)}
    assert first["returned_share"] == {"currency": "USD", "low": 0.0, "high": 2.0}
    assert [d["id"] for d in first["legs"][1]["deals"]] == ["beta-apex-compute"]
    assert first["legs"][1]["deals"][0]["amount"] == {"value": None, "min": None, "max": 20 * B, "unit": "USD", "approximate": False}
    assert second["returned_share"] == {"currency": "USD", "low": 3.0, "high": 4.0}
    assert third["length"] == 4 and _bounds(third["legs"][1]["money"]) == {"EUR": (1 * B, None)}
    assert third["returned_share"] == {"currency": "USD", "low": 3.0, "high": 4.0}


def test_cycle_length_bound(market):
    assert [c["length"] for c in circular_flows(market, max_length=3)] == [2, 3]


# ---------------------------------------------------------------- supplier dependence


def _suppliers(row, group):
    return {
        s["supplier"]: (s["money_share"], s["capacity_share"], s["via"], s["deals"])
        for s in row[group]["suppliers"]
    }


def test_supplier_dependence(market):
    rows = {r["buyer"]: r for r in supplier_dependence(market)}
    assert sorted(rows) == ["apex", "beta", "echo"]
    beta = rows["beta"]
    assert _suppliers(beta, "compute") == {
        "apex": ({"USD": {"low": 0.0, "high": 0.8}}, {"low": 0.0, "high": 0.8}, ["compute"], ["beta-apex-compute"]),
        "cirrus": ({"USD": {"low": 0.2, "high": 1.0}}, {"low": 0.2, "high": 1.0}, ["compute"], ["beta-cirrus-compute"]),
    }
    assert beta["compute"]["money_hhi"] == {"USD": {"low": 5000.0, "high": 10000.0}}
    assert beta["compute"]["capacity_hhi"] == {"low": 5000.0, "high": 10000.0}
    # hardware vendors of beta: the makers of the chips on its compute deals; no money paid to them directly
    assert _suppliers(beta, "hardware") == {
        "delta": ({}, {"low": 0.0, "high": 0.8}, ["compute"], ["beta-apex-compute"]),
        "cirrus": ({}, {"low": 0.2, "high": 1.0}, ["compute"], ["beta-cirrus-compute"]),
    }
    assert beta["hardware"]["money_hhi"] == {}

    apex = rows["apex"]
    assert apex["compute"] == {"suppliers": [], "money_hhi": {}, "capacity_hhi": None}
    assert _suppliers(apex, "hardware") == {
        "delta": ({"USD": {"low": 1.0, "high": 1.0}}, None, ["supply"], ["apex-delta-chips"]),
    }
    assert apex["hardware"]["money_hhi"] == {"USD": {"low": 10000.0, "high": 10000.0}}

    echo = rows["echo"]
    assert _suppliers(echo, "compute") == {
        "apex": ({"USD": {"low": 0.666667, "high": 0.666667}}, {"low": 0.4, "high": 1.0}, ["compute"], ["echo-apex-compute"]),
        "cirrus": ({"USD": {"low": 0.333333, "high": 0.333333}}, {"low": 0.0, "high": 0.6}, ["compute"], ["echo-cirrus-lease"]),
    }
    assert echo["compute"]["money_hhi"] == {"USD": {"low": 5555.6, "high": 5555.6}}  # (2² + 1²) / 3² = 5/9
    assert echo["compute"]["capacity_hhi"] == {"low": 5000.0, "high": 10000.0}
    # one deal on two makers' chips: each maker gets 0 to all of its 0.2 GW
    hardware = {s["supplier"]: s["capacity"] for s in echo["hardware"]["suppliers"]}
    assert {k: (v["low"], v["high"]) for k, v in hardware.items()} == {"cirrus": (0, 0.2), "delta": (0, 0.2)}
    assert echo["hardware"]["capacity_hhi"] == {"low": 5000.0, "high": 10000.0}


def test_hhi_bounds_by_hand():
    # 30 exact and 10 to 100: least when both are 30 (5,000), most at (100, 30): 10,900 / 16,900
    thirty = Total().add(Quantity(value=Decimal(30)))
    range_ = Total().add(Quantity(minimum=Decimal(10), maximum=Decimal(100)))
    assert hhi({"a": thirty, "b": range_}) == {"low": 5000.0, "high": 6449.7}
    assert hhi({"a": thirty}) == {"low": 10000.0, "high": 10000.0}
    three = {k: Total().add(Quantity(value=Decimal(1))) for k in "abc"}
    assert hhi(three) == {"low": 3333.3, "high": 3333.3}


# ---------------------------------------------------------------- centrality


def test_centrality_on_a_star_has_closed_forms():
    rows = centrality(project(Graph().parse(FIXTURES / "star.ttl")))
    assert [r["id"] for r in rows] == ["hub", "k1", "k2", "k3"]
    # PageRank, damping 0.85, hub dangling: p_k = 0.0375 + 0.2125 p_h and p_h + 3 p_k = 1
    assert rows[0]["pagerank"] == pytest.approx(0.8875 / 1.6375, abs=1e-5)
    assert rows[1]["pagerank"] == pytest.approx((1 - 0.8875 / 1.6375) / 3, abs=1e-5)
    assert [r["betweenness"] for r in rows] == [1.0, 0.0, 0.0, 0.0]


def test_centrality_on_the_market(market):
    rows = {r["id"]: r for r in centrality(market)}
    assert sorted(rows) == ["apex", "beta", "cirrus", "delta", "echo"]
    # beta-delta and cirrus-delta are the only non-adjacent pairs; each has two shortest
    # paths, through apex and through echo: each gets 1/2 + 1/2 = 1, over (5-1)(5-2)/2 = 6 pairs.
    assert {k: r["betweenness"] for k, r in rows.items()} == {
        "apex": 0.166667, "echo": 0.166667, "beta": 0.0, "cirrus": 0.0, "delta": 0.0,
    }
    assert sum(r["pagerank"] for r in rows.values()) == pytest.approx(1.0, abs=1e-5)
    assert rows["apex"]["cls"] == "Company"


def test_centrality_estimate_is_within_its_bound(market, monkeypatch):
    # Above the exact limit betweenness is estimated (KADABRA): here the limit is lowered so the
    # estimate runs on the market, whose exact figures are worked out above.
    from kg.analysis import centrality as module

    monkeypatch.setattr(module, "EXACT_BETWEENNESS_LIMIT", 0)
    monkeypatch.setattr(module, "SMALL_VIEW", 0)
    rows = {r["id"]: r for r in centrality(market)}
    exact = {"apex": 1 / 6, "echo": 1 / 6, "beta": 0.0, "cirrus": 0.0, "delta": 0.0}
    assert {r["betweenness_error"] for r in rows.values()} == {module.BETWEENNESS_ERROR}
    for company, figure in exact.items():
        assert abs(rows[company]["betweenness"] - figure) <= module.BETWEENNESS_ERROR
    assert centrality(market)[0]["betweenness_error"] == module.BETWEENNESS_ERROR
    monkeypatch.setattr(module, "EXACT_BETWEENNESS_LIMIT", 1000)  # exact by networkit's Brandes: the hand figures
    assert {r["id"]: r["betweenness"] for r in centrality(market)} == {
        "apex": 0.166667, "echo": 0.166667, "beta": 0.0, "cirrus": 0.0, "delta": 0.0,
    }
    monkeypatch.undo()
    assert {r["betweenness_error"] for r in centrality(market)} == {0.0}


def test_networkit_imported_without_plotting_leaves_pyplot_importable():
    # In a fresh process: networkit loads without matplotlib, and matplotlib.pyplot still imports afterwards.
    import subprocess
    import sys

    pytest.importorskip("networkit")
    script = ("import sys; from kg.analysis.centrality import networkit; nk = networkit(); "
              "print('matplotlib' in sys.modules, 'pandas' in sys.modules, hasattr(nk.centrality, 'KadabraBetweenness')); "
              "import matplotlib.pyplot; print(sys.modules['matplotlib.pyplot'] is not None)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False", "True", "True"]


# ---------------------------------------------------------------- capacity


def test_capacity(market):
    got = [(r["group"], r["key"], r["label"], r["capacity"]["low"], r["capacity"]["high"], r["deals"]) for r in capacity(market)]
    assert got == [
        ("buyer", "beta", "Beta", 1.5, None, ["beta-apex-compute", "beta-cirrus-compute"]),
        ("buyer", "echo", "Echo", 0.2, 0.5, ["echo-apex-compute", "echo-cirrus-lease"]),
        ("maker", "cirrus", "Cirrus", 0.5, None, ["beta-cirrus-compute"]),
        ("maker", "cirrus+delta", "Cirrus + Delta", 0.2, 0.2, ["echo-apex-compute"]),
        ("maker", "delta", "Delta", 1, 2, ["beta-apex-compute"]),
        ("maker", None, "(hardware not stated)", 0, 0.3, ["echo-cirrus-lease"]),
        ("year", "2025", "2025", 0.5, None, ["beta-cirrus-compute"]),
        ("year", "2026", "2026", 1, 2, ["beta-apex-compute"]),
        ("year", None, "(year not stated)", 0.2, 0.5, ["echo-apex-compute", "echo-cirrus-lease"]),
    ]


# ---------------------------------------------------------------- timeline


def test_timeline(market):
    got = [(r["month"], r["count"], _bounds(r["money"])) for r in timeline(market)]
    assert got == [
        ("2023-11", 1, {}),  # superseded: counted, amount left out
        ("2024-01", 1, {"USD": (10 * B, 10 * B)}),
        ("2024-02", 2, {"USD": (5 * B, 25 * B)}),
        ("2024-03", 1, {"USD": (3 * B, 4 * B)}),
        ("2024-04", 2, {"USD": (3 * B, 3 * B)}),
        ("2024-05", 1, {}),
        ("2024-06", 1, {}),  # a stake's valuation is not money paid
        ("2024-07", 1, {}),
        ("2024-08", 1, {"USD": (1 * B, 1 * B)}),
        ("2024-09", 1, {"EUR": (1 * B, None)}),
    ]
    rows = {r["month"]: r for r in timeline(market)}
    assert rows["2023-11"]["superseded"] == ["beta-cirrus-old"]
    assert rows["2024-04"]["kinds"] == {"compute": 1, "investment": 1}
    assert rows["2024-05"]["no_amount"] == ["apex-cirrus-echo-partnership"]


def test_run_analyses_runs_every_analysis_in_order(market):
    assert list(run_analyses(market)) == list(ANALYSES)
