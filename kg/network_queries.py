"""The projection's facts read by simple SPARQL queries that the store's engine answers in bulk.

:func:`kg.network.project` needs, for every deal, its classes, parties,
dates, amounts and the rest, for every thing its class and label, for every
source its headline. Walking rdflib's API for them costs one Python call per
fact; on the Oxigraph store each call also crosses into Rust and back. Here
:class:`Answers` asks Oxigraph's engine for all of it in a few dozen
single-pattern SELECTs: the classes declared below ``aic:Deal``, the typed
nodes, every label, the plain relations of things, and one query per fact
of :data:`COLUMNS` (``?s <property> ?o``: a deal's parties, date, amount
node, ...; a quantity node's value, bounds and unit; a source's headline).
Each answer comes back from pyoxigraph as the W3C TSV results format, one
``bytes`` object, split in bulk: no Python object per term and no call into
Rust per row. Each fact's answer becomes one column (subject -> values) in
one pass; the deal records are put together from per-column lookups, and the
edges are gathered role pair by role pair, put in the API walk's order by one
sort and added to networkx's adjacency in bulk (:func:`kg.bulk.add_keyed_edges`).
Literals are read from their TSV spelling (:func:`kg.network_terms.lexical`);
quantity nodes are joined to their deals in Python, by IRI. (Fewer, wider
queries did not pay: one ``?s ?p ?o`` with the 43 properties as VALUES took
1.46 engine CPU s at 1M triples against 1.17 for the 43; ``GROUP_CONCAT`` per
deal took longer still. The engine spends ~1.6 us a row in any format.)

:func:`project_by_queries` builds the projection from these answers. On any
other store than Oxigraph, :func:`kg.network.project` walks rdflib's API,
which on rdflib's memory store is faster than rdflib's own SPARQL engine on
such queries (see benchmarks/RESULTS.md).
"""

from __future__ import annotations

from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING

import networkx as nx

from .network_terms import DEAL_KINDS, ROLE_PAIRS, THING_CLASSES, lexical, local_name, text_id
from .quantities import Quantity
from .rdf.terms import AIC, AIC_IRI, SHORTCUT_PREDICATES, UNIT
from .stages import deal_stage

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph

#: One fact's answer: subject IRI -> [(is an IRI, text)], sorted by text.
Column = dict[str, list[tuple[bool, str]]]

_PREFIXES = """\
PREFIX aic: <https://w3id.org/aicompute/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX qudt: <http://qudt.org/schema/qudt/>
"""

#: The role names of :data:`kg.network.ROLE_PAIRS`, each once (a test keeps them equal).
ROLES = (
    "investor", "investee", "buyer", "seller", "stakeHolder", "stakeIn", "issuer", "warrantHolder", "partner",
    "leadInvestor", "raiser", "roundInvestor", "acquirer", "acquired", "licensee", "licensor",
)
#: The facts of a deal that the projection reads, besides its classes: key -> property.
FACTS = {
    "sources": "prov:wasDerivedFrom", "date": "aic:announcedOn", "status": "aic:dealStatus",
    "evidence": "aic:evidenceLevel", "percent": "aic:stakePercent", "online_by": "aic:onlineBy",
    "hardware": "aic:hardware", "service": "aic:service", "site": "aic:site", "models": "aic:forModel",
    "supersedes": "aic:supersedes", "part_of": "aic:partOfRound", **{role: f"aic:{role}" for role in ROLES},
}
#: The facts of a source document: key -> property.
SOURCE_FACTS = {"headline": "schema:headline", "publisher": "schema:publisher", "published": "schema:datePublished",
                "url": "schema:url"}
#: The quantities of a deal (key -> property), and the facts of each quantity node (key -> property).
QUANTITIES = {"amount": "aic:amount", "valuation": "aic:valuation", "capacity": "aic:capacity", "chip_count": "aic:chipCount"}
QUANTITY_FACTS = {
    "currency": "schema:currency", "qudt_unit": "qudt:unit", "unit_text": "schema:unitText",
    "value": "schema:value", "min": "schema:minValue", "max": "schema:maxValue", "approximate": "aic:approximate",
}
#: Every fact the projection reads, one query each: key -> property.
COLUMNS = {**FACTS, **SOURCE_FACTS, **QUANTITIES, **QUANTITY_FACTS}

