"""The API's SPARQL servers: :func:`push` a graph into a named graph, :func:`serve` one on loopback; re-exported by :mod:`kg.api`.

A server is named by its query URL; the update and Graph Store Protocol URLs
default to the usual ones beside it (:meth:`kg.remote.endpoint.Endpoint.at`).
Failures raise :class:`kg.problems.RemoteError`, whose ``param`` names the
argument to change where one would help (``port``, ``user``, ``gsp_url``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, ContextManager

from .remote.endpoint import Endpoint

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph

    from .remote.push import PushReport
    from .remote.serve import Served

#: The named graph a push fills and a server question reads by default (:data:`kg.rdf.terms.GRAPH_IRI`).
NAMED_GRAPH = "https://w3id.org/aicompute/id/graph"

#: Seconds each request to a server may take by default, retries included, when pushing.
PUSH_TIMEOUT = 300.0


def endpoint(
    url: str | Endpoint,
    *,
    user: str | None = None,
    password: str | None = None,
    auth: str = "basic",
    timeout: float = 60.0,
    update_url: str | None = None,
    gsp_url: str | None = None,
) -> Endpoint:
    """A SPARQL server: its query URL ``url`` (an :class:`Endpoint` is taken as it is), login and patience.

    ``auth`` is ``basic`` or ``digest``; ``timeout`` bounds each request with
    its retries. Credentials inside a URL are refused (they would be sent and shown).

    Examples
    --------
    >>> server = endpoint("http://127.0.0.1:7878/query", user="ann", password="pw")
    >>> server.update_url, server.gsp_url, server.user
    ('http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store', 'ann')
    >>> endpoint("http://ann:pw@127.0.0.1:7878/query")
    Traceback (most recent call last):
    ...
    ValueError: http://***@127.0.0.1:7878/query: credentials in a URL are refused (they would be sent and shown); give the user and password separately
    """
    if isinstance(url, Endpoint):
        return url
    if password is not None and user is None:
        raise ValueError("a password needs a user")
    if auth not in ("basic", "digest"):
        raise ValueError(f"unknown auth {auth!r} (known: basic, digest)")
    return Endpoint.at(url, update_url=update_url, gsp_url=gsp_url, user=user, password=password, auth=auth,
                       timeout=timeout)


def push(
    graph: Graph,
    url: str | Endpoint,
    *,
    named_graph: str = NAMED_GRAPH,
    method: str = "auto",
    user: str | None = None,
    password: str | None = None,
    auth: str = "basic",
    timeout: float = PUSH_TIMEOUT,
    update_url: str | None = None,
    gsp_url: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    path: str = "auto",
) -> PushReport:
    """Replace ``named_graph`` on the SPARQL server at ``url`` with ``graph``, all or nothing, as ``kg push`` does.

    The quickest path that fits (:func:`kg.remote.push.push`): one POST into an
    empty graph (Oxigraph), only the change in one guarded update, one PUT of
    the whole graph where more than a quarter changes (Oxigraph 0.5.13 and
    later), or a staging graph swapped in with one ``MOVE``.

    Parameters
    ----------
    graph : rdflib.Graph
        The triples pushed; blank nodes are skolemised first.
    url : str or Endpoint
        The server's SPARQL query URL.
    named_graph : str
        The IRI of the graph replaced.
    method : {"auto", "gsp", "update"}
        ``auto``: the Graph Store Protocol, falling back to SPARQL Update if the server has none.
    user, password, auth, timeout, update_url, gsp_url
        As for :func:`endpoint`; ``timeout`` bounds each request (the final swap may take longer on big graphs).
    progress : callable, optional
        Called after each batch with (triples sent, triples in all).
    path : {"auto", "delta", "staging"}
        How the named graph is replaced (as ``kg push --path``).

    Returns
    -------
    kg.remote.push.PushReport
        The method used, the triples sent and counted on the server, the requests made, notes.

    Raises
    ------
    kg.problems.RemoteError
        A step failed; the message says which and that the named graph holds its previous version
        (``param`` names the argument to change where one would help: ``user``, ``gsp_url``).
    """
    from .remote.push import push as push_graph

    if method not in ("auto", "gsp", "update"):
        raise ValueError(f"unknown method {method!r} (known: auto, gsp, update)")
    server = endpoint(url, user=user, password=password, auth=auth, timeout=timeout, update_url=update_url,
                      gsp_url=gsp_url)
    return push_graph(graph, server, named_graph, method, progress=progress, path=path)


def serve(graph: Graph, *, port: int = 7878, host: str = "127.0.0.1", cors: bool = True,
          named_graph: str = NAMED_GRAPH) -> ContextManager[Served]:
    """Serve ``graph`` read-only by the SPARQL 1.1 Protocol with the Oxigraph server, as ``kg serve`` does.

    A context manager: it gives a :class:`kg.remote.serve.Served` once the
    server answers (``.url`` is its query URL, for :func:`kg.api.query`'s
    ``endpoint=``), and stops the server and removes its database on leaving.
    The graph is ``named_graph`` and also the default graph; updates are refused.

    Raises
    ------
    kg.problems.RemoteError
        The Oxigraph server is not installed (``pip install 'aicompute-kg[server]'``),
        ``port`` is taken (``param == "port"``) or the server did not start.

    Examples
    --------
    >>> from kg import build, query
    >>> with serve(build(MINI), port=free_port()) as served:  # doctest: +SKIP
    ...     query(None, "ASK { aid:bigcloud aic:investsIn aid:alpha-ai }", endpoint=served.url).boolean
    True
    """
    from .remote.serve import serving

    return serving(graph, named_graph, port, host=host, cors=cors)
