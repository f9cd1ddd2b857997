"""Hubs of the AI compute race: PageRank on the money view, betweenness on the deal view.

- PageRank runs on :func:`kg.network.money_view` (directed, payer to payee,
  each edge weighted by its number of deals): a company ranks high when money
  flows to it from companies that money flows to. Amounts are not weights,
  because many are ranges, bounds or not stated.
- Betweenness runs on :func:`kg.network.deal_view` (undirected, any counted
  deal between two parties): a company ranks high when it lies on the
  shortest paths between others, a broker. It is exact up to
  :data:`EXACT_BETWEENNESS_LIMIT` nodes; above that it samples
  :data:`BETWEENNESS_SAMPLES` source nodes with a fixed seed
  (:data:`BETWEENNESS_SEED`), so the result stays the same run to run.
"""

from __future__ import annotations

import networkx as nx

from ..network import deal_view, money_view

#: Largest deal view whose betweenness is computed exactly (all-pairs shortest paths).
EXACT_BETWEENNESS_LIMIT = 1000
#: Sampled source nodes (networkx's ``k``) above that size.
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
        deal), ``betweenness`` (normalised, 0 to 1), sorted by PageRank, then
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
    betweenness = nx.betweenness_centrality(deals, normalized=True, **_sampling(deals))
    rows = []
    for node in sorted(deals):
        attrs = projection.nodes[node]
        rows.append({
            "id": node,
            "label": attrs["label"],
            "cls": attrs["cls"],
            "pagerank": round(pagerank.get(node, 0.0), DIGITS),
            "betweenness": round(betweenness.get(node, 0.0), DIGITS),
        })
    rows.sort(key=lambda row: (-row["pagerank"], -row["betweenness"], row["id"]))
    return rows


def _sampling(view: nx.Graph) -> dict:
    if len(view) <= EXACT_BETWEENNESS_LIMIT:
        return {}
    return {"k": BETWEENNESS_SAMPLES, "seed": BETWEENNESS_SEED}
