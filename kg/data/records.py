"""The typed records a YAML entry becomes, and the tables that say what each may hold.

The tables (:data:`THING_RELATIONS`, :data:`THING_LITERALS`, :data:`DEAL_ROLES`)
drive both the loader's checks and the RDF build, so a new relation or deal
kind is one entry here plus its declaration in the ontology.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..quantities import Quantity

THING_TYPES = ("Company", "Person", "Chip", "SystemPlatform", "CloudService", "ComputeSite", "AIModel")
#: How a round's valuation is stated: before or after the round's money.
VALUATION_BASES = ("pre-money", "post-money")
HARDWARE_TYPES = ("Chip", "SystemPlatform")


@dataclass(frozen=True)
class Where:
    """The file and line an entry or key was read from."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Relation:
    """A YAML key that names other things.

    ``term`` is the ``aic:`` property it becomes; ``targets`` the thing types
    allowed at the other end; ``many`` whether the key takes a list.
    """

    term: str
    targets: tuple[str, ...]
    many: bool = False
    required: bool = False
    min_count: int = 0


THING_RELATIONS: dict[str, dict[str, Relation]] = {
    "Company": {
        "develops": Relation("develops", ("AIModel",), many=True),
        "competes_with": Relation("competesWith", ("Company",), many=True),
        "founded_by_former_staff_of": Relation("foundedByFormerStaffOf", ("Company",), many=True),
    },
    "Person": {
        "ceo_of": Relation("ceo", ("Company",)),
        "founder_of": Relation("founder", ("Company",), many=True),
        "former_employer": Relation("formerEmployer", ("Company",), many=True),
    },
    "Chip": {
        "manufacturer": Relation("manufacturer", ("Company",)),
        "successor_of": Relation("successorOf", HARDWARE_TYPES),
    },
    "SystemPlatform": {
        "manufacturer": Relation("manufacturer", ("Company",)),
        "successor_of": Relation("successorOf", HARDWARE_TYPES),
    },
    "CloudService": {"operated_by": Relation("operatedBy", ("Company",))},
    "ComputeSite": {"operated_by": Relation("operatedBy", ("Company",))},
    "AIModel": {"competes_with": Relation("competesWith", ("AIModel",), many=True)},
}

#: Literal-valued keys by thing type: key -> (aic term, kind of value).
THING_LITERALS: dict[str, dict[str, tuple[str, str]]] = {
    "Company": {"founded": ("foundedIn", "year"), "founded_as": ("foundedAs", "text")},
    "Chip": {"generation": ("generation", "positive-integer")},
    "SystemPlatform": {"generation": ("generation", "positive-integer")},
    "AIModel": {"launched": ("launchedIn", "year")},
}

_COMPANY = ("Company",)
DEAL_ROLES: dict[str, dict[str, Relation]] = {
    "Investment": {
        "investor": Relation("investor", _COMPANY, required=True),
        "investee": Relation("investee", _COMPANY, required=True),
    },
    "ComputeCommitment": {
        "buyer": Relation("buyer", _COMPANY, required=True),
        "seller": Relation("seller", _COMPANY, required=True),
        "service": Relation("service", ("CloudService",)),
        "site": Relation("site", ("ComputeSite",)),
    },
    "ChipSupplyAgreement": {
        "buyer": Relation("buyer", _COMPANY, required=True),
        "seller": Relation("seller", _COMPANY, required=True),
    },
    "Partnership": {
        "partners": Relation("partner", _COMPANY, many=True, required=True, min_count=2),
    },
    "EquityStake": {
        "holder": Relation("stakeHolder", _COMPANY, required=True),
        "company": Relation("stakeIn", _COMPANY, required=True),
    },
    # A company (the issuer) grants another the right to buy its shares.
    "Warrant": {
        "issuer": Relation("issuer", _COMPANY, required=True),
        "holder": Relation("warrantHolder", _COMPANY, required=True),
    },
    # A company raises money from named investors; an investor's own share is an
    # Investment with ``part_of`` naming the round.
    "FundingRound": {
        "raiser": Relation("raiser", _COMPANY, required=True),
        "lead": Relation("leadInvestor", _COMPANY, many=True),
        "investors": Relation("roundInvestor", _COMPANY, many=True),
    },
    "Acquisition": {
        "acquirer": Relation("acquirer", _COMPANY, required=True),
        "acquired": Relation("acquired", _COMPANY, required=True),
    },
    # A technology licence (often with hires): the licensee pays the licensor.
    "Licensing": {
        "licensor": Relation("licensor", _COMPANY, required=True),
        "licensee": Relation("licensee", _COMPANY, required=True),
    },
}

