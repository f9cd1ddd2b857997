"""Precision and recall of ``kg extract`` on the hand-written gold (tests/fixtures/extract/gold.yaml).

Run: ``.venv/bin/python benchmarks/extract_eval.py`` (the seed articles are read from
``shared/seeds`` beside the repository, found by walking up from it; ``--seeds DIR`` overrides).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "extract" / "gold.yaml"


def find_seeds() -> Path | None:
    """The shared seed articles: ``shared/seeds`` in the repository's folder or one above it."""
    for folder in ROOT.parents:
        if (folder / "shared" / "seeds").is_dir():
            return folder / "shared" / "seeds"
    return None


def evaluate(seeds: Path | None, data_dir: Path | None = None) -> dict:
    """article -> (Score, is_seed, held_out); seed articles are left out when ``seeds`` is None."""
    from kg import api
    from kg.extract.score import score

    ids = _names_to_ids(data_dir or ROOT / "data")
    results = {}
    for entry in yaml.safe_load(GOLD.read_text(encoding="utf-8"))["articles"]:
        name = entry["article"]
        is_seed = name.startswith("seed:")
        if is_seed and seeds is None:
            continue
        path = seeds / name[5:] if is_seed else GOLD.parent / name
        found = api.extract([path], data_dir or ROOT / "data", published=str(entry["published"]), plain_numbers=True)
        gold = [_known_by_id(deal, ids) for deal in entry["deals"]]
        results[name] = (score(found.candidates, gold), is_seed, bool(entry.get("held_out")))
    return results


def _names_to_ids(data_dir: Path) -> dict[str, str]:
    """Each thing's label and aliases (as kg.data.aliases.name_key compares them) -> its id."""
    from kg.data.aliases import name_key
    from kg.data.load import load_data

    return {name_key(name): thing.id for thing in load_data(data_dir).things.values()
            for name in (thing.label, *thing.aliases)}


def _known_by_id(deal: dict, ids: dict[str, str]) -> dict:
    """A gold deal with the parties the data now knows named by their ids.

    The gold names a company the data did not hold when it was written by its label
    ("Cerebras Systems"); once the data holds it, kg extract answers with its id (cerebras).
    """
    from kg.data.aliases import name_key
    from kg.extract.score import ROLES

    def named(party):
        return ids.get(name_key(party), party) if isinstance(party, str) else party

    return {key: ([named(p) for p in value] if key == "partners" else named(value)) if key in ROLES else value
            for key, value in deal.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=Path, default=None)
    args = parser.parse_args()
    seeds = args.seeds or find_seeds()
    results = evaluate(seeds)
    print(f"{'article':40} {'gold':>4} {'found':>5} {'match':>5} {'precision':>9} {'recall':>6} {'dates':>7}")
    total = seed_total = held_total = None
    for name, (result, is_seed, held_out) in results.items():
        print(f"{name:40} {result.gold:4d} {result.found:5d} {result.matched:5d} {result.precision:9.2f} "
              f"{result.recall:6.2f} {result.dated_right:3d}/{result.dated:<3d}")
        total = result if total is None else total + result
        if is_seed:
            seed_total = result if seed_total is None else seed_total + result
        if held_out:
            held_total = result if held_total is None else held_total + result
    for label, result in (("seed articles", seed_total), ("held-out articles", held_total), ("all articles", total)):
        if result is not None:
            print(f"{label:40} {result.gold:4d} {result.found:5d} {result.matched:5d} {result.precision:9.2f} "
                  f"{result.recall:6.2f} {result.dated_right:3d}/{result.dated:<3d}")
    if seeds is None:
        print("seed articles not found (shared/seeds): left out", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
