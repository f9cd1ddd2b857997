"""The analysts' views of a graph beyond ``kg analyze``: are the loops chance, flat tables; re-exported by :mod:`kg.api`.

:func:`scoped_projection` is the one way the API narrows a graph (as of a
day, a least status, evidence or stage) before analysing it. Heavy libraries
are imported inside the functions, so importing :mod:`kg.api` stays light.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph


def day_of(value: date | datetime | str | None) -> date | None:
    """A date from a ``date``, a ``datetime`` or ``YYYY-MM-DD`` text."""
    if value is None or type(value) is date:
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value))


def scoped_projection(graph: Graph, as_of: date | str | None = None, min_status: str | None = None,
                      min_evidence: str | None = None, min_stage: str | None = None):
    """The projection of ``graph`` as known on ``as_of``, without the deals below the minimums given.

    Examples
    --------
    >>> from kg.network import example_graph
    >>> sorted(scoped_projection(example_graph(), min_stage="committed").graph["deals"])
    ['alpha-compute']
    """
    from .network import project
    from .snapshot import snapshot
    from .stages import keep_stages

    day = day_of(as_of)
    if day is not None or min_status is not None or min_evidence is not None:
        graph = snapshot(graph, as_of=day, min_status=min_status, min_evidence=min_evidence)
    projection = project(graph)
    return projection if min_stage is None else keep_stages(projection, min_stage)


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

    See :mod:`kg.tables` for the tables and their columns; ``parquet=True``
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
    from .tables import write_tables

    return write_tables(project(graph), Path(folder), parquet)
