"""Promised or paid: the stage of a deal's money, from its status, the bound of its amount and its kind.

One function, :func:`deal_stage`, and one table, :data:`STAGE_RULES`, read top
to bottom (the first rule that matches gives the stage):

======================================  ==============  ===========================================
deal                                    stage           why
======================================  ==============  ===========================================
status ``closed``                       ``paid``        the money changed hands
kind ``warrant``                        ``conditional`` an option: value passes only if exercised
status ``rumoured``, ``reported``,      ``intended``    nobody has signed for it yet
``letter-of-intent``
amount "up to" or a range               ``conditional`` the sum depends on options or milestones
status ``definitive``, ``announced``,   ``committed``   signed, and the sum is exact (or a floor)
``revised`` (or no status)
======================================  ==============  ===========================================

Stages are ordered ``intended`` < ``conditional`` < ``committed`` < ``paid``
(:data:`STAGES`); ``--min-stage committed`` keeps committed and paid money.
The projection (:mod:`kg.network`) gives every deal record and edge its
``stage``, so every analysis, the report, the page and the tables see the same one.
"""

from __future__ import annotations

#: The stages, least settled first.
STAGES = ("intended", "conditional", "committed", "paid")

_NOT_SIGNED = {"rumoured", "reported", "letter-of-intent"}

#: (test on a deal record, stage, why): the first test that holds gives the stage.
STAGE_RULES = (
    (lambda deal: deal.get("status") == "closed", "paid", "status closed: the money changed hands"),
    (lambda deal: deal.get("kind") == "warrant", "conditional", "a warrant is an option"),
    (lambda deal: deal.get("status") in _NOT_SIGNED, "intended", "rumoured, reported or a letter of intent"),
    (lambda deal: deal.get("amount") is not None and deal["amount"].bound in ("up to", "range"), "conditional",
     "an \"up to\" or a range: options or milestones decide the sum"),
    (lambda deal: True, "committed", "definitive or announced, with an exact sum, a floor or none stated"),
)


def deal_stage(deal: dict) -> str:
    """The stage of a deal record of :func:`kg.network.deal_records` (``kind``, ``status``, ``amount``).

    Examples
    --------
    >>> from decimal import Decimal
    >>> from kg.quantities import Quantity
    >>> exact, up_to = Quantity(value=Decimal(5), unit="USD"), Quantity(maximum=Decimal(5), unit="USD")
    >>> deal_stage({"kind": "investment", "status": "closed", "amount": up_to})
    'paid'
    >>> deal_stage({"kind": "investment", "status": "definitive", "amount": exact})
    'committed'
    >>> deal_stage({"kind": "compute", "status": "announced", "amount": up_to})
    'conditional'
    >>> deal_stage({"kind": "investment", "status": "letter-of-intent", "amount": exact})
    'intended'
    >>> deal_stage({"kind": "warrant", "status": "definitive", "amount": None})
    'conditional'
    """
    return next(stage for test, stage, _why in STAGE_RULES if test(deal))


def stage_rank(stage: str) -> int:
    """The position of ``stage`` in :data:`STAGES` (ValueError for an unknown one)."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage '{stage}' (known: {', '.join(STAGES)})")
    return STAGES.index(stage)


def keep_stages(projection, min_stage: str):
    """A copy of a projection without the deals (records and edges) less settled than ``min_stage``.

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> kept = keep_stages(project(example_graph()), "committed")
    >>> sorted(kept.graph["deals"])
    ['alpha-compute']
    """
    floor = stage_rank(min_stage)
    kept = projection.copy()
    dropped = {d for d, r in projection.graph["deals"].items() if stage_rank(r["stage"]) < floor}
    kept.graph["deals"] = {d: r for d, r in projection.graph["deals"].items() if d not in dropped}
    kept.remove_edges_from([(u, v, k) for u, v, k, deal in projection.edges(keys=True, data="deal") if deal in dropped])
    return kept
