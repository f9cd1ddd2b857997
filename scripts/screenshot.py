"""Make docs/graph.png, the README's picture of the graph page, from the shipped data.

The page is written by ``kg render`` as a user would, opened offline in the
same headless Chromium as the tests, left to settle, and the largest deal by
amount between two parties is clicked so the facts panel shows what the page offers.

Usage::

    .venv/bin/python scripts/screenshot.py [-o docs/graph.png] [--graph FILE]

``--graph`` draws an RDF file instead of the shipped data (e.g.
tests/fixtures/page/grown.ttl, 250 synthetic things, to tune the page for a
grown graph).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import offline_chromium, open_offline  # noqa: E402 - test tooling, in tests/

ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 500_000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "graph.png")
    parser.add_argument("--graph", type=Path, help="draw this RDF file instead of the shipped data")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "graph.html"
        source = ["--graph", str(args.graph.resolve())] if args.graph else []
        subprocess.run([sys.executable, "-m", "kg.cli", "render", *source, "-o", str(page_file)], check=True, cwd=ROOT)
        with offline_chromium() as browser:
            page, watch = open_offline(browser, page_file, width=1400, height=860)
            widest = page.evaluate("edges.get({filter: e => e.kind !== 'partnership'}).reduce((a, b) => (b.width > a.width ? b : a)).id")
            page.evaluate(f"() => {{ network.selectEdges([{widest!r}]); network.body.emitter.emit('click', {{nodes: [], edges: [{widest!r}]}}); }}")
            page.wait_for_timeout(300)
            problems = watch.blocked + watch.console_errors + watch.page_errors + watch.dialogs
            if problems:
                sys.exit(f"the page did not open cleanly: {problems}")
            args.output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.output))
    size = args.output.stat().st_size
    if size > MAX_BYTES:
        sys.exit(f"{args.output} is {size:,} bytes, over {MAX_BYTES:,}")
    print(f"wrote {args.output} ({size:,} bytes)")


if __name__ == "__main__":
    main()
