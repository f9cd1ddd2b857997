"""The graph as the page shows it: things are nodes; deals and plain relations are edges.

Each deal gives edges between its parties, carrying the deal's facts:
investor to investee (``investment``), buyer to seller (``compute``, or
``hardware`` for a chip supply agreement), holder to company (``stake``), one
edge for each pair of partners (``partnership``, both ways), and buyer to each
chip or platform the deal names (``hardware``). Plain relations
(``aic:manufacturer``, ``aic:develops``, ``aic:ceo``, ...) are ``relation``
edges. The derived shortcut edges are not drawn: the deal edges already say it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from kg.records import THING_TYPES
from kg.vocab import AIC, SCHEMA

from . import EDGE_KINDS
from .figures import read_figure

#: Deal class -> (edge kind, role of the edge's start, role of its end).
_PARTY_EDGES = {
    AIC.Investment: ("investment", AIC.investor, AIC.investee),
    AIC.ComputeCommitment: ("compute", AIC.buyer, AIC.seller),
    AIC.ChipSupplyAgreement: ("hardware", AIC.buyer, AIC.seller),
    AIC.EquityStake: ("stake", AIC.stakeHolder, AIC.stakeIn),
}

_DEAL_NAMES = {
    AIC.Investment: "Investment",
    AIC.ComputeCommitment: "Compute commitment",
    AIC.ChipSupplyAgreement: "Chip supply agreement",
    AIC.Partnership: "Partnership",
    AIC.EquityStake: "Equity stake",
}

#: Plain relation -> how a sentence says it ("Anthropic develops Claude").
_RELATIONS = {
    AIC.develops: "develops",
    AIC.manufacturer: "is made by",
    AIC.operatedBy: "is operated by",
    AIC.successorOf: "succeeds",
    AIC.ceo: "is CEO of",
    AIC.founder: "founded",
    AIC.formerEmployer: "used to work at",
    AIC.foundedByFormerStaffOf: "was founded by former staff of",
    AIC.competesWith: "competes with",
}
_SYMMETRIC = {AIC.competesWith}

#: Literal facts on things: property -> row name.
_THING_ROWS = {
    AIC.foundedIn: "Founded",
    AIC.foundedAs: "Founded as",
    AIC.generation: "Generation",
    AIC.launchedIn: "Launched",
}


@dataclass
class PageNode:
    """A thing: its IRI, label, class name (``Company``, ..., or ``Other``) and facts."""

    id: str
    label: str
    cls: str
    facts: dict


@dataclass
class PageEdge:
    """A deal between two parties or a plain relation.

    ``label`` is the figure written on the edge ("up to $10B"), ``usd`` the
    amount in US dollars that sets its width (None if it has none),
    ``both_ways`` marks partnerships and symmetric relations.
    """

    source: str
    target: str
    kind: str
    facts: dict
    label: str = ""
    usd: float | None = None
    deal: str | None = None
    both_ways: bool = False


@dataclass
class PageElements:
    """The nodes and edges of a page, sorted so the same graph gives the same page."""

    nodes: list[PageNode] = field(default_factory=list)
    edges: list[PageEdge] = field(default_factory=list)


def page_elements(graph: Graph) -> PageElements:
    """The nodes and edges the page draws for ``graph``.

    Examples
    --------
    >>> from rdflib import Graph, Literal
    >>> from kg.vocab import AID
    >>> g = Graph()
    >>> _ = g.add((AID.a, RDF.type, AIC.Company)).add((AID.b, RDF.type, AIC.Company))
    >>> _ = g.add((AID["deal/x"], RDF.type, AIC.Investment)).add((AID["deal/x"], AIC.investor, AID.a))
    >>> _ = g.add((AID["deal/x"], AIC.investee, AID.b)).add((AID["deal/x"], RDFS.label, Literal("A invests in B")))
    >>> elements = page_elements(g)
    >>> [n.label for n in elements.nodes], [(e.kind, e.facts["title"]) for e in elements.edges]
    (['a', 'b'], [('investment', 'A invests in B')])
    """
    edges = _deal_edges(graph) + _relation_edges(graph)
    ids = {str(t) for cls in THING_TYPES for t in graph.subjects(RDF.type, AIC[cls]) if isinstance(t, URIRef)}
    ids |= {e.source for e in edges} | {e.target for e in edges}
    nodes = [_node(graph, URIRef(i)) for i in sorted(ids)]
    edges.sort(key=lambda e: (e.source, e.target, EDGE_KINDS.index(e.kind), e.deal or "", e.facts["title"]))
    return PageElements(nodes, edges)


def label_of(graph: Graph, node: URIRef) -> str:
    """The English ``rdfs:label`` of ``node``, else any label, else the last part of its IRI."""
    labels = sorted(graph.objects(node, RDFS.label), key=lambda lit: (_language_rank(lit), str(lit)))
    if labels:
        return str(labels[0])
    return str(node).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _language_rank(literal) -> int:
    language = getattr(literal, "language", None)
    return 0 if language == "en" else 1 if not language else 2


def _node(graph: Graph, node: URIRef) -> PageNode:
    cls = next((name for name in THING_TYPES if (node, RDF.type, AIC[name]) in graph), "Other")
    label = label_of(graph, node)
    rows = [["Italian name", str(lit)] for lit in graph.objects(node, RDFS.label) if getattr(lit, "language", None) == "it"]
    for prop, name in _THING_ROWS.items():
        rows += [[name, str(value)] for value in sorted(graph.objects(node, prop))]
    rows += [["Wikidata", str(same).rsplit("/", 1)[-1]] for same in sorted(graph.objects(node, OWL.sameAs)) if "wikidata.org" in str(same)]
    facts = {
        "title": label,
        "subtitle": cls,
        "iri": str(node),
        "rows": rows,
        "note": _comment(graph, node),
        "sources": _sources(graph, node),
    }
    return PageNode(str(node), label, cls, facts)


def _deal_edges(graph: Graph) -> list[PageEdge]:
    edges: list[PageEdge] = []
    for deal_class, name in _DEAL_NAMES.items():
        for deal in sorted(graph.subjects(RDF.type, deal_class)):
            if not isinstance(deal, URIRef):
                continue
            facts = _deal_facts(graph, deal, name)
            label, usd = _edge_figures(graph, deal)
            if deal_class == AIC.Partnership:
                partners = sorted(str(p) for p in graph.objects(deal, AIC.partner))
                for left, right in combinations(partners, 2):
                    edges.append(PageEdge(left, right, "partnership", facts, label, usd, str(deal), both_ways=True))
            else:
                kind, start_role, end_role = _PARTY_EDGES[deal_class]
                for start in sorted(graph.objects(deal, start_role)):
                    for end in sorted(graph.objects(deal, end_role)):
                        edges.append(PageEdge(str(start), str(end), kind, facts, label, usd, str(deal)))
            for buyer in sorted(graph.objects(deal, AIC.buyer)):
                for chip in sorted(graph.objects(deal, AIC.hardware)):
                    edges.append(PageEdge(str(buyer), str(chip), "hardware", facts, deal=str(deal)))
    return edges


def _relation_edges(graph: Graph) -> list[PageEdge]:
    edges: list[PageEdge] = []
    for prop, phrase in _RELATIONS.items():
        seen: set[frozenset] = set()
        for subject, obj in sorted(graph.subject_objects(prop)):
            if not (isinstance(subject, URIRef) and isinstance(obj, URIRef)):
                continue
            if prop in _SYMMETRIC:
                pair = frozenset((subject, obj))
                if pair in seen:
                    continue
                seen.add(pair)
            name = str(prop).rsplit("#", 1)[-1]
            facts = {
                "title": f"{label_of(graph, subject)} {phrase} {label_of(graph, obj)}",
                "subtitle": f"Relation: aic:{name}",
                "rows": [],
                "note": "",
                "sources": [],
            }
            edges.append(PageEdge(str(subject), str(obj), "relation", facts, both_ways=prop in _SYMMETRIC))
    return edges


def _edge_figures(graph: Graph, deal: URIRef) -> tuple[str, float | None]:
    """The text written on a deal's edge and its amount in US dollars."""
    parts, usd = [], None
    amount = graph.value(deal, AIC.amount)
    if amount is not None:
        figure = read_figure(graph, amount)
        parts.append(figure.text())
        usd = figure.representative() if figure.currency == "USD" else None
    percent = graph.value(deal, AIC.stakePercent)
    if percent is not None:
        parts.append(f"{_percent(percent)}%")
    capacity = graph.value(deal, AIC.capacity)
    if capacity is not None:
        parts.append(read_figure(graph, capacity).text())
    return " · ".join(p for p in parts if p), usd


