"""The analysts' views of a graph beyond ``kg analyze``: are the loops chance, flat tables; re-exported by :mod:`kg.api`.

:func:`kg.analysis.scoped_projection` is the one way the API narrows a
graph (as of a day, a least status, evidence or stage) before analysing it. Heavy libraries
are imported inside the functions, so importing :mod:`kg.api` stays light.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .analysis import scoped_projection

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph


def significance(graph: Graph, *, samples: int = 200, seed: int = 0, as_of: date | str | None = None,
                 min_status: str | None = None, min_evidence: str | None = None, min_stage: str | None = None) -> dict:
    """Are the circular flows more than chance? See :func:`kg.analysis.significance.significance`.

    Compares the count of circular flows and the money they return with
    ``samples`` seeded, degree-preserving randomisations of the money view;
    the result holds z-scores, empirical p-values and a plain-language ``text``.

    Examples
    --------
    >>> from kg import build
    >>> result = significance(build(MINI), samples=10, seed=3)
    >>> [(s["name"], s["observed"], s["p_value"]) for s in result["statistics"]][0]
    ('cycles', 1, 1.0)
    """
    from .analysis.significance import significance as test, significance_text

    result = test(scoped_projection(graph, as_of, min_status, min_evidence, min_stage), samples=samples, seed=seed)
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
