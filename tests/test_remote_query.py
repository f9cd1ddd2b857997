"""``kg query --endpoint``: questions asked on real servers give the local answers, in every format."""

from __future__ import annotations

import csv
import io
import shlex
from pathlib import Path

import pytest
from rdflib.query import Result

from kg.rdf.serialize import serialize
from kg.workspace import built_graph
from kg.paths import shipped_data_dir
from kg.sparql.saved import saved_queries
from servers import HOST, free_port, select_bindings

pytestmark = pytest.mark.server

REMOTE = Path(__file__).parent / "fixtures" / "remote"
SHIPPED = "urn:kg-test:shipped"
SOLUTION_FORMATS = ("csv", "tsv", "json", "xml", "table")


@pytest.fixture(scope="module")
def shipped_file(tmp_path_factory) -> Path:
    """The graph of the shipped data in one Turtle file, asked locally and pushed to the servers."""
    path = tmp_path_factory.mktemp("shipped") / "graph.ttl"
    path.write_bytes(serialize(built_graph(shipped_data_dir()), "turtle"))
    return path


@pytest.fixture(scope="module", params=["virtuoso", "oxigraph"])
def shipped_on(request, shipped_file) -> str:
    """A server's query URL, its named graph SHIPPED holding the shipped graph."""
    from click.testing import CliRunner

    from kg.cli import main

    server = request.getfixturevalue(request.param)
    url = server.sparql_url if request.param == "virtuoso" else server.query_url
    pushed = CliRunner().invoke(main, ["push", "--endpoint", url, "--named-graph", SHIPPED, "--graph", str(shipped_file)])
    assert pushed.exit_code == 0, pushed.output
    return url


def _example_params(example: str) -> list[str]:
    """The ``--param NAME=VALUE`` arguments of a saved question's example line."""
    words = shlex.split(example)
    return [arg for flag, value in zip(words, words[1:]) if flag in ("--param", "-p") for arg in (flag, value)]


def _rows_rows(output: bytes, fmt: str) -> list[list[str]]:
    """The rows of a SELECT answer as text, header first."""
    if fmt == "csv":
        return list(csv.reader(io.StringIO(output.decode("utf-8"))))
    if fmt == "table":
        return [line.split() for line in output.decode("utf-8").splitlines()]
    parsed = Result.parse(io.BytesIO(output), format=fmt)
    return [[str(v) for v in parsed.vars]] + [[str(row.get(v, "")) for v in parsed.vars] for row in parsed.bindings]


def _rows_with_sorted_lists(output: bytes, fmt: str) -> list[list[str]]:
    """The rows of a SELECT answer, each "a; b" cell (GROUP_CONCAT) as its sorted items."""
    return [["; ".join(sorted(cell.split("; "))) for cell in row] for row in _rows_rows(output, fmt)]


SAVED = sorted(saved_queries(()).values(), key=lambda saved: saved.name)
#: Every question in JSON (every term with its datatype and language: the strictest) and CSV; these
#: also in TSV, XML and the table. The formats are written by the same code locally and remotely.
ALL_FORMATS_FOR = {"circular-money", "investors-of", "stakes"}


@pytest.fixture(scope="module")
def local_answers():
    """Local outputs, kept across the servers: (question, format) -> bytes."""
    return {}


@pytest.mark.parametrize("saved", SAVED, ids=[saved.name for saved in SAVED])
def test_every_saved_question_gets_the_local_answer_from_the_server(run_kg, saved, shipped_on, shipped_file, local_answers):
    params = _example_params(saved.example)
    assert len(params) == 2 * len(saved.params)  # every parameter has a value from the example
    for fmt in SOLUTION_FORMATS if saved.name in ALL_FORMATS_FOR else ("json", "csv"):
        if (saved.name, fmt) not in local_answers:
            local = run_kg("query", saved.name, *params, "--graph", shipped_file, "--format", fmt)
            assert local.exit_code == 0, local.output
            local_answers[saved.name, fmt] = local.stdout_bytes
        expected = local_answers[saved.name, fmt]
        if fmt == "csv":
            assert len(expected.splitlines()) >= 2  # a real answer: a header and rows
        remote = run_kg("query", saved.name, *params, "--endpoint", shipped_on, "--named-graph", SHIPPED, "--format", fmt)
        assert remote.exit_code == 0, remote.output
        # Byte for byte, joined lists (GROUP_CONCAT) included: kg sorts their items whatever order the engine gave.
        assert remote.stdout_bytes == expected, f"{saved.name} --format {fmt}"
        if "GROUP_CONCAT" in saved.text.upper():
            assert _rows_with_sorted_lists(expected, fmt) == _rows_rows(expected, fmt)  # the lists are sorted


