"""Replacing a whole graph on Oxigraph: staging + ``MOVE`` beside a Graph Store PUT and one update.

The server alone (curl, no kg code), on a fresh Oxigraph server from tests/servers.py: a graph
holding A (push_bench's synthetic graph) is replaced by C (the same graph in another namespace, no
triple in common), then back, three ways, in one run:

- staging + ``MOVE``: C bulk-loaded into a staging graph (``no_transaction``), then one
  ``MOVE <staging> TO <graph>`` (kg's path for a re-push that changes more than a quarter);
- a Graph Store ``PUT /store?graph=...`` of the whole new graph;
- one SPARQL update ``DROP SILENT GRAPH <graph> ; INSERT DATA { GRAPH <graph> { ... } }``
  (Oxigraph refuses an update body over 128 MiB, which bounds it near a million triples).

``--reader`` runs a reader counting the graph in a loop during each replacement and prints the
counts it saw: the old and the new count only means readers never saw the graph half replaced.

Usage::

    python benchmarks/oxigraph_replace_bench.py --size 990000
    python benchmarks/oxigraph_replace_bench.py --size 100000 --reader
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from push_bench import cpu_seconds, curl, graph_files  # noqa: E402
from servers import Oxigraph, started  # noqa: E402

NT = ["-H", "Content-Type: application/n-triples"]


class Reader(threading.Thread):
    """Counts a graph in a loop until stopped; keeps every count it saw."""

    def __init__(self, query_url: str, graph: str):
        super().__init__(daemon=True)
        self.url, self.graph, self.counts, self.stop = query_url, graph, [], threading.Event()

    def count(self) -> int:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{self.graph}> {{ ?s ?p ?o }} }}"
        request = urllib.request.Request(self.url, data=urllib.parse.urlencode({"query": query}).encode(),
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=600) as answer:
            return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])

    def run(self) -> None:
        while not self.stop.is_set():
            self.counts.append(self.count())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=990_000)
    parser.add_argument("--reader", action="store_true", help="count the graph in a loop during each replacement")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/kg-replace-bench"))
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    files = graph_files(args.size, args.folder)
    size = sum(1 for _ in files["c"].open("rb"))
    with started(Oxigraph) as server:
        gsp, update = f"{server.base}/store", f"{server.base}/update"
        target, staging = "urn:kg-bench:replace", "urn:kg-bench:replace-staging"
        one_update = args.folder / "drop-insert-c.ru"
        with one_update.open("wb") as out:
            out.write(f"DROP SILENT GRAPH <{target}> ;\nINSERT DATA {{ GRAPH <{target}> {{\n".encode())
            out.write(files["c"].read_bytes())
            out.write(b"} }\n")
        print(f"{size:,} triples; update body {one_update.stat().st_size:,} bytes (limit {128 * 2 ** 20:,})", flush=True)
        curl("-X", "POST", *NT, "--data-binary", f"@{files['a']}", f"{gsp}?graph={target}&no_transaction")
        steps = [
            ("set-up: POST C into a staging graph, no_transaction", "A",
             ["-X", "POST", *NT, "--data-binary", f"@{files['c']}", f"{gsp}?graph={staging}&no_transaction"]),
            ("MOVE staging TO the graph (A -> C), one update", "C",
             ["-X", "POST", "-H", "Content-Type: application/sparql-update", "--data-binary",
              f"MOVE <{staging}> TO <{target}>", update]),
            ("PUT A into the graph (C -> A), Graph Store", "A",
             ["-X", "PUT", *NT, "--data-binary", f"@{files['a']}", f"{gsp}?graph={target}"]),
            ("DROP + INSERT DATA C (A -> C), one update", "C",
             ["-X", "POST", "-H", "Content-Type: application/sparql-update", "--data-binary", f"@{one_update}", update]),
        ]
        print(f"{'operation':<54}{'triples/s':>10}{'wall s':>8}{'server cpu':>11}{'load':>6}  answer; counts a reader saw",
              flush=True)
        for label, after, curl_args in steps:
            reader = Reader(server.query_url, target) if args.reader and "set-up" not in label else None
            if reader:
                reader.start()
            cpu = cpu_seconds(server.process.pid)
            seconds, answer = curl(*curl_args)
            cpu = cpu_seconds(server.process.pid) - cpu
            seen = ""
            if reader:
                reader.stop.set()
                reader.join()
                seen = " ".join(f"{n:,}x{reader.counts.count(n)}" for n in sorted(set(reader.counts)))
            final = Reader(server.query_url, target).count()
            print(f"{label:<54}{size / seconds:>10,.0f}{seconds:>8.1f}{cpu:>11.1f}{os.getloadavg()[0]:>6.2f}  "
                  f"{answer[-12:]}; now {final:,} ({after}); {seen}", flush=True)


if __name__ == "__main__":
    main()
