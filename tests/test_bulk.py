"""kg.bulk.indented_json writes json.dumps(indent=2, ensure_ascii=False)'s bytes; totals() sums as Total.add does;
add_keyed_edges builds the multigraph add_edge builds."""

from __future__ import annotations

import json
from decimal import Decimal
from enum import IntEnum

import networkx as nx

import pytest

import kg
from kg.bulk import add_keyed_edges, indented_json
from kg.quantities import Quantity, Total, totals
from kg.report import analysis_document, to_json


class Rows(list):
    """A list with an attribute, as the circular-flows result is."""


class Name(str):
    pass


class Level(IntEnum):
    HIGH = 2


ODD_DOCUMENT = {
    "strings": ["plain", "", "quote \" backslash \\ tab \t line\nbreak", "café ☕ \U0001F600", "\u2028\x00\x1f", "</script>"],
    "mixed": ["a", 1, None, ["b"], {"c": "d"}, (), {}],
    "numbers": [0, -1, 10**30, 0.1, -0.0, 1e16, 1e-7, 123456789.125, float("nan"), float("inf"), float("-inf")],
    "flags": [True, False, None],
    "tuple": ("x", ("y", "z")),
    "nested": {"empty list": [], "empty dict": {}, "deep": {"deeper": {"deepest": ["only", "strings"]}}},
    "subclasses": Rows(["r", Name("n")]),
    "scalar subclasses": {"int": Level.HIGH, "str": Name("x\ty"), "in a list": [Level.HIGH, Name("z"), 1]},
    1: "int key", 2.5: "float key", True: "bool key", None: "none key",
    Name("str subclass key"): [Name("s")],
}


def test_odd_document_same_text_as_json_dumps():
    assert indented_json(ODD_DOCUMENT) == json.dumps(ODD_DOCUMENT, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("value", [{"a": Decimal("1")}, [object()], {(1, 2): "tuple key"}])
def test_what_json_refuses_is_refused(value):
    with pytest.raises(TypeError):
        json.dumps(value, indent=2, ensure_ascii=False)
    with pytest.raises(TypeError):
        indented_json(value)


def test_kg_analyze_document_same_bytes():
    results = kg.analyze(kg.build())
    document = analysis_document(results)
    assert to_json(document) == (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def test_totals_sum_as_total_add_does():
    figures = [
        Quantity(value=Decimal("1.5"), unit="USD"),
        Quantity(maximum=Decimal("4"), unit="USD"),
        Quantity(minimum=Decimal("2"), unit="USD", approximate=True),
        Quantity(minimum=Decimal("1"), maximum=Decimal("3"), unit="USD"),
        Quantity(value=Decimal("7"), unit="EUR"),
        Quantity(minimum=Decimal("0.5"), maximum=Decimal("0.75"), unit="GW"),
    ]
    folded: dict = {}
    for figure in figures:
        folded[figure.unit] = folded.get(figure.unit, Total()).add(figure)
    assert totals(figures) == folded
    # worked out by hand: USD exact 1.5, up to 4, at least 2 (open), range 1..3, approximate
    assert totals(figures)["USD"] == Total(exact=Decimal("1.5"), up_to=Decimal("4"), at_least=Decimal("2"),
                                           range_min=Decimal("1"), range_max=Decimal("3"), open_ended=True,
                                           approximate=True)
    assert (totals(figures)["EUR"].low, totals(figures)["EUR"].high) == (Decimal("7"), Decimal("7"))


def test_keyed_edges_as_add_edge_adds_them():
    edges = [("a", "b", "d1", {"w": 1}), ("b", "a", "d1", {"w": 2}), ("a", "b", "d2", {"w": 3}),
             ("a", "b", "d1", {"z": 4}), ("c", "c", "loop", {}), ("b", "c", "d3", {"w": 5})]
    one_by_one, in_bulk = nx.MultiDiGraph(), nx.MultiDiGraph()
    for graph in (one_by_one, in_bulk):
        graph.add_nodes_from("abc")
    for u, v, key, data in edges:
        one_by_one.add_edge(u, v, key, **data)
    add_keyed_edges(in_bulk, ((u, v, key, dict(data)) for u, v, key, data in edges))
    assert list(in_bulk.edges(keys=True, data=True)) == list(one_by_one.edges(keys=True, data=True))
    assert list(in_bulk.in_edges("a", keys=True, data=True)) == list(one_by_one.in_edges("a", keys=True, data=True))
    # worked out by hand: a key given twice keeps one dict, updated by the second
    assert in_bulk.edges["a", "b", "d1"] == {"w": 1, "z": 4} and in_bulk.number_of_edges() == 5
