"""SPARQL on the graph: our prefixes, read-only and offline checks, a time limit, answer formats.

Asking has three steps, each its own function, so that another engine (a
remote SPARQL server) can reuse the first and the last:

1. :func:`prepare_query` parses the text with our prefixes declared and
   refuses, before any engine sees it, what could change data or reach the
   network: updates (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, ...), SERVICE
   (unless allowed) and FROM / FROM NAMED.
2. :func:`run_query` evaluates it (with rdflib, or on the Oxigraph store
   with pyoxigraph's engine) in a child process that can be stopped at the
   time limit and in which every network call fails.
3. :func:`format_result` writes an rdflib :class:`~rdflib.query.Result` in
   one of :data:`FORMATS`. The W3C results formats of a SELECT are written
   by pyoxigraph's writers (TSV too, which rdflib cannot write): from the
   engine's own SPARQL JSON on the Oxigraph store (see
   :mod:`kg.oxigraph_answers`), from rdflib's JSON writer otherwise, so the
   bytes of an answer do not depend on the store or server that gave it.

RDF libraries are imported inside the functions so that importing this module
is cheap.
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from ..problems import InputError, Problem

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph
    from rdflib.query import Result
    from rdflib.term import Node

#: formats for SELECT (and ASK) answers: a table of solutions
SOLUTION_FORMATS = ("table", "csv", "tsv", "json", "xml")
#: formats for CONSTRUCT and DESCRIBE answers: a graph
GRAPH_FORMATS = ("turtle", "nt", "jsonld")
FORMATS = SOLUTION_FORMATS + GRAPH_FORMATS
#: output file extension -> format, for ``-o FILE`` without ``--format``
FORMAT_OF_EXTENSION = {
    ".txt": "table", ".csv": "csv", ".tsv": "tsv", ".json": "json", ".srj": "json", ".xml": "xml", ".srx": "xml",
    ".ttl": "turtle", ".nt": "nt", ".jsonld": "jsonld",
}
DEFAULT_TIMEOUT = 30.0

#: parsed update operation -> the words a user wrote
_UPDATE_WORDS = {
    "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT ... WHERE", "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE",
    "Add": "ADD", "Move": "MOVE", "Copy": "COPY",
}
#: audit events of Python's network calls (and urllib's, which also opens file: URLs)
_NETWORK_EVENTS = frozenset({
    "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
    "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect",
})
_THING_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PREFIXED = re.compile(r"([A-Za-z][\w-]*):(\S*)")


class QueryProblem(InputError):
    """A query that cannot be run: bad syntax, refused, too slow. Exit code 2."""

    def __init__(self, where: str, message: str, line: int = 0):
        super().__init__([Problem(where, line, message, True)])


class QueryRefused(QueryProblem):
    """The query would change data or reach the network."""


class QuerySyntaxError(QueryProblem):
    """The text is not SPARQL; the message gives the line and column."""


class QueryTimeout(QueryProblem):
    """The query ran past its time limit and was stopped."""


class NetworkRefused(RuntimeError):
    """Raised inside the query process by any attempt to reach the network."""


@dataclass(frozen=True)
class PreparedQuery:
    """A parsed, checked query: its text, where it came from, its algebra and its kind."""

    text: str
    origin: str
    algebra: Any
    kind: str
    variables: frozenset[str]


def prefix_declarations() -> str:
    """The PREFIX lines every query gets (it may still declare its own).

    Examples
    --------
    >>> prefix_declarations().splitlines()[0]
    'PREFIX aic: <https://w3id.org/aicompute/ontology#>'
    """
    from ..rdf.terms import PREFIXES

    return "\n".join(f"PREFIX {prefix}: <{iri}>" for prefix, iri in PREFIXES.items()) + "\n"


def _walk(node: Any) -> Iterator[Any]:
    """Every node of a pyparsing/rdflib parse tree, depth first."""
    from pyparsing import ParseResults

    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, (list, tuple, ParseResults)):
            stack.extend(current)


def _syntax_error(origin: str, text: str, err: Any) -> QuerySyntaxError:
    line = text.splitlines()[err.lineno - 1] if 0 < err.lineno <= len(text.splitlines()) else ""
    pointer = f"\n    {line}\n    {' ' * (err.col - 1)}^" if line else ""
    return QuerySyntaxError(origin, f"column {err.col}: SPARQL syntax error: {err.msg}{pointer}", err.lineno)


def _refuse_update(origin: str, text: str) -> None:
    """Raise :class:`QueryRefused` if ``text`` is a SPARQL update."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(text)
    except Exception:  # not an update either (pyparsing or rdflib errors): the caller reports the query's syntax error
        return
    words = sorted({_UPDATE_WORDS.get(op.name, op.name) for op in update.request})
    raise QueryRefused(origin, f"refused: {', '.join(words)} would change data; kg query is read-only (nothing was changed)")


