"""A SPARQL answer with plain Python values: :class:`Answer`, as :func:`kg.api.query` returns it."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:  # pragma: no cover - typing only
    from pandas import DataFrame
    from rdflib.query import Result


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

    def serialize(self, format: str = "table", *, width: int | None = None) -> bytes:
        """The answer written as ``kg query --format`` writes it (:func:`kg.sparql.formats.format_result`).

        ``format``: SELECT ``table``, ``csv``, ``tsv``, ``json``, ``xml``; ASK the same;
        CONSTRUCT and DESCRIBE ``turtle``, ``nt``, ``jsonld``. ``width`` wraps a table.
        """
        from .formats import format_result

        return format_result(self.result, format, self.display_prefixes, width=width)

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
