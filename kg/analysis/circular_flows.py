"""Circular deals: cycles in the money view, the ones that return the most money first, within a budget.

A cycle is money that leaves a company and, through other companies, flows
back to it: Microsoft invests in Anthropic, Anthropic buys Azure compute from
Microsoft. Cycles are looked for in :func:`kg.network.money_view`, up to a
length bound.

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

Which cycles, in which order
    A graph of a few dozen companies that all deal with each other holds
    hundreds of thousands of cycles, so the search is bounded: it lists the
    cycles that return the most money first, then the shortest, and stops
    at :data:`MAX_CYCLES` cycles or after :data:`TIME_LIMIT` seconds,
    whichever comes first. *Money returned* is the figure of the returning
    leg as reported: an exact value, the top of an "up to" or a range, the
    floor of an "at least" (the largest over currencies, which are not
    converted); a leg that states no amount comes after every leg that
    does. Only legs inside a strongly connected component of the money view
    can be on a cycle, so the search looks nowhere else. It takes the
    returning legs from the most money to the least, and for each finds the
    paths back from the start company, shortest first (iterative
    deepening, cutting any branch that cannot close within the length
    bound), so what it has found when it stops is always a prefix of the
    full order; ties (same money, same length) are broken by company ids.
    Only the cycles listed are ever held in memory.

The result is a :class:`Cycles` list; its ``search`` says whether the list
was cut and how many cycles the search saw.
"""

from __future__ import annotations

import time
from collections import deque
from itertools import groupby

import networkx as nx

from ..network import money_view
from ..quantities import totals_dict
from .counting import counted_amounts, shared

#: Kinds of deal whose payer tells a cycle (an investor puts money in).
_INVESTING = ("investment", "funding round")

#: Longest cycle looked for, in legs (a two-company round trip has length 2).
MAX_LENGTH = 5
#: Most cycles listed; the search stops when it finds one more (so more exist).
MAX_CYCLES = 500
#: Seconds the search may take before it stops with what it has.
TIME_LIMIT = 5.0
#: Search steps between two looks at the clock.
_CLOCK_EVERY = 1024


class Cycles(list):
    """The cycles of :func:`circular_flows`, in order, with ``search``: how the search went.

    ``search`` is a dict: ``cut`` (True when the search stopped before it
    had looked everywhere, so more cycles may exist), ``stopped_by``
    (``"count"``, ``"time"`` or ``None``), ``seen`` (cycles found; when the
    count stops the search, one more than are listed), ``listed``, the
    limits (``max_cycles``, ``time_limit``, ``max_length``), and
    ``returning_legs`` and ``returning_legs_searched`` (the legs inside a
    strongly connected component, and how many of them were searched to the
    end, from the most money down).
    """

    def __init__(self, cycles=(), search: dict | None = None):
        super().__init__(cycles)
        self.search = dict(search or {})


