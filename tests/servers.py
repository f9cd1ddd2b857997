"""Real SPARQL servers on loopback for the remote tests: OpenLink Virtuoso and Oxigraph.

Each server runs in a temporary folder of its own on free ports of 127.0.0.1,
is polled until it answers (with a bound), and is always stopped at the end.
The test command installs both (scripts/setup-system: Debian's
virtuoso-opensource; setup.cfg's ``server`` extra: PyPI's oxigraph), so a
server that cannot start makes its tests fail, never skip.

Fixtures (tests/conftest.py imports them, so one of each serves the whole run):

- ``virtuoso``: a session-wide Virtuoso with anonymous SPARQL updates granted
  (``GRANT SPARQL_UPDATE TO "SPARQL"``) and the digest-authenticated
  endpoints for user ``dba``.
- ``oxigraph``: a session-wide read-write Oxigraph server.

The benchmarks start the same classes (benchmarks/remote_bench.py).
"""

from __future__ import annotations

import configparser
import contextlib
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from kg.remote.serve import die_with_parent, oxigraph_program

HOST = "127.0.0.1"
#: Debian's default Virtuoso configuration, copied and changed per server.
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_DBA_PASSWORD = "dba"  # a fresh database's DBA password


@contextlib.contextmanager
def loopback_http(handler: type, many_at_once: bool = False):
    """An ``http.server`` of ``handler`` on a free loopback port, served from a thread; stopped on exit.

    ``many_at_once``: a thread per request (a handler that holds a request long); else one request at a time.
    """
    server = (http.server.ThreadingHTTPServer if many_at_once else http.server.HTTPServer)((HOST, 0), handler)
    server.daemon_threads = True
    server.url = f"http://{HOST}:{server.server_address[1]}"
    # shutdown() waits for the loop's next look at its flag: every 50 ms rather than the default 0.5 s
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def port_answers(port: int) -> bool:
    """True if something accepts TCP connections on ``HOST:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


class ServerProcess:
    """A server program in a folder of its own, started and stopped on demand."""

    name = "server"
    start_timeout = 60.0

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log_path = directory / f"{self.name}.out"

    def command(self) -> list[str]:
        raise NotImplementedError

    def ready(self) -> bool:
        """True once the server answers requests."""
        return port_answers(self.port)

    def start(self) -> None:
        """Start the server and wait (at most ``start_timeout`` seconds) until it answers."""
        with open(self.log_path, "ab") as log:
            # A new session, so that stopping it never signals the test runner.
            self.process = subprocess.Popen(
                self.command(), cwd=self.directory, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=die_with_parent,  # even if the test run is killed, the server goes with it
            )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode} on start:\n{self.log_tail()}")
            if self.ready():
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer on port {self.port} within {self.start_timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        """Stop the server politely, then by force after a bound."""
        if self.process is None or self.process.poll() is not None:
            self.process = None
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None

    def restart(self) -> None:
        """Start again on the same port and database (after :meth:`kill` or :meth:`stop`)."""
        self.stop()
        self.start()


class Virtuoso(ServerProcess):
    """OpenLink Virtuoso (Debian's virtuoso-opensource) with its own database and ini file."""

    name = "virtuoso"

    def __init__(self, directory: Path, buffers: int = 10000, max_dirty_buffers: int = 6000,
                 transaction_limit: int | None = None, max_execution_seconds: int | None = None,
                 result_rows: int | None = None):
        super().__init__(directory)
        self.sql_port = free_port()
        self.ini = directory / "virtuoso.ini"
        self._write_ini(buffers, max_dirty_buffers, transaction_limit, max_execution_seconds, result_rows)

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def sparql_url(self) -> str:
        return f"{self.base}/sparql"

    @property
    def sparql_auth_url(self) -> str:
        """The digest-authenticated endpoint."""
        return f"{self.base}/sparql-auth"

    def _write_ini(self, buffers: int, max_dirty_buffers: int, transaction_limit: int | None,
                   max_execution_seconds: int | None, result_rows: int | None) -> None:
        if not VIRTUOSO_INI.is_file():
            raise RuntimeError(f"{VIRTUOSO_INI} is missing: install Debian's virtuoso-opensource (scripts/setup-system)")
        # Debian's file repeats some keys and has inline ';' comments.
        ini = configparser.ConfigParser(strict=False, inline_comment_prefixes=(";",), interpolation=None)
        ini.optionxform = str
        ini.read(VIRTUOSO_INI)
        db = str(self.directory)
        database = ini["Database"]
        for key in ("DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile", "xa_persistent_file"):
            database[key] = f"{db}/{Path(database[key]).name}"
        for key in ("DatabaseFile", "TransactionFile"):
            ini["TempDatabase"][key] = f"{db}/{Path(ini['TempDatabase'][key]).name}"
        parameters = ini["Parameters"]
        parameters["ServerPort"] = f"{HOST}:{self.sql_port}"
        parameters["DirsAllowed"] = f"., {db}"
        parameters["NumberOfBuffers"] = str(buffers)
        parameters["MaxDirtyBuffers"] = str(max_dirty_buffers)
        if transaction_limit is not None:
            # Bytes of log one transaction may write (50 MB by default): a MOVE of a million triples needs more.
            parameters["TransactionAfterImageLimit"] = str(transaction_limit)
        if max_execution_seconds is not None:
            # Seconds one SPARQL request may run (60 by default), updates too: the MOVE of a million triples.
            ini["SPARQL"]["MaxQueryExecutionTime"] = str(max_execution_seconds)
        if result_rows is not None:
            # Rows (and triples) one answer may hold (10,000 by default): a Graph Store GET of a big graph is cut there.
            ini["SPARQL"]["ResultSetMaxRows"] = str(result_rows)
        ini["HTTPServer"]["ServerPort"] = f"{HOST}:{self.port}"
        ini["URIQA"]["DefaultHost"] = f"{HOST}:{self.port}"
        with open(self.ini, "w") as out:
            ini.write(out)

    def command(self) -> list[str]:
        return ["virtuoso-t", "+foreground", "+configfile", str(self.ini)]

    def ready(self) -> bool:
        # The HTTP port opens before the SPARQL service is set up; ask a real question.
        import requests

        if not port_answers(self.port):
            return False
        try:
            answer = requests.post(
                self.sparql_url, data={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}, timeout=2
            )
        except requests.RequestException:
            return False
        return answer.status_code == 200

    def isql(self, sql: str) -> str:
        """Run SQL through Virtuoso's isql client as DBA; raises on failure."""
        done = subprocess.run(
            ["isql-vt", f"{HOST}:{self.sql_port}", "dba", VIRTUOSO_DBA_PASSWORD, f"exec={sql}"],
            capture_output=True, text=True, timeout=60,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed on {sql!r}:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def grant_anonymous_update(self) -> None:
        """Let the anonymous /sparql endpoint run updates, as a team's test server would."""
        self.isql('GRANT SPARQL_UPDATE TO "SPARQL";')


class Oxigraph(ServerProcess):
    """The Oxigraph server from PyPI's oxigraph package, read-write, on a database folder."""

    name = "oxigraph"
    start_timeout = 30.0

    def __init__(self, directory: Path):
        super().__init__(directory)
        self.location = directory / "db"

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    def command(self) -> list[str]:
        return [oxigraph_program(), "serve", "--location", str(self.location), "--bind", f"{HOST}:{self.port}"]


@contextlib.contextmanager
def started(server_class, **kwargs):
    """Start a server in a new temporary folder; give it; stop it and remove the folder."""
    directory = Path(tempfile.mkdtemp(prefix=f"kg-{server_class.name}-"))
    server = None
    try:
        server = server_class(directory, **kwargs)
        server.start()
        yield server
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def virtuoso():
    """A Virtuoso for the whole session, anonymous updates granted."""
    with started(Virtuoso) as server:
        server.grant_anonymous_update()
        yield server


@pytest.fixture(scope="session")
def oxigraph():
    """An Oxigraph server for the whole session."""
    with started(Oxigraph) as server:
        yield server


# --- reading a server with a client of its own (SPARQLWrapper), not with kg.remote -------------------


def select_bindings(query_url: str, query: str) -> list[dict]:
    """Raw SPARQL JSON bindings of a SELECT, asked with SPARQLWrapper by form-encoded POST."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(query_url)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(60)
    client.setQuery(query)
    return client.query().convert()["results"]["bindings"]


def graph_triples(query_url: str, graph_iri: str) -> set:
    """Every triple the server holds in the named graph ``graph_iri``, as rdflib terms."""
    from rdflib.plugins.sparql.results.jsonresults import parseJsonTerm

    rows = select_bindings(query_url, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    return {(parseJsonTerm(r["s"]), parseJsonTerm(r["p"]), parseJsonTerm(r["o"])) for r in rows}


def graph_size(query_url: str, graph_iri: str) -> int:
    """How many triples the server counts in ``graph_iri``."""
    rows = select_bindings(query_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"]["value"])


def by_value(triples) -> set:
    """Triples with each number as its value and datatype: servers store numbers by value and give
    back a canonical form ("5000000000" for the build's "5000000000.0")."""
    from decimal import Decimal

    from rdflib import Literal

    def term(t):
        if isinstance(t, Literal) and isinstance(t.value, (Decimal, int, float)) and not isinstance(t.value, bool):
            return ("number", t.value, t.datatype)
        return t

    return {tuple(term(t) for t in triple) for triple in triples}


class CountingSparqlServer(http.server.BaseHTTPRequestHandler):
    """Answers every request with one SPARQL JSON row and counts it (in ``hits``): what reaches a server on loopback."""

    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server hook name
        type(self).hits.append(self.path)
        if self.headers.get("Content-Length"):
            self.rfile.read(int(self.headers["Content-Length"]))
        body = json.dumps({"head": {"vars": ["a"]}, "results": {"bindings": [{"a": {"type": "literal", "value": "remote"}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args):
        pass
