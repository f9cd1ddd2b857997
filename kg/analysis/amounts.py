"""Sums of reported figures that keep exact, "up to", "at least" and range figures apart.

An "up to 10 billion" is never added to an exact 30 billion as if both were
exact: a :class:`Total` keeps one sum per kind of figure, and its bounds
follow from them. An "up to X" adds 0 to the lower bound and X to the upper;
an "at least X" adds X to the lower bound and leaves the upper bound open; a
range adds its ends to each. A total that includes an approximate figure
("about 27 billion") is approximate too, and is written "about ...".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Iterable

from ..network import Quantity, number

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
    sums: dict[str | None, Total] = {}
    for quantity in quantities:
        sums[quantity.unit] = sums.get(quantity.unit, Total()).add(quantity)
    return sums


def totals_dict(quantities: Iterable[Quantity]) -> dict[str, dict]:
    """:func:`totals` as plain data, keyed by unit (``""`` for no unit), sorted."""
    return {unit or "": total.as_dict() for unit, total in sorted(totals(quantities).items(), key=lambda i: i[0] or "")}


def short_number(value: int | float) -> str:
    """A number with the suffixes of the data files: K, M, B (billion), T.

    Examples
    --------
    >>> short_number(30000000000), short_number(1500000000), short_number(0.5), short_number(1000000)
    ('30B', '1.5B', '0.5', '1M')
    """
    amount = Decimal(str(value))
    for scale, suffix in ((Decimal("1E12"), "T"), (Decimal("1E9"), "B"), (Decimal("1E6"), "M"), (Decimal("1E3"), "K")):
        if abs(amount) >= scale:
            return _plain(amount / scale) + suffix
    return _plain(amount)


def _plain(amount: Decimal) -> str:
    return format(amount.quantize(Decimal("0.001")).normalize(), "f")


def describe_quantity(quantity: dict | None) -> str:
    """A reported figure in words, from :meth:`kg.network.Quantity.as_dict`.

    Examples
    --------
    >>> describe_quantity({"value": None, "min": None, "max": 5000000000, "unit": "USD"})
    'up to 5B USD'
    >>> describe_quantity({"value": None, "min": 1, "max": None, "unit": "GW"})
    'at least 1 GW'
    >>> describe_quantity(None)
    'not stated'
    >>> describe_quantity({"value": 27000000000, "min": None, "max": None, "unit": "USD", "approximate": True})
    'about 27B USD'
    >>> describe_quantity({"value": None, "min": None, "max": 5000000000, "unit": "EUR", "approximate": True})
    'up to about 5B EUR'
    """
    if quantity is None:
        return "not stated"
    about = "about " if quantity.get("approximate") else ""
    if quantity["value"] is not None:
        text = about + short_number(quantity["value"])
    elif quantity["min"] is not None and quantity["max"] is not None:
        text = f"{about}{short_number(quantity['min'])} to {short_number(quantity['max'])}"
    elif quantity["max"] is not None:
        text = "up to " + about + short_number(quantity["max"])
    else:
        text = "at least " + about + short_number(quantity["min"])
    return _with_unit(text, quantity["unit"])


def describe_total(total: dict, unit: str | None) -> str:
    """A total in words: each kind of figure, then the bounds when there are several.

    Examples
    --------
    >>> t = Total().add(Quantity(value=Decimal("30E9"))).add(Quantity(maximum=Decimal("5E9")))
    >>> describe_total(t.as_dict(), "USD")
    '30B + up to 5B (30B to 35B) USD'
    >>> describe_total(Total().add(Quantity(minimum=Decimal(1))).add(Quantity(maximum=Decimal(1))).as_dict(), "GW")
    'up to 1 + at least 1 (at least 1) GW'
    >>> describe_total(Total().add(Quantity(minimum=Decimal(10), maximum=Decimal(100))).as_dict(), "USD")
    '10 to 100 USD'
    >>> describe_total(Total().add(Quantity(value=Decimal("27E9"), approximate=True)).as_dict(), "USD")
    'about 27B USD'
    """
    parts = []
    if total["exact"]:
        parts.append(short_number(total["exact"]))
    if total["range_min"] or total["range_max"]:
        parts.append(f"{short_number(total['range_min'])} to {short_number(total['range_max'])}")
    if total["up_to"]:
        parts.append("up to " + short_number(total["up_to"]))
    if total["at_least"] or total["high"] is None:
        parts.append("at least " + short_number(total["at_least"]))
    text = " + ".join(parts) or "0"
    if len(parts) > 1:
        if total["high"] is None:
            text += f" (at least {short_number(total['low'])})"
        else:
            text += f" ({short_number(total['low'])} to {short_number(total['high'])})"
    return _with_unit(("about " if total.get("approximate") else "") + text, unit)


def _with_unit(text: str, unit: str | None) -> str:
    return f"{text} {unit}" if unit else text
