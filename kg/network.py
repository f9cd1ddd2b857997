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
    ``models``, ``supersedes`` and ``superseded_by``, plus ``roles``
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

import gc
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from .quantities import Quantity, read_quantity
from .rdf.terms import AIC, AIC_IRI, AID, AID_IRI, QUDT, SCHEMA, SHORTCUT_PREDICATES, UNIT  # noqa: F401 - AID for the doctests
from .rdf.terms import deals as deal_nodes

#: The classes whose members are nodes.
THING_CLASSES = (
    AIC.Company, AIC.Person, AIC.Chip, AIC.SystemPlatform, AIC.CloudService, AIC.ComputeSite, AIC.AIModel,
)


@dataclass(frozen=True)
class RolePair:
    """Two deal roles joined by an edge, from ``source`` to ``target``.

    ``money`` says money flows along the edge (payer to payee);
    ``symmetric`` pairs a role with itself (partners), one edge per pair.
    """

    source: URIRef
    target: URIRef
    money: bool
    symmetric: bool = False
    #: the target receives the money (not so for an acquisition: the former owners do)
    received: bool = True


#: Which deal roles make edges. Any deal, whatever its class, is projected by these.
ROLE_PAIRS = (
    RolePair(AIC.investor, AIC.investee, money=True),
    RolePair(AIC.buyer, AIC.seller, money=True),
    RolePair(AIC.stakeHolder, AIC.stakeIn, money=False),
    # A warrant passes value (the right to buy shares) from the issuer to the holder.
    RolePair(AIC.issuer, AIC.warrantHolder, money=True),
    RolePair(AIC.partner, AIC.partner, money=False, symmetric=True),
    RolePair(AIC.leadInvestor, AIC.raiser, money=True),
    RolePair(AIC.roundInvestor, AIC.raiser, money=True),
    RolePair(AIC.acquirer, AIC.acquired, money=True, received=False),
    RolePair(AIC.licensee, AIC.licensor, money=True),
)

#: The kind of edge each known deal class makes; other classes use their label.
DEAL_KINDS = {
    AIC.Investment: "investment",
    AIC.ComputeCommitment: "compute",
    AIC.ChipSupplyAgreement: "hardware supply",
    AIC.Partnership: "partnership",
    AIC.EquityStake: "stake",
    AIC.Warrant: "warrant",
    AIC.FundingRound: "funding round",
    AIC.Acquisition: "acquisition",
    AIC.Licensing: "licensing",
}


def node_id(iri: URIRef) -> str:
    """The id of a node, deal or source: the IRI less ``aid:`` (and ``deal/``, ``source/``).

    Examples
    --------
    >>> node_id(AID["deal/x-2025"]), node_id(AID.anthropic), node_id(URIRef("http://example.org/a"))
    ('x-2025', 'anthropic', 'http://example.org/a')
    """
    return _id(str(iri))


@lru_cache(maxsize=1 << 16)
def _id(text: str) -> str:
    if not text.startswith(AID_IRI):
        return text
    local = text[len(AID_IRI):]
    for prefix in ("deal/", "source/"):
        if local.startswith(prefix):
            return local[len(prefix):]
    return local


def _local(iri: URIRef) -> str:
    text = str(iri)
    return text[len(AIC_IRI):] if text.startswith(AIC_IRI) else text.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def label(graph: Graph, node: URIRef) -> str:
    """The name of ``node`` everywhere it is shown: its English ``rdfs:label``, else an untagged one, else any.

    Without a label: its id (:func:`node_id`) for our things, the last part of the IRI for others.

    Examples
    --------
    >>> from rdflib import Literal
    >>> g = Graph()
    >>> _ = g.add((AID.a, RDFS.label, Literal("A", lang="it"))).add((AID.a, RDFS.label, Literal("Alpha")))
    >>> label(g, AID.a), label(g, AID["deal/x-2025"]), label(g, URIRef("http://example.org/ns#thing"))
    ('Alpha', 'x-2025', 'thing')
    """
    text = english_text(graph, node, RDFS.label)
    if text is not None:
        return text
    if str(node).startswith(AID_IRI):
        return node_id(node)
    return str(node).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def english_text(graph: Graph, node: URIRef, prop: URIRef) -> str | None:
    """The English value of ``prop`` on ``node`` (a label, a comment), else an untagged one, else any; None if none."""
    texts = sorted(graph.objects(node, prop), key=lambda lit: (_language_rank(lit), str(lit)))
    return str(texts[0]) if texts else None


