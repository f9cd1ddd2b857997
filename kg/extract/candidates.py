"""Drafts of one article merged into candidate deals, shaped like data/ deals and written as YAML or JSON.

Drafts of the same kind between the same parties become one candidate; a
deal stated only as "an agreement" between parties joins a more precise
deal between the same parties, and a "partnership" with a seller of compute
is that purchase of compute (as data/deals.yaml records the seed articles).
Each candidate carries a ``fingerprint`` (kind, parties and figures) by which
a rejected candidate is remembered.
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal

import yaml

from kg.quantities import number

from .deals import FIELDS_BY_KIND, Draft
from .numbers import Figure

ROLE_ORDER = ("investor", "investee", "buyer", "seller", "partners", "holder", "company", "issuer", "acquirer",
              "acquired")
QUANTITY_FIELDS = ("amount", "valuation", "capacity", "chip_count", "share_count")
_KIND_SLUG = {"Investment": "investment", "ComputeCommitment": "compute", "ChipSupplyAgreement": "chips",
              "Partnership": "partnership", "EquityStake": "stake", "Warrant": "warrant",
              "Acquisition": "acquisition"}


def _key(draft: Draft) -> tuple:
    roles = tuple(sorted((role, tuple(sorted(p.ref for p in parties)) if role == "partners" else
                          tuple(p.ref for p in parties)) for role, parties in draft.roles.items()))
    return draft.kind, roles


def _absorb(into: Draft, other: Draft) -> None:
    for name, figure in other.figures.items():
        into.add_figure(name, figure)
    into.approximate |= other.approximate
    into.percent = into.percent if into.percent is not None else other.percent
    into.hardware += [h for h in other.hardware if h not in into.hardware]
    into.models += [m for m in other.models if m not in into.models]
    into.service = into.service or other.service
    into.site = into.site or other.site
    into.announced = into.announced or other.announced
    into.online_by = into.online_by or other.online_by
    into.support += other.support
    if into.sentence.start > other.sentence.start:
        into.sentence = other.sentence


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """One draft per kind and parties; "an agreement" and a "partnership" joined to a precise deal between the same parties."""
    merged: dict[tuple, Draft] = {}
    for draft in drafts:
        key = _key(draft)
        if key in merged:
            merged[key].generic = merged[key].generic and draft.generic
            _absorb(merged[key], draft)
        else:
            merged[key] = draft
    out = list(merged.values())
    precise = {"ComputeCommitment", "ChipSupplyAgreement", "Investment", "EquityStake", "Warrant", "Acquisition"}
    for draft in list(out):
        if draft.kind != "Partnership":
            continue
        hosts = [d for d in out if d is not draft and d.party_refs() == draft.party_refs() and (
            (draft.generic and (d.kind in precise or not d.generic)) or d.kind in ("ComputeCommitment", "ChipSupplyAgreement"))]
        if hosts:
            _absorb(hosts[0], draft)
            out.remove(draft)
    return sorted(out, key=lambda d: d.sentence.start)


def _number(value: float) -> int | float:
    """A plain JSON number (kg.quantities.number), the float's noise past six decimals dropped."""
    return number(Decimal(repr(round(value, 6))))


def _short(value: float) -> str | int | float:
    """30000000000 -> '30B', as data/ writes money; the suffix only where it is exact
    (kg.quantities.compact_number rounds to two decimals for display, which data/ must not)."""
    for suffix, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6)):
        if value >= scale and round(value / scale, 6) * scale == value:
            return f"{_number(value / scale)}{suffix}"
    return _number(value)


def _quantity(name: str, figure: Figure, plain: bool, approximate: bool) -> dict:
    write = _number if plain or name not in ("amount", "valuation") else _short
    out = {}
    for key, value in (("value", figure.value), ("min", figure.minimum), ("max", figure.maximum)):
        if value is not None:
            out[key] = write(value)
    if name in ("amount", "valuation"):
        out["currency"] = figure.currency or "USD"
    if approximate:  # "circa 27 miliardi": {value: 27B, approximate: true}, as data/ writes it
        out["approximate"] = True
    return out


