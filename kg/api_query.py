"""The API's SPARQL questions: :func:`query` a graph or a server, :func:`query_many`, :func:`query_to_file`, :func:`saved_questions`; re-exported by :mod:`kg.api`.

Local questions run read-only and offline in a sandbox (:mod:`kg.sparql.sandbox`);
with ``endpoint=`` the same checked question goes to a SPARQL server
(:mod:`kg.remote.query`) and comes back as the same :class:`~kg.sparql.answer.Answer`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from .api_remote import NAMED_GRAPH, endpoint as server
from .sparql.answer import Answer
from .sparql.sandbox import DEFAULT_TIMEOUT

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph

    from .remote.endpoint import Endpoint
    from .sparql.checks import PreparedQuery


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
    graph: Graph | None,
    question: str | PreparedQuery,
    params: Mapping[str, Any] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    query_dirs: Sequence[Path | str] = (),
    endpoint: str | Endpoint | None = None,
    named_graph: str = NAMED_GRAPH,
    user: str | None = None,
    password: str | None = None,
    auth: str = "basic",
) -> Answer:
    """Ask ``graph`` (or the SPARQL server ``endpoint``) a question, read-only and offline, as ``kg query`` does.

    Parameters
    ----------
    graph : rdflib.Graph or None
        The graph asked; it is never changed. None with ``endpoint``.
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
        Seconds before the query is stopped; with ``endpoint``, the seconds each request may take with its retries.
    allow_service : bool
        Let ``SERVICE`` clauses reach the network.
    query_dirs : sequence of paths
        Folders of your own saved questions (``NAME.rq``).
    endpoint : str or Endpoint, optional
        Ask this SPARQL server (its query URL) instead of ``graph``, within ``named_graph``
        (where :func:`kg.api.push` puts the graph); ``user``, ``password`` and ``auth``
        (``basic`` or ``digest``) log in to it.

    Returns
    -------
    Answer

    Raises
    ------
    kg.problems.QueryProblem
        Bad syntax (with line and column), a refused query (updates,
        ``SERVICE``, ``FROM``), a timeout (``limit``: the seconds), an unknown saved name or
        parameter (``param``: the argument at fault, ``name``: the parameter).
    kg.problems.RemoteError
        With ``endpoint``: the server could not be reached, refused or answered wrongly.
    ValueError
        Both or neither of ``graph`` and ``endpoint``.

    Examples
    --------
    >>> from kg import build
    >>> g = build(MINI)
    >>> answer = query(g, "SELECT ?firm ?label WHERE { ?firm aic:investsIn ?x ; rdfs:label ?label }")
    >>> answer.rows
    [{'firm': 'aid:bigcloud', 'label': 'Bigcloud'}]
    >>> answer.serialize("csv").decode().splitlines()
    ['firm,label', 'https://w3id.org/aicompute/id/bigcloud,Bigcloud']
    >>> query(g, "ASK { aid:alpha-ai aic:investsIn ?x }").boolean
    False
    >>> query(g, "investors-of")
    Traceback (most recent call last):
    ...
    kg.problems.QueryProblem: investors-of: needs params={'firm': ...}: the company invested in: an id such as anthropic, or an IRI
    """
    from .sparql.checks import PreparedQuery, prepare_query
    from .sparql.sandbox import run_query
    from .sparql.saved import NAME, find_saved_query
    from .sparql.text import display_prefixes

    if (graph is None) == (endpoint is None):
        raise ValueError("give a graph or an endpoint (a SPARQL server's URL), not both" if graph is not None
                         else "give a graph, or endpoint= (a SPARQL server's URL)")
    saved = None
    if isinstance(question, PreparedQuery):
        prepared = question
    else:
        if NAME.fullmatch(question):
            saved = find_saved_query(question, [Path(d) for d in query_dirs])
        text, origin = (saved.text, saved.name) if saved else (question, "query")
        prepared = prepare_query(text, origin, allow_service=allow_service, joined=saved.joined if saved else ())
    params = dict(params or {})
    if saved is not None:
        saved.check_params(params, "needs params={{{quoted}: ...}}", "{quoted} is not a parameter of this question")
    bindings = _terms(params)
    if endpoint is None:
        result = run_query(graph, prepared, bindings, timeout=timeout, allow_service=allow_service)
        namespaces = graph.namespaces()
    else:
        from .rdf.builder import new_graph
        from .remote.query import remote_query

        asked = server(endpoint, user=user, password=password, auth=auth, timeout=timeout)
        result = remote_query(asked, prepared, named_graph, bindings)
        namespaces = new_graph().namespaces()  # a built graph's prefixes: the answer shows as a local one does
    if prepared.joined:
        from .sparql.answers import sorted_lists

        result = sorted_lists(result, prepared.joined)
    return Answer(result, display_prefixes(namespaces))


def query_many(
    graph: Graph,
    questions: Iterable[str | PreparedQuery | tuple[str | PreparedQuery, Mapping[str, Any]]],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    query_dirs: Sequence[Path | str] = (),
) -> list[Answer]:
    """Ask ``graph`` several questions in one sandboxed process; their answers, in the same order.

    Each question is what :func:`query` takes (SPARQL text, a saved question's
    name, a prepared query) or a pair ``(question, params)``. All are checked
    first; then one child process answers them one after the other
    (:func:`kg.sparql.sandbox.run_queries`), each within ``timeout`` seconds,
    where :func:`query` starts a process per question. The first question that
    fails raises, as :func:`query` would.

    Examples
    --------
    >>> from kg import build
    >>> answers = query_many(build(MINI), [("investors-of", {"firm": "alpha-ai"}), "ASK { ?a aic:investsIn ?b }"])
    >>> [row["investor"] for row in answers[0].rows], answers[1].boolean
    (['aid:bigcloud'], True)
    """
    from .sparql.answers import sorted_lists
    from .sparql.checks import PreparedQuery, prepare_query
    from .sparql.sandbox import run_queries
    from .sparql.saved import NAME, find_saved_query, saved_queries
    from .sparql.text import display_prefixes

    known = saved_queries([Path(d) for d in query_dirs])
    asked = []
    for item in questions:
        question, params = item if isinstance(item, tuple) else (item, None)
        params = dict(params or {})
        if isinstance(question, PreparedQuery):
            prepared = question
        else:
            saved = (known.get(question) or find_saved_query(question, [Path(d) for d in query_dirs])
                     if NAME.fullmatch(question) else None)
            text, origin = (saved.text, saved.name) if saved else (question, "query")
            prepared = prepare_query(text, origin, allow_service=allow_service, joined=saved.joined if saved else ())
            if saved is not None:
                saved.check_params(params, "needs params={{{quoted}: ...}}", "{quoted} is not a parameter of this question")
        asked.append((prepared, _terms(params)))
    results = run_queries(graph, asked, timeout=timeout, allow_service=allow_service)
    prefixes = display_prefixes(graph.namespaces())
    return [Answer(sorted_lists(result, prepared.joined) if prepared.joined else result, prefixes)
            for (prepared, _), result in zip(asked, results)]


def _terms(params: Mapping[str, Any]) -> dict:
    """Parameter values as RDF terms: text as ``kg query --param`` reads it, other values as literals."""
    from rdflib.term import Literal, Node

    from .sparql.text import parameter_term

    return {name: value if isinstance(value, Node) else parameter_term(value) if isinstance(value, str) else Literal(value)
            for name, value in params.items()}


def query_to_file(
    graph: Graph | None,
    question: str | PreparedQuery,
    path: Path | str,
    params: Mapping[str, Any] | None = None,
    *,
    format: str | None = None,
    **options: Any,
) -> Path:
    """Write the answer to ``question`` into ``path`` atomically, as ``kg query -o FILE`` does; the path written.

    ``format`` defaults to the one ``path``'s extension names (``.csv``,
    ``.tsv``, ``.json``, ``.xml``, ``.ttl``, ``.nt``, ``.jsonld``), else
    ``table`` (Turtle for a graph). A SELECT on a graph in the Oxigraph store
    streams into the file row by row, never whole in memory. ``options`` are
    those of :func:`query`.

    Examples
    --------
    >>> import tempfile
    >>> from kg import build
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = query_to_file(build(MINI), "SELECT ?firm WHERE { ?firm aic:investsIn ?x }", Path(folder) / "a.csv")
    ...     written.read_text().splitlines()
    ['firm', 'https://w3id.org/aicompute/id/bigcloud']
    """
    from .rdf.serialize import write_atomic
    from .rdf.store import oxigraph_of
    from .sparql.answers import RESULTS_FORMATS
    from .sparql.checks import PreparedQuery, prepare_query
    from .sparql.formats import check_format, default_format
    from .sparql.saved import NAME

    path = Path(path)
    if isinstance(question, str) and not NAME.fullmatch(question):
        question = prepare_query(question, allow_service=options.get("allow_service", False))
    kind = question.kind if isinstance(question, PreparedQuery) else None
    if kind is not None:
        format = format or default_format(kind, path)
        check_format(kind, format)
    streams = (kind == "SELECT" and format in RESULTS_FORMATS and not question.joined and graph is not None
               and options.get("endpoint") is None and oxigraph_of(graph) is not None)
    if streams:
        from .sparql.sandbox import stream_select

        write_atomic(path, lambda out: stream_select(graph, question, _terms(params or {}), format, out,
                                                     timeout=options.get("timeout", DEFAULT_TIMEOUT),
                                                     allow_service=options.get("allow_service", False)))
        return path
    answer = query(graph, question, params, **options)
    format = format or default_format(answer.kind, path)
    write_atomic(path, answer.serialize(format))
    return path
