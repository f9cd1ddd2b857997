"""``kg analyze``: money flows, circular deals, supplier dependence, centrality, capacity, timeline."""

from __future__ import annotations

from pathlib import Path

import click

from kg.analysis import ANALYSES
from kg.cli.options import Seconds, build_dir_option, chosen_store, data_option, store_options

_FORMATS = ("table", "json", "csv", "md")
# kg.analysis.circular_flows.MAX_CYCLES and TIME_LIMIT, written out so that `kg --help` need not import networkx.
MAX_CYCLES, TIME_LIMIT = 500, 5.0
# kg.analysis.significance.TIME_LIMIT, for the same reason.
SIGNIFICANCE_SECONDS = 5.0
# kg.vocab.STATUSES, written out so that `kg --help` need not import rdflib (a test keeps them equal).
STATUSES = ("rumoured", "reported", "letter-of-intent", "announced", "definitive", "closed", "revised")
# kg.rdf.terms.EVIDENCE_LEVELS, weakest first.
EVIDENCE = ("weak", "reported", "announced")
# kg.stages.STAGES, written out for the same reason (a test keeps them equal).
STAGES = ("intended", "conditional", "committed", "paid")


@click.command()
@click.argument("name", required=False, type=click.Choice(list(ANALYSES)))
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="table", show_default=True,
              help="table (terminal), json (every figure, with bounds), csv (one analysis), md (Markdown tables).")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only deals announced by this date (YYYY-MM-DD): the graph as it was known then.")
@click.option("--min-status", type=click.Choice(STATUSES), default=None,
              help="Drop deals less settled than this status (rumoured < reported < letter-of-intent < announced).")
@click.option("--min-evidence", type=click.Choice(EVIDENCE), default=None,
              help="Drop deals with weaker evidence than this (weak < reported < announced; none stated counts as weak).")
@click.option("--min-stage", type=click.Choice(STAGES), default=None,
              help="Drop deals whose money is less settled than this stage (intended < conditional < committed < paid).")
@click.option("--significance", is_flag=True,
              help="With circular-flows: compare the loops with degree-preserving randomisations (z-score, p-value).")
@click.option("--samples", type=click.IntRange(min=1), default=200, show_default=True,
              help="With --significance: how many randomised graphs.")
@click.option("--seed", type=int, default=0, show_default=True, help="With --significance: the random seed.")
@click.option("--significance-seconds", type=Seconds(), default=None,
              help=f"With --significance: draw no more randomised graphs after this many seconds (at least one is "
                   f"drawn; the output says when it stopped) [default: {SIGNIFICANCE_SECONDS:g}].")
@data_option
@build_dir_option
@click.option("--graph", "graph_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Analyse this RDF file (any that uses our vocabulary) instead of the built graph; repeatable.")
@click.option("--max-cycles", type=click.IntRange(min=0), default=None,
              help=f"circular-flows: list at most this many cycles, those that return the most money first "
                   f"[default: {MAX_CYCLES}].")
@click.option("--cycle-seconds", type=Seconds(), default=None,
              help=f"circular-flows: stop the cycle search after this many seconds [default: {TIME_LIMIT:g}].")
