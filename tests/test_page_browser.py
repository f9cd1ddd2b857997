"""The graph page in a real headless Chromium (Debian's chromium, driven by Playwright), offline.

Every request that is not file: or data: is aborted and recorded; every test
checks that none was attempted, that nothing was logged as an error and that
no dialog opened. Expected values come from the graph itself (SPARQL on the
built graph) or from the hand-made fixtures, never from the page under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal

from browser import PAGE_RUNS, open_offline, render_pages

pytestmark = pytest.mark.browser

HOSTILE = Path(__file__).parent / "fixtures" / "page" / "hostile.ttl"
#: A seeded synthetic graph of 250 things and 417 links (benchmarks/page_bench.py's synthetic_graph(250, seed=7)),
#: the size the shipped data is growing to.
GROWN = Path(__file__).parent / "fixtures" / "page" / "grown.ttl"
IMG_LABEL = "<img src=x onerror=alert(1)>"
SCRIPT_LABEL = "</script><script>alert(1)</script>"
THING_CLASSES = "aic:Company aic:Person aic:Chip aic:SystemPlatform aic:CloudService aic:ComputeSite aic:AIModel"
PREFIXES = """PREFIX aic: <https://w3id.org/aicompute/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The pages under test, rendered once with `kg render` through the CLI."""
    runs = {**PAGE_RUNS, "hostile": ["--graph", str(HOSTILE)], "grown": ["--graph", str(GROWN)]}
    return render_pages(tmp_path_factory.mktemp("pages"), runs)


def count(graph, query: str) -> int:
    (row,) = graph.query(PREFIXES + query)
    return int(row[0])



def assert_hostile_source_inert(page, scripts: int) -> None:
    """After a click on the img node: its source's headline is text, its javascript: URL is not a link, and
    finding the img label adds no element that loads anything; the page holds its ``scripts`` scripts only."""
    assert page.inner_text("#details .headline").startswith("<script>alert(4)</script>")
    assert page.evaluate("document.querySelectorAll('#details a').length") == 0
    assert page.eval_on_selector("#details .note", "p => p.textContent").startswith("<img src=y")
    page.fill("#find", IMG_LABEL)
    page.press("#find", "Enter")
    page.wait_for_function("document.body.dataset.highlight === 'img'")
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == scripts

def assert_quiet(watch) -> None:
    assert watch.blocked == [], "the page tried to reach the network"
    assert watch.console_errors == []
    assert watch.page_errors == []
    assert watch.dialogs == []


def assert_shows_an_investment(tooltip: str | None, graph) -> None:
    """A deal's tooltip: an investment of ``graph`` by its label, with a headline of a source it cites, its date and status."""
    assert tooltip is not None, "no investment edge showed a tooltip"
    title = tooltip.split("\n", 1)[0]
    headlines = [
        str(row[0])
        for row in graph.query(
            PREFIXES + "SELECT ?h WHERE { ?d a aic:Investment ; rdfs:label ?l ; prov:wasDerivedFrom ?s . ?s schema:headline ?h . FILTER(STR(?l) = ?title) }",
            initBindings={"title": Literal(title)},
        )
    ]
    assert headlines, f"no investment labelled {title!r} in the graph"
    assert any(h in tooltip for h in headlines)
    assert "Announced: " in tooltip and "Status: " in tooltip


