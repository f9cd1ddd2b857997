"""kg.api's servers on real ones (tests/servers.py): push, query(endpoint=), serve as a context manager.

Values worked out by hand from tests/fixtures/remote (v1.nt: 5 triples, Acme labelled
"Acme"@en and "Acme Italia"@it; v2.nt: 7 triples, Acme labelled "Acme Corp."@en) and
tests/fixtures/mini (Bigcloud invests up to 2B in Alpha AI).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.problems import RemoteError
from servers import by_value, free_port, graph_triples, port_answers

pytestmark = pytest.mark.server

REMOTE = Path(__file__).parent / "fixtures" / "remote"
MINI = Path(__file__).parent / "fixtures" / "mini"
LABELS = "SELECT ?label WHERE { <https://example.org/acme> rdfs:label ?label } ORDER BY ?label"


def test_the_default_named_graph_is_the_build_graph_iri():
    from kg.api_remote import NAMED_GRAPH
    from kg.cli.endpoint import DEFAULT_NAMED_GRAPH
    from kg.rdf.terms import GRAPH_IRI

    assert NAMED_GRAPH == DEFAULT_NAMED_GRAPH == str(GRAPH_IRI)


@pytest.mark.parametrize("method, used", [("auto", "graph store protocol"), ("update", "sparql update")])
def test_push_replaces_the_named_graph_and_query_reads_it_back(oxigraph, method, used):
    named = f"urn:kg-test:api-push:{method}"
    first = kg.push(kg.load(REMOTE / "v1.nt"), oxigraph.query_url, named_graph=named, method=method)
    assert (first.named_graph, first.triples, first.counted, first.method) == (named, 5, 5, used)
    labels = kg.query(None, LABELS, endpoint=oxigraph.query_url, named_graph=named)
    assert labels.rows == [{"label": "Acme"}, {"label": "Acme Italia"}]

    sent = []
    second = kg.push(kg.load(REMOTE / "v2.nt"), oxigraph.query_url, named_graph=named, method=method,
                     progress=lambda done, total: sent.append((done, total)))
    assert (second.triples, second.counted) == (7, 7)
    assert sent[-1] == (7, 7)
    assert by_value(graph_triples(oxigraph.query_url, named)) == by_value(set(kg.load(REMOTE / "v2.nt")))
    # The server's answer is the local one, row for row.
    remote = kg.query(None, LABELS, endpoint=oxigraph.query_url, named_graph=named)
    assert remote.rows == kg.query(kg.load(REMOTE / "v2.nt"), LABELS).rows == [{"label": "Acme Corp."}]


def test_a_saved_question_on_a_server_answers_as_on_the_graph(oxigraph):
    named = "urn:kg-test:api-saved"
    graph = kg.build(MINI)
    kg.push(graph, oxigraph.query_url, named_graph=named)
    remote = kg.query(None, "investors-of", {"firm": "alpha-ai"}, endpoint=oxigraph.query_url, named_graph=named)
    local = kg.query(graph, "investors-of", {"firm": "alpha-ai"})
    assert [row["investor"] for row in remote.rows] == ["aid:bigcloud"]
    assert remote.rows == local.rows
    assert remote.serialize("csv") == local.serialize("csv")


def test_push_logs_in_and_says_which_argument_is_missing(virtuoso):
    named = "urn:kg-test:api-login"
    v1 = kg.load(REMOTE / "v1.nt")
    report = kg.push(v1, virtuoso.sparql_auth_url, named_graph=named, user="dba", password="dba", auth="digest")
    assert report.counted == 5
    with pytest.raises(RemoteError) as wrong:
        kg.push(kg.load(REMOTE / "v2.nt"), virtuoso.sparql_auth_url, named_graph=named, user="dba",
                password="not-the-password", auth="digest")
    assert f"{virtuoso.sparql_auth_url} refused the credentials of user 'dba' (digest auth, HTTP 401)" in str(wrong.value)
    assert "not-the-password" not in str(wrong.value)
    with pytest.raises(RemoteError) as anonymous:
        kg.push(kg.load(REMOTE / "v2.nt"), virtuoso.sparql_auth_url, named_graph=named)
    assert anonymous.value.param == "user"
    assert "needs credentials (HTTP 401): give user and password." in str(anonymous.value)
    assert "--" not in str(anonymous.value)
    # Neither failed push touched the named graph.
    assert by_value(graph_triples(virtuoso.sparql_url, named)) == by_value(set(v1))


def test_serve_answers_while_the_block_runs_and_stops_after():
    port = free_port()
    graph = kg.build(MINI)
    with kg.serve(graph, port=port) as served:
        assert served.url == f"http://127.0.0.1:{port}/query"
        assert kg.query(None, "ASK { aid:bigcloud aic:investsIn aid:alpha-ai }", endpoint=served.url).boolean is True
        count = kg.query(None, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", endpoint=served.url)
        assert count.rows == [{"n": len(graph)}]
        # A second server cannot take the same port; the error names the argument to change.
        with pytest.raises(RemoteError) as taken:
            with kg.serve(graph, port=port):
                pass
        assert taken.value.param == "port" and str(taken.value).endswith("give another port")
    assert served.process.poll() is not None
    assert not port_answers(port)
