"""Analysis at scale, the old way and the new way side by side in one run (issue 16).

For each size, a seeded synthetic graph (``kg/synthetic.py``) is loaded into an
in-memory Oxigraph store, then:

- the projection: the old API walk (:func:`kg.network.project_by_walking`)
  against the SPARQL queries run by Oxigraph (:func:`kg.network.project`);
- circular flows: the old unbounded enumeration (networkx's
  ``simple_cycles`` up to 5 legs, every cycle built as a result row, as the
  old analysis did), stopped at ``--cap`` seconds, against the bounded search;
- every analysis on the new projection, each timed;
- ``kg analyze`` (all six) on the file with ``--store oxigraph``, end to end
  in a fresh process: wall time and peak resident memory.
- with ``--baseline REF`` (a git ref, e.g. ``main``) or ``--before DIR`` (another
  checkout, as for ``benchmarks/build_bench.py``): the same projection and
  ``kg analyze`` run by the code of REF (``git archive`` into a scratch folder) or DIR,
  each in a fresh process beside the new one, with CPU seconds; the two
  projections are compared edge by edge and attribute by attribute (a digest of
  their ``repr``) and the two JSON outputs byte for byte.

Then the 20-company all-to-all folder (each company invests in every other:
380 deals): circular flows old (capped) and new, and ``kg build`` end to end.

Usage::

    python benchmarks/analysis_bench.py --sizes 10000,100000 --cap 60 >> benchmarks/RESULTS.md
    python benchmarks/analysis_bench.py --sizes 100000,1000000 --new-only --no-all-to-all --before /tmp/main

Prints Markdown; the machine's load average is printed before each size,
since other work on the machine slows every figure.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from kg.synthetic import synthetic_graph  # noqa: E402

COMPANIES = 20


#: CPU seconds of the last :func:`_timed` call (on a busy machine, closer to what a quiet one takes than wall time).
CPU = {"last": 0.0}
# A child's own peak memory, through GNU time: a child forked from this process (which holds a million-triple
# projection by then) keeps this process's peak as its ru_maxrss across exec; time's children start from time's.
PEAK_OF_CHILD = ["/usr/bin/time", "-f", "%M", "-o"]


def _timed(function, *args, **kwargs):
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    CPU["last"] = time.process_time() - cpu
    return result, time.perf_counter() - start


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min) on {os.cpu_count()} cores"


def _old_circular_flows(projection, cap: float) -> tuple[int, float, bool]:
    """The old analysis: every cycle of networkx's simple_cycles built as a row, until ``cap`` seconds."""
    import networkx as nx

    from kg.analysis.circular_flows import _cycle
    from kg.analysis.counting import counted_amounts
    from kg.network import money_view

    start = time.perf_counter()
    view = money_view(projection)
    deals = projection.graph["deals"]
    amounts = counted_amounts(deals)
    rows = []
    for nodes in nx.simple_cycles(view, length_bound=5):
        rows.append(_cycle(projection, view, deals, amounts, list(nodes)))
        if time.perf_counter() - start > cap:
            return len(rows), time.perf_counter() - start, True
    return len(rows), time.perf_counter() - start, False


def _ratio(old: float, new: float, stopped: bool) -> str:
    if old != old or new <= 0:  # not run (NaN) or too quick to time
        return "—"
    return f"{'>' if stopped else ''}{old / new:.1f}x"


def _end_to_end(args: list[str], code: Path | None = None, out=subprocess.DEVNULL) -> tuple[float, int, int]:
    """Wall seconds, peak resident MiB and exit code of ``kg ARGS`` in a fresh process (CPU seconds in CPU).

    ``code`` is a folder holding another ``kg`` package to run instead (the baseline).
    """
    # Run from the code's own folder: python -m puts the working folder first on the path.
    code = code or HERE.parent
    env = dict(os.environ, PYTHONPATH=str(code))
    with tempfile.NamedTemporaryFile("r") as peak_file:
        start = time.perf_counter()
        process = subprocess.Popen([*PEAK_OF_CHILD, peak_file.name, sys.executable, "-m", "kg.cli", *args],
                                   stdout=out, stderr=subprocess.PIPE, env=env, cwd=code)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        peak_kib = int(peak_file.read().split()[-1])
    CPU["last"] = usage.ru_utime + usage.ru_stime
    return seconds, peak_kib // 1024, os.waitstatus_to_exitcode(status)


