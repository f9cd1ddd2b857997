"""Small inputs that asked for unbounded work: a huge --depth ends at once, with the whole reachable graph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kg

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.mark.parametrize("depth", ["99999999999999999999", str(2**63), "1000000000", "10001"])
def test_a_huge_depth_ends_with_everything_the_focus_reaches(run_kg, tmp_path, depth):
    # The mini graph is connected, so every thing is within reach of chip-x1: the page without --focus draws the same.
    result = run_kg("render", "--data", MINI, "--focus", "chip-x1", "--depth", depth, "-o", tmp_path / "page.html")
    assert result.exit_code == 0, result.output
    whole = kg.render(kg.build(MINI, check=False))
    assert f"({len(whole.nodes)} nodes, {len(whole.edges)} edges)" in result.stderr


@pytest.mark.parametrize("depth", [10**30, 2**64, 10**9])
def test_the_library_caps_depth_at_the_number_of_nodes(depth):
    graph = kg.build(MINI, check=False)
    page = kg.render(graph, focus="chip-x1", depth=depth)
    assert sorted(n.id for n in page.nodes) == sorted(n.id for n in kg.render(graph).nodes)
    assert [n.id for n in kg.render(graph, focus="chip-x1", depth=0).nodes] == ["chip-x1"]


_PEAK = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _peak_kib(*args) -> int:
    """The largest resident size (KiB) of ``kg ARGS`` and the processes it waited for; fails if kg fails."""
    done = subprocess.run([sys.executable, "-c", _PEAK, sys.executable, "-m", "kg.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=600)
    code, peak = map(int, done.stdout.split())
    assert code == 0
    return peak


@pytest.mark.slow  # 300,000 triples, queried twice in a process of its own
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_large_answer_written_with_o_is_streamed(tmp_path, fmt):
    rows = 300_000
    graph = tmp_path / "big.nt"
    with graph.open("w", encoding="utf-8") as out:
        for i in range(rows):
            out.write(f'<urn:kg-test:s{i}> <urn:kg-test:p{i % 7}> "row {i}, with some text to make it longer" .\n')
    counted = _peak_kib("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--graph", graph, "-o", tmp_path / "n.csv")
    answer = tmp_path / f"all.{fmt}"
    written = _peak_kib("query", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "--graph", graph, "-o", answer)
    if fmt == "csv":
        with answer.open(encoding="utf-8", newline="") as table:
            assert sum(1 for _ in table) == rows + 1  # the header, then one line per triple
    else:
        import json

        assert len(json.loads(answer.read_bytes())["results"]["bindings"]) == rows
    # Held whole, the answer costs several times its size (JSON from the engine, copies, the output);
    # streamed, the command needs about what counting the rows needs.
    assert written - counted < answer.stat().st_size // 1024