def _percent(literal: Literal) -> str:
    text = str(literal)
    return text[:-2] if text.endswith(".0") else text


def _deal_facts(graph: Graph, deal: URIRef, type_name: str) -> dict:
    rows: list[list[str]] = []

    def figure(prop: URIRef, name: str, unit: str = "") -> None:
        node = graph.value(deal, prop)
        if node is not None:
            rows.append([name, read_figure(graph, node).text() + unit])

    def things(prop: URIRef, name: str) -> None:
        names = sorted(label_of(graph, t) for t in graph.objects(deal, prop))
        if names:
            rows.append([name, ", ".join(names)])

    figure(AIC.amount, "Amount")
    figure(AIC.valuation, "Valuation")
    percent = graph.value(deal, AIC.stakePercent)
    if percent is not None:
        rows.append(["Stake", f"{_percent(percent)}%"])
    figure(AIC.capacity, "Capacity")
    figure(AIC.chipCount, "Chips", " chips")
    things(AIC.hardware, "Hardware")
    things(AIC.service, "Service")
    things(AIC.site, "Site")
    things(AIC.forModel, "For")
    for prop, name in ((AIC.announcedOn, "Announced"), (AIC.onlineBy, "Online by")):
        value = graph.value(deal, prop)
        if value is not None:
            rows.append([name, str(value)])
    for prop, name in ((AIC.dealStatus, "Status"), (AIC.evidenceLevel, "Evidence")):
        value = graph.value(deal, prop)
        if value is not None:
            rows.append([name, _concept_name(graph, value)])
    things(AIC.supersedes, "Revises")
    return {
        "title": label_of(graph, deal),
        "subtitle": type_name,
        "iri": str(deal),
        "rows": rows,
        "note": _comment(graph, deal),
        "sources": _sources(graph, deal),
    }


