"""Where a graph lives: rdflib's memory store, or Oxigraph (in memory or on disk).

Every command works on an :class:`rdflib.Graph`; the store under it is one of
:data:`STORES`:

``memory``
    rdflib's own memory store, as :func:`kg.build.new_graph` makes it. The
    quickest for work that walks the graph through rdflib's API (SHACL, the
    networkx projection, the page); parsing a million triples takes close to
    a minute.
``oxigraph``
    rdflib over oxrdflib's store, with pyoxigraph (Oxigraph, in Rust)
    underneath. Where rdflib would be the slow part, pyoxigraph is used
    directly: files are parsed by its bulk loader, SPARQL runs on its engine
    (:func:`kg.oxigraph_answers.oxigraph_answer`) and Turtle and N-Triples are written by its
    serialisers (:func:`serialize_graph`). Everything else (SHACL, the
    networkx projection, the page) reads it through the rdflib API.

An on-disk Oxigraph store (``--store-path DIR``) keeps the RocksDB files in
``DIR/oxigraph`` and, in ``DIR/inputs.sha256``, the fingerprint of the inputs
it was loaded from (:func:`kg.graphs.input_fingerprint`), so a later command
reuses it only while those inputs are unchanged.

pyoxigraph and oxrdflib are imported inside the functions, so that a command
on the memory store never loads them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..problems import InputError, Problem, display_path

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pyoxigraph
    from rdflib import Graph

#: the stores a command can put its graph in
STORES = ("memory", "oxigraph")
#: inside ``--store-path DIR``: the RocksDB folder and the stamp of the inputs
DATABASE_NAME = "oxigraph"
STAMP_NAME = "inputs.sha256"
#: Written beside the database kg made: the one mark that lets kg delete it later.
MARKER_NAME = ".kg-store"
_MARK = "made by kg: DIR/oxigraph and DIR/inputs.sha256 are kg's to replace\n"

#: rdflib parser name -> pyoxigraph format name (RdfFormat attribute)
_OX_FORMATS = {
    "turtle": "TURTLE", "nt": "N_TRIPLES", "nquads": "N_QUADS", "trig": "TRIG", "n3": "N3",
    "json-ld": "JSON_LD", "xml": "RDF_XML",
}

#: formats that can hold several graphs
_DATASET_FORMATS = frozenset({"nquads", "trig"})
#: A progress callback: (bytes read so far, bytes in all).
Progress = Callable[[int, int], None]


def open_graph(store: str = "memory", path: Path | None = None, read_only: bool = False) -> Graph:
    """An empty (or, on disk, the stored) graph named :data:`kg.rdf.terms.GRAPH_IRI`, our prefixes bound.

    Parameters
    ----------
    store : {"memory", "oxigraph"}
        Which store holds the triples.
    path : Path, optional
        With ``oxigraph``: the RocksDB folder of an on-disk store (made if
        missing); None keeps the store in memory.
    read_only : bool
        Open an on-disk store for reading only (several processes may).

    Examples
    --------
    >>> from kg.rdf.terms import AID, AIC
    >>> graph = open_graph("oxigraph")
    >>> _ = graph.add((AID.microsoft, AIC.investsIn, AID.anthropic))
    >>> len(graph), oxigraph_of(graph) is not None, oxigraph_of(open_graph("memory")) is None
    (1, True, True)
    """
    from .builder import new_graph

    if store == "memory":
        return new_graph()
    if store != "oxigraph":
        raise ValueError(f"unknown store '{store}' (known: {', '.join(STORES)})")
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore

    if path is None:
        inner = ox.Store()
    else:
        try:
            inner = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as err:
            raise InputError([Problem(display_path(path), 0, f"cannot open the Oxigraph store: {err}", True)]) from err
    return new_graph(OxigraphStore(store=inner))


def oxigraph_of(graph: Graph) -> pyoxigraph.Store | None:
    """The pyoxigraph store under ``graph``, or None if it is not on Oxigraph."""
    inner = getattr(graph.store, "_store", None)
    if inner is None or type(graph.store).__name__ != "OxigraphStore":
        return None
    return inner


def graph_name(graph: Graph) -> pyoxigraph.NamedNode:
    """The pyoxigraph name of ``graph`` (where its triples are in the store)."""
    import pyoxigraph as ox

    return ox.NamedNode(str(graph.identifier))


class _CountingReader:
    """A binary file that reports how far it has been read."""

    def __init__(self, handle, total: int, progress: Progress):
        self.handle, self.total, self.progress = handle, total, progress

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.progress(self.handle.tell(), self.total)
        return chunk

    def readinto(self, buffer) -> int:
        count = self.handle.readinto(buffer)
        self.progress(self.handle.tell(), self.total)
        return count

    def readable(self) -> bool:
        return True

    def __getattr__(self, name: str):  # close, seek, name...: as the file does
        return getattr(self.handle, name)


def load_file(graph: Graph, path: Path, rdf_format: str, progress: Progress | None = None) -> None:
    """Parse the RDF file ``path`` into ``graph``; a parse error names the file and line.

    On Oxigraph the file goes through pyoxigraph's bulk loader (no rdflib
    parser in between); on the memory store rdflib parses it. ``progress``, if
    given, is called with the bytes read so far and the file's size.
    """
    total = path.stat().st_size
    with path.open("rb") as handle:
        source = _CountingReader(handle, total, progress) if progress is not None else handle
        store = oxigraph_of(graph)
        try:
            if rdf_format in _DATASET_FORMATS:
                _load_dataset(graph, source, rdf_format, path)
            elif store is not None:
                import pyoxigraph as ox

                store.bulk_load(source, format=getattr(ox.RdfFormat, _OX_FORMATS[rdf_format]), to_graph=graph_name(graph))
            else:
                parsed = new_graph_like(graph)
                parsed.parse(source=source, format=rdf_format)
                refuse_bad_iris(parsed, path)
                for triple in parsed:
                    graph.add(triple)
        except InputError:
            raise
        except Exception as err:  # parsers raise many types; all mean "cannot parse"
            raise _parse_problem(path, rdf_format, err) from err


#: characters SPARQL's and Turtle's IRIREF do not allow (rdflib's parsers let some through; no writer takes them)
_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def new_graph_like(graph: Graph) -> Graph:
    """An empty memory graph that parses as ``graph`` would (its prefixes bound)."""
    from rdflib import Graph as RdflibGraph

    fresh = RdflibGraph()
    for prefix, namespace in graph.namespaces():
        fresh.bind(prefix, namespace, override=False)
    return fresh


def refuse_bad_iris(graph: Graph, path: Path) -> None:
    """Raise :class:`InputError` naming ``path`` if an IRI of ``graph`` holds a space, quote, brace or control character.

    Examples
    --------
    >>> from rdflib import Graph, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("http://x y"), URIRef("urn:p"), URIRef("urn:o")))
    >>> refuse_bad_iris(g, Path("in.ttl"))
    Traceback (most recent call last):
    ...
    kg.problems.InputError: in.ttl: not a valid IRI: <http://x y> (a space, quote, brace or control character in it)
    """
    from rdflib import URIRef

    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and _NOT_IN_IRI.search(term):
                shown = term.encode("unicode_escape").decode("ascii")[:200]
                raise InputError([Problem(
                    display_path(path), 0, f"not a valid IRI: <{shown}> (a space, quote, brace or control character in it)", True,
                )])


def _load_dataset(graph: Graph, source, rdf_format: str, path: Path) -> None:
    """Merge the triples of every graph of an N-Quads or TriG file into ``graph`` (graph names dropped)."""
    store = oxigraph_of(graph)
    if store is not None:
        import pyoxigraph as ox

        name = graph_name(graph)
        store.extend(ox.Quad(q.subject, q.predicate, q.object, name)
                     for q in ox.parse(source, format=getattr(ox.RdfFormat, _OX_FORMATS[rdf_format])))
        return
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(source=source, format=rdf_format)
    refuse_bad_iris(dataset, path)
    for s, p, o, _graph in dataset.quads():
        graph.add((s, p, o))


def _parse_problem(path: Path, rdf_format: str, err: Exception) -> InputError:
    """The file, line and message of a parser's exception."""
    line = getattr(err, "lineno", None) or getattr(err, "line", None) or 0
    if isinstance(getattr(err, "lines", None), int):  # rdflib's BadSyntax counts lines from 0
        line = err.lines + 1
    if not isinstance(line, int):
        line = int(line) if str(line).isdigit() else 0
    text = str(err)
    message = getattr(err, "msg", None) or (text.splitlines()[0] if text else type(err).__name__)
    if isinstance(err, SyntaxError) and err.filename:  # pyoxigraph: "... (name.ttl, line 3)" repeats what we say
        message = str(err.msg).split(" (", 1)[0] if err.msg else message
    return InputError([Problem(display_path(path), line, f"cannot parse as {rdf_format}: {message}", True)])


