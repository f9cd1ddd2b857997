"""One article through every step: text -> language -> sentences -> drafts -> candidates.

The rest of kg reaches extraction through :func:`kg.api.extract`, which calls
:func:`extract_articles`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from kg.data.aliases import fold

from .candidates import merge_drafts, new_things, to_candidate
from .deals import ArticleReader
from .language import choose_language
from .names import NameIndex
from .rules import load_rules, supported_languages
from .sentences import split_sentences
from .text import Article


@dataclass
class Extraction:
    """The candidates and unknown names of one or more articles."""

    candidates: list[dict] = field(default_factory=list)
    new_things: list[dict] = field(default_factory=list)
    #: article name -> the language it was read in
    languages: dict[str, str] = field(default_factory=dict)
    #: candidates left out because a curator rejected them before
    skipped_rejected: int = 0
    #: article name -> its text (offsets of the candidates point into it)
    texts: dict[str, str] = field(default_factory=dict)

    def as_document(self) -> dict:
        """``{"candidates": [...], "new_things": [...]}``."""
        return {"candidates": self.candidates, "new_things": self.new_things}


def extract_articles(articles: list[Article], index: NameIndex, *, language: str = "auto",
                     published: date | None = None, source: str | None = None,
                     rejected: frozenset[str] = frozenset(), known_deals: dict | None = None,
                     plain_numbers: bool = False) -> Extraction:
    """Read every article; candidates in article order, unknown names once each.

    ``known_deals`` maps (type, parties) to the ids of deals already in data/:
    a candidate between the same parties lists them under ``in_data`` (the
    curator decides whether it is one of them or a new deal).
    """
    supported = supported_languages()
    result = Extraction()
    names: dict[str, dict] = {}
    for article in articles:
        lang = choose_language(article.text, language, supported, article.name)
        rules = load_rules(lang)
        result.languages[article.name] = lang
        result.texts[article.name] = article.text
        reader = ArticleReader(rules, index, published)
        for sentence in split_sentences(article.text, lang):
            reader.read(sentence)
        drafts = merge_drafts(reader.drafts)
        _one_currency(drafts)
        status = "announced" if rules.announced_cue.search(fold(article.text)) else "reported"
        text_date = reader.lead_date or (published.isoformat() if published else None)
        for draft in drafts:
            candidate = to_candidate(draft, text_date, status, source, article.name, plain_numbers)
            if candidate["fingerprint"] in rejected:
                result.skipped_rejected += 1
                continue
            in_data = (known_deals or {}).get(deal_key(candidate))
            if in_data:
                candidate["in_data"] = list(in_data)
            result.candidates.append(candidate)
        for thing in new_things(drafts):
            names.setdefault(thing["label"], thing)
    used = {str(v) for c in result.candidates for k, v in c.items() if k in ("investor", "investee", "buyer", "seller",
                                                                              "holder", "company", "issuer", "acquirer",
                                                                              "acquired")}
    used |= {p for c in result.candidates for p in c.get("partners", ())}
    result.new_things = [t for name, t in names.items() if name in used]
    return result


def deal_key(deal: dict) -> tuple:
    """A deal's type and parties, the same for a candidate and a data/ deal."""
    roles = []
    for role in ("investor", "investee", "buyer", "seller", "holder", "company", "issuer", "acquirer", "acquired"):
        if role in deal:
            roles.append((role, str(deal[role])))
    if "partners" in deal:
        roles.append(("partners", tuple(sorted(deal["partners"]))))
    return deal["type"], tuple(roles)


def _one_currency(drafts) -> None:
    """A currency, not the dollar, named earlier in the article carries to a later sum that names none
    ("un'intesa da 500 milioni di euro ... pari a 100 milioni")."""
    named = sorted((f.sentence_start + f.start, f.currency) for d in drafts for f in d.figures.values()
                   if f.currency and not f.currency_default)
    for draft in drafts:
        for key, figure in draft.figures.items():
            if not figure.currency_default:
                continue
            before = {currency for at, currency in named if at < figure.sentence_start + figure.start}
            if len(before) == 1 and "USD" not in before:
                draft.figures[key] = replace(figure, currency=before.pop(), currency_default=False)
