"""`kg build` on the 20-company all-to-all folder and the start-up commands, this checkout beside another.

Each command runs as a fresh process, alternately with this checkout's code and
with the code of ``--before DIR`` (another checkout, e.g. main exported with
``git archive``), so that both see the same load. It prints the median wall
seconds and CPU seconds (user + system of the process and the children it
waited for) and the load average at the start of each command. The machine's
load changes the wall time far more than the CPU time: read both.

The goal (issue 16) is the build under 10 s; the line after the table says
whether this checkout's median meets it, in CPU seconds and in wall seconds.

Usage::

    .venv/bin/python benchmarks/build_bench.py --before /tmp/main [--repeat 3] [--build-only]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def _run(args: list[str], code: Path, cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, exit code) of ``python -m kg.cli ARGS`` on the code in ``code``."""
    environment = {**os.environ, "PYTHONPATH": str(code)}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", *args], cwd=cwd, env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


#: Seconds the all-to-all build may take (issue 16).
BUILD_GOAL = 10.0


def _side_by_side(name: str, args: list[str], trees: dict[str, Path], cwd: Path, repeat: int,
                  lines: list[str]) -> dict[str, tuple[float, float]]:
    """One table row: the median (wall, CPU) seconds of each tree, run alternately; returns them."""
    runs: dict[str, list[tuple[float, float, int]]] = {label: [] for label in trees}
    loads = []
    for _ in range(repeat):
        for label, code in trees.items():
            loads.append(os.getloadavg()[0])
            runs[label].append(_run(args, code, cwd))
    cells, medians = [], {}
    for label in trees:
        wall = statistics.median(r[0] for r in runs[label])
        cpu = statistics.median(r[1] for r in runs[label])
        codes = sorted({r[2] for r in runs[label]})
        medians[label] = (wall, cpu) if codes == [0] else (float("inf"), float("inf"))
        cells.append(f"{wall:.2f} s wall, {cpu:.2f} CPU s" + ("" if codes == [0] else f", exit {codes}"))
    lines.append(f"| {name} | {' | '.join(cells)} | {min(loads):.1f} to {max(loads):.1f} |")
    return medians


def _verdict(seconds: float) -> str:
    return "met" if seconds < BUILD_GOAL else "NOT met"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the other checkout (its kg/ is imported)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--build-only", action="store_true", help="only the all-to-all build, not the start-up commands")
    args = parser.parse_args(argv)
    from analysis_bench import all_to_all_folder

    from kg.rdf.builder import build_graph
    from kg.rdf.serialize import serialize
    from kg.workspace import STAMP_NAME, input_fingerprint
    from kg.data.load import load_data
    from kg.paths import shipped_data_dir

    trees = {"this checkout": ROOT, f"before ({args.before})": args.before.resolve()}
    flags = " --build-only" if args.build_only else ""
    lines = [f"`benchmarks/build_bench.py --before {args.before} --repeat {args.repeat}{flags}` on {os.cpu_count()} cores, "
             f"Python {sys.version.split()[0]}; medians of {args.repeat}, run alternately.\n",
             f"| command | {' | '.join(trees)} | load average |", "|---|" + "---:|" * len(trees) + "---|"]
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        all_to_all_folder(work / "all-to-all")
        build = _side_by_side("`kg build` on the all-to-all folder (380 deals)",
                              ["build", "--data", str(work / "all-to-all"), "--out", str(work / "out")], trees, work,
                              args.repeat, lines)
        wall, cpu = build["this checkout"]
        goal = (f"\nGoal: `kg build` on the all-to-all folder under {BUILD_GOAL:g} s. This checkout: {cpu:.2f} CPU s "
                f"({_verdict(cpu)} in CPU time), {wall:.2f} s wall ({_verdict(wall)} at this load).")
        if args.build_only:
            print("\n".join(lines + [goal]))
            return
        (work / "build").mkdir()
        (work / "build" / "graph.ttl").write_bytes(serialize(build_graph(load_data(shipped_data_dir())).graph))
        (work / "build" / STAMP_NAME).write_text(input_fingerprint(shipped_data_dir()) + "\n")
        for command in (["--help"], ["query", "timeline"], ["query", "timeline", "--store", "memory"],
                        ["query", "investors-of", "--param", "firm=anthropic"]):
            _side_by_side(f"kg {' '.join(command)}", command, trees, work, args.repeat, lines)
    print("\n".join(lines + [goal]))


if __name__ == "__main__":
    main()
