"""kg extract against the hand-written gold: the issue's goals, as floors that fail when the rules get worse.

Seed articles: recall >= 0.9 (right kind, roles and figures), precision >= 0.7.
All gold articles: recall >= 0.8. The seeds are read from shared/seeds beside
the repository and are skipped, with that reason, where it is not there.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("extract_eval", ROOT / "benchmarks" / "extract_eval.py")
extract_eval = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(extract_eval)


def _total(results, keep=lambda seed, held: True):
    chosen = [score for score, seed, held in results.values() if keep(seed, held)]
    total = chosen[0]
    for score in chosen[1:]:
        total = total + score
    return total


@pytest.fixture(scope="module")
def results():
    return extract_eval.evaluate(extract_eval.find_seeds())


@pytest.mark.slow  # runs benchmarks/extract_eval.py: every gold article through kg extract
def test_seed_articles_meet_the_goals(results):
    if extract_eval.find_seeds() is None:
        pytest.skip("shared/seeds is not beside the repository")
    seeds = _total(results, lambda seed, held: seed)
    assert seeds.gold == 11  # every deal the two seeds state (tests/fixtures/extract/gold.yaml)
    assert seeds.recall >= 0.9 and seeds.precision >= 0.7, seeds


@pytest.mark.slow  # runs benchmarks/extract_eval.py: every gold article through kg extract
def test_all_gold_articles_recall_at_least_0_8(results):
    everything = _total(results)
    assert everything.gold >= 27  # 8+ own articles beside the seeds, held-out ones included
    assert everything.recall >= 0.8, everything


def test_the_score_fails_a_wrong_figure():
    """The match is strict: the seed's 5 billion as "up to 5 billion" is not the gold deal."""
    from kg.extract.score import score

    gold = [{"type": "Investment", "investor": "microsoft", "investee": "anthropic", "amount": {"value": "5B"}}]
    wrong = [{"type": "Investment", "investor": "microsoft", "investee": "anthropic",
              "amount": {"max": 5_000_000_000, "currency": "USD"}}]
    assert score(wrong, gold).matched == 0
