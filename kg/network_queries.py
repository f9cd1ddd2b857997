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

from typing import TYPE_CHECKING, Iterator

from .rdf.terms import AIC_IRI

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