class _Stop(Exception):
    """The search reached its budget."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def circular_flows(projection: nx.MultiDiGraph, max_length: int = MAX_LENGTH, max_cycles: int = MAX_CYCLES,
                   time_limit: float | None = TIME_LIMIT) -> Cycles:
    """The cycles of money of at most ``max_length`` legs that return the most, then the shortest.

    Parameters
    ----------
    projection : networkx.MultiDiGraph
        From :func:`kg.network.project`.
    max_length : int
        The longest cycle, in legs.
    max_cycles : int
        The most cycles listed; the search stops when it finds one more.
    time_limit : float or None
        Seconds the search may take (None: no limit).

    Returns
    -------
    Cycles
        A list of dicts: ``companies`` (the cycle, start repeated at the
        end), ``labels``, ``length``, ``legs`` (each: ``from``, ``to``,
        ``money`` per currency, ``deals`` with ``id``, ``kind``, ``amount``,
        ``date``, ``status``, ``stage``), ``leaves`` and ``returns`` (money per
        currency of the first and last leg) and ``returned_share``
        (``{"currency", "low", "high"}``, or ``None`` if either leg states no
        amount in a common currency); its ``search`` says whether it was cut.

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> cycles = circular_flows(project(example_graph()))
    >>> [" -> ".join(cycle["companies"]) for cycle in cycles]
    ['bigcloud -> alpha-ai -> bigcloud']
    >>> cycles[0]["leaves"]["USD"]["high"], cycles[0]["returns"]["USD"]["exact"], cycles[0]["returned_share"]
    (2000000000, 6000000000, {'currency': 'USD', 'low': 3.0, 'high': None})
    >>> cycles.search["cut"], cycles.search["seen"]
    (False, 1)
    """
    from ..bulk import computed_once

    if max_length < 2 or max_cycles < 0:
        raise ValueError("circular flows need max_length >= 2 and max_cycles >= 0")
    # promised-or-paid reads the same cycles in the same run of analyses
    return computed_once("cycles", projection, lambda: _find(projection, max_length, max_cycles, time_limit),
                         max_length, max_cycles, time_limit)


def _find(projection: nx.MultiDiGraph, max_length: int, max_cycles: int, time_limit: float | None) -> Cycles:
    view = money_view(projection)
    deals = projection.graph["deals"]
    amounts = counted_amounts(deals)
    search = _Search(view, deals, amounts, max_length, max_cycles, time_limit)
    found = search.run()
    found.sort(key=lambda item: (-item[0], len(item[1]), item[1] + item[1][:1]))
    cycles = [_cycle(projection, view, deals, amounts, nodes) for _rank, nodes in found[:max_cycles]]
    return Cycles(cycles, {
        "cut": search.stopped_by is not None,
        "stopped_by": search.stopped_by,
        "seen": len(found),
        "listed": len(cycles),
        "max_cycles": max_cycles,
        "time_limit": time_limit,
        "max_length": max_length,
        "returning_legs": search.legs_total,
        "returning_legs_searched": search.legs_done,
    })


class _Search:
    """The bounded, best-first search for cycles (see the module docstring)."""

    def __init__(self, view: nx.DiGraph, deals: dict, amounts: dict, max_length: int, max_cycles: int,
                 time_limit: float | None):
        self.max_length, self.max_cycles = max_length, max_cycles
        self.deadline = None if time_limit is None else time.monotonic() + time_limit
        self.steps = 0
        self.found: list[tuple[float, list[str]]] = []
        self.stopped_by: str | None = None
        component = {}
        for number, nodes in enumerate(nx.strongly_connected_components(view)):
            if len(nodes) > 1:
                component.update(dict.fromkeys(nodes, number))
        inside = [(u, v) for u, v in view.edges if component.get(u, -1) == component.get(v, -2)]
        self.invests = {
            (u, v): any(deals[d]["kind"] in _INVESTING for d in view.edges[u, v]["deals"]) for u, v in inside
        }
        self.successors: dict[str, list[str]] = {}
        self.predecessors: dict[str, list[str]] = {}
        for u, v in sorted(inside):
            self.successors.setdefault(u, []).append(v)
            self.predecessors.setdefault(v, []).append(u)
        # (rank, start, last company): the leg last -> start returns money to the start.
        self.legs = sorted(((_rank(view, deals, amounts, x, s), s, x) for x, s in inside), key=lambda leg: (-leg[0], leg[1], leg[2]))
        self.legs_total, self.legs_done = len(self.legs), 0

    def run(self) -> list[tuple[float, list[str]]]:
        """Every cycle found, as (money returned, companies from the start), until the budget stops it."""
        try:
            for rank, group in groupby(self.legs, key=lambda leg: leg[0]):
                group = list(group)
                for length in range(2, self.max_length + 1):
                    for _rank, start, last in group:
                        self._tick(force=True)
                        for nodes in self._paths(start, last, length - 1):
                            self.found.append((rank, nodes))
                            if len(self.found) > self.max_cycles:
                                raise _Stop("count")
                self.legs_done += len(group)
        except _Stop as stop:
            self.stopped_by = stop.reason
        return self.found

    def _tick(self, force: bool = False) -> None:
        self.steps += 1
        if (force or self.steps % _CLOCK_EVERY == 0) and self.deadline is not None and time.monotonic() >= self.deadline:
            raise _Stop("time")

    def _distances(self, target: str, depth: int) -> dict[str, int]:
        """Legs from each company to ``target``, for those at most ``depth`` legs away."""
        distance = {target: 0}
        queue = deque([target])
        while queue:
            node = queue.popleft()
            if distance[node] == depth:
                continue
            for before in self.predecessors.get(node, ()):
                self._tick()
                if before not in distance:
                    distance[before] = distance[node] + 1
                    queue.append(before)
        return distance

    def _paths(self, start: str, last: str, legs: int):
        """Paths of exactly ``legs`` legs from ``start`` to ``last`` that make ``start`` the cycle's start."""
        distance = self._distances(last, legs - 1)
        path, on_path = [start], {start}

        def allowed(payer: str, payee: str, by_investors: bool) -> bool:
            # The start is the smallest investor (by_investors) or, with no investment on the cycle, the smallest id.
            if by_investors:
                return payer >= start or not self.invests[payer, payee]
            return payer >= start and not self.invests[payer, payee]

        def extend(node: str, left: int, by_investors: bool):
            for nxt in self.successors.get(node, ()):
                self._tick()
                if nxt in on_path or distance.get(nxt, legs) > left - 1:
                    continue
                if node == start:
                    by_investors = self.invests[start, nxt]
                    if not allowed(last, start, by_investors):
                        continue
                if not allowed(node, nxt, by_investors):
                    continue
                if left == 1:
                    if nxt == last:
                        yield path + [last]
                    continue
                if nxt == last:
                    continue
                path.append(nxt)
                on_path.add(nxt)
                yield from extend(nxt, left - 1, by_investors)
                path.pop()
                on_path.discard(nxt)

        yield from extend(start, legs, False)


