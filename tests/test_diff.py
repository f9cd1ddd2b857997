"""kg diff OLD NEW and build/changes.md, on the mini data set and a copy of it changed by hand.

The changed copy: bigcloud-alpha-investment goes from "up to 2B", announced, to exactly 3B, closed;
alpha-chipco-partnership is removed; a new deal chipco-bigcloud-supply is added with a new company,
newco, and a new source, gazette-3.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

MINI = Path(__file__).parent / "fixtures" / "mini"

EXPECTED = {
    "deals_added": ["chipco-newco-supply"],
    "deals_removed": ["alpha-chipco-partnership"],
    "deals_changed": [{"id": "bigcloud-alpha-investment", "changes": [
        {"field": "status", "old": "announced", "new": "closed"},
        {"field": "amount", "old": "up to $2B", "new": "$3B"},
        {"field": "sources", "old": "gazette-1", "new": "gazette-1, gazette-3"},
    ]}],
    "things_added": [{"id": "newco", "class": "Company"}],
    "sources_added": ["gazette-3"],
}


def changed_copy(target: Path) -> Path:
    shutil.copytree(MINI, target)
    deals = yaml.safe_load((target / "deals.yaml").read_text(encoding="utf-8"))
    deals["deals"] = [d for d in deals["deals"] if d["id"] != "alpha-chipco-partnership"]
    investment = next(d for d in deals["deals"] if d["id"] == "bigcloud-alpha-investment")
    investment.update(amount={"value": "3B"}, status="closed", sources=["gazette-1", "gazette-3"])
    deals["deals"].append({"id": "chipco-newco-supply", "type": "ChipSupplyAgreement", "buyer": "newco",
                           "seller": "chipco", "announced": "2025-07-01", "status": "announced", "sources": ["gazette-3"]})
    (target / "deals.yaml").write_text(yaml.safe_dump(deals, sort_keys=False), encoding="utf-8")
    things = yaml.safe_load((target / "things.yaml").read_text(encoding="utf-8"))
    things["things"].append({"id": "newco", "type": "Company", "label": "Newco"})
    (target / "things.yaml").write_text(yaml.safe_dump(things, sort_keys=False), encoding="utf-8")
    sources = yaml.safe_load((target / "sources.yaml").read_text(encoding="utf-8"))
    sources["sources"].append({"id": "gazette-3", "headline": "Newco buys chips", "publisher": "Gazette", "language": "en"})
    (target / "sources.yaml").write_text(yaml.safe_dump(sources, sort_keys=False), encoding="utf-8")
    return target


def summary(changes: dict) -> dict:
    return {
        "deals_added": [d["id"] for d in changes["deals_added"]],
        "deals_removed": [d["id"] for d in changes["deals_removed"]],
        "deals_changed": [{"id": d["id"], "changes": d["changes"]} for d in changes["deals_changed"]],
        "things_added": [{"id": t["id"], "class": t["class"]} for t in changes["things_added"]],
        "sources_added": [s["id"] for s in changes["sources_added"]],
    }


@pytest.fixture
def new_data(tmp_path) -> Path:
    return changed_copy(tmp_path / "new")


def test_two_data_folders_as_json(run_kg, new_data):
    result = run_kg("diff", MINI, new_data, "--format", "json")
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)
    assert summary(changes) == EXPECTED
    assert changes["things_removed"] == []


def test_the_other_way_round(run_kg, new_data):
    changes = json.loads(run_kg("diff", new_data, MINI, "--format", "json").stdout)
    assert [d["id"] for d in changes["deals_added"]] == ["alpha-chipco-partnership"]
    assert [d["id"] for d in changes["deals_removed"]] == ["chipco-newco-supply"]
    assert [t["id"] for t in changes["things_removed"]] == ["newco"]


def test_two_built_graphs_and_markdown(run_kg, new_data, mini_build, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    old = mini_build / "graph.ttl"  # kg build of MINI
    assert run_kg("build", "--data", new_data, "--out", "new").exit_code == 0
    result = run_kg("diff", old, "new/graph.ttl", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "1 deals added, 1 removed, 1 changed; 1 things added, 0 removed; 1 sources added." in result.stdout
    assert "| `bigcloud-alpha-investment` | amount | up to $2B | $3B |" in result.stdout
    table = run_kg("diff", old, "new/graph.ttl")
    assert "deal changed" in table.stdout and "chipco-newco-supply" in table.stdout


def test_git_revisions_of_a_folder(run_kg, new_data, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo / "data")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "mini"], cwd=repo, check=True)
    for path in new_data.glob("*.yaml"):
        shutil.copy(path, repo / "data" / path.name)
    subprocess.run([*git, "commit", "-qam", "changed"], cwd=repo, check=True)
    monkeypatch.chdir(repo)
    changes = json.loads(run_kg("diff", "HEAD~1:data", "HEAD:data", "--format", "json").stdout)
    assert summary(changes) == EXPECTED
    unknown = run_kg("diff", "HEAD~5:data", "data")
    assert unknown.exit_code == 2 and "git could not read it" in unknown.output


def test_neither_folder_file_nor_revision(run_kg, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_kg("diff", "nowhere", MINI)
    assert result.exit_code == 2 and "not a data folder, an RDF file or a git revision" in result.output


def test_build_writes_changes_against_the_previous_build(run_kg, new_data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = run_kg("build", "--data", MINI, "--out", "out")
    assert first.exit_code == 0 and not (tmp_path / "out" / "changes.md").exists()
    assert "changes.md" not in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    second = run_kg("build", "--data", new_data, "--out", "out")
    assert second.exit_code == 0, second.output
    changes = (tmp_path / "out" / "changes.md").read_text(encoding="utf-8")
    assert "## Deals removed\n\n- `alpha-chipco-partnership`" in changes
    assert "| `bigcloud-alpha-investment` | status | announced | closed |" in changes
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "[changes.md](changes.md)" in report
