"""Stores (memory, Oxigraph), kg build --include, hostile files, progress, and the store benchmark's smoke run.

Expected values come from tests/fixtures/mini (Alpha AI buys compute from
Bigcloud, which invests up to 2B in it) and from the small files written here.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.workspace import command_graph
from kg.paths import shipped_data_dir
from kg.sparql.saved import saved_queries
from kg.sparql.text import parameter_term
from kg.sparql.sandbox import run_query
from kg.rdf.terms import AIC, AID

ROOT = Path(__file__).resolve().parent.parent
EX = "http://example.org/"
_GROUP_CONCAT = re.compile(r"GROUP_CONCAT.*?\bAS\s+\?(\w+)")
_RENAMED = re.compile(r"COALESCE\(\?(\w+)\s*,.*?\bAS\s+\?(\w+)")


def _concatenated(text: str) -> set[str]:
    """The columns a GROUP_CONCAT makes, directly or through COALESCE(?joined, "") AS ?column."""
    names = set(_GROUP_CONCAT.findall(text))
    return names | {column for joined, column in _RENAMED.findall(text) if joined in names}


def _rows(result, concatenated: set[str]) -> list[tuple]:
    """Rows in order; GROUP_CONCAT columns as sorted parts (SPARQL leaves the order of the parts to the engine)."""
    rows = []
    for row in result.bindings:
        cells = []
        for variable in result.vars:
            term = row.get(variable)
            if str(variable) in concatenated and term is not None:
                cells.append(("parts", tuple(sorted(str(term).split("; ")))))
            else:
                cells.append(term)
        rows.append(tuple(cells))
    return rows


@pytest.fixture(scope="module")
def shipped_graphs():
    data = shipped_data_dir()
    return {store: command_graph([], data, Path("no-build-here"), store=store) for store in ("memory", "oxigraph")}


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_question_gives_the_same_answer_on_both_stores(shipped_graphs, name):
    saved = saved_queries()[name]
    params = {p: parameter_term("anthropic") for p in saved.params}
    concatenated = _concatenated(saved.text)
    memory = run_query(shipped_graphs["memory"], saved.text, params)
    oxigraph = run_query(shipped_graphs["oxigraph"], saved.text, params)
    assert [str(v) for v in memory.vars] == [str(v) for v in oxigraph.vars]
    assert len(memory.bindings) > 0
    assert _rows(memory, concatenated) == _rows(oxigraph, concatenated)


def test_both_stores_hold_the_same_triples(shipped_graphs):
    # Oxigraph keeps decimals by value (5000000000.0 comes back as 5000000000): compare values.
    # rdflib over Oxigraph gives plain literals the type xsd:string (RDF 1.1): compare those as text.
    def value(term):
        if not isinstance(term, Literal):
            return term
        if term.datatype in (None, XSD.string):
            return ("text", str(term), term.language)
        return ("value", term.toPython(), term.datatype)

    def values(graph):
        return {tuple(value(t) for t in triple) for triple in graph}

    assert len(shipped_graphs["memory"]) == len(shipped_graphs["oxigraph"])
    assert values(shipped_graphs["memory"]) == values(shipped_graphs["oxigraph"])


def test_kg_query_on_the_oxigraph_store(run_kg, mini_data, tmp_path):
    # Bigcloud's investment in Alpha AI is "up to 2B": maxValue 2000000000.0 in the build's decimal form.
    args = ("query", "investors-of", "--param", "firm=alpha-ai", "--data", mini_data, "--format", "csv")
    memory = run_kg(*args)
    oxigraph = run_kg(*args, "--store", "oxigraph")
    assert memory.exit_code == oxigraph.exit_code == 0
    assert oxigraph.stdout == memory.stdout
    assert "2000000000.0" in oxigraph.stdout and "https://w3id.org/aicompute/id/bigcloud" in oxigraph.stdout


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])  # CSV, which pyoxigraph cannot read back: the test above
def test_every_results_format_gives_the_same_answer_on_both_stores(run_kg, mini_data, fmt):
    # On Oxigraph pyoxigraph writes these formats from its own answer; the figures must still read 2000000000.0.
    import pyoxigraph as ox

    args = ("query", "investors-of", "--param", "firm=alpha-ai", "--data", mini_data, "--format", fmt)
    outputs = {store: run_kg(*args, "--store", store) for store in ("memory", "oxigraph")}
    assert all(output.exit_code == 0 for output in outputs.values())
    results_format = getattr(ox.QueryResultsFormat, fmt.upper())
    rows = {}
    for store, output in outputs.items():
        solutions = ox.parse_query_results(output.stdout_bytes, format=results_format)
        names = [v.value for v in solutions.variables]
        rows[store] = [tuple(solution[name] for name in names) for solution in solutions]
    assert rows["memory"] == rows["oxigraph"]
    up_to = ox.Literal("2000000000.0", datatype=ox.NamedNode(str(XSD.decimal)))
    bigcloud = ox.NamedNode(str(AID.bigcloud))
    assert any(up_to in row and bigcloud in row for row in rows["oxigraph"])


def test_updates_and_service_are_refused_on_the_oxigraph_store(run_kg, mini_data):
    update = run_kg("query", "INSERT DATA { aid:a aic:investsIn aid:b }", "--data", mini_data, "--store", "oxigraph")
    assert update.exit_code == 2 and "read-only" in update.output
    service = run_kg("query", "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "--data", mini_data,
                     "--store", "oxigraph")
    assert service.exit_code == 2 and "SERVICE reaches the network" in service.output


def test_a_runaway_query_stops_at_the_timeout_on_oxigraph(run_kg, mini_data):
    cartesian = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    result = run_kg("query", cartesian, "--data", mini_data, "--store", "oxigraph", "--timeout", "1")
    assert result.exit_code == 1 and "stopped after 1 s" in result.output
    assert multiprocessing.active_children() == []  # the evaluating process was stopped


@pytest.mark.slow
def test_store_path_is_reused_while_its_inputs_are_unchanged(run_kg, mini_data, tmp_path, monkeypatch):
    extra = tmp_path / "extra.nt"
    extra.write_text(f"<{AID['alpha-ai']}> <{AIC.competesWith}> <{AID.bigcloud}> .\n")
    store, out = tmp_path / "store", tmp_path / "build"
    built = run_kg("build", "--data", mini_data, "--out", out, "--include", extra, "--store-path", store)
    assert built.exit_code == 0, built.output
    gc.collect()  # each command is its own process for a user; here the build's store must be closed by hand
    ask = ("query", "ASK { aid:alpha-ai aic:competesWith aid:bigcloud }", "--data", mini_data, "--store-path", store)

    import kg.rdf.store

    def no_parsing(*args, **kwargs):
        raise AssertionError("the store was parsed again")

    with monkeypatch.context() as patch:
        patch.setattr(kg.rdf.store, "load_file", no_parsing)
        patch.chdir(tmp_path)
        assert run_kg(*ask).stdout == "true\n"
    gc.collect()
    # A changed include makes the store stale: it is loaded again, from the new content.
    extra.write_text(f"<{AID['alpha-ai']}> <{AIC.competesWith}> <{AID.chipco}> .\n")
    monkeypatch.chdir(tmp_path)
    stale = run_kg(*ask)
    assert stale.stdout == "false\n", stale.output
    assert run_kg("query", "ASK { aid:alpha-ai aic:competesWith aid:chipco }", "--data", mini_data,
                  "--store-path", store).stdout == "true\n"


def test_store_path_with_the_memory_store_is_bad_usage(run_kg, mini_data, tmp_path):
    result = run_kg("query", "ASK {}", "--data", mini_data, "--store", "memory", "--store-path", tmp_path / "s")
    assert result.exit_code == 2 and "--store-path" in result.output


@pytest.mark.parametrize("args, expected", [
    (("query", "ASK {}"), "oxigraph"),  # Oxigraph's engine answers quicker on the shipped data
    (("analyze", "timeline"), "memory"),  # the projection walks rdflib's API: quicker on its own store
    (("render",), "memory"),
    (("query", "ASK {}", "--store", "memory"), "memory"),
    (("analyze", "timeline", "--store-path", "STORE"), "oxigraph"),  # an on-disk store is always Oxigraph
])
def test_each_command_defaults_to_its_quicker_store(run_kg, mini_data, tmp_path, monkeypatch, args, expected):
    import kg.workspace

    used = []
    real = kg.workspace.command_graph

    def recording(*a, **kw):
        used.append(kw["store"])
        return real(*a, **kw)

    monkeypatch.setattr(kg.workspace, "command_graph", recording)
    monkeypatch.chdir(tmp_path)
    args = tuple(str(tmp_path / "s") if a == "STORE" else a for a in args)
    result = run_kg(*args, "--data", mini_data, *(("-o", tmp_path / "page.html") if args[0] == "render" else ()))
    assert result.exit_code == 0, result.output
    assert used == [expected]


INCLUDES = {
    "extra.ttl": f"@prefix ex: <{EX}> .\nex:a ex:says \"turtle\" .\n",
    "extra.nt": f"<{EX}b> <{EX}says> \"n-triples\" .\n",
    "extra.nq": f"<{EX}c> <{EX}says> \"n-quads\" <{EX}g> .\n",
    "extra.jsonld": json.dumps({"@context": {"ex": EX}, "@id": "ex:d", "ex:says": "json-ld"}),
    "extra.rdf": f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                 f'xmlns:ex="{EX}">\n<rdf:Description rdf:about="{EX}e"><ex:says>rdf/xml</ex:says></rdf:Description>\n</rdf:RDF>\n',
}


@pytest.mark.slow
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_build_include_merges_every_format(run_kg, mini_data, tmp_path, store):
    files = []
    for name, text in INCLUDES.items():
        (tmp_path / name).write_text(text)
        files += ["--include", tmp_path / name]
    out = tmp_path / "build"
    result = run_kg("build", "--data", mini_data, "--out", out, "--store", store, *files)
    assert result.exit_code == 0, result.output
    graph = Graph().parse(out / "graph.ttl")
    says = {str(s): str(o) for s, o in graph.subject_objects(URIRef(EX + "says"))}
    assert says == {EX + "a": "turtle", EX + "b": "n-triples", EX + "c": "n-quads", EX + "d": "json-ld", EX + "e": "rdf/xml"}
    assert (AID.bigcloud, AIC.investsIn, AID["alpha-ai"]) in graph


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_parse_error_names_the_file_and_line(run_kg, mini_data, tmp_path, store):
    bad = tmp_path / "bad.ttl"
    bad.write_text(f"@prefix ex: <{EX}> .\nex:a ex:b ex:c .\nex:a ex:b \"unterminated .\n")
    out = tmp_path / "build"
    result = run_kg("build", "--data", mini_data, "--out", out, "--store", store, "--include", bad)
    assert result.exit_code == 2
    assert re.search(r"bad\.ttl:3: cannot parse as turtle", result.output), result.output
    assert not out.exists()


def test_an_import_that_breaks_a_rule_is_refused(run_kg, mini_data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    deal = tmp_path / "deal.ttl"
    # An investment with no source, no status and no investee.
    deal.write_text(f"@prefix aic: <{AIC._NS}> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                    f"<{AID['deal/imported']}> a aic:Investment ; aic:investor <{AID.bigcloud}> ;\n"
                    "  aic:announcedOn \"2024-01-01\"^^xsd:date .\n")
    out = tmp_path / "build"
    result = run_kg("build", "--data", mini_data, "--out", out, "--store", "oxigraph", "--include", deal)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "deal.ttl: aid:deal/imported: a deal needs a source (prov:wasDerivedFrom)" in lines
    assert "deal.ttl: aid:deal/imported: a deal needs exactly one aic:dealStatus (0)" in lines
    assert "deal.ttl: aid:deal/imported: a deal of this kind needs exactly one of this role (aic:investee)" in lines
    assert not any("aic:investor)" in line for line in lines)
    assert not out.exists()


# --- hostile files --------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:says>&lol9;</ex:says></rdf:Description>
</rdf:RDF>
"""
SYSTEM_ENTITY = """<?xml version="1.0"?>

<!DOCTYPE r [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:says>&secret;</ex:says></rdf:Description>
</rdf:RDF>
"""


