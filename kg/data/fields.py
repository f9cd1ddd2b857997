"""Typed readers for the fields of one YAML entry, each recording problems at the key's line.

:class:`Entry` reads ids, text, choices, dates, numbers with the K/M/B/T
suffixes and bounded quantities; :class:`Collector` gathers the problems so
``kg validate`` can list them all in one run. :mod:`kg.data.load` uses both.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..problems import Problem
from ..quantities import Quantity
from .currencies import ISO_4217
from .records import PartialDate, Where
from .yamlfile import Node

ID = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
# ASCII digits only: str.isdigit() and \d accept fullwidth and other scripts' digits.
_NUMBER = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([KMBT])?", re.IGNORECASE)
# A comma is accepted only between groups of three digits (1,000,000): "1,5B" is refused, not read as 15B.
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?\s*[KMBT]?", re.IGNORECASE)
#: Figures at or above this are refused as typing mistakes (the largest deals are some 10^12).
TOO_LARGE = Decimal(10) ** 15
#: Non-zero figures below this are refused too (no deal is measured in nano-units).
TOO_SMALL = Decimal(10) ** -9
# Control characters (terminal escapes, NUL) and lone surrogates break exports and terminals.
_BAD_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SCALE = {None: 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
_QUANTITY_KEYS = {"value", "min", "max", "approximate"}


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, so no message repeats a huge value.

    Examples
    --------
    >>> shown("x" * 100, limit=12)
    "'xxxxxxxx…"
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "…"


class Collector:
    """Problems found so far, with helpers that tie them to a node's line."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: Where, message: str, unreadable: bool = False) -> None:
        self.problems.append(Problem(where.file, where.line, message, unreadable))


