"""``kg diff OLD NEW``: deals added, removed and changed, things and sources added, between two versions."""

from __future__ import annotations

import click


@click.command()
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(("table", "md", "json")), default="table", show_default=True,
              help="table (terminal), md (Markdown, as build/changes.md), json.")
def diff(old: str, new: str, fmt: str) -> None:
    """What changed from OLD to NEW: each a data folder, a built graph file, or a git revision of a folder.

    \b
    kg diff HEAD~1:data data          the data folder against its last commit
    kg diff old/graph.ttl build/graph.ttl
    kg diff data-before/ data/ --format md
    """
    from kg import api
    from kg.changes import markdown, rows, to_json

    changes = api.diff(old, new)
    if fmt == "json":
        click.echo(to_json(changes), nl=False)
    elif fmt == "md":
        click.echo(markdown(changes, old, new), nl=False)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"What changed: {old} → {new}", title_justify="left")
        for column in ("What", "Id", "Field", "Was", "Now"):
            table.add_column(column, overflow="fold")
        for row in rows(changes):
            table.add_row(*row)
        Console(width=160).print(table)