class _Watch:
    """An audit hook (they cannot be removed, so it records only while armed): network calls and opens of ``paths``."""

    armed = False
    seen: list = []
    paths: set = set()

    @classmethod
    def hook(cls, event: str, args: tuple) -> None:
        if not cls.armed:
            return
        if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request", "http.client.connect"):
            cls.seen.append((event, args))
        elif event == "open" and args and str(args[0]) in cls.paths:
            cls.seen.append((event, args[0]))


sys.addaudithook(_Watch.hook)


@pytest.fixture
def watch():
    _Watch.seen, _Watch.armed = [], True
    yield _Watch
    _Watch.armed = False


def _hostile_cases(tmp_path: Path) -> list[tuple[Path, int, str]]:
    context = tmp_path / "context.jsonld"
    context.write_text(json.dumps({"@context": {"ex": EX}}))
    cases = {
        "laughs.rdf": (BILLION_LAUGHS, 2, "refused: the XML declares a DOCTYPE"),
        "system.rdf": (SYSTEM_ENTITY, 3, "refused: the XML declares a DOCTYPE"),
        "remote.jsonld": ('{\n  "@id": "http://example.org/a",\n  "@context": "http://127.0.0.1:9/context.jsonld"\n}\n',
                          3, "refused: JSON-LD context 'http://127.0.0.1:9/context.jsonld' would be fetched"),
        "local.jsonld": (json.dumps({"@context": [{"ex": EX}, context.as_uri()], "@id": "ex:a"}), 1,
                         f"refused: JSON-LD context '{context.as_uri()}' would be fetched"),
    }
    found = []
    for name, (text, line, message) in cases.items():
        (tmp_path / name).write_text(text)
        found.append((tmp_path / name, line, message))
    _Watch.paths = {str(context), context.as_uri(), "/etc/passwd"}
    return found


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_hostile_files_are_refused_fast_and_fetch_nothing(run_kg, mini_data, tmp_path, store, watch, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for path, line, message in _hostile_cases(tmp_path):
        for args in (("build", "--data", mini_data, "--out", tmp_path / "out", "--include", path.name),
                     ("query", "ASK {}", "--data", mini_data, "--graph", path.name)):
            work = []  # refused before any other work: no data loaded, no file parsed
            monkeypatch.setattr("kg.data.load.load_data", lambda *a, **k: work.append("load_data"))
            monkeypatch.setattr("kg.rdf.store.load_file", lambda *a, **k: work.append("load_file"))
            result = run_kg(*args, "--store", store)
            assert result.exit_code == 2, (path.name, result.output)
            assert result.output.startswith(f"{path.name}:{line}: {message}"), result.output
            assert work == [], (path.name, args[0], work)
    assert watch.seen == []
    assert not (tmp_path / "out").exists()


# --- progress -------------------------------------------------------------------------------------


def test_no_progress_bar_when_standard_error_is_not_a_terminal(run_kg, mini_data, tmp_path, monkeypatch):
    import kg.cli.progress

    monkeypatch.setattr(kg.cli.progress, "DELAY", 0.0)  # the bar would show at once on a terminal
    big = tmp_path / "big.nt"
    big.write_text("".join(f"<{EX}s{i}> <{EX}p> \"{i}\" .\n" for i in range(20000)))
    result = run_kg("query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--graph", big, "--store", "oxigraph", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.split() == ["n", "20000"]
    assert result.stderr == ""


def test_progress_reports_bytes_read(tmp_path):
    from kg.rdf.store import load_file, open_graph

    path = tmp_path / "some.nt"
    path.write_text("".join(f"<{EX}s{i}> <{EX}p> <{EX}o> .\n" for i in range(3000)))
    for store in ("memory", "oxigraph"):
        seen = []
        graph = open_graph(store)
        load_file(graph, path, "nt", lambda done, total: seen.append((done, total)))
        assert len(graph) == 3000
        assert seen[-1] == (path.stat().st_size, path.stat().st_size)


@pytest.mark.slow
def test_oxigraph_turtle_export_is_byte_stable(mini_data, tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"build-{seed}"
        subprocess.run([str(Path(sys.executable).with_name("kg")), "build", "--data", str(mini_data), "--out", str(out),
                        "--store", "oxigraph"], check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append((out / "graph.ttl").read_bytes())
    assert outputs[0] == outputs[1]
    memory = Graph().parse(tmp_path / "build-1" / "graph.ttl")
    assert (AID.bigcloud, AIC.investsIn, AID["alpha-ai"]) in memory
    assert (AID["deal/bigcloud-alpha-investment"], AIC.amount, AID["deal/bigcloud-alpha-investment/amount"]) in memory


# --- the benchmark cannot rot ---------------------------------------------------------------------


@pytest.mark.slow
def test_store_benchmark_runs_at_a_tiny_size(tmp_path):
    out = tmp_path / "results.md"
    process = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "store_bench.py"), "--sizes", "300", "--repeat", "1",
         "--no-extras", "-o", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert process.returncode == 0, process.stderr
    table = out.read_text()
    for pipeline in ("rdflib", "kg-memory", "kg-oxigraph", "pyoxigraph"):
        row = next(line for line in table.splitlines() if line.startswith(f"| {pipeline} |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert all(re.fullmatch(r"\d+\.\d\d", c) for c in cells[1:5]), row
    assert re.search(r"^\| kglab \| (\d+\.\d\d|kglab does not import here)", table, re.M)
