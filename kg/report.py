"""The analysis report: tables of every analysis, as Markdown and JSON, with charts.

:func:`write_report` writes ``report.md``, ``report.json`` and the SVG charts
next to them. Every figure names the deals behind it, and the report lists
those deals with their sources, so each number can be traced to an article.
The same graph gives the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from .quantities import Quantity, describe_quantity, number
from .tables import Table, analysis_tables, markdown_table, money_text, refs, report_link, search_text

#: Chart files, written next to the report.
MONEY_CHART = "money-flows.svg"
CAPACITY_CHART = "capacity-by-buyer.svg"

#: Section titles of the report, by analysis name.
TITLES = {
    "money-flows": "Money flows",
    "circular-flows": "Circular flows",
    "supplier-dependence": "Supplier dependence",
    "centrality": "Centrality",
    "capacity": "Capacity",
    "timeline": "Timeline",
    "promised-or-paid": "Promised or paid",
    "compute": "Compute in H100-equivalents",
}

_INTROS = {
    "money-flows": (
        "Money in and out of each company by kind of deal: investor to investee, buyer to seller. "
        "Exact, \"up to\", \"at least\" and range figures are summed apart, and the bounds of the total follow in brackets. "
        "\"Not stated\" lists the deals that give no amount."
    ),
    "circular-flows": (
        "Money that leaves a company and comes back to it through other companies (cycles of up to 5 legs), "
        "those that return the most money first, then the shortest; the search stops at a budget of cycles and "
        "seconds and says so below. "
        "Each cycle starts at an investor; *leaves* is its first leg, *returns* its last, and the returned share is "
        "returns over leaves, as bounds (an \"up to\" that leaves could be near zero, so the share may have no upper bound)."
    ),
    "supplier-dependence": (
        "For each buyer, its compute providers (sellers of compute) and hardware vendors (sellers of chips, and makers "
        "of the hardware on its compute deals), with each one's share of the committed money and capacity as bounds. "
        "Concentration is the Herfindahl–Hirschman index (0 to 10,000; 10,000 is a single supplier), also as bounds."
    ),
    "centrality": (
        "PageRank on the money view (who pays whom, each link weighted by its number of deals) finds where money "
        "converges; betweenness on the deal view (any deal between two parties, undirected) finds brokers. "
        "Over 1,000 parties betweenness is an estimate whose error is at most 0.005 for every party "
        "(with 90% confidence)."
    ),
    "capacity": (
        "Committed computing capacity in gigawatts, by buyer, by maker of the hardware named on the deal, and by the "
        "year it is due online. Bounds are kept: \"at least 1 GW\" has no upper bound."
    ),
    "timeline": (
        "Deals by month of announcement (year only when no month is known). Every deal counts in its month; "
        "superseded deals are counted but their amounts are left out of the sums."
    ),
    "promised-or-paid": (
        "Each deal's money by stage (see kg/stages.py): paid (closed), committed (signed, exact or a floor), "
        "conditional (\"up to\", ranges, options) and intended (letters of intent, talks, reports, rumours); "
        "overall, and on the legs that close the loops above."
    ),
    "compute": (
        "Chips and gigawatts in one unit: H100-equivalents (H100e), a chip's dense BF16 (else FP8) throughput over "
        "the H100's, from the sourced chip table data/compute/chips.yaml (formulas in kg/compute.py). Gigawatts become "
        "chips at the chip's power times a system overhead and a PUE, each sourced; bounds are kept. Deals whose "
        "hardware has no sourced figure are listed as not converted."
    ),
}


def plain_deal(record: dict) -> dict:
    """A deal record of :func:`kg.network.deal_records` as JSON-ready data."""
    def plain(value):
        if isinstance(value, Quantity):
            return value.as_dict()
        if isinstance(value, tuple):
            return list(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    data = {k: plain(v) for k, v in record.items()}
    data["percent"] = number(record["percent"])
    return data


def analysis_document(results: dict, as_of: date | None = None, min_status: str | None = None) -> dict:
    """What ``kg analyze --format json`` prints: the filters, every result, and how bounded searches went.

    ``search`` maps each analysis whose result was searched within a budget
    (circular flows) to its ``search`` (is the list cut, how many were seen).
    """
    searches = {name: result.search for name, result in results.items() if hasattr(result, "search")}
    return {"as_of": as_of.isoformat() if as_of else None, "min_status": min_status, "analyses": results,
            "search": searches}


def to_json(document: dict) -> bytes:
    """Deterministic, readable JSON bytes."""
    from .bulk import collector_paused, indented_json

    with collector_paused():
        return (indented_json(document) + "\n").encode("utf-8")


def report_json(projection, results: dict, as_of: date | None = None, min_status: str | None = None,
                significance: dict | None = None) -> bytes:
    """``report.json``: every analysis result, the significance test, and the deals and sources behind them."""
    document = analysis_document(results, as_of, min_status)
    document["significance"] = significance
    document["deals"] = {d: plain_deal(r) for d, r in projection.graph["deals"].items()}
    document["sources"] = projection.graph["sources"]
    return to_json(document)


def report_markdown(projection, results: dict, charts: dict[str, str], as_of: date | None = None,
                    min_status: str | None = None, extras: dict[str, list[str]] | None = None) -> str:
    """``report.md``: one section per analysis (charts linked), then the deals and sources behind the figures.

    ``extras`` maps an analysis name to Markdown lines placed after its
    tables (the significance test, the stage sentence); the key ``""`` to
    lines placed before the first section (a link to what changed).
    """
    extras = extras or {}
    deals, sources = projection.graph["deals"], projection.graph["sources"]
    scope = []
    if as_of:
        scope.append(f"as announced by {as_of.isoformat()}")
    if min_status:
        scope.append(f"deals of status {min_status} or more settled")
    lines = [
        "# The AI compute race: analysis report",
        "",
        f"Made from the knowledge graph: {len(deals)} deals, {projection.number_of_nodes()} things, {len(sources)} sources"
        + (f" ({'; '.join(scope)})" if scope else "") + ".",
        "Figures are written as reported: \"up to $5B\" is at most 5 billion dollars, \"at least 1 GW\" has no upper bound, "
        "\"$10B–$100B\" is a range; totals keep each kind apart and give their bounds in brackets. "
        "Every figure names its deals; the deals are listed, with their sources, at the end.",
        "",
        "Contents: " + " · ".join(f"[{TITLES[n]}](#{TITLES[n].lower().replace(' ', '-')})" for n in results)
        + " · [Deals behind the figures](#deals-behind-the-figures) · [Sources](#sources)",
        "",
        *extras.get("", []),
    ]
    for name, result in results.items():
        lines += [f"## {TITLES[name]}", "", _INTROS[name], ""]
        if hasattr(result, "search"):
            lines += [("**" + search_text(result.search) + "**") if result.search["cut"] else search_text(result.search), ""]
        if name in charts:
            lines += [charts[name], ""]
        for table in analysis_tables(name, result, report_link):
            if table.title:
                lines += [f"### {table.title}", ""]
            lines += [markdown_table(table), ""]
        if name == "money-flows":
            lines += _money_between_section(projection)
        lines += extras.get(name, [])
    lines += ["## Deals behind the figures", ""]
    deal_rows = [
        [f'<a id="deal-{d}"></a>`{d}`', r["label"], r["kind"], _parties(projection, r), r["date"] or "—", r["status"] or "—",
         describe_quantity(_plain_quantity(r["amount"])), describe_quantity(_plain_quantity(r["capacity"])),
         ", ".join(f"[{s}](#source-{s})" for s in r["sources"]) or "—"]
        for d, r in deals.items()
    ]
    lines += [markdown_table(Table(None, ["Deal", "Label", "Kind", "Parties", "Announced", "Status", "Amount", "Capacity",
                                           "Sources"], deal_rows)), ""]
    lines += ["## Sources", ""]
    source_rows = [
        [f'<a id="source-{s}"></a>`{s}`', r["headline"], r["publisher"] or "—", r["published"] or "—",
         f"<{r['url']}>" if r["url"] else "—"]
        for s, r in sources.items()
    ]
    lines += [markdown_table(Table(None, ["Source", "Headline", "Publisher", "Published", "URL"], source_rows)), ""]
    return "\n".join(lines)


def _money_between_section(projection) -> list[str]:
    from .analysis.money_flows import money_between

    rows = [
        [f"{p['labels'][0]} → {p['labels'][1]}", ", ".join(p["kinds"]), money_text(p["money"]),
         refs(p["deals"], report_link), refs(p["unstated"], report_link)]
        for p in money_between(projection)
    ]
    return ["### Between companies", "", markdown_table(Table(None, ["Payer → payee", "Kinds", "Money", "Deals", "Not stated"], rows)), ""]


def _plain_quantity(quantity: Quantity | None) -> dict | None:
    return None if quantity is None else quantity.as_dict()


def _parties(projection, record: dict) -> str:
    names = []
    for role, ids in record["parties"].items():
        labels = [projection.nodes[i]["label"] if i in projection else i for i in ids]
        names.append(f"{role}: {', '.join(labels)}")
    return "; ".join(names) or "—"


def write_report(graph, out_dir: Path, as_of: date | None = None, min_status: str | None = None,
                 changes: bool = False) -> list[Path]:
    """Analyse ``graph`` and write ``report.md``, ``report.json`` and the charts into ``out_dir``.

    ``changes`` says a ``changes.md`` (what changed since the previous build)
    sits next to the report: the report links it. Each file is written
    atomically; returns the paths written.
    """
    from .analysis import run_analyses
    from .analysis.money_flows import money_between
    from .charts import bar_chart, capacity_bars, money_bars
    from .rdf.serialize import write_atomic
    from .network import project

    projection = project(graph)
    results = run_analyses(projection)
    files = {
        MONEY_CHART: bar_chart(money_bars(money_between(projection)), "Money committed between companies",
                               "billions, log scale (currency as labelled)", scale=1e9),
        CAPACITY_CHART: bar_chart(capacity_bars(results["capacity"]), "Committed capacity by buyer", "gigawatts (GW), log scale"),
    }
    charts = {
        "money-flows": f"![Chart: money committed between companies, by payer and payee]({MONEY_CHART})",
        "capacity": f"![Chart: committed capacity in gigawatts, by buyer]({CAPACITY_CHART})",
    }
    extras, extra_files, test = _extra_sections(projection, results, changes)
    for name, lines in _since_2025(graph, results).items():
        extras[name] = extras.get(name, []) + lines
    files.update(extra_files)
    files["report.md"] = report_markdown(projection, results, charts, as_of, min_status, extras).encode("utf-8")
    files["report.json"] = report_json(projection, results, as_of, min_status, significance=test)
    written = []
    for name, data in files.items():
        write_atomic(out_dir / name, data)
        written.append(out_dir / name)
    return written


def _extra_sections(projection, results: dict, changes: bool) -> tuple[dict, dict, dict]:
    """The significance test, the stage sentence and the link to the changes: Markdown lines, files, the test."""
    from . import report_sections as sections
    from .analysis.significance import significance, significance_text

    test = significance(projection, samples=sections.REPORT_SAMPLES, seed=sections.REPORT_SEED,
                        time_limit=sections.REPORT_SECONDS)
    test["text"] = significance_text(test)
    section, files = ["### More than chance?", "", test["text"], ""], {}
    if test["statistics"]:  # none when the graph was too large for the test (the text says so)
        section += [f"![Chart: circular flows in randomised graphs, the observed figures marked]({sections.NULL_CHART})",
                    "", markdown_table(sections.significance_table(test)), ""]
        files[sections.NULL_CHART] = sections.significance_chart(test)
    extras = {
        "circular-flows": section,
        "promised-or-paid": [sections.loop_stage_sentence(results["promised-or-paid"]), ""],
    }
    if changes:
        extras[""] = [f"What changed since the previous build: [{sections.CHANGES}]({sections.CHANGES}).", ""]
    return extras, files, test


#: The day the report compares the graph with: what was known at the end of 2025.
END_OF_2025 = date(2025, 12, 31)


def _since_2025(graph, results: dict) -> dict[str, list[str]]:
    """Circular flows and supplier dependence as known at the end of 2025 against now, as Markdown lines."""
    from . import report_sections as sections
    from .analysis import run_analyses, scoped_projection

    before = run_analyses(scoped_projection(graph, END_OF_2025), ["circular-flows", "supplier-dependence"])
    day = END_OF_2025.isoformat()
    return {
        "circular-flows": ["### What changed in 2026", "",
                           sections.loops_since(before["circular-flows"], results["circular-flows"], day), ""],
        "supplier-dependence": ["### What changed in 2026", "",
                                sections.suppliers_since(before["supplier-dependence"], results["supplier-dependence"], day), ""],
    }
