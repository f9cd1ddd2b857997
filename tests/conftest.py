"""Shared fixtures: the hand-made mini data set, the shipped data built once for the whole run, a CLI runner, a browser.

Whatever only reads the shipped data's graph, its build folder or a browser
takes the session's one copy here, so the suite builds the shipped data once
(per xdist worker), not once per module.
"""

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
def parallel_mini_data(mini_data: Path) -> Path:
    """The mini data with a second investment of Bigcloud in Alpha AI: parallel deals of one kind for the pages.

    The first is up to $2B from 2025-03-01, conditional; the second exact $1B, announced in 2025-05, so committed.
    """
    with open(mini_data / "deals.yaml", "a", encoding="utf-8") as deals:
        deals.write("""  - id: bigcloud-alpha-second-investment
    type: Investment
    investor: bigcloud
    investee: alpha-ai
    amount: {value: 1B}
    announced: 2025-05
    status: announced
    sources: [gazette-2]
""")
    return mini_data


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory) -> Path:
    """The folder ``kg build`` writes for the mini data set, built once through the CLI; read it, never change it."""
    out = tmp_path_factory.mktemp("mini-build")
    result = CliRunner().invoke(main, ["build", "--data", str(MINI), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def run_kg():
    """Run ``kg`` with arguments through click's CliRunner; returns the Result."""
    runner = CliRunner()

    def run(*args: str, **kwargs):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return run


# The real SPARQL servers of the remote tests (tests/servers.py), one of each for the whole run.
from servers import oxigraph, virtuoso  # noqa: E402,F401


#: Fixtures that build the whole shipped data set (seconds to tens of seconds each): their tests are slow.
_SHIPPED_DATA_FIXTURES = frozenset({"shipped", "graphs", "seed_data", "built", "shipped_graphs",
                                    "shipped_graph", "shipped_build", "shipped_ttl"})


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


@pytest.fixture(scope="session")
def shipped_graph(tmp_path_factory):
    """The graph of the shipped data, built in memory once (no build folder, no SHACL run); read it, never change it."""
    from kg.workspace import built_graph

    return built_graph(shipped_data_dir(), tmp_path_factory.mktemp("no-build"))


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory) -> Path:
    """The folder ``kg build`` writes for the shipped data, built once through the CLI; read it, never change it."""
    out = tmp_path_factory.mktemp("shipped-build")
    result = CliRunner().invoke(main, ["build", "--data", str(shipped_data_dir()), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def shipped_ttl(shipped_build: Path) -> Path:
    """``graph.ttl`` of :func:`shipped_build`."""
    return shipped_build / "graph.ttl"


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium, offline (tests/browser.py), for a module's tests.

    Per module, not per run: Playwright's sync API cannot start while another instance
    is running (tests/test_page_stage.py and tests/test_api.py open their own), nor beside a notebook kernel's loop.
    """
    from browser import offline_chromium

    with offline_chromium() as chromium:
        yield chromium
