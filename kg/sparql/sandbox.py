"""A question evaluated in a forked child process: stopped at its time limit, with no network.

:func:`run_query` takes a question checked by :func:`kg.sparql.checks.prepare_query`
and evaluates it (with rdflib and the join order of :mod:`kg.sparql.planner`,
or on the Oxigraph store with pyoxigraph's engine, :mod:`kg.sparql.answers`)
in a child process that can be killed at the time limit and in which every
network call fails: the child leaves the host's network (it joins an empty
network namespace made once per process, :func:`_leave_network`) and an audit hook refuses Python's network
calls (:func:`_forbid_network`). RDF libraries are imported inside the functions so that
importing this module is cheap.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from ..problems import NetworkRefused, QueryProblem, QueryTimeout

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .checks import PreparedQuery
    from rdflib import Graph
    from rdflib.query import Result
    from rdflib.term import Node

DEFAULT_TIMEOUT = 30.0
#: The longest timeout taken (about 11.6 days): a longer one overflows the clocks' arithmetic.
MAX_TIMEOUT = 1_000_000.0


def check_timeout(seconds: float) -> None:
    """Raise ValueError unless ``seconds`` is above 0 and at most :data:`MAX_TIMEOUT`."""
    if not 0 < seconds <= MAX_TIMEOUT:  # NaN fails every comparison
        raise ValueError(f"timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}, not {seconds!r}")


#: audit events of Python's network calls (and urllib's, which also opens file: URLs)
_NETWORK_EVENTS = frozenset({
    "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
    "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect",
})


#: unshare(2) flags (linux/sched.h)
_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000


def _unshare_network() -> bool:
    """Move this process into a new network namespace, where no interface is up; True if it moved.

    It needs Linux and either the right to make network namespaces (root) or
    unprivileged user namespaces (``CLONE_NEWUSER`` then ``CLONE_NEWNET``,
    which the kernel allows only to a single-threaded process: a forked child
    is one).
    """
    import os

    libc = _libc()
    if libc is None:
        return False
    attempts = [_CLONE_NEWNET] if os.geteuid() == 0 else [_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET]
    return any(libc.unshare(flags) == 0 for flags in attempts)


def _libc():
    import ctypes

    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


#: (pid that made them, user namespace fd or None, network namespace fd) of :func:`_empty_network`
_EMPTY_NETWORK: tuple[int, int | None, int] | None = None


def _empty_network() -> tuple[int | None, int] | None:
    """File descriptors of one empty network namespace (and its user namespace, if not root), made once per process.

    Making a network namespace takes the kernel tens of milliseconds, more
    than most questions take to answer; joining one that exists (setns(2))
    takes microseconds. So a helper child moves into a new namespace once;
    this process keeps it open by its ``/proc`` files, and each question's
    child joins it (:func:`_leave_network`). None where no namespace can be made.
    """
    import os

    global _EMPTY_NETWORK
    if _EMPTY_NETWORK is not None and _EMPTY_NETWORK[0] == os.getpid():
        return _EMPTY_NETWORK[1:]
    if _libc() is None:
        return None
    answer_read, answer_write = os.pipe()
    done_read, done_write = os.pipe()
    helper = os.fork()
    if helper == 0:  # the helper: move, say whether it did, wait until the parent holds the namespace, leave
        try:
            os.close(answer_read)
            os.close(done_write)
            os.write(answer_write, b"1" if _unshare_network() else b"0")
            os.read(done_read, 1)
        finally:
            os._exit(0)
    os.close(answer_write)
    os.close(done_read)
    try:
        moved = os.read(answer_read, 1) == b"1"
        files = None
        if moved:
            user = None if os.geteuid() == 0 else os.open(f"/proc/{helper}/ns/user", os.O_RDONLY)
            files = (user, os.open(f"/proc/{helper}/ns/net", os.O_RDONLY))
    finally:
        os.close(answer_read)
        os.close(done_write)
        os.waitpid(helper, 0)
    if files is None:
        return None
    _EMPTY_NETWORK = (os.getpid(), *files)
    return files


def _leave_network(empty: tuple[int | None, int] | None = None) -> bool:
    """Move this process into a network namespace where no interface is up; True if it moved.

    Then no code in the process, Python or native (pyoxigraph's SERVICE
    client), can reach any host, loopback included. It joins ``empty`` (from
    :func:`_empty_network`, made by the parent before it forked) if given,
    else makes a namespace of its own (:func:`_unshare_network`). Where the
    kernel refuses (another OS, a container's seccomp filter, user namespaces
    switched off), it returns False and the process relies on the audit hook
    of :func:`_forbid_network` alone, which stops Python's network calls but
    not native code's; the query checks (:mod:`kg.sparql.checks`) still
    refuse SERVICE before any engine runs.
    """
    libc = _libc()
    if libc is None:
        return False
    if empty is not None:
        user, network = empty
        if (user is None or libc.setns(user, _CLONE_NEWUSER) == 0) and libc.setns(network, _CLONE_NEWNET) == 0:
            return True
    return _unshare_network()


def _forbid_network() -> None:
    """From now on, in this process, any network call raises :class:`NetworkRefused`."""

    def hook(event: str, args: tuple) -> None:
        if event in _NETWORK_EVENTS:
            raise NetworkRefused(f"network access refused ({event}); a query reaches no network unless SERVICE is allowed")

    sys.addaudithook(hook)


def _plain_answer(result: Result) -> tuple:
    """The answer as picklable plain data: (kind, variables, rows | boolean | triples)."""
    if result.type == "SELECT":
        names = [str(v) for v in result.vars]
        return ("SELECT", names, [tuple(row.get(v) for v in result.vars) for row in result.bindings])
    if result.type == "ASK":
        return ("ASK", [], bool(result.askAnswer))
    return (result.type, [], list(result.graph))


def _answer(graph: Graph, query: PreparedQuery, bindings: dict, json_path: str | None = None) -> tuple:
    """In the child: one question's plain answer (see :func:`_evaluate`)."""
    from ..rdf.store import oxigraph_of

    if json_path is not None:
        from .answers import oxigraph_answer_to_file

        return oxigraph_answer_to_file(graph, query, bindings, json_path)
    if oxigraph_of(graph) is not None:  # on Oxigraph its own engine answers (the checks above still ran)
        from .answers import oxigraph_answer

        return oxigraph_answer(graph, query, bindings)
    import rdflib.plugins.sparql

    from .planner import evaluate_bgp

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    rdflib.plugins.sparql.CUSTOM_EVALS["kg-bgp"] = evaluate_bgp
    return _plain_answer(graph.query(query.algebra, initBindings=bindings))


