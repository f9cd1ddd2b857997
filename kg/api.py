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
- :func:`extract`, :func:`resolve`, :func:`review`: candidate deals from news articles and their review
  (here only, as ``kg.api.extract``: ``kg.extract`` is the package of the extraction rules)

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

import html as html_text
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from .paths import shipped_data_dir
from .problems import InputError, Problem
from .sparql.sandbox import DEFAULT_TIMEOUT
from .views import day_of as _day, export_tables, scoped_projection as _projection, significance

if TYPE_CHECKING:  # pragma: no cover - typing only
    from pandas import DataFrame
    from rdflib import Graph
    from rdflib.query import Result

    from .page.elements import PageEdge, PageNode
    from .sparql.checks import PreparedQuery
    from .data.records import Dataset

__all__ = [
    "Answer", "DataCheck", "InputError", "NotInGraph", "Page",
    "analyze", "build", "diff", "export", "export_tables", "graph", "load", "query", "render", "saved_questions",
    "shipped_data_dir", "significance", "validate",
]


def _folder(data_dir: Path | str | None) -> Path:
    return shipped_data_dir() if data_dir is None else Path(data_dir)


# --- the data: check and build ------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class DataCheck:
    """What checking a data folder found.

    Attributes
    ----------
    data_dir : Path
        The folder checked.
    conforms : bool
        True when the data loads and its graph passes every SHACL shape.
    problems : tuple of Problem
        Every problem, each naming its file and line (empty when it conforms).
    graph : rdflib.Graph or None
        The graph built from the data, or None when the data could not be loaded.
    data : Dataset or None
        The records loaded from the YAML files, or None when they could not be.
    """

    data_dir: Path
    conforms: bool
    problems: tuple[Problem, ...] = ()
    graph: Graph | None = None
    data: Dataset | None = None

    def conforming_graph(self) -> Graph:
        """The built graph; an :class:`~kg.problems.InputError` with every problem if the data does not conform."""
        if not self.conforms or self.graph is None:
            raise InputError(list(self.problems))
        return self.graph

    def __str__(self) -> str:
        if self.data is not None and self.conforms:
            return f"conforms: {len(self.data.sources)} sources, {len(self.data.things)} things, {len(self.data.deals)} deals"
        return "\n".join(str(problem) for problem in self.problems) or "does not conform"

    def __repr__(self) -> str:
        state = "conforms" if self.conforms else f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        return f"<DataCheck {self.data_dir}: {state}>"


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


def diff(old: Path | str | Graph, new: Path | str | Graph, *, workdir: Path | str | None = None) -> dict:
    """What changed from ``old`` to ``new``: deals added, removed, changed; things and sources added.

    Each side is a graph, a data folder, an RDF file (a built ``graph.ttl``)
    or a git revision of a data folder (``HEAD~1:data``, read in the git
    repository at ``workdir``, by default the current folder). See
    :func:`kg.changes.compare` for the result.

    Examples
    --------
    >>> changes = diff(MINI, MINI)
    >>> changes["deals_added"], changes["deals_changed"]
    ([], [])
    """
    from .changes import compare, graph_of

    def graph_for(side):
        if isinstance(side, (str, Path)):
            return graph_of(str(side), build, load, None if workdir is None else Path(workdir))
        return side

    return compare(graph_for(old), graph_for(new))


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