def expected_links(graph, split: bool = False):
    """The number of edges a page of ``graph`` draws, worked out in SPARQL: deal links, then plain relations."""
    things = {row[0] for row in graph.query(PREFIXES + f"SELECT DISTINCT ?t WHERE {{ VALUES ?c {{ {THING_CLASSES} }} ?t a ?c }}")}
    deal_links = count(graph, """SELECT (COUNT(*) AS ?n) WHERE {
        { ?d aic:investor ?a ; aic:investee ?b } UNION { ?d aic:buyer ?a ; aic:seller ?b }
        UNION { ?d aic:stakeHolder ?a ; aic:stakeIn ?b } UNION { ?d aic:issuer ?a ; aic:warrantHolder ?b }
        UNION { ?d aic:partner ?a, ?b FILTER(STR(?a) < STR(?b)) }
        UNION { ?d aic:leadInvestor ?a ; aic:raiser ?b } UNION { ?d aic:roundInvestor ?a ; aic:raiser ?b }
        UNION { ?d aic:acquirer ?a ; aic:acquired ?b } UNION { ?d aic:licensee ?a ; aic:licensor ?b }
        UNION { ?d aic:buyer ?a ; aic:hardware ?b } }""")
    # Plain relations: aic: properties between two things, not the derived shortcuts; competesWith once per pair.
    statements = graph.query(PREFIXES + """SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o .
        FILTER(STRSTARTS(STR(?p), STR(aic:)))
        FILTER(?p NOT IN (aic:investsIn, aic:buysComputeFrom, aic:usesHardware, aic:partnersWith, aic:holdsStakeIn,
                          aic:acquires, aic:licensesFrom)) }""")
    relations = sum(
        1 for s, p, o in statements
        if s in things and o in things and (not str(p).endswith("#competesWith") or str(s) < str(o))
    )
    return (deal_links, relations) if split else deal_links + relations


def expected_lines(graph) -> int:
    """The number of lines a small page of ``graph`` draws, worked out in SPARQL: deals of one kind between the same
    two things in the same direction share a line (a partnership's line has no direction), and so do plain relations."""
    deal_pairs = graph.query(PREFIXES + """SELECT DISTINCT ?a ?b ?kind WHERE {
        { ?d aic:investor ?a ; aic:investee ?b BIND("investment" AS ?kind) }
        UNION { ?d aic:leadInvestor ?a ; aic:raiser ?b BIND("investment" AS ?kind) }
        UNION { ?d aic:roundInvestor ?a ; aic:raiser ?b BIND("investment" AS ?kind) }
        UNION { ?d a aic:ComputeCommitment ; aic:buyer ?a ; aic:seller ?b BIND("compute" AS ?kind) }
        UNION { ?d a aic:ChipSupplyAgreement ; aic:buyer ?a ; aic:seller ?b BIND("hardware" AS ?kind) }
        UNION { ?d aic:buyer ?a ; aic:hardware ?b BIND("hardware" AS ?kind) }
        UNION { ?d aic:stakeHolder ?a ; aic:stakeIn ?b BIND("stake" AS ?kind) }
        UNION { ?d aic:issuer ?a ; aic:warrantHolder ?b BIND("stake" AS ?kind) }
        UNION { ?d aic:acquirer ?a ; aic:acquired ?b BIND("stake" AS ?kind) }
        UNION { ?d aic:partner ?a, ?b FILTER(STR(?a) < STR(?b)) BIND("partnership both ways" AS ?kind) }
        UNION { ?d aic:licensee ?a ; aic:licensor ?b BIND("partnership" AS ?kind) } }""")
    things = {row[0] for row in graph.query(PREFIXES + f"SELECT DISTINCT ?t WHERE {{ VALUES ?c {{ {THING_CLASSES} }} ?t a ?c }}")}
    statements = graph.query(PREFIXES + """SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o .
        FILTER(STRSTARTS(STR(?p), STR(aic:)))
        FILTER(?p NOT IN (aic:investsIn, aic:buysComputeFrom, aic:usesHardware, aic:partnersWith, aic:holdsStakeIn,
                          aic:acquires, aic:licensesFrom)) }""")
    relation_pairs = {
        (min(s, o), max(s, o), "both ways") if str(p).endswith("#competesWith") else (s, o, "one way")
        for s, p, o in statements if s in things and o in things
    }
    return len(deal_pairs) + len(relation_pairs)


def screen_point(page, js_canvas_point: str) -> dict:
    """The viewport point of a canvas point given as a JS expression."""
    return page.evaluate(
        "() => { const p = network.canvasToDOM(" + js_canvas_point + ");"
        " const r = document.getElementById('mynetwork').getBoundingClientRect();"
        " return {x: p.x + r.left, y: p.y + r.top}; }"
    )


def node_point(page, node_id: str) -> dict:
    return screen_point(page, f"network.getPositions([{node_id!r}])[{node_id!r}]")


