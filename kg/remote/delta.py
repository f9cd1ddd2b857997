"""What a push changes: the graph as canonical N-Triples lines, and the difference from the server's copy.

Both sides are written by one serialiser (pyoxigraph's, in Rust), so two lines
are equal exactly when their triples are equal term by term, and a set of
lines is a set of triples. rdflib is used only where the graph lives in its
memory store; a graph on the Oxigraph store is dumped by pyoxigraph.

Servers store some literals by value and give them back in their own
canonical form (Oxigraph and Virtuoso read ``"12.0"^^xsd:decimal`` back as
``"12"``): such a pair, one line on each side of a difference, is the same
value and is left out of it, so a push does not rewrite them every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: numeric datatypes whose literals servers store by value
_DECIMAL_TYPES = frozenset(_XSD + name for name in (
    "integer", "decimal", "int", "long", "short", "byte", "nonNegativeInteger", "nonPositiveInteger",
    "positiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
))
_FLOAT_TYPES = frozenset({_XSD + "double", _XSD + "float"})
_BOOLEAN = _XSD + "boolean"


def genid_base(named_graph: str) -> str:
    """Where the skolem IRIs of a push's blank nodes start (RFC 7511's well-known genid path).

    >>> genid_base("https://w3id.org/aicompute/id/graph")
    'https://w3id.org/.well-known/genid/kg/'
    """
    parts = urlsplit(named_graph)
    authority = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "https://kg.invalid"
    return f"{authority}/.well-known/genid/kg/"


def canonical_lines(data: bytes, named_graph: str, rdf_format=None) -> set[bytes]:
    """The triples of ``data`` (N-Triples, or another pyoxigraph ``RdfFormat``) as canonical lines, blank nodes skolemised.

    Examples
    --------
    >>> sorted(canonical_lines(b'<urn:a>  <urn:p> "x"^^<http://www.w3.org/2001/XMLSchema#string>.\\n', "urn:g"))
    [b'<urn:a> <urn:p> "x" .']
    >>> sorted(canonical_lines(b'_:b1 <urn:p> "x" .\\n', "https://example.org/g"))
    [b'<https://example.org/.well-known/genid/kg/b1> <urn:p> "x" .']
    """
    import pyoxigraph as ox

    rdf_format = rdf_format or ox.RdfFormat.N_TRIPLES
    triples = ox.parse(data, format=rdf_format)
    if b"_:" in data or rdf_format != ox.RdfFormat.N_TRIPLES:  # else no blank node: the walk below is spared
        triples = _skolemised(triples, genid_base(named_graph))
    return ntriples_lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))


def has_blank_nodes(data: bytes, rdf_format) -> bool:
    """True if the RDF ``data`` names a blank node (which no later request could name again).

    >>> import pyoxigraph as ox
    >>> has_blank_nodes(b'<urn:a> <urn:p> "_:x" .', ox.RdfFormat.N_TRIPLES), has_blank_nodes(b'<urn:a> <urn:p> _:x .', ox.RdfFormat.N_TRIPLES)
    (False, True)
    """
    import pyoxigraph as ox

    if rdf_format == ox.RdfFormat.N_TRIPLES and b"_:" not in data:
        return False
    return any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
               for t in ox.parse(data, format=rdf_format))


def graph_ntriples(graph: "Graph", named_graph: str) -> bytes:
    """The triples of ``graph`` as canonical N-Triples, one a line, blank nodes skolemised.

    A graph on the Oxigraph store is dumped by pyoxigraph, whose output is
    already canonical: without blank nodes it is sent as it is, with no work
    per triple in Python. One in rdflib's memory store is written by rdflib,
    then read back by pyoxigraph.

    Examples
    --------
    >>> from rdflib import BNode, Graph, Literal, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("urn:x"), URIRef("urn:p"), BNode("b1")))
    >>> graph_ntriples(g, "https://example.org/g")
    b'<urn:x> <urn:p> <https://example.org/.well-known/genid/kg/b1> .\\n'
    """
    from ..rdf.store import graph_name, oxigraph_of

    store = oxigraph_of(graph)
    if store is not None:
        import pyoxigraph as ox

        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph_name(graph))
        if b"_:" not in data:
            return data
    else:
        data = graph.serialize(format="nt", encoding="utf-8")
    return b"".join(line + b"\n" for line in canonical_lines(data, named_graph))


def graph_lines(graph: "Graph", named_graph: str) -> set[bytes]:
    """The lines of :func:`graph_ntriples`, as a set (a set of lines is a set of triples).

    >>> from rdflib import Graph, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("urn:x"), URIRef("urn:p"), URIRef("urn:o")))
    >>> graph_lines(g, "urn:g")
    {b'<urn:x> <urn:p> <urn:o> .'}
    """
    return ntriples_lines(graph_ntriples(graph, named_graph))


def _skolemised(triples, base: str):
    import pyoxigraph as ox

    def term(t):
        return ox.NamedNode(base + t.value) if isinstance(t, ox.BlankNode) else t

    for triple in triples:
        yield ox.Triple(term(triple.subject), triple.predicate, term(triple.object))


def ntriples_lines(data: bytes) -> set[bytes]:
    """The non-empty lines of N-Triples ``data``."""
    return {line for line in data.split(b"\n") if line}


@dataclass
class Difference:
    """What turns the server's copy into the pushed graph: lines to remove, then lines to add."""

    remove: set[bytes]
    add: set[bytes]
    #: value-equal pairs left out (the server's canonical form of a pushed literal)
    same_value: int = 0

    def __len__(self) -> int:
        return len(self.remove) + len(self.add)


