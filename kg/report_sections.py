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
#: Seconds the report's significance test may spend drawing samples (it says so when it stops early).
REPORT_SECONDS = 5.0


def significance_table(test: dict) -> Table:
    """The significance test as one table: one row per statistic."""
    rows = []
    for s in test["statistics"]:
        unit = "USD" if "USD" in s["name"] else None
        def show(value):
            if unit:
                return write_number(round(value), unit)
            return f"{int(value):,}" if float(value).is_integer() else f"{value:.3g}"
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


def _counted(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def loops_since(before: list, now: list, day: str) -> str:
    """The circular flows known on ``day`` against those known now, in one sentence.

    Examples
    --------
    >>> loops_since([{"companies": ["a", "b"]}], [{"companies": ["a", "b"]}, {"companies": ["a", "c"]}], "2025-12-31")
    'On 2025-12-31 the graph held 1 circular flow through 2 companies; with the deals announced since, 2 circular flows through 3 companies.'

    A list the search cut (its ``search`` says so) gives lower bounds, and the sentence says that:

    >>> from kg.analysis.circular_flows import Cycles
    >>> loops_since([], Cycles([{"companies": ["a", "b"]}], {"cut": True}), "2025-12-31")  # doctest: +NORMALIZE_WHITESPACE
    'On 2025-12-31 the graph held 0 circular flows through 0 companies; with the deals announced since, more than
    1 circular flow (the list stopped at its limit) through at least 2 companies.'
    """
    def cut(cycles):
        return bool(getattr(cycles, "search", {}).get("cut"))

    def through(cycles):
        return ("at least " if cut(cycles) else "") + _counted(
            len({node for cycle in cycles for node in cycle["companies"]}), "company", "companies")

    def loops(cycles):
        if cut(cycles):
            return f"more than {_counted(len(cycles), 'circular flow', 'circular flows')} (the list stopped at its limit)"
        return _counted(len(cycles), "circular flow", "circular flows")

    return (f"On {day} the graph held {loops(before)} through {through(before)}; "
            f"with the deals announced since, {loops(now)} through {through(now)}.")


def suppliers_since(before: list, now: list, day: str) -> str:
    """Which buyers' numbers of compute providers and hardware vendors changed since ``day``.

    Examples
    --------
    >>> def buyer(label, compute, hardware):
    ...     return {"label": label, "compute": {"suppliers": [{}] * compute}, "hardware": {"suppliers": [{}] * hardware}}
    >>> suppliers_since([buyer("Alpha", 1, 1)], [buyer("Alpha", 2, 1), buyer("Beta", 0, 1)], "2025-12-31")
    'Changed since 2025-12-31: Alpha, compute providers 1 → 2; Beta, hardware vendors 0 → 1.'
    """
    def counts(buyers):
        return {b["label"]: (len(b["compute"]["suppliers"]), len(b["hardware"]["suppliers"])) for b in buyers}

    old, new = counts(before), counts(now)
    changes = []
    for label in sorted(set(old) | set(new)):
        for index, group in enumerate(("compute providers", "hardware vendors")):
            was, is_ = old.get(label, (0, 0))[index], new.get(label, (0, 0))[index]
            if was != is_:
                changes.append(f"{label}, {group} {was} → {is_}")
    return f"Changed since {day}: " + "; ".join(changes) + "." if changes else f"No buyer's suppliers changed since {day}."
