"""kg query and kg queries: asking, answer formats (read back by independent readers), refusals.

Answers are worked out by hand from tests/fixtures/mini (fictional firms: Alpha AI
buys compute from Bigcloud, which invests in it; ChipCo makes the chips X1 and X2).
"""

from __future__ import annotations

import contextlib
import csv
import http.server
import io
import json
import multiprocessing
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.query import Result

from kg.cli import main
from kg.problems import QueryProblem
from kg.sparql.sandbox import run_query
from kg.rdf.terms import AIC, AID
from kg.synthetic import synthetic_graph

from servers import loopback_http

MINI = Path(__file__).parent / "fixtures" / "mini"
ROOT = Path(__file__).resolve().parent.parent
CHIPS = "SELECT ?chip ?name WHERE { ?chip a aic:Chip ; rdfs:label ?name } ORDER BY ?name"
X1, X2 = "https://w3id.org/aicompute/id/chip-x1", "https://w3id.org/aicompute/id/chip-x2"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@pytest.fixture(scope="module")
def mini_graph(tmp_path_factory) -> Path:
    """A working folder whose build/graph.ttl is the mini graph (as kg build writes it)."""
    where = tmp_path_factory.mktemp("mini")
    _built(MINI, where / "build")
    return where


def _built(data: Path, build: Path, extra: str = "") -> None:
    """What kg build leaves in ``build`` for ``data`` (graph.ttl and its inputs' stamp), without the slow SHACL run."""
    from kg.workspace import STAMP_NAME, data_stamp

    result = CliRunner().invoke(main, ["export", "--data", str(data), "-o", str(build / "graph.ttl")])
    assert result.exit_code == 0, result.output
    with (build / "graph.ttl").open("a", encoding="utf-8") as turtle:
        turtle.write(extra)
    (build / STAMP_NAME).write_text(data_stamp(data), encoding="utf-8")


@pytest.fixture
def kg(mini_graph, monkeypatch):
    """Run kg from the mini graph's folder, on the mini data; returns the click Result."""
    monkeypatch.chdir(mini_graph)

    def run(*args, input=None):
        return CliRunner().invoke(main, [*map(str, args), "--data", str(MINI)] if args[0] == "query" else list(map(str, args)),
                                  input=input, catch_exceptions=False)

    return run


# ---------------------------------------------------------------------------- asking

def test_table_aligns_prefixed_names(kg):
    result = kg("query", CHIPS)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["chip", "name"]
    assert set(lines[1].replace(" ", "")) == {"─"}
    assert lines[2].split() == ["aid:chip-x1", "X1"] and lines[3].split() == ["aid:chip-x2", "X2"]
    assert lines[0].index("name") == lines[2].index("X1") == lines[3].index("X2")
    assert lines[4:] == ["(2 rows)"]


def test_question_from_file_and_from_standard_input(kg, tmp_path):
    question = tmp_path / "chips.rq"
    question.write_text(CHIPS)
    from_file = kg("query", "-f", question, "--format", "csv")
    from_stdin = kg("query", "-", "--format", "csv", input=CHIPS)
    assert from_file.exit_code == from_stdin.exit_code == 0, from_file.output + from_stdin.output
    assert from_file.stdout_bytes == from_stdin.stdout_bytes == f"chip,name\r\n{X1},X1\r\n{X2},X2\r\n".encode()


def test_a_query_may_declare_its_own_prefixes(kg):
    own = kg("query", "PREFIX aic: <http://example.org/other#> ASK { ?chip a aic:Chip }")
    declared = kg("query", "ASK { ?chip a aic:Chip . ?chip aic:successorOf ?older . ?older skos:x* ?older }")
    assert (own.exit_code, own.stdout) == (0, "false\n")
    assert (declared.exit_code, declared.stdout) == (0, "true\n")


def test_graph_files_instead_of_the_built_graph(kg, tmp_path):
    nt = tmp_path / "mine.nt"
    Graph().add((AID["z"], RDFS.label, Literal("Zed"))).serialize(nt, format="nt")
    result = kg("query", "SELECT ?label WHERE { ?x rdfs:label ?label }", "--graph", nt, "--format", "csv")
    assert (result.exit_code, result.stdout_bytes) == (0, b"label\r\nZed\r\n")
    missing = kg("query", "ASK {}", "--graph", tmp_path / "absent.ttl")
    assert missing.exit_code == 2 and "absent.ttl: file does not exist" in missing.output


