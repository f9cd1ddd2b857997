"""``kg render``: the graph as one self-contained interactive HTML page."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import build_dir_option, chosen_store, data_option, store_options
from kg.page import EDGE_KINDS as _KINDS

#: deeper than any path in a graph kg draws: a larger --depth reaches nothing more
MAX_DEPTH = 10_000


def _capped(depth: int | None) -> int | None:
    return None if depth is None else min(depth, MAX_DEPTH)


class KindList(click.ParamType):
    """A comma-separated list of edge kinds."""

    name = "KINDS"

    def convert(self, value, param, ctx):
        if isinstance(value, (set, frozenset)):
            return value
        kinds = {part.strip() for part in str(value).split(",") if part.strip()}
        unknown = sorted(kinds - set(_KINDS))
        if unknown or not kinds:
            self.fail(f"unknown kind {', '.join(map(repr, unknown)) or 'list'}; choose from {', '.join(_KINDS)}", param, ctx)
        return frozenset(kinds)


@click.command()
@data_option
@build_dir_option
@click.option(
    "--graph", "graph_files", multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Render this RDF file (any that uses our vocabulary) instead of the built graph; repeatable.",
)
@click.option(
    "-o", "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=Path("build/graph.html"), show_default=True,
    help="File to write (atomically), or - for standard output.",
)
@click.option("--focus", metavar="THING", help="Draw only this thing's neighbourhood: its id (anthropic), label or IRI.")
@click.option("--depth", type=click.IntRange(min=0), default=None, callback=lambda ctx, param, value: _capped(value),
              help=f"With --focus: how many links out (more than {MAX_DEPTH} counts as {MAX_DEPTH}).  [default: 1]")
@click.option("--kinds", type=KindList(), default=None, help=f"Only these kinds of link, comma-separated: {', '.join(_KINDS)}.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Only deals announced by this date (YYYY-MM-DD).")
@click.option(
    "--engine", type=click.Choice(["auto", "vis", "webgl"]), default="auto", show_default=True,
    help="What draws the page: vis-network (small graphs), sigma.js WebGL (big graphs), "
    "or auto: WebGL above 1,500 things or 5,000 links.",
)
@click.option("--open", "open_page", is_flag=True, help="Open the page in the web browser afterwards.")
@store_options()
def render(data_dir: Path, build_dir: Path | None, graph_files: tuple[Path, ...], output: Path, focus: str | None,
           depth: int | None, kinds: frozenset[str] | None, as_of, engine: str, open_page: bool, store: str,
           store_path: Path | None) -> None:
    """Write the graph as one interactive HTML page that works offline.

    Things are nodes, coloured and shaped by class and sized by how linked
    they are; deals and relations are edges, coloured by kind, as wide as
    their amount and labelled with it. Hover or click for the facts and
    sources; find a node by name; untick a kind of link to hide it.
    """
    from kg import api
    from kg.cli.progress import load_progress
    from kg.page.style import LARGE_PAGE

    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus")
    with load_progress() as progress:
        graph = api.graph(data_dir, graph_files, build_dir=build_dir, store=chosen_store(store, store_path),
                          store_path=store_path, progress=progress)
    to_stdout = str(output) == "-"
    try:
        page = api.render(graph, None if to_stdout else output, focus=focus, depth=depth, kinds=kinds,
                          as_of=None if as_of is None else as_of.date(), engine=engine)
    except api.NotInGraph as err:
        raise click.BadParameter(str(err), param_hint="--focus") from None
    if to_stdout:
        click.echo(page.html.encode("utf-8"), nl=False)
    else:
        click.echo(f"wrote {output} ({len(page.nodes)} nodes, {len(page.edges)} edges)", err=True)
    if engine == "vis" and len(page.nodes) > LARGE_PAGE:
        click.echo(
            f"warning: {len(page.nodes):,} nodes make a slow page; try --focus THING --depth 1 or --kinds", err=True
        )
    if open_page and str(output) != "-":
        click.launch(str(output.resolve()))