def _evaluate(connection: Any, graph: Graph, questions: list[tuple[PreparedQuery, dict]], allow_network: bool,
              json_path: str | None = None, empty_network: tuple[int | None, int] | None = None) -> None:
    """Run in the child process: leave the network, then evaluate each question and send its plain answer back.

    The first error is sent back instead, and ends the child. With
    ``json_path`` (the Oxigraph store, one SELECT) the answer is written there
    as SPARQL JSON results, streamed by pyoxigraph, and only its variables are
    sent back.
    """
    try:
        import logging

        logging.getLogger("rdflib.term").disabled = True  # the parent, which shows the answer, says it once
        if not allow_network:
            _leave_network(empty_network)
            _forbid_network()
        for query, bindings in questions:
            connection.send(("answer", _answer(graph, query, bindings, json_path)))
    except BaseException as err:  # everything must go back to the parent as a message
        connection.send(("error", f"{type(err).__name__}: {err}"))
    finally:
        connection.close()


def _result(answer: tuple, graph: Graph) -> Result:
    """An rdflib Result from the plain answer of :func:`_plain_answer`."""
    from rdflib.query import Result
    from rdflib.term import Variable

    from .answers import graph_result, oxigraph_result

    kind, names, payload = answer
    if isinstance(payload, bytes):  # from kg.sparql.answers.oxigraph_answer
        return oxigraph_result(answer, graph)
    if kind not in ("SELECT", "ASK"):
        return graph_result(kind, payload, graph.namespaces())
    result = Result(kind)
    if kind == "SELECT":
        variables = [Variable(name) for name in names]
        result.vars = variables
        result.bindings = [{v: term for v, term in zip(variables, row) if term is not None} for row in payload]
    else:
        result.askAnswer = payload
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
    :func:`match_patterns`).

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
    return run_queries(graph, [(query, params)], timeout=timeout, allow_service=allow_service)[0]