def test_shipped_page_shows_every_thing_and_link_of_the_graph(browser, pages, shipped_graph):
    page, watch = open_offline(browser, pages["shipped"])
    things = {row[0] for row in shipped_graph.query(PREFIXES + f"SELECT DISTINCT ?t WHERE {{ VALUES ?c {{ {THING_CLASSES} }} ?t a ?c }}")}
    deal_links, relations = expected_links(shipped_graph, split=True)
    things = len(things)
    assert things > 20 and deal_links > 30
    # Every deal and relation is counted in the summary; parallel deals of one kind share a line.
    lines = expected_lines(shipped_graph)
    assert lines < deal_links + relations
    shown = page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]")
    assert shown == [things, lines]
    assert page.evaluate("edges.get().reduce((n, e) => n + e.members.length, 0)") == deal_links + relations
    assert page.inner_text("#summary").startswith(
        f"{things:,} things · {deal_links + relations:,} links · parallel deals drawn as one line: {lines:,} lines")
    assert_quiet(watch)
    page.close()


def test_legend_lists_the_classes_and_kinds_on_the_page(browser, pages, shipped_graph):
    page, watch = open_offline(browser, pages["shipped"])
    classes = {
        str(row[0]).rsplit("#", 1)[-1]
        for row in shipped_graph.query(PREFIXES + f"SELECT DISTINCT ?c WHERE {{ VALUES ?c {{ {THING_CLASSES} }} ?t a ?c }}")
    }
    shown = page.eval_on_selector_all("#node-legend li", "items => items.map(i => i.dataset.class)")
    assert set(shown) == classes and len(shown) == len(classes)
    assert page.is_visible("#node-legend li[data-class='Company'] svg")
    kinds = page.eval_on_selector_all("#edge-legend input[data-kind]", "boxes => boxes.map(b => b.dataset.kind)")
    assert {"investment", "compute", "hardware", "partnership", "stake", "relation"} <= set(kinds)
    assert page.inner_text("#edge-legend").count("Investment (money)") == 1
    assert_quiet(watch)
    page.close()


def test_hovering_a_deal_shows_its_facts_and_source_headline(browser, pages, shipped_graph):
    page, watch = open_offline(browser, pages["shipped"])
    # A line of one deal (a line of several has a headline of its own: test_parallel_deals_share_one_line).
    straight = page.evaluate("edges.get({filter: e => e.kind === 'investment' && !e.smooth && e.members.length === 1}).map(e => e.id)")
    assert straight
    tooltip = None
    for edge_id in straight[:12]:
        point = screen_point(
            page,
            f"(() => {{ const e = edges.get({edge_id!r}); const p = network.getPositions([e.from, e.to]);"
            " return {x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2}; })()",
        )
        page.mouse.move(point["x"] + 40, point["y"] + 40)
        page.mouse.move(point["x"], point["y"])
        try:
            page.wait_for_selector("div.vis-tooltip", state="visible", timeout=2000)
        except Exception:  # the point was on a label or a node's edge: try the next deal
            continue
        text = page.inner_text("div.vis-tooltip")
        if "\nInvestment\n" in text:
            tooltip = text
            break
    assert_shows_an_investment(tooltip, shipped_graph)
    assert_quiet(watch)
    page.close()


def test_clicking_a_node_highlights_its_neighbourhood_and_shows_its_facts(browser, pages):
    page, watch = open_offline(browser, pages["mini"])
    point = node_point(page, "alpha-ai")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("document.body.dataset.highlight === 'alpha-ai'")
    assert page.inner_text("#details h2") == "Alpha AI"
    backgrounds = page.evaluate("Object.fromEntries(nodes.get().map(n => [n.id, n.color.background]))")
    # alpha-ai's neighbours in tests/fixtures/mini: bigcloud, chipco, chip-x2, alpha-model, ada.
    dimmed = {node for node, colour in backgrounds.items() if colour == "#e6e6e6"}
    assert dimmed == {"chip-x1", "bigcloud-compute"}
    # A click on empty canvas clears it.
    page.mouse.click(5, page.viewport_size["height"] - 5)
    page.wait_for_function("document.body.dataset.highlight === undefined")
    assert page.evaluate("nodes.get().filter(n => n.color && n.color.background === '#e6e6e6').length") == 0
    assert_quiet(watch)
    page.close()


