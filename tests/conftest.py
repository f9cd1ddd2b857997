"""Shared fixtures: the hand-made mini data set and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A writable copy of the mini data set."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def run_kg():
    """Run ``kg`` with arguments through click's CliRunner; returns the Result."""
    runner = CliRunner()

    def run(*args: str, **kwargs):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return run


# The real SPARQL servers of the remote tests (tests/servers.py), one of each for the whole run.
from servers import oxigraph, virtuoso  # noqa: E402,F401


#: Fixtures that build the whole shipped data set (once per module, tens of seconds): their tests are slow.
_SHIPPED_DATA_FIXTURES = frozenset({"shipped", "graphs", "seed_data", "built", "shipped_graphs"})


def pytest_collection_modifyitems(config, items):
    """Mark ``slow`` every test that builds the shipped data set, so that ``make test-fast`` leaves it out."""
    for item in items:
        if _SHIPPED_DATA_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
