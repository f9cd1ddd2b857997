"""``kg validate``: list every problem in the data as ``file:line: message``."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import data_option


@click.command()
@data_option
def validate(data_dir: Path) -> None:
    """Check the curated data and the graph it makes against the SHACL shapes.

    Exit status: 0 conforming, 1 not conforming, 2 unreadable input or bad usage.
    """
    from kg import api
    from kg.problems import InputError

    check = api.validate(data_dir)
    if not check.conforms:
        raise InputError(list(check.problems))
    click.echo(str(check))
