"""Which names take which role around the words of a deal rule, in one sentence.

A rule's words are found leftmost and longest first; the names before them
(with those joined by "e"/"and"/"," to the nearest) take the rule's left
role, the first name after them (all the joined names, for a partnership)
its right role. A name inside the words takes the right role after "da",
"from" or a verb ("acquisterà da Oracle capacità", "granted OpenAI a
warrant"), the left one after "di"/"of" ("l'impegno di Anthropic ad acquistare").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import Mention
from .numbers import Figure
from .rules import DealRule, Rules

PARTY_TYPES = ("Company", "CloudService", "Unknown")
COORDINATION = re.compile(r"^\s*(?:,\s*(?:e|and)?|e|ed|and|&|-|–|/)\s*$")
_WINDOW_WORDS = 12


@dataclass(eq=False)
class Trigger:
    rule: DealRule
    start: int
    end: int


def parties_of(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.type in PARTY_TYPES]


_OWNER = re.compile(r"(?:\bdi|\bdel|\bdella|\bof)\s+$")


def inside_right(mention: Mention, trigger: Trigger, folded: str) -> bool:
    """A name inside the rule's words is on the right ("acquistera da Oracle capacita", "granted OpenAI a warrant"),
    unless it owns the words ("l'impegno di Anthropic ad acquistare")."""
    return trigger.start < mention.start < trigger.end and not _OWNER.search(folded[:mention.start])


def left_of(parties: list[Mention], trigger: Trigger, folded: str) -> list[Mention]:
    before = [m for m in parties if m.end <= trigger.end and not inside_right(m, trigger, folded)]

    def chain(mentions: list[Mention]) -> list[Mention]:
        chosen = [mentions[-1]]
        for mention in reversed(mentions[:-1]):
            if COORDINATION.match(folded[mention.end:chosen[0].start]):
                chosen.insert(0, mention)
            else:
                break
        return chosen

    if not before:
        return []
    nearest = chain(before)
    known = [m for m in before if m.thing is not None]
    # an unknown name nearer than every known one ("modelli di Intelligenza Artificiale") yields to the known
    return nearest if any(m.thing for m in nearest) or not known else chain(known)


def right_of(parties: list[Mention], trigger: Trigger, folded: str, all_of_clause: bool) -> list[Mention]:
    after = [m for m in parties if m.start >= trigger.end or inside_right(m, trigger, folded)]
    if not after:
        return []
    gap = folded[max(trigger.end if after[0].start >= trigger.end else after[0].start, 0):after[0].start]
    if len(gap.split()) > _WINDOW_WORDS or re.search(r"[;.]\s" if not all_of_clause else r"[,;.]\s", gap):
        return []
    chosen = [after[0]]
    if not all_of_clause:  # "guidato da Aker e Nvidia": names joined by "e"/"and"/"," only
        for mention in after[1:]:
            if not COORDINATION.match(folded[chosen[-1].end:mention.start]):
                break
            chosen.append(mention)
        return chosen
    for mention in after[1:]:  # "tra Microsoft, Nvidia e Anthropic", "con Nvidia e la startup Anthropic"
        gap = folded[chosen[-1].end:mention.start]
        if COORDINATION.match(gap) or (not re.search(r"[,;.:(]", gap) and len(gap.split()) <= 6 and
                                        re.match(r"\s*(?:e|ed|and)\s", gap)):
            chosen.append(mention)
        else:
            break
    return chosen


def find_triggers(rules: Rules, folded: str) -> list[Trigger]:
    """Every rule's words, leftmost and longest first, none overlapping ("was backed by" over "backed")."""
    matches = [Trigger(rule, m.start(), m.end()) for rule in rules.deals for m in rule.pattern.finditer(folded)]
    matches.sort(key=lambda t: (t.start, -(t.end - t.start), t.rule.generic))
    found: list[Trigger] = []
    for trigger in matches:
        if not any(t.start < trigger.end and trigger.start < t.end for t in found):
            found.append(trigger)
    return found


def by_pairs(rules: Rules, figures: list[Figure], parties: list[Mention], folded: str) -> list[tuple[Figure, Mention]]:
    """ "5 miliardi da parte di Microsoft": a sum and the party it comes from."""
    pairs = []
    for figure in figures:
        if figure.field != "amount":
            continue
        link = re.match(r"\s+(?:" + rules.by + r")\s+", folded[figure.end:])
        if not link:
            continue
        at = figure.end + link.end()
        party = next((m for m in parties if m.start == at), None)
        joined = party is not None and any(COORDINATION.match(folded[party.end:m.start]) for m in parties
                                           if m.start > party.end)
        if party is not None and not joined:  # "$1.5 billion from Nvidia and TWG Global" is one sum for both
            pairs.append((figure, party))
    return pairs
