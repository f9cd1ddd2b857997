"""kg.workspace: a reading command uses the build folder's graph.ttl only if it was built from the same inputs."""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import RDFS

from kg.workspace import built_graph
from kg.rdf.terms import AID


def _label(graph) -> str:
    return str(graph.value(AID["alpha-ai"], RDFS.label))


def test_reuses_the_build_of_the_same_data(mini_data, tmp_path, run_kg):
    out = tmp_path / "build"
    assert run_kg("build", "--data", mini_data, "--out", out).exit_code == 0
    # Mark the built file so we can tell it was read rather than rebuilt.
    turtle = out / "graph.ttl"
    turtle.write_text(turtle.read_text().replace('"Alpha AI"@en', '"Alpha AI (from file)"@en'))
    assert _label(built_graph(mini_data, out)) == "Alpha AI (from file)"


def test_rebuilds_when_the_data_changes_or_is_another_folder(mini_data, tmp_path, run_kg):
    out = tmp_path / "build"
    assert run_kg("build", "--data", mini_data, "--out", out).exit_code == 0
    other = tmp_path / "other"
    shutil.copytree(mini_data, other)
    things = other / "things.yaml"
    things.write_text(things.read_text().replace("label: Alpha AI", "label: Alpha Intelligence"))
    # copytree keeps modification times: only content can tell the folders apart
    shutil.copystat(mini_data / "things.yaml", things)
    assert _label(built_graph(other, out)) == "Alpha Intelligence"
    assert _label(built_graph(mini_data, out)) == "Alpha AI"


def test_builds_in_memory_without_a_build(mini_data, tmp_path):
    graph = built_graph(mini_data, tmp_path / "nothing-here")
    assert (AID["alpha-ai"], RDFS.label, Literal("Alpha AI", lang="en")) in graph


def test_reading_commands_and_export_read_the_build_folder_kg_build_wrote(run_kg, mini_data, tmp_path, monkeypatch):
    # One competesWith triple, only in the included file: it is in the graph only when the build folder is read.
    extra = tmp_path / "extra.nt"
    extra.write_text(f"<{AID['alpha-ai']}> <https://w3id.org/aicompute/ontology#competesWith> <{AID.bigcloud}> .\n")
    out = tmp_path / "elsewhere"
    monkeypatch.chdir(tmp_path)
    assert run_kg("build", "--data", mini_data, "--out", out, "--include", extra).exit_code == 0
    ask = ("query", "ASK { aid:alpha-ai aic:competesWith aid:bigcloud }", "--data", mini_data)
    assert run_kg(*ask).stdout == "false\n"  # ./build holds nothing: the graph is built from the data alone
    assert run_kg(*ask, "--build-dir", out).stdout == "true\n"
    exported = run_kg("export", "--data", mini_data, "--format", "nt", "--build-dir", out).stdout
    assert f"<{AID['alpha-ai']}> <https://w3id.org/aicompute/ontology#competesWith> <{AID.bigcloud}> ." in exported
    monkeypatch.setenv("KG_BUILD_DIR", str(out))  # the default of --build-dir, and of kg build --out
    assert run_kg(*ask).stdout == "true\n"
    assert "competesWith" in run_kg("export", "--data", mini_data, "--format", "nt").stdout
