"""The report's charts as SVG: bounded figures drawn as bars, text kept as text.

The part of a figure that is certain (its lower bound) is a solid bar; the
part between its lower and upper bound is a lighter, hatched bar; a figure with no upper bound
is drawn to the edge of the plot and marked "open". The axis is logarithmic, so
figures of different sizes all show; each bar's label gives its figures in
words. The SVG keeps its text as ``<text>`` (``svg.fonttype = 'none'``) so names stay searchable and readable
by screen readers, and it is deterministic: a fixed ``svg.hashsalt`` and no
date in the metadata, so the same data gives the same bytes.

A chart is laid out in inches worked out before it is drawn (the bar labels'
widths are measured with the same font metrics the SVG writer uses), so
matplotlib draws it once; a tight bounding box would draw it twice. Axis
figures are plain text ("0.1", "1", "1,000"), not mathtext powers of ten,
which are slow to lay out and which screen readers spell digit by digit.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from .quantities import describe_total

#: matplotlib settings for every chart: text as text (never mathtext, so "$" is a dollar sign), stable ids, one font.
RC = {"svg.fonttype": "none", "svg.hashsalt": "aicompute-kg", "font.family": "DejaVu Sans", "font.size": 10,
      "text.parse_math": False}
#: Most bars in one chart: beyond this a chart draws the largest (a graph of all-to-all deals has hundreds
#: of pairs, which matplotlib takes minutes to lay out and nobody can read).
MAX_BARS = 40
_SOLID = "#2f6f9f"
_BOUNDED = "#a9c9e2"

#: Layout of a bar chart, in inches: plot width, height per bar and around the bars, room above (title) and
#: below (axis figures and name), the least room at each side, and the margin kept around the text.
_PLOT_WIDTH, _ROW, _ROW_PAD, _TOP, _BOTTOM, _MIN_SIDE, _PAD = 8.5, 0.35, 0.55, 0.45, 0.65, 0.3, 0.1
#: Between a bar label and the axis: matplotlib's tick (3.5 pt) and its padding (3.5 pt), and the margin.
_TICK_ROOM = 7 / 72 + _PAD


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
    >>> svg.startswith(b"<?xml") and b"Alpha \\xe2\\x86\\x92 Beta: $5 + up to $2 ($5\\xe2\\x80\\x93$7)" in svg
    True
    """
    import matplotlib
    from matplotlib.figure import Figure

    if len(bars) > MAX_BARS:
        title = f"{title} (the {MAX_BARS} largest of {len(bars):,})"
        largest = set(sorted(range(len(bars)), key=lambda i: -_size(bars[i]))[:MAX_BARS])
        bars = [bar for i, bar in enumerate(bars) if i in largest]
    with matplotlib.rc_context(RC):
        labels = [_tick(bar) for bar in bars]
        span = _span(bars, scale)
        # inches: room for the longest bar label, the plot, and half the last axis figure, which sits on the right edge
        left = max(_width(labels) + _TICK_ROOM, _MIN_SIDE)
        right = max(_width([_figure(span[1])]) / 2 + _PAD, _MIN_SIDE) if bars else _MIN_SIDE
        plot = _ROW * max(len(bars), 1) + _ROW_PAD
        width, height = left + _PLOT_WIDTH + right, _TOP + plot + _BOTTOM
        figure = Figure(figsize=(width, height))
        axes = figure.add_axes((left / width, _BOTTOM / height, _PLOT_WIDTH / width, plot / height))
        axes.set_title(title)
        axes.set_xlabel(axis)
        if not bars:
            axes.text(0.5, 0.5, "No stated figures", ha="center", va="center", transform=axes.transAxes)
            axes.set_yticks([])
        else:
            _draw(axes, bars, labels, scale, span)
        out = io.BytesIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _width(texts: list[str]) -> float:
    """The width in inches of the widest of ``texts`` as a tick label, by the font metrics the SVG writer uses."""
    import matplotlib
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(size=matplotlib.rcParams["ytick.labelsize"])
    return max((text_to_path.get_text_width_height_descent(t, font, ismath=False)[0] for t in texts), default=0.0) / 72


def _size(bar: Bar) -> float:
    """How large a bar is drawn: its upper bound, or its lower bound when open."""
    return float(bar.total["high"] if bar.total["high"] is not None else bar.total["low"])


