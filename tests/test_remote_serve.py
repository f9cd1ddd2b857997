"""``kg serve``: the Oxigraph server answers SPARQL 1.1 Protocol clients, read-only, on loopback."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from rdflib import Literal
from SPARQLWrapper import GET, JSON, POST, SPARQLWrapper

from kg.workspace import built_graph
from servers import HOST, free_port, port_answers

pytestmark = pytest.mark.server

REMOTE = Path(__file__).parent / "fixtures" / "remote"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


class Serving:
    def __init__(self, process: subprocess.Popen, first_line: str, url: str, tmpdir: Path):
        self.process, self.first_line, self.url, self.tmpdir = process, first_line, url, tmpdir


def _read_line(process: subprocess.Popen, timeout: float) -> str:
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready:
        raise AssertionError(f"kg serve said nothing within {timeout} s")
    return process.stdout.readline()


def stop(process: subprocess.Popen) -> None:
    """Stop ``kg serve`` as a user would (SIGTERM), so it stops its server too; by force after a bound."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_serving(tmp_path: Path, *args: str) -> Serving:
    port = free_port()
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--port", str(port), *args],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(tmpdir)},
    )
    try:
        line = _read_line(process, 60)
    except BaseException:
        stop(process)
        raise
    return Serving(process, line.strip(), f"http://{HOST}:{port}/query", tmpdir)


@pytest.fixture
def served(tmp_path):
    serving = start_serving(tmp_path, "--graph", str(REMOTE / "v2.nt"))
    yield serving
    stop(serving.process)


def ask(url: str, query: str, method=GET) -> list[dict]:
    client = SPARQLWrapper(url)
    client.setMethod(method)
    client.setReturnFormat(JSON)
    client.setTimeout(30)
    client.setQuery(query)
    return client.query().convert()["results"]["bindings"]


def test_serve_answers_sparqlwrapper_by_get_and_post(served):
    assert served.first_line == f"serving 7 triples read-only at {served.url} (Ctrl-C stops)"
    question = f"SELECT ?label WHERE {{ <https://example.org/acme> <{RDFS_LABEL}> ?label }}"
    for method in (GET, POST):
        rows = ask(served.url, question, method)
        assert [(r["label"]["value"], r["label"].get("xml:lang")) for r in rows] == [("Acme Corp.", "en")]


def test_the_graph_is_the_named_graph_and_the_default_graph(served):
    named = ask(served.url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/aicompute/id/graph> { ?s ?p ?o } }")
    default = ask(served.url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(named[0]["n"]["value"]) == int(default[0]["n"]["value"]) == 7


def test_serve_lets_browser_clients_in(served):
    # YASGUI runs in a web page on another origin: the browser first asks (preflight), then sends the question.
    origin = "http://yasgui.example"
    preflight = requests.options(served.url, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}, timeout=10)
    assert preflight.status_code < 300
    assert preflight.headers.get("Access-Control-Allow-Origin") in (origin, "*")
    answer = requests.post(served.url, data={"query": "ASK { ?s ?p ?o }"}, timeout=10,
                           headers={"Origin": origin, "Accept": "application/sparql-results+json"})
    assert answer.status_code == 200 and answer.json()["boolean"] is True
    assert answer.headers.get("Access-Control-Allow-Origin") in (origin, "*")


def test_serve_refuses_updates(served):
    base = served.url.removesuffix("/query")
    update = requests.post(f"{base}/update", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, timeout=10)
    store = requests.post(f"{base}/store?default", data=b"<urn:a> <urn:b> <urn:c> .\n",
                          headers={"Content-Type": "application/n-triples"}, timeout=10)
    assert update.status_code >= 400 and store.status_code >= 400
    assert int(ask(served.url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]["value"]) == 7


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_serve_stops_cleanly(served, stop):
    port = int(served.url.split(":")[2].split("/")[0])
    assert port_answers(port)
    served.process.send_signal(stop)
    assert served.process.wait(timeout=20) == 0
    assert "stopped" in served.process.stderr.read()
    deadline = time.monotonic() + 10
    while port_answers(port) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not port_answers(port)
    assert list(served.tmpdir.iterdir()) == []  # the temporary database is gone


def test_serve_the_built_graph(tmp_path, mini_data):
    serving = start_serving(tmp_path, "--data", str(mini_data))
    try:
        expected = len(built_graph(mini_data))
        assert serving.first_line == f"serving {expected} triples read-only at {serving.url} (Ctrl-C stops)"
        rows = ask(serving.url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(rows[0]["n"]["value"]) == expected
    finally:
        stop(serving.process)


def test_serve_on_a_busy_port_says_so(run_kg):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind((HOST, 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run_kg("serve", "--port", port, "--graph", REMOTE / "v1.nt")
    assert result.exit_code == 1
    assert f"cannot serve on {HOST}:{port}: Address already in use (another program listens there)" in result.output
    assert "serving" not in result.output


def test_served_literals_come_back_as_written(served):
    rows = ask(served.url, "SELECT ?o WHERE { <https://example.org/deal/2> <http://www.w3.org/2000/01/rdf-schema#comment> ?o }")
    assert Literal(rows[0]["o"]["value"], lang=rows[0]["o"]["xml:lang"]) == Literal('a "quoted" note\nover two lines, with é and 中文', lang="en")


def test_the_server_goes_when_kg_serve_is_killed(served):
    # Even SIGKILL, which kg serve cannot catch, leaves no Oxigraph server behind.
    port = int(served.url.split(":")[2].split("/")[0])
    served.process.kill()
    served.process.wait(timeout=20)
    deadline = time.monotonic() + 10
    while port_answers(port) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not port_answers(port)