def test_clicking_an_edge_shows_the_deal_with_a_link_to_its_source(browser, pages):
    page, watch = open_offline(browser, pages["mini"])
    edge = page.evaluate("edges.get({filter: e => e.kind === 'partnership'})[0].id")
    page.evaluate(f"network.selectEdges([{edge!r}])")
    point = screen_point(
        page,
        f"(() => {{ const e = edges.get({edge!r}); const p = network.getPositions([e.from, e.to]);"
        " return {x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2}; })()",
    )
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#details h2")
    assert page.inner_text("#details .subtitle") == "Partnership"
    link = page.eval_on_selector("#details a.headline", "a => [a.textContent, a.href]")
    assert link == ["Alpha AI raises money from Bigcloud and signs a compute deal", "https://example.org/gazette/1"]
    assert "The Fixture Gazette, 2025-03-01" in page.inner_text("#details .sources")
    assert_quiet(watch)
    page.close()


def test_find_a_node_by_name(browser, pages):
    page, watch = open_offline(browser, pages["shipped"])
    page.fill("#find", "anthro")
    page.press("#find", "Enter")
    page.wait_for_function("document.body.dataset.highlight === 'anthropic'")
    assert page.inner_text("#details h2") == "Anthropic"
    assert page.evaluate("network.getSelectedNodes()") == ["anthropic"]
    page.fill("#find", "no such firm")
    page.press("#find", "Enter")
    assert page.inner_text("#find-status") == "No node named “no such firm”"
    assert page.eval_on_selector_all("#node-names option", "options => options.length") == page.evaluate("nodes.length")
    assert_quiet(watch)
    page.close()


def test_unticking_a_kind_hides_its_edges(browser, pages):
    page, watch = open_offline(browser, pages["shipped"])
    page.uncheck("#edge-legend input[data-kind='relation']")
    hidden = page.evaluate("[...new Set(edges.get({filter: e => e.hidden}).map(e => e.kind))]")
    assert hidden == ["relation"]
    assert page.evaluate("edges.get({filter: e => e.kind === 'relation' && !e.hidden}).length") == 0
    page.check("#edge-legend input[data-kind='relation']")
    assert page.evaluate("edges.get({filter: e => e.hidden}).length") == 0
    assert_quiet(watch)
    page.close()


def test_focus_page_shows_only_anthropics_neighbourhood(browser, pages):
    full, full_watch = open_offline(browser, pages["shipped"])
    neighbourhood = set(full.evaluate("network.getConnectedNodes('anthropic')")) | {"anthropic"}
    inner_edges = full.evaluate(
        "(ids => edges.get({filter: e => ids.includes(e.from) && ids.includes(e.to)}).length)",
        sorted(neighbourhood),
    )
    assert_quiet(full_watch)
    full.close()
    page, watch = open_offline(browser, pages["focus"])
    assert set(page.evaluate("nodes.getIds()")) == neighbourhood
    assert page.evaluate("edges.length") == inner_edges
    assert "around Anthropic, depth 1" in page.inner_text("#summary")
    assert_quiet(watch)
    page.close()


def test_hostile_labels_run_nothing_and_read_as_text(browser, pages):
    page, watch = open_offline(browser, pages["hostile"])
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 3  # vis-network, the data, the page's own
    for node_id, label in (("script", SCRIPT_LABEL), ("img", IMG_LABEL)):
        assert page.evaluate(f"nodes.get({node_id!r}).label") == label
        point = node_point(page, node_id)
        page.mouse.move(point["x"] + 30, point["y"] + 30)
        page.mouse.move(point["x"], point["y"])
        page.wait_for_selector("div.vis-tooltip", state="visible")
        assert page.inner_text("div.vis-tooltip").split("\n", 1)[0] == label
        assert page.evaluate("[...document.querySelectorAll('div.vis-tooltip *')].every(e => e.tagName === 'BR')")
        page.mouse.click(point["x"], point["y"])
        page.wait_for_function(f"document.body.dataset.highlight === {node_id!r}")
        assert page.eval_on_selector("#details h2", "h => h.textContent") == label
    assert_hostile_source_inert(page, scripts=3)
    assert_quiet(watch)
    page.close()