@pytest.fixture(scope="module")
def two_graphs(virtuoso):
    """Virtuoso, whose default graph is the union of all graphs, with v1 and v2 in two named graphs."""
    from click.testing import CliRunner

    from kg.cli import main

    for name, path in (("urn:kg-test:scope-v1", REMOTE / "v1.nt"), ("urn:kg-test:scope-v2", REMOTE / "v2.nt")):
        pushed = CliRunner().invoke(main, ["push", "--endpoint", virtuoso.sparql_url, "--named-graph", name, "--graph", str(path)])
        assert pushed.exit_code == 0, pushed.output
    return virtuoso


LABELS = "SELECT ?label WHERE { <https://example.org/acme> rdfs:label ?label } ORDER BY ?label"


def test_a_question_sees_only_its_named_graph(run_kg, two_graphs):
    v1 = run_kg("query", LABELS, "--endpoint", two_graphs.sparql_url, "--named-graph", "urn:kg-test:scope-v1", "--format", "csv")
    v2 = run_kg("query", LABELS, "--endpoint", two_graphs.sparql_url, "--named-graph", "urn:kg-test:scope-v2", "--format", "csv")
    assert v1.exit_code == 0 and v2.exit_code == 0
    # (How "Acme"@en and "Acme Italia"@it sort is the engine's choice: SPARQL leaves it open.)
    assert sorted(v1.stdout.splitlines()) == ["Acme", "Acme Italia", "label"]
    assert v2.stdout.splitlines() == ["label", "Acme Corp."]
    # Asked without a graph, Virtuoso answers from all graphs at once: why the scoping matters.
    everything = select_bindings(
        two_graphs.sparql_url, "SELECT ?label WHERE { <https://example.org/acme> <http://www.w3.org/2000/01/rdf-schema#label> ?label }")
    assert {"Acme", "Acme Italia", "Acme Corp."} <= {row["label"]["value"] for row in everything}


@pytest.mark.parametrize("question,fmt", [
    ("ASK { <https://example.org/deal/2> aic:amount ?a }", "table"),
    ("ASK { <https://example.org/deal/1> ?p ?o }", "json"),
    ("CONSTRUCT { ?deal aic:investor ?who } WHERE { ?deal aic:investor ?who }", "turtle"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "nt"),
    ("SELECT ?deal ?value WHERE { ?deal aic:amount/schema:value ?value }", "json"),
])
def test_ask_construct_and_describe_answers_match_the_local_ones(run_kg, two_graphs, oxigraph, question, fmt):
    local = run_kg("query", question, "--graph", REMOTE / "v2.nt", "--format", fmt)
    assert local.exit_code == 0, local.output
    pushed = run_kg("push", "--endpoint", oxigraph.query_url, "--named-graph", "urn:kg-test:scope-v2", "--graph", REMOTE / "v2.nt")
    assert pushed.exit_code == 0, pushed.output
    for url in (two_graphs.sparql_url, oxigraph.query_url):
        remote = run_kg("query", question, "--endpoint", url, "--named-graph", "urn:kg-test:scope-v2", "--format", fmt)
        assert remote.exit_code == 0, remote.output
        assert remote.stdout_bytes == local.stdout_bytes, url


def test_describe_gives_at_least_what_rdflib_gives(run_kg, two_graphs, oxigraph):
    # What DESCRIBE returns is the engine's choice (SPARQL 1.1, 16.4): rdflib and Oxigraph give the
    # resource's own triples, Virtuoso adds those that point at it.
    question = "DESCRIBE <https://example.org/deal/2/amount>"
    local = run_kg("query", question, "--graph", REMOTE / "v2.nt", "--format", "nt")
    assert local.stdout.splitlines() == [
        '<https://example.org/deal/2/amount> <https://schema.org/value> "30000000000.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .']
    pushed = run_kg("push", "--endpoint", oxigraph.query_url, "--named-graph", "urn:kg-test:scope-v2", "--graph", REMOTE / "v2.nt")
    assert pushed.exit_code == 0, pushed.output
    answers = {}
    for name, url in (("virtuoso", two_graphs.sparql_url), ("oxigraph", oxigraph.query_url)):
        remote = run_kg("query", question, "--endpoint", url, "--named-graph", "urn:kg-test:scope-v2", "--format", "nt")
        assert remote.exit_code == 0, remote.output
        answers[name] = remote.stdout.splitlines()
    assert answers["oxigraph"] == local.stdout.splitlines()
    assert answers["virtuoso"] == sorted(local.stdout.splitlines() + [
        "<https://example.org/deal/2> <https://w3id.org/aicompute/ontology#amount> <https://example.org/deal/2/amount> ."])


