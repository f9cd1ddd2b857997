"""The page itself: a pyvis Network written through our own Jinja2 template.

pyvis 0.3.2's own template loads Bootstrap from a CDN even with
``cdn_resources="in_line"``, writes the heading and (with ``select_menu``) node
ids unescaped, and switches to an ``innerHTML`` popup when a title contains
``href``. So the network is a pyvis :class:`~pyvis.network.Network` (nodes,
edges, options), and the page comes from ``templates/graph.html``: Jinja2 with
autoescape, vis-network inlined from the copy pyvis ships, the data as JSON in
a script element that never runs, and every text from data put into the page
as DOM text, never as markup.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING, Iterable

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from .elements import PageElements
from .lines import page_lines
from .select import announcement_days
from .webgl import WEBGL_EDGES, WEBGL_NODES, wants_webgl, webgl_context
from .style import BUSY_PAGE, EDGE_STYLES, LARGE_PAGE, NODE_STYLES, edge_colour, node_colour, vis_edges, vis_nodes, vis_options

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph

    from . import Page

DEFAULT_TITLE = "The AI compute race: who funds, supplies and partners with whom"

_JSON_ESCAPES = {"&": "\\u0026", "<": "\\u003c", ">": "\\u003e", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value) -> Markup:
    """``value`` as JSON that can sit inside a ``<script>`` element: ``<``, ``>``, ``&``, U+2028/9 escaped.

    Examples
    --------
    >>> str(script_json({"label": "</script><b>&"}))
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(re.sub("[&<>\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text))


def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS from the newest copy the installed pyvis ships."""
    lib = resources.files("pyvis") / "lib"
    folders = [f for f in lib.iterdir() if f.name.startswith("vis-") and (f / "vis-network.min.js").is_file()]
    if not folders:
        raise RuntimeError("the installed pyvis ships no vis-network (pyvis/lib/vis-*/vis-network.min.js)")
    newest = max(folders, key=lambda f: tuple(int(p) for p in re.findall(r"\d+", f.name)))
    js = (newest / "vis-network.min.js").read_text(encoding="utf-8")
    css = (newest / "vis-network.css").read_text(encoding="utf-8")
    # Inlined code must not end its own element early.
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError(f"{newest}: vis-network cannot be inlined (contains a closing tag)")
    return js, css


def page_network(elements: PageElements, title: str = DEFAULT_TITLE):
    """A pyvis :class:`~pyvis.network.Network` holding the page's nodes, edges and options."""
    from pyvis.network import Network

    net = Network(directed=True, heading=title, cdn_resources="in_line")
    # pyvis's add_node/add_edge scan every earlier item (quadratic); fill its lists directly.
    net.nodes = vis_nodes(elements)
    net.node_ids = [node["id"] for node in net.nodes]
    net.node_map = {node["id"]: node for node in net.nodes}
    net.edges = vis_edges(page_lines(elements))
    net.options = vis_options(len(net.nodes))
    return net


#: Which library draws the page: ``auto`` picks WebGL above :data:`kg.page.webgl.WEBGL_NODES` nodes or
#: :data:`~kg.page.webgl.WEBGL_EDGES` edges, vis-network below.
ENGINES = ("auto", "vis", "webgl")


def page_html(elements: PageElements, title: str = DEFAULT_TITLE, notes: tuple[str, ...] = (), engine: str = "auto") -> str:
    """The self-contained HTML page of ``elements``.

    ``notes`` are short phrases added to the line under the title ("as of 2025-06-30");
    ``engine`` is one of :data:`ENGINES`.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    if engine == "webgl" or (engine == "auto" and wants_webgl(len(elements.nodes), len(elements.edges))):
        return webgl_html(elements, title, notes)
    net = page_network(elements, title)
    nodes, edges, heading, _height, _width, _options = net.get_network_data()
    classes = Counter(node["group"] for node in nodes)
    # The legend counts deals and relations, not lines (one line may carry several deals).
    kinds = Counter(edge.kind for edge in elements.edges)
    payload = {
        "nodes": nodes,
        "edges": edges,
        "options": net.options,
        "nodeColours": {cls: node_colour(cls) for cls in classes},
        "edgeColours": {kind: edge_colour(kind) for kind in kinds},
        "large": len(nodes) > LARGE_PAGE,
        "quietEdgeLabels": len(nodes) > BUSY_PAGE,
        "days": announcement_days(elements),
    }
    js, css = vis_assets()
    summary = [f"{len(nodes):,} things", f"{len(elements.edges):,} links", *notes]
    if len(edges) < len(elements.edges):
        summary.insert(2, f"parallel deals drawn as one line: {len(edges):,} lines")
    return _environment().get_template("graph.html").render(
        title=heading,
        summary=" · ".join(summary),
        node_legend=[(cls, style, classes[cls]) for cls, style in NODE_STYLES.items() if classes[cls]],
        edge_legend=[(kind, style, kinds[kind]) for kind, style in EDGE_STYLES.items() if kinds[kind]],
        large=len(nodes) > LARGE_PAGE,
        node_count=len(nodes),
        quiet_kinds={"relation"} if len(nodes) > BUSY_PAGE else set(),
        days=announcement_days(elements),
        graph_json=script_json(payload),
        vis_js=Markup(js),
        vis_css=Markup(css),
    )


def webgl_html(elements: PageElements, title: str = DEFAULT_TITLE, notes: tuple[str, ...] = ()) -> str:
    """The WebGL page of ``elements`` (see :mod:`kg.page.webgl`)."""
    context = webgl_context(elements)
    summary = [f"{len(elements.nodes):,} things", f"{len(elements.edges):,} links", *notes]
    lines = len(context["payload"]["edges"])
    if lines < len(elements.edges):
        summary.insert(2, f"parallel deals drawn as one line: {lines:,} lines")
    return _environment().get_template("webgl.html").render(
        title=title,
        summary=" · ".join(summary),
        node_legend=context["node_legend"],
        edge_legend=context["edge_legend"],
        node_count=len(elements.nodes),
        edge_count=len(elements.edges),
        webgl_nodes=WEBGL_NODES,
        webgl_edges=WEBGL_EDGES,
        days=context["payload"]["days"],
        graph_json=script_json(context["payload"]),
        facts_json=script_json(context["facts"]),
        webgl_js=context["webgl_js"],
    )


def _environment() -> Environment:
    return Environment(loader=PackageLoader("kg.page", "templates"), autoescape=True, keep_trailing_newline=True)


def make_page(graph: Graph, *, focus: str | None = None, depth: int | None = None, kinds: Iterable[str] | None = None,
              day: date | None = None, engine: str = "auto") -> Page:
    """The page of ``graph`` as :func:`kg.api.render` makes it: narrowed to ``focus``, ``kinds`` and ``day``."""
    from ..problems import NotInGraph
    from . import EDGE_KINDS, Page
    from .elements import page_elements
    from .select import close_names, find_node, neighbourhood, only_kinds

    if depth is not None and focus is None:
        raise ValueError("depth needs focus")
    kinds = None if kinds is None else set(kinds)
    unknown = sorted((kinds or set()) - set(EDGE_KINDS))
    if unknown:
        raise ValueError(f"unknown kind {unknown[0]!r} (known: {', '.join(EDGE_KINDS)})")
    notes = []
    if day is not None:
        from ..snapshot import snapshot

        graph = snapshot(graph, as_of=day)
        notes.append(f"as of {day.isoformat()}")
    elements = page_elements(graph)
    centre = None
    if focus is not None:
        centre = find_node(elements, focus)
        if centre is None:
            raise NotInGraph(focus, close_names(elements, focus))
    if kinds:
        elements = only_kinds(elements, kinds, keep=frozenset({centre.id} if centre else ()))
        notes.append("links: " + ", ".join(k for k in EDGE_KINDS if k in kinds))
    if centre is not None:
        depth = 1 if depth is None else depth
        elements = neighbourhood(elements, centre.id, depth)
        notes.append(f"around {centre.label}, depth {depth}")
    return Page(page_html(elements, notes=tuple(notes), engine=engine), elements.nodes, elements.edges)
