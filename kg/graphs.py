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


#: Written by ``kg build`` next to graph.ttl: the fingerprint of the inputs it was built from.
STAMP_NAME = "graph.inputs.sha256"


def input_fingerprint(data_dir: Path) -> str:
    """A SHA-256 over the data files (names and bytes), the ontology and kg's version.

    Content, not modification times: a copied data folder keeps old times, and
    a graph built from one folder must never answer for another.
    """
    import hashlib

    from . import __version__, paths

    digest = hashlib.sha256(__version__.encode())
    files = sorted(p for p in data_dir.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    for path in [*files, paths.ontology_dir() / "aicompute.ttl"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def built_graph(data_dir: Path, build_dir: Path = Path("build")) -> Graph:
    """The graph of ``data_dir``: ``build_dir/graph.ttl`` if it was built from exactly these inputs.

    Otherwise (missing, stale, or built from other data) the graph is built in
    memory; that skips the SHACL run (``kg build`` and ``kg validate`` do it),
    but loader errors still stop it with file and line.
    """
    turtle, stamp = build_dir / "graph.ttl", build_dir / STAMP_NAME
    if turtle.is_file() and stamp.is_file() and data_dir.is_dir():
        if stamp.read_text(encoding="ascii").strip() == input_fingerprint(data_dir):
            return read_rdf([turtle])
    from .build import build_graph
    from .load import load_data

    return build_graph(load_data(data_dir)).graph


def command_graph(files: Sequence[Path], data_dir: Path, build_dir: Path = Path("build")) -> Graph:
    """The graph a reading command works on: ``files`` if given, else the built graph."""
    return read_rdf(files) if files else built_graph(data_dir, build_dir)
