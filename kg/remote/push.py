"""A push: the graph into a named graph on a server, all or nothing.

The triples go into a staging graph, by the SPARQL 1.1 Graph Store HTTP
Protocol or, where that is missing, by SPARQL 1.1 Update ``INSERT DATA`` in
batches of at most 1,000 triples; they are counted on the server; and only
then the staging graph is swapped in with one ``MOVE``, so a failed push leaves
the previous version in place.
"""

from __future__ import annotations

import contextlib
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator
from urllib.parse import urlsplit

from ..problems import RemoteError
from .endpoint import Endpoint
from .http import Client
from .query import parse_json_result

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph


#: Triples per ``INSERT DATA``: Virtuoso rejects one much bigger than 1,000 triples.
UPDATE_BATCH = 1_000


#: Triples per Graph Store Protocol request.
GSP_BATCH = 50_000


#: HTTP statuses that mean "no Graph Store Protocol here": a push then falls back to SPARQL Update.
NO_GSP_STATUSES = frozenset({404, 405, 415, 501})


def count_triples(client: Client, graph_iri: str) -> int:
    """How many triples the server holds in the named graph ``graph_iri``."""
    from rdflib import Variable

    response = client.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    rows = parse_json_result(response).bindings
    count = rows[0].get(Variable("n")) if rows else None
    if count is None:
        raise RemoteError(f"{response.url}: no count in the answer to a COUNT question")
    return int(count)


def staging_graph(named_graph: str) -> str:
    """The graph a push loads into before it swaps it in.

    >>> staging_graph("https://w3id.org/aicompute/id/graph")
    'https://w3id.org/aicompute/id/graph/kg-push-staging'
    """
    return f"{named_graph.rstrip('/')}/kg-push-staging"


def skolemized(graph: "Graph", named_graph: str) -> "Graph":
    """``graph`` with every blank node replaced by a well-known genid IRI (RFC 7511 style).

    A blank node label means something only inside one request; a push sends
    many, so blank nodes must become IRIs first. A graph without blank nodes
    comes back as it is.

    Examples
    --------
    >>> from rdflib import BNode, Graph, Literal, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("urn:x"), URIRef("urn:p"), BNode("b1")))
    >>> [str(o) for o in skolemized(g, "https://example.org/g").objects()]
    ['https://example.org/.well-known/genid/kg/b1']
    """
    from rdflib import BNode

    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph
    parts = urlsplit(named_graph)
    authority = f"{parts.scheme}://{parts.netloc}" if parts.netloc else None
    return graph.skolemize(authority=authority, basepath="/.well-known/genid/kg/")


def ntriples_lines(graph: "Graph") -> list[bytes]:
    """The graph as N-Triples, one triple per line (also valid inside ``INSERT DATA``)."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return [line for line in data.split(b"\n") if line.strip()]


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


#: Called after each batch with (triples sent so far, triples in all).
Progress = Callable[[int, int], None]


def push(
    graph: "Graph",
    endpoint: Endpoint,
    named_graph: str,
    method: str = "auto",
    progress: Progress | None = None,
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
        "auto" loads by the Graph Store Protocol and falls back to SPARQL Update
        if the server has none; "gsp" and "update" use only that one.
    progress : callable, optional
        Told after each batch how many triples were sent.

    Returns
    -------
    PushReport

    Raises
    ------
    RemoteError
        If any step fails. Until the final swap the named graph is not touched,
        and the swap is one ``MOVE`` that the server applies atomically; the
        message says which step failed and that the previous version is in place.
    """
    started = time.monotonic()
    lines = ntriples_lines(skolemized(graph, named_graph))
    staging = staging_graph(named_graph)
    client = Client(endpoint)
    report = PushReport(named_graph, len(lines), "", 0, 0, 0.0)
    try:
        try:
            client.update(f"DROP SILENT GRAPH <{staging}>")
            report.method = _load(client, lines, staging, method, report.notes, progress)
            on_server = count_triples(client, staging)
            if on_server != len(lines):
                raise RemoteError(f"the staging graph holds {on_server} triples, {len(lines)} were sent")
        except RemoteError as err:
            if err.answered:  # no clean-up where the server is gone: it would only wait out another timeout
                _drop_quietly(client, staging)
            raise RemoteError(
                f"push to <{named_graph}> failed while loading the staging graph <{staging}>: {err.message}."
                f" <{named_graph}> was not changed: it still holds its previous version", param=err.param
            ) from err
        report.counted = _swap(client, staging, named_graph, len(lines))
        report.requests = client.requests
        report.seconds = time.monotonic() - started
        return report
    finally:
        client.close()


def _load(client: Client, lines: list[bytes], staging: str, method: str, notes: list[str], progress: Progress | None) -> str:
    """Load ``lines`` into the (empty) staging graph; the method used."""
    gsp_url = client.endpoint.gsp_url
    if method in ("auto", "gsp"):
        if gsp_url is None:
            if method == "gsp":
                raise RemoteError("no Graph Store Protocol URL: give {arg:gsp_url}")
            notes.append("no usual Graph Store Protocol URL beside the endpoint: used SPARQL Update")
        else:
            sent = 0
            for batch in batches(lines, GSP_BATCH):
                response = client.send(
                    "POST", gsp_url, params={"graph": staging}, data=b"\n".join(batch) + b"\n",
                    headers={"Content-Type": "application/n-triples"},
                    ok=tuple(NO_GSP_STATUSES) if method == "auto" and sent == 0 else (),
                )
                if response.status_code in NO_GSP_STATUSES and response.status_code >= 300:
                    notes.append(f"no Graph Store Protocol at {gsp_url} (HTTP {response.status_code}): used SPARQL Update")
                    break
                sent += len(batch)
                if progress:
                    progress(sent, len(lines))
            else:
                return "graph store protocol"
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
