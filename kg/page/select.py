"""Narrowing a page: some edge kinds only, the neighbourhood of one thing, the steps of its time slider."""

from __future__ import annotations

import difflib

from .elements import PageElements, PageNode


def find_node(elements: PageElements, name: str) -> PageNode | None:
    """The node named ``name``: its id (``anthropic``), its IRI or its label, in any case.

    Examples
    --------
    >>> from kg.page.elements import PageNode
    >>> e = PageElements([PageNode("google", "Google Inc.", "Company", {"iri": "https://w3id.org/aicompute/id/google"})])
    >>> [find_node(e, name).id for name in ("google", "Google inc.", "https://w3id.org/aicompute/id/google")]
    ['google', 'google', 'google']
    >>> find_node(e, "goggle") is None
    True
    """
    wanted = name.strip().casefold()
    for key in (lambda n: n.id, lambda n: n.facts.get("iri", ""), lambda n: n.label):
        for node in elements.nodes:
            if key(node).casefold() == wanted:
                return node
    return None


def close_names(elements: PageElements, name: str, n: int = 3) -> list[str]:
    """Up to ``n`` node ids or labels that look like ``name``, for a "did you mean" hint; a label the same as an id but for case is left out.

    Examples
    --------
    >>> from kg.page.elements import PageNode
    >>> e = PageElements([PageNode("anthropic", "Anthropic", "Company", {}), PageNode("amd", "AMD (Advanced Micro Devices)", "Company", {})])
    >>> close_names(e, "antropic"), close_names(e, "AMD (Advanced Micro Device)")
    (['anthropic'], ['AMD (Advanced Micro Devices)'])
    """
    names = {node.id.casefold(): node.id for node in elements.nodes}
    for node in elements.nodes:
        names.setdefault(node.label.casefold(), node.label)
    return difflib.get_close_matches(name, sorted(names.values()), n=n, cutoff=0.6)


def only_kinds(elements: PageElements, kinds: set[str], keep: frozenset[str] = frozenset()) -> PageElements:
    """Only edges of ``kinds``, and only the nodes that still have an edge (or are in ``keep``).

    Examples
    --------
    >>> from kg.page.elements import PageEdge, PageNode
    >>> e = PageElements([PageNode(i, i, "Company", {}) for i in "abc"],
    ...                  [PageEdge("a", "b", "investment", {}), PageEdge("b", "c", "relation", {})])
    >>> kept = only_kinds(e, {"investment"})
    >>> [n.id for n in kept.nodes], [(x.source, x.target) for x in kept.edges]
    (['a', 'b'], [('a', 'b')])
    >>> [n.id for n in only_kinds(e, {"stake"}, keep=frozenset({"c"})).nodes]
    ['c']
    """
    edges = [e for e in elements.edges if e.kind in kinds]
    touched = {e.source for e in edges} | {e.target for e in edges} | keep
    return PageElements([n for n in elements.nodes if n.id in touched], edges)


def neighbourhood(elements: PageElements, centre: str, depth: int) -> PageElements:
    """The nodes within ``depth`` edges of ``centre`` (either direction) and the edges among them.

    Examples
    --------
    >>> from kg.page.elements import PageEdge, PageNode
    >>> e = PageElements([PageNode(i, i, "Company", {}) for i in "abcd"],
    ...                  [PageEdge("a", "b", "investment", {}), PageEdge("c", "b", "stake", {}),
    ...                   PageEdge("c", "d", "relation", {})])
    >>> [n.id for n in neighbourhood(e, "b", 1).nodes], len(neighbourhood(e, "b", 1).edges)
    (['a', 'b', 'c'], 2)
    >>> [n.id for n in neighbourhood(e, "a", 0).nodes], len(neighbourhood(e, "a", 0).edges)
    (['a'], 0)
    """
    adjacent: dict[str, set[str]] = {}
    for edge in elements.edges:
        adjacent.setdefault(edge.source, set()).add(edge.target)
        adjacent.setdefault(edge.target, set()).add(edge.source)
    reached, frontier = {centre}, {centre}
    for _ in range(min(depth, len(elements.nodes))):  # no path is longer than the nodes it passes
        frontier = {other for node in frontier for other in adjacent.get(node, ())} - reached
        if not frontier:
            break
        reached |= frontier
    return PageElements(
        [n for n in elements.nodes if n.id in reached],
        [e for e in elements.edges if e.source in reached and e.target in reached],
    )


def announcement_days(elements: PageElements) -> list[str]:
    """The steps of the page's time slider: each month in which a deal was announced, then the last day shown.

    A deal dated by year only counts from that year's first month.

    Examples
    --------
    >>> from kg.page.elements import PageEdge
    >>> e = PageElements([], [PageEdge("a", "b", "stake", {}, announced=d) for d in ("2025-03-01", "2024", "2025-03-20", None)])
    >>> announcement_days(e)
    ['2024-01-31', '2025-03-31', '9999-12-31']
    """
    import calendar

    months = sorted({(e.announced + "-01")[:7] for e in elements.edges if e.announced})
    steps = []
    for month in months:
        year, number = int(month[:4]), int(month[5:7])
        steps.append(f"{month}-{calendar.monthrange(year, number)[1]:02d}")
    return [*steps, "9999-12-31"] if steps else []
