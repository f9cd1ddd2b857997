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

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.problems import InputError, Problem, display_path, printable

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


def _read(path: Path) -> dict:
    """A review file read like a data file (aliases, odd keys and deep nesting refused), as plain values."""
    from kg.data.yamlfile import YamlReadError, read_yaml

    try:
        document = read_yaml(path)
    except YamlReadError as err:
        raise InputError([err.problem]) from None
    if document is not None and not isinstance(document, dict):
        raise InputError([Problem(display_path(path), 1, "expected a mapping of lists at the top", unreadable=True)])
    return document or {}


def _plain(value):
    """``value`` with its line-carrying mappings turned into plain dicts (yaml.safe_dump writes only those)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _entries(document: dict, section: str, path: Path) -> list:
    entries = document.get(section) or []
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise InputError([Problem(display_path(path), getattr(document, "key_lines", {}).get(section, 1),
                                  f"'{section}' must be a list of mappings", unreadable=True)])
    return entries


def load_rejected(data_dir: Path) -> frozenset[str]:
    """The fingerprints a curator rejected before (none when there is no rejected.yaml)."""
    path = Path(data_dir) / REJECTED_FILE
    if not path.is_file():
        return frozenset()
    return frozenset(str(entry["fingerprint"]) for entry in _entries(_read(path), "rejected", path)
                     if "fingerprint" in entry)


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
    does not import the API that calls it). A problem with an accepted
    candidate (an id already in data/, a missing field) names the candidate's
    line in ``candidates_file``; the file it would go into is not written.

    Raises
    ------
    InputError
        The candidates file cannot be read, a decision is not accept/reject, or
        the data with the accepted deals does not validate (nothing is written then).
    """
    candidates_file, data_dir = Path(candidates_file), Path(data_dir)
    into = Path(into) if into else data_dir / "extracted.yaml"
    name = display_path(candidates_file)
    document = _read(candidates_file)
    decided: dict[str, list] = {"accept": [], "reject": []}
    undecided: dict[str, list] = {"candidates": [], "new_things": []}
    for section in ("candidates", "new_things"):
        for entry in _entries(document, section, candidates_file):
            decision = entry.get("review")
            if decision is None:
                undecided[section].append(entry)
            elif decision in decided:
                decided[decision].append((section, entry))
            else:
                raise InputError([Problem(name, getattr(entry, "line", 0),
                                          f"review: '{printable(str(decision))[:80]}' for '{printable(str(entry.get('id')))[:80]}':"
                                          " write accept or reject", unreadable=True)])
    existing = _read(into) if into.is_file() else {}
    merged = {key: _plain(_entries(existing, key, into)) for key in ("things", "deals")}
    kept = {key: len(merged[key]) for key in merged}
    accepted_from: dict[str, list] = {"things": [], "deals": []}
    for section, entry in decided["accept"]:
        key = "things" if section == "new_things" else "deals"
        plain = _plain(entry)
        merged[key].append({k: v for k, v in plain.items() if k not in REVIEW_KEYS} if key == "things" else _as_deal(plain))
        accepted_from[key].append(entry)
    text = _HEADER + _dump({k: v for k, v in merged.items() if v})
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch)
        for path in data_dir.glob("*.y*ml"):
            shutil.copy(path, trial / path.name)
        (trial / into.name).write_text(text, encoding="utf-8")
        check = validate(trial)
        if not check.conforms:
            where = _where_in_review(trial / into.name, kept, accepted_from, into, name)
            raise InputError([where(p, trial, data_dir) for p in check.problems])
    _write(into, text)
    rejected_path = data_dir / REJECTED_FILE
    entries = _plain(_entries(_read(rejected_path), "rejected", rejected_path)) if rejected_path.is_file() else []
    for _section, entry in decided["reject"]:
        if "fingerprint" in entry:
            entries.append({"fingerprint": entry["fingerprint"], "id": entry.get("id"), "why": entry.get("why", "")})
    if decided["reject"]:
        _write(rejected_path, "# Candidates a curator rejected; kg extract does not propose them again.\n"
                              + _dump(_plain({"rejected": entries})))
    _write(candidates_file, _dump(_plain({k: v for k, v in undecided.items() if v} or {"candidates": []})))
    return ReviewOutcome(
        tuple(e.get("id") for s, e in decided["accept"]),
        tuple(e.get("fingerprint") for s, e in decided["reject"]),
        len(undecided["candidates"]),
        into,
    )


def _where_in_review(trial_into: Path, kept: dict, accepted_from: dict, into: Path, candidates_name: str):
    """A function that words a problem of the trial data as the curator knows it.

    A problem inside an accepted candidate names that candidate's line in the
    candidates file; any other names the real data file; no temporary path is shown.
    """
    from kg.data.yamlfile import YamlReadError, read_yaml

    starts: list[tuple[int, str, int]] = []
    try:
        trial_document = read_yaml(trial_into) or {}
    except YamlReadError:
        trial_document = {}
    for key in ("things", "deals"):
        for index, node in enumerate(trial_document.get(key) or ()):
            if index >= kept[key]:
                starts.append((getattr(node, "line", 0), candidates_name, getattr(accepted_from[key][index - kept[key]], "line", 0)))
    starts.sort()

    def origin(line: int) -> tuple[str, int]:
        inside = [entry for entry in starts if entry[0] <= line]
        return (inside[-1][1], inside[-1][2]) if inside else (display_path(into), line)

    def where(problem: Problem, trial: Path, data_dir: Path) -> Problem:
        def shown(text: str) -> str:
            text = re.sub(re.escape(str(trial_into)) + r":(\d+)", lambda m: "%s:%d" % origin(int(m.group(1))), text)
            return text.replace(str(trial_into), display_path(into)).replace(str(trial), display_path(data_dir))

        if Path(problem.file).name == trial_into.name and Path(problem.file).parent.resolve() == trial.resolve():
            file, line = origin(problem.line)
            return Problem(file, line, shown(problem.message), problem.unreadable)
        return Problem(shown(problem.file), problem.line, shown(problem.message), problem.unreadable)

    return where
