"""The quick push: read the server's copy of the named graph, send only the change, in one update.

1. The named graph is downloaded by a Graph Store Protocol GET and checked
   against a ``COUNT`` of it (a server that cuts long answers is caught).
2. The difference from the graph to push is worked out locally
   (:mod:`kg.remote.delta`).
3. The change goes to the server as ONE SPARQL update, which the server
   applies as one transaction: readers see the previous version or the new
   one. The update is guarded by the count read in step 1 (``WHERE`` it still
   holds): if another writer changed the graph in between, it changes nothing.

How the change travels depends on the server:

- Oxigraph takes updates of any size: the triples themselves, in one
  ``DELETE {...} INSERT {...} WHERE {guard}`` (or, where most of the graph
  goes, one that empties the graph and one that fills it, in the same request).
- Other servers (Virtuoso rejects an ``INSERT DATA`` much over 1,000 triples):
  the lines to remove and to add go into two staging graphs by the Graph Store
  Protocol; one update then deletes and inserts by pattern from them.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from ..problems import RemoteError
from .delta import Difference, canonical_lines, difference, has_blank_nodes, ntriples_lines
from .http import Client
from .query import count_triples

#: HTTP statuses of a Graph Store POST that mean "no Graph Store here" (404 may also mean "no such graph" on a GET).
NO_GSP_READ = (404, 405, 406, 415, 501)
#: Answers to a Graph Store GET that mean "the copy cannot be read here": every refusal but those of credentials,
#: permissions and a busy server (Virtuoso answers 500 to a GET of over 1,000,000 triples: "FRVEC ... max vector length").
UNREADABLE = tuple(sorted(set(range(400, 600)) - {401, 403, 429, 502, 503, 504}))
#: Bytes the Oxigraph server takes in one update (its limit: 128 MiB).
OXIGRAPH_MAX_UPDATE = 128 * 1024 * 1024
#: Triples per Graph Store Protocol POST into a staging graph.
GSP_BATCH = 50_000


@dataclass
class DeltaPush:
    """What a quick push sent: the change, how, and what the server counts after it."""

    change: Difference
    how: str
    counted: int


def fetch_copy(client: Client, named_graph: str) -> set[bytes] | None:
    """The server's copy of ``named_graph`` as canonical N-Triples lines; None where it cannot be read whole.

    None means the quick push cannot be used (no Graph Store GET, an answer in
    a format pyoxigraph cannot read, or fewer triples than the server counts).
    """
    import pyoxigraph as ox

    gsp_url = client.endpoint.gsp_url
    if gsp_url is None:
        return None
    counted = count_triples(client, named_graph)
    response = client.send("GET", gsp_url, params={"graph": named_graph}, ok=UNREADABLE,
                           headers={"Accept": "application/n-triples, text/turtle;q=0.5"})
    if response.status_code >= 300:  # an empty or missing graph, no Graph Store at that URL, or too big an answer
        return set() if counted == 0 else None
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    rdf_format = ox.RdfFormat.from_media_type(media_type) if media_type else None
    if rdf_format is None:
        return None
    try:
        if has_blank_nodes(response.content, rdf_format):  # not kg's: no update could name them to delete them
            return None
        if rdf_format == ox.RdfFormat.N_TRIPLES and client.server.startswith("Oxigraph"):
            # Oxigraph writes N-Triples with the serialiser pyoxigraph has: canonical already, no parse needed.
            # (Were a line ever written otherwise, the triple would only be deleted and inserted again.)
            lines = ntriples_lines(response.content)
        else:
            lines = canonical_lines(response.content, named_graph, rdf_format)
    except SyntaxError:  # Virtuoso cuts its answer at ResultSetMaxRows (10,000 by default), even amid a line
        return None
    # A server that cuts a long answer (or a writer between the COUNT and the GET) shows here.
    return lines if len(lines) == counted else None


def guard(named_graph: str, count: int) -> str:
    """A ``WHERE`` clause that holds (one solution) only while ``named_graph`` holds ``count`` triples.

    >>> guard("urn:g", 3)
    '{ SELECT (COUNT(*) AS ?kg_count) WHERE { GRAPH <urn:g> { ?kg_s ?kg_p ?kg_o } } } FILTER(?kg_count = 3)'
    """
    return (f"{{ SELECT (COUNT(*) AS ?kg_count) WHERE {{ GRAPH <{named_graph}> {{ ?kg_s ?kg_p ?kg_o }} }} }}"
            f" FILTER(?kg_count = {count})")


def oxigraph_update(named_graph: str, old_count: int, change: Difference, new_lines: set[bytes]) -> bytes:
    """The one update that turns the server's copy into the pushed graph, for a server without size limits.

    Where more than half of the server's copy goes, the graph is emptied and
    filled instead (two operations, one request): that sends the new graph
    once instead of both versions.
    """
    g = named_graph.encode()
    if len(change.remove) * 2 > old_count:
        refill = b"\n".join(new_lines)
        return (b"DELETE { GRAPH <%s> { ?s ?p ?o } } WHERE { %s GRAPH <%s> { ?s ?p ?o } } ;\n"
                b"INSERT { GRAPH <%s> {\n%s\n} } WHERE { %s }"
                % (g, guard(named_graph, old_count).encode(), g, g, refill, guard(named_graph, 0).encode()))
    remove, add = b"\n".join(change.remove), b"\n".join(change.add)
    return (b"DELETE { GRAPH <%s> {\n%s\n} } INSERT { GRAPH <%s> {\n%s\n} } WHERE { %s }"
            % (g, remove, g, add, guard(named_graph, old_count).encode()))


def staged_update(named_graph: str, old_count: int, change: Difference, remove_graph: str, add_graph: str) -> str:
    """The one update that applies a change staged in two graphs, guarded by the count, and drops them."""
    after_removal = old_count - len(change.remove)
    return (
        f"DELETE {{ GRAPH <{named_graph}> {{ ?s ?p ?o }} }}"
        f" WHERE {{ {guard(named_graph, old_count)} GRAPH <{remove_graph}> {{ ?s ?p ?o }} }} ;\n"
        f"INSERT {{ GRAPH <{named_graph}> {{ ?s ?p ?o }} }}"
        f" WHERE {{ {guard(named_graph, after_removal)} GRAPH <{add_graph}> {{ ?s ?p ?o }} }} ;\n"
        f"DROP SILENT GRAPH <{remove_graph}> ;\nDROP SILENT GRAPH <{add_graph}>"
    )


def delta_push(client: Client, named_graph: str, old: set[bytes], new: set[bytes], gsp_only: bool = False) -> DeltaPush:
    """Apply the change from ``old`` (the server's copy, just read) to ``new`` in one guarded update.

    Raises
    ------
    RemoteError
        If a request fails, or the server does not count ``len(new)`` triples
        after the update. The message says what state the graph is in.
    """
    change = difference(old, new)
    if not change:
        return DeltaPush(change, "nothing to change", count_triples(client, named_graph))
    # Given at least a second per thousand triples changed: the server writes them in one transaction.
    patience = max(client.endpoint.timeout, len(change) / 1000)
    body = oxigraph_update(named_graph, len(old), change, new) if client.server.startswith("Oxigraph") and not gsp_only else b""
    if body and len(body) <= OXIGRAPH_MAX_UPDATE:
        how = "one update"
        _apply(client, named_graph, lambda: client.send(
            "POST", client.endpoint.update_url, data=body, retry=False, timeout=patience,
            headers={"Content-Type": "application/sparql-update; charset=utf-8"}))
    else:
        how = "staged change + one update"
        remove_graph, add_graph = f"{named_graph.rstrip('/')}/kg-push-remove", f"{named_graph.rstrip('/')}/kg-push-add"
        try:
            for staging, lines in ((remove_graph, change.remove), (add_graph, change.add)):
                client.update(f"DROP SILENT GRAPH <{staging}>")
                _post_lines(client, staging, sorted(lines))
                if count_triples(client, staging) != len(lines):
                    raise RemoteError(f"the staging graph <{staging}> does not hold the {len(lines)} triples sent")
        except RemoteError as err:
            if err.answered:
                _drop_quietly(client, remove_graph, add_graph)
            raise RemoteError(f"push to <{named_graph}> failed while staging the change: {err.message}."
                              f" <{named_graph}> was not changed: it still holds its previous version", param=err.param) from err
        text = staged_update(named_graph, len(old), change, remove_graph, add_graph)
        _apply(client, named_graph, lambda: client.update(text, retry=False, timeout=patience))
    counted = count_triples(client, named_graph)
    if counted != len(new):
        raise RemoteError(
            f"push to <{named_graph}>: after the update the server holds {counted} triples there, {len(new)} were pushed."
            " The update is applied whole or not at all, and not at all if the graph changed after it was read"
            " (another writer?); run the push again")
    return DeltaPush(change, how, counted)


def _apply(client: Client, named_graph: str, send) -> None:
    try:
        send()  # never retried blindly: a change applied twice is still right, but a timeout may hide a success
    except RemoteError as err:
        raise RemoteError(
            f"push to <{named_graph}>: the update that applies the change failed: {err.message}."
            f" The server applies one update whole or not at all, so <{named_graph}> holds either its previous"
            " version or the new one; run the push again", param=err.param) from err


def _post_lines(client: Client, graph: str, lines: list[bytes]) -> None:
    for start in range(0, len(lines), GSP_BATCH):
        client.send("POST", client.endpoint.gsp_url, params={"graph": graph},
                    data=b"\n".join(lines[start:start + GSP_BATCH]) + b"\n",
                    headers={"Content-Type": "application/n-triples"})


def _drop_quietly(client: Client, *graphs: str) -> None:
    with contextlib.suppress(RemoteError):
        for graph in graphs:
            client.update(f"DROP SILENT GRAPH <{graph}>", retry=False)
