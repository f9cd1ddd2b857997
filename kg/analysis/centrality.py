"""Hubs of the AI compute race: PageRank on the money view, betweenness on the deal view.

- PageRank runs on :func:`kg.network.money_view` (directed, payer to payee,
  each edge weighted by its number of deals): a company ranks high when money
  flows to it from companies that money flows to. Amounts are not weights,
  because many are ranges, bounds or not stated.
- Betweenness runs on :func:`kg.network.deal_view` (undirected, any counted
  deal between two parties): a company ranks high when it lies on the
  shortest paths between others, a broker. It is exact (Brandes' algorithm,
  networkit's C++ or networkx's) up to :data:`EXACT_BETWEENNESS_LIMIT` parties. Above that,
  exact costs hours of CPU at a hundred thousand deals, so it is estimated
  by KADABRA (networkit's :class:`~networkit.centrality.KadabraBetweenness`,
  Borassi and Natale 2016), which samples shortest paths until, with
  probability at least 1 - :data:`BETWEENNESS_DELTA`, *every* party's
  figure is within :data:`BETWEENNESS_ERROR` of its exact value (on the
  0-1 scale used here). It runs on one thread with a fixed seed
  (:data:`BETWEENNESS_SEED`), so the same graph gives the same figures.
  Each row says which: ``betweenness_error`` is 0 for an exact figure and
  the bound for an estimate. Without networkit (the ``scale`` extra), the
  estimate is networkx's sampling of :data:`BETWEENNESS_SAMPLES` source
  nodes, which has no such bound (``betweenness_error`` is ``None``).
"""

from __future__ import annotations

import networkx as nx

from ..network import deal_view, money_view

#: Largest deal view whose betweenness is computed exactly (all-pairs shortest paths).
EXACT_BETWEENNESS_LIMIT = 1000
#: Up to this many parties networkx's exact betweenness is quicker than importing networkit (over a second).
SMALL_VIEW = 300
#: The estimate's bound on every party's absolute error (0-1 scale), and the chance it may be exceeded.
BETWEENNESS_ERROR = 0.005
BETWEENNESS_DELTA = 0.1
#: Sampled source nodes (networkx's ``k``) when networkit is not installed.
BETWEENNESS_SAMPLES = 500
#: The sampling seed, fixed so the same graph gives the same figures.
BETWEENNESS_SEED = 0
#: Figures are rounded to this many decimals, so the output is the same whatever the summation order.
DIGITS = 6


def centrality(projection: nx.MultiDiGraph) -> list[dict]:
    """PageRank and betweenness of every party to a counted deal, hubs first.

    Parameters
    ----------
    projection : networkx.MultiDiGraph
        From :func:`kg.network.project`.

    Returns
    -------
    list of dict
        ``id``, ``label``, ``cls``, ``pagerank`` (0 for a party to no money
        deal), ``betweenness`` (normalised, 0 to 1) and ``betweenness_error``
        (0 when exact, else the bound on its error), sorted by PageRank, then
        betweenness, then id.

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> rows = centrality(project(example_graph()))
    >>> [(row["id"], row["betweenness"]) for row in rows]
    [('bigcloud', 1.0), ('alpha-ai', 0.0), ('chipco', 0.0)]
    >>> round(sum(row["pagerank"] for row in rows), 3)
    1.0
    """
    money = money_view(projection)
    deals = deal_view(projection)
    pagerank = nx.pagerank(money, weight="weight") if len(money) else {}
    betweenness, error = _betweenness(deals)
    rows = []
    for node in sorted(deals):
        attrs = projection.nodes[node]
        rows.append({
            "id": node,
            "label": attrs["label"],
            "cls": attrs["cls"],
            "pagerank": round(pagerank.get(node, 0.0), DIGITS),
            "betweenness": round(betweenness.get(node, 0.0), DIGITS),
            "betweenness_error": error,
        })
    rows.sort(key=lambda row: (-row["pagerank"], -row["betweenness"], row["id"]))
    return rows


def _betweenness(view: nx.Graph) -> tuple[dict, float | None]:
    """Betweenness of each party and the bound on its error (see the module docstring)."""
    if len(view) <= SMALL_VIEW:
        return nx.betweenness_centrality(view, normalized=True), 0.0
    try:
        nk = networkit()
    except ImportError:
        if len(view) <= EXACT_BETWEENNESS_LIMIT:
            return nx.betweenness_centrality(view, normalized=True), 0.0
        sampled = nx.betweenness_centrality(view, normalized=True, k=BETWEENNESS_SAMPLES, seed=BETWEENNESS_SEED)
        return sampled, None
    nodes = sorted(view)
    if len(nodes) < 3:
        return dict.fromkeys(nodes, 0.0), 0.0
    position = {node: i for i, node in enumerate(nodes)}
    graph = nk.Graph(len(nodes), weighted=False, directed=False)
    for u, v in view.edges:
        graph.addEdge(position[u], position[v])
    if len(nodes) <= EXACT_BETWEENNESS_LIMIT:
        exact = nk.centrality.Betweenness(graph, normalized=True)  # the same figures as networkx's, in C++
        exact.run()
        return dict(zip(nodes, exact.scores())), 0.0
    threads = nk.getMaxNumberOfThreads()
    nk.setNumberOfThreads(1)  # KADABRA is repeatable only on one thread
    nk.engineering.setSeed(BETWEENNESS_SEED, False)
    try:
        # KADABRA's figures are networkx's normalised ones times 2(n-2)/n, and so is its error.
        scale = 2 * (len(nodes) - 2) / len(nodes)
        kadabra = nk.centrality.KadabraBetweenness(graph, BETWEENNESS_ERROR * scale, BETWEENNESS_DELTA)
        kadabra.run()
        scores = kadabra.scores()
    finally:
        nk.setNumberOfThreads(threads)
    return {node: scores[position[node]] / scale for node in nodes}, BETWEENNESS_ERROR


def networkit():
    """The networkit module, imported without its plotting and profiling parts when pyplot is not loaded yet.

    networkit imports them when ``matplotlib.pyplot`` imports (they pull in matplotlib and pandas:
    about 0.85 of the 1.3 CPU seconds of ``import networkit``); betweenness needs neither. While
    networkit is first imported, ``matplotlib.pyplot`` reads as missing; afterwards it imports as usual.
    """
    import sys

    blocked = "matplotlib.pyplot" not in sys.modules and "networkit" not in sys.modules
    if blocked:
        sys.modules["matplotlib.pyplot"] = None  # an import of it raises ImportError, which networkit expects
    try:
        import networkit as nk
    finally:
        if blocked and sys.modules.get("matplotlib.pyplot", False) is None:
            del sys.modules["matplotlib.pyplot"]
    return nk
