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
