"""Small inputs that asked for unbounded work: a huge --depth ends at once, with the whole reachable graph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kg

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.mark.parametrize("depth", ["99999999999999999999", str(2**63), "1000000000", "10001"])
def test_a_huge_depth_ends_with_everything_the_focus_reaches(tmp_path, depth):
    # The mini graph is connected, so every thing is within reach of chip-x1: the page without --focus draws the same.
    result = subprocess.run([sys.executable, "-m", "kg.cli", "render", "--data", MINI, "--focus", "chip-x1", "--depth", depth,
                             "-o", tmp_path / "page.html"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    whole = kg.render(kg.build(MINI, check=False))
    assert f"({len(whole.nodes)} nodes, {len(whole.edges)} edges)" in result.stderr


@pytest.mark.parametrize("depth", [10**30, 2**64, 10**9])
def test_the_library_caps_depth_at_the_number_of_nodes(depth):
    graph = kg.build(MINI, check=False)
    page = kg.render(graph, focus="chip-x1", depth=depth)
    assert sorted(n.id for n in page.nodes) == sorted(n.id for n in kg.render(graph).nodes)
    assert [n.id for n in kg.render(graph, focus="chip-x1", depth=0).nodes] == ["chip-x1"]
