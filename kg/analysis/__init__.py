"""The analyses: one module each, a function that takes the projection and returns plain data.

Each takes the :class:`networkx.MultiDiGraph` of :func:`kg.network.project`
and returns lists and dicts of strings and numbers, ready for JSON.
:data:`ANALYSES` names them for ``kg analyze`` and the report, in report
order; modules are imported only when run.
"""

from __future__ import annotations

import importlib

#: analysis name -> "module:function", in the order the report shows them.
ANALYSES = {
    "money-flows": "kg.analysis.money_flows:money_flows",
    "circular-flows": "kg.analysis.circular_flows:circular_flows",
    "promised-or-paid": "kg.analysis.promised:promised_or_paid",
    "supplier-dependence": "kg.analysis.supplier_dependence:supplier_dependence",
    "centrality": "kg.analysis.centrality:centrality",
    "capacity": "kg.analysis.capacity:capacity",
    "compute": "kg.analysis.compute_units:compute_units",
    "timeline": "kg.analysis.timeline:timeline",
}


def run_analyses(projection, names=None, options: dict[str, dict] | None = None) -> dict[str, object]:
    """Run the named analyses (all by default) on a projection; name -> result, in :data:`ANALYSES` order.

    ``options`` maps an analysis name to keyword arguments of its function
    (``{"circular-flows": {"max_cycles": 100}}``).

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> results = run_analyses(project(example_graph()), ["timeline", "circular-flows"])
    >>> list(results), len(results["circular-flows"])
    (['circular-flows', 'timeline'], 1)
    """
    from ..bulk import collector_paused, shared_results

    wanted = list(ANALYSES) if names is None else [n for n in ANALYSES if n in set(names)]
    results = {}
    # The analyses make many short-lived objects beside a projection of millions: reference counting frees them.
    # They share the views and cycles they derive from the projection (they only read them).
    with collector_paused(), shared_results():
        for name in wanted:
            module, function = ANALYSES[name].split(":")
            results[name] = getattr(importlib.import_module(module), function)(projection, **(options or {}).get(name, {}))
    return results


def scoped_projection(graph: Graph, as_of: date | str | None = None, min_status: str | None = None,
                      min_evidence: str | None = None, min_stage: str | None = None):
    """The projection of ``graph`` as known on ``as_of``, without the deals below the minimums given.

    Examples
    --------
    >>> from kg.synthetic import example_graph
    >>> sorted(scoped_projection(example_graph(), min_stage="committed").graph["deals"])
    ['alpha-compute']
    """
    from ..network import project
    from ..days import as_day
    from ..snapshot import snapshot
    from ..stages import keep_stages

    day = as_day(as_of)
    if day is not None or min_status is not None or min_evidence is not None:
        graph = snapshot(graph, as_of=day, min_status=min_status, min_evidence=min_evidence)
    projection = project(graph)
    return projection if min_stage is None else keep_stages(projection, min_stage)
