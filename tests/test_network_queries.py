"""The projection from SPARQL queries (Oxigraph's engine) is the projection of the API walk, fact for fact.

tests/test_network.py checks both ways edge by edge on a hand-made market; here the two are compared
on the shipped data, on a seeded synthetic graph, and on graphs with odd shapes (a party with no
class, a literal where a party should be, a deal of a class declared in the graph, a thing with a
property that deals also use).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Graph

import kg
from kg.network import project, project_by_walking
from kg.rdf.store import add_triples, open_graph, oxigraph_of

ROOT = Path(__file__).resolve().parent.parent
from kg import synthetic  # noqa: E402 - the seeded generator

ODD = """\
@base <https://w3id.org/aicompute/id/> .
@prefix aic: <https://w3id.org/aicompute/ontology#> .
@prefix aid: <https://w3id.org/aicompute/id/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .

aic:Loan rdfs:subClassOf aic:Deal ; rdfs:label "loan"@en , "prestito"@it .
aid:lender a aic:Company ; rdfs:label "Prestatore"@it , "Lender"@en .
aid:borrower a aic:Company ; rdfs:label "Bor\\trower \\"B\\" \\\\ caf\\u00e9\\nline 2, \\U0001F600"@en .
aid:cloud a aic:CloudService , aic:Company ; aic:hardware aid:chip ; aic:operatedBy aid:lender .
aid:chip a aic:Chip ; rdfs:label "Chip" .
<deal/loan> a aic:Loan ; aic:investor aid:lender ; aic:investee aid:borrower , "a name, not a party" ;
    aic:amount <deal/loan/amount> ; prov:wasDerivedFrom <source/s> , <source/t> .
<deal/loan/amount> schema:currency "EUR" ; schema:minValue 1.5 ; schema:maxValue 2.5 .
<deal/untyped> aic:buyer aid:borrower ; aic:seller aid:stranger ; aic:supersedes <deal/loan> .
<deal/both> a aic:Investment , aic:EquityStake , aic:Deal ; aic:stakeHolder aid:lender ; aic:stakeIn aid:cloud ;
    aic:stakePercent 12.5 ; aic:capacity <deal/both/gw> .
<deal/both/gw> <http://qudt.org/schema/qudt/unit> <http://qudt.org/vocab/unit/GigaW> ; schema:value 3 .
<deal/bare> a aic:Deal .
<source/s> a aic:SourceDocument ; rdfs:label "S, by label" .
<source/t> a aic:SourceDocument ; schema:headline "T" ; schema:publisher "Pub" ; schema:url "https://example.org/t" .
"""


def _same(walked, queried) -> None:
    assert list(queried.nodes(data=True)) == list(walked.nodes(data=True))
    assert list(queried.edges(keys=True, data=True)) == list(walked.edges(keys=True, data=True))
    assert queried.graph["deals"] == walked.graph["deals"]
    assert list(queried.graph["deals"]) == list(walked.graph["deals"])
    assert queried.graph["sources"] == walked.graph["sources"]


def _on_oxigraph(graph: Graph) -> Graph:
    copy = add_triples(open_graph("oxigraph"), graph)
    assert oxigraph_of(copy) is not None
    return copy


def test_shipped_data(shipped_graph):
    graph = shipped_graph
    walked, queried = project_by_walking(graph), project(_on_oxigraph(graph))
    assert walked.number_of_edges() > 100
    _same(walked, queried)


def test_synthetic_graph():
    text = io.StringIO()
    synthetic.synthetic_graph(6000, seed=3, out=text)
    graph = Graph().parse(data=text.getvalue(), format="turtle")
    on_oxigraph = _on_oxigraph(graph)
    walked = project_by_walking(on_oxigraph)
    assert walked.number_of_nodes() > 50 and walked.number_of_edges() > 300
    _same(walked, project(on_oxigraph))
    _same(project_by_walking(graph), project(on_oxigraph))


def test_odd_shapes():
    graph = Graph().parse(data=ODD, format="turtle")
    walked, queried = project_by_walking(graph), project(_on_oxigraph(graph))
    _same(walked, queried)
    # worked out by hand from ODD: what each odd shape becomes
    deals = queried.graph["deals"]
    assert (deals["loan"]["cls"], deals["loan"]["kind"], deals["loan"]["parties"]["investee"]) == (
        "Loan", "loan", ("a name, not a party", "borrower"))
    assert [(u, v) for u, v, k in queried.edges(keys=True) if k == "loan"] == [("lender", "borrower")]
    assert (deals["untyped"]["cls"], deals["untyped"]["kind"], deals["loan"]["superseded_by"]) == ("Deal", "deal", ("untyped",))
    assert queried.nodes["stranger"] == {"iri": "https://w3id.org/aicompute/id/stranger", "cls": None, "label": "stranger"}
    assert (deals["both"]["cls"], deals["both"]["kind"], deals["both"]["capacity"].unit) == ("EquityStake", "stake", "GW")
    assert deals["bare"]["parties"] == {} and "bare" not in {k for _u, _v, k in queried.edges(keys=True)}
    assert queried.nodes["lender"]["label"] == "Lender" and queried.nodes["cloud"]["cls"] == "Company"
    # the TSV answer escapes tab, quote, backslash and line break; the label reads back as written
    assert queried.nodes["borrower"]["label"] == 'Bor\trower "B" \\ café\nline 2, \U0001F600'
    assert sorted((u, v, k) for u, v, k, kind in queried.edges(keys=True, data="kind") if kind == "relation") == [
        ("cloud", "chip", "hardware"), ("cloud", "lender", "operatedBy"),
    ]
    assert queried.graph["sources"]["s"]["headline"] == "S, by label"
    assert queried.graph["sources"]["t"] == {"id": "t", "headline": "T", "publisher": "Pub", "published": None,
                                            "url": "https://example.org/t"}


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_analyses_agree_whichever_store(store, shipped_graph):
    graph = add_triples(open_graph(store), shipped_graph)
    assert kg.analyze(graph) == kg.analyze(shipped_graph)


def test_the_queries_ask_for_every_role():
    from kg.network_terms import ROLE_PAIRS
    from kg.network_terms import local_name as _local
    from kg.network_queries import ROLES

    assert set(ROLES) == {_local(r) for pair in ROLE_PAIRS for r in (pair.source, pair.target)}