#: Run in a fresh process: load the file into Oxigraph, time the projection, print seconds and a digest of it.
_PROJECTION_SCRIPT = """
import hashlib, json, sys, time
from pathlib import Path
from kg.network import project
from kg.rdf.store import open_graph
from kg.workspace import read_rdf
graph = read_rdf([Path(sys.argv[1])], open_graph("oxigraph"))
start, cpu = time.perf_counter(), time.process_time()
projection = project(graph)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
digest = hashlib.sha256()
for part in (projection.nodes(data=True), projection.edges(keys=True, data=True)):
    for item in part:
        digest.update(repr(item).encode())
for part in ("deals", "sources"):
    for item in projection.graph[part].items():
        digest.update(repr(item).encode())
print(json.dumps({"seconds": seconds, "cpu": cpu, "digest": digest.hexdigest()}))
"""


def _projection_run(path: Path, code: Path | None) -> dict:
    """The projection of ``path`` timed in a fresh process (by the code in ``code``, or this checkout's)."""
    code = code or HERE.parent
    result = subprocess.run([sys.executable, "-c", _PROJECTION_SCRIPT, str(path)], env=dict(os.environ, PYTHONPATH=str(code)),
                            cwd=code, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.splitlines()[-1])


def _baseline(ref: str, scratch: Path) -> Path:
    """The ``kg`` package of git ``ref`` with its shipped data, unpacked into ``scratch``."""
    archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", ref, "kg", "ontology", "data", "setup.cfg"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(scratch)], input=archive, check=True)
    return scratch


def _side_by_side(path: Path, base: Path, lines: list[str]) -> None:
    """The projection and ``kg analyze`` by the baseline's code and by this checkout's, each in a fresh process."""
    old, new = _projection_run(path, base), _projection_run(path, None)
    same = "identical" if old["digest"] == new["digest"] else "DIFFERENT"
    lines += [f"\nBaseline against new, each in a fresh process ({_load()} at the start); projections {same} "
              "(digest of every node, edge, deal and source with its attributes).\n",
              "| step | baseline s (CPU s) | new s (CPU s) | baseline / new (CPU) |", "|---|---:|---:|---:|",
              f"| projection (Oxigraph store) | {old['seconds']:.2f} ({old['cpu']:.2f}) | {new['seconds']:.2f} "
              f"({new['cpu']:.2f}) | {old['cpu'] / new['cpu']:.1f}x |"]
    args = ["analyze", "--graph", str(path), "--store", "oxigraph", "--format", "json"]
    runs, documents = [], []
    for code in (base, None):
        with tempfile.TemporaryFile() as out:
            seconds, peak, status = _end_to_end(args, code, out)
            out.seek(0)
            text = out.read()
        runs.append((seconds, CPU["last"], peak, status, hashlib.sha256(text).hexdigest()))
        documents.append(text)
    (old_s, old_cpu, old_peak, _c, old_digest), (new_s, new_cpu, new_peak, code, new_digest) = runs
    lines.append(f"| `kg analyze --store oxigraph --format json` (all, end to end) | {old_s:.2f} ({old_cpu:.2f}), "
                 f"peak {old_peak:,} MiB | {new_s:.2f} ({new_cpu:.2f}), peak {new_peak:,} MiB, exit {code} | "
                 f"{old_cpu / new_cpu:.1f}x |")
    lines.append(f"\nJSON output of baseline and new: {'the same bytes' if old_digest == new_digest else 'DIFFERENT'}"
                 f"{_differences(*documents)}. Load average at the end: {_load()}.")
    lines.append(_goals(new["seconds"], new["cpu"], new_s, new_cpu, new_peak))


