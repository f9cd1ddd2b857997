"""The Python API: what the ``kg`` commands do, as functions that take a graph and return data.

The ``kg`` commands do their work through these functions (they reach below
only to read their options' input and to word their output), so a notebook
and the command line give the same answers. ``kg.api`` is the one import users
need (each name is also re-exported by :mod:`kg`); the functions live by topic
in this module, :mod:`kg.api_query`, :mod:`kg.views` and :mod:`kg.api_remote`,
and import their heavy libraries only when called.

- :func:`build`, :func:`validate`: YAML data to a checked graph; :func:`build_into` also writes the build folder
- :func:`graph`, :func:`load`: the graph a reading command works on, or RDF files
- :func:`query`: SPARQL on a graph or a server, saved or your own; an :class:`Answer` with rows or a DataFrame;
  :func:`query_many` (several in one sandboxed process), :func:`query_to_file`, :func:`saved_questions`
- :func:`project`, :func:`analyze`: the projection the analyses read, and the analyses of ``kg analyze`` as plain data
- :func:`render`: the interactive HTML page, a :class:`Page` that shows inline in Jupyter
- :func:`export`: deterministic Turtle, N-Triples, JSON-LD, RDF/XML or TriG; :func:`export_tables`: flat CSV tables
- :func:`significance`, :func:`diff`: are the loops chance; what changed (:mod:`kg.views`)
- :func:`push`, :func:`serve`: the graph into a named graph on a SPARQL server; served read-only on loopback
- :func:`extract`, :func:`resolve`, :func:`review`: articles -> candidate deals (:mod:`kg.extract.curate`)

Options after the first arguments are keyword-only. Errors are structured exceptions
(:mod:`kg.problems`): :class:`InputError` with its problems, :class:`QueryProblem` with
``param`` and ``limit``, :class:`RemoteError`, :class:`NotInGraph`. In the examples,
``MINI`` is tests/fixtures/mini.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from .api_query import query, query_many, query_to_file, saved_questions
from .api_remote import endpoint, push, serve
from .checks.result import DataCheck
from .extract.curate import extract, resolve, review  # noqa: F401 - kg.api.extract, resolve, review (kg.extract is the package)
from .page import Page
from .paths import shipped_data_dir
from .problems import InputError, NotInGraph, QueryProblem, RemoteError
from .sparql.answer import Answer
from .views import analyze, diff, export_tables, project, significance

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph

    from .workspace import BuildFolder

__all__ = ["Answer", "DataCheck", "InputError", "NotInGraph", "Page", "QueryProblem", "RemoteError", "analyze", "build",
           "build_into", "diff", "endpoint", "export", "export_tables", "graph", "load", "project", "push",
           "query", "query_many", "query_to_file", "render", "saved_questions", "serve", "shipped_data_dir",
           "significance", "validate"]


def _folder(data_dir: Path | str | None) -> Path:
    return shipped_data_dir() if data_dir is None else Path(data_dir)


def _path(value: Path | str | None) -> Path | None:
    return None if value is None else Path(value)


def validate(data_dir: Path | str | None = None) -> DataCheck:
    """Load the YAML data of ``data_dir``, build its graph and check it against the SHACL shapes.

    Problems are returned, not raised: a file that cannot be read, a field
    that is missing or wrong, a reference to an unknown id, a violated shape.

    Parameters
    ----------
    data_dir : path, optional
        A folder of ``*.yaml`` files; the shipped data by default.

    Returns
    -------
    DataCheck

    Examples
    --------
    >>> check = validate(MINI)
    >>> check.conforms, str(check)
    (True, 'conforms: 2 sources, 8 things, 4 deals')
    >>> validate(MINI / "no-such-folder").problems[0].message
    'data directory does not exist'
    """
    from .checks.result import check_data

    return check_data(_folder(data_dir))


def build(
    data_dir: Path | str | None = None,
    *,
    check: bool = True,
    include: Sequence[Path | str] = (),
    shacl_includes: bool = False,
    store: str = "memory",
    store_path: Path | str | None = None,
    out_dir: Path | str | None = None,
) -> Graph:
    """The graph of the YAML data in ``data_dir``: ontology, facts and derived shortcut edges.

    Parameters
    ----------
    data_dir : path, optional
        A folder of ``*.yaml`` files; the shipped data by default.
    check : bool
        Check the graph against the SHACL shapes (the default, as ``kg
        build``); False skips that slower step, as ``kg export`` does. The
        data itself is always checked as it is loaded.
    include : sequence of paths
        Local RDF files merged in, checked with the SPARQL checks of the main
        rules (every SHACL shape with ``shacl_includes``), as ``kg build --include``.
    store, store_path
        ``memory`` (rdflib's) or ``oxigraph``; ``store_path``: an on-disk Oxigraph store the reading commands reuse.
    out_dir : path, optional
        Also write the build folder there, as ``kg build --out`` does (:func:`build_into`).

    Raises
    ------
    kg.problems.InputError
        With every problem found, each naming its file and line.

    Examples
    --------
    >>> from kg.rdf.terms import AIC, AID
    >>> (AID.bigcloud, AIC.investsIn, AID["alpha-ai"]) in build(MINI)
    True
    """
    from .workspace import curated_graph

    if out_dir is not None:
        return build_into(out_dir, data_dir, include=include, shacl_includes=shacl_includes, store=store,
                          store_path=store_path).graph
    return curated_graph(validate(data_dir) if check else _folder(data_dir), [Path(p) for p in include],
                         shacl_includes=shacl_includes, store=store, store_path=_path(store_path))


def build_into(
    out_dir: Path | str,
    data_dir: Path | str | None = None,
    *,
    include: Sequence[Path | str] = (),
    shacl_includes: bool = False,
    store: str = "memory",
    store_path: Path | str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildFolder:
    """Check the data, build its graph and write ``out_dir`` as ``kg build --out`` does; a :class:`kg.workspace.BuildFolder`.

    ``out_dir`` gets ``graph.ttl``, its stamp (the reading commands reuse it
    only while the inputs are unchanged), ``graph.html`` and the report, each
    written atomically and only if every check passes. The options are those
    of :func:`build`; ``progress`` is called with the bytes read of each included file.
    """
    from .workspace import build_into as write_folder
    from .workspace import refuse_includes

    refuse_includes([Path(p) for p in include])  # before any other work: a hostile file is refused at once
    check = validate(data_dir)
    return write_folder(Path(out_dir), check.data_dir, check, [Path(p) for p in include], shacl_includes=shacl_includes,
                        store=store, store_path=_path(store_path), progress=progress)


def load(*files: Path | str) -> Graph:
    """Read RDF files (the format from each extension: ``.ttl``, ``.nt``, ``.jsonld``, ...) into one graph.

    Hostile files are refused before any parser reads them (:func:`kg.rdf.files.read_rdf`).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "mini.ttl"
    ...     _ = export(build(MINI), path)
    ...     len(load(path)) == len(build(MINI))
    True
    """
    from .rdf.files import read_rdf

    return read_rdf([Path(f) for f in files])


def graph(
    data_dir: Path | str | None = None,
    files: Sequence[Path | str] = (),
    *,
    build_dir: Path | str | None = None,
    store: str = "memory",
    store_path: Path | str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Graph:
    """The graph the reading commands (query, analyze, render, export) work on.

    ``files`` if given (see :func:`load`); otherwise the graph of
    ``data_dir``: ``BUILD_DIR/graph.ttl`` (``build_dir``, by default
    ``$KG_BUILD_DIR`` or ``build``) when ``kg build`` wrote it from exactly
    this data and its included files, else built in memory (without the
    SHACL run of :func:`build`, with the same files merged in). ``store`` and
    ``store_path`` say where it lives, as for :func:`build`.

    Examples
    --------
    >>> len(graph(MINI)) == len(build(MINI))
    True
    """
    from .workspace import command_graph

    return command_graph([Path(f) for f in files], _folder(data_dir), build_dir=_path(build_dir), store=store,
                         store_path=_path(store_path), progress=progress)


def export(graph: Graph, path: Path | str | None = None, *, format: str | None = None) -> bytes:
    """``graph`` serialised deterministically as ``turtle``, ``nt``, ``jsonld``, ``xml`` or ``trig``; written to ``path`` if given.

    Without ``format``, the format ``path``'s extension names (``.nt``, ``.jsonld``, ``.rdf``, ...), else Turtle.

    Examples
    --------
    >>> export(build(MINI), format="nt").decode().count("\\n") == len(build(MINI))
    True
    """
    from .rdf.serialize import FORMATS, format_of_path, write_atomic
    from .rdf.store import serialize_graph

    if format is None:
        format = format_of_path(path) if path is not None else "turtle"
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r} (known: {', '.join(FORMATS)})")
    data = serialize_graph(graph, format)
    if path is not None:
        write_atomic(Path(path), data)
    return data


def render(
    graph: Graph,
    path: Path | str | None = None,
    *,
    focus: str | None = None,
    depth: int | None = None,
    kinds: Iterable[str] | None = None,
    as_of: date | str | None = None,
    engine: str = "auto",
) -> Page:
    """The graph as one interactive HTML page, as ``kg render`` makes it; written to ``path`` if given.

    Parameters
    ----------
    focus : str, optional
        Draw only this thing's neighbourhood: its id (``anthropic``), label or IRI.
    depth : int, optional
        With ``focus``: how many links out (1 by default).
    kinds : iterable of str, optional
        Only these kinds of link (:data:`kg.page.EDGE_KINDS`).
    as_of : date or ``YYYY-MM-DD``, optional
        Only deals announced by this day.
    engine : {"auto", "vis", "webgl"}
        vis-network, or sigma.js (WebGL); ``auto``: :func:`kg.page.webgl.wants_webgl`.

    Raises
    ------
    NotInGraph
        ``focus`` names no thing in the graph.

    Examples
    --------
    >>> g = build(MINI)
    >>> page = render(g, focus="chip-x1", depth=1)
    >>> sorted(node.id for node in page.nodes), page
    (['chip-x1', 'chip-x2', 'chipco'], <Page: 3 nodes, 3 edges>)
    >>> render(g, focus="alpah-ai")
    Traceback (most recent call last):
    ...
    kg.problems.NotInGraph: no thing 'alpah-ai' in the graph; did you mean 'alpha-ai'?
    """
    from .page.html import make_page
    from .days import as_day

    page = make_page(graph, focus=focus, depth=depth, kinds=kinds, day=as_day(as_of), engine=engine)
    return page if path is None else page.write(path)


# The functions kept by topic in other modules are kg.api's: help() and tracebacks name them so.
for _function in (analyze, diff, endpoint, export_tables, project, push, query, query_many, query_to_file, saved_questions,
                  serve, significance):
    _function.__module__ = __name__
del _function
