"""The report's charts as SVG: bounded figures drawn as bars, text kept as text.

The part of a figure that is certain (its lower bound) is a solid bar; the
part between its lower and upper bound is a lighter, hatched bar; a figure with no upper bound
is drawn to the edge of the plot and marked "open". The axis is logarithmic, so
figures of different sizes all show; each bar's label gives its figures in
words. The SVG keeps its text as ``<text>`` (``svg.fonttype = 'none'``) so names stay searchable and readable
by screen readers, and it is deterministic: a fixed ``svg.hashsalt`` and no
date in the metadata, so the same data gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from .quantities import describe_total

#: matplotlib settings for every chart: text as text, stable ids, one font.
RC = {"svg.fonttype": "none", "svg.hashsalt": "aicompute-kg", "font.family": "DejaVu Sans", "font.size": 10}
#: Most bars in one chart: beyond this a chart draws the largest (a graph of all-to-all deals has hundreds
#: of pairs, which matplotlib takes minutes to lay out and nobody can read).
MAX_BARS = 40
_SOLID = "#2f6f9f"
_BOUNDED = "#a9c9e2"


@dataclass(frozen=True)
class Bar:
    """One bar: its name, the total it draws (plain, from ``Total.as_dict``) and the unit."""

    name: str
    total: dict
    unit: str | None


def money_bars(pairs: list[dict]) -> list[Bar]:
    """One bar per payer, payee and currency from :func:`kg.analysis.money_flows.money_between`."""
    bars = []
    for pair in pairs:
        for currency, total in pair["money"].items():
            bars.append(Bar(f"{pair['labels'][0]} → {pair['labels'][1]}", total, currency))
    return bars


def capacity_bars(rows: list[dict]) -> list[Bar]:
    """One bar per buyer from :func:`kg.analysis.capacity.capacity`."""
    return [Bar(row["label"], row["capacity"], "GW") for row in rows if row["group"] == "buyer" and row["capacity"]]


def bar_chart(bars: list[Bar], title: str, axis: str, scale: float = 1.0) -> bytes:
    """A horizontal bar chart of bounded totals as SVG bytes; ``scale`` divides the figures for the axis.

    Examples
    --------
    >>> svg = bar_chart([Bar("Alpha → Beta", {"exact": 5, "up_to": 2, "at_least": 0, "range_min": 0,
    ...     "range_max": 0, "low": 5, "high": 7}, "USD")], "Money", "USD")
    >>> svg.startswith(b"<?xml") and b"Alpha \\xe2\\x86\\x92 Beta" in svg
    True
    """
    import matplotlib
    from matplotlib.figure import Figure

    if len(bars) > MAX_BARS:
        title = f"{title} (the {MAX_BARS} largest of {len(bars):,})"
        largest = set(sorted(range(len(bars)), key=lambda i: -_size(bars[i]))[:MAX_BARS])
        bars = [bar for i, bar in enumerate(bars) if i in largest]
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(11, 1.2 + 0.45 * max(len(bars), 1)), layout=None)
        axes = figure.add_subplot()
        axes.set_title(title)
        axes.set_xlabel(axis)
        if not bars:
            axes.text(0.5, 0.5, "No stated figures", ha="center", va="center", transform=axes.transAxes)
            axes.set_yticks([])
        else:
            _draw(axes, bars, scale)
        out = io.BytesIO()
        figure.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return out.getvalue()


def _size(bar: Bar) -> float:
    """How large a bar is drawn: its upper bound, or its lower bound when open."""
    return float(bar.total["high"] if bar.total["high"] is not None else bar.total["low"])


def _draw(axes, bars: list[Bar], scale: float) -> None:
    import math

    positions = list(range(len(bars)))[::-1]  # first bar at the top
    figures = [v / scale for b in bars for v in (b.total["low"], b.total["high"]) if v]
    # A log scale, so that 100 million and 300 billion both show; open bars run to the right edge.
    floor = 10 ** (math.floor(math.log10(min(figures))) - 1) if figures else 1.0
    edge = 10 ** (math.ceil(math.log10(max(figures))) + 1) if figures else 10.0
    for y, bar in zip(positions, bars):
        low = max(bar.total["low"] / scale, floor)
        high = edge if bar.total["high"] is None else max(bar.total["high"] / scale, floor)
        if bar.total["low"]:
            axes.barh(y, low - floor, left=floor, color=_SOLID, height=0.6)
        if high > low:
            axes.barh(y, high - low, left=low, color=_BOUNDED, hatch="//", edgecolor=_SOLID, linewidth=0, height=0.6)
    axes.set_xscale("log")
    axes.set_xlim(floor, edge)
    axes.set_yticks(positions, [_tick(bar) for bar in bars])
    axes.spines[["top", "right"]].set_visible(False)


def _tick(bar: Bar) -> str:
    name = bar.name if len(bar.name) <= 48 else bar.name[:47] + "…"
    note = describe_total(bar.total, bar.unit) + (", open" if bar.total["high"] is None else "")
    return f"{name}: {note}".replace("$", r"\$")  # a plain dollar sign, not matplotlib's mathtext
