"""The projection's facts read by a few SPARQL queries, so that the store's engine does the joins.

:func:`kg.network.project` needs, for every deal, its classes, parties,
dates, amounts and the rest, and for every thing its class and label.
Walking rdflib's API for them costs one Python call per fact; on the
Oxigraph store each call also crosses into Rust and back. Here five SELECT
queries ask for all of it at once and the engine joins and groups: one row
per deal (its many-valued facts joined with a separator by
``GROUP_CONCAT``), one per thing, per label, per source and per plain
relation. On the Oxigraph store they run on pyoxigraph's engine
(:func:`oxigraph_rows`); any other store is walked by
:func:`kg.network.project` as before, which on rdflib's memory store is
faster than rdflib's own SPARQL engine on these queries (see
benchmarks/RESULTS.md).

Every value comes back as text: an IRI as itself, a literal as its lexical
form; many-valued facts as ``I<iri>`` or ``L<text>`` items joined by
:data:`SEPARATOR`, so that a literal where a party should be is kept out of
the edges as the API walk keeps it out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Iterator

import networkx as nx

from .network_terms import DEAL_KINDS, ROLE_PAIRS, THING_CLASSES, local_name, text_id
from .quantities import Quantity
from .rdf.terms import AIC, AIC_IRI, SHORTCUT_PREDICATES, UNIT
from .stages import deal_stage

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph

#: Joins the items of a many-valued fact (the unit separator: in no IRI, and in no label we write).
SEPARATOR = "\x1f"

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
#: The quantities of a deal (key -> property), and the facts of each quantity node (key -> property).
QUANTITIES = {"amount": "aic:amount", "valuation": "aic:valuation", "capacity": "aic:capacity", "chip_count": "aic:chipCount"}
QUANTITY_FACTS = {
    "currency": "schema:currency", "qudt_unit": "qudt:unit", "unit_text": "schema:unitText",
    "value": "schema:value", "min": "schema:minValue", "max": "schema:maxValue", "approximate": "aic:approximate",
}
#: The two-character code of each fact in the facts query's items ("amount.value" for a quantity's facts).
CODES = {f"{i:02d}": key for i, key in enumerate(FACTS)}
CODES.update({f"{q}{f}": f"{quantity}.{fact}" for q, quantity in zip("ABCD", QUANTITIES)
              for f, fact in zip("0123456", QUANTITY_FACTS)})
CODES.update({f"{q}_": quantity for q, quantity in zip("ABCD", QUANTITIES)})
_DECLARED_DEAL_CLASSES = _PREFIXES + "SELECT ?cls WHERE { ?cls rdfs:subClassOf+ aic:Deal FILTER(isIRI(?cls)) }"


def _facts_query() -> str:
    # Each item is a two-character code, I (an IRI) or L (a literal), and the value; the engine joins a subject's items.
    codes = {key: code for code, key in CODES.items()}
    facts = " ".join(f'({path} "{codes[key]}")' for key, path in FACTS.items())
    quantities = " ".join(f'({path} "{codes[key][0]}")' for key, path in QUANTITIES.items())
    fields = " ".join(f'({path} "{codes["amount." + key][1]}")' for key, path in QUANTITY_FACTS.items())
    return _PREFIXES + f"""SELECT ?deal (GROUP_CONCAT(?item; separator="\\u001F") AS ?facts) WHERE {{
  {{ VALUES (?property ?code) {{ {facts} }} ?deal ?property ?value
     BIND(CONCAT(?code, IF(isIRI(?value), "I", "L"), STR(?value)) AS ?item) }}
  UNION
  {{ VALUES (?quantity ?q) {{ {quantities} }} ?deal ?quantity ?node
     BIND(CONCAT(?q, "_I", STR(?node)) AS ?item) }}
  UNION
  {{ VALUES (?quantity ?q) {{ {quantities} }} ?deal ?quantity ?node . VALUES (?field ?f) {{ {fields} }} ?node ?field ?value
     BIND(CONCAT(?q, ?f, "L", STR(?value)) AS ?item) }}
  FILTER(isIRI(?deal))
}} GROUP BY ?deal"""


def _typed_query(classes: tuple[str, ...]) -> str:
    listed = " ".join(f"<{c}>" for c in classes)
    return _PREFIXES + f"SELECT ?node ?cls WHERE {{ VALUES ?cls {{ {listed} }} ?node a ?cls FILTER(isIRI(?node)) }}"


def _classes_query(nodes: list[str]) -> str:
    listed = " ".join(f"<{n}>" for n in nodes)
    return _PREFIXES + f"SELECT ?node ?cls WHERE {{ VALUES ?node {{ {listed} }} ?node a ?cls FILTER(isIRI(?cls)) }}"


LABELS_QUERY = _PREFIXES + "SELECT ?node ?label (LANG(?label) AS ?lang) WHERE { ?node rdfs:label ?label }"

SOURCES_QUERY = _PREFIXES + """SELECT ?source ?headline ?publisher ?published ?url WHERE {
  ?source a aic:SourceDocument FILTER(isIRI(?source))
  OPTIONAL { ?source schema:headline ?headline }
  OPTIONAL { ?source schema:publisher ?publisher }
  OPTIONAL { ?source schema:datePublished ?published }
  OPTIONAL { ?source schema:url ?url }
}"""


PROPERTIES_QUERY = "SELECT DISTINCT ?property WHERE { ?s ?property ?o }"


def _relations_query(things: tuple[str, ...], properties: list[str]) -> str:
    classes = " ".join(f"<{c}>" for c in things)
    listed = " ".join(f"<{p}>" for p in properties)
    return _PREFIXES + f"""SELECT ?s ?p ?o WHERE {{
  VALUES ?cls {{ {classes} }} ?s a ?cls . VALUES ?p {{ {listed} }} ?s ?p ?o FILTER(isIRI(?o))
}}"""


def facts(text: str | None) -> dict[str, list[tuple[bool, str]]]:
    """A subject's facts as the facts query joins them: key of :data:`CODES` -> [(is an IRI, value)], values sorted.

    Examples
    --------
    >>> facts("14Ihttps://w3id.org/aicompute/id/x" + SEPARATOR + "A3L5.0" + SEPARATOR + "A_Ihttps://w3id.org/aicompute/id/x/amount")
    {'buyer': [(True, 'https://w3id.org/aicompute/id/x')], 'amount.value': [(False, '5.0')], 'amount': [(True, 'https://w3id.org/aicompute/id/x/amount')]}
    """
    found: dict[str, list[tuple[bool, str]]] = {}
    for item in text.split(SEPARATOR) if text else ():
        found.setdefault(CODES[item[:2]], []).append((item[2] == "I", item[3:]))
    for values in found.values():
        if len(values) > 1:
            values.sort(key=lambda value: value[1])
    return found


class Rows:
    """The answers of the projection's queries on one graph, each row a tuple of text (``None`` when unbound)."""

    def __init__(self, graph: Graph, run):
        self.graph, self.run = graph, run

    def _rows(self, text: str) -> Iterator[tuple]:
        return self.run(self.graph, text)[1]

    def declared_deal_classes(self) -> list[str]:
        """Classes the graph declares below ``aic:Deal``."""
        return [row[0] for row in self._rows(_DECLARED_DEAL_CLASSES)]

    def typed(self, classes: tuple[str, ...]) -> Iterator[tuple]:
        """(node, class) for every node of one of ``classes``."""
        return self._rows(_typed_query(classes)) if classes else iter(())

    def classes(self, nodes: list[str]) -> Iterator[tuple]:
        """(node, class) for every class of each of ``nodes``."""
        return self._rows(_classes_query(nodes)) if nodes else iter(())

    def facts(self) -> Iterator[tuple]:
        """(subject, its facts joined) for every subject of a deal fact (see :func:`facts`)."""
        return self._rows(_facts_query())

    def labels(self) -> Iterator[tuple]:
        """(node, label, language) for every label."""
        return self._rows(LABELS_QUERY)

    def sources(self) -> Iterator[tuple]:
        """(source, headline, publisher, published, url) for every source document."""
        return self._rows(SOURCES_QUERY)

    def relations(self, things: tuple[str, ...], skipped: tuple[str, ...]) -> Iterator[tuple]:
        """(thing, property, object) for every ``aic:`` property of a thing to an IRI, but ``skipped``."""
        properties = sorted(p for (p,) in self._rows(PROPERTIES_QUERY)
                            if p is not None and p.startswith(AIC_IRI) and p not in skipped)
        return self._rows(_relations_query(things, properties)) if properties else iter(())