_DECLARED_DEAL_CLASSES = _PREFIXES + "SELECT ?cls WHERE { ?cls rdfs:subClassOf+ aic:Deal FILTER(isIRI(?cls)) }"

LABELS_QUERY = _PREFIXES + "SELECT ?node ?label WHERE { ?node rdfs:label ?label }"


def _column_query(path: str) -> str:
    return _PREFIXES + f"SELECT ?s ?o WHERE {{ ?s {path} ?o FILTER(isIRI(?s) && !isBlank(?o)) }}"


def _typed_query(classes) -> str:
    listed = " ".join(f"<{c}>" for c in classes)
    return _PREFIXES + f"SELECT ?node ?cls WHERE {{ VALUES ?cls {{ {listed} }} ?node a ?cls FILTER(isIRI(?node)) }}"


def _classes_query(nodes: list[str]) -> str:
    listed = " ".join(f"<{n}>" for n in nodes)
    return _PREFIXES + f"SELECT ?node ?cls WHERE {{ VALUES ?node {{ {listed} }} ?node a ?cls FILTER(isIRI(?cls)) }}"


def _relations_query(things) -> str:
    classes = " ".join(f"<{c}>" for c in things)
    shortcuts = ", ".join(f"<{p}>" for p in SHORTCUT_PREDICATES)
    return _PREFIXES + f"""SELECT ?s ?p ?o WHERE {{
  VALUES ?cls {{ {classes} }} ?s a ?cls . ?s ?p ?o
  FILTER(isIRI(?o) && STRSTARTS(STR(?p), "{AIC_IRI}") && ?p NOT IN ({shortcuts}))
}}"""


class Answers:
    """The answers of the projection's queries on the pyoxigraph store under one graph, as rows of TSV cells."""

    def __init__(self, graph: Graph):
        from .rdf.store import graph_name, oxigraph_of

        self.store, self.name = oxigraph_of(graph), graph_name(graph)

    def cells(self, text: str) -> list[str]:
        """The cells of a SELECT's answer, row after row, in the engine's order ('' where unbound).

        TSV escapes the tabs and line breaks of literals, so one split on both cuts every cell.
        """
        import pyoxigraph

        answer = self.store.query(text, default_graph=self.name).serialize(format=pyoxigraph.QueryResultsFormat.TSV)
        body = answer.decode("utf-8")
        return body[body.index("\n") + 1:-1].replace("\n", "\t").split("\t") if body.count("\n") > 1 else []

    def rows(self, text: str, width: int = 2) -> list[tuple[str, ...]]:
        """The rows of a SELECT of ``width`` variables, each a tuple of TSV cells."""
        cells = self.cells(text)
        return list(zip(*(cells[i::width] for i in range(width))))

    def declared_deal_classes(self) -> list[str]:
        """Classes the graph declares below ``aic:Deal``."""
        return [cell[1:-1] for cell in self.cells(_DECLARED_DEAL_CLASSES)]

    def typed(self, classes) -> list[tuple[str, ...]]:
        """[node, class] (IRI cells) for every node of one of ``classes``."""
        return self.rows(_typed_query(classes)) if classes else []

    def classes(self, nodes: list[str]) -> list[tuple[str, ...]]:
        """[node, class] (IRI cells) for every class of each of ``nodes``, 500 nodes a query."""
        return [row for start in range(0, len(nodes), 500) for row in self.rows(_classes_query(nodes[start:start + 500]))]

    def columns(self) -> dict[str, Column]:
        """Key of :data:`COLUMNS` -> subject IRI -> [(is an IRI, text)], sorted by text; blank nodes left out.

        Each answer is read in one pass over its cells: no call per row but for a literal with escapes.
        """
        found = {}
        for key, path in COLUMNS.items():
            cells = self.cells(_column_query(path))
            subjects = [cell[1:-1] for cell in cells[0::2]]
            # An IRI, a bare number or boolean, a quoted literal without escapes (then a tag or a datatype may follow).
            values = [(True, cell[1:-1]) if cell[0] == "<" else (False, cell) if cell[0] != '"'
                      else (False, cell[1:cell.rfind('"')]) if "\\" not in cell else (False, lexical(cell)[0])
                      for cell in cells[1::2]]
            if len(set(subjects)) == len(subjects):
                found[key] = {subject: [value] for subject, value in zip(subjects, values)}
                continue
            column: Column = {}
            for subject, value in zip(subjects, values):
                known = column.get(subject)
                if known is None:
                    column[subject] = [value]
                else:
                    known.append(value)
            for known in column.values():
                if len(known) > 1:
                    known.sort(key=_BY_TEXT)
            found[key] = column
        return found

    def labels(self) -> list[tuple[str, ...]]:
        """[node, label] for every label."""
        return self.rows(LABELS_QUERY)

    def relations(self) -> list[tuple[str, str, str]]:
        """(thing, property, object) IRIs for every ``aic:`` property of a thing to an IRI, but the shortcut edges."""
        return [(s[1:-1], p[1:-1], o[1:-1]) for s, p, o in self.rows(_relations_query(THING_CLASSES), 3)]


