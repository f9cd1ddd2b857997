"""The one way names are compared: case-, accent- and legal-suffix-insensitive.

The loader uses :func:`name_key` to refuse a name two things claim; ``kg
extract`` uses :func:`fold` to find names in an article without moving
character offsets (each character folds to exactly one character).

Examples
--------
>>> name_key("Nvidia Corp.")
'nvidia'
>>> name_key("  Microsoft   Azure ")
'microsoft azure'
>>> fold("Società")
'societa'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Legal forms a name may carry or drop ("Nvidia Corp." is "Nvidia").
LEGAL_SUFFIXES = (
    "inc", "inc.", "incorporated", "corp", "corp.", "corporation", "co.", "ltd", "ltd.", "limited",
    "llc", "plc", "ag", "se", "sa", "s.a.", "spa", "s.p.a.", "s.r.l.", "srl", "gmbh", "n.v.", "nv", "b.v.",
)
_SUFFIX = re.compile(
    r"(?:,?\s+(?:" + "|".join(re.escape(s) for s in sorted(LEGAL_SUFFIXES, key=len, reverse=True)) + r"))+\s*$"
)
_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return _APOSTROPHES[char]
    base = unicodedata.normalize("NFKD", char)[:1] or char
    lower = base.lower()
    return lower if len(lower) == 1 else char


def fold(text: str) -> str:
    """Lower-case ``text`` and drop accents, one character for one (offsets stay valid)."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


def name_key(name: str) -> str:
    """The key two names share when they name the same thing: folded, spaces collapsed, no legal suffix."""
    folded = " ".join(fold(name).split())
    return _SUFFIX.sub("", folded).strip() or folded