def oxigraph_rows(graph: Graph, text: str) -> tuple[list[str], Iterator[tuple]]:
    """Run a SELECT on the pyoxigraph store under ``graph``: its variables and rows of text."""
    from .rdf.store import graph_name, oxigraph_of

    solutions = oxigraph_of(graph).query(text, default_graph=graph_name(graph))
    names = [v.value for v in solutions.variables]
    width = range(len(names))

    def rows():
        for solution in solutions:
            yield tuple(None if (term := solution[i]) is None else term.value for i in width)

    return names, rows()


def rdflib_rows(graph: Graph, text: str) -> tuple[list[str], Iterator[tuple]]:
    """Run a SELECT on rdflib's engine: its variables and rows of text (kept to measure against the API walk)."""
    result = graph.query(text)
    names = [str(v) for v in result.vars]
    return names, (tuple(None if term is None else str(term) for term in row) for row in result)


def project_by_queries(graph: Graph, run) -> nx.MultiDiGraph:
    """:func:`project` from the answers of :mod:`kg.network_queries`; ``run(graph, text)`` runs a SELECT.

    ``run`` is :func:`kg.network_queries.oxigraph_rows` (Oxigraph's engine) or
    :func:`kg.network_queries.rdflib_rows` (rdflib's).
    """

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
        if text_id(source) not in sources:
            sources[text_id(source)] = {"id": text_id(source), "headline": headline or names.get(source) or text_id(source),
                                    "publisher": publisher, "published": published, "url": url}
    projection.graph["sources"] = sources
    for thing in sorted(thing_class):
        projection.add_node(text_id(thing), iri=thing, cls=local_name(thing_class[thing]), label=names.get(thing) or text_id(thing))
    pairs = [(pair, local_name(pair.source), local_name(pair.target), (local_name(pair.source), local_name(pair.target))) for pair in ROLE_PAIRS]
    for deal, (_classes, known) in deals.items():
        record = records[text_id(deal)]
        edge_facts = {k: v for k, v in record.items() if k not in ("id", "iri", "cls", "parties")}
        for pair, source, target, roles in pairs:
            tails = [text for is_iri, text in known.get(source, ()) if is_iri]
            heads = [text for is_iri, text in known.get(target, ()) if is_iri]
            for tail in tails:
                for head in heads:
                    if tail == head or (pair.symmetric and text_id(tail) > text_id(head)):
                        continue
                    for party in (tail, head):
                        if text_id(party) not in projection:
                            projection.add_node(text_id(party), iri=party, cls=None, label=names.get(party) or text_id(party))
                    projection.add_edge(text_id(tail), text_id(head), key=record["id"], deal=record["id"], deal_class=record["cls"],
                                        money=pair.money, symmetric=pair.symmetric, received=pair.received,
                                        roles=roles, **edge_facts)
    skipped = tuple(str(s) for s in SHORTCUT_PREDICATES)
    relations = sorted({row for row in rows.relations(tuple(str(c) for c in THING_CLASSES), skipped)
                        if row[2] in thing_class})
    for subject, predicate, obj in relations:
        relation = local_name(predicate)
        projection.add_edge(text_id(subject), text_id(obj), key=relation, kind="relation", relation=relation, money=False)
    return projection


