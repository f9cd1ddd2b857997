"""``kg build``: load the data, check it, write the graph."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from kg.cli.options import chosen_store, data_option, store_options


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
    from kg.output_set import OutputSet
    from kg.rdf.files import refuse_hostile
    from kg.rdf.store import serialize_graph
    from kg.workspace import STAMP_NAME, input_fingerprint, rdf_format, stamp_text

    for path in includes:  # before any other work: a hostile file is refused at once
        refuse_hostile(path, rdf_format(path))
    check = api.validate(data_dir)
    graph, data = check.conforming_graph(), check.data
    store = chosen_store(store, store_path)
    if includes or store != "memory":
        graph = _merged(graph, includes, store, store_path, shacl_includes)
    # Every output is staged and swapped in at once, the stamp last: see kg.output_set.
    with OutputSet(out_dir) as outputs:
        target = outputs.write("graph.ttl", serialize_graph(graph, "turtle"))
        # Lets reading commands reuse graph.ttl (and the store) only while the data and included files are unchanged.
        stamp = stamp_text(input_fingerprint(data_dir, includes), includes)
        page = api.render(graph, outputs.staging / "graph.html")
        from kg.report import write_report

        reports = [out_dir / path.name for path in write_report(graph, outputs.staging)]
        outputs.commit(STAMP_NAME, stamp.encode("utf-8"))
    if store_path is not None:
        from kg.rdf.store import stamp_disk_graph

        stamp_disk_graph(graph, store_path, stamp)
        click.echo(f"stored {len(graph)} triples in {store_path}")
    click.echo(f"wrote {target} ({len(graph)} triples)")
    click.echo(f"wrote {out_dir / 'graph.html'} ({len(page.nodes)} nodes, {len(page.edges)} edges)")
    for path in reports:
        click.echo(f"wrote {path}")
    things = Counter(t.type for t in data.things.values())
    deals = Counter(d.type for d in data.deals.values())
    click.echo(f"sources: {len(data.sources)}")
    click.echo("things:  " + ", ".join(f"{n} {k}" for k, n in sorted(things.items())))
    click.echo("deals:   " + ", ".join(f"{n} {k}" for k, n in sorted(deals.items())))


def _merged(curated, includes, store: str, store_path: Path | None, shacl_includes: bool):
    """The curated graph with ``includes`` merged in, on ``store``, checked (SPARQL checks or every shape)."""
    from kg.cli.progress import load_progress
    from kg.workspace import read_rdf
    from kg.checks.sparql import import_problems, included_place
    from kg.problems import InputError
    from kg.rdf.store import add_triples, empty_disk_graph, open_graph

    graph = empty_disk_graph(store_path) if store_path is not None else open_graph(store)
    add_triples(graph, curated)
    with load_progress("merging") as progress:
        read_rdf(includes, graph, progress)
    if not includes:
        return graph
    if shacl_includes:
        from kg.checks.shacl import validate_graph

        problems = validate_graph(graph).problems
    else:
        problems = import_problems(graph, included_place(includes))
    if problems:
        raise InputError(problems)
    return graph