class Answer:
    """A SPARQL answer with plain Python values.

    Attributes
    ----------
    kind : str
        ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
    variables : list of str
        The columns: the SELECT variables, or ``subject``, ``predicate``,
        ``object`` for the triples of a CONSTRUCT or DESCRIBE.
    rows : list of dict
        One dict per solution (or triple, sorted): IRIs as prefixed names
        (``aid:anthropic``), numbers as ``int`` or ``float``, ``xsd:date`` as
        :class:`datetime.date`, other literals as text, ``None`` where unbound.
    boolean : bool or None
        The answer to an ASK.
    result : rdflib.query.Result
        The answer as rdflib gives it, with RDF terms.
    """

    def __init__(self, result: Result, namespaces: Sequence[tuple[str, str]]):
        self.result, self.kind, self.display_prefixes = result, result.type, namespaces

    @property
    def variables(self) -> list[str]:
        if self.kind == "SELECT":
            return [str(v) for v in self.result.vars]
        return [] if self.kind == "ASK" else ["subject", "predicate", "object"]

    @property
    def boolean(self) -> bool | None:
        return bool(self.result.askAnswer) if self.kind == "ASK" else None

    @cached_property
    def rows(self) -> list[dict[str, Any]]:
        # Made on first use: kg query formats the rdflib result and never needs them.
        if self.kind == "ASK":
            return []
        if self.kind == "SELECT":
            return [{str(v): _plain_value(row.get(v), self.display_prefixes) for v in self.result.vars} for row in self.result.bindings]
        return [dict(zip(self.variables, (_plain_value(t, self.display_prefixes) for t in triple))) for triple in sorted(self.result.graph)]

    def to_dataframe(self) -> DataFrame:
        """The rows as a :class:`pandas.DataFrame`, one column per variable (needs pandas)."""
        if self.kind == "ASK":
            raise ValueError("an ASK answer is true or false, not a table: see .boolean")
        try:
            import pandas
        except ImportError as err:
            raise ImportError("to_dataframe needs pandas: pip install 'aicompute-kg[notebooks]'") from err
        return pandas.DataFrame(self.rows, columns=self.variables)

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        if self.kind == "ASK":
            return f"<Answer ASK: {str(self.boolean).lower()}>"
        count = len(self.rows)
        return f"<Answer {self.kind}: {count} row{'s' if count != 1 else ''} of {', '.join(self.variables)}>"


def _plain_value(term, namespaces: Sequence[tuple[str, str]] = ()) -> Any:
    """An RDF term as a plain Python value, as :attr:`Answer.rows` holds it.

    Examples
    --------
    >>> from decimal import Decimal
    >>> from rdflib import Literal, URIRef
    >>> from rdflib.namespace import XSD
    >>> _plain_value(URIRef("https://w3id.org/aicompute/id/anthropic"))
    'aid:anthropic'
    >>> [_plain_value(Literal(v, datatype=XSD.decimal)) for v in ("5E9", "0.5")], _plain_value(Literal("2019", datatype=XSD.gYear))
    ([5000000000, 0.5], '2019')
    """
    from decimal import Decimal

    from rdflib import Literal

    from .quantities import number
    from .sparql.text import display_prefixes, display_term

    if not isinstance(term, Literal):
        return None if term is None else display_term(term, namespaces or display_prefixes([]))
    value = term.toPython()
    if isinstance(value, Decimal):
        return number(value)
    return str(value) if isinstance(value, Literal) else value


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
    if saved is not None and saved.joined:
        from .sparql.answers import sorted_lists

        result = sorted_lists(result, saved.joined)
    return Answer(result, display_prefixes(graph.namespaces()))


