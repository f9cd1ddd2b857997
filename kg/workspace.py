"""Where a command's graph comes from, and the build folder that ``kg build`` fills.

A reading command works on RDF files the user names, or on the built graph:
``BUILD_DIR/graph.ttl`` while the stamp beside it matches the data, the
ontology and the included files, else the graph built again in memory.
:func:`build_into` writes that folder: the graph, its stamp, the page and the
report, each file atomically.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from rdflib import Graph

from .problems import InputError, Problem, display_path
from .rdf.files import read_rdf

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .checks.result import DataCheck
    from .rdf.store import Progress

#: The environment variable that names the build folder: where ``kg build`` writes and reading commands look.
BUILD_DIR_VARIABLE = "KG_BUILD_DIR"


def default_build_dir() -> Path:
    """The build folder when none is given: ``$KG_BUILD_DIR``, else ``build``."""
    return Path(os.environ.get(BUILD_DIR_VARIABLE) or "build")


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
    data_dir: Path, build_dir: Path | None = None, store: str = "memory", store_path: Path | None = None,
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
    build_dir = default_build_dir() if build_dir is None else build_dir
    turtle, stamp = build_dir / "graph.ttl", build_dir / STAMP_NAME
    recorded = _read_stamp(stamp)
    includes = recorded_includes(recorded)
    expected = data_stamp(data_dir, includes)
    missing = [path for path in includes if not path.is_file()]
    if missing:
        raise InputError([Problem(display_path(stamp), 0, f"built with {{arg:include}} {missing[0]}, which is gone: run kg build again", True,
                               param="include")])
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
    files: Sequence[Path], data_dir: Path, build_dir: Path | None = None, store: str = "memory",
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


@dataclass(frozen=True)
class Written:
    """One file of the build folder, and what it holds (``2404 triples``), for messages."""

    path: Path
    detail: str = ""


@dataclass(frozen=True)
class BuildFolder:
    """What :func:`build_into` did: the graph, the check of the curated data, the files written."""

    graph: Graph
    check: DataCheck
    files: tuple[Written, ...]
    store_path: Path | None = None


def build_into(
    out_dir: Path, data_dir: Path, check: DataCheck, includes: Sequence[Path] = (), *, shacl_includes: bool = False,
    store: str = "memory", store_path: Path | None = None, progress: Progress | None = None,
) -> BuildFolder:
    """Write the build folder of ``check``'s conforming graph, with ``includes`` merged in.

    The curated data was checked (:func:`kg.api.validate`); the merged graph
    gets the SPARQL checks of :mod:`kg.checks.sparql` (or every SHACL shape,
    with ``shacl_includes``). Then ``graph.ttl`` and its stamp, the page and
    the report are staged and swapped in together, the stamp last
    (:mod:`kg.output_set`); with ``store_path`` the graph is also kept in an
    on-disk Oxigraph store, stamped with the same inputs.
    """
    from .changes import changes_since_build
    from .page.elements import page_elements
    from .page.html import page_html
    from .output_set import OutputSet
    from .rdf.store import serialize_graph, stamp_disk_graph
    from .report import write_report

    refuse_includes(includes)
    graph = check.conforming_graph()
    if includes or store != "memory" or store_path is not None:
        graph = merged(graph, includes, store, store_path, shacl_includes, progress)
    # Every output is staged and swapped in at once, the stamp last: see kg.output_set.
    with OutputSet(out_dir) as outputs:
        files = [Written(outputs.write("graph.ttl", serialize_graph(graph, "turtle")), f"{len(graph)} triples")]
        # Lets reading commands reuse graph.ttl (and the store) only while the data and included files are unchanged.
        stamp = stamp_text(input_fingerprint(check.data_dir, includes), includes)
        elements = page_elements(graph)
        files.append(Written(outputs.write("graph.html", page_html(elements).encode("utf-8")),
                             f"{len(elements.nodes)} nodes, {len(elements.edges)} edges"))
        changes = changes_since_build(out_dir / "graph.ttl", graph)
        if changes is not None:
            files.append(Written(outputs.write("changes.md", changes.encode("utf-8"))))
        files += [Written(out_dir / path.name) for path in write_report(graph, outputs.staging, changes=changes is not None)]
        outputs.commit(STAMP_NAME, stamp.encode("utf-8"))
    if store_path is not None:
        stamp_disk_graph(graph, store_path, stamp)
    return BuildFolder(graph, check, tuple(files), store_path)


def refuse_includes(includes: Sequence[Path]) -> None:
    """Refuse a hostile included file (:func:`kg.rdf.files.refuse_hostile`): first, before any other work."""
    from .rdf.files import rdf_format, refuse_hostile

    for path in includes:
        refuse_hostile(path, rdf_format(path))


def merged(curated: Graph, includes: Sequence[Path], store: str, store_path: Path | None, shacl_includes: bool,
            progress: Progress | None) -> Graph:
    """The curated graph with ``includes`` merged in, on ``store``, checked (SPARQL checks or every shape)."""
    from .checks.sparql import import_problems, included_place
    from .rdf.store import add_triples, empty_disk_graph, open_graph

    graph = empty_disk_graph(store_path) if store_path is not None else open_graph(store)
    add_triples(graph, curated)
    read_rdf(includes, graph, progress)
    if not includes:
        return graph
    if shacl_includes:
        from .checks.shacl import validate_graph

        problems = validate_graph(graph).problems
    else:
        problems = import_problems(graph, included_place(includes))
    if problems:
        raise InputError(problems)
    return graph


def curated_graph(curated: DataCheck | Path, includes: Sequence[Path] = (), *, shacl_includes: bool = False,
                  store: str = "memory", store_path: Path | None = None) -> Graph:
    """The graph of a checked data folder (a :class:`DataCheck`) or of an unchecked one (a path), ``includes`` merged in."""
    if isinstance(curated, Path):
        from .data.load import load_data
        from .rdf.builder import build_graph

        graph = build_graph(load_data(curated)).graph
    else:
        graph = curated.conforming_graph()
    if includes or store != "memory" or store_path is not None:
        graph = merged(graph, includes, store, store_path, shacl_includes, None)
    return graph
