"""SHACL validation with pySHACL, following its contract: conforms, report graph, text.

Each result is also turned into a :class:`~kg.problems.Problem` that names the
file and line the offending node was written at.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from .. import paths
from ..problems import Problem
from ..data.records import Where


@dataclass
class Validation:
    """The outcome of a SHACL run."""

    conforms: bool
    report: Graph
    text: str
    problems: list[Problem]


def load_shapes() -> Graph:
    """The shipped SHACL shapes."""
    return Graph().parse(paths.shapes_file(), format="turtle")


def validate_graph(graph: Graph, origins: dict[URIRef, Where] | None = None, shapes: Graph | None = None) -> Validation:
    """Check ``graph`` against the shapes; map each result to its file and line.

    ``graph`` must already hold the ontology (the shapes rely on its
    ``rdfs:subClassOf`` links to find every kind of deal).
    """
    import pyshacl

    # No SHACL Advanced Features (rules, node expressions, SPARQL targets) in the shapes: without them pySHACL
    # checks the graph where it is instead of copying it first (tests/test_shapes.py checks the same way).
    conforms, report, text = pyshacl.validate(
        graph, shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none", advanced=False, allow_warnings=True,
    )
    origins = origins or {}
    problems = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        where = origins.get(focus, Where("<graph>", 0))
        message = str(report.value(result, SH.resultMessage) or "does not conform")
        path = report.value(result, SH.resultPath)
        what = graph.qname(focus) if isinstance(focus, URIRef) else str(focus)
        if isinstance(path, URIRef):
            message = f"{graph.qname(path)}: {message}"
        problems.append(Problem(where.file, where.line, f"{what}: {message}"))
    return Validation(bool(conforms), report, text, sorted(set(problems)))