def prepare_query(text: str, origin: str = "query", allow_service: bool = False) -> PreparedQuery:
    """Parse ``text`` with our prefixes and refuse what is not a safe read.

    Parameters
    ----------
    text : str
        SPARQL 1.1 query text.
    origin : str
        Where the text came from, for messages (a file name, ``query``).
    allow_service : bool
        Let ``SERVICE`` clauses through (they reach the network).

    Raises
    ------
    QuerySyntaxError
        With the line and column.
    QueryRefused
        For an update, a ``SERVICE`` (unless allowed), or ``FROM``.

    Examples
    --------
    >>> prepare_query("SELECT ?x WHERE { ?x a aic:Company }").kind
    'SELECT'
    >>> prepare_query("INSERT DATA { aid:a aic:investsIn aid:b }")
    Traceback (most recent call last):
    ...
    kg.sparql.query.QueryRefused: query: refused: INSERT DATA would change data; kg query is read-only (nothing was changed)
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    from ..rdf.terms import PREFIXES

    try:
        tree = parseQuery(text)
    except ParseException as err:
        _refuse_update(origin, text)
        raise _syntax_error(origin, text, err) from None
    nodes = list(_walk(tree))
    compounds = [n for n in nodes if isinstance(n, CompValue)]
    if not allow_service and any(n.name == "ServiceGraphPattern" for n in compounds):
        raise QueryRefused(origin, "refused: SERVICE reaches the network; give --allow-service to let it")
    if any(dict.get(n, "datasetClause") for n in compounds):  # CompValue.get defaults to the key itself
        raise QueryRefused(origin, "refused: FROM and FROM NAMED are not supported: the query runs on the one graph given")
    variables = frozenset(str(n) for n in nodes if isinstance(n, Variable))
    try:
        algebra = translateQuery(tree, initNs=PREFIXES)
    except Exception as err:  # rdflib raises plain Exceptions, e.g. "Unknown namespace prefix : foo"
        raise QuerySyntaxError(origin, f"SPARQL error: {err}") from None
    kind = algebra.algebra.name.replace("Query", "").upper()
    return PreparedQuery(text, origin, algebra, kind, variables)


def parameter_term(value: str) -> Node:
    """The RDF term a ``--param`` value stands for.

    A thing id (``anthropic``) is ``aid:anthropic``; a prefixed name
    (``aic:Company``) or an IRI in angle brackets is that IRI; text in double
    quotes is a plain string.

    Examples
    --------
    >>> parameter_term("anthropic")
    rdflib.term.URIRef('https://w3id.org/aicompute/id/anthropic')
    >>> parameter_term('"Claude"')
    rdflib.term.Literal('Claude')
    """
    from rdflib import Literal, URIRef

    from ..rdf.terms import AID_IRI, PREFIXES

    if len(value) >= 2 and value[0] == "<" and value[-1] == ">":
        return URIRef(value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return Literal(value[1:-1])
    if _THING_ID.fullmatch(value):
        return URIRef(AID_IRI + value)
    prefixed = _PREFIXED.fullmatch(value)
    if prefixed and prefixed.group(1) in PREFIXES:
        return URIRef(PREFIXES[prefixed.group(1)] + prefixed.group(2))
    raise QueryProblem(
        "--param", f"cannot read '{value}': give a thing id (anthropic), a prefixed name (aid:anthropic), "
        'an IRI in angle brackets or "text" in double quotes'
    )


def _forbid_network() -> None:
    """From now on, in this process, any network call raises :class:`NetworkRefused`."""

    def hook(event: str, args: tuple) -> None:
        if event in _NETWORK_EVENTS:
            raise NetworkRefused(f"network access refused ({event}); kg query reaches no network without --allow-service")

    sys.addaudithook(hook)


def _selectivity(pattern: tuple, bound: frozenset) -> tuple[int, bool, bool]:
    """How narrow a triple pattern is once ``bound`` variables have values.

    Bound terms count first, then a bound subject, then a bound object; the
    object of ``rdf:type`` counts for little (a class has many members).
    """
    from rdflib.namespace import RDF
    from rdflib.term import BNode, Variable

    s, p, o = ((not isinstance(t, (Variable, BNode))) or t in bound for t in pattern)
    return (s + p + o, s, o and pattern[1] != RDF.type)


@functools.lru_cache(maxsize=4096)
def _plan(patterns: tuple, bound: frozenset) -> tuple[tuple[int, ...], bool]:
    """The patterns that are narrowest by their bound terms alone, and whether their subject is bound.

    It depends on the variables bound, not on their values, so it is worked
    out once per step of a pattern, not once per solution.
    """
    scores = [_selectivity(pattern, bound) for pattern in patterns]
    top = max(scores)
    return tuple(i for i, score in enumerate(scores) if score == top), top[1]


@functools.lru_cache(maxsize=4096)
def _step(patterns: tuple, bound: frozenset, best: int) -> tuple[tuple, tuple, frozenset]:
    """Pattern ``best``, the patterns left after it, and the variables bound once it is matched."""
    from rdflib.term import BNode, Variable

    chosen = patterns[best]
    return chosen, patterns[:best] + patterns[best + 1:], bound | {t for t in chosen if isinstance(t, (Variable, BNode))}


#: how many matches :func:`_narrowest` counts at most to tell two candidate patterns apart
_COUNT_CAP = 64


def _narrowest(ctx: Any, patterns: tuple, bound: frozenset) -> int:
    """The index of the pattern to match next.

    The most bound terms win. Among equals with an unbound subject (a lookup
    by object, such as every deal whose seller is a big cloud firm) the one
    with the fewest matches wins, counted up to :data:`_COUNT_CAP`.
    """
    if len(patterns) == 1:
        return 0
    candidates, subject_bound = _plan(patterns, bound)
    if len(candidates) == 1 or subject_bound:
        return candidates[0]

    def matches(i: int) -> int:
        s, p, o = (ctx[t] for t in patterns[i])
        return sum(1 for _ in itertools.islice(ctx.graph.triples((s, p, o)), _COUNT_CAP))

    return min(candidates, key=matches)


def _match_patterns(ctx: Any, patterns: tuple, bound: frozenset) -> Iterator[Any]:
    """Solutions of a basic graph pattern, choosing at each step the narrowest pattern left.

    rdflib orders a BGP's patterns once, before it knows what earlier steps
    bind, and breaks ties by variable names; on large graphs a wrong first
    step costs a scan per solution. Choosing as we go keeps every step an
    index lookup whenever one is possible. ``bound`` holds the variables that
    have values in ``ctx``.
    """
    from rdflib.plugins.sparql.sparql import AlreadyBound

    if not patterns:
        yield ctx.solution()
        return
    (s, p, o), rest, now_bound = _step(patterns, bound, _narrowest(ctx, patterns, bound))
    _s, _p, _o = ctx[s], ctx[p], ctx[o]
    for ss, sp, so in ctx.graph.triples((_s, _p, _o)):
        c = ctx.push() if None in (_s, _p, _o) else ctx
        try:
            if _s is None:
                c[s] = ss
            if _p is None:
                c[p] = sp
            if _o is None:
                c[o] = so
        except AlreadyBound:  # the same variable twice in one pattern, bound to different terms
            continue
        yield from _match_patterns(c, rest, now_bound)


def _evaluate_bgp(ctx: Any, part: Any) -> Iterator[Any]:
    """rdflib custom evaluation hook: basic graph patterns through :func:`_match_patterns`."""
    from rdflib.term import BNode, Variable

    if part.name != "BGP":
        raise NotImplementedError
    variables = {t for pattern in part.triples for t in pattern if isinstance(t, (Variable, BNode))}
    return _match_patterns(ctx, tuple(part.triples), frozenset(v for v in variables if ctx[v] is not None))


def _plain_answer(result: Result) -> tuple:
    """The answer as picklable plain data: (kind, variables, rows | boolean | triples)."""
    if result.type == "SELECT":
        names = [str(v) for v in result.vars]
        return ("SELECT", names, [tuple(row.get(v) for v in result.vars) for row in result.bindings])
    if result.type == "ASK":
        return ("ASK", [], bool(result.askAnswer))
    return (result.type, [], list(result.graph))


def _evaluate(connection: Any, graph: Graph, query: PreparedQuery, bindings: dict, allow_network: bool) -> None:
    """Run in the child process: evaluate, then send the plain answer or the error back."""
    try:
        if not allow_network:
            _forbid_network()
        import rdflib.plugins.sparql

        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        rdflib.plugins.sparql.CUSTOM_EVALS["kg-bgp"] = _evaluate_bgp
        from ..rdf.store import oxigraph_of

        if oxigraph_of(graph) is not None:  # on Oxigraph its own engine answers (the checks above still ran)
            from .answers import oxigraph_answer

            connection.send(("answer", oxigraph_answer(graph, query, bindings)))
        else:
            connection.send(("answer", _plain_answer(graph.query(query.algebra, initBindings=bindings))))
    except BaseException as err:  # everything must go back to the parent as a message
        connection.send(("error", f"{type(err).__name__}: {err}"))
    finally:
        connection.close()


def _result(answer: tuple, graph: Graph) -> Result:
    """An rdflib Result from the plain answer of :func:`_plain_answer`."""
    from rdflib.query import Result
    from rdflib.term import Variable

    from ..rdf.builder import new_graph

    kind, names, payload = answer
    if isinstance(payload, bytes):  # from kg.sparql.answers.oxigraph_answer
        from .answers import oxigraph_result

        return oxigraph_result(answer, graph)
    result = Result(kind)
    if kind == "SELECT":
        variables = [Variable(name) for name in names]
        result.vars = variables
        result.bindings = [{v: term for v, term in zip(variables, row) if term is not None} for row in payload]
    elif kind == "ASK":
        result.askAnswer = payload
    else:
        result.graph = new_graph()
        for prefix, namespace in graph.namespaces():
            result.graph.bind(prefix, namespace, override=False)
        for triple in payload:
            result.graph.add(triple)
    return result


def run_query(
    graph: Graph,
    query: str | PreparedQuery,
    params: Mapping[str, Node] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    allow_service: bool = False,
) -> Result:
    """Answer a SPARQL query on ``graph``, read-only, offline and within ``timeout`` seconds.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph asked; it is never changed.
    query : str or PreparedQuery
        SPARQL text (checked with :func:`prepare_query`) or a prepared query.
    params : mapping of str to rdflib term, optional
        Values for variables of the query (``{"firm": aid:anthropic}``), bound
        before evaluation as if by a VALUES clause.
    timeout : float
        Seconds before the evaluation is stopped with :class:`QueryTimeout`.
    allow_service : bool
        Allow ``SERVICE`` and, during evaluation, network access.

    Returns
    -------
    rdflib.query.Result
        ``type`` is SELECT, ASK, CONSTRUCT or DESCRIBE.

    Notes
    -----
    Evaluation runs in a forked child process: it sees the graph without
    copying it, can be killed at the time limit, and has an audit hook that
    makes every network call fail (unless ``allow_service``). There, basic
    graph patterns are matched narrowest pattern first (see
    :func:`_match_patterns`).

    Examples
    --------
    >>> from rdflib import Graph
    >>> from kg.rdf.terms import AIC, AID
    >>> g = Graph()
    >>> _ = g.add((AID.microsoft, AIC.investsIn, AID.anthropic))
    >>> [row.who for row in run_query(g, "SELECT ?who WHERE { ?who aic:investsIn ?firm }", {"firm": AID.anthropic})]
    [rdflib.term.URIRef('https://w3id.org/aicompute/id/microsoft')]
    >>> run_query(g, "ASK { aid:anthropic aic:investsIn ?x }").askAnswer
    False
    """
    import multiprocessing

    import rdflib.plugins.sparql.processor  # noqa: F401 - imported once here, not in every child
    from rdflib.term import Variable

    prepared = query if isinstance(query, PreparedQuery) else prepare_query(query, allow_service=allow_service)
    unknown = sorted(set(params or {}) - prepared.variables)
    if unknown:
        raise QueryProblem(prepared.origin, f"--param {unknown[0]}: the query has no variable ?{unknown[0]}")
    bindings = {Variable(name): term for name, term in (params or {}).items()}
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_evaluate, args=(sender, graph, prepared, bindings, allow_service), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeout(
                prepared.origin,
                f"stopped after {timeout:g} s (--timeout): the query is too slow for this graph; "
                "look for patterns that share no variable (a cartesian product) or give a longer --timeout",
            )
        try:
            status, answer = receiver.recv()
        except EOFError:
            child.join()
            raise QueryProblem(prepared.origin, f"the query process stopped unexpectedly (exit code {child.exitcode})") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if status == "error":
        raise QueryProblem(prepared.origin, f"evaluation failed: {answer}")
    return _result(answer, graph)


def _namespaces(namespaces: Iterable[tuple[str, Any]]) -> list[tuple[str, str]]:
    """Our prefixes, then the graph's, longest namespace first (so the most specific wins)."""
    from ..rdf.terms import PREFIXES

    chosen = dict(PREFIXES)
    for prefix, namespace in namespaces:
        if prefix and str(namespace) not in chosen.values():
            chosen.setdefault(prefix, str(namespace))
    return sorted(((p, n) for p, n in chosen.items()), key=lambda pair: -len(pair[1]))


