"""Speed of ``kg extract``: one 1,000-word article after start-up, 100 articles in one call, the refusal of a 20 MB file.

The articles are the invented ones of tests/fixtures/extract/articles, joined
until they make 1,000 words (and, for the 100-article run, cycled into 100
files of 300 to 1,000 words). The baseline beside our sentence splitter is
pysbd (the library the brief first named), timed on the same text, when it
is installed. Results go to standard output as a Markdown section for
benchmarks/RESULTS.md.

Run: ``.venv/bin/python benchmarks/extract_bench.py [--repeat 20]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "tests" / "fixtures" / "extract" / "articles").glob("*.txt"))


def article_of(words: int, offset: int = 0) -> str:
    """Paragraphs of the invented articles, in turn from ``offset``, until ``words`` words."""
    texts = [p.read_text(encoding="utf-8") for p in ARTICLES]
    out, count, i = [], 0, offset
    while count < words:
        text = texts[i % len(texts)]
        out.append(text)
        count += len(text.split())
        i += 1
    return "\n".join(out)


def _median_time(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _run(args: list[str]) -> tuple[float, int, int]:
    """Wall time, exit code and peak resident MiB of one ``kg extract`` process."""
    # a wrapper process per run, so that its children's peak is this run's alone
    wrapper = ("import resource, subprocess, sys, time; s = time.perf_counter(); "
               "r = subprocess.run([sys.executable, '-m', 'kg.cli', 'extract', *sys.argv[1:]], capture_output=True); "
               "print(time.perf_counter() - s, r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", wrapper, *args], capture_output=True, text=True, check=True)
    elapsed, code, peak = done.stdout.split()
    return float(elapsed), int(code), int(peak) // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    from kg.data.load import load_data
    from kg.extract.names import NameIndex
    from kg.extract.pipeline import extract_articles
    from kg.extract.sentences import split_sentences
    from kg.extract.text import Article

    text = article_of(1000)
    words = len(text.split())
    start = time.perf_counter()
    index = NameIndex.from_dataset(load_data(ROOT / "data"))
    extract_articles([Article("warm-up", text)], index, published=None)  # loads rules, language model, dateparser
    startup = time.perf_counter() - start
    one = _median_time(lambda: extract_articles([Article("a", text)], index, language="auto"), args.repeat)
    split_ours = _median_time(lambda: split_sentences(text, "it"), args.repeat)
    try:
        import pysbd

        segmenter = pysbd.Segmenter(language="it", clean=False)
        split_pysbd = _median_time(lambda: segmenter.segment(text), max(3, args.repeat // 4))
    except ImportError:
        split_pysbd = None

    with tempfile.TemporaryDirectory() as scratch:
        files = []
        for i in range(100):
            path = Path(scratch) / f"article-{i:03d}.txt"
            path.write_text(article_of(300 + 7 * i, offset=i), encoding="utf-8")
            files.append(str(path))
        many_words = sum(len(Path(f).read_text(encoding="utf-8").split()) for f in files)
        hundred, code, hundred_mib = _run([*files, "--data", str(ROOT / "data"), "--format", "json"])
        assert code == 0, "kg extract failed on the 100 articles"
        small, _code, small_mib = _run([files[0], "--data", str(ROOT / "data")])
        big = Path(scratch) / "big.txt"
        with big.open("wb") as handle:
            handle.write(b"Nvidia invests in Anthropic. " * (20_000_000 // 29))
        refuse, code, big_mib = _run([str(big), "--data", str(ROOT / "data")])
        assert code == 2, "the 20 MB file was not refused"

    print(f"## kg extract speed ({time.strftime('%Y-%m-%d')})\n")
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.2f} at the end; `benchmarks/extract_bench.py --repeat {args.repeat}`.\n")
    print("| measure | result | goal |\n|---|---:|---:|")
    print(f"| start-up in process (data, names, rules, language model, dateparser) | {startup:.2f} s | |")
    print(f"| one {words}-word article after start-up, median of {args.repeat} | {one * 1000:.1f} ms | < 100 ms |")
    print(f"| 100 articles ({many_words} words) in one `kg extract` call, whole process | {hundred:.2f} s | < 10 s |")
    print(f"| one article in one `kg extract` call, whole process | {small:.2f} s | |")
    print(f"| a 20 MB file refused (exit 2), whole process | {refuse:.2f} s, peak {big_mib} MiB "
          f"(one article: {small_mib} MiB) | bounded |")
    if split_pysbd is not None:
        print(f"| sentences of the {words}-word article (Italian rules): sentencex / pysbd (baseline) | "
              f"{split_ours * 1000:.1f} ms / {split_pysbd * 1000:.1f} ms ({split_pysbd / split_ours:.0f}x faster) | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
