"""``kg serve``: a read-only SPARQL endpoint on loopback over the graph, run by the Oxigraph server."""

from __future__ import annotations

import signal
from pathlib import Path

import click

from kg.cli.options import data_option


def _stop_on_terminate(signum, frame):
    # SIGTERM ends `kg serve` as Ctrl-C does, so the server is stopped and its database removed.
    raise KeyboardInterrupt


@click.command()
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True, help="Port on 127.0.0.1.")
@click.option("--graph", "graph_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="RDF file to serve instead of the built graph (repeatable).")
@click.option("--cors/--no-cors", default=True, show_default=True,
              help="Let web pages on other origins (YASGUI and the like) ask questions.")
@data_option
def serve(port: int, graph_files: tuple[Path, ...], cors: bool, data_dir: Path) -> None:
    """Serve the graph read-only by the SPARQL 1.1 Protocol on 127.0.0.1 until Ctrl-C.

    The Oxigraph server (installed with aicompute-kg[server]) answers at
    http://127.0.0.1:PORT/query; any SPARQL client can connect (SPARQLWrapper,
    YASGUI, `kg query --endpoint`). The graph is the named graph
    https://w3id.org/aicompute/id/graph and also the default graph. Updates
    are refused.
    """
    from kg import api

    graph = api.graph(data_dir, graph_files)
    previous = signal.signal(signal.SIGTERM, _stop_on_terminate)
    try:
        with api.serve(graph, port=port, cors=cors) as served:
            click.echo(f"serving {len(graph)} triples read-only at {served.url} (Ctrl-C stops)")
            code = served.process.wait()
        raise click.ClickException(f"the Oxigraph server stopped by itself (exit {code})")
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
