"""Read ``data/*.yaml`` into checked, typed records, naming file and line for every problem.

All problems are collected before anything fails, so ``kg validate`` lists
them in one run.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..rdf import terms as vocab
from .aliases import name_key
from .currencies import ISO_4217
from ..problems import InputError, Problem, display_path
from .records import DEAL_LINKS, DEAL_ROLES, THING_LITERALS, THING_RELATIONS, THING_TYPES, Dataset, Deal, NotConfirmed, PartialDate, Relation, Source, Thing, Where
from ..quantities import Quantity
from ..rdf.terms import DEAL_TYPES
from .yamlfile import Node, YamlReadError, read_yaml

SECTIONS = ("sources", "things", "deals", "not_confirmed")
_ID = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
# ASCII digits only: str.isdigit() and \d accept fullwidth and other scripts' digits.
_NUMBER = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([KMBT])?", re.IGNORECASE)
# A comma is accepted only between groups of three digits (1,000,000): "1,5B" is refused, not read as 15B.
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?\s*[KMBT]?", re.IGNORECASE)
#: Figures at or above this are refused as typing mistakes (the largest deals are some 10^12).
TOO_LARGE = Decimal(10) ** 15
#: Non-zero figures below this are refused too (no deal is measured in nano-units).
TOO_SMALL = Decimal(10) ** -9
# Control characters (terminal escapes, NUL) and lone surrogates break exports and terminals.
_BAD_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SCALE = {None: 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
_QID = re.compile(r"Q[1-9][0-9]*")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

_SOURCE_KEYS = {"id", "headline", "publisher", "language", "published", "url", "original_outlet"}
_THING_KEYS = {"id", "type", "label", "label_it", "aliases", "wikidata", "sources", "note"}
_DEAL_KEYS = {
    "id", "type", "announced", "status", "sources", "label", "evidence", "amount", "valuation",
    "capacity", "chip_count", "online_by", "supersedes", "note", *DEAL_LINKS,
}
_QUANTITY_KEYS = {"value", "min", "max"}


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, so no message repeats a huge value.

    Examples
    --------
    >>> shown("x" * 100, limit=12)
    "'xxxxxxxx…"
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "…"


class _Collector:
    """Problems found so far, with helpers that tie them to a node's line."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: Where, message: str, unreadable: bool = False) -> None:
        self.problems.append(Problem(where.file, where.line, message, unreadable))


def load_data(data_dir: Path) -> Dataset:
    """Read every ``*.yaml`` file of ``data_dir`` into a checked :class:`Dataset`.

    Raises
    ------
    InputError
        With every problem found, each naming its file and line.
    """
    found = _Collector()
    if not data_dir.is_dir():
        raise InputError([Problem(display_path(data_dir), 0, "data directory does not exist", True)])
    named = sorted(p for p in data_dir.iterdir() if p.suffix in (".yaml", ".yml"))
    files = [p for p in named if p.is_file()]
    for path in named:
        if not path.is_file():  # a folder, a broken link or a device: say so rather than skip it
            found.add(Where(display_path(path), 0), "not a readable regular file", unreadable=True)
    if not named:
        raise InputError([Problem(display_path(data_dir), 0, "no .yaml files in the data directory", True)])
    dataset = Dataset()
    for path in files:
        _read_file(path, dataset, found)
    _check_references(dataset, found)
    if found.problems:
        raise InputError(found.problems)
    return dataset


def _read_file(path: Path, dataset: Dataset, found: _Collector) -> None:
    name = display_path(path)
    try:
        document = read_yaml(path)
    except YamlReadError as err:
        found.problems.append(err.problem)
        return
    if document is None:
        found.add(Where(name, 1), "file is empty: expected " + ", ".join(SECTIONS))
        return
    if not isinstance(document, Node):
        found.add(Where(name, 1), "expected a mapping with " + ", ".join(SECTIONS))
        return
    readers = {"sources": _source, "things": _thing, "deals": _deal, "not_confirmed": _not_confirmed}
    for section, entries in document.items():
        where = Where(name, document.key_lines[section])
        if section not in readers:
            found.add(where, f"unknown section '{section}': expected one of {', '.join(SECTIONS)}")
            continue
        if entries is None:
            continue
        if not isinstance(entries, list):
            found.add(where, f"'{section}' must be a list of entries")
            continue
        for entry in entries:
            if not isinstance(entry, Node):
                found.add(where, f"each entry of '{section}' must be a mapping with an id")
                continue
            record = readers[section](entry, name, found)
            if record is None:
                continue
            table = getattr(dataset, section)
            if record.id in table:
                first = table[record.id].where
                found.add(record.where, f"duplicate id '{record.id}' in {section} (first defined at {first})")
            else:
                table[record.id] = record


# --- field readers -------------------------------------------------------------------------


