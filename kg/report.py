"""The analysis report: tables of every analysis, as Markdown and JSON, with charts.

:func:`analysis_tables` turns an analysis result into readable tables (used
by ``kg analyze`` for its table, CSV and Markdown formats and by the report);
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

from .quantities import describe_quantity, describe_total
from .quantities import Quantity, number

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
}


@dataclass(frozen=True)
class Table:
    """A titled table of text cells."""

    title: str | None
    columns: list[str]
    rows: list[list[str]]


def plain_id(deal_id: str) -> str:
    """A deal reference as its bare id (for terminal and CSV output)."""
    return deal_id


def report_link(deal_id: str) -> str:
    """A deal reference as a Markdown link to its row in the report's deal list."""
    return f"[{deal_id}](#deal-{deal_id})"


def _refs(ids, link: Callable[[str], str]) -> str:
    return ", ".join(link(d) for d in ids) or "—"


def money_text(money: dict) -> str:
    """Totals per currency in words, ``—`` when there are none."""
    return "; ".join(describe_total(total, currency or None) for currency, total in money.items()) or "—"


def percent(value: float | None) -> str:
    """A fraction as a percentage with at most one decimal.

    Examples
    --------
    >>> percent(0.769231), percent(1.0), percent(None)
    ('76.9%', '100%', '?')
    """
    if value is None:
        return "?"
    return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"


def share_text(share: dict | None) -> str:
    """Share bounds as ``25% to 76.9%``, or one figure when both bounds agree."""
    if share is None:
        return "—"
    if share["low"] == share["high"]:
        return percent(share["low"])
    return f"{percent(share['low'])} to {percent(share['high'])}"


def index_text(index: dict | None) -> str:
    """Herfindahl–Hirschman bounds as ``5,000 to 6,450``."""
    if index is None:
        return "—"
    low, high = (f"{round(v):,}" if v is not None else "?" for v in (index["low"], index["high"]))
    return low if low == high else f"{low} to {high}"


def multiple_text(share: dict | None) -> str:
    """Returned share as multiples of what left: ``at least 6×``, ``3× to 4×``.

    Examples
    --------
    >>> multiple_text({"currency": "USD", "low": 6.0, "high": None}), multiple_text(None)
    ('at least 6× (USD)', 'not stated')
    >>> multiple_text({"currency": "USD", "low": 3.0, "high": 4.0})
    '3× to 4× (USD)'
    """
    if share is None:
        return "not stated"
    low = f"{share['low']:g}×" if share["low"] is not None else "?"
    if share["high"] is None:
        return f"unbounded ({share['currency']})" if share["low"] == 0 else f"at least {low} ({share['currency']})"
    high = f"{share['high']:g}×"
    return f"{low} ({share['currency']})" if low == high else f"{low} to {high} ({share['currency']})"


def analysis_tables(name: str, result, link: Callable[[str], str] = plain_id) -> list[Table]:
    """Readable tables of one analysis result; ``link`` writes each deal reference."""
    return _TABLES[name](result, link)


def _money_flows(rows, link):
    # "Shared" lists rounds whose money several named investors share with no split: not summed.
    return [Table(None, ["Company", "Direction", "Kind", "Money", "Deals", "Not stated", "Shared, no split"], [
        [r["label"], r["direction"], r["kind"], money_text(r["money"]), _refs(r["deals"], link), _refs(r["unstated"], link),
         _refs(r.get("shared", ()), link)]
        for r in rows
    ])]


def _circular_flows(cycles, link):
    rows = []
    for c in cycles:
        legs = "; ".join(
            f"{leg['from']} → {leg['to']}: "
            + ", ".join(f"{describe_quantity(d['amount'])}{' shared' if d.get('shared') else ''} ({d['kind']}, {d['date']}, {link(d['id'])})"
                        for d in leg["deals"])
            for leg in c["legs"]
        )
        rows.append([" → ".join(c["labels"]), legs, money_text(c["leaves"]), money_text(c["returns"]), multiple_text(c["returned_share"])])
    tables = [Table(None, ["Cycle", "Legs", "Leaves", "Returns", "Returned share"], rows)]
    search = getattr(cycles, "search", None)
    if search and search["cut"]:
        tables.append(Table("The list is cut", ["Stopped by", "Cycles seen", "Cycles listed", "Returning legs searched", "Note"], [[
            search["stopped_by"], f"{search['seen']:,}", f"{search['listed']:,}",
            f"{search['returning_legs_searched']:,} of {search['returning_legs']:,}", search_text(search),
        ]]))
    return tables


def search_text(search: dict) -> str:
    """What a bounded cycle search did, in words (see :class:`kg.analysis.circular_flows.Cycles`).

    Examples
    --------
    >>> search_text({"cut": True, "stopped_by": "count", "seen": 501, "listed": 500, "max_cycles": 500,
    ...              "time_limit": 5.0, "max_length": 5, "returning_legs": 380, "returning_legs_searched": 0})
    'The list is cut: the search stopped at its limit of 500 cycles (more exist); the 500 listed return the most money, then are the shortest.'
    >>> search_text({"cut": False, "stopped_by": None, "seen": 3, "listed": 3, "max_cycles": 500,
    ...              "time_limit": 5.0, "max_length": 5, "returning_legs": 9, "returning_legs_searched": 9})
    'All 3 cycles of up to 5 legs are listed.'
    """
    if not search["cut"]:
        return f"All {search['listed']:,} cycles of up to {search['max_length']} legs are listed."
    if search["stopped_by"] == "count":
        why = f"at its limit of {search['max_cycles']:,} cycles (more exist)"
    else:
        why = (f"after its limit of {search['time_limit']:g} s, having seen {search['seen']:,} cycles and searched "
               f"{search['returning_legs_searched']:,} of {search['returning_legs']:,} returning legs")
    return (f"The list is cut: the search stopped {why}; the {search['listed']:,} listed return the most money, "
            "then are the shortest.")


