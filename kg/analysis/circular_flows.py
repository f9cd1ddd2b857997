"""Circular deals: cycles in the money view, with the deals along them and what comes back.

A cycle is money that leaves a company and, through other companies, flows
back to it: Microsoft invests in Anthropic, Anthropic buys Azure compute from
Microsoft. Cycles come from :func:`networkx.simple_cycles` on
:func:`kg.network.money_view`, up to a length bound.

Each cycle is told from an investor's side: it starts at a company whose leg
out of it holds an investment or a funding round (the smallest id if several do; the smallest id
of all if none does). What *leaves* is the first leg, what *returns* the last
one, and ``returned_share`` is returns over leaves, with bounds: its low end
is the least that returns over the most that leaves, its high end the most
that returns over the least that leaves (``None`` when that has no bound,
for instance when what leaves is an "up to" that could be near zero).

A leg's money is what its deals add to sums (:mod:`kg.analysis.counting`):
a funding round only for what its parts do not cover, and not at all when
several investors share it with no split (the round is still listed on the
leg, with ``shared`` true). Acquisitions make no leg: the acquired company is
not paid. Money in different currencies is never added.
"""

from __future__ import annotations

import networkx as nx

from ..network import money_view
from ..quantities import totals_dict
from .counting import counted_amounts, shared

#: Kinds of deal whose payer tells a cycle (an investor puts money in).
_INVESTING = ("investment", "funding round")

#: Longest cycle looked for, in legs (a two-company round trip has length 2).
MAX_LENGTH = 5


def circular_flows(projection: nx.MultiDiGraph, max_length: int = MAX_LENGTH) -> list[dict]:
    """Every cycle of money of at most ``max_length`` legs, shortest first.

    Parameters
    ----------
    projection : networkx.MultiDiGraph
        From :func:`kg.network.project`.
    max_length : int
        The longest cycle, in legs.

    Returns
    -------
    list of dict
        ``companies`` (the cycle, start repeated at the end), ``labels``,
        ``length``, ``legs`` (each: ``from``, ``to``, ``money`` per currency,
        ``deals`` with ``id``, ``kind``, ``amount``, ``date``, ``status``),
        ``leaves`` and ``returns`` (money per currency of the first and last
        leg) and ``returned_share`` (``{"currency", "low", "high"}``, or
        ``None`` if either leg states no amount in a common currency).

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> [cycle] = circular_flows(project(example_graph()))
    >>> " -> ".join(cycle["companies"])
    'bigcloud -> alpha-ai -> bigcloud'
    >>> cycle["leaves"]["USD"]["high"], cycle["returns"]["USD"]["exact"], cycle["returned_share"]
    (2000000000, 6000000000, {'currency': 'USD', 'low': 3.0, 'high': None})
    """
    view = money_view(projection)
    deals = projection.graph["deals"]
    amounts = counted_amounts(deals)
    cycles = []
    for nodes in nx.simple_cycles(view, length_bound=max_length):
        nodes = _rotate(view, deals, nodes)
        legs = [_leg(view, deals, amounts, a, b) for a, b in zip(nodes, nodes[1:] + nodes[:1])]
        cycles.append({
            "companies": nodes + nodes[:1],
            "labels": [projection.nodes[n]["label"] for n in nodes + nodes[:1]],
            "length": len(nodes),
            "legs": legs,
            "leaves": legs[0]["money"],
            "returns": legs[-1]["money"],
            "returned_share": _share(legs[0]["money"], legs[-1]["money"]),
        })
    cycles.sort(key=lambda c: (c["length"], c["companies"]))
    return cycles


def _rotate(view: nx.DiGraph, deals: dict, nodes: list[str]) -> list[str]:
    """Start the cycle at the smallest company whose leg out is an investment (else the smallest)."""
    successor = dict(zip(nodes, nodes[1:] + nodes[:1]))
    investors = [n for n in nodes if any(deals[d]["kind"] in _INVESTING for d in view.edges[n, successor[n]]["deals"])]
    start = nodes.index(min(investors or nodes))
    return nodes[start:] + nodes[:start]


def _leg(view: nx.DiGraph, deals: dict, amounts: dict, payer: str, payee: str) -> dict:
    ids = view.edges[payer, payee]["deals"]
    return {
        "from": payer,
        "to": payee,
        "money": totals_dict(amounts[d] for d in ids if amounts[d] is not None and not shared(deals[d])),
        "deals": [
            {
                "id": d,
                "kind": deals[d]["kind"],
                "amount": None if amounts[d] is None else amounts[d].as_dict(),
                "date": deals[d]["date"],
                "status": deals[d]["status"],
                "shared": shared(deals[d]),
            }
            for d in ids
        ],
    }


def _share(leaves: dict, returns: dict) -> dict | None:
    common = sorted(set(leaves) & set(returns))
    if len(common) != 1 or len(leaves) != 1 or len(returns) != 1:
        return None
    currency = common[0]
    out, back = leaves[currency], returns[currency]
    low = 0.0 if out["high"] is None else _ratio(back["low"], out["high"])
    high = None if back["high"] is None or not out["low"] else _ratio(back["high"], out["low"])
    return {"currency": currency, "low": low, "high": high}


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 6) if denominator else None