def run_queries(graph: Graph, questions: Sequence[tuple[str | PreparedQuery, Mapping[str, Node] | None]], *,
                timeout: float = DEFAULT_TIMEOUT, allow_service: bool = False) -> list[Result]:
    """Answer several questions as :func:`run_query` does, one after the other in one child process.

    Each ``(query, params)`` gets ``timeout`` seconds of its own; the first
    that fails or runs past it raises, as :func:`run_query` would. One child
    for all saves a process per question, which costs more than answering
    most of them on the Oxigraph store.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from kg.rdf.terms import AIC, AID
    >>> g = Graph()
    >>> _ = g.add((AID.microsoft, AIC.investsIn, AID.anthropic))
    >>> first, second = run_queries(g, [("ASK { ?a aic:investsIn ?b }", None), ("SELECT ?b { ?a aic:investsIn ?b }", None)])
    >>> first.askAnswer, [row.b for row in second]
    (True, [rdflib.term.URIRef('https://w3id.org/aicompute/id/anthropic')])
    """
    from rdflib.term import Variable

    from ..rdf.store import oxigraph_of
    from .checks import PreparedQuery, prepare_query

    prepared = []
    for query, params in questions:
        checked = query if isinstance(query, PreparedQuery) else prepare_query(query, allow_service=allow_service)
        unknown = sorted(set(params or {}) - checked.variables)
        if unknown:
            raise QueryProblem(checked.origin, f"the query has no variable ?{unknown[0]}", param="params", name=unknown[0])
        prepared.append((checked, {Variable(name): term for name, term in (params or {}).items()}))
    if oxigraph_of(graph) is None:  # rdflib's engine: its parser and each algebra made once here, not in every child
        import rdflib.plugins.sparql.processor  # noqa: F401

        for checked, _ in prepared:
            _ = checked.algebra  # made here, kept by the prepared query
    answers = _in_child(graph, prepared, timeout, allow_service)
    return [_result(answer, graph) for answer in answers]


def _in_child(graph: Graph, questions: list[tuple[PreparedQuery, dict]], timeout: float, allow_service: bool,
              json_path: str | None = None) -> list[tuple]:
    """Evaluate in one forked child (see :func:`run_query`); the answers, or the first error raised."""
    import multiprocessing

    check_timeout(timeout)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    empty_network = None if allow_service else _empty_network()
    child = context.Process(target=_evaluate, args=(sender, graph, questions, allow_service, json_path, empty_network),
                            daemon=True)
    child.start()
    sender.close()
    answers = []
    try:
        for prepared, _ in questions:
            if not receiver.poll(timeout):
                raise QueryTimeout(prepared.origin, timeout)
            try:
                status, answer = receiver.recv()
            except EOFError:
                child.join()
                raise QueryProblem(prepared.origin, f"the query process stopped unexpectedly (exit code {child.exitcode})") from None
            if status == "error":
                raise QueryProblem(prepared.origin, f"evaluation failed: {answer}")
            answers.append(answer)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    return answers


def stream_select(graph: Graph, query: PreparedQuery, params: Mapping[str, Node] | None, fmt: str, out: Any, *,
                  timeout: float = DEFAULT_TIMEOUT, allow_service: bool = False) -> None:
    """Write the answer of a SELECT on the Oxigraph store to ``out`` in a results format, never whole in memory.

    The child writes pyoxigraph's SPARQL JSON results to a temporary file; it
    is copied with kg's decimal form (:func:`kg.sparql.answers.copy_with_kg_decimals`)
    and, for CSV, TSV and XML, rewritten by pyoxigraph's writers, row by row.
    The bytes are those :func:`kg.sparql.formats.format_result` writes.
    """
    import shutil
    import tempfile

    import pyoxigraph as ox
    from rdflib.term import Variable

    from .answers import RESULTS_FORMATS, copy_with_kg_decimals

    unknown = sorted(set(params or {}) - query.variables)
    if unknown:
        raise QueryProblem(query.origin, f"the query has no variable ?{unknown[0]}", param="params", name=unknown[0])
    bindings = {Variable(name): term for name, term in (params or {}).items()}
    with tempfile.TemporaryDirectory(prefix="kg-answer-") as folder:
        raw, fixed = f"{folder}/raw.srj", f"{folder}/answer.srj"
        _in_child(graph, [(query, bindings)], timeout, allow_service, json_path=raw)
        with open(raw, "rb") as source, open(fixed, "wb") as target:
            copy_with_kg_decimals(source, target)
        Path(raw).unlink()
        if fmt == "json":
            with open(fixed, "rb") as source:
                shutil.copyfileobj(source, out)
            return
        solutions = ox.parse_query_results(path=fixed, format=ox.QueryResultsFormat.JSON)
        solutions.serialize(out, format=getattr(ox.QueryResultsFormat, RESULTS_FORMATS[fmt]))



