"""A SPARQL server as the user names it: query, update and Graph Store URLs, credentials, patience.

The update and Graph Store Protocol URLs default to the usual paths beside the
query URL of Oxigraph, Fuseki, Virtuoso, GraphDB and RDF4J.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit


def _replace_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def default_update_url(query_url: str) -> str:
    """The usual SPARQL Update URL beside a query URL.

    Examples
    --------
    >>> default_update_url("http://127.0.0.1:7878/query")  # Oxigraph, Fuseki, Stardog
    'http://127.0.0.1:7878/update'
    >>> default_update_url("http://127.0.0.1:8890/sparql")  # Virtuoso, Neptune: one URL for both
    'http://127.0.0.1:8890/sparql'
    >>> default_update_url("http://localhost:7200/repositories/kg")  # GraphDB, RDF4J
    'http://localhost:7200/repositories/kg/statements'
    """
    path = urlsplit(query_url).path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last == "query":
        return _replace_path(query_url, f"{head}/update")
    if head.endswith("/repositories"):
        return _replace_path(query_url, f"{path}/statements")
    return query_url


def default_gsp_url(query_url: str) -> str | None:
    """The usual Graph Store Protocol URL beside a query URL; None where there is no usual one.

    Examples
    --------
    >>> default_gsp_url("http://127.0.0.1:7878/query")  # Oxigraph
    'http://127.0.0.1:7878/store'
    >>> default_gsp_url("http://127.0.0.1:8890/sparql")  # Virtuoso
    'http://127.0.0.1:8890/sparql-graph-crud'
    >>> default_gsp_url("http://127.0.0.1:8890/sparql-auth")  # Virtuoso, digest-authenticated
    'http://127.0.0.1:8890/sparql-graph-crud-auth'
    >>> default_gsp_url("http://localhost:7200/repositories/kg")  # GraphDB, RDF4J
    'http://localhost:7200/repositories/kg/rdf-graphs/service'
    >>> default_gsp_url("http://localhost:7001/api") is None
    True
    """
    path = urlsplit(query_url).path.rstrip("/")
    head, _, last = path.rpartition("/")
    beside = {"query": "store", "sparql": "sparql-graph-crud", "sparql-auth": "sparql-graph-crud-auth"}
    if last in beside:
        return _replace_path(query_url, f"{head}/{beside[last]}")
    if head.endswith("/repositories"):
        return _replace_path(query_url, f"{path}/rdf-graphs/service")
    return None


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL server as the user named it: its URLs, credentials and patience.

    ``timeout`` bounds every request and, with the retries, each operation: a
    server that is down is reported within it.
    """

    query_url: str
    update_url: str
    gsp_url: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    auth: str = "basic"
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 0.5

    @classmethod
    def at(cls, query_url: str, update_url: str | None = None, gsp_url: str | None = None, **options) -> "Endpoint":
        """An endpoint whose update and Graph Store URLs default to the usual paths beside ``query_url``."""
        return cls(
            query_url=query_url,
            update_url=update_url or default_update_url(query_url),
            gsp_url=gsp_url or default_gsp_url(query_url),
            **options,
        )