def _goals(projection_s: float, projection_cpu: float, analyze_s: float, analyze_cpu: float, peak: int) -> str:
    """The issue's goals at 1M, judged on wall and on CPU seconds (on a shared machine wall time is mostly waiting)."""
    def verdict(seconds: float, limit: float) -> str:
        return "met" if seconds < limit else "NOT met"

    return (f"Goals at 1M if this is the 1M run: projection under 5 s: {verdict(projection_s, 5)} on wall "
            f"({projection_s:.2f} s), {verdict(projection_cpu, 5)} on CPU ({projection_cpu:.2f} s); `kg analyze` under 30 s: "
            f"{verdict(analyze_s, 30)} on wall ({analyze_s:.2f} s), {verdict(analyze_cpu, 30)} on CPU ({analyze_cpu:.2f} s); "
            f"peak under 2 GB: {verdict(peak, 2048)} ({peak:,} MiB).")


def _differences(old: bytes, new: bytes) -> str:
    """Which analyses differ between two ``kg analyze --format json`` outputs, and how each cycle search stopped."""
    if old == new:
        return ""
    try:
        before, after = json.loads(old), json.loads(new)
    except ValueError:
        return " (an output is not JSON)"
    differ = [name for name in sorted(set(before["analyses"]) | set(after["analyses"]))
              if before["analyses"].get(name) != after["analyses"].get(name)]
    stopped = [f"{name}: {(run.get(name) or {}).get('stopped_by')}" for run in (before["search"], after["search"])
               for name in run]
    return f" (analyses that differ: {', '.join(differ) or 'none'}; searches stopped by {', '.join(stopped)})"


def _size(n: int, cap: float, lines: list[str], new_only: bool = False, base: Path | None = None) -> None:
    from kg.analysis import ANALYSES, run_analyses
    from kg.analysis.circular_flows import circular_flows
    from kg.network import project, project_by_walking
    from kg.rdf.store import open_graph
    from kg.workspace import read_rdf

    lines.append(f"\n### {n:,} triples ({_load()} at the start)\n")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "synthetic.ttl"
        with path.open("w", encoding="utf-8") as out:
            triples = synthetic_graph(n, seed=1, out=out)
        graph, load = _timed(read_rdf, [path], open_graph("oxigraph"))
        new, new_seconds = _timed(project, graph)
        new_cpu = CPU["last"]
        if new_only:
            old_seconds, same = float("nan"), None
        else:
            old, old_seconds = _timed(project_by_walking, graph)
            same = (list(old.edges(keys=True, data=True)) == list(new.edges(keys=True, data=True))
                    and old.graph["deals"] == new.graph["deals"])
            del old
        compared = "not run" if same is None else "identical" if same else "DIFFERENT"
        lines += [f"{triples:,} triples loaded into Oxigraph in {load:.2f} s; projection: {new.number_of_nodes():,} nodes, "
                  f"{new.number_of_edges():,} edges (old and new {compared}).\n",
                  "| step | old s | new s (CPU s) | old / new |", "|---|---:|---:|---:|",
                  f"| projection (Oxigraph store) | {'not run' if new_only else f'{old_seconds:.2f}'} | "
                  f"{new_seconds:.2f} ({new_cpu:.2f}) | "
                  f"{_ratio(old_seconds, new_seconds, False)} |"]
        cycles, cycles_seconds = _timed(circular_flows, new)
        cycles_cpu = CPU["last"]
        count, old_cycles_seconds, stopped = (0, float("nan"), False) if new_only else _old_circular_flows(new, cap)
        old_text = (f"> {cap:g} (stopped, {count:,} cycles built)" if stopped else "not run" if new_only
                    else f"{old_cycles_seconds:.2f} ({count:,} cycles)")
        search = cycles.search
        lines.append(f"| circular-flows | {old_text} | {cycles_seconds:.2f} ({cycles_cpu:.2f}; {search['listed']:,} listed, "
                     f"{'cut by ' + search['stopped_by'] if search['cut'] else 'complete'}) | "
                     f"{_ratio(old_cycles_seconds, cycles_seconds, stopped)} |")
        lines += ["\n| analysis (new projection) | seconds | CPU seconds |", "|---|---:|---:|"]
        for name in ANALYSES:
            _result, seconds = _timed(run_analyses, new, [name])
            lines.append(f"| {name} | {seconds:.2f} | {CPU['last']:.2f} |")
        del new, graph
        if base is not None:
            _side_by_side(path, base, lines)
            if n < 1_000_000:
                lines.pop()  # the goals are the 1M run's
            return
        seconds, peak, code = _end_to_end(["analyze", "--graph", str(path), "--store", "oxigraph", "--format", "json"])
        lines.append(f"\n`kg analyze --graph FILE --store oxigraph --format json` (all six, fresh process): "
                     f"**{seconds:.2f} s** wall ({CPU['last']:.2f} CPU s), peak **{peak:,} MiB**, exit {code}.")
        if n >= 1_000_000:
            lines.append(_goals(new_seconds, new_cpu, seconds, CPU["last"], peak))


