"""Deals by month of announcement, with counts and amounts.

Every deal counts in the month it was announced, superseded ones included
(each was news when it was made); the amounts of superseded deals are left
out of the sums, so adding months up never counts a revised deal twice.
A funding round adds only what its parts do not cover (its parts add
themselves), so a round and its parts are not counted twice either.
A deal dated only by its year is grouped under the year (``2019``), which
sorts before that year's months.
"""

from __future__ import annotations

import networkx as nx

from ..network import counted
from ..quantities import totals_dict
from .counting import counted_amounts


def timeline(projection: nx.MultiDiGraph) -> list[dict]:
    """Deals announced per month: how many, which, and their amounts.

    Parameters
    ----------
    projection : networkx.MultiDiGraph
        From :func:`kg.network.project`.

    Returns
    -------
    list of dict
        ``month`` (``2025-11``, or ``2019`` when only the year is known),
        ``count``, ``deals``, ``kinds`` (kind to count), ``money`` (per
        currency, counted deals only), ``no_amount`` (deals stating none) and
        ``superseded``; sorted by month.

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> for row in timeline(project(example_graph())):
    ...     print(row["month"], row["count"], row["money"]["USD"]["low"], row["money"]["USD"]["high"])
    2025-03 2 6000000000 8000000000
    2025-04 1 1000000000 3000000000
    """
    amounts = counted_amounts(projection.graph["deals"])  # a round counts only what its parts do not cover
    months: dict[str, list[dict]] = {}
    for deal in projection.graph["deals"].values():
        date = deal["date"] or ""
        months.setdefault(date[:7] if len(date) >= 7 else date, []).append(deal)
    rows = []
    for month, deals in sorted(months.items()):
        kinds: dict[str, int] = {}
        for deal in deals:
            kinds[deal["kind"]] = kinds.get(deal["kind"], 0) + 1
        rows.append({
            "month": month or None,
            "count": len(deals),
            "deals": sorted(d["id"] for d in deals),
            "kinds": dict(sorted(kinds.items())),
            "money": totals_dict(amounts[d["id"]] for d in deals if amounts[d["id"]] is not None and counted(d)),
            "no_amount": sorted(d["id"] for d in deals if d["amount"] is None),
            "superseded": sorted(d["id"] for d in deals if not counted(d)),
        })
    return rows
