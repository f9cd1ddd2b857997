"""Faults a push must survive, each against a real server: down, silent, wrong credentials,
no permission, and a server killed in the middle of a push."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from servers import HOST, Oxigraph, Virtuoso, by_value, free_port, graph_size, graph_triples, started

pytestmark = pytest.mark.server

REMOTE = Path(__file__).parent / "fixtures" / "remote"
V1 = REMOTE / "v1.nt"
V2 = REMOTE / "v2.nt"


def file_triples(path: Path) -> set:
    return set(Graph().parse(path))


class Clock:
    """The clock kg.remote.http reads for its deadline and back-off: it moves only when the client pauses.

    The pauses are recorded and not slept; ``on_pause`` (if set) runs at each, before the clock moves.
    Each request's own timer still runs in real seconds, so a silent server is still cut off.
    """

    def __init__(self):
        self.now = 0.0
        self.pauses: list[float] = []
        self.on_pause = None

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        if self.on_pause is not None:
            self.on_pause()
        self.pauses.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    import kg.remote.http

    fake = Clock()
    monkeypatch.setattr(kg.remote.http, "time", fake)
    return fake


def test_server_down_gives_a_clear_error_within_the_timeout(run_kg, clock):
    url = f"http://{HOST}:{free_port()}/sparql"
    result = run_kg("push", "--endpoint", url, "--graph", V1, "--timeout", "3")
    assert result.exit_code == 1
    assert "connection refused (is the server running?)" in result.output
    assert "<https://w3id.org/aicompute/id/graph> was not changed" in result.output
    assert "Traceback" not in result.output
    # Refused at once, tried again after 0.5 s and 1 s; the next pause (2 s) would pass the 3 s: three tries.
    assert clock.pauses == [0.5, 1.0]
    assert "(tried 3 times)" in result.output


def test_a_server_that_never_answers_gives_a_clear_error_within_the_timeout(run_kg):
    # A socket that accepts connections and then says nothing, as a hung server does.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind((HOST, 0))
        silent.listen(16)
        url = f"http://{HOST}:{silent.getsockname()[1]}/sparql"
        result = run_kg("push", "--endpoint", url, "--graph", V1, "--timeout", "2")
    assert result.exit_code == 1
    assert f"{url}: no answer within 2 s" in result.output
    assert "(tried" not in result.output  # the one try used the whole 2 s: no retry began after it


def test_wrong_credentials_give_a_clear_error_and_change_nothing(run_kg, virtuoso, monkeypatch):
    named = "urn:kg-test:credentials"
    monkeypatch.setenv("KG_TEST_GOOD", "dba")
    monkeypatch.setenv("KG_TEST_BAD", "not-the-password")
    login = ["--endpoint", virtuoso.sparql_auth_url, "--user", "dba", "--auth", "digest", "--named-graph", named]
    assert run_kg("push", *login, "--password-env", "KG_TEST_GOOD", "--graph", V1).exit_code == 0

    result = run_kg("push", *login, "--password-env", "KG_TEST_BAD", "--graph", V2)
    assert result.exit_code == 1
    assert f"{virtuoso.sparql_auth_url} refused the credentials of user 'dba' (digest auth, HTTP 401)" in result.output
    assert f"<{named}> was not changed" in result.output
    assert by_value(graph_triples(virtuoso.sparql_url, named)) == by_value(file_triples(V1))

    anonymous = run_kg("push", "--endpoint", virtuoso.sparql_auth_url, "--named-graph", named, "--graph", V2)
    assert anonymous.exit_code == 1
    assert f"{virtuoso.sparql_auth_url} needs credentials (HTTP 401): give --user and --password-env" in anonymous.output
    assert by_value(graph_triples(virtuoso.sparql_url, named)) == by_value(file_triples(V1))


def test_anonymous_update_without_the_grant_says_what_to_do(run_kg, virtuoso):
    named = "urn:kg-test:no-grant"
    virtuoso.isql('REVOKE SPARQL_UPDATE FROM "SPARQL";')
    try:
        result = run_kg("push", "--endpoint", virtuoso.sparql_url, "--named-graph", named, "--graph", V1)
    finally:
        virtuoso.grant_anonymous_update()
    assert result.exit_code == 1
    assert "SECURITY: No permission" in result.output
    assert 'GRANT SPARQL_UPDATE TO "SPARQL", or use the digest-authenticated /sparql-auth with --user' in result.output
    assert graph_size(virtuoso.sparql_url, named) == 0


def _big_graph(path: Path, triples: int) -> Path:
    with open(path, "w") as out:
        for i in range(triples):
            out.write(f'<https://example.org/thing/{i}> <https://example.org/rank> "{i}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    return path


@pytest.fixture(params=["virtuoso", "oxigraph"])
def own_server(request):
    """A server of the test's own, since the test kills it."""
    if request.param == "virtuoso":
        with started(Virtuoso) as server:
            server.grant_anonymous_update()
            yield server, server.sparql_url
    else:
        with started(Oxigraph) as server:
            yield server, server.query_url