def test_built_graph_is_read_while_it_matches_the_data(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    _built(data, tmp_path / "build", extra="<https://w3id.org/aicompute/id/marker> a <https://w3id.org/aicompute/ontology#Company> .\n")
    monkeypatch.chdir(tmp_path)
    ask = ["query", "--data", str(data), "ASK { aid:marker a aic:Company }"]
    assert CliRunner().invoke(main, ask).stdout == "true\n"  # answered from build/graph.ttl
    with (data / "things.yaml").open("a", encoding="utf-8") as things:
        things.write("# edited\n")
    assert CliRunner().invoke(main, ask).stdout == "false\n"  # the data changed: built again in memory


def test_built_graph_is_rebuilt_in_memory_when_missing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no build/graph.ttl here
    result = CliRunner().invoke(main, ["query", "--data", str(MINI), "--format", "csv",
                                       "SELECT ?who WHERE { ?who aic:investsIn aid:alpha-ai }"])
    assert (result.exit_code, result.stdout_bytes) == (0, b"who\r\nhttps://w3id.org/aicompute/id/bigcloud\r\n")
    assert not (tmp_path / "build").exists()


def test_output_file_is_written_with_the_format_of_its_extension(kg, tmp_path):
    target = tmp_path / "out" / "chips.csv"
    result = kg("query", CHIPS, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == f"chip,name\r\n{X1},X1\r\n{X2},X2\r\n".encode()
    failed = kg("query", "SELECT ?x WHERE { ?x ?y }", "-o", target)
    assert failed.exit_code == 2
    assert target.read_bytes() == f"chip,name\r\n{X1},X1\r\n{X2},X2\r\n".encode()  # left as it was
    assert [p.name for p in target.parent.iterdir()] == ["chips.csv"]  # no temporary file left


def test_param_binds_a_variable_and_warns_when_the_thing_is_unknown(kg):
    inline = kg("query", "SELECT ?who WHERE { ?who aic:investsIn ?firm }", "--param", "firm=alpha-ai", "--format", "csv")
    assert (inline.exit_code, inline.stdout_bytes) == (0, b"who\r\nhttps://w3id.org/aicompute/id/bigcloud\r\n")
    unknown = kg("query", "investors-of", "--param", "firm=Alpha-AI")
    assert unknown.exit_code == 2 and "cannot read 'Alpha-AI'" in unknown.output
    absent = kg("query", "investors-of", "--param", "firm=omega")
    assert absent.exit_code == 0 and "note: --param firm: aid:omega is not in the graph" in absent.stderr
    assert absent.stdout.splitlines()[-1] == "(0 rows)"


# ---------------------------------------------------------------------------- formats, read back independently

def test_json_follows_the_w3c_results_format(kg):
    result = kg("query", "SELECT ?chip ?generation ?older WHERE { ?chip aic:generation ?generation "
                "OPTIONAL { ?chip aic:successorOf ?older } } ORDER BY ?generation", "--format", "json")
    document = json.loads(result.stdout)
    assert document["head"]["vars"] == ["chip", "generation", "older"]
    assert document["results"]["bindings"] == [
        {"chip": {"type": "uri", "value": X1},
         "generation": {"type": "literal", "value": "1", "datatype": XSD_INTEGER}},
        {"chip": {"type": "uri", "value": X2},
         "generation": {"type": "literal", "value": "2", "datatype": XSD_INTEGER},
         "older": {"type": "uri", "value": X1}},
    ]
    solutions = list(pyoxigraph.parse_query_results(result.stdout_bytes, pyoxigraph.QueryResultsFormat.JSON))
    assert [s["older"] for s in solutions] == [None, pyoxigraph.NamedNode(X1)]


def test_xml_follows_the_w3c_results_format(kg):
    result = kg("query", CHIPS, "--format", "xml")
    root = ET.fromstring(result.stdout_bytes)
    assert root.tag == f"{RESULTS_NS}sparql"
    assert [v.get("name") for v in root.iter(f"{RESULTS_NS}variable")] == ["chip", "name"]
    rows = [{b.get("name"): b[0] for b in r} for r in root.iter(f"{RESULTS_NS}result")]
    assert [(r["chip"].tag, r["chip"].text) for r in rows] == [(f"{RESULTS_NS}uri", X1), (f"{RESULTS_NS}uri", X2)]
    assert [(r["name"].text, r["name"].get("{http://www.w3.org/XML/1998/namespace}lang")) for r in rows] == [("X1", "en"), ("X2", "en")]
    solutions = list(pyoxigraph.parse_query_results(result.stdout_bytes, pyoxigraph.QueryResultsFormat.XML))
    assert [s["name"] for s in solutions] == [pyoxigraph.Literal("X1", language="en"), pyoxigraph.Literal("X2", language="en")]


def test_csv_and_tsv_follow_the_w3c_results_formats(kg):
    query = "SELECT ?chip ?name ?generation WHERE { ?chip rdfs:label ?name ; aic:generation ?generation } ORDER BY ?name"
    as_csv = kg("query", query, "--format", "csv")
    assert list(csv.reader(io.StringIO(as_csv.stdout_bytes.decode(), newline=""))) == [["chip", "name", "generation"], [X1, "X1", "1"], [X2, "X2", "2"]]
    as_tsv = kg("query", query, "--format", "tsv")
    assert as_tsv.stdout.splitlines()[0] == "?chip\t?name\t?generation"
    parsed = Result.parse(io.BytesIO(as_tsv.stdout_bytes), format="tsv")  # rdflib's own TSV reader
    assert [tuple(row) for row in parsed] == [
        (URIRef(X1), Literal("X1", lang="en"), Literal(1)),
        (URIRef(X2), Literal("X2", lang="en"), Literal(2)),
    ]


def test_tsv_escapes_tabs_and_newlines(kg):
    result = kg("query", 'SELECT ?text WHERE { BIND("a\\tb\\nc" AS ?text) }', "--format", "tsv")
    assert result.stdout == '?text\n"a\\tb\\nc"\n'
    assert list(Result.parse(io.BytesIO(result.stdout_bytes), format="tsv"))[0][0] == Literal("a\tb\nc")


def test_ask_prints_true_or_false(kg):
    assert kg("query", "ASK { aid:bigcloud aic:investsIn aid:alpha-ai }").stdout == "true\n"
    assert kg("query", "ASK { aid:alpha-ai aic:investsIn aid:bigcloud }").stdout == "false\n"
    as_json = kg("query", "ASK { aid:bigcloud aic:holdsStakeIn aid:alpha-ai }", "--format", "json")
    assert json.loads(as_json.stdout) == {"head": {}, "boolean": True}


def test_construct_gives_turtle_nt_or_jsonld(kg):
    query = "CONSTRUCT { ?a aic:investsIn ?b } WHERE { ?a aic:investsIn ?b }"
    expected = {(AID["bigcloud"], AIC.investsIn, AID["alpha-ai"])}
    turtle = kg("query", query)
    assert "@prefix aid: <https://w3id.org/aicompute/id/> ." in turtle.stdout
    assert set(Graph().parse(data=turtle.stdout, format="turtle")) == expected
    nt = kg("query", query, "--format", "nt")
    assert [str(t) for t in pyoxigraph.parse(nt.stdout_bytes, format=pyoxigraph.RdfFormat.N_TRIPLES)] == [
        "<https://w3id.org/aicompute/id/bigcloud> <https://w3id.org/aicompute/ontology#investsIn> <https://w3id.org/aicompute/id/alpha-ai>"]
    jsonld = kg("query", query, "--format", "jsonld")
    assert set(Graph().parse(data=jsonld.stdout, format="json-ld")) == expected
    wrong = kg("query", query, "--format", "csv")
    assert wrong.exit_code == 2 and "a CONSTRUCT answer is a graph: use turtle, nt or jsonld" in wrong.output


def test_describe_gives_the_things_own_statements(kg):
    result = kg("query", "DESCRIBE aid:chip-x2")
    assert result.exit_code == 0, result.output
    chip = AID["chip-x2"]
    assert set(Graph().parse(data=result.stdout, format="turtle")) == {
        (chip, RDF.type, AIC.Chip), (chip, RDFS.label, Literal("X2", lang="en")), (chip, AIC.manufacturer, AID["chipco"]),
        (chip, AIC.generation, Literal(2)), (chip, AIC.successorOf, AID["chip-x1"]),
    }


# ---------------------------------------------------------------------------- saved questions

def test_queries_lists_every_saved_question_with_one_line(kg):
    result = kg("queries")
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == sorted([
        "investors-of", "money-in", "compute-commitments", "hardware-of", "capacity", "stakes", "timeline",
        "chips", "sources", "circular-money", "multi-cloud", "people"])
    assert re.search(r"^investors-of +Who invested in a company: how much, when, on which source --param firm=\.\.\.$",
                     result.stdout, re.MULTILINE)
    shown = kg("queries", "multi-cloud")
    assert shown.stdout.startswith("# title: Multi-cloud buyers") and "aic:buysComputeFrom" in shown.stdout


def test_own_folder_of_saved_questions(kg, tmp_path):
    (tmp_path / "chip-makers.rq").write_text("# title: Who makes chips\nSELECT DISTINCT ?maker WHERE { ?c aic:manufacturer ?maker }\n")
    listed = kg("queries", "--queries", tmp_path)
    assert "chip-makers" in listed.stdout and "Who makes chips" in listed.stdout
    asked = kg("query", "chip-makers", "--queries", tmp_path, "--format", "csv")
    assert (asked.exit_code, asked.stdout_bytes) == (0, b"maker\r\nhttps://w3id.org/aicompute/id/chipco\r\n")


def test_unknown_saved_name_lists_close_matches(kg):
    result = kg("query", "investor-of")
    assert result.exit_code == 2
    assert result.output == "investor-of: no saved question of that name; did you mean investors-of? (kg queries lists them)\n"


def test_saved_question_parameters_are_checked(kg):
    missing = kg("query", "hardware-of")
    assert missing.exit_code == 2 and "hardware-of: needs --param firm=VALUE" in missing.output
    extra = kg("query", "timeline", "--param", "firm=alpha-ai")
    assert extra.exit_code == 2 and "--param firm: not a parameter of this question" in extra.output
    malformed = kg("query", "hardware-of", "--param", "alpha-ai")
    assert malformed.exit_code == 2 and "'alpha-ai' is not NAME=VALUE" in malformed.output


# ---------------------------------------------------------------------------- safe by default

@pytest.mark.parametrize("update, words", [
    ("INSERT DATA { aid:a aic:investsIn aid:b }", "INSERT DATA"),
    ("DELETE DATA { aid:bigcloud aic:investsIn aid:alpha-ai }", "DELETE DATA"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE WHERE"),
    ("DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "DELETE/INSERT ... WHERE"),
    ("LOAD <http://127.0.0.1:9/x.ttl>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    ("CREATE GRAPH <urn:x>", "CREATE"),
    ("DROP DEFAULT", "DROP"),
])
def test_updates_are_refused_and_nothing_changes(kg, mini_graph, update, words):
    graph_file = mini_graph / "build" / "graph.ttl"
    before = (graph_file.read_bytes(), graph_file.stat().st_mtime_ns)
    result = kg("query", update)
    assert result.exit_code == 2
    assert result.output == f"query: refused: {words} would change data; kg query is read-only (nothing was changed)\n"
    assert (graph_file.read_bytes(), graph_file.stat().st_mtime_ns) == before


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "ASK { ?s ?p ?o FILTER EXISTS { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } } }",
])
def test_service_is_refused_without_allow_service(kg, query):
    result = kg("query", query)
    assert result.exit_code == 2
    assert result.output == "query: refused: SERVICE reaches the network; give --allow-service to let it\n"


def test_from_is_refused(kg):
    result = kg("query", "SELECT * FROM <http://127.0.0.1:9/g.ttl> WHERE { ?s ?p ?o }")
    assert result.exit_code == 2 and "refused: FROM and FROM NAMED are not supported" in result.output


class _SparqlEndpoint(http.server.BaseHTTPRequestHandler):
    """A loopback SPARQL endpoint that answers every query with one fixed row and counts requests."""

    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server hook name
        type(self).requests.append(self.path)
        if self.command == "POST":
            self.rfile.read(int(self.headers["Content-Length"]))
        body = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "literal", "value": "from the service"}}]}})
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body.encode())))  # Oxigraph's HTTP client reads no further
        self.end_headers()
        self.wfile.write(body.encode())

    do_POST = do_GET  # rdflib posts long queries (ours carry the prefix declarations)

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint():
    _SparqlEndpoint.requests = []
    with loopback_http(_SparqlEndpoint) as server:
        yield f"{server.url}/sparql"


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_allow_service_lets_the_query_reach_the_endpoint(kg, endpoint, store):
    query = f"SELECT ?s WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"
    refused = kg("query", query, "--store", store)
    assert refused.exit_code == 2 and _SparqlEndpoint.requests == []
    allowed = kg("query", query, "--allow-service", "--format", "csv", "--store", store)
    assert (allowed.exit_code, allowed.stdout_bytes) == (0, b"s\r\nfrom the service\r\n")
    assert len(_SparqlEndpoint.requests) == 1


