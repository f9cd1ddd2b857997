"""The whole-graph replacement by one Graph Store PUT, where the server applies it in one transaction.

Oxigraph's server 0.5.13 clears a graph and loads a PUT's body in one
transaction. Release 0.5.9 and earlier cleared the graph in a transaction of
its own before loading, so readers could see it empty and a PUT whose body did
not parse left it empty (oxigraph issue 1895, fixed by pull request 1896); the
releases in between were not tried, so kg counts on 0.5.13 and later. Measured on 0.5.13
(benchmarks/RESULTS.md): a reader counting the graph during PUTs saw only the
old and the new graph, and replacing a million triples this way took 170 s
where a staging graph and one ``MOVE`` took 246 s. Other servers (Virtuoso
7.2's PUT commits as it loads) never get it.
"""

from __future__ import annotations

import re

from ..problems import RemoteError
from .http import Client

#: The first Oxigraph server release whose Graph Store PUT was seen to be one transaction.
ATOMIC_PUT_SINCE = (0, 5, 13)

_OXIGRAPH_VERSION = re.compile(r"Oxigraph/(\d+)\.(\d+)\.(\d+)")


def atomic_put(server: str) -> bool:
    """True if the server software ``server`` (its ``Server`` header) replaces a graph by a PUT in one transaction.

    Examples
    --------
    >>> atomic_put("Oxigraph/0.5.13"), atomic_put("Oxigraph/0.6.0"), atomic_put("Oxigraph/0.5.9")
    (True, True, False)
    >>> atomic_put("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu"), atomic_put("")
    (False, False)
    """
    found = _OXIGRAPH_VERSION.match(server)
    return bool(found) and tuple(int(part) for part in found.groups()) >= ATOMIC_PUT_SINCE


def put_whole(client: Client, data: bytes, triples: int, named_graph: str) -> None:
    """Replace ``named_graph`` by the N-Triples ``data`` (``triples`` lines) in one Graph Store PUT.

    Raises
    ------
    RemoteError
        The PUT failed; the message says that the graph holds one version whole.
    """
    try:
        # Not retried: one answer lost after the PUT went through would only repeat the same replacement,
        # but a retry waits out the whole timeout again. Given at least a second per thousand triples.
        client.send("PUT", client.endpoint.gsp_url, params={"graph": named_graph}, data=data,
                    headers={"Content-Type": "application/n-triples"}, retry=False,
                    timeout=max(client.endpoint.timeout, triples / 1000))
    except RemoteError as err:
        raise RemoteError(
            f"push to <{named_graph}>: the Graph Store PUT of the whole graph failed: {err.message}. The server"
            f" replaces a graph by a PUT in one transaction, so <{named_graph}> holds either its previous version"
            " or the new one; run the push again", param=err.param) from err
