"""``kg build``: load the data, check it, write the graph."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from kg.cli.options import data_option


@click.command()
@data_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Folder for graph.ttl and the other outputs.",
)
def build(data_dir: Path, out_dir: Path) -> None:
    """Build the graph from the curated data and write OUT/graph.ttl.

    The data is loaded and checked, turned into RDF with the ontology and the
    derived shortcut edges, and checked against the SHACL shapes. Nothing is
    written unless every check passes; files are replaced atomically.
    """
    from kg import api
    from kg.export import write_atomic
    from kg.graphs import STAMP_NAME, input_fingerprint

    check = api.validate(data_dir)
    graph, data = check.conforming_graph(), check.data
    target = out_dir / "graph.ttl"
    api.export(graph, target, "turtle")
    # Lets reading commands reuse graph.ttl only while the data is unchanged.
    write_atomic(out_dir / STAMP_NAME, (input_fingerprint(data_dir) + "\n").encode("ascii"))
    click.echo(f"wrote {target} ({len(graph)} triples)")
    # Further outputs made from the same graph (the HTML page, the report) follow here.
    page = api.render(graph, out_dir / "graph.html")
    click.echo(f"wrote {page.path} ({len(page.nodes)} nodes, {len(page.edges)} edges)")
    from kg.report import write_report

    for path in write_report(graph, out_dir):
        click.echo(f"wrote {path}")
    things = Counter(t.type for t in data.things.values())
    deals = Counter(d.type for d in data.deals.values())
    click.echo(f"sources: {len(data.sources)}")
    click.echo("things:  " + ", ".join(f"{n} {k}" for k, n in sorted(things.items())))
    click.echo("deals:   " + ", ".join(f"{n} {k}" for k, n in sorted(deals.items())))
