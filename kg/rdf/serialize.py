"""Deterministic serialisation and atomic writes.

The same graph gives byte-identical Turtle whatever the hash seed or insertion
order (rdflib's Turtle serialiser sorts subjects and, with no blank nodes, is
stable); N-Triples are sorted line by line and JSON-LD is sorted by ``@id``.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from rdflib import Graph

#: format name -> (rdflib serializer, file extension)
FORMATS = {
    "turtle": ("turtle", "ttl"),
    "nt": ("nt", "nt"),
    "jsonld": ("json-ld", "jsonld"),
    "xml": ("pretty-xml", "rdf"),
    "trig": ("trig", "trig"),
}


#: file extension -> format name, for a path given without a format (RDF/XML answers to all three of its names)
FORMAT_OF_EXTENSION = {f".{ext}": name for name, (_serializer, ext) in FORMATS.items()} | {
    ".json": "jsonld", ".xml": "xml", ".owl": "xml"}


def format_of_path(path, default: str = "turtle") -> str:
    """The format a file named ``path`` should hold, from its extension; ``default`` for any other.

    Examples
    --------
    >>> format_of_path("graph.nt"), format_of_path("g.JSONLD"), format_of_path("g.owl"), format_of_path("out.txt")
    ('nt', 'jsonld', 'xml', 'turtle')
    """
    from pathlib import Path

    return FORMAT_OF_EXTENSION.get(Path(path).suffix.lower(), default)


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


def write_atomic(path: Path, data: bytes | Callable[[BinaryIO], None]) -> None:
    """Write ``data`` to ``path`` so that a failure leaves any earlier file as it was.

    ``data`` is bytes, or a function that writes them to the open file it is
    given (an answer too large to hold in memory, streamed).

    A regular file (or a new one) is written to a temporary file beside it and
    renamed over it; a file being replaced keeps its permission bits (and, where
    allowed, its owner). A symbolic link is followed on purpose: its target is
    replaced and the link stays. A character device or a FIFO (``/dev/stdout``,
    ``/dev/full``, a named pipe) is written through, as a shell redirection
    would; there is no earlier content to keep. Anything else (a folder, a
    socket, a block device) is refused.

    Raises
    ------
    OSError
        Naming ``path`` (never the temporary file) and the reason.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "out.txt"
    >>> target.write_bytes(b"old"); target.chmod(0o600)
    3
    >>> write_atomic(target, b"new")
    >>> target.read_bytes(), oct(target.stat().st_mode & 0o777)
    (b'new', '0o600')
    """
    target = Path(os.path.realpath(path))
    try:
        status = target.stat()
    except FileNotFoundError:
        status = None
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(path)) from None
    if status is not None and not stat.S_ISREG(status.st_mode):
        if stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode):
            _write_through(path, target, data)
            return
        raise OSError(errno.EISDIR if stat.S_ISDIR(status.st_mode) else errno.EINVAL,
                      "is a folder" if stat.S_ISDIR(status.st_mode) else "not a regular file, a device or a pipe",
                      str(path))
    try:
        _replace(target, data, status)
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(path)) from None


def _put(out: BinaryIO, data: bytes | Callable[[BinaryIO], None]) -> None:
    if callable(data):
        data(out)
    else:
        out.write(data)


def _write_through(path: Path, target: Path, data: bytes) -> None:
    try:
        with open(target, "wb") as out:
            _put(out, data)
            out.flush()
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(path)) from None


def _replace(target: Path, data: bytes, status: os.stat_result | None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if status is None:
            # mkstemp makes the file private (0600); new outputs get the usual 0666 less the umask.
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(handle, 0o666 & ~umask)
        else:
            os.fchmod(handle, stat.S_IMODE(status.st_mode))
            try:
                os.fchown(handle, status.st_uid, status.st_gid)
            except PermissionError:
                pass  # only root may give a file away; the mode is kept all the same
        with os.fdopen(handle, "wb") as out:
            _put(out, data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
