"""Dates in a sentence, worked out from the article's publication date.

dateparser reads full dates in either language ("18 novembre 2025",
"November 18, 2025") and weekdays, taking the most recent one on or before
publication ("martedì", "last Tuesday"). It does not read "martedì scorso" or
"il mese scorso" (checked with dateparser 1.5), so the rules file names those
words and this module works them out. A year after "entro"/"by" or "nella
seconda metà del" is when capacity comes online, not when the deal was made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .rules import Rules


@dataclass(frozen=True)
class FoundDate:
    """A date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), what it dates (``announced`` or ``online_by``), its offsets."""

    text: str
    role: str
    start: int
    end: int


def _words(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PATTERNS: dict[str, dict[str, re.Pattern]] = {}


def _patterns(rules: Rules) -> dict[str, re.Pattern]:
    if rules.language in _PATTERNS:
        return _PATTERNS[rules.language]
    d = rules.dates
    weekdays, months = _words(d["weekdays"]), _words(d["months"])
    compiled = {
        "full": re.compile(r"\b(?:\d{1,2}\s+(?:" + months + r")\s+\d{4}|(?:" + months + r")\s+\d{1,2},?\s+\d{4})\b"),
        "month_year": re.compile(r"\b(?:" + months + r")\s+(?:del\s+|of\s+)?(\d{4})\b"),
        "weekday": re.compile(r"\b(?:(last|scors[oa])\s+)?(" + weekdays + r")(?:\s+(scors[oa]))?\b"),
        "last_month": re.compile(r"(?:" + _words(d["last_month"]) + r")\b"),
        "today": re.compile(r"\b(?:" + _words(d["today"]) + r")\b"),
        "yesterday": re.compile(r"\b(?:" + _words(d["yesterday"]) + r")\b"),
        "online_by": re.compile(r"\b(?:" + _words(d["online_by"]) + r")\s+(?:(?:il|la|the)\s+)?((?:19|20)\d{2})\b"),
        "since": re.compile(r"\b(?:" + _words(d["since"]) + r")\s+(?:(?:il|the)\s+)?((?:19|20)\d{2})\b"),
    }
    _PATTERNS[rules.language] = compiled
    return compiled


def _parse_full(text: str, language: str, published: date | None) -> str | None:
    import dateparser

    base = datetime.combine(published, datetime.min.time()) if published else None
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base:
        settings["RELATIVE_BASE"] = base
    parsed = dateparser.parse(text, languages=[language], settings=settings)
    return parsed.date().isoformat() if parsed else None


def _weekday_before(published: date, weekday: int, strictly: bool) -> date:
    """The last ``weekday`` on or before ``published`` (strictly before for "last Tuesday")."""
    back = (published.weekday() - weekday) % 7
    if back == 0 and strictly:
        back = 7
    return published - timedelta(days=back)


def find_dates(rules: Rules, folded: str, published: date | None) -> list[FoundDate]:
    """The dates of a folded sentence, in order; relative ones only when ``published`` is known.

    Examples
    --------
    >>> from kg.extract.rules import load_rules
    >>> [d.text for d in find_dates(load_rules("it"), "annunciato martedi scorso", date(2025, 11, 20))]
    ['2025-11-18']
    >>> [(d.text, d.role) for d in find_dates(load_rules("it"), "nella seconda meta del 2026", None)]
    [('2026', 'online_by')]
    """
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def add(text: str | None, role: str, match: re.Match) -> None:
        if text and not any(s < match.end() and match.start() < e for s, e in taken):
            found.append(FoundDate(text, role, match.start(), match.end()))
            taken.append((match.start(), match.end()))

    pats = _patterns(rules)
    for match in pats["full"].finditer(folded):
        add(_parse_full(match.group(0), rules.language, published), "announced", match)
    for match in pats["online_by"].finditer(folded):
        add(match.group(1), "online_by", match)
    for match in pats["month_year"].finditer(folded):
        add(f"{match.group(1)}-{rules.dates['months'][match.group(0).split()[0]]:02d}", "announced", match)
    for match in pats["since"].finditer(folded):
        year = int(match.group(1))
        role = "online_by" if published and year >= published.year else "announced"
        add(match.group(1), role, match)
    if published:
        for match in pats["weekday"].finditer(folded):
            weekday = rules.dates["weekdays"][match.group(2)]
            add(_weekday_before(published, weekday, bool(match.group(1) or match.group(3))).isoformat(),
                "announced", match)
        for match in pats["last_month"].finditer(folded):
            first = published.replace(day=1) - timedelta(days=1)
            add(f"{first.year}-{first.month:02d}", "announced", match)
        for match in pats["today"].finditer(folded):
            add(published.isoformat(), "announced", match)
        for match in pats["yesterday"].finditer(folded):
            add((published - timedelta(days=1)).isoformat(), "announced", match)
    return sorted(found, key=lambda d: d.start)
