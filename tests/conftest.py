"""Shared fixtures: the hand-made mini data set, the seed facts of the shipped data, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli import main
from kg.paths import shipped_data_dir

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


@pytest.fixture(scope="session")
def seed_data(tmp_path_factory) -> Path:
    """The seed facts only: data/deals.yaml and data/things.yaml, with every file that holds only sources."""
    target = tmp_path_factory.mktemp("seed")
    for path in sorted(shipped_data_dir().glob("*.yaml")):
        keys = set(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        if path.name in ("deals.yaml", "things.yaml") or keys == {"sources"}:
            shutil.copy(path, target / path.name)
    return target
