"""Turn checked records into one rdflib Graph: ontology + facts + derived shortcut edges.

The graph has no blank nodes: every node, amounts included, has an IRI, so the
Turtle export is byte-stable and the graph can be pushed to any SPARQL store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from .. import paths
from ..data.records import DEAL_LINKS, DEAL_ROLES, THING_LITERALS, THING_RELATIONS, Dataset, Deal, Where
from ..quantities import Quantity
from .terms import AIC, GRAPH_IRI, PREFIXES, SHORTCUTS, QUDT, SCHEMA, UNIT, WD, deal_iri, evidence_iri, source_iri, status_iri, thing_iri

_PARTY_VERB = {
    "Investment": ("investor", "invests in", "investee"),
    "ComputeCommitment": ("buyer", "buys compute from", "seller"),
    "ChipSupplyAgreement": ("buyer", "buys chips from", "seller"),
    "EquityStake": ("holder", "holds a stake in", "company"),
    "Warrant": ("issuer", "grants a warrant to", "holder"),
    "FundingRound": ("raiser", "raises a funding round", None),
    "Acquisition": ("acquirer", "acquires", "acquired"),
    "Licensing": ("licensee", "licenses technology from", "licensor"),
}


@dataclass
class BuiltGraph:
    """The graph and, for each node made from data, where it was written."""

    graph: Graph
    origins: dict[URIRef, Where] = field(default_factory=dict)


#: Vocabularies the ontology itself uses (and xml: for RDF/XML language tags), bound so
#: exports show readable prefixes instead of ns1:.
_EXTRA_PREFIXES = {
    "xml": "http://www.w3.org/XML/1998/namespace",
    "dcterms": "http://purl.org/dc/terms/",
    "vann": "http://purl.org/vocab/vann/",
    "org": "http://www.w3.org/ns/org#",
    "wdt": "http://www.wikidata.org/prop/direct/",
}


def new_graph(store="default") -> Graph:
    """An empty graph named :data:`GRAPH_IRI`, with exactly our prefixes bound.

    ``store`` is an rdflib store or a store plugin's name (rdflib's memory
    store by default; see :func:`kg.store.open_graph`).
    """
    graph = Graph(store=store, identifier=GRAPH_IRI, bind_namespaces="none")
    for prefix, iri in {**PREFIXES, **_EXTRA_PREFIXES}.items():
        graph.bind(prefix, iri)
    return graph


def load_ontology(graph: Graph) -> Graph:
    """Add the ontology's triples (terms, concept schemes) to ``graph``.

    Only triples are added, not the ontology file's prefixes, so exports
    declare exactly :data:`kg.vocab.PREFIXES`.
    """
    graph += Graph().parse(paths.ontology_file(), format="turtle")
    return graph


def build_graph(data: Dataset, with_ontology: bool = True) -> BuiltGraph:
    """Build the RDF graph from a loaded :class:`Dataset`.

    Parameters
    ----------
    data : Dataset
        Records from :func:`kg.load.load_data`.
    with_ontology : bool
        Include the ontology's triples (the default; SHACL and the shipped
        graph need them).
    """
    graph = new_graph()
    if with_ontology:
        load_ontology(graph)
    built = BuiltGraph(graph)
    for source in data.sources.values():
        _add_source(built, source)
    for thing in data.things.values():
        _add_thing(built, thing)
    for deal in data.deals.values():
        _add_deal(built, deal, data)
    add_shortcuts(graph)
    return built


def _add_source(built: BuiltGraph, source) -> None:
    graph, node = built.graph, source_iri(source.id)
    built.origins[node] = source.where
    headline = Literal(source.headline, lang=source.language)
    graph.add((node, RDF.type, AIC.SourceDocument))
    graph.add((node, RDFS.label, headline))
    graph.add((node, SCHEMA.headline, headline))
    graph.add((node, SCHEMA.publisher, Literal(source.publisher)))
    graph.add((node, SCHEMA.inLanguage, Literal(source.language)))
    if source.published:
        graph.add((node, SCHEMA.datePublished, _date(source.published)))
    if source.url:
        graph.add((node, SCHEMA.url, Literal(source.url, datatype=XSD.anyURI)))
    if source.original_outlet:
        graph.add((node, AIC.originalOutlet, Literal(source.original_outlet)))


def _add_thing(built: BuiltGraph, thing) -> None:
    graph, node = built.graph, thing_iri(thing.id)
    built.origins[node] = thing.where
    graph.add((node, RDF.type, AIC[thing.type]))
    graph.add((node, RDFS.label, Literal(thing.label, lang="en")))
    if thing.label_it:
        graph.add((node, RDFS.label, Literal(thing.label_it, lang="it")))
    for alias in thing.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    if thing.wikidata:
        graph.add((node, OWL.sameAs, WD[thing.wikidata]))
    if thing.note:
        graph.add((node, RDFS.comment, Literal(thing.note, lang="en")))
    for source_id in thing.sources:
        graph.add((node, PROV.wasDerivedFrom, source_iri(source_id)))
    for key, ids in thing.relations.items():
        term = AIC[THING_RELATIONS[thing.type][key].term]
        for target in ids:
            graph.add((node, term, thing_iri(target)))
            if term == AIC.competesWith:  # symmetric: state both directions
                graph.add((thing_iri(target), term, node))
    for key, value in thing.literals.items():
        term, kind = THING_LITERALS[thing.type][key]
        if kind == "year":
            graph.add((node, AIC[term], _date(value)))
        elif kind == "positive-integer":
            graph.add((node, AIC[term], Literal(value, datatype=XSD.integer)))
        else:
            graph.add((node, AIC[term], Literal(value, lang="en")))


def _add_deal(built: BuiltGraph, deal: Deal, data: Dataset) -> None:
    graph, node = built.graph, deal_iri(deal.id)
    built.origins[node] = deal.where
    graph.add((node, RDF.type, AIC[deal.type]))
    graph.add((node, RDFS.label, Literal(deal.label or deal_label(deal, data), lang="en")))
    graph.add((node, AIC.announcedOn, _date(deal.announced)))
    graph.add((node, AIC.dealStatus, status_iri(deal.status)))
    if deal.evidence:
        graph.add((node, AIC.evidenceLevel, evidence_iri(deal.evidence)))
    for source_id in deal.sources:
        graph.add((node, PROV.wasDerivedFrom, source_iri(source_id)))
    for key, ids in deal.roles.items():
        for target in ids:
            graph.add((node, AIC[DEAL_ROLES[deal.type][key].term], thing_iri(target)))
    for key, ids in deal.links.items():
        for target in ids:
            graph.add((node, AIC[DEAL_LINKS[key].term], thing_iri(target)))
    if deal.percent is not None:
        graph.add((node, AIC.stakePercent, decimal_literal(deal.percent)))
    if deal.online_by:
        graph.add((node, AIC.onlineBy, _date(deal.online_by)))
    for other in deal.supersedes:
        graph.add((node, AIC.supersedes, deal_iri(other)))
    if deal.part_of:
        graph.add((node, AIC.partOfRound, deal_iri(deal.part_of)))
    if deal.valuation_basis:
        graph.add((node, AIC.valuationBasis, Literal(deal.valuation_basis)))
    if deal.note:
        graph.add((node, RDFS.comment, Literal(deal.note, lang="en")))
    quantities = (
        (AIC.amount, "amount", deal.amount, SCHEMA.MonetaryAmount),
        (AIC.valuation, "valuation", deal.valuation, SCHEMA.MonetaryAmount),
        (AIC.capacity, "capacity", deal.capacity, SCHEMA.QuantitativeValue),
        (AIC.chipCount, "chip-count", deal.chip_count, SCHEMA.QuantitativeValue),
        (AIC.shareCount, "share-count", deal.share_count, SCHEMA.QuantitativeValue),
    )
    for term, suffix, quantity, cls in quantities:
        if quantity is not None:
            _add_quantity(built, node, term, URIRef(f"{node}/{suffix}"), quantity, cls)


def _add_quantity(built: BuiltGraph, deal: URIRef, term: URIRef, node: URIRef, quantity: Quantity, cls: URIRef) -> None:
    graph = built.graph
    if quantity.where:
        built.origins[node] = quantity.where
    graph.add((deal, term, node))
    graph.add((node, RDF.type, cls))
    if quantity.currency:
        graph.add((node, SCHEMA.currency, Literal(quantity.currency)))
    if term == AIC.capacity:
        graph.add((node, QUDT.unit, UNIT.GigaW))
        graph.add((node, SCHEMA.unitText, Literal("GW")))
    for prop, number in ((SCHEMA.value, quantity.value), (SCHEMA.minValue, quantity.minimum), (SCHEMA.maxValue, quantity.maximum)):
        if number is not None:
            graph.add((node, prop, decimal_literal(number)))
    if quantity.approximate:  # only stated when true: an exact figure's graph is unchanged
        graph.add((node, AIC.approximate, Literal(True)))


def decimal_literal(number) -> Literal:
    """An ``xsd:decimal`` in the form Turtle writes it (``5000000000.0``), so every export parses back equal.

    Examples
    --------
    >>> from decimal import Decimal
    >>> str(decimal_literal(Decimal("5E+9"))), str(decimal_literal(Decimal("12.50")))
    ('5000000000.0', '12.5')
    """
    text = format(number.normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _date(partial) -> Literal:
    return Literal(partial.text, datatype=XSD[partial.datatype])


def deal_label(deal: Deal, data: Dataset) -> str:
    """An English label made from the parties, e.g. "Microsoft invests in Anthropic (2025-11-18)"."""

    def name(thing_id: str) -> str:
        thing = data.things.get(thing_id)
        return thing.label if thing else thing_id

    if deal.type == "Partnership":
        names = [name(p) for p in deal.roles.get("partners", ())]
        text = "Partnership of " + (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names))
    else:
        left, verb, right = _PARTY_VERB[deal.type]
        text = f"{name(deal.roles[left][0])} {verb}" + (f" {name(deal.roles[right][0])}" if right else "")
    return f"{text} ({deal.announced.text})"


def add_shortcuts(graph: Graph) -> Graph:
    """Add the derived shortcut edges (:data:`kg.rdf.terms.SHORTCUTS`), a pure function of the deal nodes.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from kg.rdf.terms import AIC, AID
    >>> g = Graph()
    >>> d = AID["deal/x"]
    >>> _ = g.add((d, RDF.type, AIC.Investment)).add((d, AIC.investor, AID.a)).add((d, AIC.investee, AID.b))
    >>> (AID.a, AIC.investsIn, AID.b) in add_shortcuts(g)
    True
    """
    for deal_class, source_role, target_role, shortcut in SHORTCUTS:
        for deal in graph.subjects(RDF.type, deal_class):
            for source in graph.objects(deal, source_role):
                for target in graph.objects(deal, target_role):
                    if source != target:
                        graph.add((source, shortcut, target))
    return graph


