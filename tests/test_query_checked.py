"""The shipped questions checked once ahead (saved/checked.json), and several questions asked in one process.

A question whose text is one of the shipped ones is not parsed again by
rdflib; anything else is, and the lexical scan runs on every text whatever
the file says. ``kg.api.query_many`` gives the answers ``kg.api.query`` gives,
in order, from one sandboxed child with no network.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from kg import api
from kg.problems import QueryRefused, QuerySyntaxError
from kg.rdf.store import open_graph, serialize_graph
from kg.rdf.terms import AIC, AID
from kg.sparql import checks
from kg.sparql.checked import verdicts_text
from kg.sparql.checks import CHECKED_NAME, PreparedQuery, prepare_query, text_digest
from kg.sparql.lexical import normalised
from kg.sparql.sandbox import run_queries
from kg.sparql.saved import saved_queries, shipped_folder

from servers import CountingSparqlServer, loopback_http

MINI = Path(__file__).parent / "fixtures" / "mini"


def test_the_shipped_verdicts_are_those_of_the_whole_check_now():
    written = (shipped_folder() / CHECKED_NAME).read_text(encoding="utf-8")
    assert written == verdicts_text(), "a shipped question changed: run python -m kg.sparql.checked"
    assert {entry["name"] for entry in json.loads(written).values()} == set(saved_queries())


def test_a_shipped_question_is_not_parsed_and_its_algebra_comes_when_asked_for():
    saved = saved_queries()["investors-of"]
    prepared = prepare_query(saved.text, saved.name)
    assert prepared.parsed is None
    assert (prepared.kind, "firm" in prepared.variables, "investor" in prepared.variables) == ("SELECT", True, True)
    assert prepared.algebra.algebra.name == "SelectQuery" and prepared.parsed is not None


def test_any_other_text_gets_the_whole_check():
    text = saved_queries()["timeline"].text
    with pytest.raises(QuerySyntaxError):
        prepare_query(text.replace("SELECT", "SELEC", 1))
    with pytest.raises(QueryRefused, match="INSERT DATA"):
        prepare_query("INSERT DATA { aid:a aic:investsIn aid:b }")
    edited = prepare_query(text + "\n# one more comment\n")
    assert edited.parsed is not None and edited.kind == "SELECT"


@pytest.mark.parametrize("hostile", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }",
    "SELECT * FROM <urn:g> WHERE { ?a ?b ?c }",
])
def test_a_verdict_never_lets_service_or_from_through(monkeypatch, hostile):
    """Even a checked.json that vouched for a hostile text: the lexical scan still refuses it."""
    forged = {text_digest(normalised(hostile)): {"name": "forged", "kind": "SELECT", "variables": ["a", "b", "c"]}}
    monkeypatch.setattr(checks, "_shipped_verdicts", lambda: forged)
    with pytest.raises(QueryRefused, match="SERVICE|FROM"):
        prepare_query(hostile)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_query_many_gives_what_query_gives_in_order(store):
    graph = api.graph(MINI, store=store)
    asked = [("investors-of", {"firm": "alpha-ai"}), "ASK { aid:alpha-ai aic:investsIn ?x }", "timeline",
             "SELECT ?firm WHERE { ?firm aic:investsIn ?x } ORDER BY ?firm"]
    many = api.query_many(graph, asked)
    one_by_one = [api.query(graph, *item) if isinstance(item, tuple) else api.query(graph, item) for item in asked]
    assert [a.kind for a in many] == ["SELECT", "ASK", "SELECT", "SELECT"]
    assert [(a.rows, a.boolean) for a in many] == [(a.rows, a.boolean) for a in one_by_one]
    # worked out from tests/fixtures/mini: Bigcloud invests in Alpha AI, and no one else invests
    assert [row["investor"] for row in many[0].rows] == ["aid:bigcloud"] and many[1].boolean is False
    assert many[3].rows == [{"firm": "aid:bigcloud"}]


def test_query_many_checks_every_question_before_any_runs():
    with pytest.raises(QueryRefused) as refused:
        api.query_many(api.graph(MINI), ["timeline", "SELECT * { SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }"])
    assert refused.value.where == "query"
    with pytest.raises(Exception, match="needs params"):
        api.query_many(api.graph(MINI), ["timeline", "investors-of"])


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_every_question_of_one_child_is_without_network(store):
    """Defence in depth: unchecked SERVICE questions, several in one child, never reach a server on loopback."""
    CountingSparqlServer.hits = []
    with loopback_http(CountingSparqlServer) as httpd:
        url = f"{httpd.url}/x"
        graph = open_graph(store)
        graph.add((AID.alpha, AIC.investsIn, AID.beta))
        checked = prepare_query(f"SELECT ?a WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}", allow_service=True)
        unchecked = PreparedQuery(checked.text, "query", checked.algebra, checked.kind, checked.variables)
        plain = prepare_query("ASK { ?a aic:investsIn ?b }")
        for _ in range(2):  # the second time the namespace made for the first is joined again
            with pytest.raises(Exception):
                run_queries(graph, [(plain, None), (unchecked, None), (unchecked, None)])
        assert CountingSparqlServer.hits == []
        assert run_queries(graph, [(plain, None)])[0].askAnswer is True


def _by_value(graph: Graph) -> set:
    """The triples with each literal as its value and datatype (Oxigraph writes the decimal 5.0 as 5)."""
    return {(s, p, (o.toPython(), o.datatype, o.language) if isinstance(o, Literal) else o) for s, p, o in graph}


def test_export_on_oxigraph_is_written_by_pyoxigraph_and_holds_the_same_triples(tmp_path):
    on_oxigraph = api.graph(MINI, store="oxigraph")
    data = api.export(on_oxigraph, tmp_path / "graph.ttl")
    assert data == serialize_graph(on_oxigraph, "turtle") == (tmp_path / "graph.ttl").read_bytes()
    assert _by_value(Graph().parse(data=data, format="turtle")) == _by_value(api.graph(MINI))


def test_joined_lists_sorted_on_the_bytes_are_those_sorted_as_terms():
    """Items with quotes, backslashes, accents, a tab and a language tag: the same order and bytes either way."""
    from rdflib import URIRef, Variable
    from rdflib.query import Result

    from kg.sparql.answers import OxigraphResult, sorted_lists

    names = Variable("names")
    plain = Result("SELECT")
    plain.vars = [names, Variable("other")]
    plain.bindings = [
        {names: Literal('zeta; b"q; a\\b; \u00e9t\u00e9; A\tb'), Variable("other"): Literal("y; x")},
        {names: Literal("dos; uno", lang="es")},
        {names: URIRef("urn:b;%20a")},
        {Variable("other"): Literal("b; a")},
    ]
    as_bytes = OxigraphResult.of(plain)
    on_bytes = sorted_lists(as_bytes, ["names"])
    as_terms = OxigraphResult.of(sorted_lists(plain, ["names"]))
    assert isinstance(on_bytes, OxigraphResult) and on_bytes.payload == as_terms.payload != as_bytes.payload
    # worked out by hand: code point order, "A\tb" < "a\\b" < 'b"q' < "zeta" < "été"; other columns untouched
    assert [str(row.get(names)) for row in on_bytes] == ['A\tb; a\\b; b"q; zeta; \u00e9t\u00e9', "dos; uno", "urn:b;%20a", "None"]
    assert [str(row.get(Variable("other"))) for row in on_bytes] == ["y; x", "None", "None", "b; a"]
