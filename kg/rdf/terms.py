"""Our terms (``aic:``), our things (``aid:``) and the prefixes users get.

``AIC`` is a :class:`rdflib.namespace.DefinedNamespace` with ``_fail = True``:
a misspelt term raises ``AttributeError`` at once instead of minting a new IRI.
Every term listed here is declared in ``ontology/aicompute.ttl`` (a test checks
both directions).
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

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
