"""How the page looks: colour and shape by class, colour by edge kind, sizes, widths, physics.

Nodes are sized by degree centrality (how many others a thing is linked to);
edges are as wide as the log of their amount in US dollars. The layout is
seeded and the physics runs a fixed number of iterations, then stops, so the
same data gives the same picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .elements import PageEdge, PageElements


@dataclass(frozen=True)
class NodeStyle:
    """How one class of thing is drawn, and its name in the legend."""

    name: str
    shape: str
    colour: str
    border: str


@dataclass(frozen=True)
class EdgeStyle:
    """How one kind of edge is drawn, and its name in the legend."""

    name: str
    colour: str
    dashes: bool = False


#: Class -> style, in legend order. Shapes are ones vis-network sizes by ``size``.
NODE_STYLES = {
    "Company": NodeStyle("Company", "dot", "#4e79a7", "#2f4b6b"),
    "Person": NodeStyle("Person", "triangle", "#f28e2b", "#a35a12"),
    "Chip": NodeStyle("Chip", "square", "#e15759", "#9c2f31"),
    "SystemPlatform": NodeStyle("System platform", "diamond", "#b07aa1", "#76496b"),
    "CloudService": NodeStyle("Cloud service", "hexagon", "#59a14f", "#356630"),
    "ComputeSite": NodeStyle("Compute site", "triangleDown", "#d4b106", "#8a7200"),
    "AIModel": NodeStyle("AI model", "star", "#76b7b2", "#3f7f7a"),
    "Other": NodeStyle("Other", "dot", "#bab0ac", "#7d7571"),
}

#: Edge kind -> style, in legend order.
EDGE_STYLES = {
    "investment": EdgeStyle("Investment (money)", "#2e7d32"),
    "compute": EdgeStyle("Compute", "#1f5fa8"),
    "hardware": EdgeStyle("Hardware (chips)", "#c62828"),
    "partnership": EdgeStyle("Partnership or licence", "#7b3fa0"),
    "stake": EdgeStyle("Equity stake, warrant or acquisition", "#e07b00"),
    "relation": EdgeStyle("Plain relation", "#9a9a9a", dashes=True),
}

#: Above this many nodes the small page starts with plain relations hidden (their box unticked) and
#: writes a link's figures only around a clicked thing, so the default view stays readable.
BUSY_PAGE = 80

#: Above this many nodes the page says it may be slow and suggests ``--focus``, lays out in fewer
#: iterations and selects rather than dims on click (see benchmarks/page_bench.py).
LARGE_PAGE = 1500

_MIN_SIZE, _SIZE_RANGE = 10.0, 26.0
_NO_AMOUNT_WIDTH = {"relation": 1.0}


def node_sizes(elements: PageElements) -> dict[str, float]:
    """Node id -> drawn size, from 10 (no links) to 36 (the most linked thing).

    Degree centrality counts distinct neighbours, whatever the kind or number of edges.

    Examples
    --------
    >>> from kg.page.elements import PageEdge, PageNode
    >>> e = PageElements([PageNode(i, i, "Company", {}) for i in "abcd"],
    ...                  [PageEdge("a", "b", "stake", {}), PageEdge("a", "c", "stake", {}),
    ...                   PageEdge("a", "b", "investment", {}), PageEdge("b", "c", "relation", {})])
    >>> node_sizes(e)
    {'a': 36.0, 'b': 36.0, 'c': 36.0, 'd': 10.0}
    """
    neighbours: dict[str, set[str]] = {node.id: set() for node in elements.nodes}
    for edge in elements.edges:
        if edge.source != edge.target:
            neighbours.setdefault(edge.source, set()).add(edge.target)
            neighbours.setdefault(edge.target, set()).add(edge.source)
    most = max((len(n) for n in neighbours.values()), default=0) or 1
    return {node.id: round(_MIN_SIZE + _SIZE_RANGE * math.sqrt(len(neighbours[node.id]) / most), 1) for node in elements.nodes}


def edge_width(edge: PageEdge) -> float:
    """1 for $100M or less, 2.5 for $1B, 4 for $10B, 5.5 for $100B, at most 10; 1.5 without an amount.

    Examples
    --------
    >>> from kg.page.elements import PageEdge
    >>> [edge_width(PageEdge("a", "b", "investment", {}, usd=x)) for x in (5e7, 1e9, 1e11, None)]
    [1.0, 2.5, 5.5, 1.5]
    """
    if edge.usd is None or edge.usd <= 0:
        return _NO_AMOUNT_WIDTH.get(edge.kind, 1.5)
    return round(min(10.0, max(1.0, 1.0 + 1.5 * math.log10(edge.usd / 1e8))), 2)


def edge_curves(edges: list[PageEdge]) -> list[dict | None]:
    """For each edge, the vis ``smooth`` option that keeps it apart from the others between the same two nodes.

    The first edge of a pair is straight; the next ones bend to alternate
    sides, further each time. Sides are taken along the pair's sorted
    direction, so an edge and a reverse edge never share a curve.

    Examples
    --------
    >>> from kg.page.elements import PageEdge
    >>> e = [PageEdge("a", "b", "stake", {}), PageEdge("b", "a", "compute", {}), PageEdge("a", "b", "investment", {})]
    >>> [c and (c["type"], c["roundness"]) for c in edge_curves(e)]
    [None, ('curvedCCW', 0.2), ('curvedCCW', 0.2)]
    """
    seen: dict[tuple[str, str], int] = {}
    curves: list[dict | None] = []
    for edge in edges:
        pair = (min(edge.source, edge.target), max(edge.source, edge.target))
        rank = seen.get(pair, 0)
        seen[pair] = rank + 1
        if rank == 0:
            curves.append(None)
            continue
        clockwise = rank % 2 == 1
        if (edge.source, edge.target) != pair:
            clockwise = not clockwise
        curves.append({"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW", "roundness": round(0.2 * ((rank + 1) // 2), 2)})
    return curves


def vis_nodes(elements: PageElements) -> list[dict]:
    """The nodes as vis-network items (``group`` is the class; the groups option draws it)."""
    sizes = node_sizes(elements)
    # The most linked things get the largest names: in a crowded view they are the ones to read. The page
    # keeps a name this many pixels high on screen at any zoom (11 to 15).
    return [
        {"id": n.id, "label": n.label, "group": n.cls, "size": sizes[n.id], "font": {"size": round(11 + 4 * (sizes[n.id] - _MIN_SIZE) / _SIZE_RANGE, 1)}, "facts": n.facts}
        for n in elements.nodes
    ]


def vis_edges(lines: list) -> list[dict]:
    """The lines (:func:`kg.page.lines.page_lines`) as vis-network items.

    ``members`` holds each deal's announcement date and stage, so the page's
    time slider and stage filter hide a line only when they hide all its deals.
    """
    items = []
    edges = [line.edge for line in lines]
    for index, (line, curve) in enumerate(zip(lines, edge_curves(edges))):
        edge = line.edge
        style = EDGE_STYLES[edge.kind]
        item = {
            "id": f"e{index}",
            "from": edge.source,
            "to": edge.target,
            "kind": edge.kind,
            "label": edge.label,
            "width": edge_width(edge),
            "color": edge_colour(edge.kind),
            "arrows": "to, from" if edge.both_ways else "to",
            "dashes": style.dashes,
            "facts": edge.facts,
            "announced": edge.announced or "",
            "members": [[member.announced or "", member.stage or ""] for member in line.members],
        }
        if edge.stage is not None:
            item["stage"] = edge.stage
        if curve is not None:
            item["smooth"] = curve
        items.append(item)
    return items


def node_colour(cls: str) -> dict:
    """The vis ``color`` option of a class's nodes."""
    style = NODE_STYLES.get(cls, NODE_STYLES["Other"])
    return {
        "background": style.colour,
        "border": style.border,
        "highlight": {"background": style.colour, "border": "#111111"},
        "hover": {"background": style.colour, "border": "#111111"},
    }


