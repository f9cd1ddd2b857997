"""``kg export``: the graph in Turtle, N-Triples, JSON-LD, RDF/XML or TriG."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import data_option

_FORMATS = ("turtle", "nt", "jsonld", "xml", "trig")


@click.command()
@data_option
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="turtle", show_default=True, help="Serialisation.")
@click.option(
    "-o", "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=Path("-"),
    show_default="standard output",
    help="File to write (atomically), or - for standard output.",
)
def export(data_dir: Path, fmt: str, output: Path) -> None:
    """Write the graph built from the data in one RDF serialisation.

    The output is deterministic: the same data gives byte-identical files.
    """
    from kg.build import build_graph
    from kg.export import serialize, write_atomic
    from kg.load import load_data

    data = serialize(build_graph(load_data(data_dir)).graph, fmt)
    if str(output) == "-":
        click.echo(data, nl=False)
    else:
        write_atomic(output, data)
        click.echo(f"wrote {output}", err=True)
