"""SPARQL as text: the prefixes every question gets, parameters as VALUES, paging, terms as a table shows them.

Pure string and term work, shared by the local engines (:mod:`kg.sparql.sandbox`,
:mod:`kg.sparql.answers`) and the remote one (:mod:`kg.remote.query`).
RDF libraries are imported inside the functions so that importing this module is cheap.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, BinaryIO, Iterable, Mapping, Sequence

from ..problems import QueryProblem

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib.term import Node

_THING_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PREFIXED = re.compile(r"([A-Za-z][\w-]*):(\S*)")
#: an absolute IRI as SPARQL's IRIREF allows it (no space, quote, brace or control character)
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*")


def prefix_declarations() -> str:
    """The PREFIX lines every query gets (it may still declare its own).

    Examples
    --------
    >>> prefix_declarations().splitlines()[0]
    'PREFIX aic: <https://w3id.org/aicompute/ontology#>'
    """
    from ..rdf.terms import PREFIXES

    return "\n".join(f"PREFIX {prefix}: <{iri}>" for prefix, iri in PREFIXES.items()) + "\n"


def parameter_term(value: str) -> Node:
    """The RDF term a ``--param`` value stands for.

    A thing id (``anthropic``) is ``aid:anthropic``; a prefixed name
    (``aic:Company``) or an IRI in angle brackets is that IRI; text in double
    quotes is a plain string.

    Examples
    --------
    >>> parameter_term("anthropic")
    rdflib.term.URIRef('https://w3id.org/aicompute/id/anthropic')
    >>> parameter_term('"Claude"')
    rdflib.term.Literal('Claude')
    """
    from rdflib import Literal, URIRef

    from ..rdf.terms import AID_IRI, PREFIXES

    if len(value) >= 2 and value[0] == "<" and value[-1] == ">" and _IRI.fullmatch(value[1:-1]):
        return URIRef(value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return Literal(value[1:-1])
    if _THING_ID.fullmatch(value):
        return URIRef(AID_IRI + value)
    prefixed = _PREFIXED.fullmatch(value)
    if prefixed and prefixed.group(1) in PREFIXES and _IRI.fullmatch(PREFIXES[prefixed.group(1)] + prefixed.group(2)):
        return URIRef(PREFIXES[prefixed.group(1)] + prefixed.group(2))
    raise QueryProblem(
        None, f"cannot read '{value}': give a thing id (anthropic), a prefixed name (aid:anthropic), "
        'an absolute IRI in angle brackets (no spaces, quotes or braces) or "text" in double quotes', param="params",
    )


def display_prefixes(namespaces: Iterable[tuple[str, Any]]) -> list[tuple[str, str]]:
    """Our prefixes, then the graph's, longest namespace first (so the most specific wins)."""
    from ..rdf.terms import PREFIXES

    chosen = dict(PREFIXES)
    for prefix, namespace in namespaces:
        if prefix and str(namespace) not in chosen.values():
            chosen.setdefault(prefix, str(namespace))
    return sorted(((p, n) for p, n in chosen.items()), key=lambda pair: -len(pair[1]))


def display_term(term: Node | None, namespaces: Sequence[tuple[str, str]]) -> str:
    """A term as the table shows it: a prefixed name, ``<IRI>``, or a literal's text.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> ns = display_prefixes([])
    >>> display_term(URIRef("https://w3id.org/aicompute/id/anthropic"), ns), display_term(Literal("5.0"), ns)
    ('aid:anthropic', '5.0')
    """
    from rdflib import BNode, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in namespaces:
            if term.startswith(namespace) and len(term) > len(namespace):
                return f"{prefix}:{term[len(namespace):]}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


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


#: The longest question read, in bytes: a question is text, and a longer input (or a device that never ends,
#: such as /dev/zero) is refused after this much rather than read into memory without bound.
MAX_QUERY_BYTES = 10 * 2**20


def read_query_text(handle: BinaryIO, origin: str) -> str:
    """The text of a question read from ``handle`` (as bytes, so that its line terminators reach the checks as written).

    Raises
    ------
    QueryProblem
        More than :data:`MAX_QUERY_BYTES`, or not UTF-8 (with the line of the first bad byte).

    Examples
    --------
    >>> import io
    >>> read_query_text(io.BytesIO(b"ASK {}\\r\\n"), "q.rq")
    'ASK {}\\r\\n'
    >>> read_query_text(io.BytesIO(b"ASK {\\n'\\xe9' }"), "q.rq")
    Traceback (most recent call last):
    ...
    kg.problems.QueryProblem: q.rq:2: not UTF-8 text (byte 0xe9); save the query as UTF-8
    """
    data = handle.read(MAX_QUERY_BYTES + 1)
    if len(data) > MAX_QUERY_BYTES:
        raise QueryProblem(origin, f"more than {MAX_QUERY_BYTES // 2**20} MiB: a question is text; is this the right file?")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise QueryProblem(origin, f"not UTF-8 text (byte 0x{data[err.start]:02x}); save the query as UTF-8", line) from None