def test_layout_is_seeded_and_stops_moving(browser, pages):
    positions = []
    for _ in range(2):
        page, watch = open_offline(browser, pages["mini"])
        first = page.evaluate("network.getPositions()")
        page.wait_for_timeout(400)
        assert page.evaluate("network.getPositions()") == first, "the physics did not stop"
        assert page.locator("#layout-progress").count() == 1 and page.is_hidden("#layout-progress")
        positions.append(first)
        assert_quiet(watch)
        page.close()
    assert positions[0] == positions[1]


def test_a_large_page_says_so_and_selects_instead_of_dimming(browser, tmp_path):
    # A ring of firms, one link each way round; written by kg.page directly, drawn by vis-network as asked
    # (on its own, kg render would draw this many with WebGL: test_page_webgl.py).
    from kg.page.elements import PageEdge, PageElements, PageNode
    from kg.page.html import page_html
    from kg.page.style import LARGE_PAGE

    size = LARGE_PAGE + 1
    facts = {"title": "", "subtitle": "", "rows": [], "note": "", "sources": []}
    elements = PageElements(
        [PageNode(f"firm{i}", f"Firm {i}", "Company", facts) for i in range(size)],
        [PageEdge(f"firm{i}", f"firm{(i + 1) % size}", "relation", facts) for i in range(size)],
    )
    path = tmp_path / "large.html"
    path.write_text(page_html(elements, engine="vis"), encoding="utf-8")
    page, watch = open_offline(browser, path)
    assert page.is_visible("#large-notice")
    # The layout reported its progress, then the line went away.
    assert page.eval_on_selector("#layout-progress", "e => e.textContent") == "Laying out… 100%"
    assert page.is_hidden("#layout-progress")
    assert page.evaluate("nodes.length") == size
    page.fill("#find", "Firm 7")
    page.press("#find", "Enter")
    page.wait_for_function("document.body.dataset.highlight === 'firm7'")
    assert page.evaluate("network.getSelectedNodes()") == ["firm7"]
    # firm7's two links (from firm6, to firm8) are selected with it; nothing is dimmed.
    assert sorted(page.evaluate("network.getSelectedEdges().map(id => [edges.get(id).from, edges.get(id).to])")) == [["firm6", "firm7"], ["firm7", "firm8"]]
    assert page.evaluate("nodes.get({filter: n => n.color !== undefined}).length") == 0
    assert_quiet(watch)
    page.close()


def test_an_empty_graph_says_there_is_nothing_to_show(browser, tmp_path, run_kg):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    path = tmp_path / "empty.html"
    assert run_kg("render", "--graph", empty, "-o", path).exit_code == 0
    page, watch = open_offline(browser, path)
    assert page.inner_text("#layout-progress") == "Nothing to show: no things in this graph."
    assert page.inner_text("#summary") == "0 things · 0 links"
    assert_quiet(watch)
    page.close()


def shown_label_boxes(page) -> list[list]:
    """Each shown name's box on screen: [id, left, top, right, bottom, font px], measured here, not read from vis.

    vis-network writes a name centred under its thing, its top 7 canvas units below the shape (ShapeBase:
    3 below, then 4 more for the hanging baseline), as wide as the canvas measures the text in the node's font.
    """
    return page.evaluate(
        "(() => { const ctx = document.createElement('canvas').getContext('2d'); const scale = network.getScale();"
        " const at = network.getPositions(); const area = document.getElementById('mynetwork').getBoundingClientRect();"
        " return nodes.get().filter(n => n.font.color !== 'rgba(0,0,0,0)').map(n => {"
        "   ctx.font = n.font.size + 'px \"DejaVu Sans\", Arial, sans-serif'; const w = ctx.measureText(n.label).width;"
        "   const centre = network.canvasToDOM({x: at[n.id].x, y: at[n.id].y + n.size + 7});"
        "   return [n.id, centre.x - w * scale / 2, centre.y, centre.x + w * scale / 2, centre.y + n.font.size * scale, n.font.size * scale]"
        "     .map((v, i) => i === 0 ? v : i === 5 ? v : v + (i % 2 ? area.left : area.top)); }); })()"
    )


