"""Read ``data/*.yaml`` into checked, typed records, naming file and line for every problem.

All problems are collected before anything fails, so ``kg validate`` lists
them in one run.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..problems import InputError, Problem, display_path
from ..rdf import terms as vocab
from ..rdf.terms import DEAL_TYPES
from .aliases import name_key
from .deal_checks import check_deal_links
from .fields import Collector, Entry
from .records import (
    DEAL_LINKS, DEAL_ROLES, THING_LITERALS, THING_RELATIONS, THING_TYPES, VALUATION_BASES, Dataset, Deal,
    NotConfirmed, Relation, Source, Thing, Where,
)
from .yamlfile import Node, YamlReadError, read_yaml

SECTIONS = ("sources", "things", "deals", "not_confirmed")
_QID = re.compile(r"Q[1-9][0-9]*")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

_SOURCE_KEYS = {"id", "headline", "publisher", "language", "published", "url", "original_outlet"}
_THING_KEYS = {"id", "type", "label", "label_it", "aliases", "wikidata", "sources", "note"}
_DEAL_KEYS = {
    "id", "type", "announced", "status", "sources", "label", "evidence", "amount", "valuation",
    "capacity", "chip_count", "online_by", "supersedes", "note", *DEAL_LINKS,
}


def load_data(data_dir: Path) -> Dataset:
    """Read every ``*.yaml`` file of ``data_dir`` into a checked :class:`Dataset`.

    Raises
    ------
    InputError
        With every problem found, each naming its file and line.
    """
    found = Collector()
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
    rejected: set[str] = set()
    every_file_read = all([_read_file(path, dataset, found, rejected) for path in files]) and len(files) == len(named)
    # Whatever a file that could not be read defines is unknown, and so would be every reference to it: the
    # file's own error is the one to show. A rejected entry's id is known: references to it are not reported.
    if every_file_read:
        _check_references(dataset, found, rejected)
    if found.problems:
        raise InputError(found.problems)
    return dataset


def _read_file(path: Path, dataset: Dataset, found: Collector, rejected: set[str]) -> bool:
    """Read one file's entries into ``dataset``, the ids of those rejected into ``rejected``; False if unreadable."""
    name = display_path(path)
    try:
        document = read_yaml(path)
    except YamlReadError as err:
        found.problems.append(err.problem)
        return False
    if document is None:
        found.add(Where(name, 1), "file is empty: expected " + ", ".join(SECTIONS))
        return True
    if not isinstance(document, Node):
        found.add(Where(name, 1), "expected a mapping with " + ", ".join(SECTIONS))
        return False
    readers = {"sources": _source, "things": _thing, "deals": _deal, "not_confirmed": _not_confirmed}
    every_section_read = True
    for section, entries in document.items():
        where = Where(name, document.key_lines[section])
        if section not in readers:
            found.add(where, f"unknown section '{section}': expected one of {', '.join(SECTIONS)}")
            every_section_read = False
            continue
        if entries is None:
            continue
        if not isinstance(entries, list):
            found.add(where, f"'{section}' must be a list of entries")
            every_section_read = False
            continue
        for entry in entries:
            if not isinstance(entry, Node):
                found.add(where, f"each entry of '{section}' must be a mapping with an id")
                continue
            record = readers[section](entry, name, found)
            if record is None:
                if isinstance(entry.get("id"), str):
                    rejected.add(entry["id"])
                continue
            table = getattr(dataset, section)
            if record.id in table:
                first = table[record.id].where
                found.add(record.where, f"duplicate id '{record.id}' in {section} (first defined at {first})")
            else:
                table[record.id] = record
    return every_section_read


# --- entries -------------------------------------------------------------------------------


def _source(node: Node, file: str, found: Collector) -> Source | None:
    entry = Entry(node, file, "source", found)
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


def _thing(node: Node, file: str, found: Collector) -> Thing | None:
    entry = Entry(node, file, "thing", found)
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


def _aliases(entry: Entry) -> tuple[str, ...]:
    value = entry.node.get("aliases")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
        entry.problem("aliases", "'aliases' must be a list of names, such as [AWS, Amazon Web Services]")
        return ()
    return tuple(a.strip() for a in value)


def _deal(node: Node, file: str, found: Collector) -> Deal | None:
    entry = Entry(node, file, "deal", found)
    deal_type = entry.choice("type", DEAL_TYPES, required=True)
    roles = DEAL_ROLES.get(deal_type, {})
    # keys only one deal type takes
    extra = {
        "EquityStake": {"percent"}, "Warrant": {"share_count"}, "Investment": {"part_of"},
        "FundingRound": {"valuation_basis"},
    }.get(deal_type, set())
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
    part_of = entry.ids("part_of", many=False)
    basis = entry.choice("valuation_basis", VALUATION_BASES)
    label, note = entry.text("label"), entry.text("note")
    if not entry.ok:
        return None
    return Deal(
        deal_id, deal_type, announced, status, sources, entry.where, label, evidence, parties,
        links, amount, valuation, capacity, chip_count, share_count, percent, online_by, supersedes,
        note, part_of[0] if part_of else None, basis, dict(node.key_lines),
    )


def _not_confirmed(node: Node, file: str, found: Collector) -> NotConfirmed | None:
    entry = Entry(node, file, "not_confirmed entry", found)
    entry.check_keys({"id", "summary", "why"})
    item_id = entry.ident()
    summary = entry.text("summary", required=True)
    why = entry.text("why", required=True)
    if not entry.ok:
        return None
    return NotConfirmed(item_id, summary, why, entry.where)


# --- cross references ----------------------------------------------------------------------


def _check_references(data: Dataset, found: Collector, rejected: set[str]) -> None:
    def refer(record: Thing | Deal, owner: str, key: str, ids: tuple[str, ...], rel: Relation) -> None:
        where = record.at(key)
        for target in ids:
            thing = data.things.get(target)
            if thing is None:
                if target not in rejected:  # a rejected thing has its own problem already
                    found.add(where, f"{owner}: '{key}' names unknown thing '{target}'")
            elif thing.type not in rel.targets:
                wanted = " or ".join(rel.targets)
                found.add(where, f"{owner}: '{key}' must be a {wanted}, but '{target}' is a {thing.type}")

    def cite(record: Thing | Deal, owner: str, ids: tuple[str, ...]) -> None:
        where = record.at("sources")
        for source_id in ids:
            if source_id not in data.sources and source_id not in rejected:
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
    found.problems.extend(check_deal_links(data))


def _check_names(data: Dataset, found: Collector) -> None:
    """A name (label or alias, compared as :func:`kg.data.aliases.name_key` does) belongs to one thing only."""
    claimed: dict[str, Thing] = {}
    for thing in data.things.values():
        names = [("label", thing.label)] + ([("label_it", thing.label_it)] if thing.label_it else [])
        names += [("aliases", alias) for alias in thing.aliases]
        for key, name in names:
            other = claimed.setdefault(name_key(name), thing)
            if other.id != thing.id:
                found.add(thing.at(key), f"thing '{thing.id}': the name '{name}' is already claimed by "
                                         f"thing '{other.id}' ({other.where})")
