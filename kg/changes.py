"""What changed between two versions of the graph: deals added, removed and changed, things and sources added.

:func:`compare` takes two rdflib graphs; :func:`graph_of` makes one from what
``kg diff`` is given: a data folder (built, unchecked), an RDF file (a built
``graph.ttl``), or a git revision of a data folder (``HEAD~1:data``, read with
``git show`` into a temporary folder). A deal is the same deal when its id is;
it *changed* when any of :data:`FIELDS` differs (figures are compared as
written, with their bounds: "up to $5B" and "$5B" differ).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from .network import project
from .problems import InputError, Problem
from .quantities import Quantity

#: The facts of a deal compared, in the order changes are listed.
FIELDS = ("label", "kind", "date", "status", "evidence", "amount", "valuation", "capacity", "chip_count",
          "online_by", "parties", "sources", "hardware", "supersedes")


def compare(old, new) -> dict:
    """The changes from graph ``old`` to graph ``new``.

    Returns
    -------
    dict
        ``deals_added`` and ``deals_removed`` (``id``, ``label``), ``deals_changed``
        (``id``, ``label``, ``changes``: ``field``, ``old``, ``new`` as text),
        ``things_added``, ``things_removed`` (``id``, ``label``, ``class``) and
        ``sources_added`` (``id``, ``headline``); each sorted by id.

    Examples
    --------
    >>> from kg.synthetic import example_graph
    >>> from rdflib import Literal
    >>> from kg.rdf.terms import AIC, AID
    >>> old, new = example_graph(), example_graph()
    >>> new.set((AID["deal/bigcloud-chips"], AIC.dealStatus, AID["status/closed"]))
    <Graph identifier=...>
    >>> compare(old, new)["deals_changed"]
    [{'id': 'bigcloud-chips', 'label': 'BigCloud buys chips from ChipCo', 'changes': [{'field': 'status', 'old': 'definitive', 'new': 'closed'}]}]
    """
    before, after = project(old), project(new)
    old_deals, new_deals = before.graph["deals"], after.graph["deals"]
    changed = []
    for deal_id in sorted(set(old_deals) & set(new_deals)):
        changes = [{"field": f, "old": _text(old_deals[deal_id][f]), "new": _text(new_deals[deal_id][f])}
                   for f in FIELDS if _text(old_deals[deal_id][f]) != _text(new_deals[deal_id][f])]
        if changes:
            changed.append({"id": deal_id, "label": new_deals[deal_id]["label"], "changes": changes})
    old_things = {n: d for n, d in before.nodes(data=True) if d.get("cls")}
    new_things = {n: d for n, d in after.nodes(data=True) if d.get("cls")}
    return {
        "deals_added": [{"id": d, "label": new_deals[d]["label"]} for d in sorted(set(new_deals) - set(old_deals))],
        "deals_removed": [{"id": d, "label": old_deals[d]["label"]} for d in sorted(set(old_deals) - set(new_deals))],
        "deals_changed": changed,
        "things_added": [{"id": t, "label": new_things[t]["label"], "class": new_things[t]["cls"]}
                         for t in sorted(set(new_things) - set(old_things))],
        "things_removed": [{"id": t, "label": old_things[t]["label"], "class": old_things[t]["cls"]}
                           for t in sorted(set(old_things) - set(new_things))],
        "sources_added": [{"id": s, "headline": after.graph["sources"][s]["headline"]}
                          for s in sorted(set(after.graph["sources"]) - set(before.graph["sources"]))],
    }


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Quantity):
        return value.text()
    if isinstance(value, dict):
        return "; ".join(f"{role}: {', '.join(ids)}" for role, ids in sorted(value.items()))
    if isinstance(value, tuple):
        return ", ".join(value) or None
    return str(value)


def is_empty(changes: dict) -> bool:
    """Whether nothing changed."""
    return not any(changes.values())


def markdown(changes: dict, old_name: str, new_name: str) -> str:
    """The changes as a Markdown document (what ``kg build`` writes to ``changes.md``)."""
    lines = [f"# What changed: {old_name} → {new_name}", ""]
    if is_empty(changes):
        return "\n".join(lines + ["No deal, thing or source was added, removed or changed.", ""])
    counts = {k: len(v) for k, v in changes.items()}
    lines += [f"{counts['deals_added']} deals added, {counts['deals_removed']} removed, {counts['deals_changed']} changed; "
              f"{counts['things_added']} things added, {counts['things_removed']} removed; "
              f"{counts['sources_added']} sources added.", ""]
    for key, title in (("deals_added", "Deals added"), ("deals_removed", "Deals removed")):
        if changes[key]:
            lines += [f"## {title}", ""] + [f"- `{d['id']}`: {d['label']}" for d in changes[key]] + [""]
    if changes["deals_changed"]:
        lines += ["## Deals changed", "", "| Deal | Field | Was | Now |", "| --- | --- | --- | --- |"]
        for deal in changes["deals_changed"]:
            for change in deal["changes"]:
                lines.append(f"| `{deal['id']}` | {change['field']} | {_cell(change['old'])} | {_cell(change['new'])} |")
        lines.append("")
    for key, title in (("things_added", "Things added"), ("things_removed", "Things removed")):
        if changes[key]:
            lines += [f"## {title}", ""] + [f"- `{t['id']}` ({t['class']}): {t['label']}" for t in changes[key]] + [""]
    if changes["sources_added"]:
        lines += ["## Sources added", ""] + [f"- `{s['id']}`: {s['headline']}" for s in changes["sources_added"]] + [""]
    return "\n".join(lines)


def _cell(text: str | None) -> str:
    return "—" if text is None else " ".join(text.split()).replace("|", "\\|")


def rows(changes: dict) -> list[list[str]]:
    """The changes as table rows: what, id, field, was, now."""
    table = [["deal added", d["id"], "", "", d["label"]] for d in changes["deals_added"]]
    table += [["deal removed", d["id"], "", d["label"], ""] for d in changes["deals_removed"]]
    table += [["deal changed", d["id"], c["field"], c["old"] or "—", c["new"] or "—"]
              for d in changes["deals_changed"] for c in d["changes"]]
    table += [["thing added", t["id"], t["class"], "", t["label"]] for t in changes["things_added"]]
    table += [["thing removed", t["id"], t["class"], t["label"], ""] for t in changes["things_removed"]]
    table += [["source added", s["id"], "", "", s["headline"]] for s in changes["sources_added"]]
    return table


def to_json(changes: dict) -> str:
    """The changes as JSON text."""
    return json.dumps(changes, indent=2, ensure_ascii=False) + "\n"


def graph_of(spec: str, build, load, workdir: Path | None = None):
    """The graph ``spec`` names: a data folder, an RDF file, or ``REV:folder`` in the git repository at ``workdir``.

    ``build`` and ``load`` are :func:`kg.api.build` and :func:`kg.api.load`
    (passed in, so this module does not import the API).
    """
    path = Path(spec)
    if path.is_dir():
        return build(path, check=False)
    if path.is_file():
        return load(path)
    if ":" in spec:
        revision, folder = spec.split(":", 1)
        with tempfile.TemporaryDirectory(prefix="kg-diff-") as temporary:
            target = Path(temporary)
            for name in _git(["ls-tree", "--name-only", f"{revision}:{folder or '.'}"], workdir).split("\n"):
                if name.endswith((".yaml", ".yml")):
                    (target / name).write_bytes(_git_bytes(["show", f"{revision}:{(folder.rstrip('/') + '/') if folder else ''}{name}"], workdir))
            return build(target, check=False)
    raise InputError([Problem(spec, 0, "not a data folder, an RDF file or a git revision (REV:folder)", True)])


def _git_bytes(args: list[str], workdir: Path | None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=workdir, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        message = getattr(error, "stderr", b"") or str(error).encode()
        raise InputError([Problem(" ".join(args[-1:]), 0, f"git could not read it: {message.decode(errors='replace').strip()}",
                                  True)]) from error
    return done.stdout


def _git(args: list[str], workdir: Path | None) -> str:
    return _git_bytes(args, workdir).decode("utf-8").strip()


def changes_since_build(previous: Path, graph) -> str | None:
    """``changes.md`` of ``graph`` against the previous build's ``graph.ttl``; None when there is none to read."""
    from .rdf.files import read_rdf

    if not previous.is_file():
        return None
    try:
        before = read_rdf([previous])
    except InputError:  # an unreadable earlier graph is replaced, not compared
        return None
    return markdown(compare(before, graph), "previous build", "this build")