def project_by_queries(graph: Graph) -> nx.MultiDiGraph:
    """:func:`kg.network.project` on the Oxigraph store, from the :class:`Answers` of its engine."""
    from .bulk import add_keyed_edges

    answers = Answers(graph)
    names = _names(answers.labels())
    declared = answers.declared_deal_classes()
    thing_class: dict[str, str] = {}
    deal_classes: dict[str, set[str]] = {}
    others_typed, source_iris = set(), set()
    others = {_DEAL, *declared}
    for node, cls in answers.typed((*_THING_RANK, *_DEAL_KIND_OF, *others, _SOURCE)):
        node, cls = node[1:-1], cls[1:-1]
        if cls in _THING_RANK:
            if node not in thing_class or _THING_RANK[cls] < _THING_RANK[thing_class[node]]:
                thing_class[node] = cls
        if cls in _DEAL_KIND_OF:
            deal_classes.setdefault(node, set()).add(cls)
        if cls in others:
            others_typed.add(node)
        if cls == _SOURCE:
            source_iris.add(node)
    columns = answers.columns()
    deals = set(deal_classes).union(others_typed, *(columns[role] for role in _ROLES_SORTED))
    # A deal of a known class takes its kind from the known classes; any other deal needs all its classes.
    for node, cls in answers.classes(sorted(deals - deal_classes.keys())):
        deal_classes.setdefault(node[1:-1], set()).add(cls[1:-1])
    ordered = sorted(deals)
    records = _deal_records(ordered, deal_classes, columns, names)
    projection = nx.MultiDiGraph()
    projection.graph["deals"] = records
    projection.graph["sources"] = _sources(sorted(source_iris), columns, names)
    for thing in sorted(thing_class):
        projection.add_node(text_id(thing), iri=thing, cls=local_name(thing_class[thing]), label=names.get(thing) or text_id(thing))
    add_keyed_edges(projection, _deal_edges(projection, ordered, records, columns, names))
    relations = sorted({row for row in answers.relations() if row[2] in thing_class and row[0] in thing_class})
    add_keyed_edges(projection, ((text_id(subject), text_id(obj), local_name(predicate),
                                  {"kind": "relation", "relation": local_name(predicate), "money": False})
                                 for subject, predicate, obj in relations))
    return projection


def _names(rows) -> dict[str, str]:
    """IRI -> its label: an English one first, then the least by text."""
    labels: dict[str, tuple[bool, str]] = {}
    for node, cell in rows:
        if not node.startswith("<"):
            continue
        if cell[-1] == '"' and cell[0] == '"' and "\\" not in cell:  # most labels: a plain string without escapes
            text, language = cell[1:-1], None
        elif cell.startswith("<"):
            text, language = cell[1:-1], None
        elif cell.startswith("_:"):
            text, language = cell[2:], None
        else:
            text, language = lexical(cell)
        iri = node[1:-1]
        found = (language != "en", text)
        if iri not in labels or found < labels[iri]:
            labels[iri] = found
    return {node: text for node, (_other, text) in labels.items()}