# --- analysis -------------------------------------------------------------------------------


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
        One analysis (``money-flows``, ``circular-flows``,
        ``supplier-dependence``, ``centrality``, ``capacity``, ``timeline``),
        several, or all (None).
    as_of : date or ``YYYY-MM-DD``, optional
        Only deals announced by this day: the graph as it was known then.
    min_status : str, optional
        Drop deals less settled than this status (``rumoured`` < ``reported``
        < ``letter-of-intent`` < ``announced`` < ``definitive`` < ``closed``).
    min_evidence : str, optional
        Drop deals with weaker evidence (``weak`` < ``reported`` <
        ``announced``; a deal stating none counts as weak).
    min_stage : str, optional
        Drop deals whose money is less settled than this stage (``intended``
        < ``conditional`` < ``committed`` < ``paid``, see :mod:`kg.stages`).
    max_cycles : int, optional
        Circular flows: the most cycles listed (default
        :data:`kg.analysis.circular_flows.MAX_CYCLES`).
    cycle_seconds : float, optional
        Circular flows: the seconds the cycle search may take (default
        :data:`kg.analysis.circular_flows.TIME_LIMIT`).

    Returns
    -------
    list or dict
        For one name, its result (lists and dicts of text and numbers, as
        ``kg analyze --format json`` prints them); otherwise a dict of name
        to result, in report order. Circular flows are a
        :class:`kg.analysis.circular_flows.Cycles` list, whose ``search``
        says whether the list was cut at its budget and how many cycles
        were seen.

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
    from .analysis import ANALYSES, run_analyses

    one = isinstance(names, str)
    wanted = None if names is None else [names] if one else list(names)
    unknown = sorted(set(wanted or ()) - set(ANALYSES))
    if unknown:
        raise ValueError(f"unknown analysis {unknown[0]!r} (known: {', '.join(ANALYSES)})")
    cycle_options = {"max_cycles": max_cycles, "time_limit": cycle_seconds}
    options = {"circular-flows": {k: v for k, v in cycle_options.items() if v is not None}}
    results = run_analyses(_projection(graph, as_of, min_status, min_evidence, min_stage), wanted, options)
    return results[names] if one else results


# --- the page -------------------------------------------------------------------------------


