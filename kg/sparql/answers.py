"""Answers of pyoxigraph's SPARQL engine, kept as the bytes it writes until rdflib terms are needed.

On the Oxigraph store a query runs on pyoxigraph's engine in the query's child
process (:func:`oxigraph_answer`), which sends back the SPARQL JSON results:
bytes cross a process boundary quickly. :class:`OxigraphResult` is the rdflib
:class:`~rdflib.query.Result` of those bytes. It makes rdflib terms only when
its rows are read (a table, ``kg.api.Answer.rows``), and writes the SPARQL
JSON, XML, CSV and TSV results formats straight from the bytes with
pyoxigraph's serialisers. Turning a hundred thousand rows into rdflib terms
takes seconds; rewriting the bytes takes a fraction of that. The answers of
the memory store and of servers are written by the same serialisers
(:meth:`OxigraphResult.of`), so the bytes do not depend on the engine.

Oxigraph keeps an ``xsd:decimal`` by value and writes ``5.0`` back as ``5``;
the answers here are given the build's form (``5.0``), so that both stores
write the same figures.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, BinaryIO, Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Variable

from ..rdf.builder import new_graph
from ..rdf.store import graph_name, oxigraph_of

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph
    from rdflib.term import Node

    from .checks import PreparedQuery

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
#: a whole-number xsd:decimal in Oxigraph's SPARQL JSON: digits only, so no escaped quote can be inside
_WHOLE_DECIMAL_JSON = re.compile(rb'("value":"-?[0-9]+)(","datatype":"http://www\.w3\.org/2001/XMLSchema#decimal")')
#: results format -> pyoxigraph QueryResultsFormat attribute
RESULTS_FORMATS = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}


def oxigraph_answer(graph: Graph, query: PreparedQuery, bindings: Mapping[Any, Node]) -> tuple:
    """Evaluate a prepared (already checked) query on pyoxigraph's engine.

    Returns ``(kind, variables, payload)`` like :func:`kg.sparql.sandbox._plain_answer`,
    but the payload of a SELECT is SPARQL JSON results and that of a
    CONSTRUCT or DESCRIBE is N-Triples; :func:`oxigraph_result` reads them.
    """
    from ..rdf.terms import PREFIXES
    from .checks import engine_text

    # pyoxigraph substitutes only projected variables; a VALUES block binds any, as rdflib's initial bindings do.
    text = engine_text(query, bindings)
    result = oxigraph_of(graph).query(text, prefixes=dict(PREFIXES), default_graph=graph_name(graph))
    if isinstance(result, ox.QueryBoolean):
        return ("ASK", [], bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        payload = result.serialize(format=ox.QueryResultsFormat.JSON)
        return ("SELECT", names, _WHOLE_DECIMAL_JSON.sub(rb"\1.0\2", payload))
    return (query.kind, [], ox.serialize(result, format=ox.RdfFormat.N_TRIPLES))


def oxigraph_answer_to_file(graph: Graph, query: PreparedQuery, bindings: Mapping[Any, Node], path: str) -> tuple:
    """Evaluate a prepared SELECT on pyoxigraph's engine, its SPARQL JSON results streamed to ``path``.

    Returns ``("SELECT", variables, None)``; the decimals in the file are in
    Oxigraph's form (see :func:`copy_with_kg_decimals`).
    """
    from ..rdf.terms import PREFIXES
    from .checks import engine_text

    result = oxigraph_of(graph).query(engine_text(query, bindings), prefixes=dict(PREFIXES), default_graph=graph_name(graph))
    if not isinstance(result, ox.QuerySolutions):
        raise ValueError("only a SELECT answer is streamed")
    result.serialize(path, format=ox.QueryResultsFormat.JSON)
    return ("SELECT", [v.value for v in result.variables], None)


def copy_with_kg_decimals(source: BinaryIO, target: BinaryIO, chunk: int = 1 << 20) -> None:
    """Copy SPARQL JSON results, whole-number decimals written as the build writes them (``5.0``), a chunk at a time.

    A decimal's JSON object holds no ``}``, so the text is cut after the last
    ``}`` of each chunk and no rewrite is split.

    Examples
    --------
    >>> import io
    >>> out = io.BytesIO()
    >>> copy_with_kg_decimals(io.BytesIO(b'{"x":{"type":"literal","value":"5","datatype":"http://www.w3.org/2001/XMLSchema#decimal"}}'), out, 7)
    >>> out.getvalue()
    b'{"x":{"type":"literal","value":"5.0","datatype":"http://www.w3.org/2001/XMLSchema#decimal"}}'
    """
    carry = b""
    while True:
        block = source.read(chunk)
        text = carry + block
        cut = text.rfind(b"}") + 1 if block else len(text)
        target.write(_WHOLE_DECIMAL_JSON.sub(rb"\1.0\2", text[:cut]))
        carry = text[cut:]
        if not block:
            return


class _Terms:
    """pyoxigraph terms to rdflib terms, each distinct term converted once."""

    def __init__(self):
        self.cache: dict = {}

    def __call__(self, term):
        if term is None:
            return None
        found = self.cache.get(term)
        if found is None:
            found = self.cache[term] = self._convert(term)
        return found

    @staticmethod
    def _convert(term):
        kind = type(term).__name__
        if kind == "NamedNode":
            return URIRef(term.value)
        if kind == "BlankNode":
            return BNode(term.value)
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype, value = term.datatype.value, term.value
        if datatype == _XSD_STRING:  # RDF 1.1 types plain literals xsd:string; rdflib and our exports keep them plain
            return Literal(value)
        if datatype == _XSD_DECIMAL and "." not in value:  # Oxigraph writes 5.0 as 5; the build writes 5.0
            value += ".0"
        return Literal(value, datatype=URIRef(datatype))


class OxigraphResult(Result):
    """A SELECT answer as SPARQL JSON bytes: rdflib terms on demand, the results formats by pyoxigraph.

    Every SELECT answer that ``kg query`` writes in a results format passes
    through this class (:meth:`of` takes rdflib's and servers' answers), so
    one writer makes the bytes whichever engine answered.

    Parameters
    ----------
    names : list of str
        The variables, in order.
    payload : bytes
        The SPARQL JSON results, as :func:`oxigraph_answer` gives them.

    Examples
    --------
    >>> result = OxigraphResult(["x"], b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal",'
    ...     b'"value":"5.0","datatype":"http://www.w3.org/2001/XMLSchema#decimal"}}]}}')
    >>> result.serialize(format="csv")
    b'x\\r\\n5.0\\r\\n'
    >>> [row.x for row in result]
    [rdflib.term.Literal('5.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))]
    """

    def __init__(self, names: list[str], payload: bytes):
        super().__init__("SELECT")
        self.payload = payload
        self.vars = [Variable(name) for name in names]
        self.bindings = self._rows()  # a generator: rdflib runs it the first time the rows are read

    @classmethod
    def of(cls, result: Result) -> OxigraphResult:
        """The SELECT answer ``result`` (of rdflib or a server) as pyoxigraph writes it.

        Examples
        --------
        >>> from rdflib import Graph
        >>> answer = Graph().query("SELECT ?x WHERE { VALUES ?x { 5.0 } }")
        >>> OxigraphResult.of(answer).serialize(format="json")
        b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"5.0","datatype":"http://www.w3.org/2001/XMLSchema#decimal"}}]}}'
        """
        solutions = ox.parse_query_results(result.serialize(format="json"), format=ox.QueryResultsFormat.JSON)
        return cls([str(v) for v in result.vars], solutions.serialize(format=ox.QueryResultsFormat.JSON))

    def _rows(self):
        convert = _Terms()
        names = [str(v) for v in self.vars]
        for solution in ox.parse_query_results(self.payload, format=ox.QueryResultsFormat.JSON):
            yield {v: term for v, term in zip(self.vars, (convert(solution[name]) for name in names)) if term is not None}

    def serialize(self, destination=None, encoding: str = "utf-8", format: str = "xml", **args) -> bytes | None:
        """As :meth:`rdflib.query.Result.serialize`; ``json``, ``xml``, ``csv`` and ``tsv`` are written by pyoxigraph."""
        if format not in RESULTS_FORMATS or destination is not None:
            return super().serialize(destination, encoding=encoding, format=format, **args)
        if format == "json":
            return self.payload
        solutions = ox.parse_query_results(self.payload, format=ox.QueryResultsFormat.JSON)
        return solutions.serialize(format=getattr(ox.QueryResultsFormat, RESULTS_FORMATS[format]))


def oxigraph_result(answer: tuple, graph: Graph) -> Result:
    """The rdflib result of :func:`oxigraph_answer`'s ``(kind, variables, payload)``.

    A CONSTRUCT or DESCRIBE answer is a graph with ``graph``'s prefixes bound.
    """
    kind, names, payload = answer
    if kind == "SELECT":
        return OxigraphResult(names, payload)
    if kind == "ASK":
        result = Result(kind)
        result.askAnswer = payload
        return result
    convert = _Terms()
    triples = ((convert(t.subject), convert(t.predicate), convert(t.object)) for t in ox.parse(payload, format=ox.RdfFormat.N_TRIPLES))
    return graph_result(kind, triples, graph.namespaces())


def graph_result(kind: str, triples: Iterable[tuple[Node, Node, Node]], namespaces: Iterable[tuple[str, Any]] = ()) -> Result:
    """The rdflib result of a CONSTRUCT or DESCRIBE answer: a graph with our prefixes and ``namespaces`` bound.

    Every engine's graph answer (rdflib's, pyoxigraph's, a server's) is assembled here.

    Examples
    --------
    >>> from kg.rdf.terms import AIC, AID
    >>> result = graph_result("CONSTRUCT", [(AID.a, AIC.investsIn, AID.b)])
    >>> result.type, len(result.graph), result.graph.qname(AID.a)
    ('CONSTRUCT', 1, 'aid:a')
    """
    result = Result(kind)
    result.graph = new_graph()
    for prefix, namespace in namespaces:
        result.graph.bind(prefix, namespace, override=False)
    for triple in triples:
        result.graph.add(triple)
    return result


#: the separator of the joined lists of the saved questions (GROUP_CONCAT(...; separator="; "))
JOINED_SEPARATOR = "; "


def sorted_lists(result: Result, columns: Iterable[str], separator: str = JOINED_SEPARATOR) -> Result:
    """``result`` with the items of each joined list in ``columns`` sorted (a SELECT; other answers as they are).

    SPARQL leaves the order of GROUP_CONCAT's items to the engine (rdflib,
    Oxigraph and Virtuoso each have their own), so an answer's bytes would
    depend on the engine; sorted, they do not.

    Examples
    --------
    >>> from rdflib import Graph
    >>> answer = Graph().query('SELECT ?names WHERE { VALUES ?names { "b; c; a" } }')
    >>> [str(row.names) for row in sorted_lists(answer, ["names"])]
    ['a; b; c']
    """
    wanted = [v for v in result.vars or () if str(v) in set(columns)] if result.type == "SELECT" else []
    if not wanted:
        return result
    if isinstance(result, OxigraphResult):
        return _sorted_payload(result, {str(v) for v in wanted}, separator)
    rows = []
    for row in result.bindings:
        row = dict(row)
        for variable in wanted:
            term = row.get(variable)
            if isinstance(term, Literal):
                items = separator.join(sorted(str(term).split(separator)))
                row[variable] = Literal(items, lang=term.language, datatype=term.datatype)
        rows.append(row)
    ordered = Result("SELECT")
    ordered.vars = list(result.vars)
    ordered.bindings = rows
    return ordered


def _sorted_payload(result: OxigraphResult, columns: set[str], separator: str) -> OxigraphResult:
    """:func:`sorted_lists` on the SPARQL JSON bytes: each joined value's items reordered as written, no terms made.

    pyoxigraph writes a literal as ``"name":{"type":"literal","value":"..."``
    (quotes inside a value are escaped, so the pattern cannot start inside
    one). The separator holds no character JSON escapes, so the escaped value
    splits where the text does; the items are ordered by their text and kept
    in their escaped form, so the bytes are those pyoxigraph would write.
    """
    import json
    import re

    names = b"|".join(re.escape(json.dumps(name).encode("utf-8")[1:-1]) for name in sorted(columns))
    pattern = re.compile(rb'("(?:' + names + rb')":\{"type":"literal","value":")((?:[^"\\]|\\.)*)"')
    cut = separator.encode("utf-8")

    def reorder(match: re.Match) -> bytes:
        items = match.group(2).split(cut)
        items.sort(key=lambda item: json.loads(b'"' + item + b'"') if b"\\" in item else item.decode("utf-8"))
        return match.group(1) + cut.join(items) + b'"'

    return OxigraphResult([str(v) for v in result.vars], pattern.sub(reorder, result.payload))
