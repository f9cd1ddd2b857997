"""A read-only question asked of a server, within a named graph, answered as a local run answers it.

Questions go by the SPARQL 1.1 Protocol as a form-encoded POST (some servers
hang on a POST of ``application/sparql-query``), ask for JSON results and name
the graph as ``default-graph-uri`` (a store's default graph may be the union of
all its graphs). Answers come back as rdflib results, with kg's literal forms.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Mapping

from ..problems import RemoteError
from .endpoint import Endpoint
from .http import MAX_ROWS_HEADER, Client, first_line

if TYPE_CHECKING:  # pragma: no cover - typing only
    import requests
    from rdflib.query import Result
    from rdflib.term import Node

    from ..sparql.checks import PreparedQuery


_RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"


_RDF_PARSERS = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle", "application/rdf+xml": "xml"}


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


def parse_json_result(response: "requests.Response") -> "Result":
    from rdflib.query import Result

    try:
        return Result.parse(io.BytesIO(response.content), format="json")
    except Exception as err:  # a server that answered with something other than SPARQL JSON results
        raise RemoteError(f"{response.url}: the answer is not SPARQL JSON results ({first_line(response.text, 120)})") from err


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
    from ..problems import QueryProblem
    from ..sparql.checks import engine_text, prepare_query
    from ..sparql.text import prefix_declarations

    prepared = query if not isinstance(query, str) else prepare_query(query)
    unknown = sorted(set(params or {}) - prepared.variables)
    if unknown:
        raise QueryProblem(prepared.origin, f"the query has no variable ?{unknown[0]}", param="params", name=unknown[0])
    text = engine_text(prepared, params, prologue=prefix_declarations())
    client = Client(endpoint)
    try:
        if prepared.kind in ("SELECT", "ASK"):
            response = client.select(text, named_graph)
            result = parse_json_result(response)
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

    from ..sparql.text import paged_select

    rows: list = []
    variables = None
    offset = 0
    while True:
        result = parse_json_result(client.select(paged_select(text, offset, page), named_graph))
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

    from ..sparql.answers import graph_result

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
        raise RemoteError(f"{response.url}: the answer is not readable {media}: {first_line(str(err), 120)}") from err
    return graph_result(kind, ((s, p, kg_form(o)) for s, p, o in received))


def count_triples(client: Client, graph_iri: str) -> int:
    """How many triples the server holds in the named graph ``graph_iri``."""
    from rdflib import Variable

    response = client.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    rows = parse_json_result(response).bindings
    count = rows[0].get(Variable("n")) if rows else None
    if count is None:
        raise RemoteError(f"{response.url}: no count in the answer to a COUNT question")
    return int(count)
