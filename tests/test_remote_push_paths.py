"""``kg push``'s quick paths on real servers: only the change, a POST into an empty graph, staging + one update.

Each test pushes one graph, then another, and reads back with SPARQLWrapper
(not kg's code) that the server holds exactly the second; the expected triples
are the files' own, parsed by rdflib. A reader that counts the graph while a
push runs must see the old count or the new one, never another.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
import requests
from rdflib import Graph

import kg.remote.delta_push
import kg.remote.push
from kg.remote.endpoint import Endpoint
from kg.remote.push import push
from servers import Virtuoso, by_value, graph_size, graph_triples, started

pytestmark = pytest.mark.server

EX = "https://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
BASE = [
    f'<{EX}acme> <http://www.w3.org/2000/01/rdf-schema#label> "Acme"@en .',
    f'<{EX}acme> <{EX}founded> "1999"^^<{XSD}gYear> .',
    f'<{EX}deal/1> <{EX}investor> <{EX}acme> .',
    f'<{EX}deal/1> <{EX}amount> "30000000000.0"^^<{XSD}decimal> .',
    f'<{EX}deal/1> <{EX}chips> "01"^^<{XSD}integer> .',
    f'<{EX}deal/1> <{EX}note> "a \\"quoted\\" note\\nover two lines, é 中文" .',
]
ADDED = BASE + [f'<{EX}deal/2> <{EX}investor> <{EX}acme> .', f'<{EX}deal/2> <{EX}amount> "5"^^<{XSD}integer> .']
REMOVED = BASE[:2] + BASE[3:]
CHANGED = [line.replace('"Acme"@en', '"Acme Corp."@en') for line in BASE]
# the same numbers, written as the servers write them back: no change by value
CANONICAL = [line.replace('"30000000000.0"', '"30000000000"').replace('"01"', '"1"') for line in BASE]
BLANK = BASE + [f'<{EX}deal/1> <{EX}hardware> _:h .', f'_:h <{EX}count> "7"^^<{XSD}integer> .']
OTHER = [f'<{EX}other/{i}> <{EX}rank> "{i}"^^<{XSD}integer> .' for i in range(9)]


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / f"{name}.nt"
    path.write_text("\n".join(lines) + ("\n" if lines else ""))
    return path


def file_triples(path: Path) -> set:
    return set(Graph().parse(path, format="nt"))


@pytest.fixture(params=["virtuoso", "oxigraph"])
def server_url(request) -> tuple[str, str]:
    """(name, query URL) of a session-wide server."""
    if request.param == "virtuoso":
        return "virtuoso", request.getfixturevalue("virtuoso").sparql_url
    return "oxigraph", request.getfixturevalue("oxigraph").query_url


PAIRS = {
    "added": (BASE, ADDED),
    "removed": (ADDED, REMOVED),
    "changed-literal": (BASE, CHANGED),
    "canonical-literals": (BASE, CANONICAL),
    "blank-nodes": (BASE, BLANK),
    "totally-different": (BASE, OTHER),
    "emptied-then-refilled": ([], BASE),
}


@pytest.mark.parametrize("push_path", ["auto", "delta"])
@pytest.mark.parametrize("pair", list(PAIRS))
def test_second_push_leaves_exactly_the_pushed_graph(run_kg, server_url, tmp_path, pair, push_path):
    name, url = server_url
    named = f"urn:kg-test:paths:{name}:{pair}:{push_path}"
    first, second = (write(tmp_path, f"{pair}-{i}", lines) for i, lines in enumerate(PAIRS[pair]))
    if pair == "emptied-then-refilled":  # a graph that held triples and was emptied by a push of nothing
        assert run_kg("push", "--endpoint", url, "--named-graph", named, "--graph", second).exit_code == 0
    for path in (first, second):
        result = run_kg("push", "--endpoint", url, "--named-graph", named, "--path", push_path, "--graph", path)
        assert result.exit_code == 0, result.output
        expected = file_triples(path)
        on_server = graph_triples(url, named)
        assert len(on_server) == len(expected)
        assert f"the server counts {len(expected)} there" in result.output
        if pair != "blank-nodes" or path == first:
            assert by_value(on_server) == by_value(expected)
    if pair == "blank-nodes":  # the blank node became one well-known IRI with its own fact
        skolem = {o for _s, p, o in on_server if str(p) == f"{EX}hardware"}
        assert len(skolem) == 1 and "/.well-known/genid/" in str(next(iter(skolem)))
        assert {(str(p), int(o)) for s, p, o in on_server if s in skolem} == {(f"{EX}count", 7)}
        assert by_value({t for t in on_server if t[0] not in skolem and t[2] not in skolem}) == by_value(
            file_triples(first))
    if pair == "canonical-literals" and push_path == "delta":
        # 30000000000.0 and 01 are the values the server holds already: nothing to send
        assert ": 0 removed, 0 added" in result.output


def test_a_change_on_oxigraph_is_one_update_of_only_the_change(run_kg, oxigraph, tmp_path):
    named = "urn:kg-test:paths:one-update"
    base = [f'<{EX}t/{i}> <{EX}rank> "{i}"^^<{XSD}integer> .' for i in range(100)]
    new = base[:97] + [f'<{EX}t/{i}> <{EX}rank> "{i + 1000}"^^<{XSD}integer> .' for i in range(97, 100)] + [
        f'<{EX}t/new> <{EX}rank> "0"^^<{XSD}integer> .']
    assert run_kg("push", "--endpoint", oxigraph.query_url, "--named-graph", named, "--graph",
                  write(tmp_path, "base", base)).exit_code == 0
    result = run_kg("push", "--endpoint", oxigraph.query_url, "--named-graph", named, "--graph", write(tmp_path, "new", new))
    assert result.exit_code == 0, result.output
    assert "one update: 3 removed, 4 added" in result.output
    assert by_value(graph_triples(oxigraph.query_url, named)) == by_value(file_triples(tmp_path / "new.nt"))


def test_a_first_push_into_a_missing_graph_on_oxigraph_is_one_post(run_kg, oxigraph, tmp_path):
    named = "urn:kg-test:paths:first-post"
    result = run_kg("push", "--endpoint", oxigraph.query_url, "--named-graph", named, "--graph", write(tmp_path, "b", BASE))
    assert result.exit_code == 0, result.output
    assert "one POST into the empty graph" in result.output
    assert by_value(graph_triples(oxigraph.query_url, named)) == by_value(file_triples(tmp_path / "b.nt"))


def test_an_all_different_push_on_oxigraph_is_one_put_and_staging_stays_a_choice(run_kg, oxigraph, tmp_path):
    named = "urn:kg-test:paths:one-put"
    first, second = write(tmp_path, "first", BASE), write(tmp_path, "second", OTHER)
    assert run_kg("push", "--endpoint", oxigraph.query_url, "--named-graph", named, "--graph", first).exit_code == 0
    result = run_kg("push", "--endpoint", oxigraph.query_url, "--named-graph", named, "--graph", second)
    assert result.exit_code == 0, result.output
    assert "by graph store protocol" in result.output and "; one PUT of the whole graph)" in result.output
    assert "note: 15 of 9 triples change: replaced the whole graph" in result.output  # 6 go, 9 come
    assert "the server counts 9 there" in result.output
    assert by_value(graph_triples(oxigraph.query_url, named)) == by_value(file_triples(second))
    result = run_kg("push", "--endpoint", oxigraph.query_url, "--named-graph", named, "--path", "staging", "--graph", first)
    assert result.exit_code == 0, result.output
    assert "; staging + MOVE)" in result.output and "PUT" not in result.output
    assert by_value(graph_triples(oxigraph.query_url, named)) == by_value(file_triples(first))


def test_a_refused_put_leaves_the_old_graph_on_oxigraph(run_kg, oxigraph, tmp_path, monkeypatch):
    # The PUT's body ends in a line the server cannot parse: the server refuses the whole PUT, and since it clears
    # and loads in one transaction the graph keeps its previous version (Oxigraph before 0.5.13 left it empty).
    named = "urn:kg-test:paths:refused-put"
    first = write(tmp_path, "first", BASE)
    assert run_kg("push", "--endpoint", oxigraph.query_url, "--named-graph", named, "--graph", first).exit_code == 0
    real_put = kg.remote.push.put_whole
    monkeypatch.setattr("kg.remote.push.put_whole",
                        lambda client, data, triples, graph: real_put(client, data + b"<broken\n", triples, graph))
    result = run_kg("push", "--endpoint", oxigraph.query_url, "--named-graph", named, "--graph",
                    write(tmp_path, "second", OTHER))
    assert result.exit_code == 1
    assert "the Graph Store PUT of the whole graph failed" in result.output and "HTTP 400" in result.output
    assert "holds either its previous version or the new one" in result.output
    assert by_value(graph_triples(oxigraph.query_url, named)) == by_value(file_triples(first))


def test_a_writer_between_read_and_update_makes_the_update_change_nothing(run_kg, server_url, tmp_path, monkeypatch):
    # Another writer adds a triple just after kg read the graph: the guarded update must not apply a change
    # worked out against the old copy (that would leave neither version), and the push must say so.
    name, url = server_url
    named = f"urn:kg-test:paths:race:{name}"
    assert run_kg("push", "--endpoint", url, "--named-graph", named, "--graph", write(tmp_path, "b", BASE)).exit_code == 0
    intruder = f"<{EX}intruder> <{EX}says> \"hello\" ."
    update_url = url.replace("/query", "/update")
    real_fetch = kg.remote.delta_push.fetch_copy

    def fetch_then_someone_writes(client, graph_iri):
        copy = real_fetch(client, graph_iri)
        answer = requests.post(update_url, data={"update": f"INSERT DATA {{ GRAPH <{graph_iri}> {{ {intruder} }} }}"}, timeout=30)
        assert answer.status_code < 300, answer.text
        return copy

    monkeypatch.setattr("kg.remote.push.fetch_copy", fetch_then_someone_writes)
    result = run_kg("push", "--endpoint", url, "--named-graph", named, "--path", "delta", "--graph", write(tmp_path, "c", CHANGED))
    assert result.exit_code == 1
    assert re.search(r"after the update the server holds 7 triples there, 6 were pushed", result.output), result.output
    expected = file_triples(tmp_path / "b.nt") | set(Graph().parse(data=intruder, format="nt"))
    assert by_value(graph_triples(url, named)) == by_value(expected)


def _big(count: int, shift: int) -> list[str]:
    return [f'<{EX}big/{i}> <{EX}rank> "{i + shift}"^^<{XSD}integer> .' for i in range(count)]


def _counts_during(run, url: str, named: str, pause: float = 0.05) -> list[int]:
    """Count ``named`` on the server over and over while ``run()`` works in a thread; the counts seen."""
    failure: list[BaseException] = []

    def work():
        try:
            run()
        except BaseException as err:  # noqa: BLE001 - handed to the test thread
            failure.append(err)

    worker = threading.Thread(target=work)
    worker.start()
    seen = []
    while worker.is_alive():
        seen.append(graph_size(url, named))
        time.sleep(pause)  # a reader, not a flood: the writer must get on
    worker.join()
    if failure:
        raise failure[0]
    return seen


#: the path each push takes when every triple changes: one PUT where the server's PUT is one transaction
ALL_CHANGED_PATH = {("oxigraph", "auto"): "one PUT of the whole graph", ("oxigraph", "staging"): "staging + MOVE",
                    ("virtuoso", "auto"): "staging + MOVE", ("virtuoso", "staging"): "staging + MOVE"}


@pytest.mark.parametrize("change", ["some", "all"])
@pytest.mark.parametrize("push_path", ["auto", "staging"])
def test_a_reader_sees_the_old_count_or_the_new_one_never_between(server_url, tmp_path, push_path, change, request):
    from kg.rdf.store import load_file, open_graph

    name, url = server_url
    if name == "virtuoso":  # not strict: whether the reader looks at the wrong moment is a matter of timing
        request.applymarker(pytest.mark.xfail(strict=False, reason=(
            "Virtuoso 7.2 has no snapshot reads: its read-committed readers see the rows a writer holds as they were"
            " until it commits, but the commit itself frees them row by row, so a count that runs across the commit"
            " sees part of it (23,000 or 19,000 of 20,000 -> 22,000; measured at 200,000 -> 220,000: 190,000, only"
            " in the last 0.35 s of the one update, for MOVE and for DELETE + INSERT alike; a Graph Store POST or PUT"
            " is worse: it commits as it loads)")))
    named = f"urn:kg-test:paths:reader:{name}:{push_path}:{change}"
    endpoint = Endpoint.at(url, timeout=300)
    # 20,000 -> 22,000 triples: 1,000 go, 3,000 come (a small change: kg sends only it where it can),
    # or all 20,000 go and 22,000 others come (kg replaces the whole graph)
    more = [f'<{EX}more/{i}> <{EX}rank> "{i}"^^<{XSD}integer> .' for i in range(22_000)]
    old, new = _big(20_000, 0), (_big(19_000, 0) + more[:3_000] if change == "some" else more)
    graphs = []
    for i, lines in enumerate((old, new)):
        graph = open_graph("oxigraph")
        load_file(graph, write(tmp_path, f"v{i}", lines), "nt")
        graphs.append(graph)
    push(graphs[0], endpoint, named)
    # Virtuoso's readers hold locks the writer waits for: a reader that never pauses makes the update time out (SR171)
    pause = 0.5 if name == "virtuoso" else 0.05
    reports = []
    seen = _counts_during(lambda: reports.append(push(graphs[1], endpoint, named, path=push_path)), url, named, pause)
    if change == "all":
        assert reports[0].path == ALL_CHANGED_PATH[name, push_path]
    assert len(seen) >= 3, "the push was over before the reader could look"
    assert set(seen) <= {20_000, 22_000}, sorted(set(seen))
    assert by_value(graph_triples(url, named)) == by_value(set(graphs[1]))


def test_a_reader_sees_nothing_or_everything_of_a_first_push_on_oxigraph(oxigraph, tmp_path):
    from kg.rdf.store import load_file, open_graph

    named = "urn:kg-test:paths:reader:first-post"
    graph = open_graph("oxigraph")
    load_file(graph, write(tmp_path, "first", _big(40_000, 0)), "nt")
    endpoint = Endpoint.at(oxigraph.query_url, timeout=300)
    reports = []
    seen = _counts_during(lambda: reports.append(push(graph, endpoint, named)), oxigraph.query_url, named)
    assert reports[0].path == "one POST into the empty graph"
    assert len(seen) >= 3, "the push was over before the reader could look"
    assert set(seen) <= {0, 40_000}, sorted(set(seen))


def test_the_reader_does_see_a_graph_loaded_request_by_request(server_url, tmp_path):
    # The check above can fail: loading the same graph straight into place in 1,000-triple requests
    # (not atomic) shows the reader counts between the old and the new.
    name, url = server_url
    named = f"urn:kg-test:paths:reader-control:{name}"
    update_url = url.replace("/query", "/update")
    lines = _big(20_000, 0)

    def load_in_batches():
        for start in range(0, len(lines), 1_000):
            body = "\n".join(lines[start:start + 1_000])
            answer = requests.post(update_url, data={"update": f"INSERT DATA {{ GRAPH <{named}> {{ {body} }} }}"}, timeout=60)
            assert answer.status_code < 300, answer.text

    seen = _counts_during(load_in_batches, url, named)
    assert set(seen) - {0, 20_000}, sorted(set(seen))


def test_a_refused_update_of_the_difference_leaves_the_old_graph(run_kg, tmp_path, monkeypatch):
    # A Virtuoso whose transactions may write little (300 kB of log): the staging graph is loaded 1,000 triples a
    # request, each within that; the one update that then inserts 12,000 triples is refused.
    monkeypatch.setattr("kg.remote.push.GSP_BATCH", 1_000)
    named = "urn:kg-test:paths:refused"
    with started(Virtuoso, transaction_limit=300_000) as server:
        server.grant_anonymous_update()
        old_lines = _big(1_000, 0)
        old, new = write(tmp_path, "old", old_lines), write(tmp_path, "new", old_lines + _big(13_000, 5)[1_000:])
        loaded = requests.post(f"{server.base}/sparql-graph-crud", params={"graph": named}, timeout=60,
                               data="\n".join(old_lines).encode(), headers={"Content-Type": "application/n-triples"})
        assert loaded.status_code < 300, loaded.text
        result = run_kg("push", "--endpoint", server.sparql_url, "--named-graph", named, "--graph", new)
        assert result.exit_code == 1
        assert "SR325" in result.output
        assert "holds either its previous version or the new one" in result.output
        assert by_value(graph_triples(server.sparql_url, named)) == by_value(file_triples(old))