def add_triples(graph: Graph, source: Graph) -> Graph:
    """Add every triple of ``source`` (a small graph, such as the curated one) to ``graph``."""
    store = oxigraph_of(graph)
    if store is None:
        graph += source
        return graph
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox

    name = graph_name(graph)
    # In sorted order: Oxigraph's Turtle follows insertion order, and rdflib's may follow the hash seed.
    store.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in sorted(source)])
    return graph


def serialize_graph(graph: Graph, fmt: str = "turtle") -> bytes:
    """Write ``graph`` in one of :data:`kg.export.FORMATS`, deterministically.

    On Oxigraph, Turtle and N-Triples come from pyoxigraph's serialisers
    (Turtle in the store's index order, which depends only on the triples;
    N-Triples sorted line by line as on the memory store); other formats and
    the memory store go through :func:`kg.export.serialize`.

    Examples
    --------
    >>> from kg.rdf.terms import AID, AIC
    >>> graph = open_graph("oxigraph")
    >>> _ = graph.add((AID.microsoft, AIC.investsIn, AID.anthropic))
    >>> print(serialize_graph(graph, "nt").decode(), end="")
    <https://w3id.org/aicompute/id/microsoft> <https://w3id.org/aicompute/ontology#investsIn> <https://w3id.org/aicompute/id/anthropic> .
    """
    from .serialize import serialize

    store = oxigraph_of(graph)
    if store is None or fmt not in ("turtle", "nt"):
        return serialize(graph, fmt)
    import pyoxigraph as ox

    if fmt == "nt":
        text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph_name(graph))
        return b"\n".join(sorted(line for line in text.split(b"\n") if line.strip())) + b"\n"
    prefixes = {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}
    return store.dump(format=ox.RdfFormat.TURTLE, from_graph=graph_name(graph), prefixes=prefixes)


