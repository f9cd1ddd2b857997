"""Are the circular flows more than chance? The loops counted exactly, against degree-preserving randomisations.

The null model keeps who pays how many and who is paid by how many: each
sample rewires the money view (:func:`kg.network.money_view`) by edge swaps.
A swap takes two links ``a → b`` and ``c → d`` and makes them ``a → d`` and
``c → b``; it is refused when it would make a self-loop or a link that is
already there, so every company keeps its out-degree and in-degree and the
view stays a simple directed graph. The deals of a link (and so their
amounts) stay with the payer: ``a`` still pays what it paid, to ``d`` now.
Each sample starts from the real view and makes :data:`SWAPS_PER_LINK` times
as many swap attempts as there are links (refused attempts count, which
keeps the chain symmetric, so its samples tend to the uniform draw among the
graphs that swaps can reach). One :func:`numpy.random.default_rng` seeded
with ``seed`` draws every swap: the same seed gives the same samples.

Two statistics, computed exactly and in the same way in the real graph and
in each sample (no cycle is listed, so neither depends on the budget that
cuts the list of :mod:`kg.analysis.circular_flows`):

- **cycles**: how many circular flows of 2 to ``max_length`` legs (at most
  :data:`MAX_LENGTH`, 5) there are: the simple directed cycles of the money
  view, each counted once, the same cycles the circular flows analysis lists
  when its list is not cut. They come from traces of powers of the
  adjacency matrix ``A`` among the companies that both pay and are paid
  (no other can be on a cycle, in the real graph or in any sample), in
  integers (dense up to :data:`DENSE_UP_TO` companies, else
  :mod:`scipy.sparse`), less the closed walks that repeat a company. With
  ``r`` the number of companies each company both pays and is paid by (the
  diagonal of ``A²``), ``t`` the diagonal of ``A³`` and ``S = A ∘ Aᵀ`` the
  round trips:

  - length 2: ``tr(A²) / 2``; length 3: ``tr(A³) / 3`` (a closed walk of
    2 or 3 legs without self-loops cannot repeat a company);
  - length 4: ``(tr(A⁴) − 2 Σ r² + Σ r) / 4`` (a closed 4-walk repeats a
    company when its first and third, or second and fourth, stops meet:
    two round trips from one company);
  - length 5: ``tr(A⁵) / 5 − Σ r·t + tr(S A²)`` (a closed 5-walk that
    repeats a company is a round trip and a 3-cycle through it; the walks
    ``a b a b y`` are two such pairs at once, one per 3-cycle with a
    reciprocated leg, hence the last term).

- **money on loops (USD)**: the money of the links that lie on at least one
  such cycle (a link ``u → v`` does when ``v`` reaches ``u`` within
  ``max_length − 1`` legs), each link's money as the circular flows analysis
  reports a leg's (:func:`kg.analysis.loops.reported_figure`: exact, the
  top of "up to" and ranges, the floor of "at least"; US dollars only, other
  currencies are not converted and not counted).

Why exact counts: the list of circular flows is cut at a budget (500 cycles
or 5 s), and a cut list compared with cut lists says nothing; in a market of
20 companies that all invest in each other (403,636 cycles of up to 5 legs)
every graph would give the cap. Counting exactly costs a few products of
small matrices per sample, where listing cost the cycle search and the
money of up to 500 cycles per sample.

For each: the mean and standard deviation of the samples, the z-score
``(observed - mean) / sd`` (``None`` when every sample gives the same
figure), and the empirical p-value ``(1 + k) / (1 + N)``, where ``k`` of the
``N`` samples give a figure at least as high as the observed one (the
``+ 1`` counts the real graph as one draw of the null, so p is never 0, and
never below ``1 / (1 + N)``). The test is one-sided: more loops, or more money
on them, than chance. Swaps do not reach every graph with the same degrees
(turning a directed triangle round takes three links at once), so the null
is the graphs swaps reach from the real one.

Budget
    The real graph's figures and then samples, one after another, until
    ``samples`` are drawn or ``time_limit`` seconds (:data:`TIME_LIMIT`)
    have passed since the start, whichever comes first; the clock is read
    after each sample, so at least one is drawn. A run stopped by the clock
    says so (``cut``, ``stopped_by: "time"``, ``samples`` against
    ``samples_asked``) and its samples are the first ones of the uncut run
    with the same seed; its p-values are over the samples drawn (how many
    are drawn depends on the machine's speed, not on the figures). Before
    anything is counted, the work is bounded from the degrees alone (which
    every sample keeps): ``walk_bound`` is an upper bound on the walks of
    three legs among the companies that both pay and are paid, in the real
    graph and in any sample, and so on the size of the matrices. Above
    :data:`WALK_LIMIT` the test is not run (``stopped_by: "size"``, no
    samples, no statistics) and says so.
"""

