"""``--store-path DIR`` only ever deletes what kg made and marked there."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

READS = {
    "build": lambda data, store: ("build", "--data", data, "--out", store.parent / "out", "--store-path", store),
    "query": lambda data, store: ("query", "ASK { ?s ?p ?o }", "--data", data, "--store-path", store),
    "analyze": lambda data, store: ("analyze", "timeline", "--data", data, "--store-path", store),
}


def _users_folder(store):
    """DIR/oxigraph made by someone else, with a file of theirs in it."""
    theirs = store / "oxigraph"
    theirs.mkdir(parents=True)
    (theirs / "notes.txt").write_text("mine")
    return theirs


@pytest.mark.parametrize("command", READS)
def test_a_folder_kg_did_not_make_is_refused_and_kept(command, mini_data, tmp_path, run_kg):
    store = tmp_path / "mystuff"
    theirs = _users_folder(store)
    result = run_kg(*READS[command](mini_data, store))
    assert result.exit_code == 2, result.output
    assert "not made by kg" in result.output
    assert (theirs / "notes.txt").read_text() == "mine"


def test_a_link_in_place_of_the_database_is_refused_and_its_target_kept(mini_data, tmp_path, run_kg):
    store = tmp_path / "store"
    assert _kg(*READS["query"](mini_data, store)).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep")
    shutil.rmtree(store / "oxigraph")
    (store / "oxigraph").symlink_to(elsewhere)
    (store / "inputs.sha256").unlink()
    result = run_kg(*READS["query"](mini_data, store))
    assert result.exit_code == 2, result.output
    assert (elsewhere / "precious.txt").read_text() == "keep"


def _kg(*args):
    """kg in its own process, as a user runs it (one process holds an Oxigraph store's lock)."""
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True)


@pytest.mark.slow
def test_kg_replaces_its_own_store_and_leaves_the_rest(mini_data, tmp_path):
    store = tmp_path / "store"
    assert _kg(*READS["query"](mini_data, store)).returncode == 0
    (store / "readme.txt").write_text("mine")
    # changed data: the store is stale, so kg rebuilds it in place
    deals = mini_data / "deals.yaml"
    deals.write_text(deals.read_text().replace("amount: {max: 2B}", "amount: {max: 3B}"))
    result = _kg("query", "ASK { ?a schema:maxValue ?v FILTER(?v = 3000000000) }", "--data", mini_data,
                 "--store-path", store)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "true"
    assert (store / "readme.txt").read_text() == "mine"
