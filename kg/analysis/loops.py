"""The one call into :mod:`kg.analysis.circular_flows` for the analyses built on its cycles.

Significance tests and the promised-or-paid split read the cycles through
:func:`find_cycles`, so a change in how cycles are searched (a budget, a cut)
is met here once.
"""

from __future__ import annotations


def find_cycles(projection, **budget) -> tuple[list[dict], dict | None]:
    """The cycles of :func:`kg.analysis.circular_flows.circular_flows` and how the search went.

    ``budget`` goes to the search (``max_length``, and the count and time
    limits where the search has them). Returns the cycles as a plain list and
    the search's account (``cut`` and the limits), or ``None`` when the
    search keeps none.

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> cycles, _search = find_cycles(project(example_graph()))
    >>> [c["companies"] for c in cycles]
    [['bigcloud', 'alpha-ai', 'bigcloud']]
    """
    from .circular_flows import circular_flows

    found = circular_flows(projection, **budget)
    return list(found), getattr(found, "search", None)


def reported_figure(total: dict | None) -> float:
    """A total's figure as reported: exact plus the top of "up to" and ranges plus the floor of "at least".

    Examples
    --------
    >>> reported_figure({"exact": 5, "up_to": 2, "at_least": 1, "range_min": 3, "range_max": 4, "low": 9, "high": None})
    12.0
    >>> reported_figure(None)
    0.0
    """
    if not total:
        return 0.0
    return float(total["exact"] + total["up_to"] + total["range_max"] + total["at_least"])
