"""Candidates scored against hand-written gold deals: precision, recall, and dates right.

A candidate matches a gold deal when the kind, every party in its role and
every figure (value or bounds, and the currency of money) are the same; a
figure on one side only is a mismatch. Dates are not part of a match: they
are counted apart, over the matched deals whose gold gives a date.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("investor", "investee", "buyer", "seller", "holder", "company", "issuer", "acquirer", "acquired", "partners")
FIGURES = ("amount", "valuation", "capacity", "chip_count", "share_count")
_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}


def _number(raw) -> float:
    text = str(raw).strip().replace(",", "")
    if text[-1:].upper() in _SCALE:
        return float(text[:-1]) * _SCALE[text[-1].upper()]
    return float(text)


def _figure(name: str, raw: dict | None):
    if raw is None:
        return None
    bounds = tuple(round(_number(raw[k]), 6) if k in raw else None for k in ("value", "min", "max"))
    currency = raw.get("currency", "USD") if name in ("amount", "valuation") else None
    return bounds, currency


def deal_signature(deal: dict) -> tuple:
    """What must agree for a candidate to match a gold deal."""
    roles = tuple((r, tuple(sorted(map(str, deal[r]))) if r == "partners" else str(deal[r])) for r in ROLES if r in deal)
    figures = tuple((f, _figure(f, deal.get(f))) for f in FIGURES)
    percent = round(float(deal["percent"]), 3) if deal.get("percent") is not None else None
    return deal["type"], roles, figures, percent


@dataclass(frozen=True)
class Score:
    """Counts for one article or many."""

    gold: int
    found: int
    matched: int
    dated: int = 0
    dated_right: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.gold + other.gold, self.found + other.found, self.matched + other.matched,
                     self.dated + other.dated, self.dated_right + other.dated_right)


def score(candidates: list[dict], gold: list[dict]) -> Score:
    """Match candidates to gold deals one to one.

    Examples
    --------
    >>> gold = [{"type": "Investment", "investor": "a", "investee": "b", "amount": {"max": "5B"}}]
    >>> found = [{"type": "Investment", "investor": "a", "investee": "b", "amount": {"max": 5000000000, "currency": "USD"}},
    ...          {"type": "Investment", "investor": "b", "investee": "a"}]
    >>> s = score(found, gold); (s.precision, s.recall)
    (0.5, 1.0)
    """
    left = list(candidates)
    matched = dated = dated_right = 0
    for deal in gold:
        signature = deal_signature(deal)
        hit = next((c for c in left if deal_signature(c) == signature), None)
        if hit is None:
            continue
        left.remove(hit)
        matched += 1
        for key in ("announced", "online_by"):
            if key in deal:
                dated += 1
                dated_right += str(hit.get(key)) == str(deal[key])
    return Score(len(gold), len(candidates), matched, dated, dated_right)