# --- on-disk stores -------------------------------------------------------------------------


def database_path(store_path: Path) -> Path:
    """The RocksDB folder inside ``--store-path DIR``."""
    return store_path / DATABASE_NAME


def stored_fingerprint(store_path: Path) -> str | None:
    """The fingerprint the on-disk store at ``store_path`` was loaded from; None if none (or unfinished)."""
    stamp = store_path / STAMP_NAME
    if not stamp.is_file() or not database_path(store_path).is_dir():
        return None
    return stamp.read_text(encoding="utf-8")


def empty_disk_graph(store_path: Path) -> Graph:
    """A new, empty on-disk Oxigraph graph at ``store_path`` (its stamp and database removed first).

    Only what kg made and marked is removed: ``DIR/oxigraph`` and
    ``DIR/inputs.sha256``, and only while ``DIR/.kg-store`` (written when kg
    made the database) says kg made them. A ``DIR/oxigraph`` without that mark
    is someone else's: it is refused, never deleted. Anything else in ``DIR``
    is left alone.

    Raises
    ------
    InputError
        ``DIR/oxigraph`` exists but kg did not make it, or it is a link or a file.
    """
    database = database_path(store_path)
    marker = store_path / MARKER_NAME
    if database.exists() or database.is_symlink():
        if database.is_symlink() or not database.is_dir() or not _marked(marker):
            raise InputError([Problem(
                display_path(database), 0,
                f"not made by kg (no {MARKER_NAME} mark beside it), so kg will not delete it: "
                "choose another {arg:store_path} or remove it yourself", True, param="store_path")])
        (store_path / STAMP_NAME).unlink(missing_ok=True)
        shutil.rmtree(database)
    store_path.mkdir(parents=True, exist_ok=True)
    graph = open_graph("oxigraph", database)
    marker.write_text(_MARK, encoding="utf-8")
    return graph


def _marked(marker: Path) -> bool:
    try:
        return marker.is_file() and not marker.is_symlink() and marker.read_text(encoding="utf-8") == _MARK
    except (OSError, UnicodeDecodeError):
        return False


def stamp_disk_graph(graph: Graph, store_path: Path, fingerprint: str) -> None:
    """Record that the store at ``store_path`` now holds the inputs of ``fingerprint``."""
    from .serialize import write_atomic

    oxigraph_of(graph).flush()
    write_atomic(store_path / STAMP_NAME, fingerprint.encode("utf-8"))
