"""The library's structured errors: problems in the input (each tied to its file and line), refused or failed
queries, server failures, unknown things.

Where an error is about an argument, its message names it as ``{arg:NAME}``
and the error carries ``param`` (and ``limit`` for a timeout): the API words
it as its keyword (:data:`API_ARGUMENTS`), the CLI as its option; no message
here names a command-line option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

#: characters that steer a terminal rather than show: C0 and C1 controls (ESC starts its escape
#: sequences), DEL, and the bidirectional overrides that reorder what is shown
_STEERING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every character that would steer a terminal written as an escape (``\\x1b``); lines and tabs stay.

    Every message and every text table kg prints goes through here, so text
    from a graph (a label holding ``ESC]0;...``) cannot retitle, clear or
    recolour a terminal.

    Examples
    --------
    >>> printable("Alpha\\x1b[2J AI\\u202e\\n")
    'Alpha\\\\x1b[2J AI\\\\u202e\\n'
    """
    return _STEERING.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


#: How the library names the arguments its errors can be about (kg.api's keywords); each front end
#: has its own table (the CLI's options: kg.cli.CLI_ARGUMENTS).
API_ARGUMENTS = {
    "format": "format", "timeout": "timeout", "params": "params[{name!r}]", "allow_service": "allow_service=True",
    "port": "port", "user": "user", "password": "password", "gsp_url": "gsp_url", "language": "language",
    "out_dir": "out_dir", "include": "include", "store_path": "store_path",
}

#: an argument named inside a message: ``{arg:port}``, worded by :func:`worded`
_ARGUMENT = re.compile(r"\{arg:(\w+)\}")


def worded(message: str, arguments: Mapping[str, str] = API_ARGUMENTS) -> str:
    """``message`` with each argument it names (``{arg:NAME}``) written as ``arguments`` names it.

    The library's messages name the arguments at fault this way, so that the
    API says its keyword and the CLI its option.

    Examples
    --------
    >>> worded("cannot serve on port 80; give another {arg:port}")
    'cannot serve on port 80; give another port'
    >>> worded("give {arg:user} and {arg:password}", {"user": "--user", "password": "--password-env"})
    'give --user and --password-env'
    """
    return _ARGUMENT.sub(lambda m: arguments.get(m.group(1), API_ARGUMENTS.get(m.group(1), m.group(1))), message)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input.

    ``unreadable`` problems (a file that cannot be read or parsed) map to exit
    code 2; the others (the data reads but does not conform) map to exit code 1.
    ``param`` names the argument at fault, if one is (``language``, ``out_dir``);
    the message names it as ``{arg:NAME}``, which :meth:`worded` writes out.
    """

    file: str
    line: int
    message: str
    unreadable: bool = False
    param: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return self.worded(API_ARGUMENTS)

    def worded(self, arguments: Mapping[str, str]) -> str:
        """The problem with the arguments it names written as ``arguments`` names them."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {worded(self.message, arguments)}"


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
    """A query that cannot be run: bad syntax, refused, an argument that does not fit it.

    ``where`` is where the question came from (``query``, a saved name, a
    file), or None when the problem is an argument alone. ``param`` names the
    argument at fault (``format``, ``timeout`` or ``params``, with ``name`` the
    parameter), so that each front end words it its own way: the API as its
    keyword (:data:`API_ARGUMENTS`), the CLI as its option (``--param firm``).

    Examples
    --------
    >>> problem = QueryProblem("hardware-of", "the query has no variable ?firm", param="params", name="firm")
    >>> str(problem), problem.worded({"params": "--param {name}"})
    ("hardware-of: params['firm']: the query has no variable ?firm", 'hardware-of: --param firm: the query has no variable ?firm')
    """

    def __init__(self, where: str | None, message: str, line: int = 0, *, param: str | None = None,
                 name: str | None = None, limit: float | None = None):
        self.where, self.message, self.line = where, message, line
        self.param, self.name, self.limit = param, name, limit
        super().__init__([self._problem(API_ARGUMENTS)])

    def _problem(self, arguments: Mapping[str, str]) -> Problem:
        if self.param is None:
            return Problem(self.where or "query", self.line, self.message, True)
        argument = arguments.get(self.param, self.param)
        # Without a parameter's name, the argument alone: "params", "--param".
        argument = argument.format(name=self.name) if self.name is not None else argument.split("[")[0].split(" ")[0]
        if "{argument}" in self.message:  # the message names the argument itself (a timeout)
            return Problem(self.where or "query", self.line, self.message.replace("{argument}", argument), True)
        if self.where is None:
            return Problem(argument, self.line, self.message, True)
        return Problem(self.where, self.line, f"{argument}: {self.message}", True)

    def worded(self, arguments: Mapping[str, str]) -> str:
        """The problem with its argument named as ``arguments`` names it (``{"format": "--format"}``)."""
        return str(self._problem(arguments))


class QueryRefused(QueryProblem):
    """The query would change data or reach the network."""


class QuerySyntaxError(QueryProblem):
    """The text is not SPARQL; the message gives the line and column."""


class QueryTimeout(QueryProblem):
    """The query ran past its time limit (``limit`` seconds, the ``timeout`` argument) and was stopped.

    Exit code 1, as a server that does not answer in time (:class:`RemoteError`).
    """

    def __init__(self, where: str, limit: float):
        super().__init__(
            where,
            f"stopped after {limit:g} s ({{argument}}): the query is too slow for this graph; "
            "look for patterns that share no variable (a cartesian product) or give a longer {argument}",
            param="timeout", limit=limit,
        )


class NetworkRefused(RuntimeError):
    """Raised inside the query process by any attempt to reach the network."""


class RemoteError(Exception):
    """A SPARQL server could not be reached, refused a request or answered wrongly.

    The message says which server, what happened and, for a push, what state
    the named graph was left in. ``answered`` is False when the server could
    not be reached or did not answer in time. ``param`` names the argument to
    change, if one is (``port``, ``user``, ``gsp_url``; by default the first the
    message names as ``{arg:NAME}``, which :meth:`worded` writes out).

    Examples
    --------
    >>> err = RemoteError("127.0.0.1:80 is taken; give another {arg:port}", param="port")
    >>> str(err), err.worded({"port": "--port"})
    ('127.0.0.1:80 is taken; give another port', '127.0.0.1:80 is taken; give another --port')
    """

    def __init__(self, message: str, answered: bool = True, *, param: str | None = None):
        named = _ARGUMENT.search(message)
        self.message, self.answered = message, answered
        self.param = param if param is not None or named is None else named.group(1)
        super().__init__(worded(message))

    def worded(self, arguments: Mapping[str, str]) -> str:
        """The message with the arguments it names written as ``arguments`` names them."""
        return worded(self.message, arguments)


class NotInGraph(LookupError):
    """No thing of the given name is in the graph; ``suggestions`` holds close names."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()):
        self.name, self.suggestions = name, list(suggestions)
        hint = f"; did you mean {' or '.join(map(repr, self.suggestions))}?" if self.suggestions else ""
        super().__init__(f"no thing {name!r} in the graph{hint}")
