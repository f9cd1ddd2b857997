"""An article file (plain text or HTML, or standard input) read into checked text.

Bad input is refused before any work, each with one line: a file too large
(only the first bytes past the limit are ever read, so a 20 MB file costs no
more than a small one), an empty file, a binary file, text that is not UTF-8.
HTML is reduced to its article text by trafilatura, made for that job.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.problems import InputError, Problem

#: the largest article read, in bytes (a long news article is under 100 kB)
MAX_BYTES = 2_000_000
_HTML_START = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<article|<p[\s>]|<div[\s>])", re.IGNORECASE)


@dataclass(frozen=True)
class Article:
    """The text of one article and where it came from (``-`` for standard input)."""

    name: str
    text: str


def _refuse(name: str, message: str) -> InputError:
    return InputError([Problem(name, 0, message, unreadable=True)])


def read_article(path: str | Path) -> Article:
    """Read one article; ``-`` reads standard input.

    Raises
    ------
    InputError
        The file is missing, too large, empty, binary or not UTF-8 (one problem, exit 2).
    """
    name = str(path)
    if name == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        suffix = ""
    else:
        file = Path(path)
        if not file.is_file():
            raise _refuse(name, "not a regular file (a folder or a device)" if file.exists() else "no such file")
        try:
            with file.open("rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
        except OSError as err:
            raise _refuse(name, f"cannot read file: {err.strerror}") from None
        suffix = file.suffix.lower()
    return Article(name, decode_article(name, raw, html=suffix in (".html", ".htm") or None))


def decode_article(name: str, raw: bytes, html: bool | None = None) -> str:
    """Check and decode the bytes of an article; HTML (by suffix, or sniffed when ``html`` is None) becomes its text.

    Examples
    --------
    >>> decode_article("a.txt", "Nvidia investe in Anthropic.".encode())
    'Nvidia investe in Anthropic.'
    >>> decode_article("a.txt", b"")
    Traceback (most recent call last):
    ...
    kg.problems.InputError: a.txt: the file is empty
    """
    if len(raw) > MAX_BYTES:
        raise _refuse(name, f"the file is larger than {MAX_BYTES // 1_000_000} MB; an article is far shorter")
    if not raw.strip():
        raise _refuse(name, "the file is empty")
    if b"\x00" in raw[:8192]:
        raise _refuse(name, "the file is binary, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError([Problem(name, line, "the file is not UTF-8 text", unreadable=True)]) from None
    if html or (html is None and _HTML_START.match(raw)):
        text = html_to_text(text)
        if not text.strip():
            raise _refuse(name, "the HTML page holds no article text")
    return text


def html_to_text(html: str) -> str:
    """The article text of an HTML page (trafilatura: headline kept, menus and comments dropped)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True,
                               with_metadata=False)
    title = trafilatura.extract_metadata(html)
    headline = title.title if title is not None and title.title else ""
    body = text or ""
    if headline and not body.startswith(headline):
        body = headline + "\n" + body
    return body
