"""Helpers for work on millions of small objects: a pause of the cyclic garbage collector, indented JSON,
results shared by the analyses of one run, keyed edges added to a multigraph in bulk.

The projection of a million-triple graph holds some ten million objects;
every full pass of Python's cyclic collector walks them all, and building
or reading the projection allocates enough to start many passes that free
nothing (reference counting frees the garbage; there are no cycles to find).
:func:`collector_paused` holds the collector off for such a stretch.

:func:`indented_json` writes what ``json.dumps(document, indent=2,
ensure_ascii=False)`` writes, byte for byte, several times faster: with an
indent, the standard library encodes every value in Python; here a list of
strings, the bulk of an analysis document (deal ids), is joined in one call.

:func:`add_keyed_edges` adds edges with their attribute dicts to a
networkx multigraph as ``add_edge`` does, without its per-call work (a
keyword dict copied twice, node checks, a cache cleared per edge).

Inside :func:`shared_results`, :func:`computed_once` makes each derived
result (the money view of a projection, its cycles) once and hands the same
object to every analysis that asks: they only read it.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from json.encoder import encode_basestring
from typing import Callable, Hashable, Iterable, Iterator, TypeVar

import networkx as nx

T = TypeVar("T")

#: While :func:`shared_results` is active: (kind, id of the owner, arguments) -> (owner, result).
_SHARED: dict | None = None


@contextmanager
def shared_results() -> Iterator[None]:
    """Within the block, :func:`computed_once` makes each result once; after it, every call makes its own again."""
    global _SHARED
    outermost = _SHARED is None
    if outermost:
        _SHARED = {}
    try:
        yield
    finally:
        if outermost:
            _SHARED = None


def computed_once(kind: str, owner: object, make: Callable[[], T], *arguments) -> T:
    """``make()``, or within :func:`shared_results` the result an earlier call made for the same owner and arguments.

    Examples
    --------
    >>> calls = []
    >>> owner = object()
    >>> with shared_results():
    ...     first = computed_once("list", owner, lambda: calls.append(1) or [1])
    ...     second = computed_once("list", owner, lambda: calls.append(1) or [1])
    >>> first is second, len(calls)
    (True, 1)
    """
    if _SHARED is None:
        return make()
    key = (kind, id(owner), arguments)
    if key not in _SHARED:
        _SHARED[key] = (owner, make())  # the owner is kept so that its id is not reused within the block
    return _SHARED[key][1]


def add_keyed_edges(graph: nx.MultiDiGraph, edges: Iterable[tuple[Hashable, Hashable, Hashable, dict]]) -> None:
    """Add each ``(u, v, key, attributes)`` to ``graph`` as ``graph.add_edge(u, v, key, **attributes)`` would.

    Both ends must already be nodes when their edge is reached (``edges`` may add them as it goes).
    An edge already there keeps its dict, updated by the new attributes. ``attributes`` becomes the
    edge's own dict: hand each edge a dict of its own.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b")])
    >>> add_keyed_edges(g, [("a", "b", "x", {"w": 1}), ("b", "a", "x", {"w": 2}), ("a", "b", "x", {"z": 3})])
    >>> list(g.edges(keys=True, data=True))
    [('a', 'b', 0, {}), ('a', 'b', 'x', {'w': 1, 'z': 3}), ('b', 'a', 'x', {'w': 2})]
    """
    successors, predecessors = graph._succ, graph._pred  # noqa: SLF001 - networkx's own adjacency, as add_edge fills it
    for u, v, key, attributes in edges:
        keys = successors[u].get(v)
        if keys is None:
            keys = successors[u][v] = predecessors[v][u] = graph.edge_key_dict_factory()
        known = keys.get(key)
        if known is None:
            keys[key] = attributes
        else:
            known.update(attributes)
    clear_cache = getattr(nx, "_clear_cache", None)  # what add_edge does after each edge (networkx 3.3 on)
    if clear_cache is not None:
        clear_cache(graph)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector inside the block (reference counting still frees memory)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def indented_json(document) -> str:
    """``json.dumps(document, indent=2, ensure_ascii=False)``, the same text, faster on big documents.

    Examples
    --------
    >>> document = {"a": [1, 2.5, None, True], "b": {"c": ["x", "ü\\n"], "d": {}, "e": []}, 3: "three"}
    >>> import json
    >>> indented_json(document) == json.dumps(document, indent=2, ensure_ascii=False)
    True
    """
    parts: list[str] = []
    _write(document, "\n", parts)
    return "".join(parts)


def _float(value: float) -> str:
    """A float as the json module spells it (NaN and the infinities too)."""
    if value != value:
        return "NaN"
    if value in (_INFINITY, -_INFINITY):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


_INFINITY = float("inf")


def _scalar(value) -> str | None:
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    return None


def _key(key) -> str:
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float(key))
    if key is True or key is False or key is None or isinstance(key, int):
        return encode_basestring(_scalar(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _write(value, newline: str, parts: list[str]) -> None:
    """Append the JSON of ``value`` to ``parts``; ``newline`` is a line break and the indent of ``value``'s line."""
    text = _scalar(value)
    if text is not None:
        parts.append(text)
        return
    inner = newline + "  "
    if isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        parts.append("{")
        separator = inner
        for key, item in value.items():
            head = separator + (encode_basestring(key) if type(key) is str else _key(key)) + ": "
            separator = "," + inner
            encode = _SCALARS.get(type(item))  # a value of a plain type written here, without a call to _write
            if encode is not None:
                parts.append(head + encode(item))
            else:
                parts.append(head)
                _write(item, inner, parts)
        parts.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        if all(type(item) is str for item in value):
            parts.append("[" + inner + ("," + inner).join(map(encode_basestring, value)) + newline + "]")
            return
        parts.append("[")
        separator = inner
        for item in value:
            encode = _SCALARS.get(type(item))
            if encode is not None:
                parts.append(separator + encode(item))
            else:
                parts.append(separator)
                _write(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    else:
        raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


#: Exact type -> its JSON text, for the scalars a document is mostly made of (subclasses go through _scalar).
_SCALARS = {str: encode_basestring, float: _float, int: int.__repr__, bool: lambda flag: "true" if flag else "false",
            type(None): lambda _none: "null"}
