"""A SPARQL server as the user names it: query, update and Graph Store URLs, credentials, patience.

The update and Graph Store Protocol URLs default to the usual paths beside the
query URL of Oxigraph, Fuseki, Virtuoso, GraphDB and RDF4J.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable
from urllib.parse import urlsplit, urlunsplit

from ..sparql.sandbox import check_timeout

#: the user information of a URL (``user:password@``), wherever a URL stands in a text
_USERINFO = re.compile(r"(?<=://)[^\s/?#@]*@")
#: the value of a URL parameter whose name says it is a secret (``?api_key=...``, ``&access_token=...``)
_SECRET_PARAMETER = re.compile(r"(?i)(?<=[?&;])([^=\s&;#]*(?:key|token|pass|secret|auth|sig|credential|session)"
                               r"[^=\s&;#]*=)[^\s&;#]+?(?=[:,.)'\"]*(?:\s|$)|[&;#])")


def redacted(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with each of ``secrets``, and in every URL in it the user information and the values of
    parameters named as secrets (key, token, password, signature, ...), replaced by ``***``.

    Examples
    --------
    >>> redacted("http://ann:s3cret@host/sparql answered HTTP 500: bad password s3cret", ["s3cret"])
    'http://***@host/sparql answered HTTP 500: bad password ***'
    >>> redacted("http://host/sparql?default-graph-uri=urn:g&api_key=s3cret: connection refused")
    'http://host/sparql?default-graph-uri=urn:g&api_key=***: connection refused'
    """
    text = _USERINFO.sub("***@", text)
    text = _SECRET_PARAMETER.sub(r"\1***", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def credentials_in_url(url: str) -> bool:
    """True if ``url`` carries user information (a user name, a password or a token before ``@``).

    Examples
    --------
    >>> credentials_in_url("http://ann:pw@host/sparql"), credentials_in_url("http://host/sparql")
    (True, False)
    """
    return "@" in urlsplit(url).netloc


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

    def __post_init__(self):
        check_timeout(self.timeout)
        for url in (self.query_url, self.update_url, self.gsp_url):
            if url is not None and credentials_in_url(url):
                raise ValueError(
                    f"{redacted(url)}: credentials in a URL are refused (they would be sent and shown);"
                    " give the user and password separately"
                )

    @classmethod
    def at(cls, query_url: str, update_url: str | None = None, gsp_url: str | None = None, **options) -> "Endpoint":
        """An endpoint whose update and Graph Store URLs default to the usual paths beside ``query_url``."""
        return cls(
            query_url=query_url,
            update_url=update_url or default_update_url(query_url),
            gsp_url=gsp_url or default_gsp_url(query_url),
            **options,
        )
