"""The vocabulary, listed once: our terms (``aic:``), our things (``aid:``), the prefixes users get,
the name of the graph we build, the kinds of deal and the shortcut edges derived from them.

``AIC`` is a :class:`rdflib.namespace.DefinedNamespace` with ``_fail = True``:
a misspelt term raises ``AttributeError`` at once instead of minting a new IRI.
Every term listed here is declared in ``ontology/aicompute.ttl`` (a test checks
both directions).
"""

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, DefinedNamespace

AIC_IRI = "https://w3id.org/aicompute/ontology#"
AID_IRI = "https://w3id.org/aicompute/id/"


class AIC(DefinedNamespace):
    """The aicompute ontology: classes and properties of the core vocabulary."""

    _NS = Namespace(AIC_IRI)
    _fail = True

    # Things
    Company: URIRef
    Person: URIRef
    Chip: URIRef
    SystemPlatform: URIRef
    CloudService: URIRef
    ComputeSite: URIRef
    AIModel: URIRef
    SourceDocument: URIRef

    # Deals (n-ary relations)
    Deal: URIRef
    Investment: URIRef
    ComputeCommitment: URIRef
    ChipSupplyAgreement: URIRef
    Partnership: URIRef
    EquityStake: URIRef
    Warrant: URIRef
    FundingRound: URIRef
    Acquisition: URIRef
    Licensing: URIRef

    # Controlled values
    DealStatus: URIRef
    EvidenceLevel: URIRef

    # Deal roles
    investor: URIRef
    investee: URIRef
    buyer: URIRef
    seller: URIRef
    service: URIRef
    site: URIRef
    partner: URIRef
    stakeHolder: URIRef
    stakeIn: URIRef
    stakePercent: URIRef
    issuer: URIRef
    warrantHolder: URIRef
    raiser: URIRef
    leadInvestor: URIRef
    roundInvestor: URIRef
    acquirer: URIRef
    acquired: URIRef
    licensor: URIRef
    licensee: URIRef

    # Deal facts
    amount: URIRef
    valuation: URIRef
    capacity: URIRef
    chipCount: URIRef
    shareCount: URIRef
    hardware: URIRef
    forModel: URIRef
    announcedOn: URIRef
    onlineBy: URIRef
    dealStatus: URIRef
    evidenceLevel: URIRef
    statusRank: URIRef
    supersedes: URIRef
    originalOutlet: URIRef
    partOfRound: URIRef
    valuationBasis: URIRef
    approximate: URIRef

    # Plain relations
    manufacturer: URIRef
    successorOf: URIRef
    generation: URIRef
    operatedBy: URIRef
    develops: URIRef
    ceo: URIRef
    founder: URIRef
    formerEmployer: URIRef
    competesWith: URIRef
    foundedByFormerStaffOf: URIRef
    foundedIn: URIRef
    foundedAs: URIRef
    launchedIn: URIRef

    # Derived shortcut edges (written by the build, never by hand)
    investsIn: URIRef
    buysComputeFrom: URIRef
    usesHardware: URIRef
    partnersWith: URIRef
    holdsStakeIn: URIRef
    acquires: URIRef
    licensesFrom: URIRef


AID = Namespace(AID_IRI)
SCHEMA = Namespace("https://schema.org/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
WD = Namespace("http://www.wikidata.org/entity/")

#: The prefixes declared for users in exports and queries, in this order.
PREFIXES = {
    "aic": AIC_IRI,
    "aid": AID_IRI,
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
    "wd": "http://www.wikidata.org/entity/",
}

#: Deal statuses from least to most settled; ``revised`` stands apart (see ontology).
STATUSES = ("rumoured", "reported", "letter-of-intent", "announced", "definitive", "closed", "revised")
#: Evidence levels: announced by the companies, reported citing unnamed people, weak.
EVIDENCE_LEVELS = ("announced", "reported", "weak")


def status_iri(name: str) -> URIRef:
    """IRI of a deal status concept, e.g. ``aid:status/announced``."""
    return AID[f"status/{name}"]


def evidence_iri(name: str) -> URIRef:
    """IRI of an evidence level concept, e.g. ``aid:evidence/reported``."""
    return AID[f"evidence/{name}"]


def thing_iri(thing_id: str) -> URIRef:
    """IRI of a thing: ``aid:anthropic``."""
    return AID[thing_id]


def deal_iri(deal_id: str) -> URIRef:
    """IRI of a deal node: ``aid:deal/<id>``."""
    return AID[f"deal/{deal_id}"]


def source_iri(source_id: str) -> URIRef:
    """IRI of a source document: ``aid:source/<id>``."""
    return AID[f"source/{source_id}"]


#: The name of the graph we build (TriG and SPARQL stores need an IRI, not a blank node).
GRAPH_IRI = URIRef(AID_IRI + "graph")

#: The kinds of deal, as data/ names them; each is the class ``aic:<kind>``, below ``aic:Deal``.
DEAL_TYPES = (
    "Investment", "ComputeCommitment", "ChipSupplyAgreement", "Partnership", "EquityStake", "Warrant",
    "FundingRound", "Acquisition", "Licensing",
)
DEAL_CLASSES = tuple(AIC[name] for name in DEAL_TYPES)

#: Shortcut edges: (deal class, from role, to role, shortcut term).
SHORTCUTS = (
    (AIC.Investment, AIC.investor, AIC.investee, AIC.investsIn),
    (AIC.ComputeCommitment, AIC.buyer, AIC.seller, AIC.buysComputeFrom),
    (AIC.ComputeCommitment, AIC.buyer, AIC.hardware, AIC.usesHardware),
    (AIC.ChipSupplyAgreement, AIC.buyer, AIC.hardware, AIC.usesHardware),
    (AIC.EquityStake, AIC.stakeHolder, AIC.stakeIn, AIC.holdsStakeIn),
    (AIC.Partnership, AIC.partner, AIC.partner, AIC.partnersWith),
    # Each named investor of a round puts money into the raiser, whether or not its share is known.
    (AIC.FundingRound, AIC.leadInvestor, AIC.raiser, AIC.investsIn),
    (AIC.FundingRound, AIC.roundInvestor, AIC.raiser, AIC.investsIn),
    (AIC.Acquisition, AIC.acquirer, AIC.acquired, AIC.acquires),
    (AIC.Licensing, AIC.licensee, AIC.licensor, AIC.licensesFrom),
)
#: The shortcut predicates, each once: derived edges, never data.
SHORTCUT_PREDICATES = tuple(dict.fromkeys(shortcut for *_, shortcut in SHORTCUTS))


def deal_classes(graph: Graph) -> set[URIRef]:
    """``aic:Deal``, our deal classes, and any class below ``aic:Deal`` that ``graph`` declares."""
    declared = set(graph.transitive_subjects(RDFS.subClassOf, AIC.Deal))
    return declared | {AIC.Deal} | set(DEAL_CLASSES)


def deals(graph: Graph) -> set[URIRef]:
    """Every deal node in ``graph``."""
    return {s for cls in deal_classes(graph) for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}
