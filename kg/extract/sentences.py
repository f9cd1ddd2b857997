"""An article cut into sentences that know their character offsets.

Lines are cut first (a headline, a list item or a heading is a unit of its
own even without a full stop), then sentencex (Wikimedia's rule-based
segmenter, with abbreviation lists for Italian and English) cuts each line.
On a 1,000-word article with Italian rules pysbd took 272 ms, more than the
whole 0.1 s budget, and sentencex 1 ms (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[•*·▪‣◦-])\s+")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text, its offsets in the article, whether it is a list item and ends with a colon."""

    text: str
    start: int
    end: int
    list_item: bool = False

    @property
    def opens_list(self) -> bool:
        """True when the sentence ends with a colon (a list of parties may follow)."""
        return self.text.rstrip().endswith(":")


def split_sentences(text: str, language: str) -> list[Sentence]:
    """The sentences of ``text`` in order, stripped, with ``text[start:end] == sentence.text``.

    Examples
    --------
    >>> [s.text for s in split_sentences("Headline\\nNvidia invests. It is big.", "en")]
    ['Headline', 'Nvidia invests.', 'It is big.']
    """
    from sentencex import segment

    out: list[Sentence] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        line_start = offset
        offset += len(line)
        if not line.strip():
            continue
        marker = _LIST_ITEM.match(line)
        item = bool(marker)
        cursor = line_start
        pending_start = None
        for piece in segment(language, line):
            stripped = piece.strip()
            if not stripped:
                continue
            if marker and pending_start is None and _LIST_ITEM.fullmatch(stripped + " "):
                pending_start = text.find(stripped, cursor, offset)  # "1." cut off its item: keep them together
                cursor = pending_start + len(stripped)
                continue
            start = text.find(stripped, cursor, offset)
            if start < 0:  # sentencex changed the text (it does not in practice): fall back to the cursor
                start = cursor
            end = start + len(stripped)
            if pending_start is not None:
                start, pending_start = pending_start, -1
            out.append(Sentence(text[start:end], start, end, item))
            item = False
            cursor = end
    return out
