"""Are the circular flows more than chance? The observed loops against degree-preserving randomisations.

The null model keeps who pays how many and who is paid by how many: each
sample rewires the money view (:func:`kg.network.money_view`) by edge swaps.
A swap takes two links ``a → b`` and ``c → d`` and makes them ``a → d`` and
``c → b``; it is refused when it would make a self-loop or a link that is
already there, so every company keeps its out-degree and in-degree and the
view stays a simple directed graph. The deals of a link (and so their
amounts, kinds and stages) stay with the payer: ``a`` still pays what it
paid, to ``d`` now. Each sample starts from the real view and makes
:data:`SWAPS_PER_LINK` times as many swap attempts as there are links
(refused attempts count, which keeps the chain symmetric, so its samples
tend to the uniform draw among the reachable graphs). One
:class:`random.Random` seeded with ``seed`` drives all samples: the same
seed gives the same samples.

Two statistics are compared, counted in the same way in the real graph and in
each sample, with :func:`kg.analysis.loops.find_cycles` (the circular flows
analysis itself):

- **cycles**: how many circular flows there are;
- **money returned**: the sum over cycles of the returning leg's money in US
  dollars as reported (:func:`kg.analysis.loops.reported_figure`; other
  currencies are not converted and not counted).

For each: the mean and standard deviation of the samples, the z-score
``(observed - mean) / sd`` (``None`` when every sample gives the same
figure), and the empirical p-value ``(1 + k) / (1 + N)``, where ``k`` of the
``N`` samples give a figure at least as high as the observed one (the
``+ 1`` counts the real graph as one draw of the null, so p is never 0).
"""

from __future__ import annotations

import random
import statistics

import networkx as nx

from ..network import money_view
from .loops import find_cycles, reported_figure

#: Swap attempts per link of the money view in each sample.
SWAPS_PER_LINK = 10
#: Samples when none are asked for.
SAMPLES = 200
#: Below this p-value the report calls the loops more than chance.
LEVEL = 0.05

STATISTICS = ("cycles", "money returned (USD)")


def significance(projection: nx.MultiDiGraph, samples: int = SAMPLES, seed: int = 0, **budget) -> dict:
    """The observed circular flows against ``samples`` degree-preserving randomisations.

    Parameters
    ----------
    projection : networkx.MultiDiGraph
        From :func:`kg.network.project`.
    samples : int
        How many randomised graphs (at least 1).
    seed : int
        Seeds the randomisation; the same seed gives the same result.
    **budget
        Passed to the cycle search (see :func:`kg.analysis.loops.find_cycles`).

    Returns
    -------
    dict
        ``samples``, ``seed``, ``swaps_per_link``, ``links`` and
        ``companies`` (of the money view), ``cut`` (whether a search stopped
        at its budget, in the real graph or any sample) and ``statistics``:
        one dict per statistic with ``name``, ``observed``, ``mean``,
        ``sd``, ``z``, ``at_least_as_high`` (samples), ``p_value`` and
        ``null`` (each sample's figure, in order).

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> result = significance(project(example_graph()), samples=20, seed=1)
    >>> cycles = result["statistics"][0]
    >>> cycles["observed"], cycles["p_value"], cycles["z"]
    (1, 1.0, None)
    """
    if samples < 1:
        raise ValueError("significance needs at least one sample")
    view = money_view(projection)
    links = sorted(view.edges(data="deals"))
    observed, cut = _measure(projection, links, budget)
    rng = random.Random(seed)
    nulls = []
    for _ in range(samples):
        figures, sample_cut = _measure(projection, _rewired(links, rng), budget)
        nulls.append(figures)
        cut = cut or sample_cut
    return {
        "samples": samples,
        "seed": seed,
        "swaps_per_link": SWAPS_PER_LINK,
        "links": len(links),
        "companies": view.number_of_nodes(),
        "cut": cut,
        "statistics": [_compare(name, observed[i], [n[i] for n in nulls]) for i, name in enumerate(STATISTICS)],
    }


def _rewired(links: list[tuple], rng: random.Random) -> list[tuple]:
    """One degree-preserving rewiring of ``(payer, payee, deals)`` links; deals stay with the payer."""
    current = list(links)
    present = {(a, b) for a, b, _deals in current}
    count = len(current)
    if count < 2:
        return current
    for _ in range(SWAPS_PER_LINK * count):
        i, j = rng.randrange(count), rng.randrange(count)
        (a, b, first), (c, d, second) = current[i], current[j]
        if i == j or a == d or c == b or (a, d) in present or (c, b) in present:
            continue
        present -= {(a, b), (c, d)}
        present |= {(a, d), (c, b)}
        current[i], current[j] = (a, d, first), (c, b, second)
    return current


