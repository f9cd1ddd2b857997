"""An answer written out: a text table, the W3C SPARQL results formats, or RDF for a graph answer.

The W3C results formats of a SELECT are written by pyoxigraph's writers (TSV
too, which rdflib cannot write): from the engine's own SPARQL JSON on the
Oxigraph store (see :mod:`kg.sparql.answers`), from rdflib's JSON writer
otherwise, so the bytes of an answer do not depend on the store or server
that gave it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ..problems import QueryProblem, printable
from .text import display_prefixes, display_term

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib.query import Result


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
    rows = [[printable(display_term(row.get(v), namespaces)) for v in result.vars] for row in result.bindings]
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
    >>> from kg.sparql.sandbox import run_query
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
        return _table(result, display_prefixes(namespaces), width)
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
    kg.problems.QueryProblem: format: a CONSTRUCT answer is a graph: use turtle, nt or jsonld
    """
    if fmt not in FORMATS:
        raise QueryProblem(None, f"unknown format '{fmt}' (known: {', '.join(FORMATS)})", param="format")
    if kind in ("CONSTRUCT", "DESCRIBE") and fmt not in GRAPH_FORMATS:
        raise QueryProblem(None, f"a {kind} answer is a graph: use {', '.join(GRAPH_FORMATS[:-1])} or {GRAPH_FORMATS[-1]}",
                           param="format")
    if kind in ("SELECT", "ASK") and fmt in GRAPH_FORMATS:
        raise QueryProblem(None, f"a {kind} answer is not a graph: use {', '.join(SOLUTION_FORMATS[:-1])} or "
                           f"{SOLUTION_FORMATS[-1]}", param="format")


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
