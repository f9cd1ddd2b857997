"""Problems found in the input, each tied to the file and line it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
