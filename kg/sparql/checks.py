"""What is checked before any engine sees a question: parsed with our prefixes, read-only, offline.

:func:`prepare_query` makes the one text every parser sees
(:func:`kg.sparql.lexical.normalised`), refuses updates (INSERT, DELETE, LOAD,
CLEAR, CREATE, DROP, ...), SERVICE (unless allowed) and FROM / FROM NAMED as
rdflib's parser reads it and again by an independent lexical scan
(:func:`kg.sparql.lexical.network_words`), and gives the :class:`PreparedQuery`
that every engine (:mod:`kg.sparql.sandbox`, :mod:`kg.remote.query`) runs.
:func:`engine_text` is the text an engine is handed, parameters bound, scanned
once more: what is checked is what runs.

rdflib's parser takes about a tenth of a second per question, more than
Oxigraph takes to answer most of them. The questions shipped with the package
were put through every check once (:mod:`kg.sparql.checked` writes
``saved/checked.json``: the SHA-256 of each normalised text, its kind and
variables); a text with one of those digests is taken as checked, without
the parse, and still gets the lexical scan here and in :func:`engine_text`.
Its rdflib algebra, which only rdflib's engine needs, is made when first asked for.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping

from ..problems import QueryProblem, QueryRefused, QuerySyntaxError
from ..rdf.files import walk
from .lexical import normalised, refuse_network_words


#: parsed update operation -> the words a user wrote
_UPDATE_WORDS = {
    "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT ... WHERE", "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE",
    "Add": "ADD", "Move": "MOVE", "Copy": "COPY",
}


@dataclass(frozen=True)
class PreparedQuery:
    """A checked query: its (normalised) text, where it came from, its rdflib algebra, its kind and variables.

    ``parsed`` is the algebra, or None for a shipped question checked ahead
    (see the module's notes): :attr:`algebra` then parses it on first use.
    """

    text: str
    origin: str
    parsed: Any = field(compare=False, repr=False)
    kind: str
    variables: frozenset[str]
    allow_service: bool = False
    #: columns whose values are lists joined by "; ", their items sorted in every answer (kg.sparql.saved)
    joined: tuple[str, ...] = ()

    @property
    def algebra(self) -> Any:
        """The query as rdflib's engine runs it."""
        if self.parsed is None:
            from rdflib.plugins.sparql.algebra import translateQuery
            from rdflib.plugins.sparql.parser import parseQuery

            from ..rdf.terms import PREFIXES

            object.__setattr__(self, "parsed", translateQuery(parseQuery(self.text), initNs=PREFIXES))
        return self.parsed


#: the verdicts of the shipped questions' checks, written by kg.sparql.checked
CHECKED_NAME = "checked.json"


def text_digest(text: str) -> str:
    """The SHA-256 of a normalised query text, as ``saved/checked.json`` names it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _shipped_verdicts() -> dict[str, dict]:
    from .saved import shipped_folder

    try:
        return json.loads((shipped_folder() / CHECKED_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing or unreadable: every question gets the whole check
        return {}


def engine_text(query: PreparedQuery, bindings: Mapping[Any, Any] | None = None, prologue: str = "") -> str:
    """The text an engine runs: ``prologue``, then the query with ``bindings`` as a VALUES block, scanned again.

    Raises
    ------
    QueryProblem
        The bindings cannot be placed (no WHERE group), or a bound term's
        text would add a refused keyword.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> engine_text(prepare_query("ASK { ?s ?p ?o }"), {"o": URIRef("urn:a")})
    'ASK { VALUES (?o) { (<urn:a>) } ?s ?p ?o }'
    """
    from .text import with_values

    try:
        text = prologue + with_values(query.text, {str(name): term for name, term in (bindings or {}).items()})
    except ValueError as err:
        raise QueryProblem(query.origin, str(err)) from None
    refuse_network_words(text, query.origin, query.allow_service)
    return text


def _syntax_error(origin: str, text: str, err: Any) -> QuerySyntaxError:
    line = text.splitlines()[err.lineno - 1] if 0 < err.lineno <= len(text.splitlines()) else ""
    pointer = f"\n    {line}\n    {' ' * (err.col - 1)}^" if line else ""
    return QuerySyntaxError(origin, f"column {err.col}: SPARQL syntax error: {err.msg}{pointer}", err.lineno)


def _refuse_update(origin: str, text: str) -> None:
    """Raise :class:`QueryRefused` if ``text`` is a SPARQL update."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(text)
    except Exception:  # not an update either (pyparsing or rdflib errors): the caller reports the query's syntax error
        return
    words = sorted({_UPDATE_WORDS.get(op.name, op.name) for op in update.request})
    raise QueryRefused(origin, f"refused: {', '.join(words)} would change data; kg query is read-only (nothing was changed)")


def prepare_query(text: str, origin: str = "query", allow_service: bool = False, joined: tuple[str, ...] = ()) -> PreparedQuery:
    """Parse ``text`` with our prefixes and refuse what is not a safe read.

    Parameters
    ----------
    text : str
        SPARQL 1.1 query text.
    origin : str
        Where the text came from, for messages (a file name, ``query``).
    allow_service : bool
        Let ``SERVICE`` clauses through (they reach the network).
    joined : tuple of str
        The answer's columns that are joined lists, sorted in every answer (a saved question's ``joined``).

    Raises
    ------
    QuerySyntaxError
        With the line and column.
    QueryRefused
        For an update, a ``SERVICE`` (unless allowed), or ``FROM``.

    Examples
    --------
    >>> prepare_query("SELECT ?x WHERE { ?x a aic:Company }").kind
    'SELECT'
    >>> prepare_query("INSERT DATA { aid:a aic:investsIn aid:b }")
    Traceback (most recent call last):
    ...
    kg.problems.QueryRefused: query: refused: INSERT DATA would change data; kg query is read-only (nothing was changed)
    """
    text = normalised(text, origin)
    verdict = _shipped_verdicts().get(text_digest(text))
    if verdict is not None:
        refuse_network_words(text, origin, allow_service)
        return PreparedQuery(text, origin, None, verdict["kind"], frozenset(verdict["variables"]), allow_service,
                             tuple(joined))
    return checked_query(text, origin, allow_service, joined)


def checked_query(text: str, origin: str = "query", allow_service: bool = False,
                  joined: tuple[str, ...] = ()) -> PreparedQuery:
    """:func:`prepare_query` of a normalised text, every check run (rdflib's parse included)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    from ..rdf.terms import PREFIXES

    try:
        tree = parseQuery(text)
    except ParseException as err:
        _refuse_update(origin, text)
        raise _syntax_error(origin, text, err) from None
    except RecursionError:  # pyparsing descends once per nested group
        raise QuerySyntaxError(origin, "SPARQL error: groups nested too deeply for the parser") from None
    nodes = list(walk(tree))
    compounds = [n for n in nodes if isinstance(n, CompValue)]
    if not allow_service and any(n.name == "ServiceGraphPattern" for n in compounds):
        raise QueryRefused(origin, "refused: SERVICE reaches the network; give {argument} to let it", param="allow_service")
    if any(dict.get(n, "datasetClause") for n in compounds):  # CompValue.get defaults to the key itself
        raise QueryRefused(origin, "refused: FROM and FROM NAMED are not supported: the query runs on the one graph given")
    refuse_network_words(text, origin, allow_service)
    variables = frozenset(str(n) for n in nodes if isinstance(n, Variable))
    try:
        algebra = translateQuery(tree, initNs=PREFIXES)
    except Exception as err:  # rdflib raises plain Exceptions, e.g. "Unknown namespace prefix : foo"
        raise QuerySyntaxError(origin, f"SPARQL error: {err}") from None
    kind = algebra.algebra.name.replace("Query", "").upper()
    return PreparedQuery(text, origin, algebra, kind, variables, allow_service, tuple(joined))
