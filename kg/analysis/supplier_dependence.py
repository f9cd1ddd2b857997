"""Who depends on which supplier: shares of committed money and capacity, and their concentration.

For each buyer (a company on the paying side of a buyer-to-seller deal):

- **compute providers**: the sellers of its buyer-to-seller deals other than
  hardware supply (compute commitments, and any new buyer/seller deal class);
- **hardware vendors**: the sellers of its hardware supply deals, and the
  makers (``aic:manufacturer``) of the chips and systems named on its compute
  deals.

Each supplier gets the money committed to it and the capacity (GW), summed
with bounds (:class:`kg.analysis.amounts.Total`), and its share of the
buyer's total as a ``low``/``high`` pair: the share is least when the
supplier's figure is at its lowest and every other at its highest, and most
the other way round. Capacity on a compute deal whose hardware comes from
several makers is split between them with bounds: each gets from 0 to the
whole.

Concentration is the Herfindahl–Hirschman index on the 0–10,000 scale (the
sum of squared percentage shares: 10,000 is a single supplier), also as
bounds over every split the figures allow: the highest is reached at a
corner of the box of possible figures (tried one by one for up to
:data:`EXHAUSTIVE_CORNERS` suppliers; above that many, whose 2**k corners
are too many, the highest is given as 10,000, a bound that always holds),
the lowest where the free figures are equal (found by bisection). Each
supplier's share takes one pass over the sums, not one per pair of
suppliers. Shares and the index count only suppliers with a
stated figure in that currency or unit; the others are listed with the deals
that state none. Superseded deals are left out.
"""

from __future__ import annotations

import math
from decimal import Decimal
from itertools import product

import networkx as nx

from ..quantities import Quantity
from ..network import counted
from ..quantities import Total, totals

#: Edge kinds bought from hardware vendors; every other buyer-to-seller kind is compute.
HARDWARE_KINDS = ("hardware supply",)
_BISECTION_STEPS = 200
#: Up to this many suppliers with bounded figures the highest index is found over every corner of the
#: box of figures; above, the highest is given as 10,000 (always true, rarely tight).
EXHAUSTIVE_CORNERS = 16


def supplier_dependence(projection: nx.MultiDiGraph) -> list[dict]:
    """For each buyer, its compute providers and hardware vendors with shares and concentration.

    Parameters
    ----------
    projection : networkx.MultiDiGraph
        From :func:`kg.network.project`.

    Returns
    -------
    list of dict
        One per buyer, sorted by id: ``buyer``, ``label``, and ``compute`` and
        ``hardware``, each with ``suppliers`` (``supplier``, ``label``,
        ``money`` and ``money_share`` per currency, ``capacity`` and
        ``capacity_share``, ``deals``, ``via``, ``money_unstated``),
        ``money_hhi`` per currency and ``capacity_hhi`` (``{"low", "high"}``).

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> for row in supplier_dependence(project(example_graph())):
    ...     for group in ("compute", "hardware"):
    ...         for s in row[group]["suppliers"]:
    ...             print(row["buyer"], group, s["supplier"], s["money_share"], s["capacity_share"])
    alpha-ai compute bigcloud {'USD': {'low': 1.0, 'high': 1.0}} {'low': 1.0, 'high': 1.0}
    alpha-ai hardware chipco {} {'low': 1.0, 'high': 1.0}
    bigcloud hardware chipco {'USD': {'low': 1.0, 'high': 1.0}} None
    """
    makers = {
        thing: sorted(v for _u, v, k in projection.out_edges(thing, keys=True) if k == "manufacturer")
        for thing in projection
    }
    # buyer -> group -> supplier -> {"deals": {deal id: (amount paid to it, capacity, paid to it?)}, "via": set()}
    found: dict[str, dict[str, dict[str, dict]]] = {}
    for buyer, seller, key, data in projection.edges(keys=True, data=True):
        if data.get("roles") != ("buyer", "seller") or not counted(data):
            continue
        group = "hardware" if data["kind"] in HARDWARE_KINDS else "compute"
        _note(found, buyer, group, seller, key, (data["amount"], data["capacity"], True), "supply" if group == "hardware" else "compute")
        if group == "compute":
            deal_makers = sorted({m for h in data["hardware"] for m in makers.get(h, ())})
            for maker in deal_makers:
                _note(found, buyer, "hardware", maker, key, (None, _split(data["capacity"], len(deal_makers)), False), "compute")
    rows = []
    for buyer in sorted(found):
        row = {"buyer": buyer, "label": projection.nodes[buyer]["label"]}
        for group in ("compute", "hardware"):
            row[group] = _group(projection, found[buyer].get(group, {}))
        rows.append(row)
    return rows


def _note(found, buyer, group, supplier, deal, facts, via) -> None:
    entry = found.setdefault(buyer, {}).setdefault(group, {}).setdefault(supplier, {"deals": {}, "via": set()})
    entry["deals"][deal] = facts
    entry["via"].add(via)


