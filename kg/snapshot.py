"""The graph as it was known on a date, or without the less settled deals.

A snapshot is a new graph; the input is never changed. Deals are dropped with
the nodes that hang off them (amounts, capacities) and the derived shortcut
edges are computed again from the deals that remain.
"""

from __future__ import annotations

import calendar
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD  # noqa: F401 - RDF for the doctest

from .rdf.builder import add_shortcuts
from .rdf.terms import AIC, EVIDENCE_LEVELS, SHORTCUT_PREDICATES, STATUSES, deals

_HANGING = (AIC.amount, AIC.valuation, AIC.capacity, AIC.chipCount, AIC.shareCount)


def latest_day(value: Literal) -> date:
    """The last day an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` literal can mean.

    Examples
    --------
    >>> from rdflib import Literal
    >>> from rdflib.namespace import XSD
    >>> latest_day(Literal("2024-02", datatype=XSD.gYearMonth))
    datetime.date(2024, 2, 29)
    >>> latest_day(Literal("2019", datatype=XSD.gYear))
    datetime.date(2019, 12, 31)
    """
    text = str(value)
    year = int(text[:4])
    if value.datatype == XSD.gYear:
        return date(year, 12, 31)
    month = int(text[5:7])
    if value.datatype == XSD.gYearMonth:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date.fromisoformat(text[:10])


def snapshot(graph: Graph, as_of: date | None = None, min_status: str | None = None,
             min_evidence: str | None = None) -> Graph:
    """A copy of ``graph`` keeping only deals announced by ``as_of``, at least ``min_status`` and ``min_evidence``.

    A deal dated only by month or year counts as announced by ``as_of`` only if
    the whole month or year is (it was certainly known then). Status order is
    :data:`kg.rdf.terms.STATUSES`; ``revised`` ranks with ``announced``.
    Evidence order is weak < reported < announced; a deal stating no evidence
    level counts as weak.

    Examples
    --------
    >>> from datetime import date
    >>> from kg.rdf.terms import AID
    >>> g = Graph()
    >>> d = AID["deal/x"]
    >>> _ = g.add((d, RDF.type, AIC.Investment)).add((d, AIC.investor, AID.a)).add((d, AIC.investee, AID.b))
    >>> _ = g.add((d, AIC.announcedOn, Literal("2025-11-18", datatype=XSD.date)))
    >>> _ = add_shortcuts(g)
    >>> (AID.a, AIC.investsIn, AID.b) in snapshot(g, as_of=date(2025, 11, 1))
    False
    >>> (AID.a, AIC.investsIn, AID.b) in snapshot(g, as_of=date(2025, 11, 18))
    True
    """
    if min_status is not None and min_status not in STATUSES:
        raise ValueError(f"unknown status '{min_status}'")
    if min_evidence is not None and min_evidence not in EVIDENCE_LEVELS:
        raise ValueError(f"unknown evidence level '{min_evidence}'")
    drop = set()
    for deal in deals(graph):
        announced = graph.value(deal, AIC.announcedOn)
        if as_of is not None and (announced is None or latest_day(announced) > as_of):
            drop.add(deal)
        elif min_status is not None and status_rank(graph.value(deal, AIC.dealStatus)) < status_rank(min_status):
            drop.add(deal)
        elif min_evidence is not None and evidence_rank(graph.value(deal, AIC.evidenceLevel)) < evidence_rank(min_evidence):
            drop.add(deal)
    result = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        result.bind(prefix, namespace)
    hanging = {o for d in drop for p in _HANGING for o in graph.objects(d, p)}
    for triple in graph:
        subject, predicate, obj = triple
        if subject in drop or subject in hanging or obj in drop or predicate in SHORTCUT_PREDICATES:
            continue
        result.add(triple)
    return add_shortcuts(result)


def status_rank(status: URIRef | str | None) -> int:
    """The rank of a status (name or ``aid:status/...`` IRI): higher is more settled; unknown is 0.

    Examples
    --------
    >>> status_rank("letter-of-intent") < status_rank("announced") == status_rank("revised")
    True
    """
    if status is None:
        return 0
    name = str(status).rsplit("/", 1)[-1]
    if name == "revised":
        name = "announced"
    return STATUSES.index(name) + 1 if name in STATUSES else 0


def evidence_rank(level: URIRef | str | None) -> int:
    """The rank of an evidence level (name or ``aid:evidence/...`` IRI): weak 1, reported 2, announced 3; none counts as weak.

    Examples
    --------
    >>> evidence_rank("weak") == evidence_rank(None) < evidence_rank("reported") < evidence_rank("announced")
    True
    """
    name = "weak" if level is None else str(level).rsplit("/", 1)[-1]
    return len(EVIDENCE_LEVELS) - EVIDENCE_LEVELS.index(name) if name in EVIDENCE_LEVELS else 1
