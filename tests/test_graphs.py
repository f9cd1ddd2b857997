"""kg.graphs: a reading command uses build/graph.ttl only if it was built from the same inputs."""

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