def edge_colour(kind: str) -> dict:
    """The vis ``color`` option of a kind's edges."""
    colour = EDGE_STYLES[kind].colour
    return {"color": colour, "highlight": colour, "hover": colour}


def vis_options(node_count: int) -> dict:
    """vis-network options: seeded layout, forceAtlas2Based physics that stops after a fixed number of iterations.

    Dynamic smooth edges and vis's "improved layout" are off: with them a
    1,000-node page took minutes to first draw in headless Chromium. Above 300
    nodes the Barnes-Hut approximation is coarser (``theta`` 0.9, half the
    time of 0.5 for a like picture); above :data:`LARGE_PAGE` nodes the layout
    runs 100 iterations instead of 200 (see benchmarks/page_bench.py).
    """
    large = node_count > LARGE_PAGE
    return {
        "autoResize": True,
        "layout": {"randomSeed": 20251118, "improvedLayout": False},
        "groups": {
            cls: {"shape": style.shape, "color": node_colour(cls), "borderWidth": 1.5}
            for cls, style in NODE_STYLES.items()
        },
        "nodes": {
            "font": {"size": 15, "face": "DejaVu Sans, Arial, sans-serif", "color": "#1d1d1d", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidthSelected": 3,
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "font": {"size": 11, "face": "DejaVu Sans, Arial, sans-serif", "color": "#333333", "strokeWidth": 3, "strokeColor": "#ffffff", "align": "horizontal"},
            "selectionWidth": 1.5,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -80,
                "centralGravity": 0.012,
                "springLength": 140,
                "springConstant": 0.06,
                "damping": 0.5,
                "avoidOverlap": 0.6,
                "theta": 0.5 if node_count <= 300 else 0.9,
            },
            "stabilization": {"enabled": True, "iterations": 100 if large else 200, "updateInterval": 20, "fit": True},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "multiselect": False,
        },
    }
