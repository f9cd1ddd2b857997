"""The networkx projection of the RDF graph: things become nodes, deals become edges.

:func:`project` reads an rdflib graph (it never changes it) and returns a
:class:`networkx.MultiDiGraph`:

Nodes
    One per thing (company, person, chip, system platform, cloud service,
    compute site, AI model), keyed by its id (``anthropic`` for
    ``aid:anthropic``; the full IRI for things outside ``aid:``), with
    ``iri``, ``cls`` (``"Company"``; ``None`` for an untyped party) and
    ``label`` (English where there is one).

Edges from deals
    A deal becomes one edge per pair of parties, keyed by the deal id
    (``microsoft-anthropic-investment-2025`` for
    ``aid:deal/microsoft-anthropic-investment-2025``). Which roles make an
    edge, and in which direction, is the table :data:`ROLE_PAIRS`: investor to
    investee, buyer to seller, stake holder to company, and each pair of
    partners once (from the smaller id to the larger, ``symmetric=True``).
    A new deal class (a joint venture, say) whose roles are in that table is
    projected with no code change; its ``kind`` is its ``rdfs:label``.
    A warrant runs from issuer to holder and counts as money (value passes).
    A funding round makes one edge from each lead and other investor to the
    raiser; an acquisition runs from acquirer to acquired with
    ``received=False`` (the price goes to the former owners, so the head
    receives nothing and :func:`money_view` leaves it out); a licence runs
    from licensee to licensor. :mod:`kg.analysis.counting` says what each
    deal adds to money sums (a round only what its parts do not cover).
    Each edge carries the facts of its deal (see :func:`deal_records`):
    ``kind`` (``investment``, ``compute``, ``hardware supply``,
    ``partnership``, ``stake``, ``warrant``), ``money`` (True when money or
    value flows from tail to head: investor to investee, buyer to seller,
    warrant issuer to holder), ``amount``,
    ``valuation``, ``capacity``, ``chip_count`` (:class:`kg.quantities.Quantity` or
    ``None``), ``percent``, ``date``, ``part_of`` (the round of an
    investment), ``received`` (False when the head is not paid), ``online_by``, ``status``,
    ``evidence``, ``sources``, ``hardware``, ``service``, ``site``,
    ``models``, ``supersedes``, ``superseded_by`` and ``stage``, plus ``roles``
    (the pair of role names the edge joins).

Edges from plain relations
    ``kind="relation"``, keyed by the relation's name (``manufacturer``,
    ``operatedBy``, ``develops``, ...), for every ``aic:`` property between two
    things except the derived shortcut edges (they repeat the deals).

Superseded deals
    A deal that another deal in the same graph supersedes (``aic:supersedes``)
    stays in the projection with ``superseded_by`` set, so nothing is hidden;
    the views (:func:`money_view`, :func:`deal_view`) and every sum in
    :mod:`kg.analysis` leave it out, so a revised deal is never counted twice.

The graph attribute ``deals`` maps each deal id to its record and
``sources`` maps each source id to its headline, publisher, date and URL, so
every figure can be traced back to deals and sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from .quantities import Quantity, read_quantity
from .rdf.terms import AIC, AIC_IRI, AID, AID_IRI, QUDT, SCHEMA, SHORTCUT_PREDICATES, UNIT  # noqa: F401 - AID for the doctests
from .rdf.terms import deals as deal_nodes
from .stages import deal_stage
from .network_terms import DEAL_KINDS, ROLE_PAIRS, THING_CLASSES, RolePair, english_text, label, local_name, node_id, text_id  # noqa: F401 - re-exported


def deal_kind(graph: Graph, deal: URIRef) -> tuple[str, str]:
    """The deal's class name and edge kind, from :data:`DEAL_KINDS` or the class label."""
    classes = sorted(set(graph.objects(deal, RDF.type)) - {AIC.Deal})
    known = [c for c in classes if c in DEAL_KINDS]
    if known:
        return local_name(known[0]), DEAL_KINDS[known[0]]
    if classes:
        cls = classes[0]
        name = graph.value(cls, RDFS.label)
        return local_name(cls), str(name) if name is not None else local_name(cls)
    return "Deal", "deal"


def _ids(graph: Graph, subject: URIRef, predicate: URIRef) -> tuple[str, ...]:
    return tuple(sorted(node_id(o) for o in graph.objects(subject, predicate)))


def _text(literal) -> str | None:
    return None if literal is None else str(literal)


