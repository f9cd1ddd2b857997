"""``kg push`` against real servers on loopback: Virtuoso (anonymous and digest) and Oxigraph.

What reached the server is read back with SPARQLWrapper, not with kg's own code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.rdf.terms import GRAPH_IRI
from kg.cli.endpoint import DEFAULT_NAMED_GRAPH
from kg.workspace import built_graph
from servers import by_value, graph_size, graph_triples, select_bindings

pytestmark = pytest.mark.server

REMOTE = Path(__file__).parent / "fixtures" / "remote"
PASSWORD_ENV = "KG_TEST_SERVER_PASSWORD"


class Target:
    """One way to reach a server: what ``kg push`` is given, and where to read back anonymously."""

    def __init__(self, name: str, args: list[str], read_url: str, base: str):
        self.name, self.args, self.read_url, self.base = name, args, read_url, base


@pytest.fixture(params=["virtuoso", "virtuoso-digest", "oxigraph"])
def target(request, monkeypatch) -> Target:
    if request.param == "oxigraph":
        server = request.getfixturevalue("oxigraph")
        return Target(request.param, ["--endpoint", server.query_url], server.query_url, server.base)
    server = request.getfixturevalue("virtuoso")
    if request.param == "virtuoso":
        return Target(request.param, ["--endpoint", server.sparql_url], server.sparql_url, server.base)
    monkeypatch.setenv(PASSWORD_ENV, "dba")
    args = ["--endpoint", server.sparql_auth_url, "--user", "dba", "--password-env", PASSWORD_ENV, "--auth", "digest"]
    return Target(request.param, args, server.sparql_url, server.base)


def file_triples(path: Path) -> set:
    return set(Graph().parse(path))


def test_default_named_graph_is_the_build_graph_iri():
    assert DEFAULT_NAMED_GRAPH == str(GRAPH_IRI)


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_push_puts_exactly_the_file_into_the_named_graph(run_kg, target, method):
    named = f"urn:kg-test:push:{target.name}:{method}"
    result = run_kg("push", *target.args, "--named-graph", named, "--method", method, "--graph", REMOTE / "v2.nt")
    assert result.exit_code == 0, result.output
    expected_method = "graph store protocol" if method == "gsp" else "sparql update"
    assert f"pushed 7 triples to <{named}>" in result.output
    assert f"by {expected_method}" in result.output
    assert "the server counts 7 there" in result.output
    on_server = graph_triples(target.read_url, named)
    assert by_value(on_server) == by_value(file_triples(REMOTE / "v2.nt"))
    # Spot checks worked out from v2.nt by hand: the escaped, multi-line, non-ASCII comment and the typed literals.
    comment = Literal('a "quoted" note\nover two lines, with é and 中文', lang="en")
    assert (URIRef("https://example.org/deal/2"), URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), comment) in on_server
    assert any(o == Literal("2025", datatype=XSD.gYear) for _s, _p, o in on_server)
    # Nothing is left behind in the staging graph.
    assert graph_size(target.read_url, f"{named}/kg-push-staging") == 0


def test_push_replaces_the_previous_version(run_kg, target):
    named = f"urn:kg-test:replace:{target.name}"
    assert run_kg("push", *target.args, "--named-graph", named, "--graph", REMOTE / "v1.nt").exit_code == 0
    assert by_value(graph_triples(target.read_url, named)) == by_value(file_triples(REMOTE / "v1.nt"))
    result = run_kg("push", *target.args, "--named-graph", named, "--graph", REMOTE / "v2.nt")
    assert result.exit_code == 0, result.output
    assert by_value(graph_triples(target.read_url, named)) == by_value(file_triples(REMOTE / "v2.nt"))


def test_push_leaves_other_named_graphs_alone(run_kg, target):
    first, second = f"urn:kg-test:first:{target.name}", f"urn:kg-test:second:{target.name}"
    assert run_kg("push", *target.args, "--named-graph", first, "--graph", REMOTE / "v1.nt").exit_code == 0
    assert run_kg("push", *target.args, "--named-graph", second, "--graph", REMOTE / "v2.nt").exit_code == 0
    assert by_value(graph_triples(target.read_url, first)) == by_value(file_triples(REMOTE / "v1.nt"))
    assert by_value(graph_triples(target.read_url, second)) == by_value(file_triples(REMOTE / "v2.nt"))


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_push_of_the_built_graph_to_the_default_named_graph(run_kg, target, method, mini_data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no build/graph.ttl here: the graph is built from the data
    local = set(built_graph(mini_data))
    result = run_kg("push", *target.args, "--method", method, "--data", mini_data)
    assert result.exit_code == 0, result.output
    assert f"pushed {len(local)} triples to <{GRAPH_IRI}>" in result.output
    on_server = graph_triples(target.read_url, str(GRAPH_IRI))
    assert len(on_server) == len(local)
    assert by_value(on_server) == by_value(local)


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_blank_nodes_are_skolemised_and_stay_one_node_across_batches(run_kg, target, method, tmp_path):
    # One blank node with 1,100 facts: sent by SPARQL Update it spans two INSERT DATA batches.
    lines = ["<https://example.org/x> <https://example.org/has> _:shared ."]
    lines += [f'_:shared <https://example.org/n> "{i}"^^<http://www.w3.org/2001/XMLSchema#integer> .' for i in range(1100)]
    big = tmp_path / "shared-bnode.nt"
    big.write_text("\n".join(lines) + "\n")
    named = f"urn:kg-test:bnodes:{target.name}:{method}"
    result = run_kg("push", *target.args, "--named-graph", named, "--method", method, "--graph", big)
    assert result.exit_code == 0, result.output
    rows = select_bindings(target.read_url, f"""
        SELECT (COUNT(DISTINCT ?node) AS ?nodes) (COUNT(?n) AS ?facts) (SUM(IF(isBlank(?node), 1, 0)) AS ?blank)
        WHERE {{ GRAPH <{named}> {{ <https://example.org/x> <https://example.org/has> ?node . ?node <https://example.org/n> ?n }} }}""")
    assert (int(rows[0]["nodes"]["value"]), int(rows[0]["facts"]["value"]), int(rows[0]["blank"]["value"])) == (1, 1100, 0)


def test_blank_nodes_of_a_turtle_file(run_kg, target):
    named = f"urn:kg-test:bnodes-ttl:{target.name}"
    result = run_kg("push", *target.args, "--named-graph", named, "--graph", REMOTE / "bnodes.ttl")
    assert result.exit_code == 0, result.output
    on_server = graph_triples(target.read_url, named)
    assert len(on_server) == 5
    assert not any(term.startswith("_:") or not isinstance(term, (URIRef, Literal)) for triple in on_server for term in triple)
    skolem = {o for s, p, o in on_server if p == URIRef("https://w3id.org/aicompute/ontology#amount")}
    assert len(skolem) == 1 and "/.well-known/genid/" in str(next(iter(skolem)))
    assert {(p, o) for s, p, o in on_server if s in skolem} == {
        (URIRef("https://schema.org/value"), Literal(5)),
        (URIRef("https://schema.org/currency"), Literal("USD")),
    }


def test_falls_back_to_sparql_update_where_there_is_no_graph_store(run_kg, target):
    named = f"urn:kg-test:fallback:{target.name}"
    missing = f"{target.base}/no-graph-store-here"
    result = run_kg("push", *target.args, "--named-graph", named, "--gsp-url", missing, "--graph", REMOTE / "v2.nt")
    assert result.exit_code == 0, result.output
    assert f"no Graph Store Protocol at {missing} (HTTP 404): used SPARQL Update" in result.output
    assert "by sparql update" in result.output
    assert by_value(graph_triples(target.read_url, named)) == by_value(file_triples(REMOTE / "v2.nt"))


def test_virtuoso_rejects_one_big_insert_data_which_is_why_pushes_batch(virtuoso):
    body = "\n".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(1500))
    answer = requests.post(virtuoso.sparql_url, data={"update": f"INSERT DATA {{ GRAPH <urn:kg-test:one-big> {{ {body} }} }}"}, timeout=60)
    assert answer.status_code >= 400
    assert graph_size(virtuoso.sparql_url, "urn:kg-test:one-big") == 0


def test_push_needs_an_http_endpoint(run_kg):
    result = run_kg("push", "--endpoint", "ftp://127.0.0.1/sparql", "--graph", REMOTE / "v1.nt")
    assert result.exit_code == 2
    assert "'ftp://127.0.0.1/sparql' is not an http(s) URL" in result.output


def test_push_password_variable_must_be_set(run_kg, monkeypatch):
    monkeypatch.delenv("KG_TEST_UNSET_PASSWORD", raising=False)
    result = run_kg("push", "--endpoint", "http://127.0.0.1:9/sparql", "--user", "u",
                    "--password-env", "KG_TEST_UNSET_PASSWORD", "--graph", REMOTE / "v1.nt")
    assert result.exit_code == 2
    assert "KG_TEST_UNSET_PASSWORD: that environment variable is not set" in result.output
