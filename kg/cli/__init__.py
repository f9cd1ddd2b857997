"""The ``kg`` command: one root group; each command lives in its own module.

Commands are imported only when called (or listed by ``--help``), and heavy
libraries are imported inside them, so ``kg --help`` starts fast. This package
is the only place that prints, and :meth:`KgGroup.invoke` the one place that
words the library's errors and picks exit codes:

- 0 success;
- 1 the data or graph does not conform, a server failed or did not answer in
  time, or a query ran past ``--timeout`` (a timeout is 1 here and on a server);
- 2 bad usage or unreadable input: a missing or unparsable file, a refused or
  malformed query, an option that does not fit.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
import traceback
from dataclasses import dataclass, field

import click

from kg import __version__
from kg.problems import InputError, QueryProblem, QueryTimeout, RemoteError

#: command name -> "module:function", in the order ``--help`` lists them
COMMANDS = {
    "build": "kg.cli.build:build",
    "validate": "kg.cli.validate:validate",
    "export": "kg.cli.export:export",
    "diff": "kg.cli.diff:diff",
    "query": "kg.cli.query:query",
    "queries": "kg.cli.query:queries",
    "analyze": "kg.cli.analyze:analyze",
    "render": "kg.cli.render:render",
    "push": "kg.cli.push:push",
    "serve": "kg.cli.serve:serve",
    "extract": "kg.cli.extract:extract",
}


#: How the CLI names the arguments the library's errors are about (kg.problems.API_ARGUMENTS names them in Python).
CLI_ARGUMENTS = {
    "format": "--format", "timeout": "--timeout", "params": "--param {name}", "allow_service": "--allow-service",
    "port": "--port", "user": "--user", "password": "--password-env", "gsp_url": "--gsp-url", "language": "--lang",
    "out_dir": "--out", "include": "--include", "store_path": "--store-path",
}


@dataclass
class KgContext:
    """Shared state for every command."""

    verbose: bool = False
    #: passwords this run knows (from --password-env); no message shows them
    secrets: list = field(default_factory=list)


class KgGroup(click.Group):
    """A group that imports commands lazily and turns input problems into exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attribute = target.split(":")
        return getattr(importlib.import_module(module), attribute)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException as err:  # click prints it: the message must show no secret and steer no terminal
            err.message = self._redacted(ctx, err.message)
            raise
        except QueryProblem as err:  # the argument at fault named as its option: --format, --param NAME, --timeout
            click.echo(self._redacted(ctx, err.worded(CLI_ARGUMENTS)), err=True)
            self._trace(ctx)
            ctx.exit(1 if isinstance(err, QueryTimeout) else 2)
        except RemoteError as err:
            click.echo(self._redacted(ctx, err.worded(CLI_ARGUMENTS)), err=True)
            self._trace(ctx)
            ctx.exit(1)
        except InputError as err:
            for problem in err.problems:
                click.echo(self._redacted(ctx, problem.worded(CLI_ARGUMENTS)), err=True)
            self._trace(ctx)
            ctx.exit(2 if err.unreadable else 1)
        except OSError as err:  # a file that cannot be read or written: the user's to fix
            where = err.filename or "kg"
            click.echo(self._redacted(ctx, f"{where}: {err.strerror or err}"), err=True)
            self._trace(ctx)
            ctx.exit(2)

    @staticmethod
    def _redacted(ctx: click.Context, text: str) -> str:
        from kg.problems import printable
        from kg.remote.endpoint import redacted

        return printable(redacted(text, ctx.obj.secrets if ctx.obj is not None else ()))

    @staticmethod
    def _trace(ctx: click.Context) -> None:
        if ctx.obj is not None and ctx.obj.verbose:
            traceback.print_exc(file=sys.stderr)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="kg")
@click.option("-v", "--verbose", is_flag=True, help="Show more detail, and a traceback on errors.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """Build, check, query and explore the knowledge graph of the AI compute race.

    Curated, sourced facts in data/*.yaml become one RDF graph: firms, chips,
    cloud services, sites, investments, compute commitments and stakes.
    """
    ctx.obj = KgContext(verbose=verbose)
    _stop_cleanly_on_sigterm()
    if not verbose:
        _one_line_for_rdflib_notes()


class _OneLine(logging.Handler):
    """rdflib's notes on terms (an ill-typed literal, an odd IRI): the first as one warning line, without traceback."""

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(self, "shown", False):
            return
        self.shown = True
        from kg.problems import printable

        message = record.getMessage()
        ill_typed = re.match(r"Failed to convert Literal .*Datatype=(\S+?),", message)
        python_warning = re.search(r": \w*Warning: ([^\n]*)", message)
        if ill_typed:
            note = f"a literal does not match its datatype <{ill_typed.group(1)}>; it is kept as written"
        elif python_warning:  # from warnings.warn: "file:line: UserWarning: text" and the source line
            note = python_warning.group(1)[:200]
        else:
            note = (message.splitlines() or [""])[0][:200]
        click.echo(printable(f"warning: {note} (kg -v shows every such note)"), err=True)


def _one_line_for_rdflib_notes() -> None:
    """rdflib logs a traceback for every ill-typed literal it reads (and warns of odd ones); a run shows one line instead."""
    logging.captureWarnings(True)
    one_line = _OneLine()
    for name in ("rdflib.term", "py.warnings"):
        logger = logging.getLogger(name)
        logger.handlers = [one_line]
        logger.propagate = False


def _stop_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into an exception, so a killed run unwinds and removes what it staged."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum, frame) -> None:
    raise SystemExit(128 + signum)