@store_options()
def analyze(name: str | None, fmt: str, as_of, min_status: str | None, min_evidence: str | None, min_stage: str | None,
            significance: bool, samples: int, seed: int, significance_seconds: float | None, data_dir: Path, build_dir: Path | None,
            graph_files: tuple[Path, ...], max_cycles: int | None, cycle_seconds: float | None, store: str,
            store_path: Path | None) -> None:
    """Answer questions about the structure of the AI compute race; NAME picks one analysis, none runs all.

    \b
    money-flows          money in and out of each company, by kind of deal
    circular-flows       money that comes back to where it left (cycles up to 5 legs,
                         the most money returned first, within a budget)
    supplier-dependence  each buyer's compute and hardware suppliers, shares, concentration
    centrality           PageRank (money view) and betweenness (deal view)
    capacity             gigawatts by buyer, hardware maker and year online
    timeline             deals by month, with counts and amounts

    Amounts keep their bounds: an "up to" is never added to an exact figure
    as if it were exact. Every row names the deals behind it.

    \b
    kg analyze circular-flows --significance --samples 1000 --seed 7
    """
    from kg import api
    from kg.cli.progress import load_progress
    from kg.report import analysis_document, to_json
    from kg.tables import analysis_tables

    if fmt == "csv" and name is None:
        raise click.UsageError("--format csv writes one analysis: name it, e.g. kg analyze money-flows --format csv")
    if significance and name != "circular-flows":
        raise click.UsageError("--significance tests the loops: kg analyze circular-flows --significance")
    with load_progress() as progress:
        graph = api.graph(data_dir, graph_files, build_dir=build_dir, store=chosen_store(store, store_path),
                              store_path=store_path, progress=progress)
    day = as_of.date() if as_of is not None else None
    scope = {"as_of": day, "min_status": min_status, "min_evidence": min_evidence, "min_stage": min_stage}
    projection = api.project(graph, **scope)  # one projection for the analyses and the significance test
    results = api.analyze(projection, name, max_cycles=max_cycles, cycle_seconds=cycle_seconds)
    budget = {} if significance_seconds is None else {"time_limit": significance_seconds}
    test = api.significance(projection, samples=samples, seed=seed, **budget) if significance else None
    if fmt == "json":
        document = analysis_document(results, day, min_status)
        document["min_stage"] = min_stage
        if test is not None:
            document["significance"] = test
        click.echo(to_json(document).decode("utf-8"), nl=False)
        return
    for analysis, result in results.items():
        tables = analysis_tables(analysis, result)
        if fmt == "csv":
            _echo_csv(tables)
        elif fmt == "md":
            _echo_markdown(analysis, tables)
        else:
            _echo_rich(analysis, tables)
    if test is not None:
        from kg.report_sections import significance_table

        table = significance_table(test)
        if fmt == "csv":
            _echo_csv([table])
        elif fmt == "md":
            click.echo(markdown_significance(test))
        else:
            if test["statistics"]:  # none when the graph was too large for the test (the text says so)
                _echo_rich("circular-flows", [table])
            click.echo(test["text"])


def markdown_significance(test: dict) -> str:
    """The significance test as a Markdown section: the paragraph, then the table."""
    from kg.report import markdown_table
    from kg.report_sections import significance_table

    table = f"\n{markdown_table(significance_table(test))}\n" if test["statistics"] else ""
    return f"### More than chance?\n\n{test['text']}\n{table}"


def _echo_csv(tables) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    several = len(tables) > 1  # several tables share one header, with a column naming the table
    columns = _union(tables)
    writer.writerow((["Table"] if several else []) + columns)
    for table in tables:
        for row in table.rows:
            cells = dict(zip(table.columns, row))
            writer.writerow(([table.title] if several else []) + [cells.get(c, "") for c in columns])
    click.echo(out.getvalue(), nl=False)


def _union(tables) -> list[str]:
    columns: list[str] = []
    for table in tables:
        columns += [c for c in table.columns if c not in columns]
    return columns


def _echo_markdown(analysis: str, tables) -> None:
    from kg.report import TITLES
    from kg.tables import markdown_table

    from kg.problems import printable

    click.echo(f"## {TITLES[analysis]}\n")
    for table in tables:
        if table.title:
            click.echo(printable(f"### {table.title}\n"))
        click.echo(printable(markdown_table(table) + "\n"))


def _echo_rich(analysis: str, tables) -> None:
    import shutil

    from rich.console import Console
    from rich.table import Table as RichTable

    from kg.problems import printable
    from kg.report import TITLES

    # Wide enough for the deal ids even when the output is not a terminal.
    console = Console(width=max(shutil.get_terminal_size().columns, 160))
    for table in tables:
        title = printable(TITLES[analysis] + (f": {table.title}" if table.title else ""))
        view = RichTable(title=title, title_justify="left", show_lines=False)
        for column in table.columns:
            view.add_column(printable(column), overflow="fold")
        for row in table.rows:
            view.add_row(*(printable(str(cell)) for cell in row))
        console.print(view)
