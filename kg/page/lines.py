"""The lines the small page draws: parallel deals between the same two things as one line with a count.

Two things linked by several deals of one kind in one direction (three
investments from a fund into a lab, two compute contracts) would otherwise
be drawn as a fan of curves across the dense core. The small page draws
each such group as one line, its width set by the largest amount, its label
the number of deals ("3 deals"); its facts list every deal with its own
facts and sources, so nothing of a deal is lost to the aggregation. A line
of one deal or plain relation is that edge, unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .elements import PageEdge, PageElements
from .style import EDGE_STYLES


@dataclass
class PageLine:
    """One drawn line: ``edge`` is what it draws (the deal itself, or the group), ``members`` the deals or relations in it."""

    edge: PageEdge
    members: list[PageEdge]


def page_lines(elements: PageElements) -> list[PageLine]:
    """The lines of ``elements``: edges of one kind between the same two things in the same direction grouped.

    A group's label is its count, its width the largest amount among its
    deals, its facts a headline and the list of its deals' facts (``deals``).

    Examples
    --------
    >>> from kg.page.elements import PageNode
    >>> def deal(title, usd=None):
    ...     return PageEdge("fund", "lab", "investment", {"title": title}, f"${usd:.0f}" if usd else "", usd)
    >>> nodes = [PageNode("fund", "Fund", "Company", {}), PageNode("lab", "Lab", "Company", {})]
    >>> e = PageElements(nodes, [deal("Seed", 5), deal("Series A", 50), PageEdge("lab", "fund", "investment", {"title": "Back"})])
    >>> [(line.edge.source, line.edge.target, line.edge.label, line.edge.usd, len(line.members)) for line in page_lines(e)]
    [('fund', 'lab', '2 deals', 50, 2), ('lab', 'fund', '', None, 1)]
    >>> page_lines(e)[0].edge.facts["title"]
    '2 deals: Fund → Lab'
    >>> [facts["title"] for facts in page_lines(e)[0].edge.facts["deals"]]
    ['Seed', 'Series A']
    """
    labels = {node.id: node.label for node in elements.nodes}
    groups: dict[tuple, list[PageEdge]] = {}
    for edge in elements.edges:
        groups.setdefault((edge.source, edge.target, edge.kind, edge.both_ways), []).append(edge)
    lines = []
    for (source, target, kind, both_ways), members in groups.items():
        if len(members) == 1:
            lines.append(PageLine(members[0], members))
            continue
        arrow = "↔" if both_ways else "→"
        noun = "relations" if kind == "relation" else "deals"
        amounts = [m.usd for m in members if m.usd is not None]
        facts = {
            "title": f"{len(members)} {noun}: {labels.get(source, source)} {arrow} {labels.get(target, target)}",
            "subtitle": EDGE_STYLES[kind].name,
            "rows": [],
            "note": "",
            "sources": [],
            "deals": [m.facts for m in members],
        }
        # A group has no one date or stage: the page's filters read its members'.
        edge = replace(members[0], facts=facts, label=f"{len(members)} {noun}", usd=max(amounts) if amounts else None, deal=None,
                       announced=None, stage=None)
        lines.append(PageLine(edge, members))
    return lines
