"""How fast kg query starts and how fast each saved question answers.

Prints, side by side: the start-up time of ``kg --help``, ``kg queries`` and
``kg query`` on the shipped graph (whole commands, as a user runs them), then
for each saved question its time (through :func:`kg.query.run_query`, the
child process included) and row count on the shipped graph and on a
synthetic graph shaped like ours (``benchmarks/synthetic.py``).

Usage::

    .venv/bin/python benchmarks/query_bench.py [--triples 100000] [--seed 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from kg.synthetic import synthetic_graph  # noqa: E402

#: the firm the parameterised questions ask about, per graph
FIRMS = {"shipped": "anthropic", "synthetic": "company-0"}


def _children_cpu() -> float:
    """CPU seconds used so far by finished child processes (the commands, the query processes)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _command_seconds(args: list[str], cwd: Path, repeat: int) -> tuple[float, float]:
    """The best wall time and CPU time of a whole ``kg`` command over ``repeat`` runs."""
    kg = Path(sys.executable).with_name("kg")
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        started, cpu = time.perf_counter(), _children_cpu()
        subprocess.run([str(kg), *args], cwd=cwd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, _children_cpu() - cpu)
    return best, best_cpu


def _question_seconds(graph, saved, firm: str, repeat: int, timeout: float) -> tuple[float | None, float, int]:
    """The best wall and CPU time (parent and query process) of one saved question, and its rows.

    The wall time is None if the question ran past ``timeout``.
    """
    from kg.problems import QueryTimeout
    from kg.sparql.text import parameter_term
    from kg.sparql.sandbox import run_query

    params = {name: parameter_term(firm) for name in saved.params}
    best, best_cpu, rows = float("inf"), float("inf"), 0
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time() + _children_cpu()
        try:
            rows = len(run_query(graph, saved.text, params, timeout=timeout).bindings)
        except QueryTimeout:
            return None, 0.0, 0
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() + _children_cpu() - cpu)
    return best, best_cpu, rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000, help="size of the synthetic graph")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the best counts)")
    parser.add_argument("--timeout", type=float, default=120.0, help="give up on a question after this many seconds")
    args = parser.parse_args(argv)

    from kg.rdf.builder import build_graph
    from kg.rdf.serialize import serialize
    from kg.workspace import STAMP_NAME, data_stamp
    from kg.rdf.files import read_rdf
    from kg.data.load import load_data
    from kg.paths import shipped_data_dir
    from kg.sparql.saved import saved_queries

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shipped_turtle = work / "build" / "graph.ttl"
        shipped_turtle.parent.mkdir()
        shipped_turtle.write_bytes(serialize(build_graph(load_data(shipped_data_dir())).graph))
        # the stamp kg build writes beside graph.ttl: commands read graph.ttl while it matches the data
        (shipped_turtle.parent / STAMP_NAME).write_text(data_stamp(shipped_data_dir()), encoding="utf-8")
        synthetic_turtle = work / "synthetic.ttl"
        with synthetic_turtle.open("w", encoding="utf-8") as out:
            n_synthetic = synthetic_graph(args.triples, args.seed, out)

        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; best of {args.repeat};")
        print("wall time is what a user waits, CPU time what the work costs (steady under other load)")
        print(f"\n{'start-up (whole command)':<38} {'wall s':>7} {'cpu s':>7}")
        for label, command in (
            ("kg --help", ["--help"]),
            ("kg queries", ["queries"]),
            ("kg query 'ASK {}' (shipped graph)", ["query", "ASK {}"]),
            ("kg query timeline (shipped graph)", ["query", "timeline"]),
        ):
            wall, cpu = _command_seconds(command, work, args.repeat)
            print(f"  {label:<36} {wall:7.3f} {cpu:7.3f}")

        started = time.perf_counter()
        graphs = {"shipped": read_rdf([shipped_turtle])}
        loaded_shipped = time.perf_counter() - started
        started = time.perf_counter()
        graphs["synthetic"] = read_rdf([synthetic_turtle])
        loaded_synthetic = time.perf_counter() - started
        print(f"\nloading: shipped graph {len(graphs['shipped'])} triples in {loaded_shipped:.2f} s; "
              f"synthetic graph {n_synthetic} triples in {loaded_synthetic:.2f} s")

        print(f"\n{'':<22} {'shipped graph':^24}   {f'synthetic graph ({n_synthetic} triples)':^26}")
        print(f"{'saved question':<22} {'wall s':>8} {'cpu s':>7} {'rows':>6}   {'wall s':>8} {'cpu s':>7} {'rows':>7}")
        for saved in saved_queries().values():
            cells = []
            for which in ("shipped", "synthetic"):
                wall, cpu, rows = _question_seconds(graphs[which], saved, FIRMS[which], args.repeat, args.timeout)
                cells.append(f"{wall:8.3f} {cpu:7.3f}" if wall is not None else f"{'>' + format(args.timeout, 'g'):>8} {'':>7}")
                cells.append(rows)
            print(f"{saved.name:<22} {cells[0]} {cells[1]:>6}   {cells[2]} {cells[3]:>7}")


if __name__ == "__main__":
    main()
