"""kg build and kg export: deterministic Turtle, round trips, an independent parser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph
from rdflib.compare import isomorphic

from kg.rdf.terms import GRAPH_IRI
from kg.rdf.terms import AIC, AID

FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml", "trig": "trig"}


def _build(data: Path, out: Path, seed: str) -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", "--data", str(data), "--out", str(out)],
        check=True, env=env, capture_output=True,
    )
    return (out / "graph.ttl").read_bytes()


@pytest.mark.slow
def test_turtle_is_byte_identical_across_hash_seeds(mini_data, tmp_path):
    first = _build(mini_data, tmp_path / "a", "1")
    second = _build(mini_data, tmp_path / "b", "4242")
    assert first == second
    assert b"@prefix aic: <https://w3id.org/aicompute/ontology#> ." in first
    assert b"@prefix ns1:" not in first  # every vocabulary has a readable prefix


def test_build_writes_graph_with_no_blank_nodes(mini_data, tmp_path, run_kg):
    result = run_kg("build", "--data", mini_data, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    graph = Graph().parse(tmp_path / "graph.ttl")
    assert not [t for triple in graph for t in triple if isinstance(t, BNode)]
    # the summary counts what the mini data holds: 8 things, 4 deals
    assert "things:  1 AIModel, 2 Chip, 1 CloudService, 3 Company, 1 Person" in result.output
    assert "1 ComputeCommitment, 1 EquityStake, 1 Investment, 1 Partnership" in result.output


def test_derived_shortcut_edges(mini_build):
    graph = Graph().parse(mini_build / "graph.ttl")
    assert (AID["bigcloud"], AIC.investsIn, AID["alpha-ai"]) in graph
    assert (AID["alpha-ai"], AIC.buysComputeFrom, AID["bigcloud"]) in graph
    assert (AID["alpha-ai"], AIC.usesHardware, AID["chip-x2"]) in graph
    assert (AID["alpha-ai"], AIC.partnersWith, AID["chipco"]) in graph
    assert (AID["chipco"], AIC.partnersWith, AID["alpha-ai"]) in graph
    assert (AID["bigcloud"], AIC.holdsStakeIn, AID["alpha-ai"]) in graph
    assert len(set(graph.triples((None, AIC.investsIn, None)))) == 1


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_export_parses_back_isomorphic(fmt, mini_data, mini_build, tmp_path, run_kg):
    built = Graph().parse(mini_build / "graph.ttl")
    target = tmp_path / f"export.{fmt}"
    result = run_kg("export", "--data", mini_data, "--format", fmt, "-o", target)
    assert result.exit_code == 0, result.output
    if fmt == "trig":
        parsed = Dataset().parse(target, format="trig").graph(GRAPH_IRI)
    else:
        parsed = Graph().parse(target, format=FORMATS[fmt])
    assert len(parsed) == len(built)
    assert isomorphic(built, parsed)


@pytest.mark.parametrize("name,parser", [("g.nt", "nt"), ("g.jsonld", "json-ld"), ("g.json", "json-ld"),
                                         ("g.rdf", "xml"), ("g.owl", "xml"), ("g.ttl", "turtle"), ("g.txt", "turtle")])
def test_export_without_a_format_writes_what_the_extension_names(name, parser, mini_data, mini_build, tmp_path, run_kg):
    # Turtle written into a .nt file would fail every N-Triples reader.
    result = run_kg("export", "--data", mini_data, "-o", tmp_path / name)
    assert result.exit_code == 0, result.output
    built = Graph().parse(mini_build / "graph.ttl")
    assert isomorphic(built, Graph().parse(tmp_path / name, format=parser))


def test_export_to_stdout(mini_data, run_kg):
    result = run_kg("export", "--data", mini_data, "--format", "nt")
    lines = result.stdout.splitlines()
    assert lines == sorted(lines)
    assert any("/deal/bigcloud-alpha-stake/valuation>" in line for line in lines)


def test_independent_parser_accepts_the_turtle(mini_build):
    check = subprocess.run(["rapper", "-i", "turtle", "-c", str(mini_build / "graph.ttl")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    built = Graph().parse(mini_build / "graph.ttl")
    assert f"returned {len(built)} triples" in check.stderr


def test_outputs_have_ordinary_permissions(mini_data, tmp_path, run_kg):
    import os
    import stat

    umask = os.umask(0o022)
    try:
        assert run_kg("build", "--data", mini_data, "--out", tmp_path).exit_code == 0
    finally:
        os.umask(umask)
    for name in ("graph.ttl", "graph.html"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, name
