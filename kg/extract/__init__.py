"""Article -> candidate deals: the offline rules behind ``kg extract``.

One module per step: :mod:`.text` reads a file (or HTML) into checked text,
:mod:`.language` names its language, :mod:`.sentences` cuts it into sentences
with offsets, :mod:`.numbers` and :mod:`.dates` find figures and dates,
:mod:`.names` finds things of data/ by their names and aliases, :mod:`.rules`
reads the curator-editable rules (``rules/<lang>.yaml``), :mod:`.roles` finds
who stands where around a rule's words, :mod:`.deals` reads an article
sentence by sentence into deals, :mod:`.candidates` shapes the output and :mod:`.review` moves a
curator's decisions into data/. Nothing here edits data/ except
:func:`.review.apply_review`, which a curator runs on purpose.

The third-party libraries (trafilatura, py3langid, sentencex, dateparser) are
in the ``extract`` extra; :func:`require_extra` says so in one line when missing.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from functools import lru_cache
from pathlib import Path

from kg.problems import InputError, Problem

#: the libraries of the ``extract`` extra, by import name
EXTRA_MODULES = ("trafilatura", "py3langid", "sentencex", "dateparser")


def require_extra() -> None:
    """Raise a one-line :class:`InputError` unless the ``extract`` extra is installed."""
    missing = [name for name in EXTRA_MODULES if not _installed(name)]
    if missing:
        raise InputError([Problem(
            "kg extract", 0,
            f"needs the 'extract' extra (missing: {', '.join(missing)}): pip install 'aicompute-kg[extract]'",
            unreadable=True,
        )])


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ValueError:  # a module set to None in sys.modules: blocked, as good as missing
        return False


def extract_files(files: list, folder: Path, *, language: str = "auto", published: date | None = None,
                  source: str | None = None, plain_numbers: bool = False):
    """Candidate deals from the articles ``files`` against the data of ``folder``: see :func:`kg.api.extract`."""
    require_extra()
    from .pipeline import extract_articles
    from .review import load_rejected
    from .rules import supported_languages
    from .text import read_article

    supported = supported_languages()
    if language != "auto" and language not in supported:
        raise InputError([Problem("kg extract", 0, f"unknown {{arg:language}} '{language}': kg extract has rules for "
                                                   f"{', '.join(supported)} (or auto)", unreadable=True, param="language")])
    articles = [read_article(f) for f in files]  # first: an unreadable article is refused before data/ is read
    index, known = known_to_data(folder)
    return extract_articles(articles, index, language=language, published=published,
                            source=source, rejected=load_rejected(folder), known_deals=known,
                            plain_numbers=plain_numbers)


def known_to_data(folder: Path):
    """The names of the things of ``folder``'s data (a :class:`.names.NameIndex`) and its deals by type and parties.

    Read once per process while the data files stay the same (the same names, sizes, times
    and inodes): a notebook that extracts article after article reads data/ once.
    """
    files = tuple(sorted((p.name, *_stamp(p)) for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))) \
        if folder.is_dir() else ()
    return _read_known(folder, folder.resolve(), files)


def _stamp(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:  # a broken link: load_data says so
        return ()
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


@lru_cache(maxsize=4)
def _read_known(folder: Path, where: Path, files: tuple) -> tuple:
    """:func:`known_to_data` of ``folder`` (at ``where``, its files as ``files``): the arguments are the cache's key."""
    from ..data.load import load_data
    from .names import NameIndex
    from .pipeline import deal_key

    dataset = load_data(folder)
    known: dict = {}
    for deal in dataset.deals.values():
        shape = {"type": deal.type, **{k: (list(v) if k == "partners" else v[0]) for k, v in deal.roles.items() if v}}
        known.setdefault(deal_key(shape), []).append(deal.id)
    return NameIndex.from_dataset(dataset), {key: tuple(ids) for key, ids in known.items()}