def _supplier_dependence(buyers, link):
    suppliers, concentration = [], []
    for b in buyers:
        for group in ("compute", "hardware"):
            part = b[group]
            for s in part["suppliers"]:
                suppliers.append([
                    b["label"], group, s["label"], ", ".join(s["via"]), money_text(s["money"]),
                    "; ".join(f"{share_text(v)} ({c})" for c, v in s["money_share"].items()) or "—",
                    "—" if s["capacity"] is None else describe_total(s["capacity"], "GW"),
                    share_text(s["capacity_share"]), _refs(s["deals"], link), _refs(s["money_unstated"], link),
                ])
            if part["suppliers"]:
                concentration.append([
                    b["label"], group, str(len(part["suppliers"])),
                    "; ".join(f"{index_text(v)} ({c})" for c, v in part["money_hhi"].items()) or "—",
                    index_text(part["capacity_hhi"]),
                ])
    return [
        Table("Suppliers", ["Buyer", "Group", "Supplier", "Via", "Money", "Money share", "Capacity", "Capacity share",
                            "Deals", "Amount not stated"], suppliers),
        Table("Concentration (Herfindahl–Hirschman index)", ["Buyer", "Group", "Suppliers", "Money HHI", "Capacity HHI"], concentration),
    ]


def _centrality(rows, link):
    return [Table(None, ["Rank", "Company", "Class", "PageRank (money view)", "Betweenness (deal view)"], [
        [str(i), r["label"], r["cls"] or "—", f"{r['pagerank']:.4f}", f"{r['betweenness']:.4f}"]
        for i, r in enumerate(rows, 1)
    ])]


def _capacity(rows, link):
    titles = {"buyer": "By buyer", "maker": "By hardware maker", "year": "By year online"}
    heads = {"buyer": "Buyer", "maker": "Hardware maker", "year": "Year online"}
    return [
        Table(titles[group], [heads[group], "Capacity", "Deals"], [
            [r["label"], describe_total(r["capacity"], "GW"), _refs(r["deals"], link)] for r in rows if r["group"] == group
        ])
        for group in titles
    ]


def _timeline(rows, link):
    return [Table(None, ["Month", "Deals", "Kinds", "Money", "Deal list", "Superseded"], [
        [r["month"] or "(no date)", str(r["count"]), ", ".join(f"{n} {k}" for k, n in r["kinds"].items()),
         money_text(r["money"]), _refs(r["deals"], link), _refs(r["superseded"], link)]
        for r in rows
    ])]


_TABLES = {
    "money-flows": _money_flows,
    "circular-flows": _circular_flows,
    "supplier-dependence": _supplier_dependence,
    "centrality": _centrality,
    "capacity": _capacity,
    "timeline": _timeline,
}


def markdown_table(table: Table) -> str:
    """A GitHub-flavoured Markdown table; ``|`` in cells is escaped and line breaks become spaces.

    Examples
    --------
    >>> print(markdown_table(Table(None, ["a", "b"], [["x|y", "z"]])))
    | a | b |
    | --- | --- |
    | x\\|y | z |
    """
    def cell(text: str) -> str:
        return " ".join(str(text).split()).replace("|", "\\|")

    lines = ["| " + " | ".join(cell(c) for c in table.columns) + " |", "|" + " --- |" * len(table.columns)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in table.rows]
    if not table.rows:
        lines.append("| " + " | ".join(["(none)"] + [""] * (len(table.columns) - 1)) + " |")
    return "\n".join(lines)


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
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def report_json(projection, results: dict, as_of: date | None = None, min_status: str | None = None) -> bytes:
    """``report.json``: every analysis result, plus the deals and sources behind them."""
    document = analysis_document(results, as_of, min_status)
    document["deals"] = {d: plain_deal(r) for d, r in projection.graph["deals"].items()}
    document["sources"] = projection.graph["sources"]
    return to_json(document)


def report_markdown(projection, results: dict, charts: dict[str, str], as_of: date | None = None,
                    min_status: str | None = None) -> str:
    """``report.md``: one section per analysis (charts linked), then the deals and sources behind the figures."""
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
         _refs(p["deals"], report_link), _refs(p["unstated"], report_link)]
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


def write_report(graph, out_dir: Path, as_of: date | None = None, min_status: str | None = None) -> list[Path]:
    """Analyse ``graph`` and write ``report.md``, ``report.json`` and the charts into ``out_dir``.

    Each file is written atomically; returns the paths written.
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
    files["report.md"] = report_markdown(projection, results, charts, as_of, min_status).encode("utf-8")
    files["report.json"] = report_json(projection, results, as_of, min_status)
    written = []
    for name, data in files.items():
        write_atomic(out_dir / name, data)
        written.append(out_dir / name)
    return written
