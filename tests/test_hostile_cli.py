"""Careless and hostile input at the command line: a clean message and exit code, never a traceback;
nothing from a graph steers the terminal; ``kg serve`` on a taken port fails before saying "serving".
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

MINI = Path(__file__).parent / "fixtures" / "mini"
V1 = Path(__file__).parent / "fixtures" / "remote" / "v1.nt"
ESC = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"


def _kg(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def _clean(result, code: int) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


# ------------------------------------------------------------------ no traceback without -v

@pytest.mark.parametrize("seconds", ["nan", "NaN", "inf", "-inf", "1e308", "-1"])
@pytest.mark.parametrize("command", [
    ["query", "timeline", "--data", MINI, "--timeout"],
    ["query", "ASK {}", "--data", MINI, "--endpoint", "http://127.0.0.1:9/sparql", "--timeout"],
    ["push", "--graph", V1, "--endpoint", "http://127.0.0.1:9/sparql", "--timeout"],
    ["analyze", "circular-flows", "--data", MINI, "--cycle-seconds"],
    ["analyze", "circular-flows", "--data", MINI, "--significance", "--significance-seconds"],
])
def test_seconds_that_are_no_number_of_seconds_are_usage_errors(command, seconds):
    # NaN compares false with every bound (a budget it set would never end) and inf overflows the clocks.
    output = _clean(_kg(*command, seconds), 2)
    assert f"Invalid value for '{command[-1]}'" in output


@pytest.mark.parametrize("seconds", [float("nan"), float("inf"), 0.0, -1.0, 1e308])
def test_the_api_refuses_a_timeout_that_is_no_number_of_seconds(seconds):
    from kg import api

    graph = api.build(MINI)
    with pytest.raises(ValueError, match="timeout must be a number of seconds"):
        api.query(graph, "timeline", timeout=seconds)
    with pytest.raises(ValueError, match="timeout must be a number of seconds"):
        api.query(None, "timeline", endpoint="http://127.0.0.1:9/sparql", timeout=seconds)


@pytest.mark.parametrize("body", [
    "@prefix ex: <http://e/> .\nex:a ex:b <http://x y> .\n",
    "<http://e/a> <http://e/b space> <http://e/c> .\n",
    '@prefix ex: <http://e/> .\nex:a ex:b <http://x"y> .\n',
    "@prefix ex: <http://e/> .\nex:a ex:b <http://x{y}> .\n",
])
@pytest.mark.parametrize("suffix", [".ttl", ".n3"])
def test_an_include_with_an_iri_that_is_not_one_is_refused(tmp_path, body, suffix):
    include = tmp_path / f"bad{suffix}"
    include.write_text(body, encoding="utf-8")
    built = _clean(_kg("build", "--data", MINI, "--include", include, "--out", tmp_path / "out"), 2)
    assert "bad" + suffix in built and ("not a valid IRI" in built or "cannot parse" in built)
    assert not (tmp_path / "out" / "graph.ttl").exists()
    asked = _clean(_kg("query", "ASK {}", "--graph", include, "--store", "memory"), 2)
    assert "not a valid IRI" in asked or "cannot parse" in asked


@pytest.mark.parametrize("raw", [b"SELECT * WHERE { ?s ?p \"\xe9\" }", b"\xff\xfeA\x00S\x00K\x00", b"ASK {}\n# \x80\n"])
def test_a_query_that_is_not_utf8_is_refused_by_file_and_stdin(tmp_path, raw):
    query_file = tmp_path / "q.rq"
    query_file.write_bytes(raw)
    by_file = _clean(_kg("query", "-f", query_file, "--data", MINI), 2)
    line = raw.count(b"\n", 0, len(raw.split(b"\x80")[0].split(b"\xe9")[0].split(b"\xff")[0])) + 1
    assert by_file.startswith(f"{query_file}:{line}: not UTF-8 text")
    by_stdin = _clean(_kg("query", "-", "--data", MINI, input=raw), 2)
    assert by_stdin.startswith("<stdin>:") and "not UTF-8 text" in by_stdin
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "latin.rq").write_bytes(raw)
    saved = _clean(_kg("query", "latin", "--queries", folder, "--data", MINI), 2)
    assert "latin.rq" in saved


@pytest.mark.parametrize("source", ["/dev/zero", "/dev/urandom", "big"])
def test_a_query_input_without_end_is_cut_and_refused_by_file_stdin_and_saved_folder(tmp_path, source):
    # Read whole, /dev/zero filled memory until the kernel killed kg. More than 10 MiB is refused.
    if source == "big":
        source = tmp_path / "big.rq"
        source.write_bytes(b"ASK {}\n" + b"#" * (11 * 2**20))
    by_file = _clean(_kg("query", "-f", source, "--data", MINI), 2)
    assert by_file.startswith(f"{source}: more than 10 MiB")
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "endless.rq").symlink_to(source)
    saved = _clean(_kg("query", "endless", "--queries", folder, "--data", MINI), 2)
    assert "endless.rq: more than 10 MiB" in saved


def test_standard_input_over_the_bound_is_refused():
    by_stdin = _clean(_kg("query", "-", "--data", MINI, input=b"ASK {}\n" + b" " * (10 * 2**20)), 2)
    assert by_stdin.startswith("<stdin>: more than 10 MiB")


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 50_000 + "}" * 50_000,
    "ASK { FILTER(" + "(" * 5_000 + "1" + ")" * 5_000 + ") }",
    "ASK " + "{ OPTIONAL " * 2_000 + "{}" + "}" * 2_000,
], ids=["groups", "brackets", "optionals"])
def test_a_query_nested_past_the_parser_is_refused_without_a_traceback(query):
    assert "nested too deeply" in _clean(_kg("query", query, "--data", MINI), 2)


def test_a_parameter_given_twice_is_refused():
    output = _clean(_kg("query", "investors-of", "--param", "firm=anthropic", "--param", "firm=openai"), 2)
    assert "'firm' is given twice" in output


@pytest.mark.parametrize("query", ["ASK { ?s ?p '\\UFFFFFFFF' }", "ASK { ?s ?p ?o FILTER(?o = \"\\uDFFF\") }"])
def test_an_escape_of_no_character_is_a_syntax_error(query):
    assert "is not a Unicode character" in _clean(_kg("query", query, "--data", MINI), 2)


@pytest.mark.parametrize("value", ["<http://x y>", "<urn:a\tb>", "aid:x y", "<>"])
def test_a_param_that_is_not_a_term_is_refused(value):
    output = _clean(_kg("query", "SELECT ?x WHERE { ?x ?p ?firm }", "--param", f"firm={value}", "--data", MINI), 2)
    assert "--param: cannot read" in output


def _nested_jsonld(depth: int, kind: str) -> str:
    if kind == "objects":
        return '{"@id": "urn:a", "http://e/p": ' * depth + "1" + "}" * depth
    return '{"@id": "urn:a", "http://e/p": ' + '{"@list": [' * depth + "1" + "]}" * depth + "}"


@pytest.mark.parametrize("depth", [600, 5000, 100000])
@pytest.mark.parametrize("kind", ["objects", "lists"])
def test_deeply_nested_jsonld_is_refused_without_traceback(tmp_path, depth, kind):
    document = tmp_path / "deep.jsonld"
    document.write_text(_nested_jsonld(depth, kind), encoding="utf-8")
    for store in ("memory", "oxigraph"):
        result = _kg("query", "ASK {}", "--graph", document, "--store", store)
        assert "Traceback" not in result.output
        if depth > 600 or result.exit_code != 0:  # a parser may read a few hundred levels; no parser reads 5000
            assert result.exit_code == 2 and (result.output.startswith("deep.jsonld") or str(document) in result.output)


ILL_TYPED = (
    "@prefix ex: <http://e/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    'ex:a ex:n "abc"^^xsd:integer ; ex:d "2020-13-45"^^xsd:date ; ex:b "maybe"^^xsd:boolean ; ex:x "1.2.3"^^xsd:decimal .\n'
)


#: A process of its own per case (the warning is counted in a fresh interpreter): two cases in make test-fast.
_SLOW_CASE = pytest.mark.slow


@pytest.mark.parametrize("store,fmt", [
    ("memory", "table"), ("oxigraph", "json"),
    pytest.param("memory", "csv", marks=_SLOW_CASE), pytest.param("memory", "json", marks=_SLOW_CASE),
    pytest.param("oxigraph", "table", marks=_SLOW_CASE), pytest.param("oxigraph", "csv", marks=_SLOW_CASE),
])
def test_ill_typed_literals_give_at_most_one_warning_line(tmp_path, store, fmt):
    graph_file = tmp_path / "ill.ttl"
    graph_file.write_text(ILL_TYPED, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "query", "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", "--graph", graph_file,
         "--store", store, "--format", fmt], capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "abc" in result.stdout and "2020-13-45" in result.stdout
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) <= 1
    assert all(line.startswith("warning: ") for line in result.stderr.splitlines())


def test_a_build_with_ill_typed_literals_gives_one_warning_line(tmp_path):
    include = tmp_path / "ill.ttl"
    include.write_text(ILL_TYPED, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kg.cli", "build", "--data", MINI, "--include", include, "--out", tmp_path / "out"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    # stderr also says which files were written ("wrote ..."); of the rest, one warning line
    assert [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("wrote ")] == [
        "warning: a literal does not match its datatype <http://www.w3.org/2001/XMLSchema#integer>;"
        " it is kept as written (kg -v shows every such note)"
    ]


# ------------------------------------------------------------------ nothing steers the terminal

def _evil_graph(tmp_path) -> Path:
    evil = tmp_path / "evil.ttl"
    label = json.dumps(f"Evil{ESC} Corp\u202eoc.exe")  # JSON's string escapes are Turtle's
    evil.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"<https://w3id.org/aicompute/id/evil> rdfs:label {label} .\n", encoding="utf-8",
    )
    return evil


def _steers(text: str) -> bool:
    return any(c in text for c in "\x1b\x07\x9b\u202e")


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_escape_sequences_in_data_do_not_reach_the_terminal_in_tables(tmp_path, store):
    result = _kg("query", "SELECT ?label WHERE { ?x rdfs:label ?label }", "--graph", _evil_graph(tmp_path), "--store", store)
    assert result.exit_code == 0
    assert not _steers(result.output)
    assert "Evil\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31m Corp\\u202eoc.exe" in result.output


def test_escape_sequences_in_files_do_not_reach_the_terminal_in_messages(tmp_path):
    broken = tmp_path / "broken.nt"
    broken.write_bytes(f"<http://e/a> <http://e/b> {ESC} .\n".encode())
    for args in (["query", "ASK {}", "--graph", broken, "--store", "memory"], ["query", "ASK {}", "--graph", broken]):
        output = _clean(_kg(*args), 2)
        assert "broken.nt" in output and not _steers(output)
    focus = _clean(_kg("render", "--graph", _evil_graph(tmp_path), "--focus", f"x{ESC}", "-o", tmp_path / "p.html"), 2)
    assert "\\x1b" in focus and not _steers(focus)
    saved = _clean(_kg("query", f"no-such{ESC}", "--data", MINI), 2)
    assert not _steers(saved)


def test_escape_sequences_in_data_do_not_reach_the_terminal_in_analyses(tmp_path):
    mini = tmp_path / "mini.ttl"
    assert _kg("export", "--data", MINI, "-o", mini).exit_code == 0
    evil = mini.read_text(encoding="utf-8").replace('"Bigcloud"', json.dumps(f"Big{ESC}cloud"))
    assert evil != mini.read_text(encoding="utf-8")
    mini.write_text(evil, encoding="utf-8")
    for fmt in ("table", "md"):
        result = _kg("analyze", "money-flows", "--graph", mini, "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "Big\\x1b" in result.output and not _steers(result.output)


# ------------------------------------------------------------------ kg serve on a taken port

@pytest.mark.parametrize("holder", ["listening socket", "http server"])
def test_serve_on_a_taken_port_fails_before_saying_serving(holder):
    import http.server
    import threading

    if holder == "http server":
        taken = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
        threading.Thread(target=taken.serve_forever, daemon=True).start()
        port, close = taken.server_address[1], lambda: (taken.shutdown(), taken.server_close())
    else:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port, close = sock.getsockname()[1], sock.close
    try:
        result = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--port", str(port), "--graph", V1],
                                capture_output=True, text=True, timeout=120)
    finally:
        close()
    assert result.returncode == 1
    assert "serving" not in result.stdout + result.stderr
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr and "give another --port" in result.stderr
    assert "Traceback" not in result.stderr
