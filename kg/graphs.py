"""Where a command's graph comes from: RDF files the user names, or the built graph.

The built graph is ``build/graph.ttl``, rebuilt in memory when the data or the
ontology is newer than it, or when it is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from rdflib import Graph

from .problems import InputError, Problem, display_path

#: file extension -> rdflib parser name
RDF_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}


def rdf_format(path: Path) -> str:
    """The rdflib parser for ``path``, from its extension; a :class:`Problem` if unknown."""
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(RDF_FORMATS))
        raise InputError([Problem(display_path(path), 0, f"unknown RDF file extension (known: {known})", True)])
    return fmt


def read_rdf(files: Sequence[Path], graph: Graph | None = None) -> Graph:
    """Parse local RDF files into one graph; a parse error names the file and line."""
    from .build import new_graph

    graph = graph if graph is not None else new_graph()
    for path in files:
        fmt = rdf_format(path)
        if not path.is_file():
            raise InputError([Problem(display_path(path), 0, "file does not exist", True)])
        try:
            graph.parse(path, format=fmt)
        except Exception as err:  # rdflib's parsers raise many types; all mean "cannot parse"
            line = getattr(err, "lines", None) or getattr(err, "line", None) or 0
            message = getattr(err, "msg", None) or str(err).splitlines()[0] if str(err) else type(err).__name__
            raise InputError([Problem(display_path(path), int(line or 0), f"cannot parse as {fmt}: {message}", True)]) from err
    return graph


def _newest_input(data_dir: Path) -> float:
    from . import paths

    inputs = [*data_dir.glob("*.yaml"), *data_dir.glob("*.yml"), paths.ontology_dir() / "aicompute.ttl"]
    return max((p.stat().st_mtime for p in inputs if p.exists()), default=0.0)


def built_graph(data_dir: Path, build_dir: Path = Path("build")) -> Graph:
    """The graph of ``data_dir``: ``build_dir/graph.ttl`` if it is up to date, else built in memory.

    The in-memory build skips the SHACL run (``kg build`` and ``kg validate``
    do that); loader errors still stop it with file and line.
    """
    turtle = build_dir / "graph.ttl"
    if turtle.is_file() and data_dir.is_dir() and turtle.stat().st_mtime >= _newest_input(data_dir):
        return read_rdf([turtle])
    from .build import build_graph
    from .load import load_data

    return build_graph(load_data(data_dir)).graph


def command_graph(files: Sequence[Path], data_dir: Path, build_dir: Path = Path("build")) -> Graph:
    """The graph a reading command works on: ``files`` if given, else the built graph."""
    return read_rdf(files) if files else built_graph(data_dir, build_dir)
