"""A query's text as every engine will read it, and a lexical scan of it independent of any parser.

Two parsers read a question: rdflib's (the checks of :mod:`kg.sparql.checks`)
and the engine's (pyoxigraph's, or a server's). Where they disagree about
where a comment, string or IRI ends, a construct one of them refuses can hide
from it and run in the other. So:

- :func:`normalised` makes the one text both see: SPARQL's ``\\uXXXX`` and
  ``\\UXXXXXXXX`` escapes expanded once (every parser expands them before
  parsing; a text that still holds one after our expansion is refused, so a
  second expansion changes nothing), and every line terminator (CR LF, a lone
  CR) made LF.
- :func:`network_words` scans that text as the SPARQL 1.1 grammar cuts it
  into tokens (comments run to CR or LF; the four string forms with their
  escapes; IRIs; variables; prefixed names with their ``\\``-escaped
  characters) and reports ``SERVICE`` and ``FROM`` wherever they stand
  outside strings, IRIs and comments. It leans towards seeing a keyword: a run
  of letters that contains one (``5SERVICE``, ``trueSERVICE``) counts.

The query checks refuse a question when either rdflib's parse or this scan
finds a refused construct, so the two cannot disagree silently.
"""

from __future__ import annotations

import re

from ..problems import QueryRefused, QuerySyntaxError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

# The SPARQL 1.1 grammar's character classes (section 19.8).
_PN_CHARS_BASE = (
    "A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
    "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_ECHAR = r"\\[tbnrf\\\"']"

#: One token at a time, tried in order; ``word`` is what may be a keyword.
_TOKEN = re.compile(
    r"(?P<space>[ \t\r\n]+)"
    r"|(?P<comment>#[^\r\n]*)"
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    rf"|(?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''"
    rf'|"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*"""'
    rf"|'(?:[^'\\\r\n]|{_ECHAR})*'"
    rf'|"(?:[^"\\\r\n]|{_ECHAR})*")'
    rf"|(?P<variable>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*)"
    rf"|(?P<blank>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)"
    rf"|(?P<name>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)"
    r"|(?P<word>[A-Za-z]+)"
    r"|(?P<other>\\.|.)",  # a stray backslash takes the next character with it: never a comment's or string's start
    re.DOTALL,
)

#: keyword -> why it is refused (a keyword may hide inside a longer run of letters)
_NETWORK_WORDS = ("SERVICE", "FROM")


def normalised(text: str, origin: str = "query") -> str:
    """``text`` with its codepoint escapes expanded once and its line terminators made LF.

    Raises
    ------
    QuerySyntaxError
        An escape that names no character (``\\UFFFFFFFF``, a surrogate).
    QueryRefused
        A text that still holds an escape after one expansion (``\\u005Cu0053``).

    Examples
    --------
    >>> normalised("SELECT * {\\r\\n ?s ?p \\"\\\\u00e9\\" }\\r")
    'SELECT * {\\n ?s ?p "é" }\\n'
    >>> normalised("ASK { ?s ?p '\\\\UFFFFFFFF' }")
    Traceback (most recent call last):
    ...
    kg.problems.QuerySyntaxError: query:1: column 14: \\UFFFFFFFF is not a Unicode character
    """
    def expand(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            raise QuerySyntaxError(origin, f"column {column}: {match.group(0)} is not a Unicode character", line)
        return chr(code)

    expanded = _ESCAPE.sub(expand, text)
    if _ESCAPE.search(expanded):
        raise QueryRefused(origin, "refused: an escape that spells another escape (\\u005Cu...): write the character itself")
    return expanded.replace("\r\n", "\n").replace("\r", "\n")


def network_words(text: str) -> list[str]:
    """The refused keywords (``SERVICE``, ``FROM``) that stand in ``text`` outside strings, IRIs and comments.

    Examples
    --------
    >>> network_words("SELECT * { ?s ?p 'SERVICE' # SERVICE\\n ?s <urn:SERVICE> ?service }")
    []
    >>> network_words("SELECT * { ?s ?p ?o # note\\rSERVICE <http://x/> { } }")
    ['SERVICE']
    >>> network_words("SELECT * FROM <urn:g> { ?s ex:a\\\\#b 5SERVICE <http://x/> {} }")
    ['FROM', 'SERVICE']
    """
    found = []
    for token in _TOKEN.finditer(text):
        word = token.group("word")
        if word:
            found.extend(keyword for keyword in _NETWORK_WORDS if keyword in word.upper() and keyword not in found)
    return found


def refuse_network_words(text: str, origin: str, allow_service: bool) -> None:
    """Raise :class:`QueryRefused` if the lexical scan finds ``SERVICE`` (unless allowed) or ``FROM``."""
    words = network_words(text)
    if "SERVICE" in words and not allow_service:
        raise QueryRefused(origin, "refused: SERVICE reaches the network; give {argument} to let it", param="allow_service")
    if "FROM" in words:
        raise QueryRefused(origin, "refused: FROM and FROM NAMED are not supported: the query runs on the one graph given")
