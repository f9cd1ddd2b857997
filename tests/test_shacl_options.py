"""kg's SHACL run (kg.checks.shacl) leaves out pySHACL's Advanced Features, which the shapes do not use.

Without them pySHACL checks the graph where it is instead of copying it; the
report must be the one the Advanced Features mode gives, result for result,
on every fixture of tests/shapes/ (each broken on purpose, or conforming).
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import SH

from kg.checks.shacl import load_shapes, validate_graph

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "tests" / "shapes").glob("*.ttl") if not p.name.startswith("_"))
#: SHACL Advanced Features and SHACL-SPARQL: what advanced=False would ignore or treat otherwise
ADVANCED = {rdflib.URIRef(str(SH) + name) for name in (
    "rule", "TripleRule", "SPARQLRule", "expression", "target", "SPARQLTarget", "SPARQLTargetType", "values", "condition",
    "sparql", "SPARQLConstraint", "filterShape", "nodes", "intersection", "union", "this")}


def _results(report: rdflib.Graph) -> set[tuple]:
    fields = (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity, SH.sourceShape, SH.sourceConstraintComponent,
              SH.resultMessage)
    # A path that is not one property (a sequence) is copied into the report as blank nodes, named anew each run.
    return {tuple("(a blank node)" if isinstance(value, rdflib.BNode) else value
                  for value in (report.value(result, field) for field in fields))
            for result in report.objects(None, SH.result)}


def test_the_shapes_use_no_advanced_feature():
    used = {term for triple in load_shapes() for term in triple}
    assert not used & ADVANCED


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_the_report_is_that_of_the_advanced_mode(fixture):
    data = rdflib.Graph().parse(ROOT / "ontology" / "aicompute.ttl")
    data.parse(ROOT / "tests" / "shapes" / "_base.ttl")
    data.parse(fixture)
    ours = validate_graph(data, shapes=load_shapes())
    conforms, report, _ = pyshacl.validate(data, shacl_graph=load_shapes(), inference="none", advanced=True,
                                           allow_warnings=True)
    assert (ours.conforms, _results(ours.report)) == (bool(conforms), _results(report))
    assert ours.conforms == fixture.name.endswith("-ok.ttl")