def _language_rank(literal) -> int:
    language = getattr(literal, "language", None)
    return 0 if language == "en" else 1 if not language else 2


def deal_kind(graph: Graph, deal: URIRef) -> tuple[str, str]:
    """The deal's class name and edge kind, from :data:`DEAL_KINDS` or the class label."""
    classes = sorted(set(graph.objects(deal, RDF.type)) - {AIC.Deal})
    known = [c for c in classes if c in DEAL_KINDS]
    if known:
        return _local(known[0]), DEAL_KINDS[known[0]]
    if classes:
        cls = classes[0]
        name = graph.value(cls, RDFS.label)
        return _local(cls), str(name) if name is not None else _local(cls)
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
    ``superseded_by`` (tuples of ids, sorted) and ``parties`` (role name to
    the ids holding it).
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
            "parties": {_local(r): _ids(graph, deal, r) for r in sorted(role_terms) if (deal, r, None) in graph},
        }
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
    the facts are read by a few SPARQL queries run by Oxigraph's engine
    (:mod:`kg.network_queries`); on any other store by walking rdflib's API
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

    # Building the projection allocates millions of small objects and frees none: the cyclic
    # collector would only rescan the growing graph again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if oxigraph_of(graph) is not None:
            from .network_queries import oxigraph_rows

            return project_by_queries(graph, oxigraph_rows)
        return project_by_walking(graph)
    finally:
        if collecting:
            gc.enable()


def project_by_walking(graph: Graph) -> nx.MultiDiGraph:
    """:func:`project` by walking rdflib's API, one call per fact (the quicker way on rdflib's memory store)."""
    projection = nx.MultiDiGraph()
    deals = deal_records(graph)
    projection.graph["deals"] = deals
    projection.graph["sources"] = source_records(graph)
    things = sorted({s for cls in THING_CLASSES for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)})
    for thing in things:
        cls = next(_local(c) for c in THING_CLASSES if (thing, RDF.type, c) in graph)
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
                        roles=(_local(pair.source), _local(pair.target)), **facts,
                    )
    thing_set = set(things)
    relations = sorted(
        (s, p, o) for s, p, o in graph
        if s in thing_set and o in thing_set and str(p).startswith(AIC_IRI) and p not in SHORTCUT_PREDICATES
    )
    for subject, predicate, obj in relations:
        projection.add_edge(node_id(subject), node_id(obj), key=_local(predicate), kind="relation", relation=_local(predicate), money=False)
    return projection


