"""Joined lists (GROUP_CONCAT) come out sorted, so a saved question's answer is the same bytes on every store.

The servers are compared in tests/test_remote_query.py; here the two local stores.
"""

from __future__ import annotations

import csv
import io
import shlex

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.sparql.saved import saved_queries

SAVED = sorted(saved_queries(()).values(), key=lambda saved: saved.name)
JOINED = [saved for saved in SAVED if "GROUP_CONCAT" in saved.text.upper()]


@pytest.mark.parametrize("saved", SAVED, ids=[saved.name for saved in SAVED])
def test_every_question_with_group_concat_declares_its_joined_columns(saved):
    from kg.sparql.checks import prepare_query

    projected = {str(v) for v in prepare_query(saved.text).algebra.algebra["PV"]}
    assert bool(saved.joined) == ("GROUP_CONCAT" in saved.text.upper())
    assert set(saved.joined) <= projected


@pytest.mark.parametrize("saved", JOINED, ids=[saved.name for saved in JOINED])
def test_joined_lists_are_sorted_and_the_same_bytes_on_both_stores(saved, shipped_ttl):
    words = shlex.split(saved.example)
    params = [arg for flag, value in zip(words, words[1:]) if flag in ("--param", "-p") for arg in (flag, value)]
    answers = {}
    for store in ("memory", "oxigraph"):
        for fmt in ("csv", "json"):
            result = CliRunner().invoke(main, ["query", saved.name, *params, "--graph", str(shipped_ttl), "--store", store,
                                               "--format", fmt])
            assert result.exit_code == 0, result.output
            answers[store, fmt] = result.stdout_bytes
    assert answers["memory", "csv"] == answers["oxigraph", "csv"]
    assert answers["memory", "json"] == answers["oxigraph", "json"]
    rows = list(csv.DictReader(io.StringIO(answers["memory", "csv"].decode("utf-8"))))
    lists = [row[column].split("; ") for row in rows for column in saved.joined if row[column]]
    if saved.name in ("timeline", "multi-cloud"):  # the shipped data has lists of several items for these
        assert any(len(items) > 1 for items in lists)
    assert all(items == sorted(items) for items in lists)
