"""The WebGL page (sigma.js on graphology) in a real headless Chromium, offline: the small page's checks.

The pages are written by ``kg render --engine webgl`` (the page ``auto``
picks above 1,500 things or 5,000 links) on the shipped data, the mini
fixture and the hostile fixture. Expected values come from the graph (SPARQL)
or the hand-made fixtures, never from the page under test. Every test checks
that the page tried to load nothing, logged no error and opened no dialog.
"""

from __future__ import annotations


import pytest

from browser import PAGE_RUNS, open_offline, render_pages

from test_page_browser import (HOSTILE, IMG_LABEL, PREFIXES, SCRIPT_LABEL, THING_CLASSES, assert_hostile_source_inert, assert_quiet, assert_shows_an_investment,
                               count, expected_lines, expected_links)

pytestmark = pytest.mark.browser
DIM = "#e6e6e6"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The WebGL pages under test, rendered once with `kg render --engine webgl` through the CLI."""
    return render_pages(tmp_path_factory.mktemp("webgl-pages"), {**PAGE_RUNS, "hostile": ["--graph", str(HOSTILE)]},
                        "--engine", "webgl")


def node_point(page, node_id: str) -> dict:
    """The viewport point where sigma draws ``node_id``."""
    return page.evaluate(
        "id => { const p = renderer.framedGraphToViewport(renderer.getNodeDisplayData(id));"
        " const r = document.getElementById('sigma').getBoundingClientRect(); return {x: p.x + r.left, y: p.y + r.top}; }",
        node_id,
    )


def edge_point(page, edge_id: str) -> dict:
    """A viewport point on ``edge_id`` near its middle: a whole pixel (as the mouse moves) that sigma finds the edge at."""
    return page.evaluate(
        "id => { const a = renderer.getNodeDisplayData(graph.source(id)), b = renderer.getNodeDisplayData(graph.target(id));"
        " const p = renderer.framedGraphToViewport({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});"
        " let x = Math.round(p.x), y = Math.round(p.y);"
        " for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [-1, 0], [0, -1], [1, 1], [-1, -1], [1, -1], [-1, 1]])"
        "   if (renderer.getEdgeAtPoint(x + dx, y + dy) === id) { x += dx; y += dy; break; }"
        " const r = document.getElementById('sigma').getBoundingClientRect(); return {x: x + r.left, y: y + r.top}; }",
        edge_id,
    )


def hover(page, point: dict) -> str:
    page.mouse.move(point["x"] + 40, point["y"] + 40)
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("#tooltip", state="visible", timeout=10_000)  # a safety net: sigma shows it on the next frame
    return page.inner_text("#tooltip")


def test_page_draws_every_thing_and_link_of_the_graph(browser, pages, shipped_graph):
    page, watch = open_offline(browser, pages["shipped"])
    things = count(shipped_graph, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ VALUES ?c {{ {THING_CLASSES} }} ?t a ?c }}")
    links = expected_links(shipped_graph)
    assert things > 20 and links > 30
    # As on the small page, parallel deals of one kind share a line, which counts its deals.
    lines = expected_lines(shipped_graph)
    assert lines < links
    assert page.evaluate("[graph.order, graph.size, renderer.getGraph() === graph]") == [things, lines, True]
    assert page.evaluate("graph.reduceEdges((n, e, a) => n + (a.deals || 1), 0)") == links
    assert page.inner_text("#summary").startswith(f"{things:,} things · {links:,} links · parallel deals drawn as one line: {lines:,} lines")
    assert page.is_hidden("#layout-progress")
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
    kinds = page.eval_on_selector_all("#edge-legend input[data-kind]", "boxes => boxes.map(b => b.dataset.kind)")
    assert {"investment", "compute", "hardware", "partnership", "stake", "relation"} <= set(kinds)
    # Each class's legend count is its number of nodes.
    legend = page.eval_on_selector_all("#node-legend li", "items => items.map(i => [i.dataset.class, +i.querySelector('.count').textContent])")
    for cls, number in legend:
        assert number == count(shipped_graph, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a aic:{cls} }}")
    assert_quiet(watch)
    page.close()


def test_hovering_a_deal_shows_its_facts_and_source_headline(browser, pages, shipped_graph):
    page, watch = open_offline(browser, pages["shipped"])
    # A line of one deal (a line of several has a headline of its own: test_parallel_deals_share_one_line...).
    investments = page.evaluate("graph.filterEdges((e, a) => a.kind === 'investment' && !a.deals)")
    tooltip = None
    for edge_id in investments:
        try:
            text = hover(page, edge_point(page, edge_id))
        except Exception:  # the midpoint lies under a node or another edge's label: try the next deal
            continue
        if "\nInvestment\n" in text:
            tooltip = text
            break
    assert_shows_an_investment(tooltip, shipped_graph)
    assert_quiet(watch)
    page.close()


def test_clicking_a_node_focuses_its_neighbourhood_and_shows_its_facts(browser, pages):
    page, watch = open_offline(browser, pages["mini"])
    point = node_point(page, "alpha-ai")
    # sigma finds the node under the pointer as it moves: hover first, as a hand does, then click.
    hover(page, point)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("document.body.dataset.highlight === 'alpha-ai'")
    assert page.inner_text("#details h2") == "Alpha AI"
    colours = page.evaluate("Object.fromEntries(graph.nodes().map(n => [n, renderer.getNodeDisplayData(n).color]))")
    # alpha-ai's neighbours in tests/fixtures/mini: bigcloud, chipco, chip-x2, alpha-model, ada.
    assert {node for node, colour in colours.items() if colour == DIM} == {"chip-x1", "bigcloud-compute"}
    page.mouse.click(5, page.viewport_size["height"] - 5)
    page.wait_for_function("document.body.dataset.highlight === undefined")
    assert page.evaluate(f"graph.nodes().filter(n => renderer.getNodeDisplayData(n).color === {DIM!r}).length") == 0
    assert_quiet(watch)
    page.close()


def test_find_a_node_by_name(browser, pages):
    page, watch = open_offline(browser, pages["shipped"])
    page.fill("#find", "anthro")
    page.press("#find", "Enter")
    page.wait_for_function("document.body.dataset.highlight === 'anthropic'")
    assert page.inner_text("#details h2") == "Anthropic"
    page.fill("#find", "no such firm")
    page.press("#find", "Enter")
    assert page.inner_text("#find-status") == "No node named “no such firm”"
    assert page.eval_on_selector_all("#node-names option", "options => options.length") == page.evaluate("graph.order")
    assert_quiet(watch)
    page.close()


def test_unticking_a_kind_hides_its_edges(browser, pages):
    page, watch = open_offline(browser, pages["shipped"])
    hidden = "graph.edges().filter(e => renderer.getEdgeDisplayData(e).hidden).map(e => graph.getEdgeAttribute(e, 'kind'))"
    assert page.evaluate(hidden) == []
    page.uncheck("#edge-legend input[data-kind='relation']")
    kinds = page.evaluate(hidden)
    assert set(kinds) == {"relation"}
    assert len(kinds) == page.evaluate("graph.filterEdges((e, a) => a.kind === 'relation').length")
    page.check("#edge-legend input[data-kind='relation']")
    assert page.evaluate(hidden) == []
    assert_quiet(watch)
    page.close()


def test_focus_page_shows_only_anthropics_neighbourhood(browser, pages):
    full, full_watch = open_offline(browser, pages["shipped"])
    neighbourhood = set(full.evaluate("graph.neighbors('anthropic')")) | {"anthropic"}
    inner_edges = full.evaluate("ids => graph.filterEdges((e, a, s, t) => ids.includes(s) && ids.includes(t)).length", sorted(neighbourhood))
    assert_quiet(full_watch)
    full.close()
    page, watch = open_offline(browser, pages["focus"])
    assert set(page.evaluate("graph.nodes()")) == neighbourhood
    assert page.evaluate("graph.size") == inner_edges
    assert "around Anthropic, depth 1" in page.inner_text("#summary")
    assert_quiet(watch)
    page.close()


def test_hostile_labels_run_nothing_and_read_as_text(browser, pages):
    page, watch = open_offline(browser, pages["hostile"])
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    # sigma.js with graphology, the graph's data, the facts, the page's own
    assert page.evaluate("document.scripts.length") == 4
    for node_id, label in (("script", SCRIPT_LABEL), ("img", IMG_LABEL)):
        assert page.evaluate(f"graph.getNodeAttribute({node_id!r}, 'label')") == label
        point = node_point(page, node_id)
        assert hover(page, point).split("\n", 1)[0] == label
        assert page.evaluate("document.querySelectorAll('#tooltip *').length") == 0
        page.mouse.click(point["x"], point["y"])
        page.wait_for_function(f"document.body.dataset.highlight === {node_id!r}")
        assert page.eval_on_selector("#details h2", "h => h.textContent") == label
    assert_hostile_source_inert(page, scripts=4)
    assert_quiet(watch)
    page.close()


def test_auto_picks_webgl_above_the_documented_size(browser, tmp_path):
    from kg.page.elements import PageEdge, PageElements, PageNode
    from kg.page.html import page_html
    from kg.page.webgl import WEBGL_NODES

    facts = {"title": "", "subtitle": "", "rows": [], "note": "", "sources": []}
    for size, engine in ((WEBGL_NODES, "vis"), (WEBGL_NODES + 1, "webgl")):
        elements = PageElements(
            [PageNode(f"firm{i}", f"Firm {i}", "Company", facts) for i in range(size)],
            [PageEdge(f"firm{i}", f"firm{(i + 1) % size}", "relation", facts) for i in range(size)],
        )
        path = tmp_path / f"{size}.html"
        path.write_text(page_html(elements), encoding="utf-8")
        page, watch = open_offline(browser, path)
        assert page.evaluate("typeof renderer === 'undefined' ? 'vis' : 'webgl'") == engine
        if engine == "webgl":
            # A big page draws its links after its things: once settled, sigma draws the graph with all of them,
            # one link per firm (firm i to firm i + 1), each drawn (a display data for each).
            assert page.evaluate("[graph.order, graph.size, renderer.getGraph() === graph]") == [size, size, True]
            assert page.evaluate("graph.filterEdges(e => renderer.getEdgeDisplayData(e) !== undefined).length") == size
            assert int(page.evaluate("document.body.dataset.thingsDrawnMs")) <= int(page.evaluate("document.body.dataset.settledMs"))
            # A ring: firm7's neighbours are firm6 and firm8.
            page.fill("#find", "Firm 7")
            page.press("#find", "Enter")
            page.wait_for_function("document.body.dataset.highlight === 'firm7'")
            assert sorted(page.evaluate("graph.neighbors('firm7')")) == ["firm6", "firm8"]
            # A big page marks the neighbourhood instead of dimming the rest.
            assert sorted(page.evaluate("graph.filterNodes(n => renderer.getNodeDisplayData(n).highlighted)")) == ["firm6", "firm7", "firm8"]
            assert page.evaluate(f"graph.filterNodes(n => renderer.getNodeDisplayData(n).color === {DIM!r}).length") == 0
        assert_quiet(watch)
        page.close()


def test_the_time_slider_hides_the_deals_announced_after_its_day(browser, pages):
    page, watch = open_offline(browser, pages["mini"])
    # tests/fixtures/mini: the investment, the compute deal and its chip in 2025-03, the partnership in 2025-04,
    # the stake in 2025-06; plain relations have no date and always show.
    hidden = "graph.filterEdges(e => renderer.getEdgeDisplayData(e).hidden).map(e => graph.getEdgeAttribute(e, 'kind'))"
    assert page.get_attribute("#as-of", "max") == "3"
    for step, text, hidden_kinds in ((0, "deals announced by 2025-03-31", ["partnership", "stake"]),
                                     (1, "deals announced by 2025-04-30", ["stake"]),
                                     (3, "all deals", [])):
        page.eval_on_selector("#as-of", f"s => {{ s.value = {step}; s.dispatchEvent(new Event('input')); }}")
        assert page.inner_text("#as-of-value") == text
        assert sorted(page.evaluate(hidden)) == hidden_kinds
    assert_quiet(watch)
    page.close()


def test_parallel_deals_share_one_line_that_lists_each_deal(browser, parallel_mini_data, run_kg, tmp_path):
    path = tmp_path / "parallel.html"
    assert run_kg("render", "--engine", "webgl", "--data", parallel_mini_data, "-o", path).exit_code == 0
    page, watch = open_offline(browser, path)
    investments = page.evaluate("graph.filterEdges((e, a) => a.kind === 'investment')")
    assert len(investments) == 1
    line = investments[0]
    assert page.evaluate(f"[graph.source({line!r}), graph.target({line!r}), graph.getEdgeAttribute({line!r}, 'deals')]") == [
        "bigcloud", "alpha-ai", 2]
    # 12 lines for 13 links: 5 deal links (investment, compute, its chip, partnership, stake), 7 relations, the second
    # investment on the first's line; no other line has a count.
    assert page.evaluate("[graph.size, graph.filterEdges((e, a) => a.deals !== undefined).length]") == [12, 1]
    assert page.inner_text("#summary").startswith("8 things · 13 links · parallel deals drawn as one line: 12 lines")
    # The legend counts deals: two investments.
    assert page.inner_text("#edge-legend li:has(input[data-kind='investment']) .count") == "2"
    # Alpha AI's compute deal with Bigcloud and Bigcloud's stake in it are drawn on the same straight line: hidden,
    # they are not under the pointer.
    page.uncheck("#edge-legend input[data-kind='compute']")
    page.uncheck("#edge-legend input[data-kind='stake']")
    tooltip = hover(page, edge_point(page, line))
    assert tooltip.startswith("2 deals: Bigcloud → Alpha AI\nInvestment (money)\n")
    assert "Amount: up to $2B" in tooltip and "Amount: $1B" in tooltip
    assert "Alpha AI raises money from Bigcloud and signs a compute deal" in tooltip and "Bigcloud takes a stake in Alpha AI" in tooltip
    # A click lists both deals in the panel, each with its own source.
    point = edge_point(page, line)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("document.querySelector('#details h2') && document.querySelector('#details h2').textContent.startsWith('2 deals')")
    assert page.inner_text("#details h2") == "2 deals: Bigcloud → Alpha AI"
    assert page.eval_on_selector_all("#details section.deal .headline", "items => items.map(i => i.textContent)") == [
        "Alpha AI raises money from Bigcloud and signs a compute deal", "Bigcloud takes a stake in Alpha AI"]
    # The line shows while one of its deals is announced: by 2025-03-31 the first is.
    page.eval_on_selector("#as-of", "s => { s.value = 0; s.dispatchEvent(new Event('input')); }")
    assert page.inner_text("#as-of-value") == "deals announced by 2025-03-31"
    assert page.evaluate(f"renderer.getEdgeDisplayData({line!r}).hidden") is False
    assert_quiet(watch)
    page.close()