from __future__ import annotations

import statistics
import time
from itertools import accumulate

import networkx as nx
import numpy as np

from ..network import money_view
from ..quantities import totals_dict
from .counting import counted_amounts, shared
from .loops import reported_figure

#: Swap attempts per link of the money view in each sample.
SWAPS_PER_LINK = 10
#: Samples when none are asked for.
SAMPLES = 200
#: Below this p-value the report calls the loops more than chance.
LEVEL = 0.05
#: Longest cycle counted, in legs (the circular flows analysis looks for the same).
MAX_LENGTH = 5
#: Seconds the test may spend before it stops drawing samples.
TIME_LIMIT = 5.0
#: Up to this many companies the matrices are dense (see :func:`_adjacency`).
DENSE_UP_TO = 40
#: Most walks of three legs (bounded from the degrees) the test takes on.
WALK_LIMIT = 20_000_000

STATISTICS = ("cycles", "money on loops (USD)")


def significance(projection: nx.MultiDiGraph, samples: int = SAMPLES, seed: int = 0, max_length: int = MAX_LENGTH,
                 time_limit: float | None = TIME_LIMIT) -> dict:
    """The observed circular flows against ``samples`` degree-preserving randomisations.

    Parameters
    ----------
    projection : networkx.MultiDiGraph
        From :func:`kg.network.project`.
    samples : int
        How many randomised graphs to draw (at least 1).
    seed : int
        Seeds the randomisation; the same seed gives the same samples.
    max_length : int
        The longest cycle counted, in legs (2 to :data:`MAX_LENGTH`).
    time_limit : float or None
        Seconds after which no more samples are drawn (None: no limit).

    Returns
    -------
    dict
        ``samples`` (drawn: the p-values are over these), ``samples_asked``,
        ``seed``, ``swaps_per_link``, ``max_length``, ``time_limit``,
        ``links`` and ``companies`` (of the money view), ``walk_bound`` and
        ``walk_limit``, ``cut`` and ``stopped_by`` (``"time"``, ``"size"`` or
        ``None``), ``cycles_by_length`` (the real graph's count per length)
        and ``statistics``: one dict per statistic with ``name``,
        ``observed``, ``mean``, ``sd``, ``z``, ``at_least_as_high``
        (samples), ``p_value`` and ``null`` (each sample's figure, in
        order); no statistics when the size stopped the test.

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> result = significance(project(example_graph()), samples=20, seed=1)
    >>> cycles = result["statistics"][0]
    >>> cycles["observed"], cycles["p_value"], cycles["z"], result["cut"]
    (1, 1.0, None, False)
    """
    if samples < 1:
        raise ValueError("significance needs at least one sample")
    if not 2 <= max_length <= MAX_LENGTH:
        raise ValueError(f"significance counts cycles of 2 to {MAX_LENGTH} legs, not {max_length}")
    started = time.monotonic()
    view = money_view(projection)
    index = {node: number for number, node in enumerate(sorted(view.nodes))}
    links = sorted(view.edges(data="deals"))
    payers = [index[a] for a, _b, _deals in links]
    payees = [index[b] for _a, b, _deals in links]
    core = _Core(payers, payees, len(index))
    result = {
        "samples": 0, "samples_asked": samples, "seed": seed, "swaps_per_link": SWAPS_PER_LINK,
        "max_length": max_length, "time_limit": time_limit, "links": len(links), "companies": len(index),
        "walk_bound": core.walk_bound, "walk_limit": WALK_LIMIT, "cut": False, "stopped_by": None,
        "cycles_by_length": {}, "statistics": [],
    }
    if core.walk_bound > WALK_LIMIT:
        return {**result, "cut": True, "stopped_by": "size"}
    core.figures = np.asarray(_figures(projection, links), dtype=float)
    by_length, money = core.measure(payees, max_length)
    rng = np.random.default_rng(seed)
    nulls = []
    while len(nulls) < samples:
        counts, null_money = core.measure(_rewired(payers, payees, len(index), rng), max_length)
        nulls.append((sum(counts.values()), null_money))
        if time_limit is not None and time.monotonic() - started >= time_limit and len(nulls) < samples:
            result.update(cut=True, stopped_by="time")
            break
    observed = (sum(by_length.values()), money)
    result.update(samples=len(nulls), cycles_by_length=by_length,
                  statistics=[_compare(name, observed[i], [n[i] for n in nulls]) for i, name in enumerate(STATISTICS)])
    return result


def _figures(projection: nx.MultiDiGraph, links: list[tuple]) -> list[float]:
    """Each link's money in US dollars as reported, as the circular flows analysis reports a leg's."""
    deals = projection.graph["deals"]
    amounts = counted_amounts(deals)
    return [reported_figure(totals_dict(amounts[d] for d in ids if amounts[d] is not None and not shared(deals[d])).get("USD"))
            for _a, _b, ids in links]