def _rank(view: nx.DiGraph, deals: dict, amounts: dict, payer: str, payee: str) -> float:
    """The money of a leg as reported (see the module docstring); -1 when it states none."""
    money = _money(view, deals, amounts, payer, payee)
    figures = [total["high"] if total["high"] is not None else total["low"] for total in money.values()]
    return float(max(figures)) if figures else -1.0


def _cycle(projection: nx.MultiDiGraph, view: nx.DiGraph, deals: dict, amounts: dict, nodes: list[str]) -> dict:
    legs = [_leg(view, deals, amounts, a, b) for a, b in zip(nodes, nodes[1:] + nodes[:1])]
    return {
        "companies": nodes + nodes[:1],
        "labels": [projection.nodes[n]["label"] for n in nodes + nodes[:1]],
        "length": len(nodes),
        "legs": legs,
        "leaves": legs[0]["money"],
        "returns": legs[-1]["money"],
        "returned_share": _share(legs[0]["money"], legs[-1]["money"]),
    }


def _money(view: nx.DiGraph, deals: dict, amounts: dict, payer: str, payee: str) -> dict:
    ids = view.edges[payer, payee]["deals"]
    return totals_dict(amounts[d] for d in ids if amounts[d] is not None and not shared(deals[d]))


def _leg(view: nx.DiGraph, deals: dict, amounts: dict, payer: str, payee: str) -> dict:
    ids = view.edges[payer, payee]["deals"]
    return {
        "from": payer,
        "to": payee,
        "money": _money(view, deals, amounts, payer, payee),
        "deals": [
            {
                "id": d,
                "kind": deals[d]["kind"],
                "amount": None if amounts[d] is None else amounts[d].as_dict(),
                "date": deals[d]["date"],
                "status": deals[d]["status"],
                "stage": deals[d]["stage"],
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