def overlapping(boxes: list[list]) -> list[tuple[str, str]]:
    return [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1:]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]


def most_linked(page, n: int) -> list[str]:
    """The ``n`` things with the most distinct neighbours, counted from the page's lines."""
    degree = page.evaluate(
        "(() => { const n = {}; edges.get().forEach(e => { if (e.from !== e.to) {"
        " (n[e.from] = n[e.from] || new Set()).add(e.to); (n[e.to] = n[e.to] || new Set()).add(e.from); } });"
        " return Object.entries(n).map(([k, v]) => [k, v.size]); })()"
    )
    return [node for node, _ in sorted(degree, key=lambda item: (-item[1], item[0]))[:n]]


def zoom_in(page) -> None:
    """Zoom in with the mouse wheel over the graph's centre and wait until the names are placed again."""
    placed = page.evaluate("+document.body.dataset.labelsPlaced")
    area = page.eval_on_selector("#mynetwork", "e => { const r = e.getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; }")
    page.mouse.move(area["x"], area["y"])
    for _ in range(3):
        page.mouse.wheel(0, -300)
    page.wait_for_function(f"+document.body.dataset.labelsPlaced > {placed}")


def assert_legible_names(page, hubs_named: int) -> list[list]:
    """No two shown names overlap, each is at least 11 px high on screen, the most linked thing and ``hubs_named`` of
    the five most linked are named, and zooming in names more things, still without overlap."""
    boxes = shown_label_boxes(page)
    assert overlapping(boxes) == []
    assert min(box[5] for box in boxes) >= 10.9
    hubs = most_linked(page, 5)
    named = {box[0] for box in boxes}
    assert hubs[0] in named and len(set(hubs) & named) >= hubs_named
    zoom_in(page)
    closer = shown_label_boxes(page)
    assert overlapping(closer) == []
    assert len(closer) > len(boxes) and min(box[5] for box in closer) >= 10.9
    return boxes


def test_the_shipped_page_shows_legible_names_that_do_not_overlap(browser, pages, shipped_graph):
    page, watch = open_offline(browser, pages["shipped"])
    boxes = assert_legible_names(page, hubs_named=4)
    # A third of the things at least are named in the default view (the rest on zoom, hover or click).
    assert len(boxes) * 3 >= page.evaluate("nodes.length")
    assert_quiet(watch)
    page.close()


def test_a_grown_page_shows_no_overlapping_labels_and_names_the_hubs(browser, pages):
    page, watch = open_offline(browser, pages["grown"])
    boxes = assert_legible_names(page, hubs_named=4)
    assert len(boxes) >= 50, "too few things are named"
    assert_quiet(watch)
    page.close()