def _firsts(column: Column) -> dict[str, str]:
    """Subject -> its least value by text."""
    return {subject: values[0][1] for subject, values in column.items()}


def _ids(column: Column) -> dict[str, tuple[str, ...]]:
    """Subject -> the ids of its values (:func:`text_id`), sorted."""
    return {subject: (text_id(values[0][1]),) if len(values) == 1 else tuple(sorted([text_id(text) for _i, text in values]))
            for subject, values in column.items()}


def _sources(iris: list[str], columns: dict[str, Column], names: dict[str, str]) -> dict[str, dict]:
    headline, publisher, published, url = (_firsts(columns[key]) for key in SOURCE_FACTS)
    sources = {}
    for source in iris:
        source_id = text_id(source)
        if source_id in sources:
            continue
        sources[source_id] = {"id": source_id, "headline": headline.get(source) or names.get(source) or source_id,
                              "publisher": publisher.get(source), "published": published.get(source), "url": url.get(source)}
    return sources


def _deal_edges(projection: nx.MultiDiGraph, deals: list[str], records: dict, columns: dict[str, Column],
                names: dict[str, str]) -> list[tuple[str, str, str, dict]]:
    """(tail, head, deal id, attributes): one edge per pair of parties of each deal, by :data:`ROLE_PAIRS`.

    In the order of the API walk: deal by deal (``deals`` is sorted), pair by pair, tails and heads by
    text. A party that is not yet a node is added as one (without a class) where it is first named.
    """
    rank = {deal: i for i, deal in enumerate(deals)}
    found = []
    for index, pair in enumerate(ROLE_PAIRS):
        heads_of = columns[local_name(pair.target)]
        for deal, tails in columns[local_name(pair.source)].items():
            heads = heads_of.get(deal)
            if heads is None:
                continue
            for tail_is_iri, tail in tails:
                for head_is_iri, head in heads:
                    if tail_is_iri and head_is_iri and tail != head and not (pair.symmetric and text_id(tail) > text_id(head)):
                        found.append((rank[deal], index, deal, tail, head))
    found.sort(key=itemgetter(0, 1))  # stable: tails and heads stay in their order within a deal's pair
    nodes = projection._node  # noqa: SLF001 - a membership test per party, without networkx's wrapper
    edges, last, edge_facts = [], None, {}
    for _rank, index, deal, tail, head in found:
        if deal is not last:
            record, last = records[text_id(deal)], deal
            edge_facts = record.copy()
            for key in ("id", "iri", "cls", "parties"):
                del edge_facts[key]
        for party in (tail, head):
            if text_id(party) not in nodes:
                projection.add_node(text_id(party), iri=party, cls=None, label=names.get(party) or text_id(party))
        pair = ROLE_PAIRS[index]
        edges.append((text_id(tail), text_id(head), record["id"], {
            "deal": record["id"], "deal_class": record["cls"], "money": pair.money, "symmetric": pair.symmetric,
            "received": pair.received, "roles": _PAIR_ROLES[index], **edge_facts}))
    return edges


def _number(text: str | None) -> Decimal | None:
    """A figure's lexical form as a Decimal; one that is not a number reads as absent (as :func:`read_quantity`)."""
    if text is None:
        return None
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


def _quantities(column: Column, columns: dict[str, Column], fields: dict[str, dict[str, str]]) -> dict[str, Quantity]:
    """Deal -> the quantity its quantity node (one, but for odd input) describes (``fields``: each fact's firsts)."""
    quantities = {}
    for deal, values in column.items():
        if len(values) == 1 and values[0][0]:
            node = values[0][1]
            currency, qudt_unit, unit_text, value, minimum, maximum, approximate = (
                firsts.get(node) for firsts in fields.values())
        else:  # the least value by text of each fact over all the nodes (odd input)
            nodes = [node for is_iri, node in values if is_iri]
            currency, qudt_unit, unit_text, value, minimum, maximum, approximate = (
                min((text for node in nodes for _i, text in columns[field].get(node, ())), default=None)
                for field in QUANTITY_FACTS)
        if currency is None:
            currency = "GW" if qudt_unit == _GIGAWATT else unit_text
        quantities[deal] = Quantity(value=_number(value), minimum=_number(minimum), maximum=_number(maximum),
                                    unit=currency, approximate=approximate in ("true", "1"))
    return quantities


