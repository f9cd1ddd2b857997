"""Push throughput at scale: kg's paths beside the old staging + MOVE, on Virtuoso and Oxigraph.

Three cases, each on a fresh named graph per path and server, in this order:

(a) first push of graph A (seeded synthetic, benchmarks/synthetic.py) into an empty graph;
(b) re-push of A with 1% of its triples changed (every 100th triple gets a new object);
(c) re-push of an entirely different graph of the same size (A with every IRI of
    ``aid:`` moved to another namespace: no triple in common).

Each graph is loaded into an in-memory Oxigraph store first (as ``kg push
--store oxigraph --graph FILE`` does), outside the timing. A push is timed end
to end: N-Triples from the store, reading the server's copy, the change, HTTP,
the server's work, the counts. Beside wall seconds the table shows the CPU
seconds of the server process and of this process, and the load average, since
the machine is shared. ``path=staging`` is the old way (staging graph, then one
``MOVE``); ``path=auto`` picks the quickest path that fits; ``path=curl`` is the
server alone: curl sends the same files (no kg code) through each operation the
paths are made of, the ceiling kg can reach.

Usage (one server at a time, so that each run has fresh servers)::

    python benchmarks/push_bench.py --servers virtuoso --paths curl    # the server alone, 990,000 triples
    python benchmarks/push_bench.py --servers virtuoso --paths auto    # kg, cases a, b, c
    python benchmarks/push_bench.py --size 100000 --paths auto staging
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from servers import Oxigraph, Virtuoso, started  # noqa: E402  (the test harness starts the real servers)

from kg.rdf.store import load_file, open_graph  # noqa: E402
from kg.remote.endpoint import Endpoint  # noqa: E402
from kg.remote.push import GSP_BATCH, push  # noqa: E402
from kg.synthetic import synthetic_graph  # noqa: E402

CASES = {"a": "first push, empty graph", "b": "re-push, 1% changed", "c": "re-push, all different"}


def graph_files(size: int, folder: Path) -> dict[str, Path]:
    """A, A with 1% changed, and A in another namespace, as N-Triples files."""
    import pyoxigraph as ox

    text = io.StringIO()
    synthetic_graph(size, seed=1, out=text)
    a = ox.serialize(ox.parse(text.getvalue().encode(), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
    lines = [line for line in a.split(b"\n") if line]
    changed = []
    for i, line in enumerate(lines):
        if i % 100 == 0:
            subject, predicate, _ = line.split(b" ", 2)
            line = b'%s %s "changed %d" .' % (subject, predicate, i)
        changed.append(line)
    files = {"a": a, "b": b"\n".join(changed) + b"\n", "c": a.replace(b"https://w3id.org/aicompute/id/", b"https://w3id.org/aicompute/id2/")}
    paths = {}
    for name, data in files.items():
        paths[name] = folder / f"{name}.nt"
        paths[name].write_bytes(data)
    (folder / "a.nt.gz").write_bytes(gzip.compress(files["a"], 1))
    for name in ("a", "c"):  # kg's staging requests: 50,000 triples each
        part_lines = files[name].split(b"\n")[:-1]
        for i, start in enumerate(range(0, len(part_lines), GSP_BATCH)):
            (folder / f"{name}.part{i:03d}.nt").write_bytes(b"\n".join(part_lines[start:start + GSP_BATCH]) + b"\n")
    return paths


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def curl(*args: str) -> tuple[float, str]:
    """Run curl (no kg code at all); the wall seconds and what the server answered."""
    began = time.perf_counter()
    done = subprocess.run(["curl", "-sS", "--noproxy", "*", "-w", " HTTP %{http_code}", *args], capture_output=True, text=True)
    return time.perf_counter() - began, (done.stdout + done.stderr).strip()[-400:]


def server_alone(name: str, server, endpoint: Endpoint, files: dict[str, Path], size: int) -> None:
    """The server's own speed, with curl: the operations kg's paths are made of, on graph A (then C)."""
    gsp, update = endpoint.gsp_url, endpoint.update_url
    nt = ["-H", "Content-Type: application/n-triples"]
    target, staging = f"urn:kg-bench:{name}:curl", f"urn:kg-bench:{name}:curl-staging"
    bulk = "&no_transaction" if name == "oxigraph" else ""

    def sparql(text: str) -> list[str]:
        return ["-X", "POST", "--data-urlencode", f"update={text}", update]

    def posts(name: str, graph: str) -> list[str]:
        """One curl, one POST after another, of the file cut into kg's staging requests."""
        args: list[str] = []
        for part in sorted(files[name].parent.glob(f"{name}.part*.nt")):
            args += [*(["--next"] if args else []), "-sS", "-o", "/dev/null", "-X", "POST", *nt,
                     "--data-binary", f"@{part}", f"{gsp}?graph={graph}{bulk}"]
        return args

    steps = [
        ("POST A into the empty graph (one request)", ["-X", "POST", *nt, "--data-binary", f"@{files['a']}", f"{gsp}?graph={target}"]),
        ("POST C into a staging graph" + (" (no_transaction: bulk, not atomic)" if bulk else ""),
         ["-X", "POST", *nt, "--data-binary", f"@{files['c']}", f"{gsp}?graph={staging}{bulk}"]),
        ("DELETE A + INSERT C from staging (one update)",
         sparql(f"DELETE {{ GRAPH <{target}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }} ;"
                f" INSERT {{ GRAPH <{target}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{staging}> {{ ?s ?p ?o }} }}")),
        ("MOVE staging TO the graph holding C (one update)", sparql(f"MOVE <{staging}> TO <{target}>")),
        ("DROP GRAPH of the graph (one update)", sparql(f"DROP SILENT GRAPH <{target}>")),
    ]
    if name == "virtuoso":  # one POST of a million triples waits on Virtuoso's own locks for minutes
        steps[:2] = [("POST A into the empty graph, 50,000 a request", posts("a", target)),
                     ("POST C into a staging graph, 50,000 a request", posts("c", staging))]
    if name == "oxigraph":
        steps.insert(2, ("POST A gzipped into a fresh graph (one request)",
                         ["-X", "POST", *nt, "-H", "Content-Encoding: gzip", "--data-binary", f"@{files['a']}.gz",
                          f"{gsp}?graph={target}-gz"]))
    for label, args in steps:
        cpu = cpu_seconds(server.process.pid)
        seconds, answer = curl(*args)
        cpu = cpu_seconds(server.process.pid) - cpu
        lines = answer.splitlines() or [""]
        shown = (next((line for line in lines if "rror" in line), "") + " " + lines[-1][-12:]).strip()
        print(f"{name:<9}{'curl':<9}{label:<52}{size:>9,}{size / seconds:>11,.0f}{seconds:>8.1f}{cpu:>11.1f}"
              f"{'':>8}{os.getloadavg()[0]:>6.2f}  {shown}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Just under a million: Virtuoso refuses a Graph Store GET of more than 1,000,000 triples (FRVEC).
    parser.add_argument("--size", type=int, default=990_000)
    parser.add_argument("--paths", nargs="+", choices=["curl", "auto", "delta", "staging"], default=["curl", "auto", "staging"],
                        help="curl: the server alone (no kg code), the ceiling; the others: kg push --path")
    parser.add_argument("--servers", nargs="+", choices=["virtuoso", "oxigraph"], default=["oxigraph", "virtuoso"])
    parser.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES))
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds a request to a server may take")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/kg-push-bench"))
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    files = graph_files(args.size, args.folder)
    print(f"graphs written in {time.perf_counter() - began:.1f} s; load average {os.getloadavg()[0]:.2f}", flush=True)
    # Virtuoso as the remote benchmark sets it up: buffers for a million triples, room in one transaction's
    # log and time for an update that rewrites a million triples.
    # Answers of any length (ResultSetMaxRows; 10,000 by default), so that kg can read its copy of the graph.
    virtuoso_settings = dict(buffers=170_000, max_dirty_buffers=130_000, transaction_limit=2_000_000_000,
                             max_execution_seconds=int(args.timeout), result_rows=2 * args.size + 100)
    with started(Virtuoso, **virtuoso_settings) as virtuoso, started(Oxigraph) as oxigraph:
        virtuoso.grant_anonymous_update()
        servers = {
            "virtuoso": (virtuoso, Endpoint.at(virtuoso.sparql_url, timeout=args.timeout)),
            "oxigraph": (oxigraph, Endpoint.at(oxigraph.query_url, timeout=args.timeout)),
        }
        header = (f"{'server':<9}{'path':<9}{'case':<52}{'triples':>9}{'triples/s':>11}{'wall s':>8}"
                  f"{'server cpu':>11}{'kg cpu':>8}{'load':>6}  how")
        print(header, flush=True)
        rates = {}
        for path in args.paths:
            for server_name in args.servers:
                server, endpoint = servers[server_name]
                if path == "curl":
                    server_alone(server_name, server, endpoint, files, args.size)
                    continue
                named = f"urn:kg-bench:{server_name}:{path}"
                for case in args.cases:
                    graph = open_graph("oxigraph")
                    load_file(graph, files[case], "nt")
                    server_cpu, kg_cpu = cpu_seconds(server.process.pid), own_cpu()
                    report = push(graph, endpoint, named, path=path)
                    server_cpu, kg_cpu = cpu_seconds(server.process.pid) - server_cpu, own_cpu() - kg_cpu
                    rate = report.triples / report.seconds
                    rates[server_name, path, case] = rate
                    change = f" (-{report.removed} +{report.added})" if report.added is not None else ""
                    notes = "".join(f"; {note}" for note in report.notes)
                    print(f"{server_name:<9}{path:<9}{CASES[case]:<52}{report.triples:>9,}{rate:>11,.0f}{report.seconds:>8.1f}"
                          f"{server_cpu:>11.1f}{kg_cpu:>8.1f}{os.getloadavg()[0]:>6.2f}  {report.path}{change}{notes}",
                          flush=True)
                    del graph
        if "auto" in args.paths and "staging" in args.paths:
            print("\nauto / staging + MOVE (wall-clock throughput ratio)")
            for server_name in args.servers:
                for case in args.cases:
                    ratio = rates[server_name, "auto", case] / rates[server_name, "staging", case]
                    print(f"{server_name:<9}{CASES[case]:<26}{ratio:>8.1f}x")


if __name__ == "__main__":
    main()