def _concept_name(graph: Graph, concept) -> str:
    label = graph.value(concept, SKOS.prefLabel)
    return str(label) if label is not None else str(concept).rsplit("/", 1)[-1]


def _comment(graph: Graph, node: URIRef) -> str:
    comments = sorted(graph.objects(node, RDFS.comment), key=lambda lit: (_language_rank(lit), str(lit)))
    return str(comments[0]) if comments else ""


def _sources(graph: Graph, node: URIRef) -> list[dict]:
    sources = []
    for source in sorted(graph.objects(node, PROV.wasDerivedFrom)):
        headline = graph.value(source, SCHEMA.headline) or graph.value(source, RDFS.label)
        if headline is None:
            continue
        publisher = str(graph.value(source, SCHEMA.publisher) or "")
        outlet = graph.value(source, AIC.originalOutlet)
        if outlet is not None:
            publisher = f"{publisher} (from {outlet})" if publisher else str(outlet)
        published = graph.value(source, SCHEMA.datePublished)
        url = str(graph.value(source, SCHEMA.url) or "")
        sources.append(
            {
                "headline": str(headline),
                "publisher": publisher,
                "date": str(published) if published is not None else "",
                # Only web links become links: a javascript: or data: URL from data must never be clickable.
                "url": url if url.startswith(("https://", "http://")) else "",
            }
        )
    return sorted(sources, key=lambda s: (s["date"], s["headline"]))
