"""kg export --tables: flat CSV tables with a Frictionless descriptor, their rows counted against SPARQL.

The mini data set (tests/fixtures/mini): 4 deals (an investment of up to 2B, a 6B compute deal, a partnership,
a closed 12.5% stake valued 10B to 20B), 8 things, 2 sources; every deal cites one source; the investment,
the compute deal and the stake have two parties each, the partnership two partners: 8 party rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg

pd = pytest.importorskip("pandas")

MINI = Path(__file__).parent / "fixtures" / "mini"
B = 10**9
TABLES = ("deals", "parties", "things", "sources", "deal_sources")

COUNTS = {
    "deals": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a/rdfs:subClassOf* aic:Deal }",
    "parties": """SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?d ?role ?t WHERE {
        VALUES ?role { aic:investor aic:investee aic:buyer aic:seller aic:partner aic:stakeHolder aic:stakeIn
                       aic:issuer aic:warrantHolder }
        ?d a/rdfs:subClassOf* aic:Deal ; ?role ?t } } }""",
    "things": """SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {
        VALUES ?c { aic:Company aic:Person aic:Chip aic:SystemPlatform aic:CloudService aic:ComputeSite aic:AIModel }
        ?t a ?c }""",
    "sources": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a aic:SourceDocument }",
    "deal_sources": "SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?d ?s WHERE { ?d a/rdfs:subClassOf* aic:Deal ; prov:wasDerivedFrom ?s } } }",
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    from click.testing import CliRunner

    from kg.cli import main

    folder = tmp_path_factory.mktemp("tables") / "out"
    result = CliRunner().invoke(main, ["export", "--data", str(MINI), "--tables", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder


def graph_count(graph, name: str) -> int:
    return int(kg.query(graph, COUNTS[name]).rows[0]["n"])


@pytest.mark.parametrize("name", TABLES)
def test_row_counts_equal_the_graph(tables, name):
    frame = pd.read_csv(tables / f"{name}.csv")
    assert len(frame) == graph_count(kg.build(MINI), name)


def test_counts_by_hand(tables):
    counts = {name: len(pd.read_csv(tables / f"{name}.csv")) for name in TABLES}
    assert counts == {"deals": 4, "parties": 8, "things": 8, "sources": 2, "deal_sources": 4}


def test_figures_keep_their_bounds_and_stage(tables):
    deals = pd.read_csv(tables / "deals.csv").set_index("deal")
    investment = deals.loc["bigcloud-alpha-investment"]
    assert pd.isna(investment["amount_value"]) and investment["amount_max"] == 2 * B
    assert (investment["amount_bound"], investment["amount_currency"], investment["stage"]) == ("up to", "USD", "conditional")
    compute = deals.loc["alpha-bigcloud-compute"]
    assert (compute["amount_value"], compute["capacity_gw_min"], compute["capacity_gw_bound"]) == (6 * B, 0.5, "at least")
    assert compute["stage"] == "committed" and pd.isna(compute["h100e_min"])  # chip-x2 is in no chip table
    stake = deals.loc["bigcloud-alpha-stake"]
    assert (stake["valuation_min"], stake["valuation_max"], stake["stage"]) == (10 * B, 20 * B, "paid")
    assert deals.loc["alpha-chipco-partnership", "stage"] == "intended"


def test_parties_are_deal_role_thing(tables):
    parties = pd.read_csv(tables / "parties.csv")
    assert list(parties.columns) == ["deal", "role", "thing"]
    rows = set(map(tuple, parties.values.tolist()))
    assert ("alpha-chipco-partnership", "partner", "alpha-ai") in rows
    assert ("bigcloud-alpha-investment", "investor", "bigcloud") in rows


def test_datapackage_describes_every_column(tables):
    package = json.loads((tables / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    for resource in package["resources"]:
        header = list(pd.read_csv(tables / resource["path"], nrows=0).columns)
        assert [f["name"] for f in resource["schema"]["fields"]] == header
        assert all(f["description"] for f in resource["schema"]["fields"])


def test_frictionless_finds_the_package_valid(tables):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(tables / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_parquet_when_pyarrow_is_there(tables):
    pytest.importorskip("pyarrow")
    for name in TABLES:
        assert pd.read_parquet(tables / f"{name}.parquet").shape == pd.read_csv(tables / f"{name}.csv").shape


def test_same_data_same_bytes(tables, tmp_path):
    again = tmp_path / "again"
    kg.export_tables(kg.build(MINI), again)
    for name in TABLES:
        assert (again / f"{name}.csv").read_bytes() == (tables / f"{name}.csv").read_bytes()


def test_h100e_columns_come_from_the_chip_table(tmp_path):
    # fixtures/analysis/compute.ttl: 1,000 GB200 GPUs = 1000 x 2500 / 989.4 H100e; up to 100 Ironwood = 4614 / 1979 each
    graph = kg.load(Path(__file__).parent / "fixtures" / "analysis" / "compute.ttl")
    kg.export_tables(graph, tmp_path, parquet=False)
    deals = pd.read_csv(tmp_path / "deals.csv").set_index("deal")
    assert (deals.loc["a-gb200-chips", "h100e_min"], deals.loc["a-gb200-chips", "h100e_max"]) == (2527, 2527)
    assert (deals.loc["c-ironwood-chips", "h100e_min"], deals.loc["c-ironwood-chips", "h100e_max"]) == (0, 233)
    assert pd.isna(deals.loc["d-power", "h100e_min"])
