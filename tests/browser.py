"""Opening a page in headless Chromium with the network cut off: for the tests, the screenshot, the benchmark.

Debian's ``chromium`` is driven by Playwright for Python (the ``test`` extra;
Playwright's own browser download cannot reach its host here). Every request
that is not ``file:`` or ``data:`` is aborted and recorded, so a test can
assert that the page tried to load nothing from any host. Playwright gives
each launch a fresh temporary profile.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

#: The browser: $KG_CHROMIUM, else chromium on the PATH (Debian's package, which make setup-test installs).
CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@dataclass
class PageWatch:
    """What a page did: console errors, uncaught exceptions, dialogs, requests it attempted off the disk."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


@contextmanager
def offline_chromium(executable: str = CHROMIUM):
    """A headless Chromium browser (Playwright ``Browser``), closed on exit."""
    if not Path(executable).is_file():
        raise RuntimeError(f"{executable} is missing: install Debian's chromium (bash scripts/setup-system)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=list(LAUNCH_ARGS))
        try:
            yield browser
        finally:
            browser.close()


def open_offline(browser, path: Path, width: int = 1400, height: int = 860, timeout_ms: int = 300_000):
    """Open the page at ``path`` with every network request blocked; wait until its layout has settled.

    Returns the Playwright ``Page`` and the :class:`PageWatch` that records what it did.
    """
    page = browser.new_page(viewport={"width": width, "height": height})
    watch = PageWatch()

    def route(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            watch.blocked.append(route.request.url)
            route.abort()

    def dialog(dialog):
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.route("**/*", route)
    page.on("console", lambda message: message.type == "error" and watch.console_errors.append(message.text))
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    page.on("dialog", dialog)
    page.goto(Path(path).resolve().as_uri(), timeout=timeout_ms)
    page.wait_for_selector("body[data-settled='true']", state="attached", timeout=timeout_ms)
    return page, watch


#: The pages the page tests draw: `kg render` arguments by name (the shipped data, one neighbourhood, the mini fixture).
PAGE_RUNS = {
    "shipped": [],
    "focus": ["--focus", "anthropic", "--depth", "1"],
    "mini": ["--data", str(Path(__file__).parent / "fixtures" / "mini")],
}


def render_pages(folder: Path, runs: dict[str, list[str]], *options: str) -> dict[str, Path]:
    """``kg render OPTIONS ARGS -o FOLDER/NAME.html`` through the CLI for each run; the pages by name."""
    from click.testing import CliRunner

    from kg.cli import main

    paths = {}
    for name, args in runs.items():
        paths[name] = folder / f"{name}.html"
        result = CliRunner().invoke(main, ["render", *options, *args, "-o", str(paths[name])], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return paths