class NotInGraph(LookupError):
    """No thing of the given name is in the graph; ``suggestions`` holds close names."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()):
        self.name, self.suggestions = name, list(suggestions)
        hint = f"; did you mean {' or '.join(map(repr, self.suggestions))}?" if self.suggestions else ""
        super().__init__(f"no thing {name!r} in the graph{hint}")


@dataclass(frozen=True, repr=False)
class Page:
    """The interactive HTML page of a graph: one self-contained file that loads nothing from any host.

    In Jupyter a ``Page`` shows itself inline, in an iframe that holds the
    whole page (so it displays wherever the notebook runs, without serving
    the file).

    Attributes
    ----------
    html : str
        The page.
    nodes, edges : list
        What it draws (:class:`kg.page.elements.PageNode`, :class:`~kg.page.elements.PageEdge`).
    path : Path or None
        Where it was written, if it was.
    """

    html: str
    nodes: list[PageNode]
    edges: list[PageEdge]
    path: Path | None = None

    def write(self, path: Path | str) -> Page:
        """Write the page to ``path`` (atomically); the same page, with its ``path``."""
        from .rdf.serialize import write_atomic

        write_atomic(Path(path), self.html.encode("utf-8"))
        return replace(self, path=Path(path))

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html_text.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            'style="width: 100%; height: 640px; border: 1px solid #ddd"></iframe>'
        )

    def __repr__(self) -> str:
        where = f", {self.path}" if self.path else ""
        return f"<Page: {len(self.nodes)} nodes, {len(self.edges)} edges{where}>"


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
        Only these kinds of link: ``investment``, ``compute``, ``hardware``,
        ``partnership``, ``stake``, ``relation``.
    as_of : date or ``YYYY-MM-DD``, optional
        Only deals announced by this day.
    engine : {"auto", "vis", "webgl"}
        What draws the page: vis-network, or sigma.js with WebGL and a layout
        computed here; ``auto`` picks WebGL above 1,500 things or 5,000 links
        (:func:`kg.page.webgl.wants_webgl`).

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
    kg.api.NotInGraph: no thing 'alpah-ai' in the graph; did you mean 'alpha-ai'?
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
    page = Page(page_html(elements, notes=tuple(notes), engine=engine), elements.nodes, elements.edges)
    return page if path is None else page.write(path)


# --- kg extract: article -> candidate deals (kg.extract); self-contained so it merges cleanly ------------------


def extract(files: Sequence[Path | str], data_dir: Path | str | None = None, *, language: str = "auto",
            published: date | str | None = None, source: str | None = None, plain_numbers: bool = False):
    """Candidate deals from news articles (plain text or HTML, Italian or English), for a curator to review.

    Nothing is written to data/: the result holds candidates in the shape of
    data/ deals (plus ``quote``, ``start``/``end``, ``confidence``,
    ``fingerprint``) and the names that match no thing (``new_things``).
    Candidates a curator rejected before (``data/candidates/rejected.yaml``)
    are left out.

    Parameters
    ----------
    files : paths
        Articles; ``-`` reads standard input.
    data_dir : path, optional
        The data whose things' names and aliases are matched; the shipped data by default.
    language : ``auto``, ``it`` or ``en``
    published : date or ``YYYY-MM-DD``, optional
        The articles' publication date, from which "martedì scorso" or "last month" are worked out.
    source : str, optional
        A source id written into each candidate's ``sources``.
    plain_numbers : bool
        Figures as plain numbers in full units (JSON) instead of ``30B``.

    Returns
    -------
    kg.extract.pipeline.Extraction

    Raises
    ------
    InputError
        The ``extract`` extra is missing, an article is unreadable, or the language is unknown (exit 2).

    Examples
    --------
    >>> article = MINI.parent / "extract" / "articles" / "en-stake.txt"
    >>> found = extract([article], MINI.parent.parent.parent / "data", published="2025-03-14")
    >>> [(c["type"], c["holder"], c["company"], c["percent"]) for c in found.candidates if c["type"] == "EquityStake"]
    [('EquityStake', 'nvidia', 'Lumen Robotics', 10)]
    """
    from .extract import require_extra

    require_extra()
    from .extract.names import NameIndex
    from .extract.pipeline import deal_key, extract_articles
    from .extract.review import load_rejected
    from .extract.rules import supported_languages
    from .extract.text import read_article
    from .data.load import load_data

    supported = supported_languages()
    if language != "auto" and language not in supported:
        raise InputError([Problem("kg extract", 0, f"unknown --lang '{language}': kg extract has rules for "
                                                   f"{', '.join(supported)} (or auto)", unreadable=True)])
    day = _day(published)
    folder = _folder(data_dir)
    dataset = load_data(folder)
    known = {}
    for deal in dataset.deals.values():
        shape = {"type": deal.type, **{k: (list(v) if k == "partners" else v[0]) for k, v in deal.roles.items() if v}}
        known.setdefault(deal_key(shape), []).append(deal.id)
    articles = [read_article(f) for f in files]
    return extract_articles(articles, NameIndex.from_dataset(dataset), language=language, published=day,
                            source=source, rejected=load_rejected(folder), known_deals=known,
                            plain_numbers=plain_numbers)


def resolve(name: str, data_dir: Path | str | None = None) -> dict | None:
    """The thing a name means to ``kg extract`` (label or alias; case, accents and Inc./S.p.A. ignored), or None.

    Examples
    --------
    >>> resolve("amazon web services, inc.")["id"], resolve("Microsoft Azure")["id"], resolve("Acme")
    ('aws', 'azure', None)
    """
    from .extract.names import NameIndex
    from .data.load import load_data

    thing = NameIndex.from_dataset(load_data(_folder(data_dir))).resolve(name)
    return None if thing is None else {"id": thing.id, "type": thing.type, "label": thing.label}


def review(candidates_file: Path | str, data_dir: Path | str | None = None, *, into: Path | str | None = None):
    """Apply a curator's ``review: accept``/``reject`` marks: see :func:`kg.extract.review.apply_review`."""
    from .extract.review import apply_review

    return apply_review(Path(candidates_file), _folder(data_dir), validate, Path(into) if into else None)

# extract, resolve and review are not in __all__ nor re-exported by kg: ``kg.extract`` is the package of
# the extraction rules (kg/extract/), so these are reached as kg.api.extract, kg.api.resolve, kg.api.review.
