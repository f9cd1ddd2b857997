"""Amounts and quantities as people write them: "up to $10B", "$30B", "over 1 GW".

A figure in the graph is a node with ``schema:value`` (exact) or
``schema:minValue`` and/or ``schema:maxValue`` (bounds), see DESIGN.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, URIRef

from kg.rdf.terms import QUDT, SCHEMA, UNIT

_SUFFIXES = ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K"))
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


@dataclass(frozen=True)
class Figure:
    """A number with its bound: ``value`` exact, or ``minimum`` and/or ``maximum``."""

    value: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    currency: str | None = None
    unit: str | None = None

    def text(self) -> str:
        """The figure as a person writes it.

        Examples
        --------
        >>> from decimal import Decimal as D
        >>> Figure(maximum=D("1E10"), currency="USD").text()
        'up to $10B'
        >>> Figure(value=D("30000000000"), currency="USD").text()
        '$30B'
        >>> Figure(minimum=D(1), unit="GW").text()
        'over 1 GW'
        >>> Figure(minimum=D("1E10"), maximum=D("1E11"), currency="USD").text()
        '$10B–$100B'
        >>> Figure(value=D("2.5E9"), currency="JPY").text()
        'JPY 2.5B'
        >>> Figure(maximum=D(1000000)).text()
        'up to 1M'
        """
        if self.value is not None:
            return self._one(self.value)
        if self.minimum is not None and self.maximum is not None:
            return f"{self._one(self.minimum)}–{self._one(self.maximum)}"
        if self.maximum is not None:
            return f"up to {self._one(self.maximum)}"
        if self.minimum is not None:
            return f"over {self._one(self.minimum)}"
        return ""

    def _one(self, number: Decimal) -> str:
        text = compact_number(number)
        if self.currency:
            symbol = _SYMBOLS.get(self.currency)
            text = f"{symbol}{text}" if symbol else f"{self.currency} {text}"
        if self.unit:
            text = f"{text} {self.unit}"
        return text

    def representative(self) -> float | None:
        """One number standing for the figure: the value, a bound, or the geometric mean of a range.

        Examples
        --------
        >>> from decimal import Decimal as D
        >>> Figure(minimum=D(10), maximum=D(1000)).representative()
        100.0
        >>> Figure(maximum=D(5)).representative()
        5.0
        """
        if self.value is not None:
            return float(self.value)
        if self.minimum is not None and self.maximum is not None:
            return math.sqrt(float(self.minimum) * float(self.maximum))
        bound = self.maximum if self.maximum is not None else self.minimum
        return float(bound) if bound is not None else None


def compact_number(number: Decimal) -> str:
    """``number`` with a K/M/B/T suffix and at most two decimals, no trailing zeros.

    Examples
    --------
    >>> from decimal import Decimal as D
    >>> compact_number(D("1500000000")), compact_number(D("12.5")), compact_number(D("2E12")), compact_number(D(950))
    ('1.5B', '12.5', '2T', '950')
    """
    for scale, suffix in _SUFFIXES:
        if number >= scale:
            return _two_decimals(number / scale) + suffix
    return _two_decimals(number)


def _two_decimals(number: Decimal) -> str:
    return format(number.quantize(Decimal("0.01")).normalize(), "f")


def read_figure(graph: Graph, node: URIRef) -> Figure:
    """The :class:`Figure` stored at ``node`` (a ``schema:MonetaryAmount`` or ``schema:QuantitativeValue``)."""

    def number(prop: URIRef) -> Decimal | None:
        literal = graph.value(node, prop)
        if literal is None:
            return None
        try:
            return Decimal(str(literal))
        except ArithmeticError:
            return None

    currency = graph.value(node, SCHEMA.currency)
    unit = "GW" if graph.value(node, QUDT.unit) == UNIT.GigaW else graph.value(node, SCHEMA.unitText)
    return Figure(
        value=number(SCHEMA.value),
        minimum=number(SCHEMA.minValue),
        maximum=number(SCHEMA.maxValue),
        currency=str(currency) if currency is not None else None,
        unit=str(unit) if unit is not None else None,
    )
