"""The money view of funding rounds, acquisitions, licences, approximate figures and currencies.

Worked out by hand on tests/fixtures/rounds/ (fictional):

- Alpha AI's round is 10B USD, led by Bigcloud with ChipCo; Bigcloud's own
  3B is part of it. Money into Alpha AI: 3B (investment) + 7B (the round's
  unattributed remainder) = 10B USD, never 13B. The 7B belongs to Bigcloud
  and ChipCo together: neither's money out includes it.
- Eurofund invests 2B EUR into Alpha AI: a second total, in euros.
- ChipCo buys TinyCo for about 900M USD: money out of ChipCo, not into TinyCo.
- Alpha AI pays TinyCo 500M USD for a licence (reported evidence).
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from kg import api
from kg.analysis.circular_flows import circular_flows
from kg.analysis.counting import remainder
from kg.analysis.money_flows import money_between, money_flows
from kg.analysis.timeline import timeline
from kg.network import money_view, project
from kg.quantities import Quantity

ROUNDS = Path(__file__).parent / "fixtures" / "rounds"


def _rounds_data(tmp_path: Path, change=lambda deals: deals) -> Path:
    """A copy of the rounds fixture whose deals.yaml text is ``change(text)``."""
    data = tmp_path / "data"
    shutil.copytree(ROUNDS, data)
    deals = data / "deals.yaml"
    deals.write_text(change(deals.read_text(encoding="utf-8")), encoding="utf-8")
    return data


def _compute_deal(deal_id: str, buyer: str, seller: str, amount: str) -> str:
    """One more deals.yaml entry: a compute commitment announced in August 2025, citing ledger-1."""
    return (f"  - id: {deal_id}\n    type: ComputeCommitment\n    buyer: {buyer}\n    seller: {seller}\n"
            f"    amount: {amount}\n    announced: 2025-08\n    status: announced\n    sources: [ledger-1]\n")
B, M = 10**9, 10**6


@pytest.fixture(scope="module")
def projection():
    return project(api.build(ROUNDS))


def _rows(projection):
    return {(r["company"], r["direction"], r["kind"]): r for r in money_flows(projection)}


def _usd(money: dict) -> tuple:
    return money["USD"]["low"], money["USD"]["high"]


def test_money_into_the_raiser_counts_the_round_once(projection):
    rows = _rows(projection)
    into_alpha = [r for (company, direction, _), r in rows.items() if (company, direction) == ("alpha-ai", "in")]
    usd_in = sum(r["money"]["USD"]["low"] for r in into_alpha if "USD" in r["money"])
    assert usd_in == 10 * B  # 3B part + 7B remainder, not 10B + 3B
    assert _usd(rows["alpha-ai", "in", "funding round"]["money"]) == (7 * B, 7 * B)
    assert rows["alpha-ai", "in", "funding round"]["counterparties"] == ["bigcloud", "chipco"]


def test_the_shared_remainder_is_listed_not_summed_on_the_investors_side(projection):
    rows = _rows(projection)
    for investor in ("bigcloud", "chipco"):
        row = rows[investor, "out", "funding round"]
        assert (row["money"], row["deals"], row["shared"]) == ({}, [], ["alpha-round-2025"])
    assert _usd(rows["bigcloud", "out", "investment"]["money"]) == (3 * B, 3 * B)


def test_a_round_with_one_investor_is_its_money_out(projection, tmp_path):
    data = _rounds_data(tmp_path, lambda deals: deals.replace("    investors: [chipco]\n", ""))
    rows = _rows(project(api.build(data)))
    assert _usd(rows["bigcloud", "out", "funding round"]["money"]) == (7 * B, 7 * B)
    assert rows["bigcloud", "out", "funding round"]["shared"] == []


def test_a_round_naming_no_investor_is_still_money_into_the_raiser(tmp_path):
    data = _rounds_data(tmp_path, lambda deals: deals.replace("    lead: [bigcloud]\n    investors: [chipco]\n", ""))
    rows = _rows(project(api.build(data)))
    assert _usd(rows["alpha-ai", "in", "funding round"]["money"]) == (7 * B, 7 * B)
    assert rows["alpha-ai", "in", "funding round"]["counterparties"] == []


def test_two_currencies_into_one_company_stay_two_totals(projection):
    row = _rows(projection)["alpha-ai", "in", "investment"]
    assert {c: (t["low"], t["high"]) for c, t in row["money"].items()} == {"EUR": (2 * B, 2 * B), "USD": (3 * B, 3 * B)}
    month = {r["month"]: r for r in timeline(projection)}["2025-06"]
    assert set(month["money"]) == {"EUR"}


def test_an_acquisition_is_money_out_of_the_acquirer_only(projection):
    rows = _rows(projection)
    price = rows["chipco", "out", "acquisition"]["money"]["USD"]
    assert (price["exact"], price["approximate"]) == (900 * M, True)
    assert not [key for key in rows if key[0] == "tinyco" and key[2] == "acquisition"]
    assert not money_view(projection).has_edge("chipco", "tinyco")
    assert "tinyco" in projection["chipco"]  # the deal is still in the projection


def test_a_licence_fee_runs_from_licensee_to_licensor(projection):
    rows = _rows(projection)
    assert _usd(rows["alpha-ai", "out", "licensing"]["money"]) == (500 * M, 500 * M)
    assert _usd(rows["tinyco", "in", "licensing"]["money"]) == (500 * M, 500 * M)


def test_money_between_pairs(projection):
    pairs = {(p["from"], p["to"]): p for p in money_between(projection)}
    assert set(pairs) == {("bigcloud", "alpha-ai"), ("chipco", "alpha-ai"), ("eurofund", "alpha-ai"), ("alpha-ai", "tinyco")}
    assert _usd(pairs["bigcloud", "alpha-ai"]["money"]) == (3 * B, 3 * B)
    assert pairs["bigcloud", "alpha-ai"]["shared"] == ["alpha-round-2025"]
    assert pairs["chipco", "alpha-ai"]["money"] == {}


def test_timeline_counts_a_round_and_its_part_once(projection):
    months = {r["month"]: r for r in timeline(projection)}
    assert months["2025-05"]["deals"] == ["alpha-round-2025", "bigcloud-alpha-investment-2025"]
    assert _usd(months["2025-05"]["money"]) == (10 * B, 10 * B)
    july = months["2025-07"]["money"]["USD"]
    assert (july["exact"], july["approximate"]) == (1400 * M, True)


def test_remainder_keeps_bounds():
    usd = lambda **kw: Quantity(unit="USD", **{k: Decimal(v) for k, v in kw.items()})  # noqa: E731
    assert remainder(usd(value=10), [usd(maximum=4)]) == usd(minimum=6, maximum=10)
    assert remainder(usd(maximum=10), [usd(value=3)]) == usd(maximum=7)
    assert remainder(usd(minimum=10), [usd(value=3), usd(value=2)]) == usd(minimum=5)
    assert remainder(usd(value=10), [usd(value=3), None]) == usd(maximum=7)
    assert remainder(usd(value=10), [Quantity(value=Decimal(3), unit="EUR")]) is None


def test_a_cycle_through_a_round_counts_only_the_attributed_part(tmp_path):
    data = _rounds_data(tmp_path, lambda deals: deals + _compute_deal("alpha-bigcloud-compute-2025", "alpha-ai", "bigcloud", "{value: 6B}")
                        + _compute_deal("tinyco-chipco-compute-2025", "tinyco", "chipco", "{value: 1B}"))
    cycles = circular_flows(project(api.build(data)))
    # ChipCo -> TinyCo is an acquisition (TinyCo is not paid): no ChipCo -> TinyCo -> ChipCo cycle.
    # ChipCo's part of the round does reach Alpha AI, which pays TinyCo, which pays ChipCo.
    assert [c["companies"] for c in cycles] == [
        ["bigcloud", "alpha-ai", "bigcloud"], ["chipco", "alpha-ai", "tinyco", "chipco"]]
    cycle, triangle = cycles
    assert triangle["leaves"] == {} and triangle["returned_share"] is None  # shared, no split: not ChipCo's alone
    assert _usd(cycle["leaves"]) == (3 * B, 3 * B)  # the 3B part; the shared 7B is not Bigcloud's alone
    assert [(d["id"], d["shared"]) for d in cycle["legs"][0]["deals"]] == [
        ("alpha-round-2025", True), ("bigcloud-alpha-investment-2025", False)]
    assert cycle["returned_share"] == {"currency": "USD", "low": 2.0, "high": 2.0}


# ------------------------------------------------------------------ through the commands users type


def test_cli_money_flows_writes_about_and_two_currencies(run_kg):
    result = run_kg("analyze", "money-flows", "--data", ROUNDS, "--format", "md")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    [acquisition] = [line for line in lines if "| acquisition |" in line]
    assert "about $900M" in acquisition
    [investment_in] = [line for line in lines if line.startswith("| Alpha AI | in | investment |")]
    assert "€2B; $3B" in investment_in


def test_cli_json_money_flows(run_kg):
    result = run_kg("analyze", "money-flows", "--data", ROUNDS, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["analyses"]["money-flows"]
    into_alpha = {r["kind"]: r["money"] for r in rows if (r["company"], r["direction"]) == ("alpha-ai", "in")}
    assert into_alpha["funding round"]["USD"]["exact"] == 7 * B
    assert into_alpha["investment"]["USD"]["exact"] == 3 * B
    assert into_alpha["investment"]["EUR"]["exact"] == 2 * B


def test_cli_min_evidence_drops_reported_deals(run_kg):
    result = run_kg("analyze", "money-flows", "--data", ROUNDS, "--format", "json", "--min-evidence", "announced")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["analyses"]["money-flows"]
    # The licence is reported; Eurofund's investment and the acquisition state no evidence: weak.
    assert {r["kind"] for r in rows} == {"funding round", "investment"}
    assert {r["company"] for r in rows} == {"alpha-ai", "bigcloud", "chipco"}


def test_cli_min_evidence_rejects_unknown_levels(run_kg):
    result = run_kg("analyze", "--data", ROUNDS, "--min-evidence", "rumour")
    assert result.exit_code == 2


def test_report_and_page_write_about(tmp_path, run_kg):
    out = tmp_path / "out"
    result = run_kg("build", "--data", ROUNDS, "--out", out)
    assert result.exit_code == 0, result.output
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "about $900M" in report
    assert "about $1.4B" in report  # July: about 900M + 500M
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "about $900M" in page


def test_saved_question_investors_of_shows_the_round_and_its_part(run_kg):
    result = run_kg("query", "investors-of", "--param", "firm=alpha-ai", "--data", ROUNDS, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = [{k: v["value"] for k, v in b.items()} for b in json.loads(result.output)["results"]["bindings"]]
    seen = {(r["investor"].rsplit("/", 1)[-1], r["deal"].rsplit("/", 1)[-1], r.get("round", "").rsplit("/", 1)[-1],
             r["role"], Decimal(r["amount"]), r["currency"]) for r in rows}
    assert seen == {
        ("bigcloud", "alpha-round-2025", "alpha-round-2025", "lead", 10 * B, "USD"),
        ("chipco", "alpha-round-2025", "alpha-round-2025", "participant", 10 * B, "USD"),
        ("bigcloud", "bigcloud-alpha-investment-2025", "alpha-round-2025", "investor", 3 * B, "USD"),
        ("eurofund", "eurofund-alpha-investment-2025", "", "investor", 2 * B, "EUR"),
    }


def test_saved_question_timeline_lists_the_new_kinds(run_kg):
    result = run_kg("query", "timeline", "--data", ROUNDS, "--format", "json")
    assert result.exit_code == 0, result.output
    kinds = [b["kind"]["value"].rsplit("#", 1)[-1] for b in json.loads(result.output)["results"]["bindings"]]
    assert sorted(kinds) == ["Acquisition", "FundingRound", "Investment", "Investment", "Licensing"]


def test_supplier_dependence_keeps_currencies_apart(tmp_path):
    from kg.analysis.supplier_dependence import supplier_dependence

    data = _rounds_data(tmp_path, lambda deals: deals + _compute_deal("alpha-bigcloud-compute-2025", "alpha-ai", "bigcloud", "{value: 6B}")
                        + _compute_deal("alpha-eurofund-compute-2025", "alpha-ai", "eurofund", "{value: 2B, currency: EUR}"))
    [alpha] = [row for row in supplier_dependence(project(api.build(data))) if row["buyer"] == "alpha-ai"]
    suppliers = {s["supplier"]: s for s in alpha["compute"]["suppliers"]}
    # Each supplier is the whole of the buyer's money in its own currency: 6B USD and 2B EUR are not one 8B.
    assert suppliers["bigcloud"]["money_share"] == {"USD": {"low": 1.0, "high": 1.0}}
    assert suppliers["eurofund"]["money_share"] == {"EUR": {"low": 1.0, "high": 1.0}}
    assert {c: (h["low"], h["high"]) for c, h in alpha["compute"]["money_hhi"].items()} == {
        "EUR": (10000, 10000), "USD": (10000, 10000)}