def fingerprint(candidate: dict) -> str:
    """The kind, parties and figures of a candidate, hashed: the same deal read again has the same fingerprint."""
    core = {k: v for k, v in candidate.items() if k == "type" or k in ROLE_ORDER or k in QUANTITY_FIELDS or k == "percent"}
    for key, value in core.items():
        if key == "partners":
            core[key] = sorted(value)
    text = json.dumps(core, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def to_candidate(draft: Draft, text_date: str | None, status: str, source: str | None, article: str,
                 plain: bool) -> dict:
    """The data/ shape of one draft, with quote, offsets, confidence and fingerprint."""
    candidate: dict = {"type": draft.kind}
    for role in ROLE_ORDER:
        if role in draft.roles:
            refs = [p.ref for p in draft.roles[role]]
            candidate[role] = refs if role == "partners" else refs[0]
    if draft.service:
        candidate["service"] = draft.service
    if draft.site:
        candidate["site"] = draft.site
    if draft.hardware:
        candidate["hardware"] = list(draft.hardware)
    if draft.models:
        candidate["for_model"] = list(draft.models)
    allowed = FIELDS_BY_KIND[draft.kind]
    for name in QUANTITY_FIELDS:
        if name in draft.figures and name in allowed:
            candidate[name] = _quantity(name, draft.figures[name], plain, name in draft.approximate)
    if draft.kind == "EquityStake":
        candidate["percent"] = _number(draft.percent) if draft.percent is not None else None
    announced = draft.announced or text_date
    if announced:
        candidate["announced"] = announced
    if draft.online_by:
        candidate["online_by"] = draft.online_by
    candidate["status"] = status
    if source:
        candidate["sources"] = [source]
    if "percent" in draft.approximate and "percent" in candidate:
        candidate["approximate"] = ["percent"]  # a percentage has no approximate flag in data/: the review notes it
    parties = "-".join(_slug(p.ref) for role in ROLE_ORDER for p in draft.roles.get(role, ()))
    candidate = {"id": _slug(f"{parties}-{_KIND_SLUG[draft.kind]}-{announced or 'undated'}"), **candidate}
    support = draft.support
    known = all(p.known for parties in draft.roles.values() for p in parties)
    confidence = 0.45 + 0.2 * known + 0.15 * bool(draft.figures) + min(0.2, 0.1 * (support - 1)) - 0.2 * draft.generic
    candidate.update({
        "article": article,
        "quote": draft.sentence.text,
        "start": draft.sentence.start,
        "end": draft.sentence.end,
        "confidence": round(max(0.05, min(0.95, confidence)), 2),
    })
    candidate["fingerprint"] = fingerprint(candidate)
    return candidate


def new_things(drafts: list[Draft]) -> list[dict]:
    """Names in a role that match no thing of data/, with a guessed type and id."""
    seen: dict[str, dict] = {}
    for draft in drafts:
        for parties in draft.roles.values():
            for party in parties:
                if not party.known and party.ref not in seen:
                    seen[party.ref] = {"id": _slug(party.ref), "type": "Company", "label": party.ref}
    return list(seen.values())


class _Dumper(yaml.SafeDumper):
    """YAML as data/ writes it: a figure as one flow mapping (``{max: 10B, currency: USD}``)."""


def _mapping(dumper, data):
    flow = all(not isinstance(v, (dict, list)) for v in data.values()) and len(data) <= 4 and "id" not in data
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flow)


def _sequence(dumper, data):
    flow = all(isinstance(v, str) and len(v) < 40 for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(dict, _mapping)
_Dumper.add_representer(list, _sequence)


def dump_yaml(document: dict) -> str:
    """Candidates as YAML in the style of data/ (figures and id lists on one line)."""
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)
