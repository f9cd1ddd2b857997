"""Where a command's graph comes from: RDF files the user names, or the built graph.

The built graph is ``build/graph.ttl``, rebuilt in memory when the data or the
ontology is newer than it, or when it is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from rdflib import Graph

from .problems import InputError, Problem, display_path

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .rdf.store import Progress

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


def read_rdf(files: Sequence[Path], graph: Graph | None = None, progress: Progress | None = None) -> Graph:
    """Parse local RDF files into one graph; a parse error names the file and line.

    Each file is checked first (:func:`kg.imports.refuse_hostile`): XML that
    declares a document type and JSON-LD that names a context document are
    refused before any parser reads them. ``graph`` (a new memory graph if
    None) may be on any store of :mod:`kg.store`; ``progress`` is called with
    the bytes read of each file.
    """
    from .rdf.builder import new_graph
    from .rdf.files import refuse_hostile
    from .rdf.store import load_file

    graph = graph if graph is not None else new_graph()
    for path in files:
        fmt = rdf_format(path)
        if not path.is_file():
            raise InputError([Problem(display_path(path), 0, "file does not exist", True)])
        refuse_hostile(path, fmt)
        load_file(graph, path, fmt, progress)
    return graph


#: Written by ``kg build`` next to graph.ttl: the fingerprint of the inputs it was built from,
#: then one ``include PATH`` line per file it merged in (``kg build --include``).
STAMP_NAME = "graph.inputs.sha256"


def _hash_file(digest, path: Path) -> None:
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)


def input_fingerprint(data_dir: Path, includes: Sequence[Path] = ()) -> str:
    """A SHA-256 over the data files (names and bytes), the ontology, kg's version and any included files.

    Content, not modification times: a copied data folder keeps old times, and
    a graph built from one folder must never answer for another.
    """
    import hashlib

    from . import __version__, paths

    digest = hashlib.sha256(__version__.encode())
    files = sorted(p for p in data_dir.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    for path in [*files, paths.ontology_dir() / "aicompute.ttl"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for path in includes:
        digest.update(b"include\0" + str(path.resolve()).encode() + b"\0")
        _hash_file(digest, path)
    return digest.hexdigest()


def files_fingerprint(files: Sequence[Path]) -> str:
    """A SHA-256 over RDF files given with ``--graph`` (paths and bytes) and kg's version."""
    import hashlib

    from . import __version__

    digest = hashlib.sha256(__version__.encode() + b"\0graph-files")
    for path in files:
        digest.update(b"\0" + str(path.resolve()).encode() + b"\0")
        _hash_file(digest, path)
    return digest.hexdigest()


def stamp_text(fingerprint: str, includes: Sequence[Path] = ()) -> str:
    """What a stamp file holds: the fingerprint, then an ``include PATH`` line per included file.

    Examples
    --------
    >>> print(stamp_text("ab12", [Path("/data/wikidata.nt")]), end="")
    ab12
    include /data/wikidata.nt
    """
    return fingerprint + "\n" + "".join(f"include {path.resolve()}\n" for path in includes)


def recorded_includes(stamp: str | None) -> tuple[Path, ...]:
    """The included files a stamp names.

    Examples
    --------
    >>> recorded_includes("ab12\\ninclude /data/wikidata.nt\\n")
    (PosixPath('/data/wikidata.nt'),)
    """
    lines = (stamp or "").splitlines()[1:]
    return tuple(Path(line[len("include "):]) for line in lines if line.startswith("include "))


def data_stamp(data_dir: Path, includes: Sequence[Path] = ()) -> str | None:
    """The stamp of ``data_dir`` and ``includes`` as they are now; None if the folder or an include is gone."""
    if not data_dir.is_dir() or not all(path.is_file() for path in includes):
        return None
    return stamp_text(input_fingerprint(data_dir, includes), includes)


def _read_stamp(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def built_graph(
    data_dir: Path, build_dir: Path = Path("build"), store: str = "memory", store_path: Path | None = None,
    progress: Progress | None = None,
) -> Graph:
    """The graph of ``data_dir``: ``build_dir/graph.ttl`` if it was built from exactly these inputs.

    Otherwise (missing, stale, or built from other data) the graph is built in
    memory; that skips the SHACL run (``kg build`` and ``kg validate`` do it),
    but loader errors still stop it with file and line. Files that ``kg build
    --include`` merged in are merged in again.

    With ``store_path`` (an on-disk Oxigraph store, :mod:`kg.store`) the store
    is reused as it is when it was loaded from these inputs; otherwise it is
    emptied, loaded and stamped with them.
    """
    from .rdf.store import database_path, empty_disk_graph, open_graph, stamp_disk_graph, stored_fingerprint

    if store_path is not None:
        stored = stored_fingerprint(store_path)
        if stored is not None and stored == data_stamp(data_dir, recorded_includes(stored)):
            return open_graph("oxigraph", database_path(store_path), read_only=True)
    turtle, stamp = build_dir / "graph.ttl", build_dir / STAMP_NAME
    recorded = _read_stamp(stamp)
    includes = recorded_includes(recorded)
    expected = data_stamp(data_dir, includes)
    missing = [path for path in includes if not path.is_file()]
    if missing:
        raise InputError([Problem(display_path(stamp), 0, f"built with --include {missing[0]}, which is gone: run kg build again", True)])
    graph = empty_disk_graph(store_path) if store_path is not None else open_graph(store)
    if recorded is not None and turtle.is_file() and recorded == expected:
        read_rdf([turtle], graph, progress)
    else:
        from .rdf.builder import build_graph
        from .data.load import load_data
        from .rdf.store import add_triples

        curated = build_graph(load_data(data_dir)).graph
        graph = curated if store == "memory" and store_path is None else add_triples(graph, curated)
        read_rdf(includes, graph, progress)
    if store_path is not None:
        stamp_disk_graph(graph, store_path, expected or data_stamp(data_dir, includes))
    return graph


def command_graph(
    files: Sequence[Path], data_dir: Path, build_dir: Path = Path("build"), store: str = "memory",
    store_path: Path | None = None, progress: Progress | None = None,
) -> Graph:
    """The graph a reading command works on: ``files`` if given, else the built graph.

    ``store`` and ``store_path`` say where it lives (:mod:`kg.store`); an
    on-disk store is reused while it holds exactly these inputs.
    """
    if not files:
        return built_graph(data_dir, build_dir, store, store_path, progress)
    if store_path is None:
        from .rdf.store import open_graph

        return read_rdf(files, open_graph(store), progress)
    from .rdf.store import database_path, empty_disk_graph, open_graph, stamp_disk_graph, stored_fingerprint

    for path in files:
        if not path.is_file():
            raise InputError([Problem(display_path(path), 0, "file does not exist", True)])
    expected = stamp_text(files_fingerprint(files))
    if stored_fingerprint(store_path) == expected:
        return open_graph("oxigraph", database_path(store_path), read_only=True)
    graph = read_rdf(files, empty_disk_graph(store_path), progress)
    stamp_disk_graph(graph, store_path, expected)
    return graph
