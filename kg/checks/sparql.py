"""Fast checks of merged-in RDF (``kg build --include``): the main SHACL rules as SPARQL.

pySHACL checks every shape node by node in Python: fine for the curated data
(seconds), far too slow for a million imported triples. These checks ask the
same questions of the core deal shapes (one announcement date of the right
type, a status, a source, the roles each kind of deal needs, amounts that are
numbers with a sane bound, a currency code, a percentage in 0..100) as a few
SPARQL queries, which the Oxigraph store answers in seconds at that size.
They are a subset of ``ontology/shapes.ttl``: ``kg build --shacl-includes``
runs every shape on the merged graph instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..problems import Problem
from ..rdf.terms import DEAL_TYPES

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph

_DEALS = f"VALUES ?class {{ {' '.join(f'aic:{kind}' for kind in DEAL_TYPES)} }}"
_QUANTITY = "VALUES ?p { schema:value schema:minValue schema:maxValue }"

#: (what is wrong, a SELECT whose ?focus rows are the nodes where it is wrong; ?detail says more)
CHECKS = (
    ("a deal needs exactly one aic:announcedOn", f"""
        SELECT ?focus (COUNT(?date) AS ?detail) WHERE {{ {_DEALS} ?focus a ?class . OPTIONAL {{ ?focus aic:announcedOn ?date }} }}
        GROUP BY ?focus HAVING (COUNT(?date) != 1)"""),
    ("aic:announcedOn must be an xsd:date, xsd:gYearMonth or xsd:gYear", """
        SELECT ?focus ?detail WHERE { ?focus aic:announcedOn ?detail
          FILTER(!isLiteral(?detail) || DATATYPE(?detail) NOT IN (xsd:date, xsd:gYearMonth, xsd:gYear)) }"""),
    ("a deal needs exactly one aic:dealStatus", f"""
        SELECT ?focus (COUNT(?status) AS ?detail) WHERE {{ {_DEALS} ?focus a ?class . OPTIONAL {{ ?focus aic:dealStatus ?status }} }}
        GROUP BY ?focus HAVING (COUNT(?status) != 1)"""),
    ("a deal needs a source (prov:wasDerivedFrom)", f"""
        SELECT ?focus WHERE {{ {_DEALS} ?focus a ?class . FILTER NOT EXISTS {{ ?focus prov:wasDerivedFrom ?source }} }}"""),
    ("a deal of this kind needs exactly one of this role", """
        SELECT ?focus (?role AS ?detail) WHERE {
          VALUES (?class ?role) {
            (aic:Investment aic:investor) (aic:Investment aic:investee)
            (aic:ComputeCommitment aic:buyer) (aic:ComputeCommitment aic:seller)
            (aic:ChipSupplyAgreement aic:buyer) (aic:ChipSupplyAgreement aic:seller)
            (aic:EquityStake aic:stakeHolder) (aic:EquityStake aic:stakeIn) (aic:EquityStake aic:stakePercent)
          }
          ?focus a ?class . OPTIONAL { ?focus ?role ?party }
        } GROUP BY ?focus ?role HAVING (COUNT(?party) != 1)"""),
    ("a partnership needs two or more aic:partner", """
        SELECT ?focus (COUNT(?partner) AS ?detail) WHERE { ?focus a aic:Partnership . OPTIONAL { ?focus aic:partner ?partner } }
        GROUP BY ?focus HAVING (COUNT(?partner) < 2)"""),
    ("a quantity's figures must be numbers of at least 0", f"""
        SELECT ?focus ?detail WHERE {{ {_QUANTITY} ?focus ?p ?detail FILTER(!isNumeric(?detail) || ?detail < 0) }}"""),
    ("an exact schema:value goes with no schema:minValue or schema:maxValue", """
        SELECT DISTINCT ?focus WHERE { ?focus schema:value ?value . { ?focus schema:minValue ?bound } UNION { ?focus schema:maxValue ?bound } }"""),
    ("schema:minValue is above schema:maxValue", """
        SELECT ?focus WHERE { ?focus schema:minValue ?low ; schema:maxValue ?high FILTER(?low > ?high) }"""),
    ("a schema:MonetaryAmount needs one schema:currency of three capital letters", """
        SELECT ?focus (COUNT(?currency) AS ?detail) WHERE { ?focus a schema:MonetaryAmount .
          OPTIONAL { ?focus schema:currency ?currency FILTER(REGEX(STR(?currency), "^[A-Z]{3}$")) } }
        GROUP BY ?focus HAVING (COUNT(?currency) != 1)"""),
    ("aic:stakePercent must be a number from 0 to 100", """
        SELECT ?focus ?detail WHERE { ?focus aic:stakePercent ?detail FILTER(!isNumeric(?detail) || ?detail < 0 || ?detail > 100) }"""),
)


def import_problems(graph: Graph, where: str, limit: int = 20, timeout: float = 600.0) -> list[Problem]:
    """Run :data:`CHECKS` on ``graph``; each finding a :class:`~kg.problems.Problem` at ``where``.

    At most ``limit`` findings per check are reported (a large import that
    breaks a rule usually breaks it many times).

    Examples
    --------
    >>> from rdflib import Literal
    >>> from kg.rdf.terms import AIC, AID
    >>> from kg.rdf.builder import new_graph
    >>> g = new_graph()
    >>> _ = g.add((AID["deal/x"], AIC.stakePercent, Literal(140)))
    >>> [p.message for p in import_problems(g, "big.ttl")]
    ['aid:deal/x: aic:stakePercent must be a number from 0 to 100 (140)']
    """
    from ..sparql.text import display_term
    from ..sparql.sandbox import run_query

    namespaces = sorted(((p, str(n)) for p, n in graph.namespaces() if p), key=lambda pair: -len(pair[1]))
    problems = []
    for message, text in CHECKS:
        result = run_query(graph, text, timeout=timeout)
        for row in list(result.bindings)[:limit]:
            focus = row.get(result.vars[0])
            detail = row.get(result.vars[1]) if len(result.vars) > 1 else None
            said = "" if detail is None else f" ({display_term(detail, namespaces)})"
            what = display_term(focus, namespaces)
            problems.append(Problem(where, 0, f"{what}: {message}{said}"))
    return problems


def included_place(includes: Sequence) -> str:
    """How problems in merged-in files name their place: the file, or all of them."""
    from ..problems import display_path

    return ", ".join(display_path(path) for path in includes) or "<graph>"
