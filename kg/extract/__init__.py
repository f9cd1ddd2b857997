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
