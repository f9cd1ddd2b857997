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
    from kg.build import build_graph
    from kg.load import load_data
    from kg.problems import InputError
    from kg.validate import validate_graph

    data = load_data(data_dir)
    built = build_graph(data)
    validation = validate_graph(built.graph, built.origins)
    if not validation.conforms:
        raise InputError(validation.problems)
    click.echo(f"conforms: {len(data.sources)} sources, {len(data.things)} things, {len(data.deals)} deals")
