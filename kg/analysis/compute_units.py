"""Compute in one unit: H100-equivalents and gigawatts by buyer, by hardware maker and by year online.

Every counted deal that states a chip count or gigawatts is converted by
:func:`kg.compute.deal_compute` (formulas there) and summed with bounds, in the
groups of :mod:`kg.analysis.capacity`: the paying side, the makers of the
hardware named (several makers make one group), the year online. Deals that
could not be converted are listed with the reason.
"""

from __future__ import annotations

import networkx as nx

from ..compute import deal_compute, load_table
from ..network import counted

GROUPS = ("buyer", "maker", "year")


def compute_units(projection: nx.MultiDiGraph) -> dict:
    """H100e and GW per group, the deals converted and the deals that could not be.

    Returns
    -------
    dict
        ``groups``: rows of ``group``, ``key``, ``label``, ``h100e`` and
        ``gw`` (``{"min", "max"}``, ``max`` None when open; None when no
        deal of the group gives or converts to gigawatts) and ``deals``;
        ``deals``: each converted deal's figures; ``not_converted``: ``deal``
        and ``why``; ``reference`` (the chip H100e are counted in),
        ``overhead`` and ``pue`` (the assumptions per gigawatt) with their ``sources``.

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> result = compute_units(project(example_graph()))
    >>> result["groups"], result["not_converted"]
    ([], [{'deal': 'alpha-compute', 'why': 'no sourced figure for its hardware (chip-x)'}])
    """
    table = load_table()
    deals = projection.graph["deals"]
    payers: dict[str, set[str]] = {}
    for payer, _payee, key, data in projection.edges(keys=True, data=True):
        if data.get("money"):
            payers.setdefault(key, set()).add(payer)
    converted, missing, groups = {}, [], {}
    for deal_id, deal in deals.items():
        if not counted(deal):
            continue
        result = deal_compute(projection, deal_id, table)
        if result is None:
            continue
        if result["h100e"] is None:
            missing.append({"deal": deal_id, "why": result["why"]})
            continue
        converted[deal_id] = result
        makers = sorted({m for h in deal["hardware"] if h in projection for m in _makers(projection, h)})
        keys = {"buyer": sorted(payers.get(deal_id, ())) or [None], "maker": ["+".join(makers) if makers else None],
                "year": [deal["online_by"][:4] if deal["online_by"] else None]}
        for group, values in keys.items():
            for value in values:
                groups.setdefault((group, value), []).append(deal_id)
    rows = []
    order = sorted(groups, key=lambda k: (GROUPS.index(k[0]), k[1] is None, k[1] or ""))
    for group, key in order:
        ids = sorted(groups[group, key])
        rows.append({"group": group, "key": key, "label": _label(projection, group, key),
                     "h100e": _sum(converted[d]["h100e"] for d in ids),
                     "gw": _sum(converted[d]["gw"] for d in ids if converted[d]["gw"]) if any(converted[d]["gw"] for d in ids)
                     else None, "deals": ids})
    return {
        "groups": rows, "deals": converted, "not_converted": missing, "reference": table.reference,
        "overhead": table.overhead, "pue": list(table.pue), "sources": table.sources,
    }


def _sum(figures) -> dict:
    low, high = 0.0, 0.0
    for figure in figures:
        low += figure["min"]
        high = None if high is None or figure["max"] is None else high + figure["max"]
    return {"min": round(low, 9), "max": None if high is None else round(high, 9)}


def _makers(projection: nx.MultiDiGraph, hardware: str) -> list[str]:
    return [maker for _h, maker, key in projection.out_edges(hardware, keys=True) if key == "manufacturer"]


def _label(projection: nx.MultiDiGraph, group: str, key: str | None) -> str:
    if key is None:
        return {"buyer": "(no buyer stated)", "maker": "(maker not stated)", "year": "(year not stated)"}[group]
    if group == "year":
        return key
    return " + ".join(projection.nodes[part]["label"] for part in key.split("+"))
