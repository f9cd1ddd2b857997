"""The interactive HTML page: graph -> nodes and edges -> one self-contained file.

:func:`kg.page.elements.page_elements` turns the RDF graph into plain nodes and
edges with their facts; :mod:`kg.page.select` narrows them (a neighbourhood,
some edge kinds); :mod:`kg.page.style` gives them colours, shapes and sizes;
:mod:`kg.page.html` writes the page with vis-network inlined, so it works
offline and loads nothing from any host; above 1,500 nodes or 5,000 edges it
writes the WebGL page of :mod:`kg.page.webgl` instead (sigma.js and graphology,
vendored in ``kg/page/vendor/``, positions laid out in Python by igraph).
"""

from __future__ import annotations

import html as html_text
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .elements import PageEdge, PageNode

#: Edge kinds in legend order (here, free of heavy imports, so the CLI can offer them cheaply).
EDGE_KINDS = ("investment", "compute", "hardware", "partnership", "stake", "relation")


@dataclass(frozen=True, repr=False)
class Page:
    """The interactive HTML page of a graph: one self-contained file that loads nothing from any host.

    In Jupyter a ``Page`` shows itself inline, in an iframe that holds the
    whole page (so it displays wherever the notebook runs, without serving
    the file).

    Attributes
    ----------
    html : str
        The page.
    nodes, edges : list
        What it draws (:class:`kg.page.elements.PageNode`, :class:`~kg.page.elements.PageEdge`).
    path : Path or None
        Where it was written, if it was.
    """

    html: str
    nodes: list[PageNode]
    edges: list[PageEdge]
    path: Path | None = None

    def write(self, path: Path | str) -> Page:
        """Write the page to ``path`` (atomically); the same page, with its ``path``."""
        from ..rdf.serialize import write_atomic

        write_atomic(Path(path), self.html.encode("utf-8"))
        return replace(self, path=Path(path))

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html_text.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            'style="width: 100%; height: 640px; border: 1px solid #ddd"></iframe>'
        )

    def __repr__(self) -> str:
        where = f", {self.path}" if self.path else ""
        return f"<Page: {len(self.nodes)} nodes, {len(self.edges)} edges{where}>"
