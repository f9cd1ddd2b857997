"""``kg build``: load the data, check it, write the graph."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from kg.cli.options import chosen_store, data_option, default_build_dir, store_options


@click.command()
@data_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=lambda: default_build_dir(),
    show_default="$KG_BUILD_DIR, else build",
    help="Folder for graph.ttl and the other outputs; the reading commands look there (--build-dir).",
)
@click.option("--include", "includes", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Merge this local RDF file (Turtle, N-Triples, N-Quads, JSON-LD, RDF/XML; format from the "
                   "extension) into the graph; repeatable.")
@click.option("--shacl-includes", is_flag=True,
              help="Check the merged graph with every SHACL shape (slow on large files) instead of the fast SPARQL checks.")
@store_options()
def build(data_dir: Path, out_dir: Path, includes: tuple[Path, ...], shacl_includes: bool, store: str,
          store_path: Path | None) -> None:
    """Build the graph from the curated data and write OUT/graph.ttl.

    The data is loaded and checked, turned into RDF with the ontology and the
    derived shortcut edges, and checked against the SHACL shapes. Nothing is
    written unless every check passes; files are replaced atomically.

    --include merges other RDF files in (a Wikidata extract, your own
    research). The curated data is checked with every SHACL shape; the
    merged graph with fast SPARQL checks of the main rules (or every shape,
    with --shacl-includes). Files that declare an XML DOCTYPE or entities, or
    a JSON-LD context to fetch, are refused. With --store-path the graph is
    also kept in an on-disk Oxigraph store that kg query, analyze and render
    reuse (give them the same --store-path).
    """
    from kg import api
    from kg.cli.progress import load_progress

    with load_progress("merging") as progress:
        built = api.build_into(out_dir, data_dir, include=includes, shacl_includes=shacl_includes,
                               store=chosen_store(store, store_path), store_path=store_path, progress=progress)
    if built.store_path is not None:
        click.echo(f"stored {len(built.graph)} triples in {built.store_path}", err=True)
    for written in built.files:
        click.echo(f"wrote {written.path}" + (f" ({written.detail})" if written.detail else ""), err=True)
    data = built.check.data
    things = Counter(t.type for t in data.things.values())
    deals = Counter(d.type for d in data.deals.values())
    click.echo(f"sources: {len(data.sources)}")
    click.echo("things:  " + ", ".join(f"{n} {k}" for k, n in sorted(things.items())))
    click.echo("deals:   " + ", ".join(f"{n} {k}" for k, n in sorted(deals.items())))
