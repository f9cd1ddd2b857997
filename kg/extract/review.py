"""The review queue: a curator's decisions on candidates, moved into data/ only when the data still validates.

Candidates wait in ``data/candidates/`` (``kg build`` never reads that
folder). A curator marks each one ``review: accept`` (after editing it as
needed: sources, dates, figures) or ``review: reject`` with a ``why``.
:func:`apply_review` then writes the accepted deals and things into one data
file (``data/extracted.yaml`` unless told otherwise), checks the whole data
folder with them, and only if it conforms writes that file, remembers the
rejected fingerprints in ``data/candidates/rejected.yaml`` (so ``kg extract``
does not propose them again) and leaves the undecided candidates in the queue.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.problems import InputError, Problem, display_path

#: keys a candidate carries for the curator that a data/ deal does not take
REVIEW_KEYS = ("article", "quote", "start", "end", "confidence", "fingerprint", "review", "why", "approximate",
               "in_data")
REJECTED_FILE = Path("candidates") / "rejected.yaml"
_HEADER = ("# Deals and things accepted from kg extract candidates (kg extract --review writes this file;\n"
           "# edit it freely, but comments are not kept when it is written again).\n")


@dataclass(frozen=True)
class ReviewOutcome:
    """What a review did: ids accepted into ``into``, fingerprints rejected, candidates left undecided."""

    accepted: tuple[str, ...]
    rejected: tuple[str, ...]
    undecided: int
    into: Path


def load_rejected(data_dir: Path) -> frozenset[str]:
    """The fingerprints a curator rejected before (none when there is no rejected.yaml)."""
    path = Path(data_dir) / REJECTED_FILE
    if not path.is_file():
        return frozenset()
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return frozenset(str(entry["fingerprint"]) for entry in document.get("rejected") or () if "fingerprint" in entry)


def _as_deal(candidate: dict) -> dict:
    deal = {k: v for k, v in candidate.items() if k not in REVIEW_KEYS}
    approximate = candidate.get("approximate")
    if approximate and "note" not in deal:
        deal["note"] = "Approximate in the source: " + ", ".join(approximate) + "."
    return deal


def _write(path: Path, text: str) -> None:
    from kg.rdf.serialize import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))


def _dump(document: dict) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110)


def apply_review(candidates_file: Path, data_dir: Path, validate, into: Path | None = None) -> ReviewOutcome:
    """Move the decided candidates of ``candidates_file``: accepted ones into data/, rejected ones into rejected.yaml.

    ``validate`` checks a data folder and returns an object with ``conforms``
    and ``problems`` (:func:`kg.api.validate`; passed in so that this module
    does not import the API that calls it).

    Raises
    ------
    InputError
        The candidates file cannot be read, a decision is not accept/reject, or
        the data with the accepted deals does not validate (nothing is written then).
    """
    candidates_file, data_dir = Path(candidates_file), Path(data_dir)
    into = Path(into) if into else data_dir / "extracted.yaml"
    name = display_path(candidates_file)
    try:
        document = yaml.safe_load(candidates_file.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise InputError([Problem(name, 0, f"cannot read the candidates: {err}", unreadable=True)]) from None
    decided = {"accept": [], "reject": []}
    undecided: dict[str, list] = {"candidates": [], "new_things": []}
    for section in ("candidates", "new_things"):
        for entry in document.get(section) or ():
            decision = entry.get("review")
            if decision is None:
                undecided[section].append(entry)
            elif decision in decided:
                decided[decision].append((section, entry))
            else:
                raise InputError([Problem(name, 0, f"review: '{decision}' for '{entry.get('id')}': write accept or reject",
                                          unreadable=True)])
    existing = (yaml.safe_load(into.read_text(encoding="utf-8")) if into.is_file() else None) or {}
    merged = {"things": list(existing.get("things") or []), "deals": list(existing.get("deals") or [])}
    for section, entry in decided["accept"]:
        if section == "new_things":
            merged["things"].append({k: v for k, v in entry.items() if k not in REVIEW_KEYS})
        else:
            merged["deals"].append(_as_deal(entry))
    merged = {k: v for k, v in merged.items() if v}
    text = _HEADER + _dump(merged)
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch)
        for path in data_dir.glob("*.y*ml"):
            shutil.copy(path, trial / path.name)
        (trial / into.name).write_text(text, encoding="utf-8")
        check = validate(trial)
        if not check.conforms:
            shown = display_path(into)
            raise InputError([Problem(p.file.replace(str(trial / into.name), shown).replace(str(trial), str(data_dir)),
                                      p.line, p.message, p.unreadable) for p in check.problems])
    _write(into, text)
    rejected_path = data_dir / REJECTED_FILE
    remembered = (yaml.safe_load(rejected_path.read_text(encoding="utf-8")) if rejected_path.is_file() else None) or {}
    entries = list(remembered.get("rejected") or [])
    for _section, entry in decided["reject"]:
        if "fingerprint" in entry:
            entries.append({"fingerprint": entry["fingerprint"], "id": entry.get("id"), "why": entry.get("why", "")})
    if decided["reject"]:
        _write(rejected_path, "# Candidates a curator rejected; kg extract does not propose them again.\n"
                              + _dump({"rejected": entries}))
    _write(candidates_file, _dump({k: v for k, v in undecided.items() if v} or {"candidates": []}))
    return ReviewOutcome(
        tuple(e.get("id") for s, e in decided["accept"]),
        tuple(e.get("fingerprint") for s, e in decided["reject"]),
        len(undecided["candidates"]),
        into,
    )
