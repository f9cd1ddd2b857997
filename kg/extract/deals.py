"""The deal rules applied sentence by sentence: which kind of deal, who is in which role, which figures.

For each sentence the words of :mod:`.rules` mark a deal; the names before
them take the rule's ``left`` role and the names after them its ``right`` role
(:mod:`.roles`; so "X investe in Y" and "Y raccoglie da X" are the same deal). Three
article-level habits are followed: "5 miliardi da Microsoft e 10 da Nvidia"
gives each party its own sum (the other party comes from the last deal of
that kind); a sentence ending with a colon that names one side lets the list
items below it name the other; and a sentence with no deal of its own but
words such as "l'accordo"/"the deal" adds its figures, chips, models and
dates to the deal just before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from kg.data.aliases import fold

from .dates import FoundDate, find_dates
from .names import Mention, NameIndex
from .numbers import Figure, find_figures
from .roles import by_pairs, find_triggers, left_of, parties_of, right_of
from .rules import DealRule, Rules
from .sentences import Sentence

#: which figures a kind of deal can carry (a partnership has no gigawatts)
FIELDS_BY_KIND = {
    "Investment": {"amount", "valuation"},
    "ComputeCommitment": {"amount", "capacity", "chip_count"},
    "ChipSupplyAgreement": {"amount", "capacity", "chip_count"},
    "Partnership": {"amount"},
    "EquityStake": {"amount", "valuation", "percent"},
    "Warrant": {"share_count", "amount"},
    "Acquisition": {"amount"},
}
_CONTINUATION_REACH = 2


@dataclass
class Party:
    """A party as the deal names it: a thing id, or the name as written when no thing matches."""

    ref: str
    known: bool
    service: str | None = None


@dataclass
class Draft:
    """A deal being assembled from one or more sentences."""

    kind: str
    roles: dict[str, list[Party]]
    sentence: Sentence
    generic: bool = False
    figures: dict[str, Figure] = field(default_factory=dict)
    percent: float | None = None
    hardware: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    service: str | None = None
    site: str | None = None
    announced: str | None = None
    online_by: str | None = None
    approximate: set[str] = field(default_factory=set)
    #: the sum came with its party ("5 miliardi da Microsoft"): no other sum of the sentence is its own
    paired: bool = False
    #: how many sentences stated it
    support: int = 1
    #: where the words that stated it begin in its sentence (figures go to the nearest deal before them)
    anchor: int = 0
    #: the role of the names before the words ("the company" in a later sentence most likely means it)
    left_role: str = ""

    def party_refs(self) -> frozenset[str]:
        return frozenset(p.ref for parties in self.roles.values() for p in parties)

    def add_figure(self, name: str, figure: Figure) -> None:
        """Keep the first figure of a field, unless the new one bounds the same number ("1 GW" then "over 1 GW")."""
        old = self.figures.get(name)
        restated = old is not None and old.value is not None and old.value == figure.value and (
            old.currency_default and not figure.currency_default)  # "300 milioni", then "300 milioni di euro"
        if old is None or restated or (old.value is not None and old.value in (figure.minimum, figure.maximum)):
            self.figures[name] = figure
            if figure.approximate:
                self.approximate.add(name)


def _party(mention: Mention | Party, index: NameIndex) -> Party:
    if isinstance(mention, Party):  # a party carried over from an earlier sentence
        return mention
    if mention.thing is None:
        return Party(mention.text, False)
    if mention.type == "CloudService":
        operator = index.things[mention.thing].operated_by
        return Party(operator or mention.thing, True, service=mention.thing)
    return Party(mention.thing, True)



class ArticleReader:
    """Reads the sentences of one article in order, keeping the drafts and the context they need."""

    def __init__(self, rules: Rules, index: NameIndex, published: date | None):
        self.rules, self.index, self.published = rules, index, published
        self.drafts: list[Draft] = []
        self.lead_date: str | None = None
        self._pending_list: tuple[DealRule, list[Mention]] | None = None
        self._last: Draft | None = None
        self._distance = 0
        self._count = 0

    def read(self, sentence: Sentence) -> None:
        """Apply the rules to one sentence."""
        folded = fold(sentence.text)
        mentions = self.index.mentions(sentence.text, folded, self.rules.not_names)
        mentions = self._drop_makers(mentions, folded)
        triggers = find_triggers(self.rules, folded)
        mentions = [m for m in mentions if m.thing is not None or self._plausible_name(m, folded, triggers)]
        figures = [replace(f, sentence_start=sentence.start) for f in find_figures(self.rules, folded)]
        dates = find_dates(self.rules, folded, self.published)
        self._count += 1
        if self.lead_date is None and self._count <= 3:
            self.lead_date = next((d.text for d in dates if d.role == "announced"), None)
        made: list[Draft] = []
        if self._pending_list and sentence.list_item:
            rule, left = self._pending_list
            right = parties_of(mentions)[:1]
            if right:
                made += self._make(rule, left, right, sentence, folded, mentions)
        else:
            self._pending_list = None
            made += self._apply_rules(sentence, folded, mentions, figures, triggers)
        anchors = sorted({d.anchor for d in made})
        for draft in made:
            shared = sum(d.kind == draft.kind and d.anchor == draft.anchor for d in made) > 1
            mine = figures
            if len(anchors) > 1:  # "X investe 15 mld in Y, mentre Z punta su W con 1,3 miliardi"
                mine = [f for f in figures if max((a for a in anchors if a <= f.start), default=anchors[0]) == draft.anchor]
            self._assign(draft, mine, dates, mentions, folded, own=True, shared=shared)
        if made:
            self.drafts.extend(made)
            self._last, self._distance = made[-1], 0
            return
        self._distance += 1
        last = self._last
        cue = bool(self.rules.continuation.search(folded)) or (
            last is not None and any(m.thing in last.party_refs() for m in mentions))
        if last is not None and cue and self._distance <= _CONTINUATION_REACH:
            self._assign(last, figures, dates, mentions, folded, own=False)
            self._distance = 0

    def _plausible_name(self, mention: Mention, folded: str, triggers) -> bool:
        """An unknown name is no number word ("1 Milione"), no place ("il gigante di Redmond"), no heading word.

        One capitalised word opening a sentence is a name only when a rule's words follow it ("Fastweb fornirà").
        """
        words = folded[mention.start:mention.end].split()
        rules = self.rules
        if any(w in rules.scales or w in rules.ranges or w in rules.currency_words or w in rules.chip_units
               for w in words):
            return False
        after_words = any(t.start < mention.start <= t.end + 1 for t in triggers)  # "l'acquisizione di Adept"
        if re.search(r"(?:\bdi|\bdel|\bof)\s+$", folded[:mention.start]) and not after_words:
            return False
        if any(t.start == mention.start for t in triggers):
            return False  # "Collaborazione tecnica tra ...": the rule's own first word
        opening = mention.start == 0 or re.search(r"[.:“\"•)]\s*$", folded[:mention.start])
        verb_follows = any(0 <= t.start - mention.end <= 2 for t in triggers) or bool(
            self.rules.subject_verbs.match(folded[mention.end:]))
        return not opening or len(words) > 1 or any(c.isupper() for c in mention.text[1:]) or verb_follows

    def _drop_makers(self, mentions: list[Mention], folded: str) -> list[Mention]:
        """ "i sistemi Grace Blackwell di Nvidia": the maker of a chip is not a party to the deal."""
        kept = []
        for i, mention in enumerate(mentions):
            before = mentions[i - 1] if i else None
            if (before is not None and mention.type == "Company" and before.thing is not None
                    and self.index.things[before.thing].manufacturer == mention.thing
                    and re.fullmatch(r"\s*(?:di|of|by|da)\s+", folded[before.end:mention.start])):
                continue
            kept.append(mention)
        return kept

    def _apply_rules(self, sentence, folded, mentions, figures, triggers) -> list[Draft]:
        made: list[Draft] = []
        parties = parties_of(mentions)
        pairs = by_pairs(self.rules, figures, parties, folded)
        paired = {id(m) for _f, m in pairs}
        free = [m for m in parties if id(m) not in paired]
        for trigger in triggers:
            rule = trigger.rule
            if pairs and rule.kind == "Investment":
                made += self._paired(rule, trigger, pairs, free, sentence, folded, mentions)
                pairs = []
                continue
            left = left_of(free, trigger, folded)
            right = right_of(free, trigger, folded, all_of_clause=rule.kind == "Partnership")
            if rule.kind != "Partnership" and not left and self.rules.anaphora.search(folded[:trigger.start]):
                left = self._antecedent(rule)  # "La società francese userà i fondi per acquistare ..."
            if rule.kind != "Partnership" and left and not right and self.rules.anaphora.search(
                    folded[trigger.end:trigger.end + 60]):  # "Lambda said that Nvidia had invested ... in the company"
                right = [m for m in free if m.start < left[0].start][:1] or self._antecedent(rule)
            if rule.kind == "EquityStake" and not (left and right):
                # "X investe in Y, con una quota dell'11%": the stake is between the investment's parties
                investment = next((d for d in made if d.kind == "Investment"), None)
                if investment is not None:
                    stake = Draft("EquityStake", {"holder": investment.roles["investor"],
                                                  "company": investment.roles["investee"]}, sentence)
                    stake.anchor = trigger.start
                    made.append(stake)
                continue
            if left and not right and sentence.opens_list:
                self._pending_list = (rule, left)
                continue
            for draft in self._make(rule, left, right, sentence, folded, mentions):
                draft.anchor = trigger.start
                made.append(draft)
        return made

    def _antecedent(self, rule: DealRule) -> list:
        """The party "the company" means: the one of the last deal that stood where this rule's left role stands."""
        last = next((d for d in reversed(self.drafts) if d.left_role in d.roles), None)
        return [] if last is None else list(last.roles[last.left_role][:1])

    def _paired(self, rule, trigger, pairs, free, sentence, folded, mentions) -> list[Draft]:
        giver = "right" if rule.right == "investor" else "left"
        other_side = left_of(free, trigger, folded) if giver == "right" else right_of(free, trigger, folded, False)
        if other_side:
            other = [_party(m, self.index) for m in other_side[:1]]
        else:  # "5 miliardi da Microsoft e 10 da Nvidia" after a headline that named the investee
            previous = next((d for d in reversed(self.drafts) if d.kind == "Investment"), None)
            if previous is None or "investee" not in previous.roles:
                return []
            other = previous.roles["investee"]
        made = []
        for figure, mention in pairs:
            draft = Draft("Investment", {"investor": [_party(mention, self.index)], "investee": list(other)}, sentence)
            draft.add_figure("amount", figure)
            draft.paired = True
            made.append(draft)
        return made

    def _make(self, rule, left, right, sentence, folded, mentions) -> list[Draft]:
        if rule.kind == "Partnership":
            parties = [_party(m, self.index) for m in left + right]
            unique = list({p.ref: p for p in parties}.values())
            services = [p for p in unique if p.service]
            if services and len(unique) == 2:  # a partnership with a cloud service is a purchase of compute
                seller = services[0]
                buyer = next(p for p in unique if p is not seller)
                draft = Draft("ComputeCommitment", {"buyer": [buyer], "seller": [seller]}, sentence)
                draft.service = seller.service
                return [draft]
            if len(unique) < 2:
                return []
            return [Draft("Partnership", {"partners": unique}, sentence, generic=rule.generic)]
        if not left or not right:
            return []
        made = []
        for left_mention, right_mention in ((a, b) for a in left for b in right):
            roles = {rule.left: [_party(left_mention, self.index)], rule.right: [_party(right_mention, self.index)]}
            if roles[rule.left][0].ref == roles[rule.right][0].ref:
                continue
            draft = Draft(rule.kind, roles, sentence, left_role=rule.left)
            if rule.percent is not None:
                draft.percent = float(rule.percent)
            made.append(self._refine(draft, folded, mentions))
        return made

    def _refine(self, draft: Draft, folded: str, mentions: list[Mention]) -> Draft:
        """A cloud service names the seller's service; from a chip maker, with no cloud and no word of computing
        capacity, it is a chip supply ("NVIDIA (GPU)")."""
        for parties in draft.roles.values():
            for party in parties:
                if party.service and draft.kind == "ComputeCommitment":
                    draft.service = party.service
        chips_named = any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", folded) for w in self.rules.chip_units)
        if draft.kind == "ChipSupplyAgreement" and self.rules.compute_words.search(folded) and not chips_named:
            draft.kind = "ComputeCommitment"  # "fornirà ... capacità di calcolo"
            draft.roles = {"buyer": draft.roles["buyer"], "seller": draft.roles["seller"]}
        if draft.kind == "ComputeCommitment" and draft.service is None and not self.rules.compute_words.search(folded):
            seller = draft.roles["seller"][0].ref
            makes = self._generic_chip(seller, folded)
            if makes or any(m.thing and self.index.things[m.thing].manufacturer == seller for m in mentions):
                draft.kind = "ChipSupplyAgreement"
        return draft

    def _generic_chip(self, maker: str, folded: str) -> str | None:
        """ "NVIDIA (GPU)": the chip of that maker whose name holds the word, the shortest such name."""
        for word in self.rules.chip_units:
            if re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", folded):
                chips = [t for t in self.index.things.values()
                         if t.type == "Chip" and t.manufacturer == maker and word in fold(t.label)]
                if chips:
                    return min(chips, key=lambda t: len(t.label.split())).id
        return None

    def _assign(self, draft: Draft, figures, dates: list[FoundDate], mentions, folded, own: bool,
                shared: bool = False) -> None:
        allowed = FIELDS_BY_KIND[draft.kind] | ({"capacity", "chip_count"} if draft.generic else set())
        # one sum for several parties, or beside a sum that came with its party, is not this deal's own
        skip_amount = own and (shared or draft.paired or len(draft.roles.get("partners", ())) > 2)
        for figure in figures:
            name = figure.field
            before = folded[max(0, figure.start - 30):figure.start]
            if name == "amount" and self.rules.valuation_cue.search(before) and not self.rules.deal_nouns.search(
                    folded[max(0, figure.start - 60):figure.start]):  # "the agreement is valued at" is its amount
                name = "valuation"
            if name == "amount" and self.rules.total_cue.search(before):
                continue
            if name == "percent":
                if draft.kind == "EquityStake" and figure.value is not None:
                    draft.percent = figure.value
                    if figure.approximate:
                        draft.approximate.add("percent")
                continue
            if name in allowed and not (skip_amount and name == "amount"):
                draft.add_figure(name, figure)
        for mention in mentions:
            thing = self.index.things.get(mention.thing) if mention.thing else None
            if thing is None:
                continue
            if thing.type in ("Chip", "SystemPlatform") and thing.id not in draft.hardware:
                draft.hardware.append(thing.id)
            elif thing.type == "AIModel" and thing.id not in draft.models and (
                    thing.developer is None or thing.developer in draft.party_refs()):
                draft.models.append(thing.id)
            elif thing.type == "ComputeSite" and draft.kind == "ComputeCommitment" and draft.site is None:
                draft.site = thing.id
        if draft.kind in ("ChipSupplyAgreement",) and not draft.hardware:
            chip = self._generic_chip(draft.roles["seller"][0].ref, folded)
            if chip:
                draft.hardware.append(chip)
        for found in dates:
            if found.role == "online_by" and draft.kind != "Investment":
                draft.online_by = draft.online_by or found.text
            elif found.role == "announced":
                draft.announced = draft.announced or found.text
