"""Things of data/ found in text by their labels and aliases, and names that match no thing.

Matching is case- and accent-insensitive, on word boundaries, and a legal
suffix after a name ("Nvidia Corp.", "Eni S.p.A.") is read as part of it. A
capitalised run of words that matches no thing is an unknown name: a party
the curator may add to data/ (``new_things``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.data.aliases import LEGAL_SUFFIXES, fold, name_key

_SUFFIXES = "|".join(re.escape(s) for s in sorted(LEGAL_SUFFIXES, key=len, reverse=True))
_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][\w&’'-]*(?:\.[a-z]{2,3})?(?:\s+(?:[A-Z][\w&-]*|AI|&))*")


@dataclass(frozen=True)
class Mention:
    """A name in a sentence: offsets in the sentence, the thing id (None if unknown) and its type."""

    start: int
    end: int
    text: str
    thing: str | None
    type: str


@dataclass(frozen=True)
class KnownThing:
    """What extraction needs to know about one thing of data/."""

    id: str
    type: str
    label: str
    operated_by: str | None = None
    manufacturer: str | None = None
    #: the company that develops it (AI models)
    developer: str | None = None


class NameIndex:
    """Every name of every thing, compiled into one pattern."""

    def __init__(self, things: dict[str, KnownThing], names: dict[str, str]):
        self.things = things
        self.names = names  # name_key -> thing id
        keys = sorted(names, key=len, reverse=True)
        self.pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys) + r")"
            r"(?:,?\s+(?:" + _SUFFIXES + r"))?(?!\w)"
        ) if keys else None

    @classmethod
    def from_dataset(cls, dataset) -> "NameIndex":
        """An index of the things of a loaded :class:`kg.data.records.Dataset`."""
        things, names = {}, {}
        developers = {model: t.id for t in dataset.things.values() for model in t.relations.get("develops", ())}
        for thing in dataset.things.values():
            things[thing.id] = KnownThing(
                thing.id, thing.type, thing.label,
                (thing.relations.get("operated_by") or (None,))[0],
                (thing.relations.get("manufacturer") or (None,))[0],
                developers.get(thing.id),
            )
            for name in (thing.label, thing.label_it, *thing.aliases):
                if name:
                    names.setdefault(name_key(name), thing.id)
                    # "AMD (Advanced Micro Devices)": the part before a bracket is a name too
                    short = name.split(" (")[0]
                    if short != name:
                        names.setdefault(name_key(short), thing.id)
        # a person is often named by first or last name alone ("Dario"); weaker than any real name
        for thing in dataset.things.values():
            if thing.type == "Person":
                for word in thing.label.split():
                    if len(word) > 2:
                        names.setdefault(name_key(word), thing.id)
        return cls(things, names)

    def resolve(self, name: str) -> KnownThing | None:
        """The thing a name means, or None.

        Examples
        --------
        >>> index = NameIndex({"aws": KnownThing("aws", "CloudService", "Amazon Web Services")}, {"aws": "aws"})
        >>> index.resolve("A.W.S.") is None, index.resolve("aws").id
        (True, 'aws')
        """
        thing = self.names.get(name_key(name))
        return self.things[thing] if thing else None

    def mentions(self, sentence: str, folded: str, not_names: frozenset) -> list[Mention]:
        """Known things and unknown capitalised names of one sentence, in order, not overlapping."""
        found: list[Mention] = []
        if self.pattern is not None:
            for match in self.pattern.finditer(folded):
                key = name_key(" ".join(match.group(0).split()))
                thing_id = self.names.get(key)
                if thing_id is None:
                    continue
                found.append(Mention(match.start(), match.end(), sentence[match.start():match.end()], thing_id,
                                     self.things[thing_id].type))
        taken = [(m.start, m.end) for m in found]
        for match in _CAPITALISED.finditer(sentence):
            start, end = match.start(), match.end()
            if any(s < end and start < e for s, e in taken):
                continue
            words = match.group(0).split()
            while words and fold(words[0]).strip("'’") in not_names:
                start += len(words[0]) + (sentence[start + len(words[0]):].find(words[1]) if len(words) > 1 else 0)
                words = words[1:]
            if not words or all(fold(w) in not_names for w in words) or len(words[0]) < 2:
                continue
            if any("'" in w or "’" in w for w in words[:1]):
                continue  # "L'accordo": an elided article, not a name
            text = " ".join(words)
            opening = start == 0 or sentence[:start].rstrip().endswith((".", ":", "“", '"', "•", ")"))
            if opening and not re.match(r"\s+[a-zà-ú]", sentence[start + len(text):]):
                continue  # a capital that opens a sentence or heading, not followed by a verb, is no name
            found.append(Mention(start, start + len(text), text, None, "Unknown"))
        return sorted(found, key=lambda m: m.start)