def deal_records(graph: Graph) -> dict[str, dict]:
    """Every deal in ``graph`` as a plain record, keyed by deal id.

    A deal is a node of class ``aic:Deal`` or below, or any node that holds a
    role of :data:`ROLE_PAIRS`. The record holds ``id``, ``iri``, ``cls``,
    ``kind``, ``label``, ``date`` (the lexical ``aic:announcedOn``:
    ``2025-11-18``, ``2025-11`` or ``2025``), ``status`` and ``evidence``
    (names), ``amount``, ``valuation``, ``capacity``, ``chip_count``
    (:class:`kg.quantities.Quantity` or ``None``), ``percent``, ``online_by``, ``sources``,
    ``hardware``, ``service``, ``site``, ``models``, ``supersedes``,
    ``superseded_by`` (tuples of ids, sorted), ``parties`` (role name to
    the ids holding it) and ``stage`` (:func:`kg.stages.deal_stage`: paid,
    committed, conditional or intended).
    """
    role_terms = {r for pair in ROLE_PAIRS for r in (pair.source, pair.target)}
    nodes = set(deal_nodes(graph))
    nodes |= {s for term in role_terms for s in graph.subjects(term, None) if isinstance(s, URIRef)}
    superseders: dict[URIRef, set[str]] = {}
    for deal in nodes:
        for old in graph.objects(deal, AIC.supersedes):
            superseders.setdefault(old, set()).add(node_id(deal))
    records = {}
    for deal in sorted(nodes):
        cls, kind = deal_kind(graph, deal)
        status = graph.value(deal, AIC.dealStatus)
        evidence = graph.value(deal, AIC.evidenceLevel)
        percent = graph.value(deal, AIC.stakePercent)
        records[node_id(deal)] = {
            "id": node_id(deal),
            "iri": str(deal),
            "cls": cls,
            "kind": kind,
            "label": label(graph, deal),
            "date": _text(graph.value(deal, AIC.announcedOn)),
            "status": None if status is None else node_id(status).rsplit("/", 1)[-1],
            "evidence": None if evidence is None else node_id(evidence).rsplit("/", 1)[-1],
            "amount": read_quantity(graph, graph.value(deal, AIC.amount)),
            "valuation": read_quantity(graph, graph.value(deal, AIC.valuation)),
            "capacity": read_quantity(graph, graph.value(deal, AIC.capacity)),
            "chip_count": read_quantity(graph, graph.value(deal, AIC.chipCount)),
            "percent": None if percent is None else Decimal(str(percent)),
            "online_by": _text(graph.value(deal, AIC.onlineBy)),
            "sources": _ids(graph, deal, PROV.wasDerivedFrom),
            "hardware": _ids(graph, deal, AIC.hardware),
            "service": _ids(graph, deal, AIC.service),
            "site": _ids(graph, deal, AIC.site),
            "models": _ids(graph, deal, AIC.forModel),
            "supersedes": _ids(graph, deal, AIC.supersedes),
            "part_of": _ids(graph, deal, AIC.partOfRound),
            "superseded_by": tuple(sorted(superseders.get(deal, ()))),
            "parties": {local_name(r): _ids(graph, deal, r) for r in sorted(role_terms) if (deal, r, None) in graph},
        }
    for record in records.values():
        record["stage"] = deal_stage(record)
    return records


def source_records(graph: Graph) -> dict[str, dict]:
    """Every source document: ``headline``, ``publisher``, ``published``, ``url``, keyed by source id."""
    records = {}
    for source in sorted(s for s in graph.subjects(RDF.type, AIC.SourceDocument) if isinstance(s, URIRef)):
        records[node_id(source)] = {
            "id": node_id(source),
            "headline": _text(graph.value(source, SCHEMA.headline)) or label(graph, source),
            "publisher": _text(graph.value(source, SCHEMA.publisher)),
            "published": _text(graph.value(source, SCHEMA.datePublished)),
            "url": _text(graph.value(source, SCHEMA.url)),
        }
    return records


def project(graph: Graph) -> nx.MultiDiGraph:
    """The projection of ``graph``: things as nodes, deals and plain relations as edges.

    The module docstring lists every node and edge attribute. ``graph`` is
    only read. Nodes and edges are added in sorted order, so the same graph
    gives the same projection whatever the hash seed. On the Oxigraph store
    the facts are read by simple SPARQL queries (one per fact) answered by
    Oxigraph's engine as TSV (:mod:`kg.network_queries`); on any other store by walking rdflib's API
    (:func:`project_by_walking`), which is the faster way on rdflib's memory
    store. Both give the same projection.

    Examples
    --------
    >>> from kg.synthetic import example_graph
    >>> g = project(example_graph())
    >>> sorted(g.nodes)
    ['alpha-ai', 'bigcloud', 'chip-x', 'chipco']
    >>> for u, v, key, kind in sorted(g.edges(keys=True, data="kind")):
    ...     print(u, "->", v, key, kind)
    alpha-ai -> bigcloud alpha-compute compute
    bigcloud -> alpha-ai bigcloud-invests investment
    bigcloud -> chipco bigcloud-chips hardware supply
    chip-x -> chipco manufacturer relation
    >>> g.edges["bigcloud", "alpha-ai", "bigcloud-invests"]["amount"]
    Quantity(value=None, minimum=None, maximum=Decimal('2000000000.0'), unit='USD', approximate=False)
    """
    from .rdf.store import oxigraph_of

    from .bulk import collector_paused

    # Building the projection allocates millions of small objects and frees none: the cyclic
    # collector would only rescan the growing graph again and again.
    with collector_paused():
        if oxigraph_of(graph) is not None:
            from .network_queries import project_by_queries

            return project_by_queries(graph)
        return project_by_walking(graph)


