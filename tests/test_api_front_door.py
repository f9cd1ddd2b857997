"""kg.api as the one front door: answers written to files, the arguments errors name, no CLI wording below the CLI.

Values are worked out by hand from tests/fixtures/mini: Bigcloud (aid:bigcloud) is
the only firm that invests (in Alpha AI).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import kg
from kg.problems import QueryRefused, RemoteError

MINI = Path(__file__).parent / "fixtures" / "mini"
KG = Path(kg.__file__).parent
INVESTORS = "SELECT ?firm WHERE { ?firm aic:investsIn ?x }"


@pytest.fixture(scope="module")
def mini():
    return kg.build(MINI)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_query_to_file_writes_the_answer_as_kg_query_does(tmp_path, store, run_kg):
    graph = kg.build(MINI, check=False, store=store)  # on Oxigraph a SELECT streams into the file
    written = kg.query_to_file(graph, INVESTORS, tmp_path / "investors.csv")
    assert written == tmp_path / "investors.csv"
    # SPARQL 1.1 CSV: a header, one row, CRLF line ends.
    assert written.read_bytes() == b"firm\r\nhttps://w3id.org/aicompute/id/bigcloud\r\n"
    tsv = kg.query_to_file(graph, INVESTORS, tmp_path / "investors.txt", format="tsv")
    assert tsv.read_text().splitlines() == ["?firm", "<https://w3id.org/aicompute/id/bigcloud>"]
    cli = run_kg("query", INVESTORS, "--data", MINI, "--store", store, "-o", tmp_path / "cli.csv")
    assert cli.exit_code == 0 and (tmp_path / "cli.csv").read_bytes() == written.read_bytes()


def test_query_to_file_takes_saved_questions_and_their_params(mini, tmp_path):
    written = kg.query_to_file(mini, "investors-of", tmp_path / "investors-of.json", {"firm": "alpha-ai"})
    assert '"value":"https://w3id.org/aicompute/id/bigcloud"' in written.read_text().replace(" ", "")
    with pytest.raises(kg.QueryProblem, match="a SELECT answer is not a graph"):
        kg.query_to_file(mini, INVESTORS, tmp_path / "answer.ttl")
    assert not (tmp_path / "answer.ttl").exists()


def test_answer_serialize_is_what_kg_query_prints(mini, run_kg):
    answer = kg.query(mini, INVESTORS)
    assert answer.serialize() == run_kg("query", INVESTORS, "--data", MINI).stdout_bytes
    assert answer.serialize("json") == run_kg("query", INVESTORS, "--data", MINI, "--format", "json").stdout_bytes
    table = answer.serialize().decode()
    assert "aid:bigcloud" in table and table.endswith("(1 row)\n")


def test_query_needs_a_graph_or_an_endpoint_not_both(mini):
    with pytest.raises(ValueError, match="give a graph, or endpoint="):
        kg.query(None, INVESTORS)
    with pytest.raises(ValueError, match="not both"):
        kg.query(mini, INVESTORS, endpoint="http://127.0.0.1:9/query")


def test_endpoint_checks_its_login_arguments():
    with pytest.raises(ValueError, match="a password needs a user"):
        kg.endpoint("http://127.0.0.1:9/query", password="pw")
    with pytest.raises(ValueError, match="unknown auth 'kerberos'"):
        kg.endpoint("http://127.0.0.1:9/query", auth="kerberos")
    virtuoso = kg.endpoint("http://127.0.0.1:8890/sparql-auth", user="dba", password="dba", auth="digest", timeout=5)
    assert (virtuoso.update_url, virtuoso.gsp_url, virtuoso.timeout) == (
        "http://127.0.0.1:8890/sparql-auth", "http://127.0.0.1:8890/sparql-graph-crud-auth", 5)


def test_push_refuses_an_unknown_method(mini):
    with pytest.raises(ValueError, match="unknown method 'ftp'"):
        kg.push(mini, "http://127.0.0.1:9/query", method="ftp")


def test_an_unreachable_server_is_a_remote_error(mini):
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    with pytest.raises(RemoteError) as caught:
        kg.query(None, "ASK { ?s ?p ?o }", endpoint="http://127.0.0.1:9/query", timeout=1)
    assert "http://127.0.0.1:9/query" in str(caught.value) and caught.value.answered is False


def test_errors_name_the_api_argument_and_the_cli_its_option(mini, run_kg):
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryRefused) as caught:
        kg.query(mini, service)
    assert caught.value.param == "allow_service"
    assert str(caught.value) == "query: refused: SERVICE reaches the network; give allow_service=True to let it"
    cli = run_kg("query", service, "--data", MINI)
    assert cli.exit_code == 2
    assert cli.stderr == "query: refused: SERVICE reaches the network; give --allow-service to let it\n"


def test_a_remote_error_names_the_argument_to_change():
    err = RemoteError("http://h/sparql needs credentials (HTTP 401): give {arg:user} and {arg:password}")
    assert err.param == "user"
    assert str(err) == "http://h/sparql needs credentials (HTTP 401): give user and password"
    from kg.cli import CLI_ARGUMENTS

    assert err.worded(CLI_ARGUMENTS) == "http://h/sparql needs credentials (HTTP 401): give --user and --password-env"


def test_every_argument_the_library_names_has_an_api_and_a_cli_wording():
    from kg.cli import CLI_ARGUMENTS
    from kg.problems import API_ARGUMENTS

    named = set()
    for path in KG.rglob("*.py"):
        named |= set(re.findall(r"\{arg:(\w+)\}", path.read_text(encoding="utf-8")))
        named |= set(re.findall(r'\bparam="(\w+)"', path.read_text(encoding="utf-8")))
    named.discard("NAME")  # the placeholder of the docstrings
    assert {"port", "user", "password", "gsp_url", "language", "out_dir", "allow_service"} <= named
    assert named <= set(API_ARGUMENTS) and named <= set(CLI_ARGUMENTS)
    assert all(not wording.startswith("-") for wording in API_ARGUMENTS.values())
    assert all(wording.startswith("--") for wording in CLI_ARGUMENTS.values())


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def test_no_library_message_names_a_cli_option():
    # A text that names an option ("give --port") belongs to kg/cli; below it, errors name {arg:port}.
    # The one exception: the header kg extract --review writes into a data file, for the curator who runs it.
    allowed = {("extract/review.py", "kg extract --review writes this file")}
    named = []
    for path in sorted(KG.rglob("*.py")):
        relative = path.relative_to(KG).as_posix()
        if relative.startswith("cli/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                if re.search(r"\s--[a-z]|^--[a-z][\w-]*\s", node.value) and not any(
                        relative == file and text in node.value for file, text in allowed):
                    named.append(f"{relative}:{node.lineno}: {node.value[:80]!r}")
    assert named == []
