"""Money in and out of each company, by kind of deal.

Money flows along the money edges of the projection (:data:`kg.network.ROLE_PAIRS`):
investor to investee, buyer to seller, a round's investors to its raiser,
licensee to licensor. Amounts are summed per currency with
:class:`kg.quantities.Total`, so exact, "up to", "at least" and range
figures stay apart and different currencies are never added; deals that
state no amount are listed, not guessed. Superseded deals are left out.

A funding round counts only what its parts do not cover
(:mod:`kg.analysis.counting`): into the raiser always, out of its investor
only when it names one; with several, each investor's row lists it under
``shared``, unsummed. An acquisition's price is money out of the acquirer and
not into the acquired company (its former owners are paid).
"""

from __future__ import annotations

import networkx as nx

from ..network import counted, money_view
from ..quantities import totals_dict
from ..stages import STAGES
from .counting import counted_amounts, round_investors, shared


def money_flows(projection: nx.MultiDiGraph) -> list[dict]:
    """For each company, the money in and out by kind of deal.

    Parameters
    ----------
    projection : networkx.MultiDiGraph
        From :func:`kg.network.project`.

    Returns
    -------
    list of dict
        One row per company, direction (``in``, ``out``) and kind, sorted:
        ``company``, ``label``, ``direction``, ``kind``, ``money`` (currency
        to a total, see :meth:`kg.quantities.Total.as_dict`),
        ``deals`` (those with an amount), ``unstated`` (those without),
        ``shared`` (rounds whose money several investors share, not summed)
        and ``counterparties``.

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> for row in money_flows(project(example_graph())):
    ...     usd = row["money"].get("USD", {})
    ...     print(row["company"], row["direction"], row["kind"], usd.get("low"), usd.get("high"), row["deals"])
    alpha-ai in investment 0 2000000000 ['bigcloud-invests']
    alpha-ai out compute 6000000000 6000000000 ['alpha-compute']
    bigcloud in compute 6000000000 6000000000 ['alpha-compute']
    bigcloud out hardware supply 1000000000 3000000000 ['bigcloud-chips']
    bigcloud out investment 0 2000000000 ['bigcloud-invests']
    chipco in hardware supply 1000000000 3000000000 ['bigcloud-chips']
    """
    records = projection.graph["deals"]
    amounts = counted_amounts(records)
    # A deal counts once per company and direction, even if it has several counterparties.
    groups: dict[tuple[str, str, str], set[str]] = {}
    unsplit: dict[tuple[str, str, str], set[str]] = {}
    others: dict[tuple[str, str, str], set[str]] = {}

    def note(company: str, direction: str, kind: str, key: str, other: str | None, split: bool = True) -> None:
        group = (company, direction, kind)
        (groups if split else unsplit).setdefault(group, set()).add(key)
        others.setdefault(group, set()).update([other] if other else [])

    for payer, payee, key, data in projection.edges(keys=True, data=True):
        if not data.get("money") or not counted(data):
            continue
        note(payer, "out", data["kind"], key, payee, split=not shared(records[key]))
        if data.get("received", True):
            note(payee, "in", data["kind"], key, payer)
    # A round that names no investor is still money into its raiser.
    for key, record in records.items():
        if record["cls"] == "FundingRound" and counted(record) and not round_investors(record):
            for raiser in record["parties"].get("raiser", ()):
                note(raiser, "in", record["kind"], key, None)
    rows = []
    for group in sorted(set(groups) | set(unsplit)):
        company, direction, kind = group
        legs = groups.get(group, set())
        rows.append({
            "company": company,
            "label": projection.nodes[company]["label"],
            "direction": direction,
            "kind": kind,
            "money": totals_dict(amounts[key] for key in sorted(legs) if amounts[key] is not None),
            "deals": sorted(key for key in legs if amounts[key] is not None),
            "unstated": sorted(key for key in legs if amounts[key] is None),
            "shared": sorted(unsplit.get(group, ())),
            "counterparties": sorted(others[group]),
            "by_stage": _by_stage(sorted(legs), amounts, records),
        })
    return rows


def _by_stage(keys: list[str], amounts: dict, records: dict) -> dict[str, dict]:
    stated = [key for key in keys if amounts[key] is not None]
    return {
        stage: totals_dict(amounts[key] for key in stated if records[key]["stage"] == stage)
        for stage in reversed(STAGES) if any(records[key]["stage"] == stage for key in stated)
    }


def money_between(projection: nx.MultiDiGraph) -> list[dict]:
    """The money from each payer to each payee, summed over the counted deals between them.

    Returns
    -------
    list of dict
        ``from``, ``to``, ``labels`` (the pair's labels), ``kinds``,
        ``money`` (per currency), ``deals`` (with an amount) and
        ``unstated`` (without), sorted by payer and payee.

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> [(p["from"], p["to"], p["money"]["USD"]["high"]) for p in money_between(project(example_graph()))]
    [('alpha-ai', 'bigcloud', 6000000000), ('bigcloud', 'alpha-ai', 2000000000), ('bigcloud', 'chipco', 3000000000)]
    """
    deals = projection.graph["deals"]
    amounts = counted_amounts(deals)
    view = money_view(projection)
    pairs = []
    for payer, payee in sorted(view.edges):
        ids = view.edges[payer, payee]["deals"]
        split = [d for d in ids if not shared(deals[d])]
        pairs.append({
            "from": payer,
            "to": payee,
            "labels": [view.nodes[payer]["label"], view.nodes[payee]["label"]],
            "kinds": sorted({deals[d]["kind"] for d in ids}),
            "money": totals_dict(amounts[d] for d in split if amounts[d] is not None),
            "deals": [d for d in split if amounts[d] is not None],
            "unstated": [d for d in split if amounts[d] is None],
            "shared": [d for d in ids if shared(deals[d])],
        })
    return pairs
