"""The saved questions: SPARQL files shipped in this folder, and a user's own.

Each ``NAME.rq`` opens with a header comment that says what it answers::

    # title: one line, shown by ``kg queries``
    # description: what the rows are,
    #   continued on comment lines indented by two spaces or more
    # param firm: what the parameter is (one line per parameter)
    # joined: names sources
    # example: kg query NAME --param firm=anthropic

``joined`` names the columns that are lists joined by ``"; "`` (GROUP_CONCAT):
SPARQL leaves the order of a joined list to the engine, so kg sorts the items
of those columns (:func:`kg.sparql.answers.sorted_lists`) and a question gives
the same bytes on every store and server.

A parameter is a variable of the query (``?firm``) that ``kg query NAME
--param firm=VALUE`` binds. This module only reads files: it needs no RDF
library, so listing the questions is quick.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from kg.problems import InputError, Problem, display_path
from kg.sparql.text import read_query_text

_HEADER_LINE = re.compile(r"#\s*(title|description|param|example|joined)(?:\s+([A-Za-z_][\w]*))?\s*:\s*(.*)")
_CONTINUATION = re.compile(r"#\s{2,}(\S.*)")
#: what a saved question's name looks like (also how ``kg query`` tells a name from SPARQL text)
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class SavedQuery:
    """One saved question: its name, file, header and SPARQL text."""

    name: str
    path: Path
    title: str
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)
    example: str = ""
    text: str = ""
    #: the columns whose values are lists joined by "; " (GROUP_CONCAT), their items sorted in every answer
    joined: tuple[str, ...] = ()

    def check_params(self, given, missing: str, unknown: str) -> None:
        """Raise :class:`kg.query.QueryProblem` unless ``given`` names exactly the declared parameters.

        ``missing`` and ``unknown`` are message templates with ``{name}`` and
        ``{quoted}`` (the name in quotes), so each caller speaks its own
        syntax (``--param firm=VALUE`` on the command line, ``params=`` in Python).
        """
        from kg.problems import QueryProblem

        for name in self.params:
            if name not in given:
                text = missing.format(name=name, quoted=repr(name))
                raise QueryProblem(self.name, f"{text}: {self.params[name]}")
        declared = ", ".join(self.params) or "none"
        for name in given:
            if name not in self.params:
                text = unknown.format(name=name, quoted=repr(name))
                raise QueryProblem(self.name, f"{text} (its parameters: {declared})")


def shipped_folder() -> Path:
    """The folder of the questions shipped with the package."""
    return Path(__file__).resolve().parent


def read_saved_query(path: Path) -> SavedQuery:
    """Read a ``.rq`` file and its header comment.

    Examples
    --------
    >>> q = read_saved_query(shipped_folder() / "investors-of.rq")
    >>> q.name, list(q.params)
    ('investors-of', ['firm'])
    """
    try:
        with path.open("rb") as handle:
            text = read_query_text(handle, display_path(path))
    except OSError as err:
        raise InputError([Problem(display_path(path), 0, f"cannot read: {err.strerror or err}", True)]) from None
    fields: dict[str, str] = {"title": "", "description": "", "example": "", "joined": ""}
    params: dict[str, str] = {}
    last: tuple[str, str | None] | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header = _HEADER_LINE.fullmatch(line.strip())
        continued = _CONTINUATION.fullmatch(line.rstrip())
        if header:
            key, name, value = header.groups()
            last = (key, name)
            if key == "param" and name:
                params[name] = value.strip()
            else:
                fields[key] = value.strip()
        elif continued and last is not None:
            key, name = last
            if key == "param" and name:
                params[name] = f"{params[name]} {continued.group(1)}"
            else:
                fields[key] = f"{fields[key]} {continued.group(1)}"
        else:
            last = None
    joined = tuple(name.lstrip("?") for name in fields["joined"].split())
    return SavedQuery(path.stem, path, fields["title"] or "(no title)", fields["description"], params, fields["example"], text,
                      joined)


def saved_queries(folders: Sequence[Path] = ()) -> dict[str, SavedQuery]:
    """Every saved question by name: the shipped ones, then each folder's (a same name replaces).

    Examples
    --------
    >>> names = saved_queries()
    >>> {"investors-of", "money-in", "timeline", "circular-money"} <= set(names)
    True
    """
    found: dict[str, SavedQuery] = {}
    for folder in (shipped_folder(), *folders):
        for path in sorted(folder.glob("*.rq")):
            found[path.stem] = read_saved_query(path)
    return dict(sorted(found.items()))


def find_saved_query(name: str, folders: Sequence[Path] = ()) -> SavedQuery:
    """The saved question called ``name``; an :class:`~kg.problems.InputError` naming close matches if none is.

    Examples
    --------
    >>> find_saved_query("investor-of")
    Traceback (most recent call last):
    ...
    kg.problems.InputError: investor-of: no saved question of that name; did you mean investors-of? (kg queries lists them)
    """
    known = saved_queries(folders)
    if name in known:
        return known[name]
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise InputError([Problem(name, 0, f"no saved question of that name; {hint}(kg queries lists them)", True)])
