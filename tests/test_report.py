"""kg build's report: report.md renders cleanly, report.json matches kg analyze, the charts are real SVG."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markdown_it import MarkdownIt


SVG = "{http://www.w3.org/2000/svg}"
FILES = ("report.md", "report.json", "money-flows.svg", "capacity-by-buyer.svg")


def _build(data: Path, out: Path, seed: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    subprocess.run([sys.executable, "-m", "kg.cli", "build", "--data", str(data), "--out", str(out)],
                   check=True, env=env, capture_output=True, cwd=out.parent)


@pytest.fixture(scope="module")
def built(seed_data, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "build"
    _build(seed_data, out, "1")
    return out


def test_build_writes_the_report_files(built):
    for name in FILES:
        assert (built / name).stat().st_size > 1000, name


@pytest.mark.slow
def test_report_is_byte_identical_across_hash_seeds(seed_data, built, tmp_path):
    again = tmp_path / "build"
    _build(seed_data, again, "4242")
    for name in FILES:
        assert (again / name).read_bytes() == (built / name).read_bytes(), name


def test_report_markdown_renders_cleanly(built):
    text = (built / "report.md").read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert headings == ["Money flows", "Circular flows", "Promised or paid", "Supplier dependence", "Centrality", "Capacity",
                        "Compute in H100-equivalents", "Timeline",
                        "Deals behind the figures", "Sources"]
    # money flows, between companies, circular flows, significance, promised or paid (all, loops), suppliers,
    # concentration, centrality, capacity by buyer / maker / year, H100e by buyer / maker / year and not converted,
    # timeline, deals, sources
    assert sum(t.type == "table_open" for t in tokens) == 19
    # every row of every table has as many cells as its header (an unescaped | would add one)
    cells, header = [], None
    for token in tokens:
        if token.type == "tr_open":
            cells.append(0)
        elif token.type in ("th_open", "td_open"):
            cells[-1] += 1
        elif token.type == "table_close":
            header, *rows = cells
            assert all(r == header for r in rows)
            cells = []
    # every link to a deal or source lands on an anchor in the report
    html = MarkdownIt("commonmark").enable("table").render(text)
    for kind in ("deal", "source"):
        targets = {part.split('"')[0] for part in html.split(f'href="#{kind}-')[1:]}
        anchors = {part.split('"')[0] for part in html.split(f'id="{kind}-')[1:]}
        assert targets and targets <= anchors, kind
    assert "| Microsoft → Anthropic → Microsoft |" in text
    assert "[microsoft-anthropic-investment-2025](#deal-microsoft-anthropic-investment-2025)" in text
    assert "![Chart: money committed between companies, by payer and payee](money-flows.svg)" in text
    assert "![Chart: committed capacity in gigawatts, by buyer](capacity-by-buyer.svg)" in text
    assert "Microsoft e Nvidia investono 15 miliardi in Anthropic" in text  # the seed article, as a source


def test_report_json_is_kg_analyze_plus_deals_and_sources(built, seed_data, run_kg, monkeypatch, tmp_path):
    report = json.loads((built / "report.json").read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    analyzed = json.loads(run_kg("analyze", "--data", seed_data, "--format", "json").stdout)
    assert report["analyses"] == analyzed["analyses"]
    assert report["deals"]["anthropic-azure-compute-2025"]["amount"] == {"value": 30 * 10**9, "min": None, "max": None, "unit": "USD", "approximate": False}
    assert report["deals"]["microsoft-openai-stake-2025"]["percent"] == 27
    assert report["sources"]["seed-microsoft-nvidia-anthropic"]["headline"] == "Microsoft e Nvidia investono 15 miliardi in Anthropic"
    assert len(report["deals"]) == 11


def _texts(svg: Path) -> list[str]:
    root = ET.parse(svg).getroot()
    assert root.tag == f"{SVG}svg" and root.get("width") and root.get("height")
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_money_chart_names_the_companies_as_text(built):
    texts = _texts(built / "money-flows.svg")
    # the pairs with a stated amount: Anthropic pays Google and Microsoft; Microsoft and Nvidia invest in Anthropic
    assert "Anthropic → Microsoft: $30B" in texts
    assert "Microsoft → Anthropic: up to $5B" in texts
    assert "Nvidia → Anthropic: up to $10B" in texts
    assert "Anthropic → Google: $10B–$100B" in texts  # "tens of billions"
    assert not [t for t in texts if t.startswith("Microsoft → OpenAI")]  # no amount stated, so no bar


def test_capacity_chart_names_the_buyer(built):
    texts = _texts(built / "capacity-by-buyer.svg")
    # Google's "at least 1 GW" and the Azure deal's "up to 1 GW": open-ended
    assert "Anthropic: up to 1 GW + at least 1 GW (at least 1 GW), open" in texts


def test_the_report_and_the_page_write_each_figure_the_same_way(mini_build):
    # The mini data: Bigcloud invests up to 2B USD in Alpha AI; Alpha AI commits exactly 6B USD to
    # Bigcloud's compute, at least 0.5 GW; Bigcloud's stake values Alpha AI at 10B to 20B USD.
    out = mini_build
    report, page = (out / "report.md").read_text(encoding="utf-8"), (out / "graph.html").read_text(encoding="utf-8")
    for figure in ("up to $2B", "$6B", "at least 0.5 GW"):
        assert figure in report and figure in page, figure
    for other_wording in ("over 0.5 GW", "0.5 GW at least", "2B USD", "6B USD"):
        assert other_wording not in report and other_wording not in page, other_wording
