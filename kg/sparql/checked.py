"""The shipped saved questions checked once, ahead: ``saved/checked.json``, which :func:`kg.sparql.checks.prepare_query` reads.

For each ``.rq`` file shipped in :mod:`kg.sparql.saved`, every check of
:func:`kg.sparql.checks.checked_query` is run (rdflib's parse, the refusals
of updates, SERVICE and FROM, the lexical scan) and its verdict kept under the
SHA-256 of the normalised text: the query's kind and variables. A question
whose text has one of those digests is then taken as checked without parsing
it again; any other text (a user's own, a saved question edited after the
file was written) gets the whole check. After editing a shipped question,
write the file again::

    python -m kg.sparql.checked

(tests/test_query_checked.py fails while the file is out of date.)
"""

from __future__ import annotations

import json
import sys

from .checks import CHECKED_NAME, checked_query, text_digest
from .lexical import normalised
from .saved import saved_queries, shipped_folder


def shipped_verdicts() -> dict[str, dict]:
    """Digest -> ``{"name", "kind", "variables"}`` of every shipped question, each checked now in full."""
    verdicts = {}
    for saved in saved_queries().values():
        text = normalised(saved.text, saved.name)
        query = checked_query(text, saved.name)
        verdicts[text_digest(text)] = {"name": saved.name, "kind": query.kind, "variables": sorted(query.variables)}
    return dict(sorted(verdicts.items(), key=lambda item: item[1]["name"]))


def verdicts_text() -> str:
    """``saved/checked.json`` as it should be now: one question a line."""
    lines = [f" {json.dumps(digest)}: {json.dumps(verdict)}" for digest, verdict in shipped_verdicts().items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main() -> None:
    """Write ``saved/checked.json`` (atomically)."""
    from ..rdf.serialize import write_atomic

    path = shipped_folder() / CHECKED_NAME
    write_atomic(path, verdicts_text().encode("utf-8"))
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
