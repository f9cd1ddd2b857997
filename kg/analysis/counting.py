"""What each deal adds to money sums, so a funding round and its parts are never counted twice.

A funding round states its total; an investor's own share of it is an
investment ``part_of`` the round. Every sum (money flows, circular flows,
timeline, report, page) counts each part as the investment it is and the
round only for its *unattributed remainder*: the total less its parts, worked
out with bounds in the round's currency. The remainder belongs to the round's
named investors together, with no split (:func:`shared`). Every other deal
counts its stated amount.
"""

from __future__ import annotations

from decimal import Decimal

from ..network import counted
from ..quantities import Quantity

_ZERO = Decimal(0)


def counted_amounts(deals: dict[str, dict]) -> dict[str, Quantity | None]:
    """Deal id to the amount it adds to sums (``None``: states none, or none can be worked out).

    Parameters
    ----------
    deals : dict
        The deal records of a projection (``projection.graph["deals"]``).

    Examples
    --------
    >>> B = Decimal(10**9)
    >>> deals = {
    ...     "round": {"cls": "FundingRound", "amount": Quantity(value=10 * B, unit="USD"), "part_of": ()},
    ...     "part": {"cls": "Investment", "amount": Quantity(value=3 * B, unit="USD"), "part_of": ("round",)},
    ... }
    >>> amounts = counted_amounts(deals)
    >>> amounts["round"].value / B, amounts["part"].value / B
    (Decimal('7'), Decimal('3'))
    """
    parts: dict[str, list[dict]] = {}
    for record in deals.values():
        for round_id in record.get("part_of", ()):
            if counted(record):
                parts.setdefault(round_id, []).append(record)
    return {
        deal_id: remainder(record["amount"], [p["amount"] for p in parts.get(deal_id, [])])
        if record["cls"] == "FundingRound" and record["amount"] is not None else record["amount"]
        for deal_id, record in deals.items()
    }


def remainder(total: Quantity, parts: list[Quantity | None]) -> Quantity | None:
    """The part of ``total`` that ``parts`` do not cover, with bounds; ``None`` if a part is in another currency.

    A part that states no amount may be anything from nothing to the whole,
    so it only lowers the remainder's lower bound to 0.

    Examples
    --------
    >>> remainder(Quantity(value=Decimal(10), unit="USD"), [Quantity(value=Decimal(3), unit="USD")])
    Quantity(value=Decimal('7'), minimum=None, maximum=None, unit='USD', approximate=False)
    >>> remainder(Quantity(value=Decimal(10), unit="USD"), [Quantity(maximum=Decimal(4), unit="USD")])
    Quantity(value=None, minimum=Decimal('6'), maximum=Decimal('10'), unit='USD', approximate=False)
    >>> remainder(Quantity(minimum=Decimal(10), unit="USD", approximate=True), [Quantity(value=Decimal(3), unit="USD")])
    Quantity(value=None, minimum=Decimal('7'), maximum=None, unit='USD', approximate=True)
    >>> remainder(Quantity(value=Decimal(10), unit="USD"), [Quantity(value=Decimal(3), unit="EUR")]) is None
    True
    """
    if not parts:
        return total
    if any(p is not None and p.unit != total.unit for p in parts):
        return None
    parts_low = sum((_low(p) for p in parts if p is not None), _ZERO)
    highs = [None if p is None else _high(p) for p in parts]
    parts_high = None if None in highs else sum(highs, _ZERO)
    low = _ZERO if parts_high is None else max(_ZERO, _low(total) - parts_high)
    high = None if _high(total) is None else max(_ZERO, _high(total) - parts_low)
    approximate = total.approximate or any(p is not None and p.approximate for p in parts)
    if high is not None and low == high:
        return Quantity(value=low, unit=total.unit, approximate=approximate)
    return Quantity(minimum=low if low or high is None else None, maximum=high, unit=total.unit, approximate=approximate)


def _low(quantity: Quantity) -> Decimal:
    if quantity.value is not None:
        return quantity.value
    return quantity.minimum if quantity.minimum is not None else _ZERO


def _high(quantity: Quantity) -> Decimal | None:
    return quantity.value if quantity.value is not None else quantity.maximum


def round_investors(record: dict) -> tuple[str, ...]:
    """The named investors of a funding round record, lead first, each once."""
    parties = record.get("parties", {})
    named = [*parties.get("leadInvestor", ()), *parties.get("roundInvestor", ())]
    return tuple(dict.fromkeys(named))


def shared(record: dict) -> bool:
    """Whether a deal's money belongs to several payers with no split: a round naming more than one investor.

    Examples
    --------
    >>> shared({"cls": "FundingRound", "parties": {"leadInvestor": ("a",), "roundInvestor": ("b",)}})
    True
    >>> shared({"cls": "FundingRound", "parties": {"leadInvestor": ("a",)}})
    False
    """
    return record.get("cls") == "FundingRound" and len(round_investors(record)) > 1
