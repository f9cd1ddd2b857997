"""Figures in a sentence: money, gigawatts, chip and share counts, percentages, each with its bound.

The words come from the language's rules (:mod:`.rules`): "fino a"/"up to"
give a maximum, "oltre"/"more than" a minimum, "decine di"/"tens of" a range
of 10 to 100 times the scale, "circa"/"about" an approximate figure. Italian
reads "1,5" as one and a half and "1.500" as fifteen hundred; English the
other way round. Offsets are those of the folded sentence, which are the
sentence's own (folding keeps one character for one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .rules import Rules

_DIGITS = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"


@dataclass(frozen=True)
class Figure:
    """One figure: ``field`` is amount, capacity, chip_count, share_count or percent (valuation is decided later)."""

    field: str
    value: float | None
    minimum: float | None
    maximum: float | None
    start: int
    end: int
    currency: str | None = None
    approximate: bool = False
    #: the number as written, when no scale word was given ("10" in "10 da Nvidia")
    bare: bool = False
    #: money whose currency the text does not name (USD by the data's rule)
    currency_default: bool = False
    #: where its sentence starts in the article (``start``/``end`` are within the sentence)
    sentence_start: int = 0


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PATTERNS: dict[str, re.Pattern] = {}


def _pattern(rules: Rules) -> re.Pattern:
    if rules.language not in _PATTERNS:
        _PATTERNS[rules.language] = _compile(rules)
    return _PATTERNS[rules.language]


def _compile(rules: Rules) -> re.Pattern:
    single = [s for s in rules.scales if len(s) == 1]
    long_scales = [s for s in rules.scales if len(s) > 1]
    units = list(rules.capacity_units) + list(rules.chip_units) + list(rules.share_units)
    return re.compile(
        r"(?<![\w.,])(?P<sym>" + _alternation(rules.currency_symbols) + r")?\s?"
        r"(?:(?P<range>" + _alternation(rules.ranges) + r")\s+(?:di|of)\s+"
        r"|(?P<num>" + _DIGITS + r")"
        r"|(?P<word>" + _alternation(rules.number_words) + r")(?=\s))"
        r"(?:(?P<scale>\s*(?:" + _alternation(long_scales) + r")\b\.?" +
        (r"|(?:" + _alternation(single) + r")\b" if single else "") + r"))?"
        r"(?:\s+(?:di\s+|of\s+)?(?P<cur>" + _alternation(rules.currency_words) + r")\b)?"
        r"(?P<pct>\s*%|\s+(?:" + _alternation([w for w in rules.percent_words if w != "%"]) + r")\b)?"
        r"(?:\s+(?:di\s+|of\s+)?(?:(?!(?:for|per|the|to|in|con|su|da|from|a|e|and)\s)[\w-]+\s+){0,2}?"
        r"(?P<unit>" + _alternation(units) + r")\b)?"
    )


def parse_number(digits: str, decimal_mark: str) -> float:
    """A number as the language writes it.

    Examples
    --------
    >>> parse_number("1,5", ","), parse_number("1.500", ","), parse_number("1,500", "."), parse_number("1.5", ".")
    (1.5, 1500.0, 1500.0, 1.5)
    """
    group = "." if decimal_mark == "," else ","
    if re.fullmatch(r"\d{1,3}(?:" + re.escape(group) + r"\d{3})+(?:" + re.escape(decimal_mark) + r"\d+)?", digits):
        digits = digits.replace(group, "")
    return float(digits.replace(decimal_mark, ".").replace(",", "."))


_BOUNDS: dict[str, tuple[re.Pattern, re.Pattern, re.Pattern]] = {}


def _bound_patterns(rules: Rules) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    if rules.language not in _BOUNDS:
        tail = r"\s*(?:(?:a|ad|di|of|the|i|le)\s+)?$"
        _BOUNDS[rules.language] = tuple(
            re.compile(r"(?<!\w)" + words + tail) for words in (rules.bound_approx, rules.bound_max, rules.bound_min))
    return _BOUNDS[rules.language]


def _bound(rules: Rules, folded: str, start: int, end: int) -> tuple[str | None, bool]:
    before = folded[max(0, start - 40):start]
    after = folded[end:end + 12]
    approx, most, least = _bound_patterns(rules)
    approximate = bool(approx.search(before)) or any(after.lstrip().startswith(word) for word in rules.approx_after)
    for bound, pattern in (("max", most), ("min", least)):
        if pattern.search(before):
            return bound, approximate
    return None, approximate


def find_figures(rules: Rules, folded: str) -> list[Figure]:
    """Every figure of a folded sentence, in order.

    Examples
    --------
    >>> from kg.extract.rules import load_rules
    >>> [(f.field, f.value, f.minimum, f.maximum, f.currency) for f in find_figures(load_rules("en"), "up to $10 billion")]
    [('amount', None, None, 10000000000.0, 'USD')]
    >>> [(f.field, f.value) for f in find_figures(load_rules("it"), "750 megawatt")]
    [('capacity', 0.75)]
    """
    figures: list[Figure] = []
    for match in _pattern(rules).finditer(folded):
        if figures and match.start() < figures[-1].end:
            continue  # inside a figure already read ("e altri 3" of a tranche)
        groups = match.groupdict()
        scale_word = (groups["scale"] or "").strip().rstrip(".")
        scale = rules.scales.get(scale_word, 1.0)
        unit, currency = groups["unit"], None
        if groups["sym"]:
            currency = rules.currency_symbols[groups["sym"]]
        elif groups["cur"]:
            currency = rules.currency_words[groups["cur"]]
        if groups["word"] and not (scale_word or unit or groups["cur"]):
            continue  # "un" alone is an article, not a number
        if groups["range"] and not scale_word:
            continue
        low = high = None
        if groups["range"]:
            low, high = (n * scale for n in rules.ranges[groups["range"]])
            number = None
        elif groups["num"]:
            number = parse_number(groups["num"], rules.decimal_mark) * scale
        else:
            number = rules.number_words[groups["word"]] * scale
        start, end = match.start(), match.end()
        default = False
        if currency and unit not in rules.capacity_units:
            unit = None  # "$27 billion for the shares" is money
        if groups["pct"]:
            field = "percent"
        elif unit in rules.capacity_units:
            field, number = "capacity", (number * rules.capacity_units[unit] if number is not None else None)
            if number is None:
                low, high = low * rules.capacity_units[unit], high * rules.capacity_units[unit]
        elif unit in rules.chip_units:
            field = "chip_count"
        elif unit in rules.share_units:
            field = "share_count"
        elif currency or scale >= 1e6:
            field, default, currency = "amount", currency is None, currency or "USD"
            end = match.end("cur") if groups["cur"] else (match.end("scale") if scale_word else match.end("num"))
        elif groups["num"] and not scale_word:
            figures.append(Figure("bare", number, None, None, start, match.end("num"), bare=True))
            continue
        else:
            continue
        bound, approximate = _bound(rules, folded, start, end)
        if number is not None and bound:
            low, high, number = (number, None, None) if bound == "min" else (None, number, None)
        figure = Figure(field, number, low, high, start, end, currency, approximate,
                        currency_default=field == "amount" and default)
        figures.append(_tranche(rules, folded, figure, scale))
    return _inherit_scale(figures)


def _tranche(rules: Rules, folded: str, figure: Figure, scale: float) -> Figure:
    """"2 miliardi alla firma e altri 3 in seguito": the total, at most the sum of the tranches."""
    if figure.field != "amount" or figure.value is None:
        return figure
    more = re.match(rules.tranche + r"(" + _DIGITS + r")", folded[figure.end:])
    if not more:
        return figure
    total = figure.value + parse_number(more.group(1), rules.decimal_mark) * scale
    return replace(figure, value=None, maximum=total, end=figure.end + more.end())


def _inherit_scale(figures: list[Figure]) -> list[Figure]:
    """A bare number after a sum of money ("5 miliardi da X e 10 da Y") is money of the same scale."""
    out: list[Figure] = []
    last_money: Figure | None = None
    for figure in figures:
        if figure.field == "amount":
            last_money = figure
        if figure.bare and last_money is not None and figure.value is not None:
            exact = last_money.value or last_money.maximum or last_money.minimum or 0
            scale = 10 ** 9 if exact >= 1e9 else 10 ** 6 if exact >= 1e6 else 1
            figure = replace(figure, field="amount", value=figure.value * scale, currency=last_money.currency)
        if not figure.bare or figure.field == "amount":
            out.append(figure)
    return out
