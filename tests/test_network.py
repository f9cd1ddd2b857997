"""kg.network: the projection, edge by edge, on a hand-made market (tests/fixtures/analysis/market.ttl)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph

from kg.quantities import Quantity
from kg.network import deal_view, money_view, project

MARKET = Path(__file__).parent / "fixtures" / "analysis" / "market.ttl"


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def graph(request) -> Graph:
    # rdflib's memory store is walked through rdflib's API; Oxigraph answers the projection's SPARQL queries.
    from kg.rdf.store import add_triples, open_graph

    return add_triples(open_graph(request.param), Graph().parse(MARKET))


@pytest.fixture(scope="module")
def projection(graph):
    return project(graph)


def test_nodes_are_the_things_with_class_and_label(projection):
    assert {n: (a["cls"], a["label"]) for n, a in projection.nodes(data=True)} == {
        "apex": ("Company", "Apex"), "beta": ("Company", "Beta"), "cirrus": ("Company", "Cirrus"),
        "delta": ("Company", "Delta"), "echo": ("Company", "Echo"),
        "delta-d1": ("Chip", "Delta D1"), "cirrus-c1": ("Chip", "Cirrus C1"),
        "cirrus-cloud": ("CloudService", "Cirrus Cloud"), "beta-lm": ("AIModel", "Beta LM"),
        "ann-ames": ("Person", "Ann Ames"),
    }
    assert projection.nodes["apex"]["iri"] == "https://w3id.org/aicompute/id/apex"


def test_every_edge(projection):
    # Worked out from the fixture: one edge per deal and pair of parties, partners once per pair
    # (smaller id first), plain relations by name; the aic:investsIn shortcut adds nothing.
    expected = {
        ("apex", "beta", "apex-beta-inv", "investment", True),
        ("apex", "beta", "apex-beta-stake", "stake", False),
        ("beta", "apex", "beta-apex-compute", "compute", True),
        ("beta", "cirrus", "beta-cirrus-compute", "compute", True),
        ("beta", "cirrus", "beta-cirrus-old", "compute", True),
        ("apex", "delta", "apex-delta-chips", "hardware supply", True),
        ("delta", "echo", "delta-echo-inv", "investment", True),
        ("echo", "apex", "echo-apex-compute", "compute", True),
        ("apex", "cirrus", "apex-cirrus-echo-partnership", "partnership", False),
        ("apex", "echo", "apex-cirrus-echo-partnership", "partnership", False),
        ("cirrus", "echo", "apex-cirrus-echo-partnership", "partnership", False),
        ("cirrus", "echo", "cirrus-echo-jv", "joint venture", False),
        ("echo", "cirrus", "echo-cirrus-lease", "capacity lease", True),
        ("echo", "beta", "echo-beta-inv", "investment", True),
        ("ann-ames", "apex", "ceo", "relation", False),
        ("beta", "beta-lm", "develops", "relation", False),
        ("delta-d1", "delta", "manufacturer", "relation", False),
        ("cirrus-c1", "cirrus", "manufacturer", "relation", False),
        ("cirrus-cloud", "cirrus", "operatedBy", "relation", False),
    }
    got = {(u, v, k, d["kind"], d["money"]) for u, v, k, d in projection.edges(keys=True, data=True)}
    assert got == expected
    assert projection.number_of_edges() == len(expected)


def test_deal_edge_carries_the_deal_facts(projection):
    edge = projection.edges["beta", "apex", "beta-apex-compute"]
    assert edge["amount"] == Quantity(maximum=Decimal("20000000000"), unit="USD")
    assert edge["capacity"] == Quantity(minimum=Decimal(1), maximum=Decimal(2), unit="GW")
    assert edge["amount"].bound == "up to" and edge["capacity"].bound == "range"
    assert (edge["date"], edge["online_by"], edge["status"]) == ("2024-02-01", "2026", "definitive")
    assert edge["sources"] == ("s1", "s2")
    assert (edge["hardware"], edge["models"], edge["service"]) == (("delta-d1",), ("beta-lm",), ())
    assert edge["roles"] == ("buyer", "seller") and edge["deal_class"] == "ComputeCommitment"
    assert edge["label"] == "Beta buys compute from Apex"
    stake = projection.edges["apex", "beta", "apex-beta-stake"]
    assert stake["percent"] == Decimal(20) and stake["valuation"].value == Decimal("50000000000")
    assert stake["amount"] is None and stake["roles"] == ("stakeHolder", "stakeIn")
    investment = projection.edges["apex", "beta", "apex-beta-inv"]
    assert (investment["evidence"], investment["amount"].bound) == ("announced", "exact")
    assert projection.edges["echo", "beta", "echo-beta-inv"]["amount"] == Quantity(minimum=Decimal("1E9"), unit="EUR")
    assert projection.edges["beta", "cirrus", "beta-cirrus-compute"]["service"] == ("cirrus-cloud",)


def test_new_deal_classes_are_projected_by_their_roles(projection):
    lease = projection.edges["echo", "cirrus", "echo-cirrus-lease"]
    assert (lease["deal_class"], lease["kind"], lease["money"]) == ("CapacityLease", "capacity lease", True)
    venture = projection.edges["cirrus", "echo", "cirrus-echo-jv"]
    assert (venture["kind"], venture["symmetric"], venture["money"]) == ("joint venture", True, False)


def test_superseded_deal_stays_marked_and_leaves_the_views(projection):
    old = projection.edges["beta", "cirrus", "beta-cirrus-old"]
    assert old["superseded_by"] == ("beta-cirrus-compute",)
    assert projection.edges["beta", "cirrus", "beta-cirrus-compute"]["supersedes"] == ("beta-cirrus-old",)
    assert money_view(projection).edges["beta", "cirrus"]["deals"] == ("beta-cirrus-compute",)


def test_money_view_is_who_pays_whom(projection):
    view = money_view(projection)
    assert {(u, v): d for u, v, d in view.edges(data="deals")} == {
        ("apex", "beta"): ("apex-beta-inv",),
        ("beta", "apex"): ("beta-apex-compute",),
        ("beta", "cirrus"): ("beta-cirrus-compute",),
        ("apex", "delta"): ("apex-delta-chips",),
        ("delta", "echo"): ("delta-echo-inv",),
        ("echo", "apex"): ("echo-apex-compute",),
        ("echo", "cirrus"): ("echo-cirrus-lease",),
        ("echo", "beta"): ("echo-beta-inv",),
    }
    assert view.nodes["apex"]["label"] == "Apex"


def test_deal_view_joins_parties_once_per_pair(projection):
    view = deal_view(projection)
    assert {frozenset(e): w for *e, w in view.edges(data="weight")} == {
        frozenset({"apex", "beta"}): 3,  # investment, stake, compute
        frozenset({"beta", "cirrus"}): 1,  # the superseded deal is left out
        frozenset({"apex", "delta"}): 1,
        frozenset({"delta", "echo"}): 1,
        frozenset({"apex", "echo"}): 2,  # compute, partnership
        frozenset({"apex", "cirrus"}): 1,
        frozenset({"cirrus", "echo"}): 3,  # partnership, joint venture, lease
        frozenset({"beta", "echo"}): 1,
    }


def test_projection_reads_the_graph_and_never_changes_it(graph):
    before = set(graph)
    project(graph)
    assert set(graph) == before


def test_graph_attributes_hold_deals_and_sources(projection):
    deals, sources = projection.graph["deals"], projection.graph["sources"]
    assert len(deals) == 12
    assert deals["apex-cirrus-echo-partnership"]["parties"] == {"partner": ("apex", "cirrus", "echo")}
    assert sources["s1"] == {"id": "s1", "headline": "Apex and Beta sign", "publisher": "Gazette",
                             "published": "2024-01-15", "url": "https://example.org/s1"}
    assert sources["s2"]["url"] is None


def test_a_warrant_runs_from_issuer_to_holder_as_value():
    turtle = """
    @prefix aic: <https://w3id.org/aicompute/ontology#> .
    @prefix aid: <https://w3id.org/aicompute/id/> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    aid:chipco a aic:Company . aid:labco a aic:Company .
    <https://w3id.org/aicompute/id/deal/w> a aic:Warrant ; aic:issuer aid:chipco ; aic:warrantHolder aid:labco ;
        aic:announcedOn "2025-10-06"^^xsd:date .
    """
    projection = project(Graph().parse(data=turtle, format="turtle"))
    assert [(u, v, k, d["kind"], d["money"], d["roles"]) for u, v, k, d in projection.edges(keys=True, data=True)] == [
        ("chipco", "labco", "w", "warrant", True, ("issuer", "warrantHolder")),
    ]
    assert list(money_view(projection).edges) == [("chipco", "labco")]
