"""Seeded graphs for examples, tests and benchmarks (as networkx ships its generators).

:func:`example_graph` is a fictional market of three firms and three deals,
small enough to work every figure out by hand (the documentation's examples
use it). :func:`synthetic_graph` writes a graph shaped like ours, of any size,
for benchmarks and scale tests. It uses the vocabulary the build writes (see
``kg/rdf/builder.py``): companies (a few
large hubs and many small firms), people, chips in successor chains, system
platforms, cloud services, compute sites, models, sources, and deals of every
kind with amounts, capacities, chip counts, hardware, dates, statuses,
sources, and the derived shortcut edges. It is seeded: the same size and seed
give the same Turtle.

Usage::

    python -m kg.synthetic 100000 --seed 1 -o /tmp/synthetic-100k.ttl
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import TextIO

from rdflib import Graph

from .rdf.terms import AIC_IRI, SHORTCUTS

_HEADER = """\
@prefix aic: <https://w3id.org/aicompute/ontology#> .
@prefix aid: <https://w3id.org/aicompute/id/> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix wd: <http://www.wikidata.org/entity/> .

"""

_STATUSES = ("rumoured", "reported", "letter-of-intent", "announced", "definitive", "closed", "revised")
_EVIDENCE = ("announced", "reported", "weak")
#: deal kind -> weight, in roughly the mix of the curated data
_DEAL_KINDS = {"Investment": 4, "ComputeCommitment": 4, "ChipSupplyAgreement": 2, "Partnership": 2, "EquityStake": 1}
#: (deal kind, from role, to role, shortcut) as local names, as kg.rdf.builder.add_shortcuts derives them
_SHORTCUTS = tuple(tuple(term[len(AIC_IRI):] for term in row) for row in SHORTCUTS)


class _Writer:
    """Writes one triple a line and counts them."""

    def __init__(self, out: TextIO):
        self.out = out
        self.count = 0

    def triple(self, subject: str, predicate: str, obj: str) -> None:
        self.out.write(f"{subject} {predicate} {obj} .\n")
        self.count += 1


def _aid(path: str) -> str:
    """An ``aid:`` IRI written in full (local names with ``/`` read badly as prefixed names)."""
    return f"<https://w3id.org/aicompute/id/{path}>"


def _label(text: str, lang: str = "en") -> str:
    return f'"{text}"@{lang}'


def _date(rng: random.Random) -> str:
    year = rng.randint(2015, 2025)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    kind = rng.random()
    if kind < 0.7:
        return f'"{year}-{month:02d}-{day:02d}"^^xsd:date'
    if kind < 0.9:
        return f'"{year}-{month:02d}"^^xsd:gYearMonth'
    return f'"{year}"^^xsd:gYear'


def _hub(rng: random.Random, pool: list[str]) -> str:
    """A member of ``pool`` skewed towards its first entries (the hubs)."""
    return pool[int(len(pool) * rng.random() ** 3)]


def _two(rng: random.Random, first: list[str], second: list[str]) -> tuple[str, str]:
    """Two different parties, each skewed towards the hubs of its pool (a firm never deals with itself)."""
    while True:
        a, b = _hub(rng, first), _hub(rng, second)
        if a != b:
            return a, b


def _quantity(w: _Writer, rng: random.Random, deal: str, term: str, suffix: str, scale: float, kind: str) -> None:
    node = f"{deal[:-1]}/{suffix}>"
    w.triple(deal, f"aic:{term}", node)
    w.triple(node, "a", kind)
    if term in ("amount", "valuation"):
        w.triple(node, "schema:currency", '"EUR"' if rng.random() < 0.1 else '"USD"')
    if term == "capacity":
        w.triple(node, "qudt:unit", "unit:GigaW")
        w.triple(node, "schema:unitText", '"GW"')
    low = round(rng.uniform(0.1, 10) * scale, 1)
    bound = rng.random()
    if bound < 0.4:
        w.triple(node, "schema:value", f"{low:.1f}")
    elif bound < 0.7:
        w.triple(node, "schema:maxValue", f"{low:.1f}")
    elif bound < 0.85:
        w.triple(node, "schema:minValue", f"{low:.1f}")
    else:
        w.triple(node, "schema:minValue", f"{low:.1f}")
        w.triple(node, "schema:maxValue", f"{low * 10:.1f}")


def synthetic_graph(n_triples: int, seed: int, out: TextIO) -> int:
    """Write a synthetic graph of about ``n_triples`` triples to ``out`` as Turtle.

    Parameters
    ----------
    n_triples : int
        How many triples to write; the result has at least this many and at
        most one deal's worth more.
    seed : int
        Seed of the random choices: the same arguments give the same text.
    out : TextIO
        Where the Turtle goes.

    Returns
    -------
    int
        The number of triples written (all distinct).

    Examples
    --------
    >>> import io
    >>> from rdflib import Graph

