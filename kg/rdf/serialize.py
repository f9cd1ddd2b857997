"""Deterministic serialisation and atomic writes.

The same graph gives byte-identical Turtle whatever the hash seed or insertion
order (rdflib's Turtle serialiser sorts subjects and, with no blank nodes, is
stable); N-Triples are sorted line by line and JSON-LD is sorted by ``@id``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from rdflib import Graph

#: format name -> (rdflib serializer, file extension)
FORMATS = {
    "turtle": ("turtle", "ttl"),
    "nt": ("nt", "nt"),
    "jsonld": ("json-ld", "jsonld"),
    "xml": ("pretty-xml", "rdf"),
    "trig": ("trig", "trig"),
}


def serialize(graph: Graph, fmt: str = "turtle") -> bytes:
    """Serialise ``graph`` deterministically in one of :data:`FORMATS`."""
    rdflib_format, _ext = FORMATS[fmt]
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")
    if fmt == "jsonld":
        context = {prefix: str(ns) for prefix, ns in graph.namespaces()}
        document = json.loads(graph.serialize(format="json-ld", context=context, encoding="utf-8"))
        if isinstance(document.get("@graph"), list):
            document["@graph"].sort(key=lambda node: node.get("@id", ""))
        return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    return graph.serialize(format=rdflib_format, encoding="utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A failure leaves any earlier file at ``path`` as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); outputs get the usual 0666 less the umask.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
