"""The report's sections beyond one table per analysis: are the loops more than chance, and what changed.

Each function returns plain text or :class:`kg.tables.Table`; the
charts are SVG bytes from :mod:`kg.charts`. :mod:`kg.report` places them.
"""

from __future__ import annotations

from .quantities import write_number
from .tables import Table, refs, bounds_text, money_text

#: The chart of the null distribution, next to the report.
NULL_CHART = "circular-flows-null.svg"
#: The changes against the previous build, next to the report.
CHANGES = "changes.md"
#: Samples and seed of the significance test in the report.
REPORT_SAMPLES = 200
REPORT_SEED = 0


def significance_table(test: dict) -> Table:
    """The significance test as one table: one row per statistic."""
    rows = []
    for s in test["statistics"]:
        unit = "USD" if "USD" in s["name"] else None
        def show(value):
            if unit:
                return write_number(round(value), unit)
            return str(int(value)) if float(value).is_integer() else f"{value:.3g}"
        rows.append([s["name"], show(s["observed"]), show(s["mean"]), show(s["sd"]),
                     "—" if s["z"] is None else f"{s['z']:.2f}", f"{s['p_value']:.4g}",
                     f"{s['at_least_as_high']} of {test['samples']}"])
    return Table(f"More than chance? (seed {test['seed']})",
                 ["Statistic", "Observed", "Random mean", "Random sd", "z", "p", "Random at least as high"], rows)


def significance_chart(test: dict) -> bytes:
    """The null distributions of the test as an SVG chart, the observed figures marked."""
    from .charts import null_chart

    return null_chart(test)


def loop_stage_sentence(split: dict) -> str:
    """One sentence: how the money that returns in the loops splits by stage.

    Examples
    --------
    >>> split = {"loops": [
    ...     {"stage": "committed", "money": {"USD": {"exact": 5, "up_to": 0, "at_least": 0, "range_min": 0,
    ...      "range_max": 0, "low": 5, "high": 5}}, "deals": ["a"], "unstated": []},
    ...     {"stage": "intended", "money": {}, "deals": [], "unstated": ["b"]}]}
    >>> loop_stage_sentence(split)
    'Of the money that returns in the loops, $5 is committed and an amount not stated is intended.'
    """
    parts = [f"{money_text(row['money']) if row['money'] else 'an amount not stated'} is {row['stage']}"
             for row in split["loops"]]
    if not parts:
        return "No money returns in a loop."
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Of the money that returns in the loops, {joined}."