from .rdf.terms import AIC_IRI, SHORTCUTS
    >>> text = io.StringIO()
    >>> n = synthetic_graph(2000, seed=1, out=text)
    >>> n >= 2000 and len(Graph().parse(data=text.getvalue(), format="turtle")) == n
    True
    """
    rng = random.Random(seed)
    w = _Writer(out)
    out.write(_HEADER)

    # Proportions of the curated data: about as many sources as deals, a thing
    # or two per deal, and deals of some 25 triples each (notes included).
    sources = [_aid(f"source/s{i}") for i in range(max(10, n_triples // 40))]
    companies = [f"aid:company-{i}" for i in range(max(12, n_triples // 100))]
    makers = companies[: max(3, len(companies) // 50)]
    clouds = companies[: max(3, len(companies) // 25)]
    people = [f"aid:person-{i}" for i in range(max(4, len(companies) // 2))]
    models = [f"aid:model-{i}" for i in range(max(2, len(companies) // 4))]
    services = [f"aid:service-{i}" for i in range(max(3, len(clouds)))]
    sites = [f"aid:site-{i}" for i in range(max(2, len(clouds)))]

    for i, source in enumerate(sources):
        lang = "it" if rng.random() < 0.2 else "en"
        headline = _label(f"Headline {i}", lang)
        w.triple(source, "a", "aic:SourceDocument")
        w.triple(source, "rdfs:label", headline)
        w.triple(source, "schema:headline", headline)
        w.triple(source, "schema:publisher", f'"Publisher {i % 37}"')
        w.triple(source, "schema:inLanguage", f'"{lang}"')
        w.triple(source, "schema:datePublished", _date(rng))
        w.triple(source, "schema:url", f'"https://example.org/news/{i}"^^xsd:anyURI')

    def thing(node: str, cls: str, label: str) -> None:
        w.triple(node, "a", f"aic:{cls}")
        w.triple(node, "rdfs:label", _label(label))
        if rng.random() < 0.2:
            w.triple(node, "rdfs:label", _label(label, "it"))
        for source in {rng.choice(sources) for _ in range(rng.randint(1, 2))}:
            w.triple(node, "prov:wasDerivedFrom", source)

    for i, company in enumerate(companies):
        thing(company, "Company", f"Company {i}")
        if i < 20:
            w.triple(company, "owl:sameAs", f"wd:Q{1000 + i}")
        if rng.random() < 0.3:
            w.triple(company, "aic:foundedIn", f'"{rng.randint(1970, 2024)}"^^xsd:gYear')
    rivals = set()
    for company in companies:
        other = _hub(rng, companies)
        if other != company:
            rivals |= {(company, other), (other, company)}
    for a, b in sorted(rivals):
        w.triple(a, "aic:competesWith", b)

    hardware = []
    for m, maker in enumerate(makers):
        previous = None
        for g in range(1, max(2, n_triples // (1500 * len(makers))) + 2):
            chip = f"aid:chip-{m}-{g}"
            thing(chip, "Chip", f"Chip {m}.{g}")
            w.triple(chip, "aic:manufacturer", maker)
            w.triple(chip, "aic:generation", f'"{g}"^^xsd:integer')
            if previous:
                w.triple(chip, "aic:successorOf", previous)
            previous = chip
            hardware.append(chip)
        platform = f"aid:platform-{m}"
        thing(platform, "SystemPlatform", f"Platform {m}")
        w.triple(platform, "aic:manufacturer", maker)
        hardware.append(platform)

    for i, service in enumerate(services):
        thing(service, "CloudService", f"Cloud {i}")
        w.triple(service, "aic:operatedBy", clouds[i % len(clouds)])
    for i, site in enumerate(sites):
        thing(site, "ComputeSite", f"Site {i}")
        w.triple(site, "aic:operatedBy", clouds[i % len(clouds)])
    for i, model in enumerate(models):
        thing(model, "AIModel", f"Model {i}")
        w.triple(rng.choice(companies), "aic:develops", model)
    for i, person in enumerate(people):
        thing(person, "Person", f"Person {i}")
        role = "aic:ceo" if i % 2 == 0 else "aic:founder"
        w.triple(person, role, companies[i % len(companies)])
        for employer in {rng.choice(companies) for _ in range(rng.randint(0, 2))}:
            w.triple(person, "aic:formerEmployer", employer)

    shortcuts: set[tuple[str, str, str]] = set()
    kinds, weights = list(_DEAL_KINDS), list(_DEAL_KINDS.values())
    number = 0
    while w.count + len(shortcuts) < n_triples:
        kind = rng.choices(kinds, weights)[0]
        deal = _aid(f"deal/d{number}")
        number += 1
        roles: dict[str, list[str]] = {}
        if kind == "Investment":
            investor, investee = _two(rng, companies, companies)
            roles = {"investor": [investor], "investee": [investee]}
        elif kind in ("ComputeCommitment", "ChipSupplyAgreement"):
            buyer, seller = _two(rng, companies, clouds if kind == "ComputeCommitment" else makers)
            roles = {"buyer": [buyer], "seller": [seller]}
            roles["hardware"] = sorted({rng.choice(hardware) for _ in range(rng.randint(1, 2))})
        elif kind == "Partnership":
            first, second = _two(rng, companies, companies)
            roles = {"partner": sorted({first, second, *(_hub(rng, companies) for _ in range(rng.randint(0, 1)))})}
        else:
            holder, company = _two(rng, companies, companies)
            roles = {"stakeHolder": [holder], "stakeIn": [company]}
        w.triple(deal, "a", f"aic:{kind}")
        w.triple(deal, "rdfs:label", _label(f"Deal {number} ({kind})"))
        w.triple(deal, "aic:announcedOn", _date(rng))
        w.triple(deal, "aic:dealStatus", _aid(f"status/{rng.choice(_STATUSES)}"))
        w.triple(deal, "aic:evidenceLevel", _aid(f"evidence/{rng.choice(_EVIDENCE)}"))
        w.triple(deal, "rdfs:comment", _label(f"What the sources of deal {number} say about it."))
        for source in {rng.choice(sources) for _ in range(rng.randint(1, 3))}:
            w.triple(deal, "prov:wasDerivedFrom", source)
        for role, targets in roles.items():
            for target in targets:
                w.triple(deal, f"aic:{role}", target)
        if kind == "ComputeCommitment":
            w.triple(deal, "aic:service", rng.choice(services))
            if rng.random() < 0.3:
                w.triple(deal, "aic:site", rng.choice(sites))
            if rng.random() < 0.5:
                _quantity(w, rng, deal, "capacity", "capacity", 1, "schema:QuantitativeValue")
                w.triple(deal, "aic:onlineBy", f'"{rng.randint(2024, 2030)}"^^xsd:gYear')
        if kind == "EquityStake":
            w.triple(deal, "aic:stakePercent", f"{rng.uniform(0.5, 60):.1f}")
            if rng.random() < 0.7:
                _quantity(w, rng, deal, "valuation", "valuation", 1e10, "schema:MonetaryAmount")
        elif kind != "Partnership" and rng.random() < 0.8:
            _quantity(w, rng, deal, "amount", "amount", 1e9, "schema:MonetaryAmount")
        if kind in ("ComputeCommitment", "ChipSupplyAgreement") and rng.random() < 0.3:
            _quantity(w, rng, deal, "chipCount", "chip-count", 1e5, "schema:QuantitativeValue")
        if rng.random() < 0.3:
            w.triple(deal, "aic:forModel", rng.choice(models))
        for shortcut_kind, source_role, target_role, shortcut in _SHORTCUTS:
            if shortcut_kind == kind:
                for a in roles[source_role]:
                    for b in roles[target_role]:
                        if a != b:
                            shortcuts.add((a, f"aic:{shortcut}", b))
    for triple in sorted(shortcuts):
        w.triple(*triple)
    return w.count


#: A fictional market for the examples in the documentation (three firms, three deals).
EXAMPLE_TURTLE = """\
@prefix aic: <https://w3id.org/aicompute/ontology#> .
@base <https://w3id.org/aicompute/id/> .
@prefix aid: <https://w3id.org/aicompute/id/> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> .

