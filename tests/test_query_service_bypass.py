"""SERVICE and FROM are refused in every spelling: what is checked is what runs, and the engine has no network.

A real HTTP server on loopback counts the requests it gets; every variant of a
hidden SERVICE (line terminators that one parser ends a comment at and the
other does not, codepoint escapes, escaped characters in names, long strings)
must leave it at zero, on both stores and through every way a question comes
in (argument, standard input, -f, a folder of saved questions).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.rdf.store import open_graph
from kg.rdf.terms import AIC, AID
from kg.sparql.checks import PreparedQuery, prepare_query
from kg.sparql.sandbox import run_query

from servers import CountingSparqlServer, loopback_http

MINI = Path(__file__).parent / "fixtures" / "mini"
REFUSED = "query: refused: SERVICE reaches the network; give --allow-service to let it\n"


@pytest.fixture
def server():
    CountingSparqlServer.hits = []
    with loopback_http(CountingSparqlServer) as httpd:
        yield f"{httpd.url}/x"


def _kg(*args, input=None):
    return CliRunner().invoke(main, [*map(str, args), "--data", str(MINI)], input=input, catch_exceptions=False)


#: Each hides ``SERVICE <URL> { ... }`` from a parser that reads comments, strings or escapes differently.
HIDDEN = [
    "SELECT * WHERE { ?s ?p ?o # note\rSERVICE <URL> { ?a ?b ?c }\n} LIMIT 1",  # a lone CR ends a comment
    "SELECT * WHERE { ?s ?p ?o # note\r\nSERVICE <URL> { ?a ?b ?c }\r\n} LIMIT 1",  # CR LF
    "SELECT * WHERE {\r?s ?p ?o .\rSERVICE <URL> { ?a ?b ?c } } LIMIT 1",  # CR only, no comment
    "SELECT * WHERE { ?s ?p ?o # note\\u000DSERVICE <URL> { ?a ?b ?c }\n} LIMIT 1",  # an escaped CR in a comment
    "SELECT * WHERE { ?s ?p ?o # note\\u000ASERVICE <URL> { ?a ?b ?c }\n} LIMIT 1",  # an escaped LF in a comment
    "SELECT * WHERE { ?s ?p ?o \\u0053ERVICE <URL> { ?a ?b ?c } } LIMIT 1",  # the keyword escaped
    "SELECT * WHERE { ?s ?p ?o \\U00000053\\U00000045RVICE <URL> { ?a ?b ?c } } LIMIT 1",
    "SELECT * WHERE { ?s ?p ?o . sErViCe <URL> { ?a ?b ?c } } LIMIT 1",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o != '''a\r#''') SERVICE <URL> { ?a ?b ?c } } LIMIT 1",  # CR in a long string
    "SELECT * WHERE { ?s ?p ?o FILTER(?o != \"\"\"x\"\"y\r\n\"\"\") SERVICE <URL> { ?a ?b ?c } } LIMIT 1",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o != 'x\\'#') SERVICE <URL> { ?a ?b ?c } } LIMIT 1",  # an escaped quote
    "SELECT * WHERE { ?s ?p ?o . ?s aic:a\\#b ?o\rSERVICE <URL> { ?a ?b ?c } } LIMIT 1",  # \\# inside a name
    "SELECT * WHERE { ?s ?p ?o . ?s aic:a\\' ?o . SERVICE <URL> { ?a ?b ?c } FILTER(?o != 'x') } LIMIT 1",
    "SELECT * WHERE { ?s ?p 5 SERVICE SILENT <URL> { ?a ?b ?c } } LIMIT 1",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE\t<URL> { ?a ?b ?c } } } LIMIT 1",
]


def _spelled(variant: str, url: str) -> str:
    return variant.replace("URL", url)


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
@pytest.mark.parametrize("variant", HIDDEN)
def test_hidden_service_is_refused_and_never_reaches_the_server(server, variant, store):
    result = _kg("query", _spelled(variant, server), "--store", store)
    assert result.exit_code == 2, result.output
    # rdflib cannot read a '#' in a long string after a line break: a syntax error, which also runs nothing
    assert result.output == REFUSED or (result.output.startswith("query:") and "SPARQL syntax error" in result.output)
    assert "Traceback" not in result.output
    assert CountingSparqlServer.hits == []


@pytest.mark.parametrize("variant", HIDDEN[:4] + HIDDEN[5:6])
def test_hidden_service_through_stdin_a_file_and_saved_questions(server, variant, tmp_path):
    text = _spelled(variant, server)
    piped = _kg("query", "-", input=text.encode("utf-8"))
    assert (piped.exit_code, piped.output) == (2, REFUSED.replace("query:", "<stdin>:"))
    query_file = tmp_path / "hidden.rq"
    query_file.write_bytes(text.encode("utf-8"))
    from_file = CliRunner().invoke(main, ["query", "-f", str(query_file), "--data", str(MINI)], catch_exceptions=False)
    assert from_file.exit_code == 2 and "refused: SERVICE reaches the network" in from_file.output
    saved_dir = tmp_path / "saved"
    saved_dir.mkdir()
    (saved_dir / "hidden.rq").write_bytes(b"# title: a question with a hidden SERVICE\n" + text.encode("utf-8"))
    saved = _kg("query", "hidden", "--queries", saved_dir)
    assert saved.exit_code == 2 and "refused: SERVICE reaches the network" in saved.output
    assert CountingSparqlServer.hits == []


@pytest.mark.parametrize("text", [
    "SELECT * \\u0046ROM <URL> WHERE { ?s ?p ?o }",
    "SELECT * # x\rFROM <URL> WHERE { ?s ?p ?o }",
    "SELECT * # x\rFROM NAMED <URL> WHERE { ?s ?p ?o }",
])
def test_hidden_from_is_refused(server, text):
    result = _kg("query", _spelled(text, server))
    assert result.exit_code == 2 and "refused: FROM and FROM NAMED are not supported" in result.output
    assert CountingSparqlServer.hits == []


def test_an_escape_that_spells_an_escape_is_refused(server):
    result = _kg("query", _spelled("SELECT * WHERE { ?s ?p ?o \\u005Cu0053ERVICE <URL> { ?a ?b ?c } }", server))
    assert result.exit_code == 2
    assert result.output == "query: refused: an escape that spells another escape (\\u005Cu...): write the character itself\n"
    assert CountingSparqlServer.hits == []


@pytest.mark.parametrize("escape", ["\\UFFFFFFFF", "\\U00110000", "\\uD800"])
def test_an_escape_of_no_character_is_a_one_line_syntax_error(escape):
    result = _kg("query", f"ASK {{ ?s ?p '{escape}' }}")
    assert result.exit_code == 2
    assert result.output == f"query:1: column 14: {escape} is not a Unicode character\n"


def test_allow_service_still_reaches_the_server_whatever_the_line_terminators(server):
    text = _spelled("SELECT ?a WHERE {\r\n  # ask the service\r  SERVICE <URL> { ?a ?b ?c }\r\n}", server)
    result = _kg("query", text, "--allow-service", "--format", "csv")
    assert (result.exit_code, result.stdout_bytes) == (0, b"a\r\nremote\r\n")
    assert len(CountingSparqlServer.hits) == 1


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_the_engine_has_no_network_even_for_an_unchecked_query(server, store):
    """Defence in depth: a SERVICE that got past every check still cannot reach the server."""
    graph = open_graph(store)
    graph.add((AID.alpha, AIC.investsIn, AID.beta))
    checked = prepare_query(f"SELECT ?a WHERE {{ SERVICE <{server}> {{ ?a ?b ?c }} }}", allow_service=True)
    unchecked = PreparedQuery(checked.text, "query", checked.algebra, checked.kind, checked.variables, allow_service=False)
    with pytest.raises(Exception):
        run_query(graph, unchecked)
    assert CountingSparqlServer.hits == []
    assert [str(row.a) for row in run_query(graph, checked, allow_service=True)] == ["remote"]
    assert len(CountingSparqlServer.hits) == 1


@pytest.mark.parametrize("value", ["<http://x y>", "<http://x> } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c>", '<a"b>'])
def test_a_parameter_iri_that_is_not_one_is_refused_without_traceback(value):
    result = _kg("query", "SELECT ?x WHERE { ?x ?p ?firm }", "--param", f"firm={value}")
    assert result.exit_code == 2
    assert result.output.startswith(f"--param: cannot read '{value}'") and "Traceback" not in result.output
