"""The page for big graphs: positions laid out in Python, drawn by sigma.js (WebGL) on graphology.

vis-network lays a graph out in the browser and draws it on a 2D canvas:
5,000 nodes took 20 s to settle in headless Chromium. Above :data:`WEBGL_NODES`
nodes or :data:`WEBGL_EDGES` edges ``kg render`` writes this page instead:
igraph lays the graph out here (seeded, so the same data gives the same
picture), and sigma.js 3 draws the fixed positions with WebGL, showing labels
by zoom (its label grid keeps them from overlapping). The page has the same
legend, search, kind filters, provenance tooltips and click-to-focus as the
small page, and the same rules: one file, nothing loaded from any host, data
as JSON in a script element that never runs, every text put into the page as
DOM text. As on the small page, parallel deals of one kind between the same
two things are one line whose facts list each deal (:mod:`kg.page.lines`). A
big page draws its things first and its lines just after; the facts behind
tooltips sit in a second data element, parsed on the first hover or click
(benchmarks/RESULTS.md says why). Scripts reach the graph through the globals
``graph`` (the graphology ``MultiDirectedGraph``, with every line once the
page's ``data-settled`` is set; a line of several deals has their number as
its ``deals`` attribute) and ``renderer`` (the ``Sigma`` instance).

sigma.js and graphology are vendored in ``kg/page/vendor/`` (see its README).
"""

from __future__ import annotations

import random
from collections import Counter
from importlib import resources

from markupsafe import Markup

from .elements import PageElements
from .lines import page_lines
from .select import announcement_days
from .style import EDGE_STYLES, NODE_STYLES, edge_width, node_sizes

#: Above this many nodes, or :data:`WEBGL_EDGES` edges, ``kg render`` writes the WebGL page.
WEBGL_NODES = 1500
WEBGL_EDGES = 5000

#: The vendored builds, inlined in this order (graphology first: sigma draws a graphology graph).
_VENDOR = ("graphology-0.26.0/graphology.umd.min.js", "sigma-3.0.3/sigma.min.js")

LAYOUT_SEED = 20251118


def wants_webgl(node_count: int, edge_count: int) -> bool:
    """Whether a graph of this size gets the WebGL page.

    Examples
    --------
    >>> wants_webgl(1500, 5000), wants_webgl(1501, 0), wants_webgl(10, 5001)
    (False, True, True)
    """
    return node_count > WEBGL_NODES or edge_count > WEBGL_EDGES


def webgl_assets() -> str:
    """The vendored graphology and sigma.js builds, as one script's text."""
    vendor = resources.files("kg.page") / "vendor"
    parts = []
    for name in _VENDOR:
        text = (vendor / name).read_text(encoding="utf-8")
        # Inlined code must not end its own element early.
        if "</script" in text.lower():
            raise RuntimeError(f"kg/page/vendor/{name} cannot be inlined (contains a closing tag)")
        parts.append(text)
    return ";\n".join(parts)


def layout(elements: PageElements, seed: int = LAYOUT_SEED) -> dict[str, tuple[float, float]]:
    """Node id -> (x, y): a seeded force-directed layout by igraph.

    Fruchterman-Reingold, in igraph's grid variant above 1,000 nodes (repulsion
    only between nearby cells, so an iteration costs about linear time); 500
    iterations up to 3,000 nodes, 200 beyond (about 1 s at 10,000 nodes and
    50,000 edges, 23 s at 100,000 on a busy 2-core machine; igraph's DrL took
    over 200 s at 10,000). Parallel edges count once. Positions are rounded to 0.01 so the page is the same bytes on any
    machine of the same igraph.

    Examples
    --------
    >>> from kg.page.elements import PageEdge, PageNode
    >>> e = PageElements([PageNode(i, i, "Company", {}) for i in "abc"], [PageEdge("a", "b", "stake", {})])
    >>> first, second = layout(e), layout(e)
    >>> first == second and sorted(first)
    ['a', 'b', 'c']
    """
    import igraph

    index = {node.id: i for i, node in enumerate(elements.nodes)}
    pairs = {(min(index[e.source], index[e.target]), max(index[e.source], index[e.target])) for e in elements.edges if e.source != e.target}
    network = igraph.Graph(n=len(index), edges=sorted(pairs))
    if not index:
        return {}
    rng = random.Random(seed)
    # igraph draws its random numbers from Python's random module unless told otherwise.
    igraph.set_random_number_generator(rng)
    try:
        # igraph's own random start spreads the nodes over the grid; a start squeezed into a unit
        # square puts them all in one cell, and the grid variant back to quadratic time.
        niter = 500 if len(index) <= 3000 else 200
        coords = network.layout_fruchterman_reingold(niter=niter, grid="auto").coords
    finally:
        igraph.set_random_number_generator(random)
    return {node.id: (round(x, 2), round(y, 2)) for node, (x, y) in zip(elements.nodes, coords)}


