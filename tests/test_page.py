"""kg render and the page kg build writes: what the page holds, worked out by hand on the mini data.

The page is opened in a real browser in test_page_browser.py; these tests read
the HTML file itself.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kg.quantities import Quantity

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "page" / "hostile.ttl"
AID = "https://w3id.org/aicompute/id/"


def payload(html: str) -> dict:
    """The graph data the page carries (its JSON script element; on the WebGL page, with its facts element's tables)."""
    match = re.search(r'<script type="application/json" id="kg-graph">(.*?)</script>', html, re.S)
    assert match, "the page has no kg-graph data element"
    data = json.loads(match.group(1))
    facts = re.search(r'<script type="application/json" id="kg-facts">(.*?)</script>', html, re.S)
    return data | json.loads(facts.group(1)) if facts else data


def render(run_kg, *args) -> tuple[str, dict]:
    result = run_kg("render", *args, "-o", "-")
    assert result.exit_code == 0, result.output
    html = result.stdout_bytes.decode("utf-8")
    return html, payload(html)


def edge_set(data: dict) -> set[tuple[str, str, str, str]]:
    return {(e["from"], e["to"], e["kind"], e["label"]) for e in data["edges"]}


#: The mini data's edges, worked out from tests/fixtures/mini/*.yaml: (from, to, kind, label).
MINI_DEAL_EDGES = {
    ("bigcloud", "alpha-ai", "investment", "up to $2B"),
    ("alpha-ai", "bigcloud", "compute", "$6B · at least 0.5 GW"),
    ("alpha-ai", "chip-x2", "hardware", ""),  # the compute deal's hardware
    ("alpha-ai", "chipco", "partnership", ""),
    ("bigcloud", "alpha-ai", "stake", "12.5%"),
}
MINI_RELATION_EDGES = {
    ("alpha-ai", "alpha-model", "relation", ""),  # develops
    ("bigcloud-compute", "bigcloud", "relation", ""),  # operated_by
    ("chip-x1", "chipco", "relation", ""),  # manufacturer
    ("chip-x2", "chipco", "relation", ""),  # manufacturer
    ("chip-x2", "chip-x1", "relation", ""),  # successor_of
    ("ada", "alpha-ai", "relation", ""),  # ceo_of
    ("ada", "bigcloud", "relation", ""),  # former_employer
}
MINI_NODES = {"alpha-ai", "bigcloud", "chipco", "bigcloud-compute", "chip-x1", "chip-x2", "alpha-model", "ada"}


@pytest.mark.parametrize(
    ("figure", "text"),
    [
        (Quantity(value=Decimal("3E10"), unit="USD"), "$30B"),
        (Quantity(maximum=Decimal("1E10"), unit="USD"), "up to $10B"),
        (Quantity(minimum=Decimal("1"), unit="GW"), "at least 1 GW"),
        (Quantity(minimum=Decimal("1E10"), maximum=Decimal("1E11"), unit="USD"), "$10B–$100B"),
        (Quantity(value=Decimal("1.25E9"), unit="EUR"), "€1.25B"),
        (Quantity(value=Decimal("4E8"), unit="USD"), "$400M"),
        (Quantity(value=Decimal("1.5E12"), unit="USD"), "$1.5T"),
        (Quantity(maximum=Decimal("1000000")), "up to 1M"),
        (Quantity(value=Decimal("0.5"), unit="GW"), "0.5 GW"),
    ],
)
def test_figures_as_people_write_them(figure, text):
    assert figure.text() == text


def test_mini_page_has_every_thing_and_every_edge(run_kg, mini_data):
    html, data = render(run_kg, "--data", mini_data)
    assert {n["id"] for n in data["nodes"]} == MINI_NODES
    assert edge_set(data) == MINI_DEAL_EDGES | MINI_RELATION_EDGES
    assert len(data["edges"]) == 12
    classes = {n["id"]: n["group"] for n in data["nodes"]}
    assert classes["ada"] == "Person" and classes["chip-x1"] == "Chip" and classes["bigcloud-compute"] == "CloudService"
    assert "8 things · 12 links" in html


def test_edge_facts_carry_bounds_dates_status_and_sources(run_kg, mini_data):
    _html, data = render(run_kg, "--data", mini_data)
    stake = next(e for e in data["edges"] if e["kind"] == "stake")
    rows = dict(stake["facts"]["rows"])
    assert rows["Valuation"] == "$10B–$20B"
    assert rows["Stake"] == "12.5%"
    assert rows["Announced"] == "2025-06"
    assert rows["Status"] == "closed"
    assert stake["facts"]["sources"] == [
        {"headline": "Bigcloud takes a stake in Alpha AI", "publisher": "The Fixture Gazette", "date": "2025-06", "url": ""}
    ]
    compute = next(e for e in data["edges"] if e["kind"] == "compute")
    rows = dict(compute["facts"]["rows"])
    assert rows["Amount"] == "$6B" and rows["Capacity"] == "at least 0.5 GW" and rows["Online by"] == "2026"
    assert rows["Hardware"] == "X2" and rows["Service"] == "Bigcloud Compute"
    assert compute["facts"]["sources"][0]["url"] == "https://example.org/gazette/1"


def test_edges_are_directed_coloured_by_kind_and_as_wide_as_their_amount(run_kg, mini_data):
    _html, data = render(run_kg, "--data", mini_data)
    by_kind = {}
    for edge in data["edges"]:
        by_kind.setdefault(edge["kind"], []).append(edge)
    colours = {kind: {e["color"]["color"] for e in edges} for kind, edges in by_kind.items()}
    assert all(len(c) == 1 for c in colours.values()) and len({c.pop() for c in colours.values()}) == len(colours)
    assert by_kind["partnership"][0]["arrows"] == "to, from"
    assert by_kind["investment"][0]["arrows"] == "to"
    # up to $2B -> 1 + 1.5 * log10(20) = 2.95; $6B -> 1 + 1.5 * log10(60) = 3.67; no amount -> 1.5
    assert by_kind["investment"][0]["width"] == pytest.approx(2.95, abs=0.01)
    assert by_kind["compute"][0]["width"] == pytest.approx(3.67, abs=0.01)
    assert by_kind["partnership"][0]["width"] == 1.5
    assert all(e["dashes"] for e in by_kind["relation"])


def test_parallel_edges_bend_apart(run_kg, mini_data):
    _html, data = render(run_kg, "--data", mini_data)
    between = [e for e in data["edges"] if {e["from"], e["to"]} == {"alpha-ai", "bigcloud"}]
    assert len(between) == 3  # investment, compute, stake
    shapes = {json.dumps(e.get("smooth"), sort_keys=True) if e["from"] == "alpha-ai" else json.dumps(_reverse(e.get("smooth")), sort_keys=True) for e in between}
    assert len(shapes) == 3


def _reverse(smooth):
    if smooth is None:
        return None
    flipped = {"curvedCW": "curvedCCW", "curvedCCW": "curvedCW"}[smooth["type"]]
    return {**smooth, "type": flipped}


def test_nodes_are_sized_by_how_linked_they_are(run_kg, mini_data):
    _html, data = render(run_kg, "--data", mini_data)
    size = {n["id"]: n["size"] for n in data["nodes"]}
    # alpha-ai has the most distinct neighbours (bigcloud, chipco, chip-x2, alpha-model, ada): the biggest.
    assert size["alpha-ai"] == max(size.values()) == 36.0
    # bigcloud-compute has one neighbour out of alpha-ai's five: 10 + 26 * sqrt(1/5)
    assert size["bigcloud-compute"] == pytest.approx(10 + 26 * (1 / 5) ** 0.5, abs=0.05)


def test_focus_keeps_one_neighbourhood(run_kg, mini_data):
    html, data = render(run_kg, "--data", mini_data, "--focus", "alpha-ai", "--depth", "1")
    assert {n["id"] for n in data["nodes"]} == {"alpha-ai", "bigcloud", "chipco", "chip-x2", "alpha-model", "ada"}
    left_out = {("bigcloud-compute", "bigcloud", "relation", ""), ("chip-x1", "chipco", "relation", ""), ("chip-x2", "chip-x1", "relation", "")}
    assert edge_set(data) == (MINI_DEAL_EDGES | MINI_RELATION_EDGES) - left_out
    assert "around Alpha AI, depth 1" in html


def test_focus_by_label_depth_two_and_zero(run_kg, mini_data):
    _html, data = render(run_kg, "--data", mini_data, "--focus", "Bigcloud Compute", "--depth", "2")
    # bigcloud-compute -> bigcloud -> (alpha-ai, ada)
    assert {n["id"] for n in data["nodes"]} == {"bigcloud-compute", "bigcloud", "alpha-ai", "ada"}
    _html, data = render(run_kg, "--data", mini_data, "--focus", AID + "chip-x1", "--depth", "0")
    assert [n["id"] for n in data["nodes"]] == ["chip-x1"] and data["edges"] == []


def test_kinds_keep_those_edges_and_their_nodes(run_kg, mini_data):
    html, data = render(run_kg, "--data", mini_data, "--kinds", "investment,stake")
    assert edge_set(data) == {("bigcloud", "alpha-ai", "investment", "up to $2B"), ("bigcloud", "alpha-ai", "stake", "12.5%")}
    assert {n["id"] for n in data["nodes"]} == {"bigcloud", "alpha-ai"}
    assert "links: investment, stake" in html


def test_kinds_and_focus_together(run_kg, mini_data):
    # Alpha AI's money: Bigcloud's investment in it; its compute purchase from Bigcloud.
    _html, data = render(run_kg, "--data", mini_data, "--kinds", "investment,compute", "--focus", "alpha-ai")
    assert edge_set(data) == {("bigcloud", "alpha-ai", "investment", "up to $2B"), ("alpha-ai", "bigcloud", "compute", "$6B · at least 0.5 GW")}
    # Ada has no link of those kinds: her page is her alone, not an error.
    _html, data = render(run_kg, "--data", mini_data, "--kinds", "investment", "--focus", "ada")
    assert [n["id"] for n in data["nodes"]] == ["ada"] and data["edges"] == []


def test_as_of_leaves_out_later_deals(run_kg, mini_data):
    html, data = render(run_kg, "--data", mini_data, "--as-of", "2025-03-31")
    # The partnership (2025-04) and the stake (2025-06) were not known yet; every thing stays.
    later = {("alpha-ai", "chipco", "partnership", ""), ("bigcloud", "alpha-ai", "stake", "12.5%")}
    assert edge_set(data) == (MINI_DEAL_EDGES | MINI_RELATION_EDGES) - later
    assert {n["id"] for n in data["nodes"]} == MINI_NODES
    assert "as of 2025-03-31" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "alpah-ai"], "no thing 'alpah-ai' in the graph; did you mean 'alpha-ai'"),
        (["--depth", "2"], "--depth needs --focus"),
        (["--focus", "alpha-ai", "--depth", "-1"], "-1 is not in the range x>=0"),
        (["--kinds", "investment,money"], "unknown kind 'money'; choose from investment, compute"),
        (["--as-of", "2025-13-01"], "'2025-13-01' does not match the format '%Y-%m-%d'"),
        (["--graph", "missing.ttl"], "missing.ttl: file does not exist"),
    ],
)
def test_bad_usage_exits_2_with_one_clear_line(run_kg, mini_data, tmp_path, args, message):
    out = tmp_path / "page.html"
    result = run_kg("render", "--data", mini_data, "-o", out, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_writes_the_file_atomically_and_says_so(run_kg, mini_data, tmp_path):
    out = tmp_path / "site" / "graph.html"
    result = run_kg("render", "--data", mini_data, "-o", out)
    assert result.exit_code == 0
    assert f"wrote {out} (8 nodes, 12 edges)" in result.output
    assert payload(out.read_text(encoding="utf-8"))["nodes"]
    assert [p.name for p in out.parent.iterdir()] == ["graph.html"]


def test_open_launches_the_written_page(run_kg, mini_data, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("click.launch", lambda url, **kwargs: opened.append(url))
    out = tmp_path / "graph.html"
    assert run_kg("render", "--data", mini_data, "-o", out, "--open").exit_code == 0
    assert opened == [str(out.resolve())]


def test_kg_build_writes_the_page_too(run_kg, mini_data, tmp_path):
    result = run_kg("build", "--data", mini_data, "--out", tmp_path / "build")
    assert result.exit_code == 0, result.output
    page = tmp_path / "build" / "graph.html"
    assert f"wrote {page} (8 nodes, 12 edges)" in result.output
    assert edge_set(payload(page.read_text(encoding="utf-8"))) == MINI_DEAL_EDGES | MINI_RELATION_EDGES


def test_graph_file_renders_and_matches_the_data_it_came_from(run_kg, mini_data, tmp_path):
    turtle = tmp_path / "mini.ttl"
    assert run_kg("export", "--data", mini_data, "-o", turtle).exit_code == 0
    _html, from_file = render(run_kg, "--graph", turtle)
    _html, from_data = render(run_kg, "--data", mini_data)
    assert from_file == from_data


@pytest.mark.slow
def test_same_data_gives_byte_identical_pages_whatever_the_hash_seed(mini_data, tmp_path):
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"page-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "kg.cli", "render", "--data", str(mini_data), "-o", str(out)], check=True, env=env, cwd=tmp_path, capture_output=True)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
    assert b'"randomSeed":20251118' in pages[0]


class _Loads(HTMLParser):
    """Collects every URL an element would make the browser load, and every inline script's text."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "poster", "data", "action", "background") and value:
                self.urls.append(f"{tag} {name}={value}")


def test_page_loads_nothing_from_any_host(run_kg, mini_data):
    html, _data = render(run_kg, "--data", mini_data)
    parser = _Loads()
    parser.feed(html)
    assert parser.urls == []
    assert "link" not in parser.tags and "iframe" not in parser.tags
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html, re.I)
    assert "@import" not in html
    assert "jsdelivr" not in html and "cdnjs" not in html  # where pyvis's own template loads from
    assert "vis-network" in html and "new vis.Network" in html


def test_hostile_text_is_escaped_in_the_file(run_kg):
    html, data = render(run_kg, "--graph", HOSTILE, "--focus", "</script><script>alert(1)</script>")
    assert "<img src=x" not in html and "alert(1)</script>" not in html and "<script>alert(4)" not in html
    assert "\u2028" not in html
    # The heading line carries the focus label, escaped by the template.
    assert "around &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;, depth 1" in html
    labels = {n["label"] for n in data["nodes"]}
    assert labels == {"<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>"}
    (edge,) = data["edges"]
    assert edge["facts"]["sources"][0]["url"] == ""  # a javascript: URL never becomes a link
    assert edge["facts"]["title"] == "<b onmouseover=alert(3)>deal</b> \u2028 line"


def test_a_large_page_says_so_and_suggests_focus(run_kg, tmp_path):
    from kg.page.style import LARGE_PAGE

    turtle = tmp_path / "many.ttl"
    lines = ["@prefix aic: <https://w3id.org/aicompute/ontology#> .", "@prefix aid: <https://w3id.org/aicompute/id/> ."]
    lines += [f"aid:firm{i} a aic:Company ." for i in range(LARGE_PAGE + 1)]
    turtle.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "many.html"
    result = run_kg("render", "--engine", "vis", "--graph", turtle, "-o", out)
    assert result.exit_code == 0
    assert f"warning: {LARGE_PAGE + 1:,} nodes make a slow page; try --focus THING --depth 1" in result.output
    html = out.read_text(encoding="utf-8")
    assert 'id="large-notice"' in html and "kg render --focus THING --depth 1" in html
    # Left to choose, kg render draws this many things with WebGL, without the warning.
    result = run_kg("render", "--graph", turtle, "-o", out)
    assert result.exit_code == 0 and "warning" not in result.output
    html = out.read_text(encoding="utf-8")
    assert "sigma.js" in html and 'id="kg-graph"' in html and "vis.Network" not in html
    small = tmp_path / "small.html"
    lines = lines[: LARGE_PAGE + 2]
    turtle.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    assert run_kg("render", "--graph", turtle, "-o", small).exit_code == 0
    assert 'id="large-notice"' not in small.read_text(encoding="utf-8")


def test_the_webgl_page_loads_nothing_and_escapes_hostile_text(run_kg):
    html, data = render(run_kg, "--engine", "webgl", "--graph", HOSTILE, "--focus", "</script><script>alert(1)</script>")
    parser = _Loads()
    parser.feed(html)
    assert parser.urls == [] and "link" not in parser.tags and "iframe" not in parser.tags
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html, re.I) and "@import" not in html
    assert "<img src=x" not in html and "alert(1)</script>" not in html and "<script>alert(4)" not in html
    assert "\u2028" not in html
    assert "around &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;, depth 1" in html
    # Rows: [id, label, class, size, x, y, facts]; [source, target, kind, figure, width, facts, both ways, shown from,
    # deals]; facts [title, subtitle, iri, rows, note, sources].
    assert {row[1] for row in data["nodes"]} == {"<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>"}
    (edge,) = data["edges"]
    assert edge[:4] == ["img", "script", "investment", "$1B"] and edge[7] == "2025-01-01"
    assert edge[8] == 1
    facts = data["facts"][edge[5]]
    assert facts[0] == "<b onmouseover=alert(3)>deal</b> \u2028 line"
    assert data["sources"][facts[5][0]]["url"] == ""  # a javascript: URL never becomes a link
