"""The ontology (ontology/aicompute.ttl) and the SHACL shapes (ontology/shapes.ttl).

Fixtures live in tests/shapes/. Each one is validated together with
tests/shapes/_base.ttl (valid companies, chips, a source, ... that fixtures point
to) and the ontology, the way kg/build.py merges the ontology into every graph:

- ``*-ok.ttl`` must conform;
- every other fixture must not conform, and names the rules it breaks in header
  lines ``# expect: <sh:sourceShape> <sh:sourceConstraintComponent>``. The set of
  (shape, component) pairs in the report must equal the expected set exactly, so
  the test fails if a rule does not fire or if a different rule fires.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pyshacl  # a core dependency (setup.cfg): fail loudly, never skip
import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg.rdf import terms as vocab
from kg.rdf.terms import AIC, AIC_IRI, AID

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "aicompute.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
FIXTURES = ROOT / "tests" / "shapes"
BASE = FIXTURES / "_base.ttl"

AICSH = rdflib.Namespace("https://w3id.org/aicompute/shapes#")
SCHEMA = rdflib.Namespace("https://schema.org/")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
PREFIXES = {"aicsh": str(AICSH), "sh": str(SH)}
EXPECT_LINE = re.compile(r"^#\s*expect:\s*(\S+)\s+(\S+)\s*$")

FIXTURE_FILES = sorted(p for p in FIXTURES.glob("*.ttl") if not p.name.startswith("_"))
OK_FIXTURES = [p for p in FIXTURE_FILES if p.name.endswith("-ok.ttl")]
BAD_FIXTURES = [p for p in FIXTURE_FILES if not p.name.endswith("-ok.ttl")]


# --------------------------------------------------------------------------- helpers


@lru_cache(maxsize=None)
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


@lru_cache(maxsize=None)
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES, format="turtle")


def expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES:
        raise ValueError(f"unknown prefix in expectation {curie!r}")
    return URIRef(PREFIXES[prefix] + local)


def expected_violations(path: Path) -> set[tuple[URIRef, URIRef]]:
    pairs = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        match = EXPECT_LINE.match(line)
        if match:
            pairs.add((expand(match.group(1)), expand(match.group(2))))
    return pairs


def validate(*paths: Path) -> tuple[bool, rdflib.Graph, str]:
    data = rdflib.Graph()
    data += ontology()
    for path in (BASE, *paths):
        data.parse(path, format="turtle")
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes(), inference="none", advanced=False, allow_warnings=False
    )
    return conforms, report, text


def violations(report: rdflib.Graph) -> set[tuple[URIRef, URIRef]]:
    # Only the report's own results: pySHACL also types nested sh:detail results.
    return {
        (report.value(r, SH.sourceShape), report.value(r, SH.sourceConstraintComponent))
        for r in report.objects(None, SH.result)
    }


def aic_terms(graph: rdflib.Graph) -> set[URIRef]:
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(AIC_IRI)
    }


def vocab_names() -> list[str]:
    return [name for name in AIC.__annotations__ if not name.startswith("_")]


# ------------------------------------------------------------------ the fixtures


def test_fixture_folder_has_both_kinds():
    assert len(OK_FIXTURES) >= 15
    assert len(BAD_FIXTURES) >= 40


def test_base_alone_conforms():
    conforms, _, text = validate()
    assert conforms, text


@pytest.mark.parametrize("path", OK_FIXTURES, ids=lambda p: p.name)
def test_ok_fixture_conforms(path: Path):
    assert not expected_violations(path), f"{path.name}: an -ok fixture must not expect violations"
    conforms, _, text = validate(path)
    assert conforms, text


@pytest.mark.parametrize("path", BAD_FIXTURES, ids=lambda p: p.name)
def test_bad_fixture_fails_with_the_expected_rule(path: Path):
    expected = expected_violations(path)
    assert expected, f"{path.name}: a failing fixture must name its rules with '# expect:' lines"
    conforms, report, text = validate(path)
    assert not conforms, f"{path.name} conforms but should not"
    assert violations(report) == expected, text


def test_every_named_shape_is_exercised_by_a_failing_fixture():
    """Each top-level or property shape with an IRI and a constraint fires in some fixture."""
    g = shapes()
    named = {
        s
        for s in set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
        if isinstance(s, URIRef)
    }
    # Helper shapes are used only inside other shapes; their failures are reported there.
    helpers = {AICSH.EnglishText, AICSH.HeadlinedSource, AICSH.ExactValue, AICSH.BoundedValue}
    # Node shapes that only group property shapes report nothing themselves.
    groupers = {
        s for s in named if (s, RDF.type, SH.NodeShape) in g and s != AICSH.ValueRuleShape
    }
    must_fire = named - helpers - groupers
    fired = {shape for path in BAD_FIXTURES for shape, _ in expected_violations(path)}
    assert must_fire <= fired, sorted(str(s) for s in must_fire - fired)
    assert fired <= named, sorted(str(s) for s in fired - named)


def test_every_target_shape_has_an_ok_fixture_that_reaches_it():
    """Every node shape with a target has a focus node in at least one -ok fixture."""
    g = shapes()
    targeted = {
        s
        for s in g.subjects(RDF.type, SH.NodeShape)
        if any((s, p, None) in g for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf))
    }
    assert len(targeted) >= 15
    data = rdflib.Graph()
    data += ontology()
    data.parse(BASE, format="turtle")
    for path in OK_FIXTURES:
        data.parse(path, format="turtle")

    def reached(shape: URIRef) -> bool:
        for cls in g.objects(shape, SH.targetClass):
            subclasses = set(data.transitive_subjects(RDFS.subClassOf, cls))
            if any((None, RDF.type, c) in data for c in subclasses):
                return True
        for prop in g.objects(shape, SH.targetSubjectsOf):
            if (None, prop, None) in data:
                return True
        for prop in g.objects(shape, SH.targetObjectsOf):
            if (None, prop, None) in data:
                return True
        return False

    assert [str(s) for s in targeted if not reached(s)] == []


def test_every_named_shape_has_an_english_message():
    g = shapes()
    named = {
        s
        for s in set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
        if isinstance(s, URIRef)
    }
    assert len(named) > 40
    missing = [
        str(s)
        for s in named
        if not any(isinstance(m, Literal) and m.language == "en" for m in g.objects(s, SH.message))
    ]
    assert missing == []


def test_report_message_comes_from_the_shape():
    path = FIXTURES / "investment-two-investors.ttl"
    _, report, _ = validate(path)
    messages = {str(m) for m in report.objects(None, SH.resultMessage)}
    assert messages == {"An investment must have exactly one aic:investor, an aic:Company."}
    paths = set(report.objects(None, SH.resultPath))
    assert paths == {AIC.investor}


# ------------------------------------------------------- vocabulary both ways


def test_every_aic_term_used_is_in_vocab():
    for graph in (ontology(), shapes()):
        for term in aic_terms(graph):
            name = str(term)[len(AIC_IRI):]
            assert getattr(AIC, name) == term  # raises AttributeError if not in kg/vocab.py


def test_vocab_getattr_really_fails_for_unknown_terms():
    # Guards the test above: a DefinedNamespace without _fail would mint anything.
    with pytest.raises(AttributeError):
        getattr(AIC, "notATerm")


@pytest.mark.parametrize("name", vocab_names())
def test_vocab_term_is_declared_with_label_and_comment(name: str):
    g = ontology()
    term = getattr(AIC, name)
    kinds = set(g.objects(term, RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, f"{name} is not declared"
    assert not (OWL.ObjectProperty in kinds and OWL.DatatypeProperty in kinds)
    labels = [o for o in g.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == "en"]
    assert len(labels) == 1, f"{name} needs exactly one English rdfs:label"
    comments = [o for o in g.objects(term, RDFS.comment) if isinstance(o, Literal) and o.language == "en"]
    assert len(comments) == 1, f"{name} needs exactly one English rdfs:comment"
    assert "\n" not in str(comments[0]), f"{name}: the comment should be one line"


def test_ontology_declares_no_aic_term_outside_vocab():
    declared = {str(t)[len(AIC_IRI):] for t in aic_terms(ontology())}
    assert declared == set(vocab_names())


@pytest.mark.parametrize(
    "name",
    [n for n in vocab_names() if n[0].isupper()]
    + ["investor", "investee", "buyer", "seller", "service", "site", "partner",
       "stakeHolder", "stakeIn", "stakePercent", "amount", "capacity", "hardware",
       "announcedOn", "dealStatus",
       "investsIn", "buysComputeFrom", "usesHardware", "partnersWith", "holdsStakeIn",
       "raiser", "leadInvestor", "roundInvestor", "acquirer", "acquired", "licensor", "licensee",
       "partOfRound", "valuationBasis", "approximate", "acquires", "licensesFrom"],
)
def test_italian_labels(name: str):
    term = getattr(AIC, name)
    assert any(
        isinstance(o, Literal) and o.language == "it" for o in ontology().objects(term, RDFS.label)
    ), f"{name} has no Italian label"


def test_properties_have_domain_and_range_information():
    g = ontology()
    for prop in set(g.subjects(RDF.type, OWL.ObjectProperty)) | set(g.subjects(RDF.type, OWL.DatatypeProperty)):
        has_domain = (prop, RDFS.domain, None) in g or (prop, SCHEMA.domainIncludes, None) in g
        has_range = (prop, RDFS.range, None) in g or (prop, SCHEMA.rangeIncludes, None) in g
        assert has_domain and has_range, prop


def test_derived_edges_say_so():
    g = ontology()
    for name in ("investsIn", "buysComputeFrom", "usesHardware", "partnersWith", "holdsStakeIn", "acquires", "licensesFrom"):
        assert str(g.value(getattr(AIC, name), RDFS.comment)).startswith("Derived:"), name


# ----------------------------------------------------------- ontology contract


def test_ontology_has_no_blank_nodes_and_no_imports():
    g = ontology()
    assert not any(isinstance(t, BNode) for triple in g for t in triple)
    assert not list(g.triples((None, OWL.imports, None)))


def test_ontology_header():
    g = ontology()
    onto = URIRef("https://w3id.org/aicompute/ontology")
    assert (onto, RDF.type, OWL.Ontology) in g
    assert g.value(onto, OWL.versionInfo) == Literal("0.1.0")
    assert g.value(onto, URIRef("http://purl.org/dc/terms/title")) is not None
    assert g.value(onto, RDFS.comment) is not None


def test_alignments():
    g = ontology()
    sub = {
        AIC.Company: SCHEMA.Organization,
        AIC.Person: SCHEMA.Person,
        AIC.Deal: URIRef("http://www.w3.org/ns/prov#Entity"),
        AIC.AIModel: SCHEMA.SoftwareApplication,
        AIC.CloudService: SCHEMA.Service,
        AIC.ComputeSite: SCHEMA.Place,
        AIC.Chip: SCHEMA.Product,
        AIC.SystemPlatform: SCHEMA.Product,
    }
    for cls, parent in sub.items():
        assert (cls, RDFS.subClassOf, parent) in g, cls
    assert (AIC.SourceDocument, RDFS.subClassOf, SCHEMA.CreativeWork) in g
    assert (AIC.SourceDocument, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in g
    assert (AIC.Company, SKOS.closeMatch, URIRef("http://www.w3.org/ns/org#Organization")) in g
    fibo = "https://spec.edmcouncil.org/fibo/ontology/BE/OwnershipAndControl/OwnershipParties/"
    assert (AIC.EquityStake, SKOS.closeMatch, URIRef(fibo + "EntityOwnership")) in g
    assert (AIC.competesWith, RDF.type, OWL.SymmetricProperty) in g
    assert (AIC.partnersWith, RDF.type, OWL.SymmetricProperty) in g
    wdt = "http://www.wikidata.org/prop/direct/"
    assert (AIC.manufacturer, SKOS.closeMatch, URIRef(wdt + "P176")) in g
    assert (AIC.Acquisition, SKOS.broadMatch, SCHEMA.BuyAction) in g
    assert (AIC.partOfRound, RDFS.subPropertyOf, URIRef("http://purl.org/dc/terms/isPartOf")) in g
    for cls in (AIC.FundingRound, AIC.Acquisition, AIC.Licensing):
        assert (cls, RDFS.subClassOf, AIC.Deal) in g


def test_status_scheme_matches_vocab_and_mapping():
    g = ontology()
    ranks = {"rumoured": 1, "reported": 2, "letter-of-intent": 3, "announced": 4,
             "definitive": 5, "closed": 6, "revised": 4}
    assert (AID.status, RDF.type, SKOS.ConceptScheme) in g
    members = set(g.subjects(SKOS.inScheme, AID.status))
    assert members == {vocab.status_iri(n) for n in vocab.STATUSES}
    assert set(ranks) == set(vocab.STATUSES)
    for name in vocab.STATUSES:
        iri = vocab.status_iri(name)
        assert (iri, RDF.type, AIC.DealStatus) in g and (iri, RDF.type, SKOS.Concept) in g
        assert g.value(iri, SKOS.prefLabel) == Literal(name, lang="en")
        assert g.value(iri, SKOS.definition).language == "en"
        assert g.value(iri, AIC.statusRank) == Literal(ranks[name], datatype=XSD_INTEGER)


def test_evidence_scheme_matches_vocab():
    g = ontology()
    assert (AID.evidence, RDF.type, SKOS.ConceptScheme) in g
    members = set(g.subjects(SKOS.inScheme, AID.evidence))
    assert members == {vocab.evidence_iri(n) for n in vocab.EVIDENCE_LEVELS}
    for name in vocab.EVIDENCE_LEVELS:
        iri = vocab.evidence_iri(name)
        assert (iri, RDF.type, AIC.EvidenceLevel) in g and (iri, RDF.type, SKOS.Concept) in g
        assert g.value(iri, SKOS.prefLabel) == Literal(name, lang="en")
        assert g.value(iri, SKOS.definition).language == "en"