def _measure(projection: nx.MultiDiGraph, links: list[tuple], budget: dict) -> tuple[tuple[float, float], bool]:
    """The statistics of the money view made of ``links``, and whether the cycle search was cut."""
    cycles, search = find_cycles(_world(projection, links), **budget)
    returned = sum(reported_figure(cycle["returns"].get("USD")) for cycle in cycles)
    return (len(cycles), returned), bool(search and search.get("cut"))


def _world(projection: nx.MultiDiGraph, links: list[tuple]) -> nx.MultiDiGraph:
    """A projection whose only edges are the money edges of ``links``, with the real deal records."""
    world = nx.MultiDiGraph()
    world.graph["deals"] = deals = projection.graph["deals"]
    world.graph["sources"] = projection.graph.get("sources", {})
    for payer, payee, ids in links:
        for node in (payer, payee):
            if node not in world:
                world.add_node(node, **projection.nodes[node])
        for deal in ids:
            world.add_edge(payer, payee, key=deal, deal=deal, money=True, kind=deals[deal]["kind"],
                           amount=deals[deal]["amount"], superseded_by=())
    return world


def _compare(name: str, observed: float, null: list[float]) -> dict:
    mean = statistics.fmean(null)
    sd = statistics.pstdev(null)
    higher = sum(1 for value in null if value >= observed)
    return {
        "name": name,
        "observed": observed,
        "mean": round(mean, 6),
        "sd": round(sd, 6),
        "z": round((observed - mean) / sd, 6) if sd > 0 else None,
        "at_least_as_high": higher,
        "p_value": round((1 + higher) / (1 + len(null)), 6),
        "null": null,
    }


def significance_text(result: dict) -> str:
    """The result in plain words, for the report and the terminal.

    Examples
    --------
    >>> result = {"samples": 99, "seed": 0, "cut": False, "statistics": [
    ...     {"name": "cycles", "observed": 3, "mean": 1.5, "sd": 0.5, "z": 3.0, "at_least_as_high": 0, "p_value": 0.01},
    ...     {"name": "money returned (USD)", "observed": 0.0, "mean": 0.0, "sd": 0.0, "z": None,
    ...      "at_least_as_high": 99, "p_value": 1.0}]}
    >>> print(significance_text(result))  # doctest: +NORMALIZE_WHITESPACE
    We compared the graph with 99 random versions of it (seed 0) in which every company keeps how many
    companies it pays and how many pay it. The graph has 3 circular flows; the random versions have 1.5 on
    average (standard deviation 0.5, z = 3.00). A count this high or higher came up in 0 of 99 random versions
    (p = 0.01): more loops than chance alone would give. Money returned (USD): $0 in the graph against $0
    on average (every random version gives the same figure); p = 1: no more than chance would give.
    """
    from ..quantities import write_number

    cycles, money = result["statistics"]
    verdict = {True: "more loops than chance alone would give", False: "no more loops than chance alone would give"}
    lines = [
        f"We compared the graph with {result['samples']} random versions of it (seed {result['seed']}) in which every "
        f"company keeps how many companies it pays and how many pay it.",
        f"The graph has {cycles['observed']:g} circular flows; the random versions have {cycles['mean']:.3g} on average "
        f"({_spread(cycles)}).",
        f"A count this high or higher came up in {cycles['at_least_as_high']} of {result['samples']} random versions "
        f"(p = {cycles['p_value']:.3g}): {verdict[cycles['p_value'] < LEVEL]}.",
        f"Money returned (USD): {write_number(money['observed'], 'USD')} in the graph against "
        f"{write_number(round(money['mean']), 'USD')} on average ({_spread(money, 'USD')}); p = {money['p_value']:.3g}: "
        + ("more than chance would give." if money["p_value"] < LEVEL else "no more than chance would give."),
    ]
    if result.get("cut"):
        lines.append("The cycle search stopped at its budget in some graphs, so these counts are lower bounds.")
    return " ".join(lines)


def _spread(statistic: dict, unit: str | None = None) -> str:
    if statistic["z"] is None:
        return "every random version gives the same figure"
    from ..quantities import write_number

    sd = f"{statistic['sd']:.3g}" if unit is None else write_number(round(statistic["sd"]), unit)
    return f"standard deviation {sd}, z = {statistic['z']:.2f}"
