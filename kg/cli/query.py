"""``kg query`` and ``kg queries``: ask the graph in SPARQL, and list the saved questions."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from kg.cli.endpoint import credential_options, endpoint_url_option, named_graph_option, password_from_env
from kg.cli.options import Seconds, build_dir_option, chosen_store, data_option, store_options
from kg.sparql.sandbox import DEFAULT_TIMEOUT
from kg.sparql.formats import FORMATS

_queries_option = click.option(
    "--queries",
    "query_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of your own saved questions (NAME.rq); may be repeated.",
)


def _question(question: str | None, query_file: Path | None, query_dirs: tuple[Path, ...]):
    """The SPARQL text, where it came from, and the saved question it is (or None)."""
    from kg.problems import display_path
    from kg.sparql.saved import NAME, find_saved_query
    from kg.sparql.text import read_query_text

    if query_file is not None and question is not None:
        raise click.UsageError("give the question as QUESTION or with -f FILE, not both")
    if query_file is not None:
        with query_file.open("rb") as handle:
            return read_query_text(handle, display_path(query_file)), display_path(query_file), None
    if question is None:
        raise click.UsageError("give a question: SPARQL text, a saved question's name (kg queries lists them), -f FILE or - for standard input")
    if question == "-":
        return read_query_text(click.get_binary_stream("stdin"), "<stdin>"), "<stdin>", None
    if NAME.fullmatch(question):
        saved = find_saved_query(question, query_dirs)
        return saved.text, display_path(saved.path), saved
    if question.endswith((".rq", ".sparql")) and Path(question).is_file():
        raise click.UsageError(f"'{question}' is a file: read it with -f {question}")
    return question, "query", None


def _bindings(params: tuple[str, ...], saved) -> dict:
    """``--param NAME=VALUE`` as terms, checked against the saved question's declared parameters."""
    from kg.sparql.text import parameter_term

    bindings = {}
    for param in params:
        name, equals, value = param.partition("=")
        if not equals or not name:
            raise click.BadParameter(f"'{param}' is not NAME=VALUE", param_hint="--param")
        if name in bindings:  # the last would win silently, and the answer would be for one value only
            raise click.BadParameter(f"'{name}' is given twice: a parameter takes one value (ask once per value)",
                                     param_hint="--param")
        bindings[name] = parameter_term(value)
    if saved is not None:
        saved.check_params(bindings, "needs --param {name}=VALUE", "--param {name}: not a parameter of this question")
    return bindings


@click.command()
@click.argument("question", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the SPARQL query from FILE.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE: a thing id (anthropic), a prefixed name, <IRI> or \"text\". May be repeated.")
@click.option("--graph", "graph_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Ask these RDF files (format from the extension) instead of the built graph. May be repeated.")
@data_option
@build_dir_option
@_queries_option
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Answer format. SELECT: table (default), csv, tsv, json, xml; "
                   "CONSTRUCT/DESCRIBE: turtle (default), nt, jsonld. Default from -o's extension.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write the answer to FILE (atomically) instead of standard output.")
@click.option("--timeout", type=Seconds(min=0, min_open=True), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds the answer may take: the evaluation here, or each request to --endpoint with its "
                   "retries. Past it the query is stopped (exit status 1).")
@click.option("--allow-service", is_flag=True, help="Let SERVICE clauses reach the network (refused by default).")
@store_options(default="oxigraph")
@endpoint_url_option(required=False)
@named_graph_option
@credential_options
def query(question, query_file, params, graph_files, data_dir, build_dir, query_dirs, fmt, output, timeout, allow_service,
          store, store_path, endpoint_url, named_graph, user, password_env, auth):
    """Ask the graph a SPARQL question; print the answer.

    QUESTION is SPARQL text, the name of a saved question (see kg queries),
    or - to read the query from standard input. The prefixes aic, aid,
    schema, prov, rdf, rdfs, owl, xsd, skos, qudt, unit and wd are declared.

    The graph is build/graph.ttl, rebuilt in memory if data/ is newer, or
    the --graph files. Queries are read-only and offline: updates, FROM and
    SERVICE (unless --allow-service) are refused with exit status 2.

    With --endpoint URL the question goes to that SPARQL server instead,
    scoped to --named-graph (where kg push puts the graph); the answer is
    written in the same formats.

    \b
    Examples:
      kg query 'SELECT ?firm WHERE { ?firm a aic:Company }'
      kg query investors-of --param firm=anthropic
      kg query timeline --format csv -o timeline.csv
    """
    from kg import api
    from kg.cli.progress import load_progress
    from kg.sparql.checks import prepare_query
    from kg.sparql.formats import check_format, default_format

    text, origin, saved = _question(question, query_file, query_dirs)
    bindings = _bindings(params, saved)
    prepared = prepare_query(text, origin, allow_service=allow_service, joined=saved.joined if saved else ())
    to_file = output is not None and str(output) != "-"
    fmt = fmt or default_format(prepared.kind, output if to_file else None)
    check_format(prepared.kind, fmt)
    asked = {"timeout": timeout, "allow_service": allow_service}
    if endpoint_url is not None:
        if graph_files:
            raise click.UsageError("give --graph (ask files here) or --endpoint (ask a server), not both")
        graph = None
        asked.update(endpoint=endpoint_url, named_graph=named_graph, user=user, auth=auth,
                     password=password_from_env(user, password_env))
    else:
        with load_progress() as progress:
            graph = api.graph(data_dir, graph_files, build_dir=build_dir, store=chosen_store(store, store_path),
                              store_path=store_path, progress=progress)
        for name, term in bindings.items():
            if (term, None, None) not in graph and (None, None, term) not in graph:
                click.echo(f"note: --param {name}: {term.n3(graph.namespace_manager)} is not in the graph", err=True)
    if to_file:
        api.query_to_file(graph, prepared, output, bindings, format=fmt, **asked)
        click.echo(f"wrote {output}", err=True)
        return
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    click.echo(api.query(graph, prepared, bindings, **asked).serialize(fmt, width=width), nl=False)


@click.command()
@click.argument("name", required=False)
@_queries_option
def queries(name, query_dirs):
    """List the saved questions, or print the one called NAME.

    Each is a SPARQL file with a header comment (title, description,
    parameters); ask one with kg query NAME [--param NAME=VALUE ...].
    """
    from kg.sparql.saved import find_saved_query, saved_queries

    if name is not None:
        click.echo(find_saved_query(name, query_dirs).text, nl=False)
        return
    found = saved_queries(query_dirs)
    width = max(len(n) for n in found)
    for saved in found.values():
        params = "".join(f" --param {p}=..." for p in saved.params)
        click.echo(f"{saved.name:<{width}}  {saved.title}{params}")
