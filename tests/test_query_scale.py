"""Every saved question on a generated 100k-triple graph: it finishes, and its row count is right.

The graph comes from kg/synthetic.py (seeded), generated and read once
per session. Each expected count is computed here from the graph with rdflib's
Python API, independently of SPARQL. The time limit is generous: this checks
that no question blows up on a large graph; benchmarks/query_bench.py gives
the figures.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from kg.sparql.saved import saved_queries
from kg.sparql.text import parameter_term
from kg.sparql.sandbox import run_query
from kg.rdf.terms import AIC, AID, SCHEMA
from kg.synthetic import synthetic_graph

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent

HUB = AID["company-0"]
DEAL_KINDS = (AIC.Investment, AIC.ComputeCommitment, AIC.ChipSupplyAgreement, AIC.Partnership, AIC.EquityStake)
PARTY_ROLES = (AIC.investor, AIC.investee, AIC.buyer, AIC.seller, AIC.partner, AIC.stakeHolder, AIC.stakeIn)


@pytest.fixture(scope="session")
def big_graph(tmp_path_factory) -> Graph:
    path = tmp_path_factory.mktemp("synthetic") / "graph.ttl"
    with path.open("w", encoding="utf-8") as out:
        count = synthetic_graph(100_000, seed=1, out=out)
    graph = Graph().parse(path, format="turtle")
    assert len(graph) == count >= 100_000
    return graph


def _english(graph: Graph, node) -> bool:
    return any(getattr(label, "language", None) == "en" for label in graph.objects(node, RDFS.label))


def _expected_rows(graph: Graph) -> dict[str, int]:
    """Row counts of each saved question, from the graph's triples."""
    deals = {d for kind in DEAL_KINDS for d in graph.subjects(RDF.type, kind)}
    sources_of = defaultdict(set)
    for fact, source in graph.subject_objects(PROV.wasDerivedFrom):
        sources_of[fact].add(source)
    investments_in_hub = list(graph.subjects(AIC.investee, HUB))
    purchases = defaultdict(list)  # (buyer, seller) -> deals
    for deal, buyer in graph.subject_objects(AIC.buyer):
        purchases[(buyer, graph.value(deal, AIC.seller))].append(deal)
    providers = defaultdict(set)
    for buyer, seller in graph.subject_objects(AIC.buysComputeFrom):
        providers[buyer].add(seller)
    money_groups = set()
    for kind, receives in ((AIC.Investment, AIC.investee), (AIC.ComputeCommitment, AIC.seller), (AIC.ChipSupplyAgreement, AIC.seller)):
        for deal in graph.subjects(RDF.type, kind):
            money = graph.value(deal, AIC.amount)
            if money is not None:
                bound = tuple(graph.value(money, p) is not None for p in (SCHEMA.value, SCHEMA.minValue, SCHEMA.maxValue))
                money_groups.add((graph.value(deal, receives), kind, bound, graph.value(money, SCHEMA.currency)))
    chips = {c for kind in (AIC.Chip, AIC.SystemPlatform) for c in graph.subjects(RDF.type, kind)}
    return {
        "timeline": len(deals),
        "compute-commitments": len(set(graph.subjects(RDF.type, AIC.ComputeCommitment))),
        "capacity": sum(1 for d in graph.subjects(AIC.capacity, None) if graph.value(d, AIC.buyer) is not None),
        "stakes": len(set(graph.subjects(AIC.stakePercent, None))),
        "investors-of": sum(len(sources_of[d]) for d in investments_in_hub),
        "hardware-of": sum(1 for d in graph.subjects(AIC.buyer, HUB) for _ in graph.objects(d, AIC.hardware)),
        "multi-cloud": sum(1 for sellers in providers.values() if len(sellers) >= 2),
        "money-in": len(money_groups),
        "chips": sum(max(1, len(set(graph.subjects(AIC.successorOf, c)))) * max(1, len(set(graph.objects(c, AIC.successorOf))))
                     for c in chips),
        "people": len({(p, r, c) for r in (AIC.ceo, AIC.founder) for p, c in graph.subject_objects(r)}),
        "circular-money": sum(len(purchases[(graph.value(i, AIC.investee), graph.value(i, AIC.investor))])
                              for i in graph.subjects(RDF.type, AIC.Investment)),
        "sources": sum(len(s) for fact, s in sources_of.items() if _english(graph, fact)),
    }


def test_every_saved_question_answers_on_100k_triples(big_graph):
    expected = _expected_rows(big_graph)
    assert set(expected) == set(saved_queries())
    assert all(expected[name] > 0 for name in expected)  # the graph exercises every question
    for name, saved in saved_queries().items():
        params = {p: parameter_term("company-0") for p in saved.params}
        result = run_query(big_graph, saved.text, params, timeout=300)
        assert len(result.bindings) == expected[name], name
    # the hub's investors are the investors of its investments, each with its sources
    investors = {row.investor for row in run_query(big_graph, saved_queries()["investors-of"].text, {"firm": HUB})}
    assert investors == {big_graph.value(d, AIC.investor) for d in big_graph.subjects(AIC.investee, HUB)}
    assert isinstance(next(iter(investors)), URIRef)
