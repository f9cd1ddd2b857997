"""A build replaces its whole output set or nothing: no new graph beside an old report, ever."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.output_set import LOCK_NAME, STAGING_PREFIX


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != LOCK_NAME}


def _changed_data(mini_data: Path) -> None:
    deals = mini_data / "deals.yaml"
    deals.write_text(deals.read_text().replace("amount: {max: 2B}", "amount: {max: 3B}"))


@pytest.fixture
def first_build(mini_data, tmp_path, run_kg) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "out"
    assert run_kg("build", "--data", mini_data, "--out", out).exit_code == 0
    return out, _snapshot(out)


@pytest.mark.parametrize("failing", ["kg.page.html.page_html", "kg.report.write_report"])
def test_a_crash_in_a_later_output_changes_nothing(failing, first_build, mini_data, run_kg, monkeypatch):
    out, before = first_build
    _changed_data(mini_data)
    module, name = failing.rsplit(".", 1)

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device", "simulated")

    monkeypatch.setattr(sys.modules[module] if module in sys.modules else __import__(module, fromlist=[name]),
                        name, crash)
    result = run_kg("build", "--data", mini_data, "--out", out)
    assert result.exit_code == 2
    assert _snapshot(out) == before
    assert not list(out.glob(STAGING_PREFIX + "*"))


def test_a_second_build_into_the_same_folder_is_refused(first_build, mini_data, run_kg):
    out, before = first_build
    _changed_data(mini_data)
    with open(out / LOCK_NAME, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running build holds it
        result = run_kg("build", "--data", mini_data, "--out", out)
    assert result.exit_code == 2
    assert "another kg build is writing into this folder" in result.output
    assert _snapshot(out) == before


def test_leftovers_of_a_killed_build_are_removed_and_nothing_else(first_build, mini_data, run_kg):
    out, _ = first_build
    leftover = out / (STAGING_PREFIX + "killed")
    leftover.mkdir()
    (leftover / ".made-by-kg").touch()
    (leftover / "graph.ttl").write_bytes(b"x" * 1000)
    users = out / (STAGING_PREFIX + "not-ours")
    users.mkdir()
    (users / "keep.txt").write_text("mine")
    assert run_kg("build", "--data", mini_data, "--out", out).exit_code == 0
    assert not leftover.exists()
    assert (users / "keep.txt").read_text() == "mine"


def _kg(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=["term", "int", "kill"])
def test_an_interrupted_build_leaves_the_old_set_or_the_new_one_never_a_mix(how, first_build, mini_data, tmp_path):
    out, before = first_build
    _changed_data(mini_data)
    # the new set as a build over the first one makes it (with changes.md against the first build's graph)
    expected_new = tmp_path / "expected"
    shutil.copytree(out, expected_new)
    assert subprocess.run([sys.executable, "-m", "kg.cli", "build", "--data", mini_data, "--out", expected_new],
                          capture_output=True).returncode == 0
    after_new = _snapshot(expected_new)
    process = _kg("build", "--data", mini_data, "--out", out)
    # stop it once it has started staging (or at once, if it finished first)
    deadline = time.monotonic() + 120
    while process.poll() is None and not list(out.glob(STAGING_PREFIX + "*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    if process.poll() is None:
        os.kill(process.pid, how)
    process.communicate(timeout=120)
    now = _snapshot(out)
    stamp = "graph.inputs.sha256"
    trusted = stamp in now
    if trusted:  # a stamp is there only beside a whole set
        assert now == before or now == after_new
    if how != signal.SIGKILL:  # a run that could unwind removed what it staged
        assert not list(out.glob(STAGING_PREFIX + "*"))
    shutil.rmtree(expected_new)
