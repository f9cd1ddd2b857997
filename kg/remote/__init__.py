"""SPARQL servers: push the graph into a named graph, ask it questions there, serve it locally.

Only the standard protocols are spoken, so the same code reaches Virtuoso,
GraphDB, Amazon Neptune, Stardog, Oxigraph or a clustered deployment of any of
them; only URLs and credentials change.

- Questions go by the SPARQL 1.1 Protocol as a form-encoded POST (some servers
  hang on a POST of ``application/sparql-query``), ask for JSON results and
  name the graph as ``default-graph-uri`` (a store's default graph may be the
  union of all its graphs). Answers come back as rdflib results, exactly as a
  local query gives them.
- A push loads the triples into a staging graph, by the SPARQL 1.1 Graph Store
  HTTP Protocol or, where that is missing, by SPARQL 1.1 Update ``INSERT DATA``
  in batches of at most 1,000 triples; counts them on the server; and only
  then swaps the staging graph in with one ``MOVE``, so a failed push leaves
  the previous version in place.
- :func:`serving` runs the Oxigraph server (PyPI's ``oxigraph``) read-only on
  loopback over a graph.

Every request has a timeout; connection failures and busy answers (HTTP 429,
502, 503, 504) are retried with exponential back-off within that timeout.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Mapping
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:  # rdflib and requests are imported where they are used, to keep ``kg --help`` fast
    import requests
    from rdflib import Graph
    from rdflib.query import Result
    from rdflib.term import Node

    from ..sparql.query import PreparedQuery

#: Triples per ``INSERT DATA``: Virtuoso rejects one much bigger than 1,000 triples.
UPDATE_BATCH = 1_000
#: Triples per Graph Store Protocol request.
GSP_BATCH = 50_000
#: HTTP statuses that mean "busy or briefly away: try again".
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
#: HTTP statuses that mean "no Graph Store Protocol here": a push then falls back to SPARQL Update.
NO_GSP_STATUSES = frozenset({404, 405, 415, 501})
#: Virtuoso's header on an answer it cut at its ResultSetMaxRows.
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"

_JSON_RESULTS = "application/sparql-results+json"
_RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RDF_PARSERS = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle", "application/rdf+xml": "xml"}


class RemoteError(Exception):
    """A SPARQL server could not be reached, refused a request or answered wrongly.

    The message says which server, what happened and, for a push, what state
    the named graph was left in. ``answered`` is False when the server could
    not be reached or did not answer in time.
    """

    def __init__(self, message: str, answered: bool = True):
        super().__init__(message)
        self.answered = answered


# --- where things are --------------------------------------------------------------------------


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


# --- talking to the server ------------------------------------------------------------------------


def _first_line(text: str, limit: int = 300) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:limit]
    return ""


class Client:
    """HTTP to one endpoint: authentication, timeouts, retries and plain-worded errors."""

    def __init__(self, endpoint: Endpoint):
        import requests
        from requests.auth import HTTPBasicAuth, HTTPDigestAuth

        self.endpoint = endpoint
        self.session = requests.Session()
        self.session.trust_env = False  # only the URLs the user gave: no proxies from the environment
        if endpoint.user is not None:
            scheme = HTTPDigestAuth if endpoint.auth == "digest" else HTTPBasicAuth
            self.session.auth = scheme(endpoint.user, endpoint.password or "")
        self.requests = 0
        #: the software the server names in its answers' Server header (for the few quirks worked around)
        self.server = ""

    def close(self) -> None:
        self.session.close()

    def send(self, method: str, url: str, *, retry: bool = True, ok: tuple[int, ...] = (), timeout: float | None = None,
             **kwargs) -> "requests.Response":
        """One HTTP request with retries; a :class:`RemoteError` unless the answer is 2xx or in ``ok``.

        ``timeout`` (seconds, retries included) defaults to the endpoint's.
        """
        import requests

        timeout = timeout or self.endpoint.timeout
        deadline = time.monotonic() + timeout
        attempt = 0
        while True:
            attempt += 1
            self.requests += 1
            try:
                response = self.session.request(method, url, timeout=(min(10.0, timeout), timeout), **kwargs)
            except requests.ConnectionError as err:
                problem = _connection_problem(err)
                response = None
            except requests.Timeout:
                problem = f"no answer within {timeout:g} s"
                response = None
            if response is not None:
                self.server = response.headers.get("Server", "")
                if response.status_code < 300 or response.status_code in ok:
                    return response
                if response.status_code not in TRANSIENT_STATUSES:
                    raise RemoteError(self._refusal(url, response))
                problem = f"HTTP {response.status_code} {_first_line(response.text) or response.reason}"
            pause = self.endpoint.backoff * 2 ** (attempt - 1)
            if not retry or attempt > self.endpoint.retries or time.monotonic() + pause > deadline:
                tries = f" (tried {attempt} times)" if attempt > 1 else ""
                raise RemoteError(f"{url}: {problem}{tries}", answered=response is not None)
            time.sleep(pause)

    def _refusal(self, url: str, response: "requests.Response") -> str:
        status = response.status_code
        if status == 401:
            if self.endpoint.user is None:
                return f"{url} needs credentials (HTTP 401): give --user and --password-env"
            return f"{url} refused the credentials of user '{self.endpoint.user}' ({self.endpoint.auth} auth, HTTP 401)"
        if status == 403:
            return f"{url} forbids this (HTTP 403): {_first_line(response.text) or response.reason}"
        message = _first_line(response.text) or response.reason
        hint = ""
        if "SECURITY" in response.text and "permission" in response.text:
            hint = ' (Virtuoso: GRANT SPARQL_UPDATE TO "SPARQL", or use the digest-authenticated /sparql-auth with --user)'
        elif "SR325" in response.text:
            hint = " (Virtuoso: raise TransactionAfterImageLimit in virtuoso.ini; one swap of a million triples needs more than its 50 MB)"
        elif "SR171" in response.text:
            hint = " (Virtuoso: raise MaxQueryExecutionTime in virtuoso.ini's [SPARQL]; it bounds updates too)"
        return f"{url} answered HTTP {status}: {message}{hint}"

    def update(self, text: str, *, retry: bool = True, timeout: float | None = None) -> None:
        """Run a SPARQL Update (form-encoded POST)."""
        self.send("POST", self.endpoint.update_url, data={"update": text.encode("utf-8")}, retry=retry, timeout=timeout)

    def select(self, text: str, default_graph: str | None = None) -> "requests.Response":
        """POST a SELECT or ASK query (form-encoded) and return the raw JSON answer."""
        form = {"query": text.encode("utf-8")}
        if default_graph:
            form["default-graph-uri"] = default_graph
        return self.send("POST", self.endpoint.query_url, data=form, headers={"Accept": _JSON_RESULTS})


def _connection_problem(err: Exception) -> str:
    text = str(err)
    if "Connection refused" in text:
        return "connection refused (is the server running?)"
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "unknown host"
    if "timed out" in text:
        return "connection timed out"
    return "connection lost: " + _first_line(text.split("(Caused by", 1)[-1].strip(" ()"), 200)


# --- questions on the server ----------------------------------------------------------------------


_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>)*", re.IGNORECASE)

#: Tokens that matter for finding a query's WHERE group; strings, IRIs and comments are skipped whole.
_TOKEN = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*)'
    r"|(?P<word>(?<![\w:?$])(?:SELECT|ASK|CONSTRUCT|DESCRIBE|WHERE)(?![\w:-]))"
    r"|(?P<mark>[{}()])",
    re.IGNORECASE,
)


def with_values(text: str, params: Mapping[str, "Node"]) -> str:
    """``text`` with ``params`` bound by a VALUES block at the start of the query's WHERE group.

    This is what a local run does with initial bindings: the variables are
    bound before the rest of the pattern is matched, whether or not the query
    returns them.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> print(with_values('SELECT ?who WHERE { ?who <urn:p> ?firm FILTER(?x != "}") }', {"firm": URIRef("urn:a")}))
    SELECT ?who WHERE { VALUES (?firm) { (<urn:a>) } ?who <urn:p> ?firm FILTER(?x != "}") }
    >>> print(with_values("CONSTRUCT { ?a <urn:q> ?b } { ?a <urn:p> ?b }", {"b": Literal("x")}))
    CONSTRUCT { ?a <urn:q> ?b } { VALUES (?b) { ("x") } ?a <urn:p> ?b }
    >>> with_values("SELECT ?x { ?x ?p ?o }", {}) == "SELECT ?x { ?x ?p ?o }"
    True
    """
    if not params:
        return text
    names = " ".join(f"?{name}" for name in params)
    values = " ".join(term.n3() for term in params.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    form = None
    after_where = template_done = in_template = False
    braces = parens = 0
    for token in _TOKEN.finditer(text):
        if token.group("skip"):
            continue
        word = (token.group("word") or "").upper()
        if form is None:
            form = word or None
            continue
        mark = token.group("mark")
        if word == "WHERE" and braces == 0:
            after_where = True
        elif mark == "(":
            parens += 1
        elif mark == ")":
            parens -= 1
        elif mark == "{":
            if braces == 0 and parens == 0:
                if form == "CONSTRUCT" and not after_where and not template_done:
                    in_template = True
                elif form == "CONSTRUCT" and not template_done:
                    raise ValueError("parameters cannot be bound in the short form CONSTRUCT WHERE { ... }")
                else:
                    return text[:token.end()] + block + text[token.end():]
            braces += 1
        elif mark == "}":
            braces -= 1
            if in_template and braces == 0:
                in_template, template_done = False, True
    raise ValueError("no WHERE group found to bind parameters in")


def paged_select(text: str, offset: int, limit: int) -> str:
    """``text`` (a SELECT) as a subquery, cut to ``limit`` rows from ``offset``.

    The subquery keeps the question's own ORDER BY, LIMIT and OFFSET, and
    Virtuoso does not refuse it as an over-long sorted TOP.

    Examples
    --------
    >>> print(paged_select("PREFIX a: <urn:a#>\\nSELECT ?x WHERE { ?x a:p ?y } ORDER BY ?x", 100, 50))
    PREFIX a: <urn:a#>
    SELECT * WHERE { {
    SELECT ?x WHERE { ?x a:p ?y } ORDER BY ?x
    } } OFFSET 100 LIMIT 50
    """
    prologue = _PROLOGUE.match(text).group(0)
    body = text[len(prologue):]
    return f"{prologue.rstrip()}\nSELECT * WHERE {{ {{\n{body.strip()}\n}} }} OFFSET {offset} LIMIT {limit}".lstrip()


def kg_form(term: "Node | None") -> "Node | None":
    """A term from a server in the form kg writes it.

    Servers store numbers and booleans by value and give back a form of their
    own: ``"5000000000"^^xsd:decimal`` where the build writes decimals as
    Turtle does (``5000000000.0``, :func:`kg.build.decimal_literal`), and
    Virtuoso's ``"1"^^xsd:boolean`` for ``true``. A remote answer must use
    kg's forms for its output to equal the local one.

    Examples
    --------
    >>> from rdflib import Literal
    >>> from rdflib.namespace import XSD
    >>> kg_form(Literal("5000000000", datatype=XSD.decimal))
    rdflib.term.Literal('5000000000.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    >>> str(kg_form(Literal("0", datatype=XSD.boolean))), str(kg_form(Literal("7", datatype=XSD.integer)))
    ('false', '7')
    """
    from decimal import Decimal, InvalidOperation

    from rdflib import Literal
    from rdflib.namespace import XSD

    from ..rdf.builder import decimal_literal

    if not isinstance(term, Literal):
        return term
    if term.datatype == XSD.decimal:
        try:
            return decimal_literal(Decimal(str(term)))
        except InvalidOperation:  # an ill-typed literal stays as the server wrote it
            return term
    if term.datatype == XSD.boolean and str(term) in ("0", "1"):
        return Literal("true" if str(term) == "1" else "false", datatype=XSD.boolean)
    return term


def _parse_json_result(response: "requests.Response") -> "Result":
    from rdflib.query import Result

    try:
        return Result.parse(io.BytesIO(response.content), format="json")
    except Exception as err:  # a server that answered with something other than SPARQL JSON results
        raise RemoteError(f"{response.url}: the answer is not SPARQL JSON results ({_first_line(response.text, 120)})") from err


def remote_query(
    endpoint: Endpoint,
    query: "str | PreparedQuery",
    named_graph: str | None,
    params: Mapping[str, "Node"] | None = None,
) -> "Result":
    """Answer a read-only question on the server, within ``named_graph``, as an rdflib result.

    Parameters
    ----------
    endpoint : Endpoint
        The server.
    query : str or kg.query.PreparedQuery
        The question, checked by :func:`kg.query.prepare_query` (read-only, no
        SERVICE, no FROM) and sent with our prefixes declared.
    named_graph : str or None
        The graph asked, sent as ``default-graph-uri``; None asks the server's
        default graph (on Virtuoso the union of all graphs).
    params : mapping of str to rdflib term, optional
        Values bound to variables of the question, as a local run binds them.

    Returns
    -------
    rdflib.query.Result
        SELECT and ASK answers are the server's SPARQL JSON results read by
        rdflib's JSON results parser; CONSTRUCT and DESCRIBE answers are its RDF
        read into a graph with our prefixes. Decimals are in kg's form
        (:func:`kg_form`). A SELECT answer the server cut at its row limit
        (Virtuoso's ResultSetMaxRows) is fetched again page by page.
    """
    from ..sparql.query import QueryProblem, prefix_declarations, prepare_query

    prepared = query if not isinstance(query, str) else prepare_query(query)
    unknown = sorted(set(params or {}) - prepared.variables)
    if unknown:
        raise QueryProblem(prepared.origin, f"--param {unknown[0]}: the query has no variable ?{unknown[0]}")
    try:
        text = prefix_declarations() + with_values(prepared.text, params or {})
    except ValueError as err:
        raise QueryProblem(prepared.origin, str(err)) from None
    client = Client(endpoint)
    try:
        if prepared.kind in ("SELECT", "ASK"):
            response = client.select(text, named_graph)
            result = _parse_json_result(response)
            cap = response.headers.get(MAX_ROWS_HEADER)
            if prepared.kind == "SELECT" and cap and cap.isdigit() and len(result.bindings) >= int(cap):
                result = _select_in_pages(client, text, named_graph, int(cap))
            if prepared.kind == "SELECT":
                result.bindings = [{v: kg_form(t) for v, t in row.items()} for row in result.bindings]
            return result
        return _graph_query(client, text, prepared.kind, named_graph)
    finally:
        client.close()


def _select_in_pages(client: Client, text: str, named_graph: str | None, page: int) -> "Result":
    from rdflib.query import Result

    rows: list = []
    variables = None
    offset = 0
    while True:
        result = _parse_json_result(client.select(paged_select(text, offset, page), named_graph))
        variables = variables or result.vars
        rows.extend(result.bindings)
        if len(result.bindings) < page:
            break
        offset += page
    merged = Result("SELECT")
    merged.vars = variables
    merged.bindings = rows
    return merged


def _graph_query(client: Client, text: str, kind: str, named_graph: str | None) -> "Result":
    from rdflib import Graph
    from rdflib.query import Result

    from ..rdf.builder import new_graph

    form = {"query": text.encode("utf-8")}
    if named_graph:
        form["default-graph-uri"] = named_graph
    response = client.send("POST", client.endpoint.query_url, data=form, headers={"Accept": _RDF_ACCEPT})
    if response.headers.get(MAX_ROWS_HEADER):
        raise RemoteError(
            f"{response.url}: the server cut the answer at {response.headers[MAX_ROWS_HEADER]} rows;"
            " narrow the question (or raise the server's row limit)"
        )
    media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    parser = _RDF_PARSERS.get(media)
    if parser is None:
        raise RemoteError(f"{response.url}: answered with {media or 'no content type'}, not RDF")
    received = Graph()
    try:
        received.parse(data=response.content, format=parser)
    except Exception as err:  # rdflib's parsers raise many types; all mean "not the RDF it said"
        raise RemoteError(f"{response.url}: the answer is not readable {media}: {_first_line(str(err), 120)}") from err
    result = Result(kind)
    result.graph = new_graph()
    for s, p, o in received:
        result.graph.add((s, p, kg_form(o)))
    return result


def count_triples(client: Client, graph_iri: str) -> int:
    """How many triples the server holds in the named graph ``graph_iri``."""
    from rdflib import Variable

    response = client.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    rows = _parse_json_result(response).bindings
    count = rows[0].get(Variable("n")) if rows else None
    if count is None:
        raise RemoteError(f"{response.url}: no count in the answer to a COUNT question")
    return int(count)


# --- push -----------------------------------------------------------------------------------------


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
                f"push to <{named_graph}> failed while loading the staging graph <{staging}>: {err}."
                f" <{named_graph}> was not changed: it still holds its previous version"
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
                raise RemoteError("no Graph Store Protocol URL: give --gsp-url")
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
            f"push to <{named_graph}>: the swap of the staging graph into place failed: {err}."
            f" The server applies one update atomically, so <{named_graph}> holds either its previous"
            " version or the new one; run the push again"
        ) from err
    on_server = count_triples(client, named_graph)
    if on_server != expected:
        raise RemoteError(f"push to <{named_graph}>: after the swap the server holds {on_server} triples there, {expected} were pushed")
    return on_server


# --- serve ----------------------------------------------------------------------------------------


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
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as directory:
        location = Path(directory) / "db"
        loaded = subprocess.run(
            [program, "load", "--location", str(location), "--format", "application/n-triples", "--graph", graph_iri],
            input=graph.serialize(format="nt", encoding="utf-8"), capture_output=True, timeout=600,
        )
        if loaded.returncode != 0:
            raise RemoteError(f"oxigraph load failed: {_first_line(loaded.stderr.decode(errors='replace'))}")
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
                    said = _first_line(log.read_text(errors="replace")).removeprefix("Error: ")
                    raise RemoteError(f"the Oxigraph server could not start on {host}:{port}: {said}")
                try:
                    requests.get(url, params={"query": "ASK {}"}, timeout=1)
                    break
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
