"""Compute in one unit: the chip table, H100-equivalents and gigawatts, worked by hand on fixtures/analysis/compute.ttl.

The shipped table's figures used here: H100 dense BF16 989.4 and FP8 1979 TFLOPS; B200 in a GB200 2500 (BF16),
1200 W; Ironwood 4614 (FP8), no power; overhead 1.82; PUE 1.1 to 1.2.

- a-gb200-chips: 1,000 GB200 GPUs -> 1000 x 2500/989.4 = 2,526.8 H100e; 1000 x 1200 W x 1.82 x (1.1 to 1.2)
  = 2.4024 to 2.6208 MW.
- b-gb200-power: 1 GW of GB200 -> 1e9 / (1200 x 1.82 x 1.2) x 2500/989.4 = 964,127 to
  1e9 / (1200 x 1.82 x 1.1) x 2500/989.4 = 1,051,776 H100e.
- c-ironwood-chips: up to 100 Ironwood -> up to 100 x 4614/1979 = 233.1 H100e; no power, so no gigawatts.
- c-ironwood-power: 2 GW of Ironwood: not converted (no power figure).
- d-power: at least 5 GW, no hardware named: not converted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.problems import InputError

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "compute.ttl"
GB200 = 2500 / 989.4
IRONWOOD = 4614 / 1979


@pytest.fixture(autouse=True)
def _away_from_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def result(run_kg) -> dict:
    run = run_kg("analyze", "compute", "--graph", FIXTURE, "--format", "json")
    assert run.exit_code == 0, run.output
    return json.loads(run.stdout)["analyses"]["compute"]


def group(result: dict, name: str) -> dict:
    return {row["key"]: row for row in result["groups"] if row["group"] == name}


def test_chip_counts_and_gigawatts_by_buyer(result):
    buyers = group(result, "buyer")
    assert buyers["a"]["h100e"] == {"min": round(1000 * GB200), "max": round(1000 * GB200)}
    assert buyers["a"]["gw"] == pytest.approx({"min": 1000 * 1200 * 1.82 * 1.1 / 1e9, "max": 1000 * 1200 * 1.82 * 1.2 / 1e9})
    assert buyers["b"]["h100e"] == {"min": round(1e9 / (1200 * 1.82 * 1.2) * GB200),
                                    "max": round(1e9 / (1200 * 1.82 * 1.1) * GB200)}
    assert buyers["b"]["h100e"]["min"] == 964127 and buyers["b"]["gw"] == {"min": 1.0, "max": 1.0}
    assert buyers["c"]["h100e"] == {"min": 0, "max": round(100 * IRONWOOD)} and buyers["c"]["gw"] is None
    assert set(buyers) == {"a", "b", "c"}


def test_by_maker_and_year(result):
    makers = group(result, "maker")
    assert makers["nvidia"]["deals"] == ["a-gb200-chips", "b-gb200-power"]
    assert makers["nvidia"]["h100e"]["min"] == round(1000 * GB200) + round(1e9 / (1200 * 1.82 * 1.2) * GB200)
    assert makers["google"]["h100e"]["max"] == 233
    years = group(result, "year")
    assert (years["2026"]["deals"], years["2027"]["deals"], years[None]["deals"]) == (
        ["a-gb200-chips"], ["b-gb200-power"], ["c-ironwood-chips"])


def test_deals_not_converted_say_why(result):
    assert result["not_converted"] == [
        {"deal": "c-ironwood-power", "why": "no sourced power for google-tpu-ironwood"},
        {"deal": "d-power", "why": "names no hardware"},
    ]


def test_markdown_shows_h100e_by_buyer(run_kg):
    run = run_kg("analyze", "compute", "--graph", FIXTURE, "--format", "md")
    assert "| A | 2.53K | 0.0024–0.00262 GW | a-gb200-chips |" in run.stdout
    assert "| c-ironwood-power | no sourced power for google-tpu-ironwood |" in run.stdout


def test_shipped_table_cites_known_sources_and_the_reference_is_one():
    from kg.compute import load_table

    table = load_table()
    assert table.factor(table.reference) == 1.0
    assert table.things["nvidia-gb200"] == "nvidia-b200-gb200" and table.pue == (1.1, 1.2)


def test_a_broken_table_is_refused_naming_each_problem(tmp_path):
    from kg.compute import load_table

    path = tmp_path / "chips.yaml"
    path.write_text("""
reference: base
per_gigawatt: {system_overhead: {value: 2}, system_overhead_source: s1, pue: {min: 1, max: 1}, pue_source: nowhere}
chips:
  - {id: base, label: Base, dense_bf16_tflops: 100, sources: [s1]}
  - {id: bad, label: Bad, dense_bf16_tflops: -5, colour: red, sources: [s2]}
""", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_table(path, known_sources={"s1"})
    messages = sorted(p.message for p in raised.value.problems)
    assert messages == sorted([
        "chip 'bad': unknown key 'colour'",
        "chip 'bad': dense_bf16_tflops must be a positive number",
        "chip 'bad': unknown source 's2'",
        "per_gigawatt: pue_source 'nowhere' is not a known source",
    ])


def test_the_chip_tables_sources_are_read_again_when_a_data_file_changes(tmp_path):
    # The source ids are kept between calls (each build's analyses ask); a changed file is read again.
    import shutil

    from kg.compute import load_table
    from kg.paths import shipped_data_dir

    data = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), data)
    chips = data / "compute" / "chips.yaml"
    assert "nvidia-h100" in load_table(chips).rows
    sources = data / "sources-compute.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("  - id: hpctech-h100\n", "  - id: another-page\n"),
                       encoding="utf-8")
    with pytest.raises(InputError, match="unknown source 'hpctech-h100'"):
        load_table(chips)