aid:bigcloud a aic:Company ; rdfs:label "BigCloud"@en .
aid:alpha-ai a aic:Company ; rdfs:label "Alpha AI"@en .
aid:chipco a aic:Company ; rdfs:label "ChipCo"@en .
aid:chip-x a aic:Chip ; rdfs:label "Chip X"@en ; aic:manufacturer aid:chipco .
<source/gazette> a aic:SourceDocument ; schema:headline "BigCloud backs Alpha AI"@en ; schema:publisher "Gazette" .

<deal/bigcloud-invests> a aic:Investment ; rdfs:label "BigCloud invests in Alpha AI"@en ;
    aic:investor aid:bigcloud ; aic:investee aid:alpha-ai ;
    aic:amount <deal/bigcloud-invests/amount> ;
    aic:announcedOn "2025-03-01"^^xsd:date ; aic:dealStatus <status/announced> ;
    prov:wasDerivedFrom <source/gazette> .
<deal/bigcloud-invests/amount> a schema:MonetaryAmount ; schema:currency "USD" ; schema:maxValue 2000000000.0 .

<deal/alpha-compute> a aic:ComputeCommitment ; rdfs:label "Alpha AI buys compute from BigCloud"@en ;
    aic:buyer aid:alpha-ai ; aic:seller aid:bigcloud ; aic:hardware aid:chip-x ;
    aic:amount <deal/alpha-compute/amount> ; aic:capacity <deal/alpha-compute/capacity> ;
    aic:announcedOn "2025-03-01"^^xsd:date ; aic:onlineBy "2026"^^xsd:gYear ; aic:dealStatus <status/announced> ;
    prov:wasDerivedFrom <source/gazette> .