def test_a_server_killed_during_a_push_keeps_the_previous_graph(run_kg, own_server, tmp_path):
    server, url = own_server
    named = "urn:kg-test:killed"
    staging = f"{named}/kg-push-staging"
    assert run_kg("push", "--endpoint", url, "--named-graph", named, "--graph", V1).exit_code == 0

    big = _big_graph(tmp_path / "big.nt", 30_000)  # 30 INSERT DATA batches: long enough to kill the server amid them
    push = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "push", "--endpoint", url, "--named-graph", named,
         "--method", "update", "--graph", str(big), "--timeout", "10"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while push.poll() is None and time.monotonic() < deadline:
            if graph_size(url, staging) > 0:  # part of the new version is on the server
                server.kill()
                break
            time.sleep(0.05)
        assert server.process is None, "the push ended before the server could be killed in the middle of it"
        _out, err = push.communicate(timeout=60)
    finally:
        if push.poll() is None:
            push.kill()
            push.wait()
    assert push.returncode == 1
    assert f"push to <{named}> failed while loading the staging graph <{staging}>" in err
    assert f"<{named}> was not changed: it still holds its previous version" in err

    server.start()
    assert by_value(graph_triples(url, named)) == by_value(file_triples(V1))

    # And the next push goes through, clearing what the killed one left in the staging graph.
    assert run_kg("push", "--endpoint", url, "--named-graph", named, "--graph", V2).exit_code == 0
    assert by_value(graph_triples(url, named)) == by_value(file_triples(V2))
    assert graph_size(url, staging) == 0


def test_a_server_that_comes_up_during_the_back_off_gets_the_push(run_kg, tmp_path, clock):
    # The server is down when the push starts and is started (and answers) during the first back-off pause,
    # which only a refused try leads to: the retry reaches it. The deadline's clock moves only with the
    # pauses, so however long the server takes to start, no deadline passes: no thread, no race with the clock.
    server = Oxigraph(tmp_path)

    def start_once() -> None:
        if server.process is None:
            server.start()

    clock.on_pause = start_once
    try:
        result = run_kg("push", "--endpoint", server.query_url, "--named-graph", "urn:kg-test:late", "--graph", V1,
                        "--timeout", "20")
        assert result.exit_code == 0, result.output
        assert "pushed 5 triples to <urn:kg-test:late>" in result.output
        assert clock.pauses == [0.5]  # one refused try, one pause
        assert "one POST into the empty graph" in result.output
        # the refused try, then count, read (a GET of the missing graph), one POST into it, count
        assert int(re.search(r"\((\d+) requests", result.output).group(1)) == 5
        assert by_value(graph_triples(server.query_url, "urn:kg-test:late")) == by_value(file_triples(V1))
    finally:
        server.stop()
