"""Options shared by several commands."""

from __future__ import annotations

import math
from pathlib import Path

import click

from kg.sparql.sandbox import MAX_TIMEOUT as MAX_SECONDS


class Seconds(click.FloatRange):
    """Seconds as a number from ``min`` to :data:`MAX_SECONDS`: ``nan`` and ``inf`` are refused.

    ``click.FloatRange`` lets NaN through (it compares false with any bound), which would switch a time budget
    off, and infinity, which the clocks cannot wait for.
    """

    name = "seconds"

    def __init__(self, min: float = 0.0, min_open: bool = False):  # noqa: A002 - click's own keyword
        super().__init__(min=min, max=MAX_SECONDS, min_open=min_open)

    def convert(self, value, param, ctx):
        if math.isnan(click.FLOAT.convert(value, param, ctx)):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return super().convert(value, param, ctx)


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


def store_options(default: str = "memory"):
    """``--store memory|oxigraph`` (``default`` unless given) and ``--store-path DIR``: where the graph lives (kg.store).

    Each command defaults to the store that does its work quicker on the
    curated data: ``kg query`` to Oxigraph, whose engine answers in Rust; the
    commands that walk the graph through rdflib's API (pySHACL, the
    projection, the page) to rdflib's memory store.
    """

    def decorate(command):
        command = click.option(
            "--store-path", type=click.Path(file_okay=False, path_type=Path), default=None,
            help="Keep the graph in an on-disk Oxigraph store in DIR (implies --store oxigraph); later commands "
                 "reuse it without parsing again while its inputs are unchanged.",
        )(command)
        return click.option(
            "--store", type=click.Choice(["memory", "oxigraph"]), default=default, show_default=True,
            help="Where the graph lives: rdflib's memory store or Oxigraph (far faster on large graphs). The "
                 "default is the quicker of the two for this command on the curated data.",
        )(command)

    return decorate


def chosen_store(store: str, store_path: Path | None) -> str:
    """The store a command uses: oxigraph with --store-path (unless --store memory was given: bad usage), else --store."""
    if store_path is None:
        return store
    given = click.get_current_context().get_parameter_source("store") is not click.core.ParameterSource.DEFAULT
    if store == "memory" and given:
        raise click.UsageError("--store-path keeps an Oxigraph store on disk: give --store oxigraph or leave --store out")
    return "oxigraph"


def default_build_dir() -> Path:
    """``$KG_BUILD_DIR``, else ``build`` (kg.workspace.default_build_dir, imported only when a command runs)."""
    from kg.workspace import default_build_dir as default

    return default()


build_dir_option = click.option(
    "--build-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    show_default="$KG_BUILD_DIR, else build",
    help="The folder kg build --out wrote: its graph.ttl is used while it matches the data.",
)