def _deal_facts(rows, known_classes: tuple[str, ...]) -> dict[str, tuple[set[str], dict]]:
    """Deal IRI -> (its classes, its facts), sorted by IRI: nodes of a deal class, and nodes that hold a role."""

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
            superseders.setdefault(old, set()).add(text_id(deal))

    def ids(known: dict, key: str) -> tuple[str, ...]:
        return tuple(sorted(text_id(text) for _iri, text in known.get(key, ())))

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
            return local_name(known[0]), _DEAL_KIND_OF[known[0]]
        if ordered:
            return local_name(ordered[0]), names.get(ordered[0]) or local_name(ordered[0])
        return "Deal", "deal"

    records = {}
    for deal, (classes, known) in deals.items():
        cls, deal_kind_name = kind(classes)
        status, evidence = one(known, "status"), one(known, "evidence")
        records[text_id(deal)] = {
            "id": text_id(deal), "iri": deal, "cls": cls, "kind": deal_kind_name, "label": names.get(deal) or text_id(deal),
            "date": one(known, "date"),
            "status": None if status is None else text_id(status).rsplit("/", 1)[-1],
            "evidence": None if evidence is None else text_id(evidence).rsplit("/", 1)[-1],
            "amount": quantity(known, "amount"), "valuation": quantity(known, "valuation"),
            "capacity": quantity(known, "capacity"), "chip_count": quantity(known, "chip_count"),
            "percent": None if one(known, "percent") is None else Decimal(one(known, "percent")),
            "online_by": one(known, "online_by"),
            "sources": ids(known, "sources"), "hardware": ids(known, "hardware"), "service": ids(known, "service"),
            "site": ids(known, "site"), "models": ids(known, "models"), "supersedes": ids(known, "supersedes"),
            "part_of": ids(known, "part_of"), "superseded_by": tuple(sorted(superseders.get(deal, ()))),
            "parties": {role: ids(known, role) for role in sorted(_ROLE_NAMES) if role in known},
        }
    for record in records.values():
        record["stage"] = deal_stage(record)
    return records


#: The role names of :data:`ROLE_PAIRS`, each once.
_ROLE_NAMES = tuple(dict.fromkeys(local_name(r) for pair in ROLE_PAIRS for r in (pair.source, pair.target)))


#: IRIs :func:`project_by_queries` compares with (rdflib's namespace lookups are slow in a loop).
_T = {"Deal": str(AIC.Deal)}


_THING_RANK = {str(c): i for i, c in enumerate(THING_CLASSES)}


_DEAL_KIND_OF = {str(c): kind for c, kind in DEAL_KINDS.items()}


_GIGAWATT = str(UNIT.GigaW)
