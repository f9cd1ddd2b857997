"""``kg push``: put the graph into a named graph on a SPARQL server."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.endpoint import (
    _http_url, credential_options, endpoint_url_option, named_graph_option, password_from_env, timeout_option,
)
from kg.cli.options import chosen_store, data_option, store_options


@click.command()
@endpoint_url_option(required=True)
@named_graph_option
@click.option("--update-url", callback=_http_url, metavar="URL",
              help="SPARQL Update URL  [default: the usual one beside --endpoint]")
@click.option("--gsp-url", callback=_http_url, metavar="URL",
              help="Graph Store Protocol URL  [default: the usual one beside --endpoint]")
@click.option("--method", type=click.Choice(["auto", "gsp", "update"]), default="auto", show_default=True,
              help="How triples travel. auto: Graph Store Protocol, falling back to SPARQL Update if the server has"
                   " none; update: only INSERT DATA into a staging graph, then MOVE.")
@click.option("--path", "push_path", type=click.Choice(["auto", "delta", "staging"]), default="auto", show_default=True,
              help="How the named graph is replaced. auto: the quickest path that fits; delta: only the change,"
                   " in one update; staging: always a staging graph, then one MOVE.")
@credential_options
@timeout_option
@click.option("--graph", "graph_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="RDF file to push instead of the built graph (repeatable).")
@data_option
@store_options()
def push(endpoint_url, named_graph, update_url, gsp_url, method, push_path, user, password_env, auth, timeout, graph_files, data_dir,
         store, store_path):
    """Replace a named graph on a SPARQL server with the built graph.

    Every path changes the named graph in one request the server applies in
    one transaction, so on Oxigraph readers see the previous version or the
    new one, never half (tested); Virtuoso 7.2 has no snapshot reads, so a
    reader there may count a half-swapped graph while the one update commits.
    With --path auto, the quickest path that fits:

    \b
    - an empty or missing graph on Oxigraph: one Graph Store POST into it;
    - else, where the server's copy can be read (Graph Store GET) and at most
      a quarter of the triples change: only the change, in one update guarded
      by the count just read (Oxigraph: the triples in the update; others,
      e.g. Virtuoso: staged in two graphs, then one DELETE/INSERT update);
    - else, on Oxigraph 0.5.13 or later (whose PUT clears and loads in one
      transaction): one Graph Store PUT of the whole graph;
    - else: a staging graph (Graph Store Protocol, or INSERT DATA in batches
      of at most 1,000 triples), counted, then swapped in with one MOVE.

    The server counts the named graph after the push. A push that fails
    leaves the previous version in place and says what happened. Blank nodes
    are skolemised; transient errors are retried with back-off.
    """
    from kg import api
    from kg.cli.progress import load_progress

    server = api.endpoint(endpoint_url, user=user, password=password_from_env(user, password_env), auth=auth,
                          timeout=timeout, update_url=update_url, gsp_url=gsp_url)
    with load_progress() as progress:
        graph = api.graph(data_dir, graph_files, store=chosen_store(store, store_path), store_path=store_path,
                          progress=progress)
    if sys.stderr.isatty():
        with click.progressbar(length=len(graph), label="pushing", file=sys.stderr) as bar:
            report = api.push(graph, server, named_graph=named_graph, method=method, path=push_path,
                              progress=lambda done, _all: bar.update(done - bar.pos))
    else:
        report = api.push(graph, server, named_graph=named_graph, method=method, path=push_path)
    change = f": {report.removed} removed, {report.added} added" if report.added is not None else ""
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(
        f"pushed {report.triples} triples to <{report.named_graph}> at {server.query_url} by {report.method}"
        f" ({report.requests} requests, {report.seconds:.1f} s; {report.path}{change}); the server counts {report.counted} there"
    )
