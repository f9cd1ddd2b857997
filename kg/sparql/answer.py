"""A SPARQL answer with plain Python values: :class:`Answer`, as :func:`kg.api.query` returns it."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from .sandbox import DEFAULT_TIMEOUT

if TYPE_CHECKING:  # pragma: no cover - typing only
    from pandas import DataFrame
    from rdflib import Graph
    from rdflib.query import Result

    from .checks import PreparedQuery


class Answer:
    """A SPARQL answer with plain Python values.

    Attributes
    ----------
    kind : str
        ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
    variables : list of str
        The columns: the SELECT variables, or ``subject``, ``predicate``,
        ``object`` for the triples of a CONSTRUCT or DESCRIBE.
    rows : list of dict
        One dict per solution (or triple, sorted): IRIs as prefixed names
        (``aid:anthropic``), numbers as ``int`` or ``float``, ``xsd:date`` as
        :class:`datetime.date`, other literals as text, ``None`` where unbound.
    boolean : bool or None
        The answer to an ASK.
    result : rdflib.query.Result
        The answer as rdflib gives it, with RDF terms.
    """

    def __init__(self, result: Result, namespaces: Sequence[tuple[str, str]]):
        self.result, self.kind, self.display_prefixes = result, result.type, namespaces

    @property
    def variables(self) -> list[str]:
        if self.kind == "SELECT":
            return [str(v) for v in self.result.vars]
        return [] if self.kind == "ASK" else ["subject", "predicate", "object"]

    @property
    def boolean(self) -> bool | None:
        return bool(self.result.askAnswer) if self.kind == "ASK" else None

    @cached_property
    def rows(self) -> list[dict[str, Any]]:
        # Made on first use: kg query formats the rdflib result and never needs them.
        if self.kind == "ASK":
            return []
        if self.kind == "SELECT":
            return [{str(v): plain_value(row.get(v), self.display_prefixes) for v in self.result.vars} for row in self.result.bindings]
        return [dict(zip(self.variables, (plain_value(t, self.display_prefixes) for t in triple))) for triple in sorted(self.result.graph)]

    def to_dataframe(self) -> DataFrame:
        """The rows as a :class:`pandas.DataFrame`, one column per variable (needs pandas)."""
        if self.kind == "ASK":
            raise ValueError("an ASK answer is true or false, not a table: see .boolean")
        try:
            import pandas
        except ImportError as err:
            raise ImportError("to_dataframe needs pandas: pip install 'aicompute-kg[notebooks]'") from err
        return pandas.DataFrame(self.rows, columns=self.variables)

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        if self.kind == "ASK":
            return f"<Answer ASK: {str(self.boolean).lower()}>"
        count = len(self.rows)
        return f"<Answer {self.kind}: {count} row{'s' if count != 1 else ''} of {', '.join(self.variables)}>"


def plain_value(term, namespaces: Sequence[tuple[str, str]] = ()) -> Any:
    """An RDF term as a plain Python value, as :attr:`Answer.rows` holds it.

    Examples
    --------
    >>> from decimal import Decimal
    >>> from rdflib import Literal, URIRef
    >>> from rdflib.namespace import XSD
    >>> plain_value(URIRef("https://w3id.org/aicompute/id/anthropic"))
    'aid:anthropic'
    >>> [plain_value(Literal(v, datatype=XSD.decimal)) for v in ("5E9", "0.5")], plain_value(Literal("2019", datatype=XSD.gYear))
    ([5000000000, 0.5], '2019')
    """
    from decimal import Decimal

    from rdflib import Literal

    from ..quantities import number
    from .text import display_prefixes, display_term

    if not isinstance(term, Literal):
        return None if term is None else display_term(term, namespaces or display_prefixes([]))
    value = term.toPython()
    if isinstance(value, Decimal):
        return number(value)
    return str(value) if isinstance(value, Literal) else value


def _prepared(question: str | PreparedQuery, params: Mapping[str, Any] | None, allow_service: bool,
              query_dirs: Sequence[Path | str], known: Mapping[str, Any] | None = None) -> tuple:
    """(the checked query, its bindings as terms, the saved question or None) of one question of :func:`ask`.

    ``known``: the saved questions by name, if already read.
    """
    from rdflib.term import Literal, Node

    from .checks import PreparedQuery, prepare_query
    from .saved import NAME, find_saved_query
    from .text import parameter_term

    saved = None
    if isinstance(question, PreparedQuery):
        prepared = question
    else:
        if NAME.fullmatch(question):
            saved = (known or {}).get(question) or find_saved_query(question, [Path(d) for d in query_dirs])
        text, origin = (saved.text, saved.name) if saved else (question, "query")
        prepared = prepare_query(text, origin, allow_service=allow_service)
    params = dict(params or {})
    if saved is not None:
        saved.check_params(params, "needs params={{{quoted}: ...}}", "{quoted} is not a parameter of this question")
    bindings = {
        name: value if isinstance(value, Node) else parameter_term(value) if isinstance(value, str) else Literal(value)
        for name, value in params.items()
    }
    return prepared, bindings, saved


def _answer(graph: Graph, result: Result, saved: Any) -> Answer:
    from .text import display_prefixes

    if saved is not None and saved.joined:
        from .answers import sorted_lists

        result = sorted_lists(result, saved.joined)
    return Answer(result, display_prefixes(graph.namespaces()))


def ask(graph: Graph, question: str | PreparedQuery, params: Mapping[str, Any] | None = None, *, timeout: float,
        allow_service: bool = False, query_dirs: Sequence[Path | str] = ()) -> Answer:
    """Ask ``graph`` a question (text, a saved name or a prepared query) as :func:`kg.api.query` does."""
    from .sandbox import run_query

    prepared, bindings, saved = _prepared(question, params, allow_service, query_dirs)
    return _answer(graph, run_query(graph, prepared, bindings, timeout=timeout, allow_service=allow_service), saved)


def ask_many(graph: Graph, questions: Iterable[str | PreparedQuery | tuple[str | PreparedQuery, Mapping[str, Any]]], *,
             timeout: float = DEFAULT_TIMEOUT, allow_service: bool = False,
             query_dirs: Sequence[Path | str] = ()) -> list[Answer]:
    """Ask ``graph`` several questions in one sandboxed process; their answers in the same order.

    Each question is what :func:`kg.api.query` takes (SPARQL text, a saved
    question's name, a prepared query) or a pair ``(question, params)``. All
    are checked first; then one child process answers them one after the
    other (:func:`kg.sparql.sandbox.run_queries`), each within ``timeout``
    seconds, where :func:`kg.api.query` starts a process per question. The
    first question that fails raises, as :func:`kg.api.query` would.

    Examples
    --------
    >>> from kg.api import build
    >>> answers = ask_many(build(MINI), [("investors-of", {"firm": "alpha-ai"}), "ASK { ?a aic:investsIn ?b }"])
    >>> [row["investor"] for row in answers[0].rows], answers[1].boolean
    (['aid:bigcloud'], True)
    """
    from .sandbox import run_queries
    from .saved import saved_queries

    pairs = [item if isinstance(item, tuple) else (item, None) for item in questions]
    known = saved_queries([Path(d) for d in query_dirs])
    prepared = [_prepared(question, params, allow_service, query_dirs, known) for question, params in pairs]
    results = run_queries(graph, [(query, bindings) for query, bindings, _ in prepared], timeout=timeout,
                          allow_service=allow_service)
    return [_answer(graph, result, saved) for (_, _, saved), result in zip(prepared, results)]
