"""Every kind of bad input gets one clear line naming file and line, the right exit code,
no traceback, and leaves earlier outputs untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import MINI

# (case, file, text to replace, replacement, exit code, line, message fragment)
# Lines are counted by hand in tests/fixtures/mini/deals.yaml.
CASES = [
    ("yaml-syntax", "deals.yaml", "    investee: alpha-ai\n", "    investee: [alpha-ai\n", 2, 6, "YAML syntax error"),
    ("unknown-key", "deals.yaml", "    evidence: announced\n", "    evidence: announced\n    colour: blue\n", 1, 10, "unknown key 'colour'"),
    ("missing-field", "deals.yaml", "    status: announced\n    evidence: announced\n", "    evidence: announced\n", 1, 2, "missing required field 'status'"),
    ("duplicate-id", "deals.yaml", "id: alpha-bigcloud-compute", "id: bigcloud-alpha-investment", 1, 11, "duplicate id 'bigcloud-alpha-investment'"),
    ("unknown-thing", "deals.yaml", "investor: bigcloud", "investor: megacorp", 1, 4, "unknown thing 'megacorp'"),
    ("unknown-source", "deals.yaml", "    sources: [gazette-1]\n  - id: alpha-bigcloud", "    sources: [gazette-9]\n  - id: alpha-bigcloud", 1, 10, "cites unknown source 'gazette-9'"),
    ("wrong-class", "deals.yaml", "investor: bigcloud", "investor: chip-x1", 1, 4, "'chip-x1' is a Chip"),
    ("value-and-max", "deals.yaml", "amount: {max: 2B}", "amount: {value: 1B, max: 2B}", 1, 6, "both 'value' and a bound"),
    ("negative", "deals.yaml", "amount: {value: 6B}", "amount: {value: -6B}", 1, 17, "negative"),
    ("currency", "deals.yaml", "amount: {max: 2B}", "amount: {max: 2B, currency: XYZ}", 1, 6, "unknown currency code 'XYZ'"),
    ("stake-120", "deals.yaml", "percent: 12.5", "percent: 120", 1, 34, "between 0 and 100"),
    ("impossible-date", "deals.yaml", "    announced: 2025-03-01\n    status: announced\n    evidence", "    announced: 2025-02-30\n    status: announced\n    evidence", 1, 7, "'2025-02-30' is not a real date"),
]


def _break(data: Path, file: str, old: str, new: str) -> None:
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"fixture changed: {old!r} should occur once"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> Path:
    """One full build of the unbroken mini data, made once for the module."""
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path_factory.mktemp("good") / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(MINI), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def built(good_build: Path, tmp_path: Path) -> Path:
    """An output folder holding a good earlier build."""
    out = tmp_path / "out"
    shutil.copytree(good_build, out)
    return out


@pytest.mark.parametrize("case,file,old,new,code,line,fragment", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_with_file_and_line(case, file, old, new, code, line, fragment, mini_data, built, run_kg):
    before = (built / "graph.ttl").read_bytes()
    outputs = sorted(p.name for p in built.iterdir())  # graph.ttl and the other outputs of kg build
    _break(mini_data, file, old, new)
    for command in (("validate",), ("build", "--out", built)):
        result = run_kg(*command, "--data", mini_data)
        assert result.exit_code == code, result.output
        lines = result.stderr.strip().splitlines()
        assert any(f"{file}:{line}: " in entry and fragment in entry for entry in lines), result.stderr
        assert "Traceback" not in result.output
    assert (built / "graph.ttl").read_bytes() == before
    assert sorted(p.name for p in built.iterdir()) == outputs  # nothing added, no temporary file left


def test_empty_file(mini_data, run_kg):
    (mini_data / "deals.yaml").write_text("", encoding="utf-8")
    result = run_kg("validate", "--data", mini_data)
    assert result.exit_code == 1
    assert "deals.yaml:1: file is empty" in result.stderr


def test_file_that_is_not_utf8(mini_data, built, run_kg):
    (mini_data / "deals.yaml").write_bytes(b"deals:\n  - id: caf\xe9\n")
    result = run_kg("build", "--data", mini_data, "--out", built)
    assert result.exit_code == 2
    assert "deals.yaml:2: file is not UTF-8 text" in result.stderr


def test_key_given_twice(mini_data, run_kg):
    _break(mini_data, "deals.yaml", "    status: announced\n    evidence: announced\n", "    status: announced\n    status: closed\n    evidence: announced\n")
    result = run_kg("validate", "--data", mini_data)
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("deals.yaml:9: key 'status' appears twice in one entry")


def test_missing_data_directory(tmp_path, run_kg):
    result = run_kg("validate", "--data", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "nowhere: data directory does not exist" in result.stderr


def test_all_problems_are_listed_in_one_run(mini_data, run_kg):
    _break(mini_data, "deals.yaml", "investor: bigcloud", "investor: megacorp")
    _break(mini_data, "deals.yaml", "percent: 12.5", "percent: 120")
    result = run_kg("validate", "--data", mini_data)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 2


def test_verbose_adds_a_traceback(mini_data, run_kg):
    _break(mini_data, "deals.yaml", "investor: bigcloud", "investor: megacorp")
    result = run_kg("-v", "validate", "--data", mini_data)
    assert result.exit_code == 1
    assert "Traceback" in result.stderr


def test_bad_usage_exits_2(run_kg):
    result = run_kg("export", "--format", "yaml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_unwritable_output_folder(mini_data, tmp_path, run_kg):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_kg("build", "--data", mini_data, "--out", blocker / "out")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("Not a directory")
    assert "Traceback" not in result.output
    assert blocker.read_text() == "not a folder"
