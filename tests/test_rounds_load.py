"""Funding rounds, acquisitions, licences and approximate figures: reading, checking and building.

The data is tests/fixtures/rounds/ (fictional firms): Alpha AI raises a
10 billion round led by Bigcloud with ChipCo; Bigcloud's own 3 billion is an
investment that is part of it; Eurofund invests 2 billion euros; ChipCo buys
TinyCo for about 900 million; Alpha AI licenses TinyCo's technology for 500
million. Line numbers below are counted by hand in its deals.yaml.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.data.load import load_data
from kg.problems import InputError
from kg.rdf.builder import build_graph
from kg.rdf.terms import AIC, AID, SCHEMA, deal_iri

ROUNDS = Path(__file__).parent / "fixtures" / "rounds"


@pytest.fixture
def rounds_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROUNDS, target)
    return target


@pytest.fixture(scope="module")
def graph():
    return build_graph(load_data(ROUNDS)).graph


def _break(data: Path, old: str, new: str) -> None:
    path = data / "deals.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"fixture changed: {old!r} should occur once"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# (case, text to replace, replacement, line, message fragment)
CASES = [
    ("part-of-other-raiser", "investee: alpha-ai\n    part_of", "investee: chipco\n    part_of", 18,
     "'part_of' names round 'alpha-round-2025' raised by 'alpha-ai', but the investee is 'chipco'"),
    ("part-of-not-a-round", "part_of: alpha-round-2025", "part_of: eurofund-alpha-investment-2025", 18,
     "'part_of' must name a FundingRound, but 'eurofund-alpha-investment-2025' is a Investment"),
    ("part-of-unknown", "part_of: alpha-round-2025", "part_of: nowhere-round", 18, "'part_of' names unknown deal 'nowhere-round'"),
    ("part-of-two-rounds", "part_of: alpha-round-2025", "part_of: [alpha-round-2025, alpha-round-2025]", 18, "'part_of' takes one id"),
    ("parts-above-total", "amount: {value: 3B}", "amount: {value: 12B}", 7, "add up to at least 12000000000 USD, more than the round's 10000000000"),
    ("valuation-basis", "valuation_basis: post-money", "valuation_basis: after", 9, "expected one of pre-money, post-money"),
    ("round-without-raiser", "    raiser: alpha-ai\n", "", 2, "missing required field 'raiser' for a FundingRound"),
    ("lead-is-a-model", "lead: [bigcloud]", "lead: [alpha-model]", 5, "'lead' must be a Company, but 'alpha-model' is a AIModel"),
    ("basis-on-investment", "part_of: alpha-round-2025", "valuation_basis: pre-money", 18, "unknown key 'valuation_basis'"),
    ("part-of-on-acquisition", "acquired: tinyco\n", "acquired: tinyco\n    part_of: alpha-round-2025\n", 36, "unknown key 'part_of'"),
    ("approximate-not-boolean", "approximate: true", "approximate: maybe", 36, "approximate: 'maybe'; write true or false"),
    ("acquisition-without-acquired", "    acquired: tinyco\n", "", 32, "missing required field 'acquired' for a Acquisition"),
    ("licensing-without-licensor", "    licensor: tinyco\n", "", 40, "missing required field 'licensor' for a Licensing"),
    ("revised-without-superseder", "status: closed", "status: revised", 38, "has status 'revised' but no deal supersedes it"),
]


@pytest.mark.parametrize("case,old,new,line,fragment", CASES, ids=[c[0] for c in CASES])
def test_bad_rounds_name_file_and_line(case, old, new, line, fragment, rounds_data, run_kg):
    _break(rounds_data, old, new)
    result = run_kg("validate", "--data", rounds_data)
    assert result.exit_code == 1, result.output
    entries = result.stderr.strip().splitlines()
    assert any(f"deals.yaml:{line}: " in e and fragment in e for e in entries), result.stderr
    assert "Traceback" not in result.output


def test_the_api_raises_with_the_same_problem(rounds_data):
    _break(rounds_data, "investee: alpha-ai\n    part_of", "investee: chipco\n    part_of")
    with pytest.raises(InputError) as caught:
        load_data(rounds_data)
    [problem] = caught.value.problems
    assert (Path(problem.file).name, problem.line) == ("deals.yaml", 18)


def test_revised_is_accepted_on_a_superseded_deal(rounds_data, run_kg):
    _break(rounds_data, "status: closed", "status: revised")
    _break(rounds_data, "    part_of: alpha-round-2025\n", "    part_of: alpha-round-2025\n    supersedes: [chipco-tinyco-acquisition-2025]\n")
    result = run_kg("validate", "--data", rounds_data)
    assert result.exit_code == 0, result.output


def test_the_records_hold_what_the_yaml_says():
    data = load_data(ROUNDS)
    round_ = data.deals["alpha-round-2025"]
    assert round_.roles == {"raiser": ("alpha-ai",), "lead": ("bigcloud",), "investors": ("chipco",)}
    assert round_.valuation_basis == "post-money"
    assert data.deals["bigcloud-alpha-investment-2025"].part_of == "alpha-round-2025"
    price = data.deals["chipco-tinyco-acquisition-2025"].amount
    assert (price.value, price.approximate, price.currency) == (Decimal(900_000_000), True, "USD")
    assert data.deals["alpha-tinyco-licensing-2025"].amount.approximate is False
    assert data.deals["eurofund-alpha-investment-2025"].amount.currency == "EUR"


def test_the_graph_states_the_round_and_its_part(graph):
    round_ = deal_iri("alpha-round-2025")
    assert (round_, RDF.type, AIC.FundingRound) in graph
    assert set(graph.objects(round_, AIC.raiser)) == {AID["alpha-ai"]}
    assert set(graph.objects(round_, AIC.leadInvestor)) == {AID.bigcloud}
    assert set(graph.objects(round_, AIC.roundInvestor)) == {AID.chipco}
    assert graph.value(round_, AIC.valuationBasis) == Literal("post-money")
    assert graph.value(round_, RDFS.label) == Literal("Alpha AI raises a funding round (2025-05-02)", lang="en")
    assert graph.value(deal_iri("bigcloud-alpha-investment-2025"), AIC.partOfRound) == round_
    assert (deal_iri("eurofund-alpha-investment-2025"), AIC.partOfRound, None) not in graph


def test_the_graph_states_acquisitions_and_licences(graph):
    buy, licence = deal_iri("chipco-tinyco-acquisition-2025"), deal_iri("alpha-tinyco-licensing-2025")
    assert (buy, AIC.acquirer, AID.chipco) in graph and (buy, AIC.acquired, AID.tinyco) in graph
    assert (licence, AIC.licensor, AID.tinyco) in graph and (licence, AIC.licensee, AID["alpha-ai"]) in graph
    assert graph.value(buy, RDFS.label) == Literal("ChipCo acquires TinyCo (2025-07)", lang="en")
    assert graph.value(licence, RDFS.label) == Literal("Alpha AI licenses technology from TinyCo (2025-07)", lang="en")


def test_only_approximate_figures_say_so(graph):
    price = URIRef(f"{deal_iri('chipco-tinyco-acquisition-2025')}/amount")
    assert graph.value(price, AIC.approximate) == Literal(True)
    assert graph.value(price, SCHEMA.value) == Literal("900000000.0", datatype=XSD.decimal)
    assert set(graph.subjects(AIC.approximate, None)) == {price}


def test_shortcut_edges_of_the_new_kinds(graph):
    alpha = AID["alpha-ai"]
    # Lead and other investors of a round invest in its raiser, with or without a reported share.
    assert set(graph.subjects(AIC.investsIn, alpha)) == {AID.bigcloud, AID.chipco, AID.eurofund}
    assert set(graph.subject_objects(AIC.acquires)) == {(AID.chipco, AID.tinyco)}
    assert set(graph.subject_objects(AIC.licensesFrom)) == {(alpha, AID.tinyco)}
    assert (AID.tinyco, AIC.investsIn, None) not in graph
