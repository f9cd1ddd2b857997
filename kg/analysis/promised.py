"""Promised or paid: the money between companies, and the money that returns in the loops, by stage.

Each deal's money has a stage (:func:`kg.stages.deal_stage`: paid,
committed, conditional, intended). This analysis sums the counted money
deals per stage and currency, with bounds, and does the same for the money
on the returning legs of the circular flows (each returning deal counted
once, however many loops it closes). Amounts are those sums count
(:func:`kg.analysis.counting.counted_amounts`: a funding round counts only
what its parts do not cover).
"""

from __future__ import annotations

import networkx as nx

from ..network import money_view
from ..quantities import totals_dict
from ..stages import STAGES
from .counting import counted_amounts
from .loops import find_cycles


def promised_or_paid(projection: nx.MultiDiGraph) -> dict:
    """Money by stage, overall and on the returning legs of the loops.

    Returns
    -------
    dict
        ``money`` and ``loops``: one row per stage that has deals, most
        settled first, each with ``stage``, ``money`` (per currency, see
        :func:`kg.quantities.totals_dict`), ``deals`` (with an amount) and
        ``unstated`` (without).

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> split = promised_or_paid(project(example_graph()))
    >>> [(row["stage"], row["deals"]) for row in split["money"]]
    [('committed', ['alpha-compute']), ('conditional', ['bigcloud-chips', 'bigcloud-invests'])]
    >>> [(row["stage"], row["money"]["USD"]["exact"]) for row in split["loops"]]
    [('committed', 6000000000)]
    """
    deals = projection.graph["deals"]
    view = money_view(projection)
    every = sorted({d for _u, _v, ids in view.edges(data="deals") for d in ids})
    cycles, _search = find_cycles(projection)
    returning = sorted({deal["id"] for cycle in cycles for deal in cycle["legs"][-1]["deals"]})
    amounts = counted_amounts(deals)
    return {"money": _by_stage(deals, amounts, every), "loops": _by_stage(deals, amounts, returning)}


def _by_stage(deals: dict, amounts: dict, ids: list[str]) -> list[dict]:
    rows = []
    for stage in reversed(STAGES):
        mine = [d for d in ids if deals[d]["stage"] == stage]
        if mine:
            rows.append({
                "stage": stage,
                "money": totals_dict(amounts[d] for d in mine if amounts[d] is not None),
                "deals": [d for d in mine if amounts[d] is not None],
                "unstated": [d for d in mine if amounts[d] is None],
            })
    return rows
