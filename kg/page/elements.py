"""The graph as the page shows it: things are nodes; deals and plain relations are edges.

Who is linked to whom comes from :func:`kg.network.project`, the networkx
projection the analyses use: investor to investee (``investment``), buyer to
seller (``compute``, or ``hardware`` for a chip supply agreement), holder to
company and a warrant's issuer to its holder (``stake``), one edge for each
pair of partners (``partnership``, both ways), and plain relations (``aic:manufacturer``, ``aic:develops``, ...)
as ``relation`` edges, a symmetric one (``aic:competesWith``) drawn once. The
page adds an edge of kind ``hardware`` from a deal's buyer to each chip or
platform the deal names. The facts shown on hover and click are read from the
RDF graph itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDFS, SKOS

from ..network_terms import english_text
from ..network_terms import label as label_of
from ..quantities import read_quantity
from ..rdf.terms import AIC, SCHEMA

from . import EDGE_KINDS

#: Projection kind -> page kind; a deal class the page does not know is drawn as a plain relation.
_KINDS = {
    "investment": "investment",
    "compute": "compute",
    "hardware supply": "hardware",
    "partnership": "partnership",
    "stake": "stake",
    "warrant": "stake",
    "funding round": "investment",
    "acquisition": "stake",
    "licensing": "partnership",
}

_DEAL_NAMES = {
    "Investment": "Investment",
    "ComputeCommitment": "Compute commitment",
    "ChipSupplyAgreement": "Chip supply agreement",
    "Partnership": "Partnership",
    "EquityStake": "Equity stake",
    "Warrant": "Warrant",
    "FundingRound": "Funding round",
    "Acquisition": "Acquisition",
    "Licensing": "Licensing deal",
}

#: Plain relation -> how a sentence says it ("Anthropic develops Claude"); others use the term's name.
_RELATIONS = {
    "develops": "develops",
    "manufacturer": "is made by",
    "operatedBy": "is operated by",
    "successorOf": "succeeds",
    "ceo": "is CEO of",
    "founder": "founded",
    "formerEmployer": "used to work at",
    "foundedByFormerStaffOf": "was founded by former staff of",
    "competesWith": "competes with",
}
_SYMMETRIC = {"competesWith"}

#: Literal facts on things: property -> row name.
_THING_ROWS = {
    AIC.foundedIn: "Founded",
    AIC.foundedAs: "Founded as",
    AIC.generation: "Generation",
    AIC.launchedIn: "Launched",
}


@dataclass
class PageNode:
    """A thing: its id (``anthropic``, or the IRI outside ``aid:``), label, class name (``Company``, ..., ``Other``) and facts."""

    id: str
    label: str
    cls: str
    facts: dict


@dataclass
class PageEdge:
    """A deal between two parties or a plain relation.

    ``label`` is the figure written on the edge ("up to $10B"), ``usd`` the
    amount in US dollars that sets its width (None if it has none),
    ``both_ways`` marks partnerships and symmetric relations, ``announced``
    is a deal's announcement date as written (``2025``, ``2025-03``,
    ``2025-03-01``; None for a plain relation or an undated deal), ``stage``
    the stage of a deal's money (:mod:`kg.stages`; None for a relation).
    """

    source: str
    target: str
    kind: str
    facts: dict
    label: str = ""
    usd: float | None = None
    deal: str | None = None
    both_ways: bool = False
    announced: str | None = None
    stage: str | None = None


@dataclass
class PageElements:
    """The nodes and edges of a page, sorted so the same graph gives the same page."""

    nodes: list[PageNode] = field(default_factory=list)
    edges: list[PageEdge] = field(default_factory=list)


def page_elements(graph: Graph) -> PageElements:
    """The nodes and edges the page draws for ``graph``.

    Examples
    --------
    >>> from kg.synthetic import example_graph
    >>> elements = page_elements(example_graph())
    >>> [n.id for n in elements.nodes]
    ['alpha-ai', 'bigcloud', 'chip-x', 'chipco']
    >>> for e in elements.edges:
    ...     print(e.source, "->", e.target, e.kind, repr(e.label))
    alpha-ai -> bigcloud compute '$6B · at least 0.5 GW'
    alpha-ai -> chip-x hardware ''
    bigcloud -> alpha-ai investment 'up to $2B'
    bigcloud -> chip-x hardware ''
    bigcloud -> chipco hardware '$1B–$3B'
    chip-x -> chipco relation ''
    """
    from kg.network import project

    projection = project(graph)
    nodes = {
        node: PageNode(node, attrs["label"], attrs["cls"] or "Other", _thing_facts(graph, URIRef(attrs["iri"]), attrs["label"], attrs["cls"]))
        for node, attrs in projection.nodes(data=True)
    }
    deals = projection.graph["deals"]
    deal_facts = {deal_id: _deal_facts(graph, URIRef(record["iri"]), record) for deal_id, record in deals.items()}
    edges = []
    for source, target, key, data in projection.edges(keys=True, data=True):
        if data.get("deal") is not None:
            iri = URIRef(deals[key]["iri"])
            label, usd = _edge_figures(graph, iri)
            if len(deals[key]["parties"].get("partner", ())) > 2:
                # One amount for the whole partnership: on each of its pairs it would read as that much each.
                label, usd = "", None
            elif deals[key]["cls"] == "FundingRound" and label:
                # The round's total, not this investor's share; with several investors it is not widened by each.
                label = "round of " + label
                usd = usd if len(set(deals[key]["parties"].get("leadInvestor", ()) + deals[key]["parties"].get("roundInvestor", ()))) == 1 else None
            kind = _KINDS.get(data["kind"], "relation")
            announced = graph.value(iri, AIC.announcedOn)
            edges.append(PageEdge(source, target, kind, deal_facts[key], label, usd, str(iri), both_ways=data["symmetric"],
                                  announced=None if announced is None else str(announced), stage=data["stage"]))
        elif not (key in _SYMMETRIC and source > target and projection.has_edge(target, source, key)):
            edges.append(_relation_edge(nodes, source, target, key))
    for deal_id, record in deals.items():
        for buyer in record["parties"].get("buyer", ()):
            for chip in record["hardware"]:
                nodes.setdefault(chip, PageNode(chip, chip, "Other", {"title": chip, "subtitle": "Other", "rows": [], "note": "", "sources": []}))
                announced = graph.value(URIRef(record["iri"]), AIC.announcedOn)
                edges.append(PageEdge(buyer, chip, "hardware", deal_facts[deal_id], deal=record["iri"],
                                      announced=None if announced is None else str(announced), stage=record["stage"]))
    edges.sort(key=lambda e: (e.source, e.target, EDGE_KINDS.index(e.kind), e.deal or "", e.facts["title"]))
    return PageElements([nodes[n] for n in sorted(nodes)], edges)


def _relation_edge(nodes: dict[str, PageNode], source: str, target: str, relation: str) -> PageEdge:
    phrase = _RELATIONS.get(relation, relation)
    facts = {
        "title": f"{nodes[source].label} {phrase} {nodes[target].label}",
        "subtitle": f"Relation: aic:{relation}",
        "rows": [],
        "note": "",
        "sources": [],
    }
    return PageEdge(source, target, "relation", facts, both_ways=relation in _SYMMETRIC)


def _thing_facts(graph: Graph, node: URIRef, label: str, cls: str | None) -> dict:
    rows = [["Italian name", str(lit)] for lit in sorted(graph.objects(node, RDFS.label)) if getattr(lit, "language", None) == "it"]
    for prop, name in _THING_ROWS.items():
        rows += [[name, str(value)] for value in sorted(graph.objects(node, prop))]
    rows += [["Wikidata", str(same).rsplit("/", 1)[-1]] for same in sorted(graph.objects(node, OWL.sameAs)) if "wikidata.org" in str(same)]
    return {
        "title": label,
        "subtitle": cls or "Other",
        "iri": str(node),
        "rows": rows,
        "note": _comment(graph, node),
        "sources": _sources(graph, node),
    }


def _edge_figures(graph: Graph, deal: URIRef) -> tuple[str, float | None]:
    """The text written on a deal's edge and its amount in US dollars."""
    parts, usd = [], None
    amount = graph.value(deal, AIC.amount)
    if amount is not None:
        figure = read_quantity(graph, amount)
        parts.append(figure.text())
        usd = figure.representative() if figure.currency == "USD" else None
    percent = graph.value(deal, AIC.stakePercent)
    if percent is not None:
        parts.append(f"{_percent(percent)}%")
    capacity = graph.value(deal, AIC.capacity)
    if capacity is not None:
        parts.append(read_quantity(graph, capacity).text())
    shares = graph.value(deal, AIC.shareCount)
    if shares is not None and amount is None:
        parts.append(read_quantity(graph, shares).text() + " shares")
    return " · ".join(p for p in parts if p), usd


