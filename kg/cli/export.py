"""``kg export``: the graph in Turtle, N-Triples, JSON-LD, RDF/XML or TriG, or as flat tables (``--tables DIR``)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import build_dir_option, data_option

_FORMATS = ("turtle", "nt", "jsonld", "xml", "trig")


@click.command()
@data_option
@build_dir_option
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default=None,
              help="Serialisation. [default: from -o's extension (.ttl, .nt, .jsonld, .rdf, .trig), else turtle]")
@click.option(
    "-o", "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=Path("-"),
    show_default="standard output",
    help="File to write (atomically), or - for standard output.",
)
@click.option("--tables", "tables_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write flat tables into this folder instead: deals, parties, things, sources, deal_sources "
                   "(CSV, and Parquet when pyarrow is installed) with a Frictionless datapackage.json.")
def export(data_dir: Path, build_dir: Path | None, fmt: str, output: Path, tables_dir: Path | None) -> None:
    """Write the graph in one RDF serialisation (the graph query, analyze and render read), or as flat tables.

    That is the build folder's graph.ttl while it matches the data (files
    merged in by kg build --include included), else the graph built from the
    data. The output is deterministic: the same data gives byte-identical files.

    \b
    kg export --tables tables/      deals.csv, parties.csv, things.csv, sources.csv,
                                    deal_sources.csv, datapackage.json (+ .parquet)
    """
    from kg import api

    if tables_dir is not None:
        for path in api.export_tables(api.graph(data_dir, build_dir=build_dir), tables_dir):
            click.echo(f"wrote {path}", err=True)
        return

    to_stdout = str(output) == "-"
    data = api.export(api.graph(data_dir, build_dir=build_dir), None if to_stdout else output, format=fmt)
    if to_stdout:
        click.echo(data, nl=False)
    else:
        click.echo(f"wrote {output}", err=True)
