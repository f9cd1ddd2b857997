"""Problems found in the input, each tied to the file and line it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input.

    ``unreadable`` problems (a file that cannot be read or parsed) map to exit
    code 2; the others (the data reads but does not conform) map to exit code 1.
    """

    file: str
    line: int
    message: str
    unreadable: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class InputError(Exception):
    """Raised when input cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def unreadable(self) -> bool:
        """True if any problem is about reading rather than content."""
        return any(p.unreadable for p in self.problems)


def display_path(path: Path) -> str:
    """The path as a user typed it or relative to the working directory."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class QueryProblem(InputError):
    """A query that cannot be run: bad syntax, refused, too slow. Exit code 2."""

    def __init__(self, where: str, message: str, line: int = 0):
        super().__init__([Problem(where, line, message, True)])


class QueryRefused(QueryProblem):
    """The query would change data or reach the network."""


class QuerySyntaxError(QueryProblem):
    """The text is not SPARQL; the message gives the line and column."""


class QueryTimeout(QueryProblem):
    """The query ran past its time limit and was stopped."""


class NetworkRefused(RuntimeError):
    """Raised inside the query process by any attempt to reach the network."""


class RemoteError(Exception):
    """A SPARQL server could not be reached, refused a request or answered wrongly.

    The message says which server, what happened and, for a push, what state
    the named graph was left in. ``answered`` is False when the server could
    not be reached or did not answer in time.
    """

    def __init__(self, message: str, answered: bool = True):
        super().__init__(message)
        self.answered = answered


class NotInGraph(LookupError):
    """No thing of the given name is in the graph; ``suggestions`` holds close names."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()):
        self.name, self.suggestions = name, list(suggestions)
        hint = f"; did you mean {' or '.join(map(repr, self.suggestions))}?" if self.suggestions else ""
        super().__init__(f"no thing {name!r} in the graph{hint}")