class _Core:
    """The links of the money view among the companies that can be on a cycle: those that pay and are paid.

    Every sample keeps each company's degrees, so the same companies, and
    only they, can be on a cycle in every sample; a link to or from any
    other company is on none and is left out of the matrices.
    """

    def __init__(self, payers: list[int], payees: list[int], companies: int):
        self.payers = np.asarray(payers, dtype=np.int64)
        self.figures = np.zeros(len(payers))  # each link's money, set once the size is known to be within the limit
        outs = np.bincount(self.payers, minlength=companies)
        ins = np.bincount(np.asarray(payees, dtype=np.int64), minlength=companies)
        inside = (outs > 0) & (ins > 0)
        self.number = np.where(inside, np.cumsum(inside) - 1, -1)  # a company's row in the matrices, -1 if none
        self.size = int(inside.sum())
        self.walk_bound = _walk_bound(np.where(inside, outs, 0).tolist(), np.where(inside, ins, 0).tolist())

    def measure(self, payees: list[int], max_length: int) -> tuple[dict[int, int], float]:
        """Cycles per length and money on loops when link ``i`` runs from ``payers[i]`` to ``payees[i]``."""
        rows, columns = self.number[self.payers], self.number[np.asarray(payees, dtype=np.int64)]
        kept = (rows >= 0) & (columns >= 0)
        return _figures_of(rows[kept].tolist(), columns[kept].tolist(), self.figures[kept], self.size, max_length)


def _walk_bound(outs: list[int], ins: list[int]) -> int:
    """An upper bound, from the degrees alone, on the walks of three legs (see the module docstring).

    The walks ``u → v → w → x`` through ``v`` number at most the in-degree
    of ``v`` times the sum of the largest out-degrees, one per link out of
    ``v``; every sample keeps the degrees, so the bound holds for each.
    """
    largest = [0, *accumulate(sorted(outs, reverse=True))]
    return sum(i * largest[o] for i, o in zip(ins, outs))


def _rewired(payers: list[int], payees: list[int], companies: int, rng: np.random.Generator) -> list[int]:
    """The payees after one degree-preserving rewiring; link ``i`` stays with payer ``payers[i]`` and its deals."""
    current = list(payees)
    count = len(current)
    if count < 2:
        return current
    present = {a * companies + b for a, b in zip(payers, current)}
    firsts, seconds = rng.integers(count, size=(2, SWAPS_PER_LINK * count)).tolist()
    for i, j in zip(firsts, seconds):
        a, b, c, d = payers[i], current[i], payers[j], current[j]
        # i == j or a == c is refused too: the link a → d (or c → b) is then already there.
        if a == d or c == b or a * companies + d in present or c * companies + b in present:
            continue
        present -= {a * companies + b, c * companies + d}
        present |= {a * companies + d, c * companies + b}
        current[i], current[j] = d, b
    return current


