"""How the graph page scales: build time, file size and time to settle in headless Chromium.

For each size a seeded synthetic graph in our vocabulary is made (companies,
chips, cloud services, people, models; investments, compute commitments with
hardware, partnerships, stakes; about 1.5 edges a node), the page is written
with kg.page, and opened offline in Debian's chromium through Playwright.
"Settle" is the time from navigation start until the layout has finished
(the page's ``data-settled``), as the page itself measures it with
``performance.now()``; "highlight" is the time a click on the most linked node
takes to dim the rest of the graph.

Usage::

    python benchmarks/page_bench.py            # 100, 1,000 and 5,000 nodes
    python benchmarks/page_bench.py 200 2000   # other sizes
"""

from __future__ import annotations

import argparse
import os
import random
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
from kg.page.html import page_html
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000])
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as folder, offline_chromium() as browser:
        for size in args.sizes:
            rows.append(measure(browser, size, Path(folder)))
            print(f"measured {size} nodes", flush=True)
    columns = list(rows[0])
    # Other work on the machine slows the browser: the load average says how busy it was.
    print(f"\nload average (1, 5, 15 min) after the run: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print("  ".join(f"{c:>13}" for c in columns))
    for row in rows:
        print("  ".join(f"{row[c]:>13,}" if isinstance(row[c], int) else f"{row[c]:>13.2f}" for c in columns))


if __name__ == "__main__":
    main()
