"""The analyses as tables of text, for ``kg analyze`` (table, CSV, Markdown) and for the report.

:func:`analysis_tables` turns an analysis result into :class:`Table` s whose
cells are text: figures written by :mod:`kg.quantities`, shares and indices
as bounds, and the deals behind each row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .quantities import describe_quantity, describe_total


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


def refs(ids, link: Callable[[str], str]) -> str:
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
    return [Table(None, ["Company", "Direction", "Kind", "Money", "By stage", "Deals", "Not stated", "Shared, no split"], [
        [r["label"], r["direction"], r["kind"], money_text(r["money"]),
         "; ".join(f"{stage}: {money_text(money)}" for stage, money in r["by_stage"].items()) or "—",
         refs(r["deals"], link), refs(r["unstated"], link), refs(r.get("shared", ()), link)]
        for r in rows
    ])]


def _circular_flows(cycles, link):
    rows = []
    for c in cycles:
        legs = "; ".join(
            f"{leg['from']} → {leg['to']}: "
            + ", ".join(f"{describe_quantity(d['amount'])}{' shared' if d.get('shared') else ''} ({d['kind']}, {d['stage']}, {d['date']}, {link(d['id'])})"
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
                    share_text(s["capacity_share"]), refs(s["deals"], link), refs(s["money_unstated"], link),
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
            [r["label"], describe_total(r["capacity"], "GW"), refs(r["deals"], link)] for r in rows if r["group"] == group
        ])
        for group in titles
    ]


def _timeline(rows, link):
    return [Table(None, ["Month", "Deals", "Kinds", "Money", "Deal list", "Superseded"], [
        [r["month"] or "(no date)", str(r["count"]), ", ".join(f"{n} {k}" for k, n in r["kinds"].items()),
         money_text(r["money"]), refs(r["deals"], link), refs(r["superseded"], link)]
        for r in rows
    ])]


def promised_or_paid_tables(split: dict, link) -> list[Table]:
    """The promised-or-paid analysis as tables: all money, and the money returning in loops, by stage."""
    return [
        Table(title, ["Stage", "Money", "Deals", "Not stated"], [
            [r["stage"], money_text(r["money"]), refs(r["deals"], link), refs(r["unstated"], link)] for r in split[part]
        ])
        for part, title in (("money", "All money between companies"), ("loops", "Money that returns in the loops"))
    ]


def compute_tables(result: dict, link) -> list[Table]:
    """The compute analysis as tables: H100e by buyer, maker and year, and the deals not converted."""
    titles = {"buyer": "H100e by buyer", "maker": "H100e by hardware maker", "year": "H100e by year online"}
    tables = [
        Table(title, [group.capitalize(), "H100e", "Gigawatts", "Deals"], [
            [r["label"], bounds_text(r["h100e"]), bounds_text(r["gw"] or None, "GW"), refs(r["deals"], link)]
            for r in result["groups"] if r["group"] == group
        ])
        for group, title in titles.items()
    ]
    tables.append(Table("Not converted", ["Deal", "Why"], [[link(r["deal"]), r["why"]] for r in result["not_converted"]]))
    return tables


def bounds_text(figure: dict | None, unit: str | None = None) -> str:
    """``{"min", "max"}`` bounds in words: one figure, a range, "up to" or "at least".

    Examples
    --------
    >>> bounds_text({"min": 1010714, "max": 1010714}), bounds_text({"min": 0, "max": 2331481})
    ('1.01M', 'up to 2.33M')
    >>> bounds_text({"min": 1.0, "max": None}, "GW"), bounds_text({"min": 0.96, "max": 1.05}, "GW"), bounds_text(None)
    ('at least 1 GW', '0.96–1.05 GW', '—')
    >>> bounds_text({"min": 0.0024024, "max": 0.0026208}, "GW")
    '0.0024–0.00262 GW'
    """
    from .quantities import write_number as written

    def write_number(value, unit):  # gigawatts to three significant figures: a thousand chips is a few MW
        return f"{value:.3g} {unit}" if unit == "GW" else written(value, unit)

    if figure is None:
        return "—"
    low, high = figure["min"], figure["max"]
    if high is None:
        return f"at least {write_number(low, unit)}"
    if low == high:
        return write_number(low, unit)
    if not low:
        return f"up to {write_number(high, unit)}"
    text = f"{write_number(low, unit)}–{write_number(high, unit)}"
    return text.replace(f" {unit}–", "–") if unit else text


_TABLES = {
    "money-flows": _money_flows,
    "circular-flows": _circular_flows,
    "supplier-dependence": _supplier_dependence,
    "centrality": _centrality,
    "capacity": _capacity,
    "timeline": _timeline,
    "promised-or-paid": promised_or_paid_tables,
    "compute": compute_tables,
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
