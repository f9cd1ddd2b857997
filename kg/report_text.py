"""The words and tables of the report and of ``kg analyze``: figures, shares and references as text.

Shared by :mod:`kg.report` (one table per analysis), :mod:`kg.report_sections`
(the sections beyond one table) and the commands that print tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .quantities import describe_total


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
