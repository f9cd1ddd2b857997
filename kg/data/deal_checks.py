"""Checks that tie one deal to another: ``supersedes``, ``part_of`` and the ``revised`` status.

They run after every file is read (a deal may name one written later or in
another file) and return :class:`kg.problems.Problem` objects naming the file
and line of the key at fault.
"""

from __future__ import annotations

from ..problems import Problem
from .records import Dataset, Deal, Where


def check_deal_links(data: Dataset) -> list[Problem]:
    """Every problem with the links between the deals of ``data``.

    - ``supersedes`` names known deals, never the deal itself;
    - ``part_of`` names a ``FundingRound`` whose ``raiser`` is the
      investment's ``investee``;
    - the parts of a round stated in the round's currency add up to no more
      than the round's total (a part larger than the total is a typo or a
      different round);
    - status ``revised`` only on a deal a later deal supersedes: a deal keeps
      the status it reached and the replacement says ``supersedes``.

    Examples
    --------
    >>> check_deal_links(Dataset())
    []
    """
    found: list[Problem] = []

    def add(where: Where, message: str) -> None:
        found.append(Problem(where.file, where.line, message))

    superseded = {old for deal in data.deals.values() for old in deal.supersedes}
    parts: dict[str, list[Deal]] = {}
    for deal in data.deals.values():
        owner = f"deal '{deal.id}'"
        for other in deal.supersedes:
            if other not in data.deals:
                add(deal.at("supersedes"), f"{owner}: 'supersedes' names unknown deal '{other}'")
            elif other == deal.id:
                add(deal.at("supersedes"), f"{owner} supersedes itself")
        if deal.status == "revised" and deal.id not in superseded:
            add(deal.at("status"), (
                f"{owner} has status 'revised' but no deal supersedes it: keep the status the deal "
                "reached (letter-of-intent, announced, ...) and write 'supersedes' on the deal that replaces it"
            ))
        if deal.part_of is None:
            continue
        round_ = data.deals.get(deal.part_of)
        if round_ is None:
            add(deal.at("part_of"), f"{owner}: 'part_of' names unknown deal '{deal.part_of}'")
        elif round_.type != "FundingRound":
            add(deal.at("part_of"), f"{owner}: 'part_of' must name a FundingRound, but '{round_.id}' is a {round_.type}")
        elif round_.roles.get("raiser") != deal.roles.get("investee"):
            raiser = ", ".join(round_.roles.get("raiser", ())) or "nobody"
            investee = ", ".join(deal.roles.get("investee", ())) or "nobody"
            add(deal.at("part_of"), (
                f"{owner}: 'part_of' names round '{round_.id}' raised by '{raiser}', "
                f"but the investee is '{investee}'"
            ))
        else:
            parts.setdefault(round_.id, []).append(deal)
    for round_id, members in parts.items():
        _check_parts_fit(data.deals[round_id], members, add)
    return found


def _check_parts_fit(round_: Deal, members: list[Deal], add) -> None:
    """The parts' least amounts in the round's currency must not exceed the round's most."""
    total = round_.amount
    if total is None:
        return
    most = total.value if total.value is not None else total.maximum
    if most is None:
        return
    least = sum(
        (p.amount.value if p.amount.value is not None else (p.amount.minimum or 0))
        for p in members if p.amount is not None and p.amount.currency == total.currency
    )
    if least > most:
        add(round_.at("amount"), (
            f"deal '{round_.id}': its parts ({', '.join(sorted(p.id for p in members))}) add up to at least "
            f"{least} {total.currency}, more than the round's {most}"
        ))