def project_by_queries(graph: Graph, run) -> nx.MultiDiGraph:
    """:func:`project` from the answers of :mod:`kg.network_queries`; ``run(graph, text)`` runs a SELECT.

    ``run`` is :func:`kg.network_queries.oxigraph_rows` (Oxigraph's engine) or
    :func:`kg.network_queries.rdflib_rows` (rdflib's).
    """
    from .network_queries import Rows

    rows = Rows(graph, run)
    labels: dict[str, tuple[bool, str]] = {}
    for node, text, language in rows.labels():
        found = (language != "en", text)
        if node not in labels or found < labels[node]:
            labels[node] = found
    names = {node: text for node, (_other, text) in labels.items()}
    thing_class: dict[str, str] = {}
    for thing, cls in rows.typed(tuple(str(c) for c in THING_CLASSES)):
        if thing not in thing_class or _THING_RANK[cls] < _THING_RANK[thing_class[thing]]:
            thing_class[thing] = cls
    deals = _deal_facts(rows, tuple(str(c) for c in DEAL_KINDS))
    records = _deal_records(deals, names)
    projection = nx.MultiDiGraph()
    projection.graph["deals"] = records
    sources = {}
    for source, headline, publisher, published, url in sorted(rows.sources(), key=lambda row: row[0]):
        if _id(source) not in sources:
            sources[_id(source)] = {"id": _id(source), "headline": headline or names.get(source) or _id(source),
                                    "publisher": publisher, "published": published, "url": url}
    projection.graph["sources"] = sources
    for thing in sorted(thing_class):
        projection.add_node(_id(thing), iri=thing, cls=_local(thing_class[thing]), label=names.get(thing) or _id(thing))
    pairs = [(pair, _local(pair.source), _local(pair.target), (_local(pair.source), _local(pair.target))) for pair in ROLE_PAIRS]
    for deal, (_classes, known) in deals.items():
        record = records[_id(deal)]
        edge_facts = {k: v for k, v in record.items() if k not in ("id", "iri", "cls", "parties")}
        for pair, source, target, roles in pairs:
            tails = [text for is_iri, text in known.get(source, ()) if is_iri]
            heads = [text for is_iri, text in known.get(target, ()) if is_iri]
            for tail in tails:
                for head in heads:
                    if tail == head or (pair.symmetric and _id(tail) > _id(head)):
                        continue
                    for party in (tail, head):
                        if _id(party) not in projection:
                            projection.add_node(_id(party), iri=party, cls=None, label=names.get(party) or _id(party))
                    projection.add_edge(_id(tail), _id(head), key=record["id"], deal=record["id"], deal_class=record["cls"],
                                        money=pair.money, symmetric=pair.symmetric, received=pair.received,
                                        roles=roles, **edge_facts)
    skipped = tuple(str(s) for s in SHORTCUT_PREDICATES)
    relations = sorted({row for row in rows.relations(tuple(str(c) for c in THING_CLASSES), skipped)
                        if row[2] in thing_class})
    for subject, predicate, obj in relations:
        relation = _local(predicate)
        projection.add_edge(_id(subject), _id(obj), key=relation, kind="relation", relation=relation, money=False)
    return projection


def _deal_facts(rows, known_classes: tuple[str, ...]) -> dict[str, tuple[set[str], dict]]:
    """Deal IRI -> (its classes, its facts), sorted by IRI: nodes of a deal class, and nodes that hold a role."""
    from .network_queries import facts

    classes: dict[str, set[str]] = {}
    for deal, cls in rows.typed(known_classes):
        classes.setdefault(deal, set()).add(cls)
    # A deal of a known class takes its kind from the known classes; any other deal needs all its classes.
    others = (_T["Deal"], *rows.declared_deal_classes())
    others_typed = {deal for deal, _cls in rows.typed(others)}
    found: dict[str, dict] = {}
    for subject, text in rows.facts():
        known = facts(text)
        if subject in classes or subject in others_typed or any(role in known for role in _ROLE_NAMES):
            found[subject] = known
    for deal in (set(classes) | others_typed) - set(found):
        found[deal] = {}
    unknown = sorted(deal for deal in found if deal not in classes)
    for start in range(0, len(unknown), 500):
        for deal, cls in rows.classes(unknown[start:start + 500]):
            classes.setdefault(deal, set()).add(cls)
    return {deal: (classes.get(deal, set()), found[deal]) for deal in sorted(found)}


def _number(text: str | None) -> Decimal | None:
    """A figure's lexical form as a Decimal; one that is not a number reads as absent (as :func:`read_quantity`)."""
    if text is None:
        return None
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