def _figures_of(payers: list[int], payees: list[int], figures: np.ndarray, companies: int,
                max_length: int) -> tuple[dict[int, int], float]:
    """Cycles per length (2 to ``max_length``) and money on loops of the money view made of these links."""
    if not payers:
        return dict.fromkeys(range(2, max_length + 1), 0), 0.0
    adjacency = _adjacency(payers, payees, companies)
    two = adjacency @ adjacency
    round_trips = two.diagonal()  # r: the companies each one both pays and is paid by
    counts = {2: int(round_trips.sum()) // 2}
    three = two @ adjacency if max_length >= 3 else None
    if max_length >= 3:
        counts[3] = int(three.diagonal().sum()) // 3
    if max_length >= 4:
        closed = int((two * two.T).sum())
        counts[4] = (closed - 2 * int((round_trips**2).sum()) + int(round_trips.sum())) // 4
    if max_length >= 5:
        closed = int((three * two.T).sum())
        doubled = int((adjacency * adjacency.T * two).sum())
        counts[5] = closed // 5 - int((round_trips * three.diagonal()).sum()) + doubled
    return counts, float(figures[_on_loops(adjacency, two, three, payers, payees, max_length)].sum())


def _adjacency(payers: list[int], payees: list[int], companies: int):
    """The 0/1 integer matrix of who pays whom: dense up to :data:`DENSE_UP_TO` companies, else sparse.

    Dense products of a small matrix cost microseconds where sparse ones
    cost their bookkeeping; integers keep every count exact and keep the
    products off BLAS, whose threads crawl on a busy machine.
    """
    if companies <= DENSE_UP_TO:
        adjacency = np.zeros((companies, companies), dtype=np.int64)
        adjacency[payers, payees] = 1
        return adjacency
    from scipy import sparse

    return sparse.csr_array((np.ones(len(payers), dtype=np.int64), (payers, payees)), shape=(companies, companies))


def _on_loops(adjacency, two, three, payers: list[int], payees: list[int], max_length: int) -> np.ndarray:
    """Which links ``u → v`` lie on a cycle of at most ``max_length`` legs: ``v`` reaches ``u`` within ``max_length - 1``."""
    back = (np.asarray(payees), np.asarray(payers))
    reach = np.asarray(adjacency[back]).ravel() > 0
    if max_length >= 3:
        reach |= np.asarray(two[back]).ravel() > 0
    if max_length >= 4:
        reach |= np.asarray(three[back]).ravel() > 0
    if max_length >= 5:
        # four legs: a stop w with two legs v → w and two legs w → u
        into = two.T if isinstance(two, np.ndarray) else two.T.tocsr()
        reach |= np.asarray((two[back[0]] * into[back[1]]).sum(axis=1)).ravel() > 0
    return reach


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
    >>> result = {"samples": 99, "samples_asked": 99, "seed": 0, "max_length": 5, "cut": False, "statistics": [
    ...     {"name": "cycles", "observed": 3, "mean": 1.5, "sd": 0.5, "z": 3.0, "at_least_as_high": 0, "p_value": 0.01},
    ...     {"name": "money on loops (USD)", "observed": 0.0, "mean": 0.0, "sd": 0.0, "z": None,
    ...      "at_least_as_high": 99, "p_value": 1.0}]}
    >>> print(significance_text(result))  # doctest: +NORMALIZE_WHITESPACE
    We compared the graph with 99 random versions of it (seed 0) in which every company keeps how many
    companies it pays and how many pay it, counting in each, exactly, the circular flows of 2 to 5 legs
    and the money on the links that lie on one. The graph has 3 circular flows; the random versions have
    1.5 on average (standard deviation 0.5, z = 3.00). A count this high or higher came up in 0 of 99
    random versions (p = 0.01): more loops than chance alone would give. Money on loops (USD): $0 in the
    graph against $0 on average (every random version gives the same figure); p = 1: no more than chance
    would give.
    """
    from ..quantities import write_number

    if result.get("stopped_by") == "size":
        return (f"The test against random versions of the graph was not run: the money view allows up to "
                f"{result['walk_bound']:,} walks of three legs, more than the test's limit of {result['walk_limit']:,}.")
    cycles, money = result["statistics"]
    verdict = {True: "more loops than chance alone would give", False: "no more loops than chance alone would give"}
    lines = [
        f"We compared the graph with {result['samples']} random versions of it (seed {result['seed']}) in which every "
        f"company keeps how many companies it pays and how many pay it, counting in each, exactly, the circular flows "
        f"of 2 to {result['max_length']} legs and the money on the links that lie on one.",
        f"The graph has {cycles['observed']:,} circular flows; the random versions have {_count(cycles['mean'])} on average "
        f"({_spread(cycles)}).",
        f"A count this high or higher came up in {cycles['at_least_as_high']} of {result['samples']} random versions "
        f"(p = {cycles['p_value']:.3g}): {verdict[cycles['p_value'] < LEVEL]}.",
        f"Money on loops (USD): {write_number(money['observed'], 'USD')} in the graph against "
        f"{write_number(round(money['mean']), 'USD')} on average ({_spread(money, 'USD')}); p = {money['p_value']:.3g}: "
        + ("more than chance would give." if money["p_value"] < LEVEL else "no more than chance would give."),
    ]
    if result.get("stopped_by") == "time":
        lines.append(f"The test stopped at its time limit of {result['time_limit']:g} s after {result['samples']} of the "
                     f"{result['samples_asked']} random versions asked for; the figures are over those {result['samples']}.")
    if 1 / (1 + result["samples"]) >= LEVEL:
        lines.append(f"With {result['samples']} random version{'' if result['samples'] == 1 else 's'} p cannot fall below 1/{1 + result['samples']}, so this "
                     f"test cannot find more than chance at the {LEVEL:g} level.")
    return " ".join(lines)


def _spread(statistic: dict, unit: str | None = None) -> str:
    if statistic["z"] is None:
        return "every random version gives the same figure"
    from ..quantities import write_number

    sd = _count(statistic["sd"]) if unit is None else write_number(round(statistic["sd"]), unit)
    return f"standard deviation {sd}, z = {statistic['z']:.2f}"


def _count(figure: float) -> str:
    """A mean or spread of counts: three significant digits, whole numbers from a thousand up.

    Examples
    --------
    >>> _count(1.3333), _count(403636.0), _count(42.43)
    ('1.33', '403,636', '42.4')
    """
    return f"{figure:,.0f}" if abs(figure) >= 1000 else f"{figure:.3g}"