def _split(capacity: Quantity | None, makers: int) -> Quantity | None:
    """A maker's part of a deal's capacity: all of it, or 0 to all when several makers share it."""
    if capacity is None or makers == 1:
        return capacity
    top = capacity.value if capacity.value is not None else capacity.maximum
    return Quantity(minimum=Decimal(0), maximum=top, unit=capacity.unit)


def _group(projection, suppliers: dict[str, dict]) -> dict:
    money = {s: totals(a for a, _c, _paid in e["deals"].values() if a is not None) for s, e in suppliers.items()}
    capacity = {s: totals(c for _a, c, _paid in e["deals"].values() if c is not None) for s, e in suppliers.items()}
    currencies = sorted({c for sums in money.values() for c in sums if c})
    money_shares = {c: _shares({s: sums[c] for s, sums in money.items() if c in sums}) for c in currencies}
    gigawatts = {s: sums["GW"] for s, sums in capacity.items() if "GW" in sums}
    capacity_shares = _shares(gigawatts)
    rows = []
    for supplier in sorted(suppliers):
        entry = suppliers[supplier]
        rows.append({
            "supplier": supplier,
            "label": projection.nodes[supplier]["label"],
            "via": sorted(entry["via"]),
            "money": {c: t.as_dict() for c, t in sorted(money[supplier].items()) if c},
            "money_share": {c: money_shares[c][supplier] for c in currencies if supplier in money_shares[c]},
            "capacity": gigawatts[supplier].as_dict() if supplier in gigawatts else None,
            "capacity_share": capacity_shares.get(supplier),
            "deals": sorted(entry["deals"]),
            "money_unstated": sorted(d for d, (a, _c, paid) in entry["deals"].items() if paid and a is None),
        })
    return {
        "suppliers": rows,
        "money_hhi": {c: hhi({s: sums[c] for s, sums in money.items() if c in sums}) for c in currencies},
        "capacity_hhi": hhi(gigawatts) if gigawatts else None,
    }


def _interval(total: Total) -> tuple[float, float]:
    return float(total.low), float("inf") if total.high is None else float(total.high)


def _shares(figures: dict[str, Total]) -> dict[str, dict]:
    """Each supplier's share of the sum, as the least and most the bounds allow (one pass over the sums)."""
    box = {s: _interval(t) for s, t in figures.items()}
    all_low = math.fsum(low for low, _high in box.values())
    finite_high = math.fsum(high for _low, high in box.values() if high != math.inf)
    open_highs = sum(1 for _low, high in box.values() if high == math.inf)
    shares = {}
    for supplier, (low, high) in box.items():
        others_open = open_highs - (high == math.inf)
        others_high = math.inf if others_open else finite_high - (0.0 if high == math.inf else high)
        others_low = all_low - low
        least = 0.0 if others_high == math.inf else _fraction(low, low + others_high)
        most = 1.0 if high == math.inf else _fraction(high, high + others_low)
        shares[supplier] = {"low": least, "high": most}
    return shares


def _fraction(part: float, whole: float) -> float | None:
    return round(part / whole, 6) if whole else None


def hhi(figures: dict[str, Total]) -> dict | None:
    """The Herfindahl–Hirschman index (0–10,000) of the figures, as ``{"low", "high"}`` bounds.

    Examples
    --------
    >>> from kg.quantities import Quantity
    >>> hhi({"a": Total().add(Quantity(value=Decimal(30))), "b": Total().add(Quantity(minimum=Decimal(10), maximum=Decimal(100)))})
    {'low': 5000.0, 'high': 6449.7}
    """
    box = [_interval(t) for t in figures.values()]
    if not box:
        return None
    if any(high == float("inf") for _low, high in box):
        most = 10000.0  # one open figure can grow until it is all of the sum
    elif len(box) <= EXHAUSTIVE_CORNERS:
        corners = [_index(point) for point in product(*({low, high} for low, high in box))]
        most = max((c for c in corners if c is not None), default=None)
    else:
        most = 10000.0  # 2**k corners are too many to try: the ceiling of the scale, a bound that always holds
    return {"low": _round(_least(box)), "high": _round(most)}


def _index(figures) -> float | None:
    whole = sum(figures)
    return 10000.0 * sum(f * f for f in figures) / (whole * whole) if whole else None


def _least(box: list[tuple[float, float]]) -> float | None:
    """The lowest index: every free figure at a common level t, the others at their nearest bound.

    The index falls while a figure is below t = sum of squares / sum and rises
    above it, so at the lowest point each figure is t clamped to its bounds;
    t solves sum(a_i**2) = t * sum(a_i), found by bisection (until the
    interval stops shrinking in floating point).
    """
    if len(box) == 1:
        return _index([box[0][0] if box[0][1] == math.inf else box[0][1]])

    def at(level: float) -> list[float]:
        # min(max(level, low), high), spelled out: the same floats without two calls per figure.
        return [high if high < (floor := low if low > level else level) else floor for low, high in box]

    lo, hi = 0.0, max(max(low, high if high != float("inf") else low) for low, high in box)
    for _step in range(_BISECTION_STEPS):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        figures = at(mid)
        if sum([f * f for f in figures]) - mid * sum(figures) > 0:
            lo = mid
        else:
            hi = mid
    return _index(at(hi))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