def _deal_records(deals: dict[str, tuple[set[str], dict]], names: dict[str, str]) -> dict[str, dict]:
    """The records of :func:`deal_records`, from the deals' classes and facts."""
    superseders: dict[str, set[str]] = {}
    for deal, (_classes, known) in deals.items():
        for _iri, old in known.get("supersedes", ()):
            superseders.setdefault(old, set()).add(_id(deal))

    def ids(known: dict, key: str) -> tuple[str, ...]:
        return tuple(sorted(_id(text) for _iri, text in known.get(key, ())))

    def one(known: dict, key: str) -> str | None:
        values = known.get(key)
        return values[0][1] if values else None

    def quantity(known: dict, key: str) -> Quantity | None:
        if key not in known:
            return None
        unit = one(known, key + ".currency")
        if unit is None:
            unit = "GW" if one(known, key + ".qudt_unit") == _GIGAWATT else one(known, key + ".unit_text")
        return Quantity(value=_number(one(known, key + ".value")), minimum=_number(one(known, key + ".min")),
                        maximum=_number(one(known, key + ".max")), unit=unit,
                        approximate=one(known, key + ".approximate") in ("true", "1"))

    def kind(classes: set[str]) -> tuple[str, str]:
        ordered = sorted(classes - {_T["Deal"]})
        known = [c for c in ordered if c in _DEAL_KIND_OF]
        if known:
            return _local(known[0]), _DEAL_KIND_OF[known[0]]
        if ordered:
            return _local(ordered[0]), names.get(ordered[0]) or _local(ordered[0])
        return "Deal", "deal"

    records = {}
    for deal, (classes, known) in deals.items():
        cls, deal_kind_name = kind(classes)
        status, evidence = one(known, "status"), one(known, "evidence")
        records[_id(deal)] = {
            "id": _id(deal), "iri": deal, "cls": cls, "kind": deal_kind_name, "label": names.get(deal) or _id(deal),
            "date": one(known, "date"),
            "status": None if status is None else _id(status).rsplit("/", 1)[-1],
            "evidence": None if evidence is None else _id(evidence).rsplit("/", 1)[-1],
            "amount": quantity(known, "amount"), "valuation": quantity(known, "valuation"),
            "capacity": quantity(known, "capacity"), "chip_count": quantity(known, "chip_count"),
            "percent": None if one(known, "percent") is None else Decimal(one(known, "percent")),
            "online_by": one(known, "online_by"),
            "sources": ids(known, "sources"), "hardware": ids(known, "hardware"), "service": ids(known, "service"),
            "site": ids(known, "site"), "models": ids(known, "models"), "supersedes": ids(known, "supersedes"),
            "part_of": ids(known, "part_of"), "superseded_by": tuple(sorted(superseders.get(deal, ()))),
            "parties": {role: ids(known, role) for role in sorted(_ROLE_NAMES) if role in known},
        }
    return records


#: The role names of :data:`ROLE_PAIRS`, each once.
_ROLE_NAMES = tuple(dict.fromkeys(_local(r) for pair in ROLE_PAIRS for r in (pair.source, pair.target)))
#: IRIs :func:`project_by_queries` compares with (rdflib's namespace lookups are slow in a loop).
_T = {"Deal": str(AIC.Deal)}
_THING_RANK = {str(c): i for i, c in enumerate(THING_CLASSES)}
_DEAL_KIND_OF = {str(c): kind for c, kind in DEAL_KINDS.items()}
_GIGAWATT = str(UNIT.GigaW)


def counted(data: dict) -> bool:
    """Whether an edge or deal record counts in sums: a deal no other deal in the graph supersedes."""
    return not data.get("superseded_by")


def money_view(projection: nx.MultiDiGraph) -> nx.DiGraph:
    """Who pays whom: one edge per payer and payee, from the counted money edges.

    Money edges run investor to investee and buyer to seller (:data:`ROLE_PAIRS`);
    superseded deals and acquisitions (the acquired company is not paid) are left out. Each edge has ``deals`` (the deal ids,
    sorted) and ``weight`` (their number). Nodes keep their attributes.

    Examples
    --------
    >>> from kg.synthetic import example_graph
    >>> view = money_view(project(example_graph()))
    >>> sorted(view.edges(data="deals"))
    [('alpha-ai', 'bigcloud', ('alpha-compute',)), ('bigcloud', 'alpha-ai', ('bigcloud-invests',)), ('bigcloud', 'chipco', ('bigcloud-chips',))]
    """
    return _collapse(projection, nx.DiGraph(), lambda data: data.get("money", False) and data.get("received", True))


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
    return _collapse(projection, nx.Graph(), lambda data: data.get("deal") is not None)


def _collapse(projection: nx.MultiDiGraph, view: nx.Graph, keep) -> nx.Graph:
    view.graph.update(projection.graph)
    edges = sorted((u, v, key) for u, v, key, data in projection.edges(keys=True, data=True) if keep(data) and counted(data))
    for u, v, key in edges:
        for node in (u, v):
            if node not in view:
                view.add_node(node, **projection.nodes[node])
        if not view.has_edge(u, v):
            view.add_edge(u, v, deals=())
        view.edges[u, v]["deals"] = tuple(sorted({*view.edges[u, v]["deals"], key}))
        view.edges[u, v]["weight"] = len(view.edges[u, v]["deals"])
    return view