def all_to_all_folder(folder: Path, count: int = COMPANIES) -> None:
    """A data folder of ``count`` companies each investing 1B USD in every other (count * (count - 1) deals)."""
    folder.mkdir(parents=True, exist_ok=True)
    firms = [f"firm-{i:02d}" for i in range(count)]
    (folder / "sources.yaml").write_text(
        "sources:\n  - id: bench-1\n    headline: A synthetic market where every firm invests in every other\n"
        "    publisher: Benchmark\n    language: en\n    published: 2025-01-01\n", encoding="utf-8")
    (folder / "things.yaml").write_text(
        "things:\n" + "".join(f"  - id: {f}\n    type: Company\n    label: Firm {f[-2:]}\n" for f in firms), encoding="utf-8")
    deals = io.StringIO()
    deals.write("deals:\n")
    for a in firms:
        for b in firms:
            if a != b:
                deals.write(f"  - id: {a}-{b}\n    type: Investment\n    investor: {a}\n    investee: {b}\n"
                            f"    amount: {{value: 1B}}\n    announced: 2025-01-01\n    status: announced\n"
                            f"    evidence: announced\n    sources: [bench-1]\n")
    (folder / "deals.yaml").write_text(deals.getvalue(), encoding="utf-8")


def _all_to_all(cap: float, lines: list[str]) -> None:
    from kg.analysis.circular_flows import circular_flows
    from kg.api import build
    from kg.network import project

    lines.append(f"\n### The {COMPANIES}-company all-to-all folder ({_load()} at the start)\n")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "data"
        all_to_all_folder(folder)
        projection = project(build(folder))
        cycles, seconds = _timed(circular_flows, projection)
        count, old_seconds, stopped = _old_circular_flows(projection, cap)
        old_text = f"> {cap:g} s (stopped, {count:,} cycles built)" if stopped else f"{old_seconds:.2f} s ({count:,} cycles)"
        search = cycles.search
        lines += ["| step | old | new | goal |", "|---|---:|---:|---|",
                  f"| circular-flows | {old_text} | {seconds:.2f} s ({CPU['last']:.2f} CPU s; {search['listed']:,} listed of "
                  f"{search['seen']:,} seen, cut by {search['stopped_by']}) | under 2 s: {'met' if seconds < 2 else 'NOT met'} |"]
        build_seconds, peak, code = _end_to_end(["build", "--data", str(folder), "--out", str(Path(scratch) / "out")])
        lines.append(f"| `kg build` (fresh process) | > 120 s (before, issue 16) | {build_seconds:.2f} s ({CPU['last']:.2f} CPU s), "
                     f"peak {peak:,} MiB, "
                     f"exit {code} | under 10 s: {'met' if build_seconds < 10 and code == 0 else 'NOT met'} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated triple counts")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds before the old circular flows is stopped")
    parser.add_argument("--no-all-to-all", action="store_true", help="skip the all-to-all folder")
    parser.add_argument("--new-only", action="store_true", help="skip the old projection and circular flows")
    parser.add_argument("--baseline", metavar="REF", help="also run the projection and kg analyze by the code of git REF")
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="also run them by the code of another checkout (its kg/ is imported), e.g. main exported")
    options = parser.parse_args(argv)
    if options.baseline and options.before:
        parser.error("--baseline and --before each name the baseline: give one")
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        base = (options.before.resolve() if options.before
                else _baseline(options.baseline, Path(scratch)) if options.baseline else None)
        for n in (int(s) for s in options.sizes.split(",")):
            _size(n, options.cap, lines, options.new_only, base)
            print("\n".join(lines), flush=True)
            lines.clear()
    if not options.no_all_to_all:
        _all_to_all(options.cap, lines)
        print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