def _percent(literal: Literal) -> str:
    text = str(literal)
    return text[:-2] if text.endswith(".0") else text


def _deal_facts(graph: Graph, deal: URIRef, record: dict) -> dict:
    """The facts of a deal: figures with their bounds, things involved, dates, status, sources."""
    rows: list[list[str]] = []

    def figure(prop: URIRef, name: str, unit: str = "") -> None:
        node = graph.value(deal, prop)
        if node is not None:
            rows.append([name, read_quantity(graph, node).text() + unit])

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
    figure(AIC.shareCount, "Shares", " shares")
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
    rows.append(["Stage", record["stage"]])
    things(AIC.supersedes, "Revises")
    if record["superseded_by"]:
        rows.append(["Revised by", ", ".join(sorted(label_of(graph, d) for d in graph.subjects(AIC.supersedes, deal)))])
    return {
        "title": record["label"],
        "subtitle": _DEAL_NAMES.get(record["cls"], record["cls"]),
        "iri": str(deal),
        "rows": rows,
        "note": _comment(graph, deal),
        "sources": _sources(graph, deal),
    }


def _concept_name(graph: Graph, concept) -> str:
    label = graph.value(concept, SKOS.prefLabel)
    return str(label) if label is not None else str(concept).rsplit("/", 1)[-1]


def _comment(graph: Graph, node: URIRef) -> str:
    return english_text(graph, node, RDFS.comment) or ""


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