def webgl_payload(elements: PageElements, positions: dict[str, tuple[float, float]]) -> dict:
    """The page's data, compact: nodes and lines as rows, facts and sources as shared tables.

    A node is ``[id, label, class, size, x, y, facts]``, a line (parallel
    deals of one kind between the same two things in the same direction are
    one line, :func:`kg.page.lines.page_lines`) ``[source, target, kind, label,
    width, facts, both_ways, shown_from, deals]`` where ``facts`` indexes
    ``facts``. A facts row is ``[title, subtitle, iri, rows, note, sources]``
    and, for a line of several deals, ``deals`` after them (its list of each
    deal's facts), as rows and not objects (at 100,000 things the keys alone
    were 12 MB of the page); ``sources`` index ``sources`` and ``deals``
    index ``facts`` again: a deal's facts are written once however many
    edges it draws. ``shown_from`` is the earliest announcement among a
    line's deals ("" if one has no date: it always shows), ``deals`` how
    many deals or relations the line draws.

    Examples
    --------
    >>> from kg.page.elements import PageEdge, PageNode
    >>> nodes = [PageNode(i, i.title(), "Company", {"title": i.title(), "sources": []}) for i in ("fund", "lab")]
    >>> deals = [PageEdge("fund", "lab", "investment", {"title": t, "sources": []}, announced=d) for t, d in (("A", "2025-05"), ("B", "2024"))]
    >>> payload = webgl_payload(PageElements(nodes, deals), {"fund": (0, 0), "lab": (1, 1)})
    >>> line = payload["edges"][0]
    >>> len(payload["edges"]), line[3], line[7:]
    (1, '2 deals', ['2024', 2])
    >>> payload["facts"][line[5]][:2], [payload["facts"][i][0] for i in payload["facts"][line[5]][6]]
    (['2 deals: Fund → Lab', 'Investment (money)'], ['A', 'B'])
    """
    sources: dict[tuple, int] = {}
    source_rows: list[dict] = []
    # Keyed by the facts object: page_elements gives all the edges of one deal the same dict.
    facts_index: dict[int, int] = {}
    facts_rows: list[list] = []

    def facts_ref(facts: dict) -> int:
        if id(facts) in facts_index:
            return facts_index[id(facts)]
        refs = []
        for source in facts.get("sources", ()):
            key = (source.get("headline"), source.get("publisher"), source.get("date"), source.get("url"))
            if key not in sources:
                sources[key] = len(source_rows)
                source_rows.append(source)
            refs.append(sources[key])
        row = [facts.get("title", ""), facts.get("subtitle", ""), facts.get("iri", ""), facts.get("rows", []), facts.get("note", ""), refs]
        if "deals" in facts:
            row.append([facts_ref(deal) for deal in facts["deals"]])
        facts_index[id(facts)] = len(facts_rows)
        facts_rows.append(row)
        return facts_index[id(facts)]

    sizes = node_sizes(elements)
    big = len(elements.nodes) > WEBGL_NODES
    nodes = [
        [n.id, n.label, n.cls, round((sizes[n.id] - 8) * (0.35 if big else 0.55), 1), *positions[n.id], facts_ref(n.facts)]
        for n in elements.nodes
    ]
    edges = [
        [line.edge.source, line.edge.target, line.edge.kind, line.edge.label, round(0.4 + edge_width(line.edge) * 0.35, 2),
         facts_ref(line.edge.facts), int(line.edge.both_ways), _shown_from(line.members), len(line.members)]
        for line in page_lines(elements)
    ]
    return {"nodes": nodes, "edges": edges, "facts": facts_rows, "sources": source_rows}


def _shown_from(members: list) -> str:
    """The earliest announcement among a line's deals; "" (always shown) if one of them has no date."""
    dates = [m.announced or "" for m in members]
    return "" if "" in dates else min(dates)


def webgl_context(elements: PageElements) -> dict:
    """What templates/webgl.html needs besides the title, summary and notice: the graph's ``payload`` and the ``facts``
    tables of :func:`webgl_payload`, in two data elements."""
    classes = Counter(node.cls for node in elements.nodes)
    # The legend counts deals and relations, not lines (one line may carry several deals).
    kinds = Counter(edge.kind for edge in elements.edges)
    payload = webgl_payload(elements, layout(elements))
    # The facts are read on the first hover or click, not before the first frame: at 100,000 things they are
    # most of the page's bytes, and parsing them would delay the drawing by seconds.
    facts = {"facts": payload.pop("facts"), "sources": payload.pop("sources")}
    payload["nodeColours"] = {cls: NODE_STYLES.get(cls, NODE_STYLES["Other"]).colour for cls in classes}
    payload["edgeColours"] = {kind: EDGE_STYLES[kind].colour for kind in kinds}
    payload["days"] = announcement_days(elements)
    return {
        "node_legend": [(cls, style, classes[cls]) for cls, style in NODE_STYLES.items() if classes[cls]],
        "edge_legend": [(kind, style, kinds[kind]) for kind, style in EDGE_STYLES.items() if kinds[kind]],
        "payload": payload,
        "facts": facts,
        "webgl_js": Markup(webgl_assets()),
    }
