"""A join order for rdflib's basic graph patterns: the narrowest triple pattern first.

rdflib matches the patterns of a group in the order written; a question that
starts from a wide pattern (``?deal a ?class``) walks the whole graph.
:func:`evaluate_bgp` is hooked into rdflib's evaluator (``CUSTOM_EVALS``) in
the query's child process (:mod:`kg.sparql.sandbox`).
"""

from __future__ import annotations

import functools
import itertools
from typing import Any, Iterator


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


def match_patterns(ctx: Any, patterns: tuple, bound: frozenset) -> Iterator[Any]:
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
        yield from match_patterns(c, rest, now_bound)


def evaluate_bgp(ctx: Any, part: Any) -> Iterator[Any]:
    """rdflib custom evaluation hook: basic graph patterns through :func:`match_patterns`."""
    from rdflib.term import BNode, Variable

    if part.name != "BGP":
        raise NotImplementedError
    variables = {t for pattern in part.triples for t in pattern if isinstance(t, (Variable, BNode))}
    return match_patterns(ctx, tuple(part.triples), frozenset(v for v in variables if ctx[v] is not None))
