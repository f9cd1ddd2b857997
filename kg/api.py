"""The Python API: what the ``kg`` commands do, as functions that take a graph and return data.

Notebooks and scripts use these functions; the ``kg`` commands call them
too, so a notebook and the command line give the same answers. Each is
re-exported by :mod:`kg` (``kg.build``, ``kg.query``, ...), and each imports
its heavy libraries only when called, so ``import kg`` stays light.

- :func:`build`, :func:`validate`: the curated YAML data to a checked graph
- :func:`graph`, :func:`load`: the graph a reading command works on, or RDF files
- :func:`query`: SPARQL, saved or your own; an :class:`Answer` with rows or a DataFrame
- :func:`analyze`: the analyses of ``kg analyze`` as plain data
- :func:`render`: the interactive HTML page, a :class:`Page` that shows inline in Jupyter
- :func:`export`: deterministic Turtle, N-Triples, JSON-LD, RDF/XML or TriG

Options after the first arguments are keyword-only, so that new ones (such as
where a graph is stored) can be added without breaking calls. In the examples,
``MINI`` is the small hand-made data set in ``tests/fixtures/mini``.

Examples
--------
>>> import kg
>>> graph = kg.build(MINI)
>>> kg.query(graph, "investors-of", {"firm": "alpha-ai"}).rows[0]["investor"]
'aid:bigcloud'
>>> kg.analyze(graph, "circular-flows")[0]["labels"]
['Bigcloud', 'Alpha AI', 'Bigcloud']
>>> kg.render(graph).nodes[0].label
'Ada Example'
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from .checks.result import DataCheck
from .page import Page
from .paths import shipped_data_dir
from .problems import InputError, NotInGraph
from .sparql.answer import Answer
from .sparql.sandbox import DEFAULT_TIMEOUT

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph

    from .sparql.checks import PreparedQuery

__all__ = [
    "Answer", "DataCheck", "InputError", "NotInGraph", "Page",
    "analyze", "build", "export", "graph", "load", "query", "render", "saved_questions", "shipped_data_dir", "validate",
]


def _folder(data_dir: Path | str | None) -> Path:
    return shipped_data_dir() if data_dir is None else Path(data_dir)


def _day(value: date | datetime | str | None) -> date | None:
    """A date from a ``date``, a ``datetime`` or ``YYYY-MM-DD`` text."""
    if value is None or type(value) is date:
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value))


# --- the data: check and build ------------------------------------------------------------


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
    from .rdf.builder import build_graph
    from .data.load import load_data
    from .checks.shacl import validate_graph

    folder = _folder(data_dir)
    try:
        data = load_data(folder)
    except InputError as err:
        return DataCheck(folder, False, tuple(err.problems))
    built = build_graph(data)
    validation = validate_graph(built.graph, built.origins)
    return DataCheck(folder, validation.conforms, tuple(validation.problems), built.graph, data)


def build(data_dir: Path | str | None = None, *, check: bool = True) -> Graph:
    """The graph of the YAML data in ``data_dir``: ontology, facts and derived shortcut edges.

    Parameters
    ----------
    data_dir : path, optional
        A folder of ``*.yaml`` files; the shipped data by default.
    check : bool
        Check the graph against the SHACL shapes (the default, as ``kg
        build``); False skips that slower step, as ``kg export`` does. The
        data itself is always checked as it is loaded.

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
    if check:
        return validate(data_dir).conforming_graph()
    from .rdf.builder import build_graph
    from .data.load import load_data

    return build_graph(load_data(_folder(data_dir))).graph


def load(*files: Path | str) -> Graph:
    """Read RDF files (the format from each extension: ``.ttl``, ``.nt``, ``.jsonld``, ...) into one graph.

    JSON-LD that names a context document and XML that declares a document
    type are refused before any parser reads them (see :func:`kg.graphs.read_rdf`).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "mini.ttl"
    ...     _ = export(build(MINI), path)
    ...     len(load(path)) == len(build(MINI))
    True
    """
    from .workspace import read_rdf

    return read_rdf([Path(f) for f in files])


def graph(data_dir: Path | str | None = None, files: Sequence[Path | str] = ()) -> Graph:
    """The graph the reading commands (query, analyze, render) work on.

    ``files`` if given (see :func:`load`); otherwise the graph of
    ``data_dir``: ``build/graph.ttl`` when ``kg build`` wrote it from exactly
    this data, else built in memory (without the SHACL run of :func:`build`).

    Examples
    --------
    >>> len(graph(MINI)) == len(build(MINI))
    True
    """
    from .workspace import built_graph

    if files:
        return load(*files)
    return built_graph(_folder(data_dir))


def export(graph: Graph, path: Path | str | None = None, format: str = "turtle") -> bytes:
    """``graph`` serialised deterministically; written atomically to ``path`` if given.

    Parameters
    ----------
    format : str
        ``turtle``, ``nt``, ``jsonld``, ``xml`` (RDF/XML) or ``trig``.

    Examples
    --------
    >>> export(build(MINI), format="nt").decode().count("\\n") == len(build(MINI))
    True
    """
    from .rdf.serialize import FORMATS, serialize, write_atomic

    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r} (known: {', '.join(FORMATS)})")
    data = serialize(graph, format)
    if path is not None:
        write_atomic(Path(path), data)
    return data


