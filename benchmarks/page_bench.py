"""How the graph page scales: build time, file size and time to settle in headless Chromium.

For each size a seeded synthetic graph in our vocabulary is made (companies,
chips, cloud services, people, models; investments, compute commitments with
hardware, partnerships, stakes; about 1.5 edges a node), the page is written
with kg.page, and opened offline in Debian's chromium through Playwright.
"Settle" is the time from navigation start until the layout has finished
(the page's ``data-settled``), as the page itself measures it with
``performance.now()``; "highlight" is the time a click on the most linked node
takes to dim the rest of the graph.

``--webgl NODES:EDGES`` measures the WebGL page (kg/page/webgl.py) on
synthetic page elements of that size made directly (no RDF: building and
projecting a 100,000-node RDF graph would measure rdflib, not the page), side
by side with the vis-network page of the same elements unless ``--no-vis``;
a vis page that has not settled after ``--vis-cap`` seconds is reported as
such. "layout s" is igraph's layout in Python, "html s" the rest of the
page's writing, "things s" navigation start to the first frame with every
thing drawn (``data-thingsDrawnMs``; a big page draws its links just after),
"drawn s" to the first frame with everything drawn (``data-settledMs``),
"browser cpu s" the CPU seconds all of Chromium's processes used meanwhile
(wall seconds on a busy machine wait for a core; CPU seconds less so), "renderer
cpu s" those of the page's renderer process alone (the steadiest figure under load), "hover ms" the time from a mouse move onto
the most linked node until its tooltip is visible (as Playwright sees it),
"focus ms" a click there until the rest is dimmed and redrawn, "load 1 min"
the machine's load average as the page opened. ``--baseline CHECKOUT`` first
measures the WebGL page of the same elements as another checkout's kg writes
it (its "html s" is that whole write, layout included); each WebGL page opens in
a fresh Chromium.

Usage::

    python benchmarks/page_bench.py            # 100, 1,000 and 5,000 nodes
    python benchmarks/page_bench.py 200 2000   # other sizes
    python benchmarks/page_bench.py --webgl 10000:50000 100000:150000
    mkdir /tmp/kg-main && git archive main kg | tar -x -C /tmp/kg-main   # main's kg; then side by side:
    python benchmarks/page_bench.py --webgl 10000:50000 100000:150000 --no-vis --baseline /tmp/kg-main
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, XSD

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import offline_chromium, open_offline  # noqa: E402 - test tooling, in tests/
from kg.rdf.builder import add_shortcuts, decimal_literal  # noqa: E402
from kg.page.elements import page_elements
from kg.page.elements import PageEdge, PageElements, PageNode
from kg.page.html import page_html, webgl_html
from kg.page.webgl import layout
from kg.rdf.terms import AIC, AID, SCHEMA


def synthetic_graph(nodes: int, seed: int = 1) -> Graph:
    """A graph of ``nodes`` things and about as many deals, hub-skewed, seeded."""
    rng = random.Random(seed)
    graph = Graph()
    shares = {"Chip": 0.15, "CloudService": 0.08, "Person": 0.1, "AIModel": 0.07}
    sizes = {cls: max(2, round(nodes * share)) for cls, share in shares.items()}
    sizes["Company"] = nodes - sum(sizes.values())
    things: dict[str, list] = {}
    for cls, n in sizes.items():
        things[cls] = [AID[f"{cls.lower()}-{i}"] for i in range(n)]
        for i, thing in enumerate(things[cls]):
            graph.add((thing, RDF.type, AIC[cls]))
            graph.add((thing, RDFS.label, Literal(f"{cls} {i}", lang="en")))
    companies = things["Company"]

    def hub():
        return companies[int(len(companies) * rng.random() ** 2.5)]

    for chip in things["Chip"]:
        graph.add((chip, AIC.manufacturer, hub()))
    for service in things["CloudService"]:
        graph.add((service, AIC.operatedBy, hub()))
    for person in things["Person"]:
        graph.add((person, AIC.ceo, rng.choice(companies)))
    for model in things["AIModel"]:
        graph.add((rng.choice(companies), AIC.develops, model))
    source = AID["source/bench"]
    graph.add((source, RDF.type, AIC.SourceDocument))
    graph.add((source, SCHEMA.headline, Literal("A synthetic headline", lang="en")))
    for number in range(nodes):
        deal = AID[f"deal/d{number}"]
        kind = rng.choice(("Investment", "ComputeCommitment", "Partnership", "EquityStake"))
        a, b = rng.choice(companies), hub()
        if a == b:
            continue
        graph.add((deal, RDF.type, AIC[kind]))
        graph.add((deal, RDFS.label, Literal(f"Deal {number}", lang="en")))
        graph.add((deal, AIC.announcedOn, Literal(f"{rng.randint(2019, 2025)}", datatype=XSD.gYear)))
        graph.add((deal, AIC.dealStatus, AID["status/announced"]))
        graph.add((deal, PROV.wasDerivedFrom, source))
        roles = {
            "Investment": (AIC.investor, AIC.investee),
            "ComputeCommitment": (AIC.buyer, AIC.seller),
            "Partnership": (AIC.partner, AIC.partner),
            "EquityStake": (AIC.stakeHolder, AIC.stakeIn),
        }[kind]
        graph.add((deal, roles[0], a))
        graph.add((deal, roles[1], b))
        if kind == "ComputeCommitment":
            graph.add((deal, AIC.hardware, rng.choice(things["Chip"])))
        if kind in ("Investment", "ComputeCommitment") and rng.random() < 0.8:
            amount = AID[f"deal/d{number}/amount"]
            graph.add((deal, AIC.amount, amount))
            graph.add((amount, RDF.type, SCHEMA.MonetaryAmount))
            graph.add((amount, SCHEMA.currency, Literal("USD")))
            graph.add((amount, SCHEMA.maxValue if rng.random() < 0.4 else SCHEMA.value, decimal_literal(_billions(rng))))
    return add_shortcuts(graph)


def _billions(rng: random.Random) -> Decimal:
    return Decimal(str(round(10 ** rng.uniform(8, 11), -6)))


def measure(browser, nodes: int, folder: Path) -> dict:
    graph = synthetic_graph(nodes)
    start = time.perf_counter()
    elements = page_elements(graph)
    projected = time.perf_counter() - start
    start = time.perf_counter()
    html = page_html(elements)
    written = time.perf_counter() - start
    path = folder / f"page-{nodes}.html"
    path.write_text(html, encoding="utf-8")
    page, watch = open_offline(browser, path)
    settle = int(page.evaluate("document.body.dataset.settledMs")) / 1000
    hub = page.evaluate("nodes.getIds().reduce((a, b) => network.getConnectedEdges(a).length >= network.getConnectedEdges(b).length ? a : b)")
    highlight = page.evaluate(
        "id => { const t = performance.now(); network.body.emitter.emit('click', {nodes: [id], edges: []});"
        " return performance.now() - t; }",
        hub,
    )
    assert not (watch.blocked or watch.console_errors or watch.page_errors), watch
    page.close()
    return {
        "nodes": len(elements.nodes),
        "edges": len(elements.edges),
        "projection s": projected,
        "html s": written,
        "file MB": len(html.encode("utf-8")) / 1e6,
        "settle s": settle,
        "highlight ms": highlight,
    }


def synthetic_elements(nodes: int, edges: int, seed: int = 1) -> PageElements:
    """``nodes`` things and ``edges`` deals between them, hub-skewed, with facts and a source each; seeded."""
    rng = random.Random(seed)
    classes = ("Company",) * 6 + ("Chip", "CloudService", "Person", "AIModel")
    source = {"headline": "A synthetic headline", "publisher": "The Bench Gazette", "date": "2025-01-01", "url": "https://example.org/bench"}
    things = [
        PageNode(f"n{i}", f"Thing {i}", classes[i % len(classes)],
                 {"title": f"Thing {i}", "subtitle": classes[i % len(classes)], "iri": f"https://example.org/n{i}", "rows": [], "note": "", "sources": []})
        for i in range(nodes)
    ]
    kinds = ("investment", "compute", "hardware", "partnership", "stake", "relation")
    links = []
    for number in range(edges):
        a, b = rng.randrange(nodes), int(nodes * rng.random() ** 2.5)
        if a == b:
            b = (b + 1) % nodes
        kind = kinds[number % len(kinds)]
        usd = round(10 ** rng.uniform(8, 11), -6) if kind in ("investment", "compute") else None
        year = rng.randint(2019, 2025)
        facts = {"title": f"Deal {number}", "subtitle": kind, "iri": f"https://example.org/d{number}",
                 "rows": [["Announced", str(year)]], "note": "", "sources": [source]}
        links.append(PageEdge(f"n{a}", f"n{b}", kind, facts, f"${usd / 1e9:.1f}B" if usd else "", usd, announced=str(year)))
    return PageElements(things, links)


def _hub(elements: PageElements) -> str:
    degree: dict[str, int] = {}
    for edge in elements.edges:
        degree[edge.source] = degree.get(edge.source, 0) + 1
        degree[edge.target] = degree.get(edge.target, 0) + 1
    return max(degree, key=degree.get)


def browser_cpu(browser) -> float:
    """CPU seconds used so far by all of Chromium's processes (browser, renderers, GPU), as Chromium reports them."""
    session = browser.new_browser_cdp_session()
    try:
        return sum(process["cpuTime"] for process in session.send("SystemInfo.getProcessInfo")["processInfo"])
    finally:
        session.detach()


