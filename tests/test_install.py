"""The wheel works outside the checkout: ontology, shapes and data ship inside it."""

from __future__ import annotations

import pytest

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_builds_the_shipped_graph_outside_the_checkout(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True,
    )
    wheel = next(wheels.glob("aicompute_kg-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    site = next(env_dir.glob("lib/python*/site-packages"))
    # The dependencies come from the test environment; kg itself only from the wheel.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(env_dir / "bin" / "python"), "install", "--quiet", "--no-deps", str(wheel)],
        check=True, capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", "import kg, kg.paths; print(kg.__file__); print(kg.paths.shipped_data_dir())"],
        cwd=elsewhere, check=True, capture_output=True, text=True,
    ).stdout.splitlines()
    assert where[0].startswith(str(site)), where
    assert where[1].startswith(str(site)), where
    result = subprocess.run([str(env_dir / "bin" / "kg"), "build"], cwd=elsewhere, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "build" / "graph.ttl").stat().st_size > 10_000
    # the saved questions ship as package data: listed and answered from the wheel
    listed = subprocess.run([str(env_dir / "bin" / "kg"), "queries"], cwd=elsewhere, capture_output=True, text=True)
    assert listed.returncode == 0 and listed.stdout.startswith("capacity "), listed.stderr
    asked = subprocess.run([str(env_dir / "bin" / "kg"), "query", "multi-cloud", "--format", "csv"],
                           cwd=elsewhere, capture_output=True, text=True)
    assert asked.returncode == 0 and "https://w3id.org/aicompute/id/anthropic," in asked.stdout, asked.stderr