<deal/alpha-compute/amount> a schema:MonetaryAmount ; schema:currency "USD" ; schema:value 6000000000.0 .
<deal/alpha-compute/capacity> a schema:QuantitativeValue ; qudt:unit unit:GigaW ; schema:minValue 0.5 .

<deal/bigcloud-chips> a aic:ChipSupplyAgreement ; rdfs:label "BigCloud buys chips from ChipCo"@en ;
    aic:buyer aid:bigcloud ; aic:seller aid:chipco ; aic:hardware aid:chip-x ;
    aic:amount <deal/bigcloud-chips/amount> ;
    aic:announcedOn "2025-04"^^xsd:gYearMonth ; aic:dealStatus <status/definitive> ;
    prov:wasDerivedFrom <source/gazette> .
<deal/bigcloud-chips/amount> a schema:MonetaryAmount ; schema:currency "USD" ;
    schema:minValue 1000000000.0 ; schema:maxValue 3000000000.0 .
"""


def example_graph() -> Graph:
    """The fictional market of :data:`EXAMPLE_TURTLE` as an rdflib graph (for examples, like networkx's generators).

    BigCloud invests up to 2 billion in Alpha AI, which commits 6 billion to
    BigCloud's compute (at least 0.5 GW on ChipCo's Chip X, online by 2026);
    BigCloud buys 1 to 3 billion of chips from ChipCo.
    """
    return Graph().parse(data=EXAMPLE_TURTLE, format="turtle")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_triples", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, help="Turtle file to write (default: standard output)")
    args = parser.parse_args(argv)
    if args.output is None:
        count = synthetic_graph(args.n_triples, args.seed, sys.stdout)
    else:
        with args.output.open("w", encoding="utf-8") as out:
            count = synthetic_graph(args.n_triples, args.seed, out)
    print(f"{count} triples", file=sys.stderr)


if __name__ == "__main__":
    main()
