"""Where the ontology, the shapes and the shipped data live.

From a checkout they are the top-level ``ontology/`` and ``data/`` folders; in
an installed wheel the same files are package data under ``kg/shipped/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _shipped(name: str) -> Path:
    if (_CHECKOUT / "setup.cfg").is_file() and (_CHECKOUT / name).is_dir():
        return _CHECKOUT / name
    return _PACKAGE / "shipped" / name


def ontology_dir() -> Path:
    """The folder holding ``aicompute.ttl`` and ``shapes.ttl``."""
    return _shipped("ontology")


def _installed(path: Path) -> Path:
    if not path.is_file():
        from .problems import InputError, Problem

        raise InputError([Problem(str(path), 0, "missing: the installation is incomplete (reinstall aicompute-kg)", True)])
    return path


def ontology_file() -> Path:
    """The OWL ontology in Turtle (an :class:`~kg.problems.InputError` if missing)."""
    return _installed(ontology_dir() / "aicompute.ttl")


def shapes_file() -> Path:
    """The SHACL shapes in Turtle (an :class:`~kg.problems.InputError` if missing)."""
    return _installed(ontology_dir() / "shapes.ttl")


def shipped_data_dir() -> Path:
    """The curated data shipped with the project."""
    return _shipped("data")