def display_term(term: Node | None, namespaces: Sequence[tuple[str, str]]) -> str:
    """A term as the table shows it: a prefixed name, ``<IRI>``, or a literal's text.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> ns = _namespaces([])
    >>> display_term(URIRef("https://w3id.org/aicompute/id/anthropic"), ns), display_term(Literal("5.0"), ns)
    ('aid:anthropic', '5.0')
    """
    from rdflib import BNode, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in namespaces:
            if term.startswith(namespace) and len(term) > len(namespace):
                return f"{prefix}:{term[len(namespace):]}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _table(result: Result, namespaces: Sequence[tuple[str, str]], width: int | None) -> bytes:
    """An aligned text table (rich), wrapped to ``width`` or, if None, never wrapped."""
    import io

    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, highlight=False)
    for variable in result.vars:
        table.add_column(Text(str(variable)), overflow="fold")
    rows = [[display_term(row.get(v), namespaces) for v in result.vars] for row in result.bindings]
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    if width is None:
        widths = [max([len(str(v))] + [len(row[i]) for row in rows]) for i, v in enumerate(result.vars)]
        width = sum(widths) + 3 * len(widths) + 1  # cells, padding and separators
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, highlight=False, emoji=False).print(table)
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    count = len(rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return ("\n".join(lines) + "\n").encode("utf-8")


def format_result(result: Result, fmt: str, namespaces: Iterable[tuple[str, Any]] = (), width: int | None = None) -> bytes:
    """Write an answer in one of :data:`FORMATS`.

    Parameters
    ----------
    result : rdflib.query.Result
        From :func:`run_query`, or parsed from a SPARQL server's answer.
    fmt : str
        SELECT: ``table``, ``csv``, ``tsv``, ``json``, ``xml`` (the W3C SPARQL
        1.1 results formats, written by pyoxigraph's writers whichever engine
        answered, but ``table``). ASK: ``json`` and ``xml`` as
        above, any other prints ``true`` or ``false``. CONSTRUCT and DESCRIBE:
        ``turtle``, ``nt``, ``jsonld`` (deterministic, as ``kg export``).
    namespaces : iterable of (prefix, namespace)
        Extra prefixes for the table (ours are always there).
    width : int, optional
        Wrap the table to this many columns (a terminal's width); None never wraps.

    Examples
    --------
    >>> from rdflib import Graph
    >>> print(format_result(run_query(Graph(), "ASK { ?s ?p ?o }"), "table").decode(), end="")
    false
    """
    check_format(result.type, fmt)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        from ..rdf.serialize import serialize

        return serialize(result.graph, fmt)
    if result.type == "ASK" and fmt not in ("json", "xml"):
        return b"true\n" if result.askAnswer else b"false\n"
    if fmt == "table":
        return _table(result, _namespaces(namespaces), width)
    if result.type == "ASK":
        return result.serialize(format=fmt)
    from .answers import OxigraphResult

    # One writer for every engine, so an answer's bytes do not depend on the store or server that gave it.
    if not isinstance(result, OxigraphResult):
        result = OxigraphResult.of(result)
    return result.serialize(format=fmt)


def check_format(kind: str, fmt: str) -> None:
    """Raise :class:`QueryProblem` if answers of ``kind`` cannot be written as ``fmt``.

    Examples
    --------
    >>> check_format("CONSTRUCT", "csv")
    Traceback (most recent call last):
    ...
    kg.sparql.query.QueryProblem: --format: a CONSTRUCT answer is a graph: use turtle, nt or jsonld
    """
    if fmt not in FORMATS:
        raise QueryProblem("--format", f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")
    if kind in ("CONSTRUCT", "DESCRIBE") and fmt not in GRAPH_FORMATS:
        raise QueryProblem("--format", f"a {kind} answer is a graph: use {', '.join(GRAPH_FORMATS[:-1])} or {GRAPH_FORMATS[-1]}")
    if kind in ("SELECT", "ASK") and fmt in GRAPH_FORMATS:
        raise QueryProblem("--format", f"a {kind} answer is not a graph: use {', '.join(SOLUTION_FORMATS[:-1])} or {SOLUTION_FORMATS[-1]}")


def default_format(kind: str, output: Path | None = None) -> str:
    """The format of an answer when ``--format`` is not given: from ``output``'s extension, else table or Turtle.

    Examples
    --------
    >>> default_format("SELECT"), default_format("DESCRIBE"), default_format("SELECT", Path("a.csv"))
    ('table', 'turtle', 'csv')
    """
    by_extension = FORMAT_OF_EXTENSION.get(output.suffix.lower()) if output is not None else None
    if by_extension is not None:
        return by_extension
    return "turtle" if kind in ("CONSTRUCT", "DESCRIBE") else "table"
