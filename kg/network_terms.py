"""What the projection is made of: the classes whose members are nodes, the deal roles that make
edges, the kind of each deal class, how a node is named (its id and label), and how a literal's
lexical form is read from its spelling in a SPARQL TSV answer (:func:`lexical`).

:mod:`kg.network` (walking rdflib's API) and :mod:`kg.network_queries` (SPARQL rows) share these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from .rdf.terms import AIC, AIC_IRI, AID, AID_IRI  # noqa: F401 - AID for the doctests


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
    return text_id(str(iri))


@lru_cache(maxsize=1 << 20)  # every IRI of a million-triple graph's nodes, deals and sources
def text_id(text: str) -> str:
    if not text.startswith(AID_IRI):
        return text
    local = text[len(AID_IRI):]
    for prefix in ("deal/", "source/"):
        if local.startswith(prefix):
            return local[len(prefix):]
    return local


def local_name(iri: URIRef) -> str:
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


_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")


def _unescaped(match: re.Match) -> str:
    short, long, char = match.groups()
    return chr(int(short or long, 16)) if char is None else _ESCAPES.get(char, char)


def lexical(cell: str) -> tuple[str, str | None]:
    """A literal's lexical form and language from its TSV spelling (a number or boolean may be bare).

    Examples
    --------
    >>> lexical('"Chip, \\\\"X\\\\"\\\\tlabel"@en'), lexical('"2025-11"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>')
    (('Chip, "X"\\tlabel', 'en'), ('2025-11', None))
    >>> lexical("2.5"), lexical("true")
    (('2.5', None), ('true', None))
    """
    if not cell.startswith('"'):
        return cell, None
    end = cell.rfind('"')
    text = cell[1:end]
    if "\\" in text:
        text = _ESCAPE.sub(_unescaped, text)
    return text, cell[end + 2:] if cell.startswith("@", end + 1) else None