class _FetchingGraph(Graph):
    """A graph whose store reaches out to a server while it is queried (as a remote-backed store would)."""

    url = ""

    def triples(self, pattern):
        import urllib.request

        urllib.request.urlopen(self.url, timeout=5).read()
        return super().triples(pattern)


def test_evaluation_cannot_reach_the_network(endpoint):
    graph = _FetchingGraph()
    graph.url = endpoint
    with pytest.raises(QueryProblem, match="network access refused"):
        run_query(graph, "ASK { ?s ?p ?o }")
    assert _SparqlEndpoint.requests == []
    assert run_query(graph, "ASK { ?s ?p ?o }", allow_service=True).askAnswer is False
    assert len(_SparqlEndpoint.requests) == 1


def test_remote_jsonld_contexts_are_refused(kg, tmp_path):
    for context in ("http://127.0.0.1:9/context.jsonld", "file:///etc/hostname"):
        document = tmp_path / "remote.jsonld"
        document.write_text(json.dumps({"@context": context, "@id": "urn:a", "name": "x"}))
        result = kg("query", "ASK {}", "--graph", document)
        assert result.exit_code == 2 and f"refused: JSON-LD context '{context}' would be fetched" in result.output
    inline = tmp_path / "inline.jsonld"
    inline.write_text(json.dumps({"@context": {"name": "https://schema.org/name"}, "@id": "urn:a", "name": "x"}))
    assert kg("query", "ASK { ?s schema:name 'x' }", "--graph", inline).stdout == "true\n"


