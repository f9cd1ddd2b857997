"""The page filters deals by the stage of their money, in a real headless Chromium (see test_page_browser.py).

The mini data set: bigcloud-alpha-investment is announced, up to 2B (conditional); alpha-bigcloud-compute is
announced, exactly 6B (committed, with a hardware link from its buyer to chip-x2); alpha-chipco-partnership is
reported (intended); bigcloud-alpha-stake is closed (paid).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import open_offline

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def mini_page(tmp_path_factory):
    from click.testing import CliRunner

    from kg.cli import main

    path = tmp_path_factory.mktemp("page") / "mini.html"
    result = CliRunner().invoke(main, ["render", "--data", str(MINI), "-o", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.browser
def test_edges_carry_their_stage_and_the_filter_hides_the_less_settled(browser, mini_page):
    page, watch = open_offline(browser, mini_page)
    stages = page.evaluate("edges.get({filter: e => e.stage}).map(e => e.kind + ' ' + e.stage).sort()")
    # the partnership of two is one edge, drawn both ways
    assert stages == ["compute committed", "hardware committed", "investment conditional", "partnership intended",
                      "stake paid"]
    page.select_option("#stage-filter", "committed")
    hidden = page.evaluate("edges.get({filter: e => e.hidden}).map(e => e.stage).sort()")
    assert set(hidden) == {"conditional", "intended"}
    assert page.evaluate("edges.get({filter: e => !e.stage && e.hidden}).length") == 0
    page.select_option("#stage-filter", "paid")
    shown = page.evaluate("edges.get({filter: e => e.stage && !e.hidden}).map(e => e.stage)")
    assert shown == ["paid"]
    page.select_option("#stage-filter", "intended")
    assert page.evaluate("edges.get({filter: e => e.hidden}).length") == 0
    assert watch.page_errors == [] and watch.console_errors == [] and watch.blocked == []
    page.close()


def test_a_deal_shows_its_stage_among_its_facts():
    import kg
    from kg.page.elements import page_elements

    elements = page_elements(kg.build(MINI))
    stake = next(e for e in elements.edges if e.kind == "stake")
    assert ["Stage", "paid"] in stake.facts["rows"] and stake.stage == "paid"