def renderer_cpu(page) -> float:
    """CPU seconds the page's renderer process has used (the page's scripts, its parsing, its garbage collection)."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("Performance.enable")
        return next(m["value"] for m in session.send("Performance.getMetrics")["metrics"] if m["name"] == "ProcessTime")
    finally:
        session.detach()


def measure_webgl(nodes: int, edges: int, folder: Path, baseline: Path | None = None) -> list[dict]:
    """The WebGL page of this tree at one size; with ``baseline``, first the page of that checkout of the same elements."""
    elements = synthetic_elements(nodes, edges)
    rows = []
    if baseline is not None:
        path = folder / f"webgl-{nodes}-baseline.html"
        start = time.perf_counter()
        write_baseline_page(baseline, elements, path, folder)
        written = time.perf_counter() - start
        rows.append({"page": "baseline", "nodes": nodes, "edges": edges, "layout s": float("nan"), "html s": written,
                     "file MB": path.stat().st_size / 1e6, **open_webgl(path, _hub(elements))})
    start = time.perf_counter()
    layout(elements)
    laid_out = time.perf_counter() - start
    start = time.perf_counter()
    html = webgl_html(elements)  # lays out again: html s is the whole write less the layout
    written = time.perf_counter() - start - laid_out
    path = folder / f"webgl-{nodes}.html"
    path.write_text(html, encoding="utf-8")
    rows.append({"page": "webgl", "nodes": nodes, "edges": edges, "layout s": laid_out, "html s": written,
                 "file MB": len(html.encode("utf-8")) / 1e6, **open_webgl(path, _hub(elements))})
    return rows


#: Writes the WebGL page of pickled elements with the kg package of another checkout (argv: checkout, elements, page).
_BASELINE_WRITER = (
    "import pickle, sys; sys.path.insert(0, sys.argv[1]); from kg.page.html import webgl_html;"
    " elements = pickle.load(open(sys.argv[2], 'rb'));"
    " open(sys.argv[3], 'w', encoding='utf-8').write(webgl_html(elements))"
)


def write_baseline_page(checkout: Path, elements: PageElements, path: Path, folder: Path) -> None:
    """The WebGL page of ``elements`` as the kg package in ``checkout`` writes it (e.g. main's kg exported by git archive)."""
    pickled = folder / "elements.pickle"
    pickled.write_bytes(pickle.dumps(elements))
    subprocess.run([sys.executable, "-c", _BASELINE_WRITER, str(checkout), str(pickled), str(path)], check=True)


def open_webgl(path: Path, hub: str) -> dict:
    """Open a written WebGL page in a fresh Chromium (the last page's teardown must not weigh on this one): how long its
    first frames took, the CPU Chromium used, a hover and a focus on ``hub``."""
    with offline_chromium() as browser:
        return _open_webgl(browser, path, hub)


def _open_webgl(browser, path: Path, hub: str) -> dict:
    load = os.getloadavg()[0]
    before = browser_cpu(browser)
    page, watch = open_offline(browser, path)
    cpu = browser_cpu(browser) - before
    renderer = renderer_cpu(page)
    drawn = int(page.evaluate("document.body.dataset.settledMs")) / 1000
    things = int(page.evaluate("document.body.dataset.thingsDrawnMs")) / 1000
    point = page.evaluate(
        "id => { const d = renderer.getNodeDisplayData(id); const p = renderer.framedGraphToViewport(d);"
        " const r = document.getElementById('sigma').getBoundingClientRect(); return {x: p.x + r.left, y: p.y + r.top}; }",
        hub,
    )
    page.mouse.move(point["x"] + 200, point["y"] + 200)
    page.wait_for_timeout(300)
    start = time.perf_counter()
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("#tooltip", state="visible", timeout=60_000)
    hover = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    page.mouse.click(point["x"], point["y"])
    # Smaller nodes may lie on top of the hub: whichever is under the pointer is focused.
    page.wait_for_function("document.body.dataset.highlight !== undefined", timeout=60_000)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    focus = (time.perf_counter() - start) * 1000
    assert not (watch.blocked or watch.console_errors or watch.page_errors), watch
    page.close()
    return {"things s": things, "drawn s": drawn, "browser cpu s": cpu, "renderer cpu s": renderer, "load 1 min": load, "hover ms": hover, "focus ms": focus}


def measure_vis(browser, nodes: int, edges: int, folder: Path, cap_s: float) -> dict:
    elements = synthetic_elements(nodes, edges)
    start = time.perf_counter()
    html = page_html(elements, engine="vis")
    written = time.perf_counter() - start
    path = folder / f"vis-{nodes}.html"
    path.write_text(html, encoding="utf-8")
    row = {"page": "vis", "nodes": nodes, "edges": edges, "layout s": float("nan"), "html s": written,
           "file MB": len(html.encode("utf-8")) / 1e6, "things s": float("nan"), "drawn s": float("nan"), "browser cpu s": float("nan"),
           "renderer cpu s": float("nan"), "load 1 min": os.getloadavg()[0], "hover ms": float("nan"), "focus ms": float("nan")}
    before = browser_cpu(browser)
    try:
        page, _watch = open_offline(browser, path, timeout_ms=int(cap_s * 1000))
    except Exception:  # Playwright's TimeoutError: not settled within the cap
        row["drawn s"] = float("inf")
        row["browser cpu s"] = browser_cpu(browser) - before
        return row
    row["browser cpu s"] = browser_cpu(browser) - before
    row["drawn s"] = int(page.evaluate("document.body.dataset.settledMs")) / 1000
    page.close()
    return row


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=None)
    parser.add_argument("--webgl", nargs="+", default=[], metavar="NODES:EDGES", help="measure the WebGL page at these sizes")
    parser.add_argument("--no-vis", action="store_true", help="with --webgl: leave out the vis-network page")
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT",
                        help="with --webgl: also measure the WebGL page as the kg of CHECKOUT writes it (e.g. main's kg exported by git archive), first")
    parser.add_argument("--vis-cap", type=float, default=180, help="seconds to wait for a vis page to settle")
    args = parser.parse_args(argv)
    if args.webgl:
        return main_webgl(args)
    rows = []
    with tempfile.TemporaryDirectory() as folder, offline_chromium() as browser:
        for size in args.sizes or [100, 1000, 5000]:
            rows.append(measure(browser, size, Path(folder)))
            print(f"measured {size} nodes", flush=True)
    _table(rows)


def main_webgl(args) -> None:
    import igraph  # noqa: F401 - imported before the first layout is timed, which would carry the import

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.webgl:
            nodes, edges = (int(part) for part in size.split(":"))
            for row in measure_webgl(nodes, edges, Path(folder), args.baseline):
                rows.append(row)
                print(f"measured the {row['page']} page at {nodes} nodes, {edges} edges: {row}", flush=True)
            if not args.no_vis:
                with offline_chromium() as browser:
                    rows.append(measure_vis(browser, nodes, edges, Path(folder), args.vis_cap))
                print(f"measured the vis page at {nodes} nodes, {edges} edges: {rows[-1]}", flush=True)
    _table(rows)


def _table(rows: list[dict]) -> None:
    columns = list(rows[0])
    # Other work on the machine slows the browser: the load average says how busy it was.
    print(f"\nload average (1, 5, 15 min) after the run: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print("  ".join(f"{c:>13}" for c in columns))
    for row in rows:
        print("  ".join(
            f"{row[c]:>13}" if isinstance(row[c], str) else f"{row[c]:>13,}" if isinstance(row[c], int) else f"{row[c]:>13.2f}"
            for c in columns
        ))


if __name__ == "__main__":
    main()