def _deal_records(deals: list[str], deal_classes: dict[str, set[str]], columns: dict[str, Column],
                  names: dict[str, str]) -> dict[str, dict]:
    """The records of :func:`kg.network.deal_records`, from the deals' classes and every fact's column."""
    superseders: dict[str, set[str]] = {}
    for deal, values in columns["supersedes"].items():
        for _iri, old in values:
            superseders.setdefault(old, set()).add(text_id(deal))
    superseded_by = {old: tuple(sorted(ids)) for old, ids in superseders.items()}
    fields = {field: _firsts(columns[field]) for field in QUANTITY_FACTS}
    amount, valuation, capacity, chip_count = (_quantities(columns[key], columns, fields) for key in QUANTITIES)
    date, online_by, percent = (_firsts(columns[key]) for key in ("date", "online_by", "percent"))
    status, evidence = ({deal: text_id(text).rsplit("/", 1)[-1] for deal, text in _firsts(columns[key]).items()}
                        for key in ("status", "evidence"))
    sources, hardware, service, site, models, supersedes, part_of = (
        _ids(columns[key]) for key in ("sources", "hardware", "service", "site", "models", "supersedes", "part_of"))
    parties: dict[str, dict] = {deal: {} for deal in deals}
    for role in _ROLES_SORTED:
        for deal, ids in _ids(columns[role]).items():
            parties[deal][role] = ids
    kinds: dict[frozenset, tuple[str, str]] = {}
    records = {}
    for deal in deals:
        classes = frozenset(deal_classes.get(deal, ()))
        if classes not in kinds:
            kinds[classes] = _kind(classes, names)
        cls, deal_kind_name = kinds[classes]
        deal_id = text_id(deal)
        found_percent = percent.get(deal)
        record = {
            "id": deal_id, "iri": deal, "cls": cls, "kind": deal_kind_name, "label": names.get(deal) or deal_id,
            "date": date.get(deal), "status": status.get(deal), "evidence": evidence.get(deal),
            "amount": amount.get(deal), "valuation": valuation.get(deal), "capacity": capacity.get(deal),
            "chip_count": chip_count.get(deal), "percent": None if found_percent is None else Decimal(found_percent),
            "online_by": online_by.get(deal),
            "sources": sources.get(deal, ()), "hardware": hardware.get(deal, ()), "service": service.get(deal, ()),
            "site": site.get(deal, ()), "models": models.get(deal, ()), "supersedes": supersedes.get(deal, ()),
            "part_of": part_of.get(deal, ()), "superseded_by": superseded_by.get(deal, ()),
            "parties": parties[deal],
        }
        record["stage"] = deal_stage(record)
        records[deal_id] = record
    return records


def _kind(classes: frozenset, names: dict[str, str]) -> tuple[str, str]:
    """A deal's class and kind name from its classes: the first known deal class, else the first other, else Deal."""
    ordered = sorted(classes - {_DEAL})
    known = [c for c in ordered if c in _DEAL_KIND_OF]
    if known:
        return local_name(known[0]), _DEAL_KIND_OF[known[0]]
    if ordered:
        return local_name(ordered[0]), names.get(ordered[0]) or local_name(ordered[0])
    return "Deal", "deal"


#: The role names of :data:`ROLE_PAIRS`, sorted.
_ROLES_SORTED = tuple(sorted({local_name(r) for pair in ROLE_PAIRS for r in (pair.source, pair.target)}))
_PAIR_ROLES = [(local_name(pair.source), local_name(pair.target)) for pair in ROLE_PAIRS]
_THING_RANK = {str(c): i for i, c in enumerate(THING_CLASSES)}
_DEAL_KIND_OF = {str(c): kind for c, kind in DEAL_KINDS.items()}
_BY_TEXT = itemgetter(1)  # a value's text, of (is an IRI, text)
_DEAL, _SOURCE, _GIGAWATT = str(AIC.Deal), str(AIC.SourceDocument), str(UNIT.GigaW)
