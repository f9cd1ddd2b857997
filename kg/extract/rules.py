"""The rules of one language, read from ``rules/<lang>.yaml`` and compiled once.

The YAML files are the curator's: words that name a kind of deal and which
side of them each role stands, money and unit words, bound words, date words.
Patterns are matched against text folded by :func:`kg.data.aliases.fold`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).with_name("rules")


def supported_languages() -> tuple[str, ...]:
    """The languages with a rules file, such as ``('en', 'it')``."""
    return tuple(sorted(p.stem for p in RULES_DIR.glob("*.yaml")))


@dataclass(frozen=True)
class DealRule:
    """Words that state a deal of ``kind``; ``left``/``right`` are the roles before and after them."""

    kind: str
    left: str
    right: str
    pattern: re.Pattern
    generic: bool = False
    percent: float | None = None


def _words(words) -> str:
    """One alternation of phrases (escaped, longest first), whole words only."""
    phrases = sorted((str(w) for w in words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p) for p in phrases) + ")"


@dataclass(frozen=True)
class Rules:
    """Everything one language's rules file says, compiled."""

    language: str
    decimal_mark: str
    number_words: dict
    ranges: dict
    scales: dict
    currency_words: dict
    currency_symbols: dict
    percent_words: tuple
    bound_max: str
    bound_min: str
    bound_approx: str
    approx_after: tuple
    capacity_units: dict
    chip_units: tuple
    share_units: tuple
    valuation_cue: re.Pattern
    total_cue: re.Pattern
    tranche: str
    by: str
    dates: dict
    deals: tuple[DealRule, ...]
    continuation: re.Pattern
    announced_cue: re.Pattern
    anaphora: re.Pattern
    compute_words: re.Pattern
    deal_nouns: re.Pattern
    subject_verbs: re.Pattern
    not_names: frozenset


@lru_cache(maxsize=8)
def load_rules(language: str) -> Rules:
    """The compiled rules of ``language`` (a name of :func:`supported_languages`)."""
    raw = yaml.safe_load((RULES_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
    numbers, bounds, units = raw["numbers"], raw["bounds"], raw["units"]
    deals = tuple(
        DealRule(d["kind"], d["left"], d["right"], re.compile(r"(?<!\w)(?:" + d["words"] + ")"),
                 bool(d.get("generic")), d.get("percent"))
        for d in raw["deals"]
    )
    return Rules(
        language=raw["language"],
        decimal_mark=raw["decimal_mark"],
        number_words={str(k): v for k, v in numbers["words"].items()},
        ranges={str(k): tuple(v) for k, v in numbers["ranges"].items()},
        scales={str(k): float(v) for k, v in numbers["scales"].items()},
        currency_words={str(k): v for k, v in numbers["currency_words"].items()},
        currency_symbols={str(k): v for k, v in numbers["currency_symbols"].items()},
        percent_words=tuple(numbers["percent"]),
        bound_max=_words(bounds["max"]),
        bound_min=_words(bounds["min"]),
        bound_approx=_words(bounds["approx"]),
        approx_after=tuple(bounds.get("approx_after") or ()),
        capacity_units={str(k): float(v) for k, v in units["capacity"].items()},
        chip_units=tuple(units["chip_count"]),
        share_units=tuple(units["share_count"]),
        valuation_cue=re.compile(r"(?:" + "|".join(raw["valuation_cues"]) + r")"),
        total_cue=re.compile(r"(?:" + "|".join(raw["total_cues"]) + r")"),
        tranche=raw["tranche"],
        by=raw["by"],
        dates=raw["dates"],
        deals=deals,
        continuation=re.compile(_words(raw["continuation"])),
        announced_cue=re.compile(_words(raw["announced_cues"])),
        subject_verbs=re.compile(r"\s+" + _words(raw["subject_verbs"]) + r"(?!\w)"),
        deal_nouns=re.compile(r"(?<!\w)" + _words(raw["deal_nouns"])),
        compute_words=re.compile(r"(?<!\w)" + _words(raw["compute_words"])),
        anaphora=re.compile(r"(?<!\w)" + _words(raw["anaphora"]) + r"(?!\w)"),
        not_names=frozenset(str(w) for w in raw["not_names"]),
    )