def test_parallel_deals_share_one_line_that_lists_each_deal(browser, parallel_mini_data, run_kg, tmp_path):
    path = tmp_path / "parallel.html"
    assert run_kg("render", "--data", parallel_mini_data, "-o", path).exit_code == 0
    page, watch = open_offline(browser, path)
    investments = page.evaluate("edges.get({filter: e => e.kind === 'investment'})")
    assert len(investments) == 1
    line = investments[0]
    assert (line["from"], line["to"], line["label"], len(line["members"])) == ("bigcloud", "alpha-ai", "2 deals", 2)
    # Width from the larger amount, $2B: 1 + 1.5 * log10(20).
    assert line["width"] == 2.95
    # The mini data draws 12 lines for its 12 links: 5 deal links (investment, compute, its chip, partnership, stake)
    # and 7 relations (develops, operated by, two manufacturers, successor of, CEO of, former employer); now 13 links.
    assert page.evaluate("edges.length") == 12
    assert page.inner_text("#summary").startswith("8 things · 13 links · parallel deals drawn as one line: 12 lines")
    # The middle of the line as vis draws it (it bends away from the straight compute line between the same two).
    point = screen_point(page, f"network.body.edges[{line['id']!r}].edgeType.getPoint(0.5)")
    page.mouse.move(point["x"] + 40, point["y"] + 40)
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible")
    tooltip = page.inner_text("div.vis-tooltip")
    assert tooltip.startswith("2 deals: Bigcloud → Alpha AI\nInvestment (money)\n")
    assert "Amount: up to $2B" in tooltip and "Amount: $1B" in tooltip
    assert "Alpha AI raises money from Bigcloud and signs a compute deal" in tooltip and "Bigcloud takes a stake in Alpha AI" in tooltip
    # A click lists both deals in the panel, each with its own source.
    page.evaluate(f"() => network.body.emitter.emit('click', {{nodes: [], edges: [{line['id']!r}]}})")
    assert page.inner_text("#details h2") == "2 deals: Bigcloud → Alpha AI"
    assert page.eval_on_selector_all("#details section.deal .headline", "items => items.map(i => i.textContent)") == [
        "Alpha AI raises money from Bigcloud and signs a compute deal", "Bigcloud takes a stake in Alpha AI"]
    # The line shows while one of its deals passes both filters: by 2025-03-31 only the first (conditional) is
    # announced; at "committed" only the second passes; together, neither.
    def hidden() -> bool:
        return page.evaluate(f"edges.get({line['id']!r}).hidden === true")

    page.eval_on_selector("#as-of", "s => { s.value = 0; s.dispatchEvent(new Event('input')); }")
    assert page.inner_text("#as-of-value") == "deals announced by 2025-03-31" and not hidden()
    page.eval_on_selector("#as-of", f"s => {{ s.value = s.max; s.dispatchEvent(new Event('input')); }}")
    page.select_option("#stage-filter", "committed")
    assert not hidden()
    page.eval_on_selector("#as-of", "s => { s.value = 0; s.dispatchEvent(new Event('input')); }")
    assert hidden()
    page.select_option("#stage-filter", "paid")
    page.eval_on_selector("#as-of", f"s => {{ s.value = s.max; s.dispatchEvent(new Event('input')); }}")
    assert hidden()
    assert_quiet(watch)
    page.close()


def test_a_grown_page_starts_with_plain_relations_hidden(browser, pages):
    from rdflib import Graph

    grown = Graph().parse(GROWN)
    _deals, relations = expected_links(grown, split=True)
    page, watch = open_offline(browser, pages["grown"])
    assert not page.is_checked("#edge-legend input[data-kind='relation']")
    hidden = page.evaluate("edges.get({filter: e => e.hidden}).map(e => e.kind)")
    assert len(hidden) == relations > 0 and set(hidden) == {"relation"}
    page.check("#edge-legend input[data-kind='relation']")
    assert page.evaluate("edges.get({filter: e => e.hidden}).length") == 0
    assert_quiet(watch)
    page.close()


def test_the_time_slider_shows_the_deals_announced_by_its_day(browser, pages):
    page, watch = open_offline(browser, pages["mini"])
    # tests/fixtures/mini: the investment, the compute deal and its chip in 2025-03, the partnership in 2025-04,
    # the stake in 2025-06; plain relations have no date and always show.
    assert page.get_attribute("#as-of", "max") == "3"
    expected = {
        "0": ("deals announced by 2025-03-31", {"partnership", "stake"}),
        "1": ("deals announced by 2025-04-30", {"stake"}),
        "2": ("deals announced by 2025-06-30", set()),
        "3": ("all deals", set()),
    }
    for step, (text, hidden_kinds) in expected.items():
        page.eval_on_selector("#as-of", f"s => {{ s.value = {step}; s.dispatchEvent(new Event('input')); }}")
        assert page.inner_text("#as-of-value") == text
        hidden = page.evaluate("edges.get({filter: e => e.hidden}).map(e => e.kind)")
        assert sorted(hidden) == sorted(hidden_kinds)
    # The slider and the kind boxes work together.
    page.eval_on_selector("#as-of", "s => { s.value = 1; s.dispatchEvent(new Event('input')); }")
    page.uncheck("#edge-legend input[data-kind='investment']")
    assert sorted(page.evaluate("edges.get({filter: e => e.hidden}).map(e => e.kind)")) == ["investment", "stake"]
    assert_quiet(watch)
    page.close()