#: Keys every deal may carry whatever its type: key -> thing types it may name.
DEAL_LINKS: dict[str, Relation] = {
    "hardware": Relation("hardware", HARDWARE_TYPES, many=True),
    "for_model": Relation("forModel", ("AIModel",), many=True),
}

# ASCII digits only (\d also matches fullwidth and other scripts' digits).
_DATE_FORMS = (
    (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), "date"),
    (re.compile(r"[0-9]{4}-[0-9]{2}"), "gYearMonth"),
    (re.compile(r"[0-9]{4}"), "gYear"),
)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or the year only.

    ``text`` is the lexical form (``2025-11-18``, ``2025-11``, ``2025``) and
    ``datatype`` the XSD type it becomes (``date``, ``gYearMonth``, ``gYear``).

    Examples
    --------
    >>> PartialDate.parse("2025-11")
    PartialDate(text='2025-11', datatype='gYearMonth')
    >>> PartialDate.parse("2025-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2025-02-30' is not a real date
    """

    text: str
    datatype: str

    @classmethod
    def parse(cls, raw: object) -> "PartialDate":
        text = str(raw).strip()
        for pattern, datatype in _DATE_FORMS:
            if pattern.fullmatch(text):
                if text.startswith("0000"):
                    raise ValueError(f"'{text}' has year 0, which no calendar has")
                if datatype == "date":
                    try:
                        date.fromisoformat(text)
                    except ValueError:
                        raise ValueError(f"'{text}' is not a real date") from None
                elif datatype == "gYearMonth" and not 1 <= int(text[5:]) <= 12:
                    raise ValueError(f"'{text}' has no month {text[5:]}")
                return cls(text, datatype)
        raise ValueError(f"{text[:40]!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")

    @property
    def earliest(self) -> date:
        """The first day the date could mean (for "as of" comparisons)."""
        parts = [int(p) for p in self.text.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])


@dataclass(frozen=True)
class Source:
    """A source document: an article, press release or filing."""

    id: str
    headline: str
    publisher: str
    language: str
    where: Where
    published: PartialDate | None = None
    url: str | None = None
    original_outlet: str | None = None


@dataclass(frozen=True)
class Thing:
    """A company, person, chip, platform, cloud service, site or model."""

    id: str
    type: str
    label: str
    where: Where
    label_it: str | None = None
    wikidata: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()
    #: relation key -> ids of the things it names
    relations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: literal key -> value (str, int or PartialDate)
    literals: dict[str, object] = field(default_factory=dict)
    #: YAML key -> its line, so later checks can point at the key
    lines: dict[str, int] = field(default_factory=dict)
    #: other names the thing goes by ("AWS"), for finding it in articles (skos:altLabel)
    aliases: tuple[str, ...] = ()

    def at(self, key: str) -> Where:
        """Where ``key`` of this entry was written."""
        return Where(self.where.file, self.lines.get(key, self.where.line))


@dataclass(frozen=True)
class Deal:
    """A deal node: an investment, compute commitment, chip supply, partnership, stake, warrant,
    funding round, acquisition or licence."""

    id: str
    type: str
    announced: PartialDate
    status: str
    sources: tuple[str, ...]
    where: Where
    label: str | None = None
    evidence: str | None = None
    #: role key -> ids of the things in that role
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: hardware / for_model -> ids
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)
    amount: Quantity | None = None
    valuation: Quantity | None = None
    capacity: Quantity | None = None
    chip_count: Quantity | None = None
    #: shares a warrant covers (Warrant only)
    share_count: Quantity | None = None
    percent: Decimal | None = None
    online_by: PartialDate | None = None
    supersedes: tuple[str, ...] = ()
    note: str | None = None
    #: the FundingRound an Investment is part of (Investment only)
    part_of: str | None = None
    #: ``pre-money`` or ``post-money`` (FundingRound only)
    valuation_basis: str | None = None
    #: YAML key -> its line, so later checks can point at the key
    lines: dict[str, int] = field(default_factory=dict)

    def at(self, key: str) -> Where:
        """Where ``key`` of this entry was written."""
        return Where(self.where.file, self.lines.get(key, self.where.line))


@dataclass(frozen=True)
class NotConfirmed:
    """A candidate fact that was looked for and not confirmed; kept out of the graph."""

    id: str
    summary: str
    why: str
    where: Where


@dataclass
class Dataset:
    """Everything read from a data directory."""

    sources: dict[str, Source] = field(default_factory=dict)
    things: dict[str, Thing] = field(default_factory=dict)
    deals: dict[str, Deal] = field(default_factory=dict)
    not_confirmed: dict[str, NotConfirmed] = field(default_factory=dict)
