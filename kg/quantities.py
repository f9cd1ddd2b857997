"""One bounded quantity and one way to write it: "$30B", "up to $10B", "at least 1 GW", "$10B–$100B".

A figure in the graph is a node with ``schema:value`` (exact) or
``schema:minValue`` and/or ``schema:maxValue`` (bounds), as ontology/shapes.ttl requires; in
data/ it is ``{value: ...}``, ``{max: ...}`` ("up to") or ``{min: ...}``
("at least", "over"). :class:`Quantity` holds it from the YAML to the report
and the page; :func:`read_quantity` is the one reader of the graph's nodes;
:meth:`Quantity.text` and :func:`describe_total` are the one way figures are
written, by the report, the analysis tables, the charts and the page.

Sums keep exact, "up to", "at least" and range figures apart. An "up to 10
billion" is never added to an exact 30 billion as if both were exact: a
:class:`Total` keeps one sum per kind of figure, and its bounds follow from
them. An "up to X" adds 0 to the lower bound and X to the upper; an "at least
X" adds X to the lower bound and leaves the upper bound open; a range adds its
ends to each. A figure the source gives as approximate ("about 27 billion",
``approximate: true`` in data/, ``aic:approximate true`` in the graph) is
written "about $27B", and any total that includes one says "about" too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterable

from .data.currencies import ISO_4217

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph, URIRef

_SUFFIXES = ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K"))
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


@dataclass(frozen=True)
class Quantity:
    """A figure as reported: exact ``value``, or ``minimum`` and/or ``maximum``, in ``unit``.

    ``unit`` is the currency code for money (``USD``), ``GW`` for capacity,
    ``None`` for a count. ``where`` is the file and line it was read from, if
    it was read from data/ (it takes no part in comparisons). ``approximate``
    is True for a figure given as "about", "roughly" or "circa".

    Examples
    --------
    >>> Quantity(maximum=Decimal("5E9"), unit="USD").bound
    'up to'
    >>> Quantity(minimum=Decimal(10), maximum=Decimal(100)).bound
    'range'
    """

    value: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    unit: str | None = None
    where: Any = field(default=None, compare=False, repr=False)  # a kg.data.records.Where
    approximate: bool = False

    @property
    def bound(self) -> str:
        """``exact``, ``up to``, ``at least`` or ``range``."""
        if self.value is not None:
            return "exact"
        if self.minimum is not None and self.maximum is not None:
            return "range"
        return "up to" if self.maximum is not None else "at least"

    @property
    def currency(self) -> str | None:
        """The unit if it is a currency (an ISO 4217 code), else None."""
        return self.unit if self.unit in ISO_4217 else None

    def as_dict(self) -> dict:
        """``{"value", "min", "max", "unit", "approximate"}`` with plain numbers (``None`` where absent)."""
        return {
            "value": number(self.value), "min": number(self.minimum), "max": number(self.maximum), "unit": self.unit,
            "approximate": self.approximate,
        }

    def text(self) -> str:
        """The figure as a person writes it.

        Examples
        --------
        >>> from decimal import Decimal as D
        >>> Quantity(maximum=D("1E10"), unit="USD").text()
        'up to $10B'
        >>> Quantity(value=D("30000000000"), unit="USD").text()
        '$30B'
        >>> Quantity(minimum=D(1), unit="GW").text()
        'at least 1 GW'
        >>> Quantity(minimum=D("1E10"), maximum=D("1E11"), unit="USD").text()
        '$10B–$100B'
        >>> Quantity(value=D("2.5E9"), unit="JPY").text()
        'JPY 2.5B'
        >>> Quantity(maximum=D(1000000)).text()
        'up to 1M'
        >>> Quantity(value=D("27E9"), unit="USD", approximate=True).text()
        'about $27B'
        """
        return _bounded(self.value, self.minimum, self.maximum, self.unit, self.approximate)

    def representative(self) -> float | None:
        """One number standing for the figure: the value, a bound, or the geometric mean of a range.

        Examples
        --------
        >>> from decimal import Decimal as D
        >>> Quantity(minimum=D(10), maximum=D(1000)).representative()
        100.0
        >>> Quantity(maximum=D(5)).representative()
        5.0
        """
        if self.value is not None:
            return float(self.value)
        if self.minimum is not None and self.maximum is not None:
            return math.sqrt(float(self.minimum) * float(self.maximum))
        bound = self.maximum if self.maximum is not None else self.minimum
        return float(bound) if bound is not None else None


def number(value: Decimal | None) -> int | float | None:
    """A Decimal as a plain JSON number: an int when whole, else a float.

    Examples
    --------
    >>> number(Decimal("5000000000.0")), number(Decimal("0.5")), number(None)
    (5000000000, 0.5, None)
    """
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def compact_number(value: Decimal | int | float) -> str:
    """``value`` with a K/M/B/T suffix and at most two decimals, no trailing zeros.

    Examples
    --------
    >>> from decimal import Decimal as D
    >>> compact_number(D("1500000000")), compact_number(D("12.5")), compact_number(D("2E12")), compact_number(950)
    ('1.5B', '12.5', '2T', '950')
    """
    amount = Decimal(str(value))
    for scale, suffix in _SUFFIXES:
        if abs(amount) >= scale:
            return _two_decimals(amount / scale) + suffix
    return _two_decimals(amount)


def _two_decimals(amount: Decimal) -> str:
    return format(amount.quantize(Decimal("0.01")).normalize(), "f")


def write_number(value: Decimal | int | float | str, unit: str | None) -> str:
    """One number in its unit: ``$30B``, ``€1.25B``, ``JPY 2.5B``, ``1 GW``, ``1M``.

    Examples
    --------
    >>> write_number(30E9, "USD"), write_number(2.5E9, "JPY"), write_number(1, "GW"), write_number(1E6, None)
    ('$30B', 'JPY 2.5B', '1 GW', '1M')
    """
    text = value if isinstance(value, str) else compact_number(value)
    if unit in ISO_4217:
        symbol = _SYMBOLS.get(unit)
        return f"{symbol}{text}" if symbol else f"{unit} {text}"
    return f"{text} {unit}" if unit else text


def _bounded(value: Any, minimum: Any, maximum: Any, unit: str | None, approximate: bool = False) -> str:
    about = "about " if approximate else ""
    if value is not None:
        return about + write_number(value, unit)
    if minimum is not None and maximum is not None:
        if unit in ISO_4217:  # $10B–$100B
            return f"{about}{write_number(minimum, unit)}–{write_number(maximum, unit)}"
        return about + write_number(f"{compact_number(minimum)}–{compact_number(maximum)}", unit)  # 1–2 GW
    if maximum is not None:
        return f"up to {about}{write_number(maximum, unit)}"
    if minimum is not None:
        return f"at least {about}{write_number(minimum, unit)}"
    return ""


def read_quantity(graph: Graph, node: URIRef | None) -> Quantity | None:
    """The :class:`Quantity` an amount, capacity or count node states (``None`` for no node).

    A number that is not one (an ill-typed literal in a merged-in file) reads as absent.
    """
    from .rdf.terms import AIC, QUDT, SCHEMA, UNIT

    if node is None:
        return None

    def decimal(prop) -> Decimal | None:
        literal = graph.value(node, prop)
        if literal is None:
            return None
        try:
            return Decimal(str(literal))
        except ArithmeticError:
            return None

    unit = graph.value(node, SCHEMA.currency)
    if unit is None:
        unit = "GW" if graph.value(node, QUDT.unit) == UNIT.GigaW else graph.value(node, SCHEMA.unitText)
    return Quantity(
        value=decimal(SCHEMA.value),
        minimum=decimal(SCHEMA.minValue),
        maximum=decimal(SCHEMA.maxValue),
        unit=None if unit is None else str(unit),
        approximate=getattr(graph.value(node, AIC.approximate), "value", None) is True,
    )


_ZERO = Decimal(0)


@dataclass(frozen=True)
class Total:
    """A sum of figures in one unit, each kind of figure summed on its own.

    Examples
    --------
    >>> t = Total().add(Quantity(value=Decimal(30))).add(Quantity(maximum=Decimal(5)))
    >>> t.low, t.high
    (Decimal('30'), Decimal('35'))
    >>> Total().add(Quantity(minimum=Decimal(1))).high is None
    True
    """

    exact: Decimal = _ZERO
    up_to: Decimal = _ZERO
    at_least: Decimal = _ZERO
    range_min: Decimal = _ZERO
    range_max: Decimal = _ZERO
    open_ended: bool = False
    approximate: bool = False

    def add(self, quantity: Quantity) -> "Total":
        """This total plus one figure."""
        if quantity.approximate and not self.approximate:
            return replace(self, approximate=True).add(quantity)
        bound = quantity.bound
        if bound == "exact":
            return replace(self, exact=self.exact + quantity.value)
        if bound == "up to":
            return replace(self, up_to=self.up_to + quantity.maximum)
        if bound == "at least":
            return replace(self, at_least=self.at_least + quantity.minimum, open_ended=True)
        return replace(self, range_min=self.range_min + quantity.minimum, range_max=self.range_max + quantity.maximum)

    @property
    def low(self) -> Decimal:
        """The least the sum can be."""
        return self.exact + self.at_least + self.range_min

    @property
    def high(self) -> Decimal | None:
        """The most the sum can be; ``None`` when some figure has no upper bound."""
        return None if self.open_ended else self.exact + self.up_to + self.range_max

    def as_dict(self) -> dict:
        """The sums and bounds as plain numbers (``high`` is ``None`` when open)."""
        return {
            "exact": number(self.exact),
            "up_to": number(self.up_to),
            "at_least": number(self.at_least),
            "range_min": number(self.range_min),
            "range_max": number(self.range_max),
            "low": number(self.low),
            "high": number(self.high),
            "approximate": self.approximate,
        }


def totals(quantities: Iterable[Quantity]) -> dict[str | None, Total]:
    """Sum figures per unit (currency): figures in different units are never added.

    Examples
    --------
    >>> sums = totals([Quantity(value=Decimal(2), unit="USD"), Quantity(maximum=Decimal(3), unit="USD"),
    ...                Quantity(minimum=Decimal(1), unit="EUR")])
    >>> {unit: (t.low, t.high) for unit, t in sorted(sums.items())}
    {'EUR': (Decimal('1'), None), 'USD': (Decimal('2'), Decimal('5'))}
    """
    # The fields of Total, summed in place (as Total.add would, figure by figure, in the same order).
    sums: dict[str | None, list] = {}
    for quantity in quantities:
        total = sums.get(quantity.unit)
        if total is None:
            total = sums[quantity.unit] = [_ZERO, _ZERO, _ZERO, _ZERO, _ZERO, False, False]
        if quantity.approximate:
            total[6] = True
        if quantity.value is not None:
            total[0] += quantity.value
        elif quantity.minimum is not None and quantity.maximum is not None:
            total[3] += quantity.minimum
            total[4] += quantity.maximum
        elif quantity.maximum is not None:
            total[1] += quantity.maximum
        else:
            total[2] += quantity.minimum
            total[5] = True
    return {unit: Total(*total) for unit, total in sums.items()}


def totals_dict(quantities: Iterable[Quantity]) -> dict[str, dict]:
    """:func:`totals` as plain data, keyed by unit (``""`` for no unit), sorted."""
    return {unit or "": total.as_dict() for unit, total in sorted(totals(quantities).items(), key=lambda i: i[0] or "")}


def describe_quantity(quantity: dict | None) -> str:
    """A reported figure in words, from :meth:`Quantity.as_dict`: :meth:`Quantity.text`'s wording.

    Examples
    --------
    >>> describe_quantity({"value": None, "min": None, "max": 5000000000, "unit": "USD"})
    'up to $5B'
    >>> describe_quantity({"value": None, "min": 1, "max": None, "unit": "GW"})
    'at least 1 GW'
    >>> describe_quantity(None)
    'not stated'
    >>> describe_quantity({"value": 27000000000, "min": None, "max": None, "unit": "USD", "approximate": True})
    'about $27B'
    """
    if quantity is None:
        return "not stated"
    return _bounded(quantity["value"], quantity["min"], quantity["max"], quantity["unit"], quantity.get("approximate", False))


def describe_total(total: dict, unit: str | None) -> str:
    """A total in words: each kind of figure, then the bounds when there are several.

    Examples
    --------
    >>> t = Total().add(Quantity(value=Decimal("30E9"))).add(Quantity(maximum=Decimal("5E9")))
    >>> describe_total(t.as_dict(), "USD")
    '$30B + up to $5B ($30B–$35B)'
    >>> describe_total(Total().add(Quantity(minimum=Decimal(1))).add(Quantity(maximum=Decimal(1))).as_dict(), "GW")
    'up to 1 GW + at least 1 GW (at least 1 GW)'
    >>> describe_total(Total().add(Quantity(minimum=Decimal(10), maximum=Decimal(100))).as_dict(), "USD")
    '$10–$100'
    >>> describe_total(Total().add(Quantity(value=Decimal("27E9"), approximate=True)).as_dict(), "USD")
    'about $27B'
    """
    parts = []
    if total["exact"]:
        parts.append(_bounded(total["exact"], None, None, unit))
    if total["range_min"] or total["range_max"]:
        parts.append(_bounded(None, total["range_min"], total["range_max"], unit))
    if total["up_to"]:
        parts.append(_bounded(None, None, total["up_to"], unit))
    if total["at_least"] or total["high"] is None:
        parts.append(_bounded(None, total["at_least"], None, unit))
    text = " + ".join(parts) or write_number(0, unit)
    if len(parts) > 1:
        low, high = total["low"], total["high"]
        text += f" ({_bounded(None, low, high, unit)})"
    return ("about " if total.get("approximate") else "") + text