class _Entry:
    """One YAML mapping being read: fetches keys, records problems at the key's line."""

    def __init__(self, node: Node, file: str, kind: str, found: _Collector):
        self.node, self.file, self.kind, self.found = node, file, kind, found
        self.where = Where(file, node.line)
        self.id = node.get("id")
        self.ok = True

    def at(self, key: str) -> Where:
        return Where(self.file, self.node.key_lines.get(key, self.node.line))

    def problem(self, key: str | None, message: str) -> None:
        self.ok = False
        if isinstance(self.id, str) and _ID.fullmatch(self.id):
            label = f"{self.kind} '{self.id}'"
        else:
            label = self.kind if self.id is None else f"{self.kind} {shown(self.id)}"
        self.found.add(self.at(key) if key else self.where, f"{label}: {message}")

    def check_keys(self, allowed: set[str]) -> None:
        for key in self.node:
            if key not in allowed:
                self.problem(key, f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.node.get(key)
        if value is None:
            if required:
                self.problem(None, f"missing required field '{key}'")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(key, f"'{key}' must be text")
            return None
        text = str(value).strip()
        if not text:
            self.problem(key, f"'{key}' is empty")
            return None
        bad = _BAD_TEXT.search(text)
        if bad:
            self.problem(key, f"'{key}' holds the control character or lone surrogate {bad.group()!r} "
                              f"at position {bad.start()}: remove it")
            return None
        return text

    def ident(self) -> str | None:
        value = self.node.get("id")
        if value is None:
            self.problem(None, "missing required field 'id'")
            return None
        if not isinstance(value, str) or not _ID.fullmatch(value):
            self.problem("id", f"id {shown(value)} must be lower-case words joined by '-' (like 'tpu-ironwood')")
            return None
        return value

    def choice(self, key: str, options: tuple[str, ...], required: bool = False) -> str | None:
        value = self.text(key, required)
        if value is not None and value not in options:
            self.problem(key, f"'{key}' is {shown(value)}, expected one of {', '.join(options)}")
            return None
        return value

    def ids(self, key: str, many: bool) -> tuple[str, ...]:
        value = self.node.get(key)
        if value is None:
            return ()
        values = value if isinstance(value, list) else [value]
        if not many and len(values) != 1:
            self.problem(key, f"'{key}' takes one id, not a list")
            return ()
        out = []
        for item in values:
            if not isinstance(item, str) or not _ID.fullmatch(item):
                self.problem(key, f"'{key}' has {shown(item)}, which is not an id")
                continue
            out.append(item)
        return tuple(out)

    def date(self, key: str, required: bool = False) -> PartialDate | None:
        value = self.node.get(key)
        if value is None:
            if required:
                self.problem(None, f"missing required field '{key}'")
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as err:
            self.problem(key, f"'{key}': {err}")
            return None

    def number(self, key: str, raw: object) -> Decimal | None:
        if isinstance(raw, bool) or raw is None:
            self.problem(key, f"'{key}' must be a number, got {shown(raw)}")
            return None
        text = str(raw).strip().replace("_", "")
        if "," in text:
            if not _THOUSANDS.fullmatch(text):
                self.problem(key, f"'{key}' is {shown(raw)}: a comma only separates thousands (1,000,000); "
                                  "write decimals with a point (1.5B)")
                return None
            text = text.replace(",", "")
        number = self._parse_number(key, raw, text)
        if number is None:
            return None
        if not number.is_finite() or number >= TOO_LARGE or 0 < number < TOO_SMALL:
            self.problem(key, f"'{key}' is {shown(raw)}: a figure must be a finite number from 10^-9 to 10^15")
            return None
        return number

    def _parse_number(self, key: str, raw: object, text: str) -> Decimal | None:
        if text.startswith("-"):
            self.problem(key, f"'{key}' is negative ({shown(raw)}); amounts and quantities are never negative")
            return None
        match = _NUMBER.fullmatch(text)
        if not match:
            try:  # plain YAML floats such as 1.0e+9, and .nan / .inf, which the caller refuses
                number = Decimal(text)
            except InvalidOperation:
                number = None
            if number is None or not text.isascii():
                self.problem(key, f"'{key}' is {shown(raw)}: write a number such as 30B, 1.25B, 500M or 1000000")
                return None
            if not number.is_finite():
                return number
            return number.normalize() if number == number.to_integral() else number
        number = Decimal(match.group(1)) * _SCALE[(match.group(2) or "").upper() or None]
        return number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()

    def quantity(self, key: str, money: bool) -> Quantity | None:
        value = self.node.get(key)
        if value is None:
            return None
        if not isinstance(value, Node):
            self.problem(key, f"'{key}' must be a mapping such as {{value: 30B}}, {{max: 10B}} or {{min: 1B}}")
            return None
        allowed = _QUANTITY_KEYS | ({"currency"} if money else set()) | ({"unit"} if key == "capacity" else set())
        for inner in value:
            if inner not in allowed:
                self.problem(key, f"'{key}' has unknown key '{inner}' (allowed: {', '.join(sorted(allowed))})")
                return None
        exact = self.number(key, value["value"]) if "value" in value else None
        low = self.number(key, value["min"]) if "min" in value else None
        high = self.number(key, value["max"]) if "max" in value else None
        if not self.ok:
            return None
        if "value" in value and ("min" in value or "max" in value):
            self.problem(key, f"'{key}' has both 'value' and a bound: an exact figure has no min or max")
            return None
        if not ({"value", "min", "max"} & set(value)):
            self.problem(key, f"'{key}' needs 'value', 'min' or 'max'")
            return None
        if low is not None and high is not None and low > high:
            self.problem(key, f"'{key}' has min {low} above max {high}")
            return None
        currency = None
        if money:
            currency = str(value.get("currency", "USD"))
            if currency not in ISO_4217:
                self.problem(key, f"'{key}' has unknown currency code '{currency}' (ISO 4217, e.g. USD, EUR)")
                return None
        if key == "capacity" and str(value.get("unit", "GW")) != "GW":
            self.problem(key, "'capacity' is in gigawatts: unit must be GW")
            return None
        unit = currency if money else ("GW" if key == "capacity" else None)
        return Quantity(exact, low, high, unit, Where(self.file, value.line))


def _source(node: Node, file: str, found: _Collector) -> Source | None:
    entry = _Entry(node, file, "source", found)
    entry.check_keys(_SOURCE_KEYS)
    source_id = entry.ident()
    headline = entry.text("headline", required=True)
    publisher = entry.text("publisher", required=True)
    language = entry.text("language", required=True)
    if language is not None and not _LANG.match(language):
        entry.problem("language", f"language '{language}' is not a language tag such as en or it")
    published = entry.date("published")
    url = entry.text("url")
    if url is not None and not re.match(r"^https?://\S+$", url):
        entry.problem("url", f"url '{url}' is not an http(s) address")
    outlet = entry.text("original_outlet")
    if not entry.ok:
        return None
    return Source(source_id, headline, publisher, language, entry.where, published, url, outlet)


def _thing(node: Node, file: str, found: _Collector) -> Thing | None:
    entry = _Entry(node, file, "thing", found)
    thing_type = entry.choice("type", THING_TYPES, required=True)
    relations = THING_RELATIONS.get(thing_type, {})
    literal_keys = THING_LITERALS.get(thing_type, {})
    entry.check_keys(_THING_KEYS | set(relations) | set(literal_keys) if thing_type else _THING_KEYS)
    thing_id = entry.ident()
    label = entry.text("label", required=True)
    wikidata = entry.text("wikidata")
    if wikidata is not None and not _QID.match(wikidata):
        entry.problem("wikidata", f"wikidata '{wikidata}' is not a QID such as Q95")
    related = {key: entry.ids(key, rel.many) for key, rel in relations.items() if key in node}
    literals: dict[str, object] = {}
    for key, (_term, kind) in literal_keys.items():
        if key not in node:
            continue
        raw = node[key]
        if kind == "year":
            parsed = entry.date(key)
            if parsed is not None and parsed.datatype != "gYear":
                entry.problem(key, f"'{key}' takes a year (YYYY)")
            literals[key] = parsed
        elif kind == "positive-integer":
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
                entry.problem(key, f"'{key}' must be a whole number of at least 1")
            literals[key] = raw
        else:
            literals[key] = entry.text(key)
    sources = entry.ids("sources", many=True)
    aliases = _aliases(entry)
    if not entry.ok:
        return None
    return Thing(
        thing_id, thing_type, label, entry.where, entry.text("label_it"), wikidata,
        entry.text("note"), sources, related, literals, dict(node.key_lines), aliases,
    )


def _aliases(entry: _Entry) -> tuple[str, ...]:
    value = entry.node.get("aliases")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
        entry.problem("aliases", "'aliases' must be a list of names, such as [AWS, Amazon Web Services]")
        return ()
    return tuple(a.strip() for a in value)


def _deal(node: Node, file: str, found: _Collector) -> Deal | None:
    entry = _Entry(node, file, "deal", found)
    deal_type = entry.choice("type", DEAL_TYPES, required=True)
    roles = DEAL_ROLES.get(deal_type, {})
    # keys only one deal type takes
    extra = {"EquityStake": {"percent"}, "Warrant": {"share_count"}}.get(deal_type, set())
    entry.check_keys(_DEAL_KEYS | set(roles) | extra)
    deal_id = entry.ident()
    announced = entry.date("announced", required=True)
    status = entry.choice("status", vocab.STATUSES, required=True)
    evidence = entry.choice("evidence", vocab.EVIDENCE_LEVELS)
    sources = entry.ids("sources", many=True)
    if not sources and "sources" not in node:
        entry.problem(None, "missing required field 'sources' (every deal cites at least one source)")
    elif not sources and entry.ok:
        entry.problem("sources", "'sources' is empty (every deal cites at least one source)")
    parties: dict[str, tuple[str, ...]] = {}
    for key, role in roles.items():
        if key not in node:
            if role.required:
                entry.problem(None, f"missing required field '{key}' for a {deal_type}")
            continue
        parties[key] = entry.ids(key, role.many)
        if role.min_count and len(parties[key]) < role.min_count:
            entry.problem(key, f"'{key}' needs at least {role.min_count} ids")
    percent = None
    if deal_type == "EquityStake":
        if "percent" not in node:
            entry.problem(None, "missing required field 'percent' for an EquityStake")
        else:
            percent = entry.number("percent", node["percent"])
            if percent is not None and percent > 100:
                entry.problem("percent", f"'percent' is {percent}: a stake is between 0 and 100")
    links = {key: entry.ids(key, rel.many) for key, rel in DEAL_LINKS.items() if key in node}
    amount = entry.quantity("amount", money=True)
    valuation = entry.quantity("valuation", money=True)
    capacity = entry.quantity("capacity", money=False)
    chip_count = entry.quantity("chip_count", money=False)
    share_count = entry.quantity("share_count", money=False)
    online_by = entry.date("online_by")
    supersedes = entry.ids("supersedes", many=True)
    label, note = entry.text("label"), entry.text("note")
    if not entry.ok:
        return None
    return Deal(
        deal_id, deal_type, announced, status, sources, entry.where, label, evidence, parties,
        links, amount, valuation, capacity, chip_count, share_count, percent, online_by, supersedes,
        note, dict(node.key_lines),
    )


def _not_confirmed(node: Node, file: str, found: _Collector) -> NotConfirmed | None:
    entry = _Entry(node, file, "not_confirmed entry", found)
    entry.check_keys({"id", "summary", "why"})
    item_id = entry.ident()
    summary = entry.text("summary", required=True)
    why = entry.text("why", required=True)
    if not entry.ok:
        return None
    return NotConfirmed(item_id, summary, why, entry.where)


# --- cross references ----------------------------------------------------------------------


def _check_references(data: Dataset, found: _Collector) -> None:
    def refer(record: Thing | Deal, owner: str, key: str, ids: tuple[str, ...], rel: Relation) -> None:
        where = record.at(key)
        for target in ids:
            thing = data.things.get(target)
            if thing is None:
                found.add(where, f"{owner}: '{key}' names unknown thing '{target}'")
            elif thing.type not in rel.targets:
                wanted = " or ".join(rel.targets)
                found.add(where, f"{owner}: '{key}' must be a {wanted}, but '{target}' is a {thing.type}")

    def cite(record: Thing | Deal, owner: str, ids: tuple[str, ...]) -> None:
        where = record.at("sources")
        for source_id in ids:
            if source_id not in data.sources:
                found.add(where, f"{owner} cites unknown source '{source_id}'")

    _check_names(data, found)
    for thing in data.things.values():
        owner = f"thing '{thing.id}'"
        cite(thing, owner, thing.sources)
        for key, ids in thing.relations.items():
            refer(thing, owner, key, ids, THING_RELATIONS[thing.type][key])
    for deal in data.deals.values():
        owner = f"deal '{deal.id}'"
        cite(deal, owner, deal.sources)
        for key, ids in deal.roles.items():
            refer(deal, owner, key, ids, DEAL_ROLES[deal.type][key])
        for key, ids in deal.links.items():
            refer(deal, owner, key, ids, DEAL_LINKS[key])
        for other in deal.supersedes:
            if other not in data.deals:
                found.add(deal.at("supersedes"), f"{owner}: 'supersedes' names unknown deal '{other}'")
            elif other == deal.id:
                found.add(deal.at("supersedes"), f"{owner} supersedes itself")


def _check_names(data: Dataset, found: _Collector) -> None:
    """A name (label or alias, compared as :func:`kg.aliases.name_key` does) belongs to one thing only."""
    claimed: dict[str, Thing] = {}
    for thing in data.things.values():
        names = [("label", thing.label)] + ([("label_it", thing.label_it)] if thing.label_it else [])
        names += [("aliases", alias) for alias in thing.aliases]
        for key, name in names:
            other = claimed.setdefault(name_key(name), thing)
            if other.id != thing.id:
                found.add(thing.at(key), f"thing '{thing.id}': the name '{name}' is already claimed by "
                                         f"thing '{other.id}' ({other.where})")
