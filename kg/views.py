"""The analysts' views of a graph: the projection, the analyses, are the loops chance, flat tables, what changed;
re-exported by :mod:`kg.api`.

:func:`project` is the one way the API narrows a graph (as of a day, a least
status, evidence or stage) and turns it into the networkx graph the analyses
read; :func:`analyze` and :func:`significance` take that projection, so one
projection serves many calls, or a graph, which they project themselves. Heavy
libraries are imported inside the functions, so importing :mod:`kg.api` stays light.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from .analysis import scoped_projection

if TYPE_CHECKING:  # pragma: no cover - typing only
    import networkx as nx
    from rdflib import Graph


def project(graph: Graph, *, as_of: date | str | None = None, min_status: str | None = None,
            min_evidence: str | None = None, min_stage: str | None = None) -> nx.MultiDiGraph:
    """The projection of ``graph`` the analyses read: things as nodes, deals and relations as edges.

    A :class:`networkx.MultiDiGraph` (:func:`kg.network.project`) that
    :func:`analyze` and :func:`significance` accept in place of the graph, so
    that several calls share one projection. It is a copy: a later change to
    ``graph`` is not in it (project again).

    Parameters
    ----------
    graph : rdflib.Graph
        Read, never changed.
    as_of : date or ``YYYY-MM-DD``, optional
        Only deals announced by this day: the graph as it was known then.
    min_status, min_evidence : str, optional
        Drop deals less settled than this status (``rumoured`` < ... < ``closed``, see
        :data:`kg.rdf.terms.STATUSES`) or with weaker evidence (``weak`` < ``reported`` < ``announced``).
    min_stage : str, optional
        Drop deals whose money is less settled (``intended`` < ... < ``paid``, :mod:`kg.stages`).

    Examples
    --------
    >>> from kg import build
    >>> projection = project(build(MINI))
    >>> sorted(projection.graph["deals"])
    ['alpha-bigcloud-compute', 'alpha-chipco-partnership', 'bigcloud-alpha-investment', 'bigcloud-alpha-stake']
    >>> sorted(project(build(MINI), as_of="2025-03-31").graph["deals"])
    ['alpha-bigcloud-compute', 'bigcloud-alpha-investment']
    """
    return scoped_projection(graph, as_of, min_status, min_evidence, min_stage)


def _projection(data: Any, scope: dict):
    """``data`` if it is a projection (then ``scope`` must be empty: it was applied by :func:`project`), else its projection."""
    import networkx as nx

    if isinstance(data, nx.Graph):
        given = sorted(name for name, value in scope.items() if value is not None)
        if given:
            raise ValueError(f"{given[0]} narrows the graph before it is projected: give it to project(), not with a projection")
        return data
    return scoped_projection(data, **scope)


def analyze(
    graph: Graph | nx.MultiDiGraph,
    names: str | Iterable[str] | None = None,
    *,
    as_of: date | str | None = None,
    min_status: str | None = None,
    min_evidence: str | None = None,
    min_stage: str | None = None,
    max_cycles: int | None = None,
    cycle_seconds: float | None = None,
) -> dict[str, Any]:
    """Run the analyses of ``kg analyze``; a dict of analysis name to its result, in report order.

    Parameters
    ----------
    graph : rdflib.Graph or networkx.MultiDiGraph
        An RDF graph (read, never changed), or its projection from :func:`project`,
        which many calls can share (then scope it there, not here).
    names : str or iterable of str, optional
        One analysis (``money-flows``, ``circular-flows``, ``promised-or-paid``,
        ``supplier-dependence``, ``centrality``, ``capacity``, ``compute``, ``timeline``),
        several, or all (None).
    as_of, min_status, min_evidence, min_stage : optional
        Narrow an RDF graph first, as :func:`project` does.
    max_cycles, cycle_seconds : optional
        Circular flows: the most cycles listed and the seconds the search may take
        (:data:`kg.analysis.circular_flows.MAX_CYCLES`, :data:`~kg.analysis.circular_flows.TIME_LIMIT`).

    Returns
    -------
    dict
        Name -> result, plain data as ``kg analyze --format json`` prints it, even for one name.
        Circular flows are a :class:`kg.analysis.circular_flows.Cycles` list, whose ``search`` says
        whether the list was cut at its budget and how many cycles were seen.

    Raises
    ------
    ValueError
        An unknown analysis, status, evidence or stage; a scope given with a projection.

    Examples
    --------
    >>> from kg import build
    >>> g = build(MINI)
    >>> [cycle] = analyze(g, "circular-flows")["circular-flows"]
    >>> cycle["leaves"]["USD"]["high"], cycle["returns"]["USD"]["exact"]
    (2000000000, 6000000000)
    >>> analyze(g, "circular-flows", as_of="2025-02-28")
    {'circular-flows': []}
    >>> analyze(g, "circular-flows", max_cycles=0)["circular-flows"].search["cut"]
    True
    >>> projection = project(g)
    >>> list(analyze(projection, ["timeline", "money-flows"]))
    ['money-flows', 'timeline']
    >>> analyze(projection, "circular-flows") == analyze(g, "circular-flows")
    True
    """
    from .analysis import ANALYSES, run_analyses

    wanted = None if names is None else [names] if isinstance(names, str) else list(names)
    unknown = sorted(set(wanted or ()) - set(ANALYSES))
    if unknown:
        raise ValueError(f"unknown analysis {unknown[0]!r} (known: {', '.join(ANALYSES)})")
    projection = _projection(graph, {"as_of": as_of, "min_status": min_status, "min_evidence": min_evidence,
                                     "min_stage": min_stage})
    budget = {k: v for k, v in {"max_cycles": max_cycles, "time_limit": cycle_seconds}.items() if v is not None}
    return run_analyses(projection, wanted, {"circular-flows": budget})


def significance(graph: Graph | nx.MultiDiGraph, *, samples: int = 200, seed: int = 0, as_of: date | str | None = None,
                 min_status: str | None = None, min_evidence: str | None = None, min_stage: str | None = None,
                 time_limit: float | None = 5.0) -> dict:
    """Are the circular flows more than chance? See :func:`kg.analysis.significance.significance`.

    Compares the count of circular flows and the money on the links that lie
    on them, both counted exactly, with ``samples`` seeded, degree-preserving
    randomisations of the money view (fewer when the test's time limit stops
    it, which the result says); the result holds z-scores, empirical p-values
    and a plain-language ``text``.
    ``graph`` is an RDF graph, narrowed as :func:`project` narrows it, or a projection;
    ``time_limit`` is the seconds after which no more samples are drawn (None: no limit).

    Examples
    --------
    >>> from kg import build
    >>> result = significance(build(MINI), samples=10, seed=3)
    >>> [(s["name"], s["observed"], s["p_value"]) for s in result["statistics"]][0]
    ('cycles', 1, 1.0)
    """
    from .analysis.significance import significance as test, significance_text

    scope = {"as_of": as_of, "min_status": min_status, "min_evidence": min_evidence, "min_stage": min_stage}
    result = test(_projection(graph, scope), samples=samples, seed=seed, time_limit=time_limit)
    result["text"] = significance_text(result)
    return result


def export_tables(graph: Graph, folder: Path | str, *, parquet: bool | None = None) -> list[Path]:
    """Write the graph as flat tables into ``folder``: CSVs, ``datapackage.json``, and Parquet if pyarrow is there.

    See :mod:`kg.flat_tables` for the tables and their columns; ``parquet=True``
    requires pyarrow, ``False`` skips it. Returns the paths written.

    Examples
    --------
    >>> import tempfile
    >>> from kg import build
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     sorted(p.name for p in export_tables(build(MINI), folder, parquet=False))
    ['datapackage.json', 'deal_sources.csv', 'deals.csv', 'parties.csv', 'sources.csv', 'things.csv']
    """
    from .network import project
    from .flat_tables import write_tables

    return write_tables(project(graph), Path(folder), parquet)


def diff(old: Path | str | Graph, new: Path | str | Graph, *, workdir: Path | str | None = None) -> dict:
    """What changed from ``old`` to ``new``: deals added, removed, changed; things and sources added.

    Each side is a graph, a data folder, an RDF file (a built ``graph.ttl``)
    or a git revision of a data folder (``HEAD~1:data``, read in the git
    repository at ``workdir``, by default the current folder). See
    :func:`kg.changes.compare` for the result.

    Examples
    --------
    >>> changes = diff(MINI, MINI)
    >>> changes["deals_added"], changes["deals_changed"]
    ([], [])
    """
    from .changes import compare, graph_of
    from .rdf.files import read_rdf
    from .workspace import curated_graph

    def unchecked(folder: Path, check: bool = False) -> Graph:
        return curated_graph(Path(folder))

    def graph_for(side):
        if isinstance(side, (str, Path)):
            return graph_of(str(side), unchecked, lambda path: read_rdf([Path(path)]),
                            None if workdir is None else Path(workdir))
        return side

    return compare(graph_for(old), graph_for(new))