# --- SPARQL ---------------------------------------------------------------------------------


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
        SPARQL text (the prefixes ``aic aid schema prov rdf rdfs owl xsd skos
        qudt unit wd`` are declared) or the name of a saved question (see
        :func:`saved_questions`).
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
    from rdflib.term import Literal, Node

    from .sparql.saved import NAME, find_saved_query
    from .sparql.checks import PreparedQuery, prepare_query
    from .sparql.sandbox import run_query
    from .sparql.text import display_prefixes, parameter_term

    saved = None
    if isinstance(question, PreparedQuery):
        prepared = question
    else:
        if NAME.fullmatch(question):
            saved = find_saved_query(question, [Path(d) for d in query_dirs])
        text, origin = (saved.text, saved.name) if saved else (question, "query")
        prepared = prepare_query(text, origin, allow_service=allow_service)
    params = dict(params or {})
    if saved is not None:
        saved.check_params(params, "needs params={{{quoted}: ...}}", "{quoted} is not a parameter of this question")
    bindings = {
        name: value if isinstance(value, Node) else parameter_term(value) if isinstance(value, str) else Literal(value)
        for name, value in params.items()
    }
    result = run_query(graph, prepared, bindings, timeout=timeout, allow_service=allow_service)
    return Answer(result, display_prefixes(graph.namespaces()))


# --- analysis -------------------------------------------------------------------------------


def analyze(
    graph: Graph,
    names: str | Iterable[str] | None = None,
    *,
    as_of: date | str | None = None,
    min_status: str | None = None,
):
    """Run the analyses of ``kg analyze`` on ``graph``.

    Parameters
    ----------
    graph : rdflib.Graph
        Read, never changed.
    names : str or iterable of str, optional
        One analysis (``money-flows``, ``circular-flows``,
        ``supplier-dependence``, ``centrality``, ``capacity``, ``timeline``),
        several, or all (None).
    as_of : date or ``YYYY-MM-DD``, optional
        Only deals announced by this day: the graph as it was known then.
    min_status : str, optional
        Drop deals less settled than this status (``rumoured`` < ``reported``
        < ``letter-of-intent`` < ``announced`` < ``definitive`` < ``closed``).

    Returns
    -------
    list or dict
        For one name, its result (lists and dicts of text and numbers, as
        ``kg analyze --format json`` prints them); otherwise a dict of name
        to result, in report order.

    Examples
    --------
    >>> g = build(MINI)
    >>> [cycle] = analyze(g, "circular-flows")
    >>> cycle["leaves"]["USD"]["high"], cycle["returns"]["USD"]["exact"]
    (2000000000, 6000000000)
    >>> analyze(g, "circular-flows", as_of="2025-02-28")
    []
    >>> list(analyze(g, ["timeline", "money-flows"]))
    ['money-flows', 'timeline']
    """
    from .analysis import ANALYSES, run_analyses
    from .network import project
    from .snapshot import snapshot

    one = isinstance(names, str)
    wanted = None if names is None else [names] if one else list(names)
    unknown = sorted(set(wanted or ()) - set(ANALYSES))
    if unknown:
        raise ValueError(f"unknown analysis {unknown[0]!r} (known: {', '.join(ANALYSES)})")
    day = _day(as_of)
    if day is not None or min_status is not None:
        graph = snapshot(graph, as_of=day, min_status=min_status)
    results = run_analyses(project(graph), wanted)
    return results[names] if one else results


# --- the page -------------------------------------------------------------------------------


def render(
    graph: Graph,
    path: Path | str | None = None,
    *,
    focus: str | None = None,
    depth: int | None = None,
    kinds: Iterable[str] | None = None,
    as_of: date | str | None = None,
) -> Page:
    """The graph as one interactive HTML page, as ``kg render`` makes it; written to ``path`` if given.

    Parameters
    ----------
    focus : str, optional
        Draw only this thing's neighbourhood: its id (``anthropic``), label or IRI.
    depth : int, optional
        With ``focus``: how many links out (1 by default).
    kinds : iterable of str, optional
        Only these kinds of link: ``investment``, ``compute``, ``hardware``,
        ``partnership``, ``stake``, ``relation``.
    as_of : date or ``YYYY-MM-DD``, optional
        Only deals announced by this day.

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
    from .page import EDGE_KINDS
    from .page.elements import page_elements
    from .page.html import page_html
    from .page.select import close_names, find_node, neighbourhood, only_kinds

    if depth is not None and focus is None:
        raise ValueError("depth needs focus")
    kinds = None if kinds is None else set(kinds)
    unknown = sorted((kinds or set()) - set(EDGE_KINDS))
    if unknown:
        raise ValueError(f"unknown kind {unknown[0]!r} (known: {', '.join(EDGE_KINDS)})")
    notes = []
    day = _day(as_of)
    if day is not None:
        from .snapshot import snapshot

        graph = snapshot(graph, as_of=day)
        notes.append(f"as of {day.isoformat()}")
    elements = page_elements(graph)
    centre = None
    if focus is not None:
        centre = find_node(elements, focus)
        if centre is None:
            raise NotInGraph(focus, close_names(elements, focus))
    if kinds:
        elements = only_kinds(elements, kinds, keep=frozenset({centre.id} if centre else ()))
        notes.append("links: " + ", ".join(k for k in EDGE_KINDS if k in kinds))
    if centre is not None:
        depth = 1 if depth is None else depth
        elements = neighbourhood(elements, centre.id, depth)
        notes.append(f"around {centre.label}, depth {depth}")
    page = Page(page_html(elements, notes=tuple(notes)), elements.nodes, elements.edges)
    return page if path is None else page.write(path)
