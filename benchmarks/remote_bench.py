"""Beyond one machine: push throughput and question latency on real SPARQL servers, beside local rdflib.

For each size a seeded synthetic graph in our vocabulary
(benchmarks/synthetic.py) is parsed with rdflib, then pushed with
:func:`kg.remote.push` into OpenLink Virtuoso and the Oxigraph server, each
started on loopback by the test harness (tests/servers.py), by the Graph Store
Protocol and by SPARQL Update (INSERT DATA, 1,000 triples a request). Push
throughput is triples per second of the whole push: staging load, count check,
MOVE and final count.

Then questions are asked locally (:func:`kg.query.run_query` on the rdflib
graph) and on each server (:func:`kg.remote.remote_query`: HTTP, JSON results,
rdflib results); the median of the timed runs is shown, after one warm-up, with
the number of rows, which must agree; a local question stopped at
``--local-timeout`` shows "timed out".

Usage::

    python benchmarks/remote_bench.py                      # 100,000 and 1,000,000 triples
    python benchmarks/remote_bench.py --sizes 20000 --repeat 3
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from servers import Oxigraph, Virtuoso, started  # noqa: E402  (the test harness starts the real servers)
from kg.synthetic import synthetic_graph  # noqa: E402

from kg.rdf.terms import GRAPH_IRI  # noqa: E402
from kg.rdf.builder import new_graph
from kg.problems import QueryTimeout  # noqa: E402
from kg.sparql.text import parameter_term  # noqa: E402
from kg.sparql.checks import prepare_query  # noqa: E402
from kg.sparql.sandbox import run_query  # noqa: E402
from kg.remote.endpoint import Endpoint  # noqa: E402
from kg.problems import RemoteError  # noqa: E402
from kg.remote.push import push  # noqa: E402
from kg.remote.query import remote_query  # noqa: E402

NAMED = str(GRAPH_IRI)
#: name -> (question, parameters); the saved questions are read from kg/queries
QUESTIONS = {
    "count all triples": ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {}),
    "one company's labels": ("SELECT ?label WHERE { aid:company-1 rdfs:label ?label }", {}),
    "top 10 investees by deals": (
        "SELECT ?firm (COUNT(?deal) AS ?deals) WHERE { ?deal aic:investee ?firm } GROUP BY ?firm ORDER BY DESC(?deals) ?firm LIMIT 10",
        {},
    ),
}
SAVED = {"circular-money": {}, "investors-of": {"firm": "company-0"}, "hardware-of": {"firm": "company-0"}, "timeline": {}}


def _graph(size: int):
    text = io.StringIO()
    triples = synthetic_graph(size, seed=1, out=text)
    began = time.perf_counter()
    graph = new_graph().parse(data=text.getvalue(), format="turtle")
    print(f"\n== {triples:,} triples (rdflib parse {time.perf_counter() - began:.1f} s)")
    return graph


def _questions():
    asked = {name: (prepare_query(text, name), params) for name, (text, params) in QUESTIONS.items()}
    for name, params in SAVED.items():
        path = HERE.parent / "kg" / "queries" / f"{name}.rq"
        if path.is_file():
            asked[f"saved: {name}"] = (prepare_query(path.read_text(), path.name), {k: parameter_term(v) for k, v in params.items()})
    return asked


def _median_ms(run, repeat: int):
    """(median milliseconds, rows) of ``run()``, after one warm-up; ("error: ...", None) on failure."""
    try:
        result = run()
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            result = run()
            times.append((time.perf_counter() - began) * 1000)
    except QueryTimeout:
        return "timed out", None
    except RemoteError as err:
        return f"error: {str(err)[:60]}", None
    rows = len(result.bindings) if result.type == "SELECT" else (len(result.graph) if result.graph is not None else 1)
    return statistics.median(times), rows


def _cell(value) -> str:
    return f"{value:>12,.1f}" if isinstance(value, float) else f"{value:>12}"


def bench(size: int, servers: dict, methods: list[str], repeat: int, local_timeout: float) -> None:
    graph = _graph(size)
    print(f"\n{'push':<34}{'triples/s':>12}{'seconds':>10}{'requests':>10}")
    for server_name, endpoint in servers.items():
        for method in methods:
            report = push(graph, endpoint, NAMED, method=method)
            rate = report.triples / report.seconds
            label = f"{server_name}, {report.method}"
            print(f"{label:<34}{rate:>12,.0f}{report.seconds:>10.1f}{report.requests:>10}")
    questions = _questions()
    names = ["local rdflib", *servers]
    print(f"\n{'question (median ms, rows)':<34}" + "".join(f"{n:>12}{'rows':>8}" for n in names))
    for name, (prepared, params) in questions.items():
        cells = [_median_ms(lambda: run_query(graph, prepared, params, timeout=local_timeout), repeat)]
        for endpoint in servers.values():
            cells.append(_median_ms(lambda: remote_query(endpoint, prepared, NAMED, params), repeat))
        print(f"{name:<34}" + "".join(f"{_cell(ms)}{rows if rows is not None else '-':>8}" for ms, rows in cells))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--methods", nargs="+", choices=["gsp", "update"], default=["gsp", "update"])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each question")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds a request to a server may take")
    parser.add_argument("--local-timeout", type=float, default=120.0, help="seconds a local rdflib question may take")
    args = parser.parse_args(argv)
    # Buffers for a million triples: Virtuoso's own advice for about 2 GB of memory; room in one
    # transaction's log (50 MB by default) and time (60 s) for the MOVE that swaps a million triples in.
    virtuoso_settings = dict(buffers=170_000, max_dirty_buffers=130_000, transaction_limit=2_000_000_000,
                             max_execution_seconds=int(args.timeout))
    with started(Virtuoso, **virtuoso_settings) as virtuoso, started(Oxigraph) as oxigraph:
        virtuoso.grant_anonymous_update()
        servers = {
            "virtuoso": Endpoint.at(virtuoso.sparql_url, timeout=args.timeout),
            "oxigraph": Endpoint.at(oxigraph.query_url, timeout=args.timeout),
        }
        for size in args.sizes:
            bench(size, servers, args.methods, args.repeat, args.local_timeout)


if __name__ == "__main__":
    main()
