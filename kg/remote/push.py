"""A push: the graph into a named graph on a server, all or nothing, readers seeing the old or the new.

Four paths, the quickest that fits (``path="auto"``):

- **into an empty graph**: one Graph Store Protocol POST straight into the
  named graph. The server loads one request in one transaction, so readers
  see nothing or everything.
- **a change** (:mod:`kg.remote.delta_push`): the server's copy is read, and
  only the difference is sent, in one update guarded by the count read.
- **one PUT of the whole graph** (:mod:`kg.remote.put`), where more than a
  quarter changes and the server applies a Graph Store PUT in one transaction
  (Oxigraph 0.5.13 and later): quicker there than staging + MOVE.
- **staging + MOVE** (the fallback, ``path="staging"``, and where more than a
  quarter changes on other servers): the
  triples go into a staging graph, by the SPARQL 1.1 Graph Store HTTP Protocol
  or, where that is missing, by SPARQL 1.1 Update ``INSERT DATA`` in batches
  of at most 1,000 triples; they are counted on the server; and only then the
  staging graph is swapped in with one ``MOVE``.

On every path a failed push leaves the previous version in place. The graph
is written as N-Triples by pyoxigraph (:mod:`kg.remote.delta`) and, where no
copy is compared, sent as it was dumped (no work per triple in Python).

On Virtuoso 7.2 the named graph itself is never loaded by the Graph Store
Protocol: its POST commits as it loads. One update (``MOVE``, or the staged
change) is one transaction there, but Virtuoso has no snapshot reads, so a
reader counting while it commits may see part of it (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import contextlib
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator

from ..problems import RemoteError
from .delta import graph_ntriples, ntriples_lines
from .delta_push import NO_GSP_READ, delta_push, fetch_copy
from .endpoint import Endpoint
from .http import Client
from .put import atomic_put, put_whole
from .query import count_triples

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph


#: Triples per ``INSERT DATA``: Virtuoso rejects one much bigger than 1,000 triples.
UPDATE_BATCH = 1_000


#: Triples per Graph Store Protocol request.
GSP_BATCH = 50_000


#: HTTP statuses that mean "no Graph Store Protocol here": a push then falls back to SPARQL Update.
NO_GSP_STATUSES = frozenset({404, 405, 415, 501})


def staging_graph(named_graph: str) -> str:
    """The graph a push loads into before it swaps it in.

    >>> staging_graph("https://w3id.org/aicompute/id/graph")
    'https://w3id.org/aicompute/id/graph/kg-push-staging'
    """
    return f"{named_graph.rstrip('/')}/kg-push-staging"


def ntriples_batches(data: bytes, triples: int, size: int) -> Iterator[bytes]:
    """N-Triples ``data`` (``triples`` lines) cut at line ends into pieces of about ``size`` lines each.

    The cuts are found by byte offsets (the mean line's length), with no work per line in Python.

    >>> data = b"".join(b"<urn:s%d> <urn:p> <urn:o> .\\n" % i for i in range(10, 35))
    >>> pieces = list(ntriples_batches(data, 25, 10))
    >>> [piece.count(b"\\n") for piece in pieces], b"".join(pieces) == data
    ([10, 10, 5], True)
    """
    step = max(1, len(data) * size // max(triples, 1))
    start = 0
    while start < len(data):
        end = data.find(b"\n", min(start + step, len(data)) - 1) + 1 or len(data)
        yield data[start:end]
        start = end


def batches(lines: list[bytes], size: int) -> Iterator[list[bytes]]:
    """``lines`` in consecutive batches of at most ``size``.

    >>> [len(b) for b in batches([b"t"] * 2500, 1000)]
    [1000, 1000, 500]
    """
    for start in range(0, len(lines), size):
        yield lines[start:start + size]


@dataclass
class PushReport:
    """What a push did."""

    named_graph: str
    triples: int
    method: str  # "graph store protocol" or "sparql update"
    counted: int  # the triples the server counts in the named graph after the push
    requests: int
    seconds: float
    notes: list[str] = field(default_factory=list)
    #: how the named graph was replaced: "one POST into the empty graph", "one update", "staging + MOVE"...
    path: str = ""
    #: triples removed and added where only the change was sent (None on the other paths)
    removed: int | None = None
    added: int | None = None


#: Called after each batch with (triples sent so far, triples in all).
Progress = Callable[[int, int], None]

#: The paths a push may take: the quickest that fits, or one of them only.
PATHS = ("auto", "delta", "staging")

#: Where the change is more than this share of the pushed graph, staging + MOVE costs less than sending the change.
MOST_CHANGED = 0.25


def push(
    graph: "Graph",
    endpoint: Endpoint,
    named_graph: str,
    method: str = "auto",
    progress: Progress | None = None,
    path: str = "auto",
) -> PushReport:
    """Put ``graph`` into ``named_graph`` on the server, replacing what was there.

    Parameters
    ----------
    graph : rdflib.Graph
        The triples to push (blank nodes are skolemised first).
    endpoint : Endpoint
        The server; its update URL is needed, its Graph Store URL is used if it works.
    named_graph : str
        The IRI of the graph to replace.
    method : {"auto", "gsp", "update"}
        How triples travel. "auto": the Graph Store Protocol where the server
        has it, else SPARQL Update; "gsp": only the Graph Store Protocol (for
        a change, staged in two graphs); "update": only SPARQL Update
        ``INSERT DATA`` into a staging graph, then ``MOVE``.
    progress : callable, optional
        Told after each batch how many triples were sent.
    path : {"auto", "delta", "staging"}
        "auto" takes the quickest path that fits (see the module's docstring);
        "delta" sends only the change (an error where the server's copy
        cannot be read); "staging" always loads a staging graph and MOVEs it
        (never the POST into an empty graph, never the PUT).

    Returns
    -------
    PushReport

    Raises
    ------
    RemoteError
        If any step fails. Every path changes the named graph in one request
        that the server applies atomically (a POST into an empty graph, one
        update, one PUT on Oxigraph, one ``MOVE``); the message says which step failed and what the
        named graph holds.
    """
    started = time.monotonic()
    data = graph_ntriples(graph, named_graph)
    triples = data.count(b"\n")  # one triple a line, no line twice (a graph is a set)
    client = Client(endpoint)
    report = PushReport(named_graph, triples, "", 0, 0, 0.0)
    try:
        old = None
        if path != "staging" and method != "update":
            try:
                old = fetch_copy(client, named_graph)
            except RemoteError as err:
                raise RemoteError(f"push to <{named_graph}> failed while reading what the server holds there: {err.message}."
                                  f" <{named_graph}> was not changed: it still holds its previous version", param=err.param) from err
            if old is None:
                if path == "delta":
                    raise RemoteError(f"push to <{named_graph}>: the server's copy cannot be read whole by the Graph Store"
                                      f" Protocol at {endpoint.gsp_url}, so only the change cannot be sent; nothing was"
                                      " changed. Push with the path 'staging' (or 'auto')")
                report.notes.append("the server's copy cannot be read whole by the Graph Store Protocol: loaded a staging graph")
        if old is not None and not old and method != "update" and client.server.startswith("Oxigraph"):
            report.path, report.method = "one POST into the empty graph", "graph store protocol"
            try:
                posted = _post_into_empty(client, data, triples, named_graph, report.notes)
            except RemoteError as err:
                raise RemoteError(
                    f"push to <{named_graph}>: the POST into the empty graph failed: {err.message}. The server loads one"
                    f" request in one transaction, so <{named_graph}> is still empty or holds the whole new version;"
                    " run the push again", param=err.param) from err
            if posted:
                report.counted = _counted_after(client, named_graph, triples, "the POST")
                return _done(report, client, started, progress)
        # A set of lines only where there is a copy to compare with: a first push goes as it was dumped.
        lines = ntriples_lines(data) if old else None
        changed = _change_size(old, lines) if old and lines is not None else None
        if old is not None and (path == "delta" or (changed is not None and changed <= MOST_CHANGED * triples)
                                or (not old and client.server.startswith("Oxigraph"))):
            done = delta_push(client, named_graph, old, lines if lines is not None else ntriples_lines(data),
                              gsp_only=method == "gsp")
            report.path, report.counted = done.how, done.counted
            report.method = "graph store protocol" if "staged" in done.how else "sparql update"
            report.removed, report.added = len(done.change.remove), len(done.change.add)
            return _done(report, client, started, progress)
        if old is not None and path == "auto" and method != "update" and atomic_put(client.server):
            if changed is not None:
                report.notes.append(f"{changed} of {triples} triples change: replaced the whole graph")
            report.path, report.method = "one PUT of the whole graph", "graph store protocol"
            del old, lines
            put_whole(client, data, triples, named_graph)
            report.counted = _counted_after(client, named_graph, triples, "the PUT")
            _drop_quietly(client, staging_graph(named_graph))  # what an interrupted staging push left
            return _done(report, client, started, progress)
        if changed is not None:
            report.notes.append(f"{changed} of {triples} triples change: loaded a staging graph")
        del old, lines  # the copy and the set: the staging graph needs only the N-Triples
        report.path = "staging + MOVE"
        _staging_push(client, data, triples, named_graph, method, report, progress)
        return _done(report, client, started, None)
    finally:
        client.close()


def _change_size(old: set[bytes], new: set[bytes]) -> int:
    """How many triples a change from ``old`` to ``new`` removes and adds (value-equal literals counted too)."""
    return len(old) + len(new) - 2 * len(old & new)


def _done(report: PushReport, client: Client, started: float, progress: Progress | None) -> PushReport:
    if progress:
        progress(report.triples, report.triples)
    report.requests = client.requests
    report.seconds = time.monotonic() - started
    return report


def _post_into_empty(client: Client, data: bytes, triples: int, named_graph: str, notes: list[str]) -> bool:
    """Load N-Triples ``data`` into the empty ``named_graph`` in one Graph Store POST; False where there is no Graph Store."""
    response = client.send(
        "POST", client.endpoint.gsp_url, params={"graph": named_graph}, data=data,
        headers={"Content-Type": "application/n-triples"}, ok=NO_GSP_READ, retry=False,
        timeout=max(client.endpoint.timeout, triples / 1000),
    ) if client.endpoint.gsp_url else None
    if response is None or response.status_code >= 300:
        status = f" (HTTP {response.status_code})" if response is not None else ""
        notes.append(f"no Graph Store Protocol at {client.endpoint.gsp_url}{status}: used SPARQL Update")
        return False
    return True


def _counted_after(client: Client, named_graph: str, expected: int, step: str) -> int:
    on_server = count_triples(client, named_graph)
    if on_server != expected:
        raise RemoteError(f"push to <{named_graph}>: after {step} the server holds {on_server} triples there,"
                          f" {expected} were pushed (another writer?)")
    return on_server


def _staging_push(client: Client, data: bytes, triples: int, named_graph: str, method: str, report: PushReport,
                  progress: Progress | None) -> None:
    """Load N-Triples ``data`` into a staging graph, count them there, and swap the staging graph in with one MOVE."""
    staging = staging_graph(named_graph)
    try:
        client.update(f"DROP SILENT GRAPH <{staging}>")
        report.method = _load(client, data, triples, staging, method, report.notes, progress)
        on_server = count_triples(client, staging)
        if on_server != triples:
            raise RemoteError(f"the staging graph holds {on_server} triples, {triples} were sent")
    except RemoteError as err:
        if err.answered:  # no clean-up where the server is gone: it would only wait out another timeout
            _drop_quietly(client, staging)
        raise RemoteError(
            f"push to <{named_graph}> failed while loading the staging graph <{staging}>: {err.message}."
            f" <{named_graph}> was not changed: it still holds its previous version", param=err.param
        ) from err
    report.counted = _swap(client, staging, named_graph, triples)


def _load(client: Client, data: bytes, triples: int, staging: str, method: str, notes: list[str],
          progress: Progress | None) -> str:
    """Load N-Triples ``data`` into the (empty) staging graph; the method used."""
    gsp_url = client.endpoint.gsp_url
    if method in ("auto", "gsp"):
        if gsp_url is None:
            if method == "gsp":
                raise RemoteError("no Graph Store Protocol URL: give {arg:gsp_url}")
            notes.append("no usual Graph Store Protocol URL beside the endpoint: used SPARQL Update")
        else:
            sent = 0
            for batch in ntriples_batches(data, triples, GSP_BATCH):
                # Oxigraph's bulk loader, outside a transaction: nobody reads the staging graph.
                params = {"graph": staging, **({"no_transaction": ""} if client.server.startswith("Oxigraph") else {})}
                response = client.send(
                    "POST", gsp_url, params=params, data=batch, headers={"Content-Type": "application/n-triples"},
                    ok=tuple(NO_GSP_STATUSES) if method == "auto" and sent == 0 else (),
                )
                if response.status_code in NO_GSP_STATUSES and response.status_code >= 300:
                    notes.append(f"no Graph Store Protocol at {gsp_url} (HTTP {response.status_code}): used SPARQL Update")
                    break
                sent += batch.count(b"\n")
                if progress:
                    progress(sent, triples)
            else:
                return "graph store protocol"
    lines = [line for line in data.split(b"\n") if line]
    sent = 0
    for batch in batches(lines, UPDATE_BATCH):
        body = b"\n".join(insert_data_line(line, client.server) for line in batch).decode("utf-8")
        client.update(f"INSERT DATA {{ GRAPH <{staging}> {{\n{body}\n}} }}")
        sent += len(batch)
        if progress:
            progress(sent, len(lines))
    return "sparql update"


_WHOLE_DECIMAL = re.compile(rb'"([+-]?[0-9]+)"\^\^<http://www\.w3\.org/2001/XMLSchema#decimal> \.$')


def insert_data_line(line: bytes, server: str) -> bytes:
    """An N-Triples line as it must be written inside ``INSERT DATA`` for the server software ``server``.

    Virtuoso's SPARQL compiler stores a whole-number ``xsd:decimal`` written
    without a point (``"12"^^xsd:decimal``) as an ``xsd:integer``; written
    ``"12.0"`` it stays a decimal and reads back as ``"12"``. Other servers
    get the line as it is.

    Examples
    --------
    >>> line = b'<urn:a> <urn:p> "12"^^<http://www.w3.org/2001/XMLSchema#decimal> .'
    >>> insert_data_line(line, "Virtuoso/07.20.3229 (Linux)")
    b'<urn:a> <urn:p> "12.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .'
    >>> insert_data_line(line, "Oxigraph/0.5.13") == line
    True
    """
    if server.startswith("Virtuoso"):
        return _WHOLE_DECIMAL.sub(rb'"\1.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .', line)
    return line


def _drop_quietly(client: Client, staging: str) -> None:
    """Remove a half-loaded staging graph if the server still answers; never raises."""
    with contextlib.suppress(RemoteError):
        client.update(f"DROP SILENT GRAPH <{staging}>", retry=False)


def _swap(client: Client, staging: str, named_graph: str, expected: int) -> int:
    """Replace ``named_graph`` by the loaded staging graph in one update; the triples counted there after."""
    swap = f"MOVE <{staging}> TO <{named_graph}>" if expected else f"DROP SILENT GRAPH <{named_graph}>"
    try:
        # Not retried blindly: a second MOVE after a first one that went through would empty the graph.
        # Given at least a second per thousand triples: some servers copy a graph triple by triple.
        client.update(swap, retry=False, timeout=max(client.endpoint.timeout, expected / 1000))
    except RemoteError as err:
        raise RemoteError(
            f"push to <{named_graph}>: the swap of the staging graph into place failed: {err.message}."
            f" The server applies one update atomically, so <{named_graph}> holds either its previous"
            " version or the new one; run the push again", param=err.param
        ) from err
    on_server = count_triples(client, named_graph)
    if on_server != expected:
        raise RemoteError(f"push to <{named_graph}>: after the swap the server holds {on_server} triples there, {expected} were pushed")
    return on_server
