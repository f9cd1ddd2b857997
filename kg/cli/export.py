"""``kg export``: the graph in Turtle, N-Triples, JSON-LD, RDF/XML or TriG."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import build_dir_option, data_option

_FORMATS = ("turtle", "nt", "jsonld", "xml", "trig")


@click.command()
@data_option
@build_dir_option
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="turtle", show_default=True, help="Serialisation.")
@click.option(
    "-o", "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=Path("-"),
    show_default="standard output",
    help="File to write (atomically), or - for standard output.",
)
def export(data_dir: Path, build_dir: Path | None, fmt: str, output: Path) -> None:
    """Write the graph in one RDF serialisation: the graph query, analyze and render read.

    That is the build folder's graph.ttl while it matches the data (files
    merged in by kg build --include included), else the graph built from the
    data. The output is deterministic: the same data gives byte-identical files.
    """
    from kg import api

    to_stdout = str(output) == "-"
    data = api.export(api.graph(data_dir, build_dir=build_dir), None if to_stdout else output, format=fmt)
    if to_stdout:
        click.echo(data, nl=False)
    else:
        click.echo(f"wrote {output}", err=True)