def difference(old: set[bytes], new: set[bytes]) -> Difference:
    """The change from ``old`` (the server's copy) to ``new``, value-equal literals left alone.

    Examples
    --------
    >>> d = '"12"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> old = {b'<urn:a> <urn:p> ' + d.encode() + b' .', b'<urn:a> <urn:p> "gone" .'}
    >>> new = {b'<urn:a> <urn:p> ' + d.replace('12', '12.0').encode() + b' .', b'<urn:a> <urn:p> "new" .'}
    >>> change = difference(old, new)
    >>> change.remove, change.add, change.same_value
    ({b'<urn:a> <urn:p> "gone" .'}, {b'<urn:a> <urn:p> "new" .'}, 1)
    """
    remove, add = old - new, new - old
    if not remove or not add:
        return Difference(remove, add)
    removed_by_value = {}
    for line in remove:
        key = value_key(line)
        if key is not None:
            removed_by_value.setdefault(key, line)
    same = 0
    for line in list(add):
        key = value_key(line)
        match = removed_by_value.pop(key, None) if key is not None else None
        if match is not None:
            remove.discard(match)
            add.discard(line)
            same += 1
    return Difference(remove, add, same)


def value_key(line: bytes) -> tuple | None:
    """A key equal for two lines whose triples differ only in how a number or truth value is written.

    None for a line whose object is no number or truth value (or is not a valid one).

    >>> a = value_key(b'<urn:a> <urn:p> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .')
    >>> a == value_key(b'<urn:a> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .')
    True
    >>> value_key(b'<urn:a> <urn:p> "1" .') is None
    True
    """
    head, quote, rest = line.rpartition(b' "')
    if not quote or not rest.endswith(b"> .") or b'"^^<' not in rest:
        return None
    lexical, _, datatype = rest[:-3].rpartition(b'"^^<')
    kind = datatype.decode("utf-8", "replace")
    text = lexical.decode("utf-8", "replace").strip()
    try:
        if kind in _DECIMAL_TYPES:
            value: object = Decimal(text)
        elif kind in _FLOAT_TYPES:
            value = float(text)
        elif kind == _BOOLEAN and text in ("true", "false", "1", "0"):
            value = text in ("true", "1")
        else:
            return None
    except (InvalidOperation, ValueError):
        return None
    return head, kind, value
