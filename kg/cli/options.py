"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click


def _default_data() -> Path:
    from kg.paths import shipped_data_dir

    return shipped_data_dir()


data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=_default_data,
    show_default="the shipped data",
    help="Folder of curated YAML files.",
)


def store_options(command):
    """``--store memory|oxigraph`` and ``--store-path DIR``: where the command's graph lives (kg.store)."""
    command = click.option(
        "--store-path", type=click.Path(file_okay=False, path_type=Path), default=None,
        help="Keep the graph in an on-disk Oxigraph store in DIR (implies --store oxigraph); later commands "
             "reuse it without parsing again while its inputs are unchanged.",
    )(command)
    return click.option(
        "--store", type=click.Choice(["memory", "oxigraph"]), default=None,
        help="Where the graph lives: rdflib's memory store (default; quickest on the curated data) or "
             "Oxigraph (much faster on large graphs: needs the oxigraph extra).",
    )(command)


def chosen_store(store: str | None, store_path: Path | None) -> str:
    """The store a command uses: --store, else oxigraph with --store-path, else memory."""
    if store_path is not None:
        if store == "memory":
            raise click.UsageError("--store-path keeps an Oxigraph store on disk: give --store oxigraph or leave --store out")
        return "oxigraph"
    return store or "memory"