def test_the_two_ask_answers_worked_out_by_hand(run_kg, two_graphs):
    ask = "ASK { <https://example.org/deal/2> aic:amount ?a }"
    yes = run_kg("query", ask, "--endpoint", two_graphs.sparql_url, "--named-graph", "urn:kg-test:scope-v2")
    no = run_kg("query", ask, "--endpoint", two_graphs.sparql_url, "--named-graph", "urn:kg-test:scope-v1")
    assert (yes.stdout, no.stdout) == ("true\n", "false\n")


def test_a_param_is_bound_on_the_server_as_locally(run_kg, two_graphs):
    question = "SELECT ?deal WHERE { ?deal aic:investor ?firm }"
    remote = run_kg("query", question, "--param", "firm=<https://example.org/acme>", "--endpoint", two_graphs.sparql_url,
                    "--named-graph", "urn:kg-test:scope-v2", "--format", "csv")
    assert remote.exit_code == 0, remote.output
    assert remote.stdout.splitlines() == ["deal", "https://example.org/deal/2"]


def test_answers_longer_than_virtuosos_row_limit_come_back_whole(run_kg, virtuoso, tmp_path):
    rows = 25_000  # Virtuoso's ResultSetMaxRows is 10,000 by default
    big = tmp_path / "ranks.nt"
    big.write_text("".join(
        f'<https://example.org/thing/{i}> <https://example.org/rank> "{i}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        for i in range(rows)))
    named = "urn:kg-test:many-rows"
    assert run_kg("push", "--endpoint", virtuoso.sparql_url, "--named-graph", named, "--graph", big).exit_code == 0
    question = "SELECT ?thing ?rank WHERE { ?thing <https://example.org/rank> ?rank } ORDER BY ?rank"
    # The cap is real: asked plainly, Virtuoso gives 10,000 rows and no error.
    capped = select_bindings(virtuoso.sparql_url, f"SELECT ?thing ?rank WHERE {{ GRAPH <{named}> {{ ?thing <https://example.org/rank> ?rank }} }}")
    assert len(capped) == 10_000
    remote = run_kg("query", question, "--endpoint", virtuoso.sparql_url, "--named-graph", named, "--format", "csv")
    assert remote.exit_code == 0, remote.output
    lines = remote.stdout.splitlines()
    assert len(lines) == rows + 1
    assert lines[1] == "https://example.org/thing/0,0" and lines[-1] == f"https://example.org/thing/{rows - 1},{rows - 1}"
    assert [int(line.rsplit(",", 1)[1]) for line in lines[1:]] == list(range(rows))


def test_query_on_a_server_that_is_down(run_kg):
    url = f"http://{HOST}:{free_port()}/sparql"
    result = run_kg("query", LABELS, "--endpoint", url, "--timeout", "3")
    assert result.exit_code == 1
    assert f"{url}: connection refused (is the server running?)" in result.output
    assert "(tried 3 times)" in result.output  # refused, then after 0.5 s and 1 s; a 2 s pause would pass the 3 s


def test_query_with_wrong_credentials(run_kg, virtuoso, monkeypatch):
    monkeypatch.setenv("KG_TEST_BAD", "wrong")
    result = run_kg("query", LABELS, "--endpoint", virtuoso.sparql_auth_url, "--user", "dba", "--password-env", "KG_TEST_BAD",
                    "--auth", "digest")
    assert result.exit_code == 1
    assert "refused the credentials of user 'dba' (digest auth, HTTP 401)" in result.output


def test_query_endpoint_and_graph_files_do_not_mix(run_kg):
    result = run_kg("query", LABELS, "--endpoint", "http://127.0.0.1:9/sparql", "--graph", REMOTE / "v1.nt")
    assert result.exit_code == 2
    assert "give --graph (ask files here) or --endpoint (ask a server), not both" in result.output


def test_updates_are_refused_before_anything_is_sent(run_kg):
    # Port 9 has no server: a request would fail with "connection refused"; the refusal comes first.
    result = run_kg("query", "DROP GRAPH <urn:kg-test:scope-v1>", "--endpoint", "http://127.0.0.1:9/sparql")
    assert result.exit_code == 2
    assert "refused: DROP would change data" in result.output


def test_kg_query_reaches_kg_serve(run_kg, tmp_path):
    from test_remote_serve import start_serving, stop

    serving = start_serving(tmp_path, "--graph", str(REMOTE / "v1.nt"))
    try:
        remote = run_kg("query", LABELS, "--endpoint", serving.url, "--format", "csv")
    finally:
        stop(serving.process)
    assert remote.exit_code == 0, remote.output
    assert remote.stdout.splitlines() == ["label", "Acme", "Acme Italia"]
