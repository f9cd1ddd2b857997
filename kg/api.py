"""The Python API: what the ``kg`` commands do, as functions that take a graph and return data.

The ``kg`` commands call these functions too, so a notebook and the command line give the same
answers. Each is re-exported by :mod:`kg` and imports its heavy libraries only when called.

- :func:`build`, :func:`validate`: YAML data to a checked graph; :func:`build_into` also writes the build folder
- :func:`graph`, :func:`load`: the graph a reading command works on, or RDF files
- :func:`query`: SPARQL, saved or your own; an :class:`Answer` with rows or a DataFrame; :func:`query_many`: several at once
- :func:`analyze`: the analyses of ``kg analyze`` as plain data
- :func:`render`: the interactive HTML page, a :class:`Page` that shows inline in Jupyter
- :func:`export`: deterministic Turtle, N-Triples, JSON-LD, RDF/XML or TriG; :func:`export_tables`: flat CSV tables
- :func:`significance`, :func:`diff`: are the loops chance; what changed (:mod:`kg.views`)
- :func:`extract`, :func:`resolve`, :func:`review`: articles -> candidate deals (:mod:`kg.extract.curate`)

Options after the first arguments are keyword-only. In the examples, ``MINI`` is tests/fixtures/mini.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from .checks.result import DataCheck
from .extract.curate import extract, resolve, review  # noqa: F401 - kg.api.extract, resolve, review
from .page import Page
from .paths import shipped_data_dir
from .problems import InputError, NotInGraph
from .sparql.answer import Answer, ask_many as query_many  # noqa: F401 - query_many: several questions, one process
from .sparql.sandbox import DEFAULT_TIMEOUT
from .views import diff, export_tables, significance

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph

    from .sparql.checks import PreparedQuery
    from .workspace import BuildFolder

__all__ = ["Answer", "DataCheck", "InputError", "NotInGraph", "Page", "analyze", "build", "build_into", "diff",
           "export", "export_tables", "graph", "load", "query", "query_many", "render", "saved_questions",
           "shipped_data_dir", "significance", "validate"]


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


def export(graph: Graph, path: Path | str | None = None, *, format: str = "turtle") -> bytes:
    """``graph`` serialised deterministically as ``turtle``, ``nt``, ``jsonld``, ``xml`` or ``trig``; written to ``path`` if given.

    Examples
    --------
    >>> export(build(MINI), format="nt").decode().count("\\n") == len(build(MINI))
    True
    """
    from .rdf.serialize import FORMATS, write_atomic
    from .rdf.store import serialize_graph

    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r} (known: {', '.join(FORMATS)})")
    data = serialize_graph(graph, format)
    if path is not None:
        write_atomic(Path(path), data)
    return data


def saved_questions(query_dirs: Sequence[Path | str] = ()) -> dict[str, str]:
    """The saved questions :func:`query` can ask by name: name -> title (and ``query_dirs``' own).

    Examples
    --------
    >>> saved_questions()["investors-of"]
    'Who invested in a company: how much, when, on which source'
    """
    from .sparql.saved import saved_queries

    return {name: saved.title for name, saved in saved_queries([Path(d) for d in query_dirs]).items()}


def query(
    graph: Graph,
    question: str | PreparedQuery,
    params: Mapping[str, Any] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    query_dirs: Sequence[Path | str] = (),
) -> Answer:
    """Ask ``graph`` a SPARQL question, read-only and offline, as ``kg query`` does.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph asked; it is never changed.
    question : str
        SPARQL text (the prefixes ``aic aid schema prov rdf rdfs owl xsd skos qudt unit wd`` are declared) or the
        name of a saved question (see :func:`saved_questions`); :func:`query_many` asks several in one process.
    params : mapping, optional
        Values for the question's variables: ``{"firm": "anthropic"}``. Text
        is read as ``kg query --param`` reads it: a thing id, a prefixed name,
        an ``<IRI>`` or ``'"text"'`` in double quotes; RDF terms are used as
        they are. A saved question needs exactly the parameters it declares.
    timeout : float
        Seconds before the query is stopped.
    allow_service : bool
        Let ``SERVICE`` clauses reach the network.
    query_dirs : sequence of paths
        Folders of your own saved questions (``NAME.rq``).

    Returns
    -------
    Answer

    Raises
    ------
    kg.problems.QueryProblem
        Bad syntax (with line and column), a refused query (updates,
        ``SERVICE``, ``FROM``), a timeout, an unknown saved name or parameter.

    Examples
    --------
    >>> g = build(MINI)
    >>> answer = query(g, "SELECT ?firm ?label WHERE { ?firm aic:investsIn ?x ; rdfs:label ?label }")
    >>> answer.rows
    [{'firm': 'aid:bigcloud', 'label': 'Bigcloud'}]
    >>> query(g, "ASK { aid:alpha-ai aic:investsIn ?x }").boolean
    False
    >>> query(g, "investors-of")
    Traceback (most recent call last):
    ...
    kg.problems.QueryProblem: investors-of: needs params={'firm': ...}: the company invested in: an id such as anthropic, or an IRI
    """
    from .sparql.answer import ask

    return ask(graph, question, params, timeout=timeout, allow_service=allow_service, query_dirs=query_dirs)



def analyze(
    graph: Graph,
    names: str | Iterable[str] | None = None,
    *,
    as_of: date | str | None = None,
    min_status: str | None = None,
    min_evidence: str | None = None,
    min_stage: str | None = None,
    max_cycles: int | None = None,
    cycle_seconds: float | None = None,
):
    """Run the analyses of ``kg analyze`` on ``graph``.

    Parameters
    ----------
    graph : rdflib.Graph
        Read, never changed.
    names : str or iterable of str, optional
        One analysis (``money-flows``, ``circular-flows``, ``supplier-dependence``,
        ``centrality``, ``capacity``, ``timeline``), several, or all (None).
    as_of : date or ``YYYY-MM-DD``, optional
        Only deals announced by this day: the graph as it was known then.
    min_status, min_evidence : str, optional
        Drop deals less settled than this status (``rumoured`` < ... < ``closed``, see
        :data:`kg.rdf.terms.STATUSES`) or with weaker evidence (``weak`` < ``reported`` < ``announced``).
    min_stage : str, optional
        Drop deals whose money is less settled (``intended`` < ... < ``paid``, :mod:`kg.stages`).
    max_cycles, cycle_seconds : optional
        Circular flows: the most cycles listed and the seconds the search may take
        (:data:`kg.analysis.circular_flows.MAX_CYCLES`, :data:`~kg.analysis.circular_flows.TIME_LIMIT`).

    Returns
    -------
    list or dict
        For one name, its result (plain data, as ``--format json`` prints it); else a dict of name to result.
        Circular flows are a :class:`kg.analysis.circular_flows.Cycles` list, whose ``search`` says whether
        the list was cut at its budget and how many cycles were seen.

    Examples
    --------
    >>> g = build(MINI)
    >>> [cycle] = analyze(g, "circular-flows")
    >>> cycle["leaves"]["USD"]["high"], cycle["returns"]["USD"]["exact"]
    (2000000000, 6000000000)
    >>> analyze(g, "circular-flows", as_of="2025-02-28")
    []
    >>> analyze(g, "circular-flows", max_cycles=0).search["cut"]
    True
    >>> list(analyze(g, ["timeline", "money-flows"]))
    ['money-flows', 'timeline']
    """
    from .analysis import analyze_graph
    from .snapshot import as_day

    one = isinstance(names, str)
    options = {"circular-flows": {k: v for k, v in {"max_cycles": max_cycles, "time_limit": cycle_seconds}.items() if v is not None}}
    results = analyze_graph(graph, None if names is None else [names] if one else list(names), as_day(as_of), min_status,
                            min_evidence, options, min_stage)
    return results[names] if one else results



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
    from .snapshot import as_day

    page = make_page(graph, focus=focus, depth=depth, kinds=kinds, day=as_day(as_of), engine=engine)
    return page if path is None else page.write(path)
