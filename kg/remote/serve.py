"""A graph served read-only on loopback by the Oxigraph server (PyPI's ``oxigraph``), for as long as needed."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import RemoteError
from .http import first_line

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph


def oxigraph_program() -> str:
    """The Oxigraph server program that PyPI's ``oxigraph`` package installs beside this Python."""
    candidate = Path(sysconfig.get_path("scripts")) / "oxigraph"
    found = str(candidate) if candidate.is_file() else shutil.which("oxigraph")
    if not found:
        raise RemoteError("the Oxigraph server is not installed: pip install 'aicompute-kg[server]'")
    return found


def die_with_parent() -> None:
    """Run in a child process before it starts: Linux ends it (SIGTERM) when its parent ends, however
    the parent ends, so no server outlives the command that started it."""
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _refuse_taken_port(host: str, port: int) -> None:
    """A :class:`RemoteError` if another program listens on ``host:port`` (before anything says "serving")."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a port left in TIME_WAIT is free
        try:
            probe.bind((host, port))
        except OSError as err:
            raise RemoteError(
                f"cannot serve on {host}:{port}: {err.strerror or err} (another program listens there); give another {{arg:port}}", param="port"
            ) from None


@dataclass
class Served:
    """A running read-only SPARQL endpoint."""

    url: str
    process: subprocess.Popen


@contextlib.contextmanager
def serving(graph: "Graph", graph_iri: str, port: int, host: str = "127.0.0.1", cors: bool = True, start_timeout: float = 30.0):
    """Serve ``graph`` read-only by the SPARQL 1.1 Protocol with the Oxigraph server.

    The triples are loaded into a temporary Oxigraph database as the named
    graph ``graph_iri``; the server answers with the union of its graphs as the
    default graph, so questions work with or without ``GRAPH``/``default-graph-uri``.
    Gives a :class:`Served`; on leaving, the server is stopped and the database removed.
    """
    import requests

    program = oxigraph_program()
    _refuse_taken_port(host, port)
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as directory:
        location = Path(directory) / "db"
        loaded = subprocess.run(
            [program, "load", "--location", str(location), "--format", "application/n-triples", "--graph", graph_iri],
            input=graph.serialize(format="nt", encoding="utf-8"), capture_output=True, timeout=600,
        )
        if loaded.returncode != 0:
            raise RemoteError(f"oxigraph load failed: {first_line(loaded.stderr.decode(errors='replace'))}")
        command = [program, "serve-read-only", "--location", str(location), "--bind", f"{host}:{port}", "--union-default-graph"]
        if cors:
            command.append("--cors")
        log = Path(directory) / "server.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT,
                preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
            )
        url = f"http://{host}:{port}/query"
        try:
            deadline = time.monotonic() + start_timeout
            while True:
                if process.poll() is not None:
                    said = first_line(log.read_text(errors="replace")).removeprefix("Error: ")
                    raise RemoteError(f"the Oxigraph server could not start on {host}:{port}: {said}")
                try:
                    requests.get(url, params={"query": "ASK {}"}, timeout=1)
                    if process.poll() is None:  # the answer came from our server, not from one that holds the port
                        break
                    continue
                except requests.RequestException:
                    if time.monotonic() > deadline:
                        raise RemoteError(f"the Oxigraph server did not answer at {url} within {start_timeout:g} s")
                    time.sleep(0.1)
            yield Served(url, process)
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