def _span(bars: list[Bar], scale: float) -> tuple[float, float]:
    """The axis' ends: a power of ten below the smallest figure and above the largest (open bars run to the right one)."""
    import math

    # A log scale, so that 100 million and 300 billion both show.
    figures = [v / scale for b in bars for v in (b.total["low"], b.total["high"]) if v]
    if not figures:
        return 1.0, 10.0
    return 10.0 ** (math.floor(math.log10(min(figures))) - 1), 10.0 ** (math.ceil(math.log10(max(figures))) + 1)


def _draw(axes, bars: list[Bar], labels: list[str], scale: float, span: tuple[float, float]) -> None:
    from matplotlib.ticker import FuncFormatter, NullFormatter

    floor, edge = span
    positions = list(range(len(bars)))[::-1]  # first bar at the top
    for y, bar in zip(positions, bars):
        low = max(bar.total["low"] / scale, floor)
        high = edge if bar.total["high"] is None else max(bar.total["high"] / scale, floor)
        if bar.total["low"]:
            axes.barh(y, low - floor, left=floor, color=_SOLID, height=0.6)
        if high > low:
            axes.barh(y, high - low, left=low, color=_BOUNDED, hatch="//", edgecolor=_SOLID, linewidth=0, height=0.6)
    axes.set_xscale("log")
    axes.set_xlim(floor, edge)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _position: _figure(value)))
    axes.xaxis.set_minor_formatter(NullFormatter())
    axes.set_yticks(positions, labels)
    axes.spines[["top", "right"]].set_visible(False)


def _figure(value: float) -> str:
    """A power of ten on the axis as plain text.

    Examples
    --------
    >>> [_figure(v) for v in (0.001, 0.1, 1.0, 10.0, 10_000.0)]
    ['0.001', '0.1', '1', '10', '10,000']
    """
    import math

    decimals = max(0, -math.floor(math.log10(value) + 1e-9)) if value > 0 else 0
    return f"{value:,.{decimals}f}"


def _tick(bar: Bar) -> str:
    name = bar.name if len(bar.name) <= 48 else bar.name[:47] + "…"
    return f"{name}: {describe_total(bar.total, bar.unit)}" + (", open" if bar.total["high"] is None else "")


def null_chart(test: dict) -> bytes:
    """Histograms of a significance test's random figures (:mod:`kg.analysis.significance`), observed marked.

    Examples
    --------
    >>> test = {"samples": 3, "seed": 0, "statistics": [
    ...     {"name": "cycles", "observed": 2, "null": [1, 1, 2], "p_value": 0.75},
    ...     {"name": "money returned (USD)", "observed": 5e9, "null": [1e9, 2e9, 5e9], "p_value": 0.5}]}
    >>> b"observed" in null_chart(test)
    True
    """
    import matplotlib
    from matplotlib.figure import Figure

    panels = len(test["statistics"])
    # inches, fixed: each panel has room on its left for its counts and their name, the last for its last figure
    width, height, side, right, top, bottom = 11.0, 3.4, 0.8, 0.35, 0.45, 0.55
    panel = (width - side * panels - right) / panels
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(width, height))
        for i, statistic in enumerate(test["statistics"]):
            axes = figure.add_axes(((side + i * (panel + side)) / width, bottom / height, panel / width,
                                    (height - top - bottom) / height))
            scale = 1e9 if "USD" in statistic["name"] else 1.0
            values = [v / scale for v in statistic["null"]]
            axes.hist(values, bins=min(30, max(len(set(values)), 1)), color=_BOUNDED, edgecolor=_SOLID)
            axes.axvline(statistic["observed"] / scale, color="#b03a2e", linewidth=2,
                         label=f"observed (p = {statistic['p_value']:.3g})")
            axes.set_xlabel(statistic["name"].replace("(USD)", "(USD billions)"))
            axes.set_ylabel("random graphs")
            axes.yaxis.get_major_locator().set_params(integer=True)  # counts of graphs: no 2.5
            axes.legend(loc="upper right", frameon=False)
            axes.spines[["top", "right"]].set_visible(False)
        figure.suptitle(f"Circular flows against {test['samples']} degree-preserving randomisations (seed {test['seed']})")
        out = io.BytesIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
