"""Money in and out of each company, by kind of deal.

Money flows along the money edges of the projection (:data:`kg.network.ROLE_PAIRS`):
investor to investee, buyer to seller. Amounts are summed per currency with
:class:`kg.analysis.amounts.Total`, so exact, "up to", "at least" and range
figures stay apart; deals that state no amount are listed, not guessed.
Superseded deals are left out.
"""

from __future__ import annotations

import networkx as nx

from ..network import counted, money_view
from ..quantities import totals_dict


def money_flows(projection: nx.MultiDiGraph) -> list[dict]:
    """For each company, the money in and out by kind of deal.

    Parameters
    ----------
    projection : networkx.MultiDiGraph
        From :func:`kg.network.project`.

    Returns
    -------
    list of dict
        One row per company, direction (``in``, ``out``) and kind, sorted:
        ``company``, ``label``, ``direction``, ``kind``, ``money`` (currency
        to a total, see :meth:`kg.analysis.amounts.Total.as_dict`),
        ``deals`` (those with an amount), ``unstated`` (those without) and
        ``counterparties``.

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> for row in money_flows(project(example_graph())):
    ...     usd = row["money"].get("USD", {})
    ...     print(row["company"], row["direction"], row["kind"], usd.get("low"), usd.get("high"), row["deals"])
    alpha-ai in investment 0 2000000000 ['bigcloud-invests']
    alpha-ai out compute 6000000000 6000000000 ['alpha-compute']
    bigcloud in compute 6000000000 6000000000 ['alpha-compute']
    bigcloud out hardware supply 1000000000 3000000000 ['bigcloud-chips']
    bigcloud out investment 0 2000000000 ['bigcloud-invests']
    chipco in hardware supply 1000000000 3000000000 ['bigcloud-chips']
    """
    # A deal counts once per company and direction, even if it has several counterparties.
    groups: dict[tuple[str, str, str], dict[str, dict]] = {}
    others: dict[tuple[str, str, str], set[str]] = {}
    for payer, payee, key, data in projection.edges(keys=True, data=True):
        if not data.get("money") or not counted(data):
            continue
        for company, direction, other in ((payer, "out", payee), (payee, "in", payer)):
            group = (company, direction, data["kind"])
            groups.setdefault(group, {})[key] = data
            others.setdefault(group, set()).add(other)
    rows = []
    for group, legs in sorted(groups.items()):
        company, direction, kind = group
        rows.append({
            "company": company,
            "label": projection.nodes[company]["label"],
            "direction": direction,
            "kind": kind,
            "money": totals_dict(data["amount"] for data in legs.values() if data["amount"] is not None),
            "deals": sorted(key for key, data in legs.items() if data["amount"] is not None),
            "unstated": sorted(key for key, data in legs.items() if data["amount"] is None),
            "counterparties": sorted(others[group]),
        })
    return rows


def money_between(projection: nx.MultiDiGraph) -> list[dict]:
    """The money from each payer to each payee, summed over the counted deals between them.

    Returns
    -------
    list of dict
        ``from``, ``to``, ``labels`` (the pair's labels), ``kinds``,
        ``money`` (per currency), ``deals`` (with an amount) and
        ``unstated`` (without), sorted by payer and payee.

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> [(p["from"], p["to"], p["money"]["USD"]["high"]) for p in money_between(project(example_graph()))]
    [('alpha-ai', 'bigcloud', 6000000000), ('bigcloud', 'alpha-ai', 2000000000), ('bigcloud', 'chipco', 3000000000)]
    """
    deals = projection.graph["deals"]
    view = money_view(projection)
    pairs = []
    for payer, payee in sorted(view.edges):
        ids = view.edges[payer, payee]["deals"]
        pairs.append({
            "from": payer,
            "to": payee,
            "labels": [view.nodes[payer]["label"], view.nodes[payee]["label"]],
            "kinds": sorted({deals[d]["kind"] for d in ids}),
            "money": totals_dict(deals[d]["amount"] for d in ids if deals[d]["amount"] is not None),
            "deals": [d for d in ids if deals[d]["amount"] is not None],
            "unstated": [d for d in ids if deals[d]["amount"] is None],
        })
    return pairs