def test_a_runaway_query_stops_at_the_timeout(kg):
    result = kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", "--timeout", "1")
    assert result.exit_code == 1  # as a server that does not answer in time
    assert result.output.startswith("query: stopped after 1 s (--timeout): the query is too slow for this graph")
    assert multiprocessing.active_children() == []  # the evaluating process is gone


def test_syntax_error_gives_line_and_column(kg, tmp_path):
    result = kg("query", "SELECT ?s\nWHERE { ?s ?p }")
    assert result.exit_code == 2
    first = result.output.splitlines()[0]
    assert first.startswith("query:2: column ") and "SPARQL syntax error" in first
    question = tmp_path / "broken.rq"
    question.write_text("# a comment\nSELECT ?s WHERE { ?s ?p ?o \n")  # unclosed: the parser stops at the end
    from_file = kg("query", "-f", question)
    assert from_file.exit_code == 2 and from_file.output.startswith(f"{question}:3: column 1: SPARQL syntax error")
    prefix = kg("query", "SELECT ?x WHERE { ?x a nope:Thing }")
    assert prefix.exit_code == 2 and "Unknown namespace prefix : nope" in prefix.output


# ---------------------------------------------------------------------------- the evaluation strategy

@pytest.mark.slow
def test_pattern_choice_gives_rdflibs_answers(mini_graph):
    """Matching narrowest pattern first (in the child) answers as rdflib's own order does."""
    from kg.sparql.saved import saved_queries
    from kg.sparql.text import parameter_term
    from kg.sparql.checks import prepare_query
    from rdflib.term import Variable

    text = io.StringIO()
    synthetic_graph(800, seed=1, out=text)  # hubs and chains: many orders to get wrong
    graph = Graph().parse(data=text.getvalue(), format="turtle")
    graph += Graph().parse(mini_graph / "build" / "graph.ttl")
    for saved in saved_queries().values():
        for firm in ("alpha-ai", "company-0") if saved.params else (None,):
            params = {name: parameter_term(firm) for name in saved.params}
            ours = [tuple(row) for row in run_query(graph, saved.text, params)]
            theirs = [tuple(row) for row in graph.query(prepare_query(saved.text).algebra,
                                                        initBindings={Variable(k): v for k, v in params.items()})]
            assert ours and sorted(ours, key=str) == sorted(theirs, key=str), saved.name


def test_library_timeout_leaves_no_process():
    graph = Graph()
    for i in range(300):
        graph.add((URIRef(f"urn:s{i}"), RDFS.label, Literal(i)))
    with contextlib.suppress(QueryProblem), pytest.raises(QueryProblem, match="stopped after 0.5 s"):
        run_query(graph, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=0.5)
    assert multiprocessing.active_children() == []


def test_a_file_given_as_the_question_gets_a_hint(tmp_path, run_kg):
    question = tmp_path / "question.rq"
    question.write_text("ASK { ?s ?p ?o }\n", encoding="utf-8")
    result = run_kg("query", question)
    assert result.exit_code == 2
    assert f"is a file: read it with -f {question}" in result.stderr