def project_by_walking(graph: Graph) -> nx.MultiDiGraph:
    """:func:`project` by walking rdflib's API, one call per fact (the quicker way on rdflib's memory store)."""
    projection = nx.MultiDiGraph()
    deals = deal_records(graph)
    projection.graph["deals"] = deals
    projection.graph["sources"] = source_records(graph)
    things = sorted({s for cls in THING_CLASSES for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)})
    for thing in things:
        cls = next(local_name(c) for c in THING_CLASSES if (thing, RDF.type, c) in graph)
        projection.add_node(node_id(thing), iri=str(thing), cls=cls, label=label(graph, thing))
    for deal_id, record in deals.items():
        iri = URIRef(record["iri"])
        facts = {k: v for k, v in record.items() if k not in ("id", "iri", "cls", "parties")}
        for pair in ROLE_PAIRS:
            tails = sorted(o for o in graph.objects(iri, pair.source) if isinstance(o, URIRef))
            heads = sorted(o for o in graph.objects(iri, pair.target) if isinstance(o, URIRef))
            for tail in tails:
                for head in heads:
                    if tail == head or (pair.symmetric and node_id(tail) > node_id(head)):
                        continue
                    for party in (tail, head):
                        if node_id(party) not in projection:
                            projection.add_node(node_id(party), iri=str(party), cls=None, label=label(graph, party))
                    projection.add_edge(
                        node_id(tail), node_id(head), key=deal_id,
                        deal=deal_id, deal_class=record["cls"], money=pair.money, symmetric=pair.symmetric,
                        received=pair.received,
                        roles=(local_name(pair.source), local_name(pair.target)), **facts,
                    )
    thing_set = set(things)
    relations = sorted(
        (s, p, o) for s, p, o in graph
        if s in thing_set and o in thing_set and str(p).startswith(AIC_IRI) and p not in SHORTCUT_PREDICATES
    )
    for subject, predicate, obj in relations:
        projection.add_edge(node_id(subject), node_id(obj), key=local_name(predicate), kind="relation", relation=local_name(predicate), money=False)
    return projection


def counted(data: dict) -> bool:
    """Whether an edge or deal record counts in sums: a deal no other deal in the graph supersedes."""
    return not data.get("superseded_by")


def money_view(projection: nx.MultiDiGraph) -> nx.DiGraph:
    """Who pays whom: one edge per payer and payee, from the counted money edges.

    Money edges run investor to investee and buyer to seller (:data:`ROLE_PAIRS`);
    superseded deals and acquisitions (the acquired company is not paid) are left out. Each edge has ``deals`` (the deal ids,
    sorted) and ``weight`` (their number). Nodes keep their attributes. Within
    :func:`kg.bulk.shared_results` (a run of analyses) the same view is handed out each time.

    Examples
    --------
    >>> from kg.synthetic import example_graph
    >>> view = money_view(project(example_graph()))
    >>> sorted(view.edges(data="deals"))
    [('alpha-ai', 'bigcloud', ('alpha-compute',)), ('bigcloud', 'alpha-ai', ('bigcloud-invests',)), ('bigcloud', 'chipco', ('bigcloud-chips',))]
    """
    from .bulk import computed_once

    return computed_once("money view", projection, lambda: _collapse(
        projection, nx.DiGraph(), lambda data: data.get("money", False) and data.get("received", True)))


def deal_view(projection: nx.MultiDiGraph) -> nx.Graph:
    """Who deals with whom, undirected: one edge per pair of parties to a counted deal.

    Plain relations (a chip's manufacturer, say) are not in it. Each edge
    has ``deals`` and ``weight`` as in :func:`money_view`.

    Examples
    --------
    >>> from kg.synthetic import example_graph
    >>> sorted(deal_view(project(example_graph())).edges(data="weight"))
    [('alpha-ai', 'bigcloud', 2), ('bigcloud', 'chipco', 1)]
    """
    from .bulk import computed_once

    return computed_once("deal view", projection, lambda: _collapse(projection, nx.Graph(), lambda data: data.get("deal") is not None))


def _collapse(projection: nx.MultiDiGraph, view: nx.Graph, keep) -> nx.Graph:
    view.graph.update(projection.graph)
    edges = sorted((u, v, key) for u, v, key, data in projection.edges(keys=True, data=True) if keep(data) and counted(data))
    directed = view.is_directed()
    # Nodes and pairs in the order the sorted edges first name them, so the view is the same whatever the hash seed.
    pairs: dict[tuple[str, str], set[str]] = {}
    for u, v, key in edges:
        for node in (u, v):
            if node not in view:
                view.add_node(node, **projection.nodes[node])
        pair = (u, v) if directed or (v, u) not in pairs else (v, u)
        pairs.setdefault(pair, set()).add(key)
    view.add_edges_from((u, v, {"deals": tuple(sorted(keys)), "weight": len(keys)}) for (u, v), keys in pairs.items())
    return view


