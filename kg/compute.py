"""Compute in one unit: the chip table, H100-equivalents, and a deal's chips and gigawatts converted.

The table is ``data/compute/chips.yaml`` (format in ``data/README.md``): per chip,
the maker's dense BF16 and/or FP8 throughput (TFLOPS) and power (W) as a dated
or named page prints them, each row citing sources of ``data/``. Its rows are
checked by :func:`load_table` (known keys, positive figures, cited sources known).

The formulas:

H100-equivalent factor of a chip
    ``f = chip dense BF16 / H100 dense BF16`` when both rows give BF16, else the
    same in FP8; no factor (not convertible) when they share neither.
Watts per chip, all in
    ``W = chip power x system overhead x PUE``; the overhead and the PUE bounds
    are the table's ``per_gigawatt`` figures, each sourced.
A deal with a chip count ``n`` (bounds kept)
    ``H100e = n x f``; ``GW = n x W / 1e9`` (low end with the lowest PUE).
A deal with gigawatts ``g`` and no chip count
    ``H100e = g x 1e9 / W x f`` (low end with the highest PUE).

A deal naming several chips with rows takes the lowest and highest of them as
its bounds (which one is used is not stated). A deal with a count or gigawatts
whose hardware has no row, or whose rows lack the figure needed, is not
converted; :func:`deal_compute` says why.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from .paths import shipped_data_dir
from .problems import InputError, Problem

#: libyaml's parser where PyYAML has it: the shipped files are read on every analysis, ten times faster so.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ROW_KEYS = {"id", "label", "maker", "things", "dense_bf16_tflops", "dense_fp8_tflops", "power_w", "sources", "evidence"}
_FIGURES = ("dense_bf16_tflops", "dense_fp8_tflops", "power_w")


@dataclass(frozen=True)
class ChipTable:
    """The checked chip table: rows by id, the reference row, overhead and PUE bounds, thing id -> row id."""

    rows: dict[str, dict]
    reference: str
    overhead: float
    pue: tuple[float, float]
    sources: dict[str, list[str]]
    things: dict[str, str]

    def factor(self, row_id: str) -> float | None:
        """The H100-equivalent factor of a row (None when it shares no precision with the reference).

        Examples
        --------
        >>> table = load_table()
        >>> table.factor("nvidia-h100"), round(table.factor("nvidia-b200-gb200"), 4)
        (1.0, 2.5268)
        """
        row, ref = self.rows[row_id], self.rows[self.reference]
        for key in ("dense_bf16_tflops", "dense_fp8_tflops"):
            if row.get(key) and ref.get(key):
                return row[key] / ref[key]
        return None

    def watts(self, row_id: str) -> tuple[float, float] | None:
        """All-in watts per chip of a row, low and high (PUE bounds); None without a power figure."""
        power = self.rows[row_id].get("power_w")
        if not power:
            return None
        return power * self.overhead * self.pue[0], power * self.overhead * self.pue[1]



def table_path() -> Path:
    """Where the chip table lives: ``data/compute/chips.yaml`` of the shipped data."""
    return shipped_data_dir() / "compute" / "chips.yaml"


def load_table(path: Path | None = None, known_sources: set[str] | None = None) -> ChipTable:
    """Read and check the chip table; an :class:`~kg.problems.InputError` naming the row if it is wrong.

    ``known_sources``: the source ids rows may cite (by default those of the
    shipped data's YAML files).
    """
    path = path or table_path()
    document = _read(path)
    problems: list[str] = []
    if known_sources is None:
        known_sources = _shipped_source_ids(path.parent.parent)
    rows = {}
    for row in document.get("chips") or []:
        name = row.get("id", "?")
        unknown = sorted(set(row) - _ROW_KEYS)
        if unknown:
            problems.append(f"chip '{name}': unknown key '{unknown[0]}'")
        for key in _FIGURES:
            if key in row and not (isinstance(row[key], (int, float)) and row[key] > 0):
                problems.append(f"chip '{name}': {key} must be a positive number")
        if not row.get("sources"):
            problems.append(f"chip '{name}': cites no source")
        problems += [f"chip '{name}': unknown source '{s}'" for s in row.get("sources") or [] if s not in known_sources]
        if name in rows:
            problems.append(f"chip '{name}': defined twice")
        rows[name] = row
    per_gw = document.get("per_gigawatt") or {}
    overhead = (per_gw.get("system_overhead") or {}).get("value")
    pue = per_gw.get("pue") or {}
    for key in ("system_overhead_source", "pue_source"):
        if per_gw.get(key) not in known_sources:
            problems.append(f"per_gigawatt: {key} '{per_gw.get(key)}' is not a known source")
    if not overhead or not pue.get("min") or not pue.get("max"):
        problems.append("per_gigawatt: needs system_overhead {value} and pue {min, max}")
    reference = document.get("reference")
    if reference not in rows:
        problems.append(f"reference '{reference}' is not a row of the table")
    if problems:
        raise InputError([Problem(str(path), 0, text, True) for text in problems])
    things = {thing: row_id for row_id, row in rows.items() for thing in row.get("things") or []}
    return ChipTable(rows, reference, float(overhead), (float(pue["min"]), float(pue["max"])),
                     {"system_overhead": [per_gw["system_overhead_source"]], "pue": [per_gw["pue_source"]]}, things)


def _read(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}  # noqa: S506 - a safe loader


def _shipped_source_ids(data_dir: Path) -> frozenset[str]:
    # Read again only when a file is added, removed or changed (each build's analyses ask).
    stamps = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in sorted(data_dir.glob("*.yaml")))
    return _source_ids(stamps)


@functools.lru_cache(maxsize=4)
def _source_ids(stamps: tuple[tuple[str, int, int], ...]) -> frozenset[str]:
    return frozenset(entry.get("id") for path, _mtime, _size in stamps for entry in _read(Path(path)).get("sources") or [])


def _bounds(quantity) -> tuple[float, float | None]:
    if quantity.value is not None:
        return float(quantity.value), float(quantity.value)
    low = float(quantity.minimum) if quantity.minimum is not None else 0.0
    return low, float(quantity.maximum) if quantity.maximum is not None else None


def _times(a: float | None, b: float) -> float | None:
    return None if a is None else a * b


def deal_compute(projection, deal_id: str, table: ChipTable | None = None) -> dict | None:
    """A deal's chips or gigawatts in H100-equivalents and gigawatts, with bounds; None if it states neither.

    Returns ``{"h100e": {"min", "max"}, "gw": {"min", "max"}, "via", "chips", "unmatched"}``
    (``max`` None when open), or ``{"h100e": None, "gw": None, "why": ...}`` when it cannot be converted.

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> deal_compute(project(example_graph()), "alpha-compute")["why"]
    'no sourced figure for its hardware (chip-x)'
    """
    table = table or _default_table()
    deal = projection.graph["deals"][deal_id]
    count, capacity = deal["chip_count"], deal["capacity"]
    if count is None and capacity is None:
        return None
    matched = sorted({table.things[h] for h in deal["hardware"] if h in table.things})
    unmatched = [h for h in deal["hardware"] if h not in table.things]
    factors = [table.factor(r) for r in matched]
    if not deal["hardware"]:
        return _not_converted("names no hardware")
    if not matched or None in factors:
        return _not_converted(f"no sourced figure for its hardware ({', '.join(deal['hardware'])})")
    watts = [table.watts(r) for r in matched]
    stated_gw = None if capacity is None else _bounds(capacity)
    if count is not None:
        low, high = _bounds(count)
        h100e = (low * min(factors), _times(high, max(factors)))
        gw = stated_gw
        if gw is None and None not in watts:
            gw = (low * min(w[0] for w in watts) / 1e9, _times(high, max(w[1] for w in watts) / 1e9))
        via = "chips"
    else:
        if None in watts:
            return _not_converted(f"no sourced power for {', '.join(r for r, w in zip(matched, watts) if w is None)}")
        per_gw_low = min(f / w[1] for f, w in zip(factors, watts)) * 1e9
        per_gw_high = max(f / w[0] for f, w in zip(factors, watts)) * 1e9
        h100e = (stated_gw[0] * per_gw_low, _times(stated_gw[1], per_gw_high))
        gw, via = stated_gw, "gigawatts"
    return {
        "h100e": {"min": round(h100e[0]), "max": None if h100e[1] is None else round(h100e[1])},
        "gw": None if gw is None else {"min": round(gw[0], 9), "max": None if gw[1] is None else round(gw[1], 9)},
        "via": via, "chips": matched, "unmatched": unmatched,
    }


def _not_converted(why: str) -> dict:
    return {"h100e": None, "gw": None, "why": why}


_TABLE: list[ChipTable] = []


def _default_table() -> ChipTable:
    if not _TABLE:
        _TABLE.append(load_table())
    return _TABLE[0]
