"""Committed computing capacity in gigawatts: by buyer, by hardware maker, by year online.

Every counted deal that states a capacity (``aic:capacity``, in GW) is
summed with bounds (:class:`kg.analysis.amounts.Total`), three ways:

- by **buyer**: the paying side of the deal (buyer or investor); a deal with
  no paying side is grouped under ``None``;
- by **maker**: the makers (``aic:manufacturer``) of the chips and systems
  named on the deal; a deal whose hardware comes from several makers is one
  group named after all of them (``Google + Nvidia``), so no gigawatt is
  counted twice; ``None`` when the deal names no hardware or no maker;
- by **year** online (``aic:onlineBy``); ``None`` when not stated.

Superseded deals are left out.
"""

from __future__ import annotations

import networkx as nx

from ..network import counted
from ..quantities import totals_dict

GROUPS = ("buyer", "maker", "year")


def capacity(projection: nx.MultiDiGraph) -> list[dict]:
    """Gigawatts committed, grouped by buyer, by hardware maker and by year online.

    Parameters
    ----------
    projection : networkx.MultiDiGraph
        From :func:`kg.network.project`.

    Returns
    -------
    list of dict
        ``group`` (``buyer``, ``maker``, ``year``), ``key`` (an id, a
        ``+``-joined list of maker ids, a year, or ``None``), ``label``,
        ``capacity`` (a total in GW, see
        :meth:`kg.analysis.amounts.Total.as_dict`) and ``deals``; sorted by
        group, then key (``None`` last).

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> for row in capacity(project(example_graph())):
    ...     print(row["group"], row["key"], row["label"], row["capacity"]["low"], row["capacity"]["high"], row["deals"])
    buyer alpha-ai Alpha AI 0.5 None ['alpha-compute']
    maker chipco ChipCo 0.5 None ['alpha-compute']
    year 2026 2026 0.5 None ['alpha-compute']
    """
    deals = projection.graph["deals"]
    payers: dict[str, set[str]] = {}
    for payer, _payee, key, data in projection.edges(keys=True, data=True):
        if data.get("money"):
            payers.setdefault(key, set()).add(payer)
    groups: dict[tuple[str, str | None], list[str]] = {}
    for deal_id, deal in deals.items():
        if deal["capacity"] is None or not counted(deal):
            continue
        makers = sorted({m for h in deal["hardware"] if h in projection for m in _makers(projection, h)})
        keys = {
            "buyer": sorted(payers.get(deal_id, ())) or [None],
            "maker": ["+".join(makers) if makers else None],
            "year": [deal["online_by"][:4] if deal["online_by"] else None],
        }
        for group, values in keys.items():
            for value in values:
                groups.setdefault((group, value), []).append(deal_id)
    rows = []
    for (group, key), ids in sorted(groups.items(), key=lambda item: (GROUPS.index(item[0][0]), item[0][1] is None, item[0][1] or "")):
        rows.append({
            "group": group,
            "key": key,
            "label": _label(projection, group, key),
            "capacity": totals_dict(deals[d]["capacity"] for d in ids).get("GW"),
            "deals": sorted(ids),
        })
    return rows


def _makers(projection: nx.MultiDiGraph, hardware: str) -> list[str]:
    return [maker for _h, maker, key in projection.out_edges(hardware, keys=True) if key == "manufacturer"]


def _label(projection: nx.MultiDiGraph, group: str, key: str | None) -> str:
    if key is None:
        return {"buyer": "(no buyer stated)", "maker": "(hardware not stated)", "year": "(year not stated)"}[group]
    if group == "year":
        return key
    return " + ".join(projection.nodes[part]["label"] for part in key.split("+"))