class Entry:
    """One YAML mapping being read: fetches keys, records problems at the key's line."""

    def __init__(self, node: Node, file: str, kind: str, found: Collector):
        self.node, self.file, self.kind, self.found = node, file, kind, found
        self.where = Where(file, node.line)
        self.id = node.get("id")
        self.ok = True

    def at(self, key: str) -> Where:
        return Where(self.file, self.node.key_lines.get(key, self.node.line))

    def problem(self, key: str | None, message: str) -> None:
        self.ok = False
        if isinstance(self.id, str) and ID.fullmatch(self.id):
            label = f"{self.kind} '{self.id}'"
        else:
            label = self.kind if self.id is None else f"{self.kind} {shown(self.id)}"
        self.found.add(self.at(key) if key else self.where, f"{label}: {message}")

    def check_keys(self, allowed: set[str]) -> None:
        for key in self.node:
            if key not in allowed:
                self.problem(key, f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.node.get(key)
        if value is None:
            if required:
                self.problem(None, f"missing required field '{key}'")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(key, f"'{key}' must be text")
            return None
        text = str(value).strip()
        if not text:
            self.problem(key, f"'{key}' is empty")
            return None
        bad = _BAD_TEXT.search(text)
        if bad:
            self.problem(key, f"'{key}' holds the control character or lone surrogate {bad.group()!r} "
                              f"at position {bad.start()}: remove it")
            return None
        return text

    def ident(self) -> str | None:
        value = self.node.get("id")
        if value is None:
            self.problem(None, "missing required field 'id'")
            return None
        if not isinstance(value, str) or not ID.fullmatch(value):
            self.problem("id", f"id {shown(value)} must be lower-case words joined by '-' (like 'tpu-ironwood')")
            return None
        return value

    def choice(self, key: str, options: tuple[str, ...], required: bool = False) -> str | None:
        value = self.text(key, required)
        if value is not None and value not in options:
            self.problem(key, f"'{key}' is {shown(value)}, expected one of {', '.join(options)}")
            return None
        return value

    def ids(self, key: str, many: bool) -> tuple[str, ...]:
        value = self.node.get(key)
        if value is None:
            return ()
        values = value if isinstance(value, list) else [value]
        if not many and len(values) != 1:
            self.problem(key, f"'{key}' takes one id, not a list")
            return ()
        out = []
        for item in values:
            if not isinstance(item, str) or not ID.fullmatch(item):
                self.problem(key, f"'{key}' has {shown(item)}, which is not an id")
                continue
            out.append(item)
        return tuple(out)

    def date(self, key: str, required: bool = False) -> PartialDate | None:
        value = self.node.get(key)
        if value is None:
            if required:
                self.problem(None, f"missing required field '{key}'")
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as err:
            self.problem(key, f"'{key}': {err}")
            return None

    def number(self, key: str, raw: object) -> Decimal | None:
        if isinstance(raw, bool) or raw is None:
            self.problem(key, f"'{key}' must be a number, got {shown(raw)}")
            return None
        text = str(raw).strip().replace("_", "")
        if "," in text:
            if not _THOUSANDS.fullmatch(text):
                self.problem(key, f"'{key}' is {shown(raw)}: a comma only separates thousands (1,000,000); "
                                  "write decimals with a point (1.5B)")
                return None
            text = text.replace(",", "")
        number = self._parse_number(key, raw, text)
        if number is None:
            return None
        if not number.is_finite() or number >= TOO_LARGE or 0 < number < TOO_SMALL:
            self.problem(key, f"'{key}' is {shown(raw)}: a figure must be a finite number from 10^-9 to 10^15")
            return None
        return number

    def _parse_number(self, key: str, raw: object, text: str) -> Decimal | None:
        if text.startswith("-"):
            self.problem(key, f"'{key}' is negative ({shown(raw)}); amounts and quantities are never negative")
            return None
        match = _NUMBER.fullmatch(text)
        if not match:
            try:  # plain YAML floats such as 1.0e+9, and .nan / .inf, which the caller refuses
                number = Decimal(text)
            except InvalidOperation:
                number = None
            if number is None or not text.isascii():
                self.problem(key, f"'{key}' is {shown(raw)}: write a number such as 30B, 1.25B, 500M or 1000000")
                return None
            if not number.is_finite():
                return number
            return number.normalize() if number == number.to_integral() else number
        number = Decimal(match.group(1)) * _SCALE[(match.group(2) or "").upper() or None]
        if number >= TOO_LARGE:  # the caller refuses it; quantize would fail past the context's 28 digits
            return number
        return number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()

    def quantity(self, key: str, money: bool) -> Quantity | None:
        value = self.node.get(key)
        if value is None:
            return None
        if not isinstance(value, Node):
            self.problem(key, f"'{key}' must be a mapping such as {{value: 30B}}, {{max: 10B}} or {{min: 1B}}")
            return None
        allowed = _QUANTITY_KEYS | ({"currency"} if money else set()) | ({"unit"} if key == "capacity" else set())
        for inner in value:
            if inner not in allowed:
                self.problem(key, f"'{key}' has unknown key '{inner}' (allowed: {', '.join(sorted(allowed))})")
                return None
        exact = self.number(key, value["value"]) if "value" in value else None
        low = self.number(key, value["min"]) if "min" in value else None
        high = self.number(key, value["max"]) if "max" in value else None
        if not self.ok:
            return None
        if "value" in value and ("min" in value or "max" in value):
            self.problem(key, f"'{key}' has both 'value' and a bound: an exact figure has no min or max")
            return None
        if not ({"value", "min", "max"} & set(value)):
            self.problem(key, f"'{key}' needs 'value', 'min' or 'max'")
            return None
        if low is not None and high is not None and low > high:
            self.problem(key, f"'{key}' has min {low} above max {high}")
            return None
        currency = None
        if money:
            currency = str(value.get("currency", "USD"))
            if currency not in ISO_4217:
                self.problem(key, f"'{key}' has unknown currency code '{currency}' (ISO 4217, e.g. USD, EUR)")
                return None
        if key == "capacity" and str(value.get("unit", "GW")) != "GW":
            self.problem(key, "'capacity' is in gigawatts: unit must be GW")
            return None
        approximate = value.get("approximate", False)
        if not isinstance(approximate, bool):
            self.problem(key, f"'{key}' has approximate: {shown(approximate)}; write true or false")
            return None
        unit = currency if money else ("GW" if key == "capacity" else None)
        return Quantity(exact, low, high, unit, Where(self.file, value.line), approximate)
