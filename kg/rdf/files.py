"""Other people's RDF files: read by extension, and checked before any parser reads them.

Parsers can be made to do harm by what a file declares: an RDF/XML document
type that defines entities ("billion laughs" expands a few hundred bytes into
gigabytes; a ``SYSTEM`` entity reads a local file or a URL), or a JSON-LD
``@context`` (or ``@import``) that names a document, which rdflib fetches.
:func:`refuse_hostile` looks for these with an XML parser that refuses
document types (defusedxml) and with Python's JSON reader, each decoding the
file as the RDF parsers would, before rdflib or pyoxigraph sees the file, and
refuses the file with its name and the line of the declaration.

:func:`read_rdf` is the one reader of local RDF files: the format from the
extension (:func:`rdf_format`), the checks above, then the store's loader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml import sax as defused_sax

from ..problems import InputError, Problem, display_path

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph

    from .store import Progress

#: rdflib parser names whose files are XML
XML_FORMATS = frozenset({"xml", "trix"})
#: rdflib parser names whose files are JSON-LD
JSON_LD_FORMATS = frozenset({"json-ld"})


def _refuse(path: Path, line: int, message: str) -> InputError:
    return InputError([Problem(display_path(path), line, message, True)])


class _PrologRead(Exception):
    """The first element has started: no declaration can follow, so reading stops."""


class _FirstElement(ContentHandler):
    def setDocumentLocator(self, locator) -> None:  # noqa: N802 - SAX's name
        self.locator = locator

    def startElement(self, name, attrs) -> None:  # noqa: N802 - SAX's name
        raise _PrologRead

    def startElementNS(self, name, qname, attrs) -> None:  # noqa: N802 - SAX's name
        raise _PrologRead


def refuse_xml_declarations(path: Path) -> None:
    """Raise :class:`~kg.problems.InputError` if the XML file at ``path`` declares a document type or entity.

    The prolog is read by defusedxml's expat parser, which decodes the file as
    any XML parser would (a byte order mark, an ``encoding`` declaration:
    UTF-16, UTF-32, Latin-1, ...), so a declaration is seen in every encoding
    the RDF parsers accept. Reading stops at the first element. A file expat
    cannot read at all is refused too, rather than handed to another parser.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".rdf", delete=False) as f:
    ...     _ = f.write('<?xml version="1.0" encoding="UTF-16"?>\\n<!DOCTYPE r [<!ENTITY a "b">]>\\n<r/>'.encode("utf-16"))
    >>> refuse_xml_declarations(Path(f.name))
    Traceback (most recent call last):
    ...
    kg.problems.InputError: ...:2: refused: the XML declares a DOCTYPE (entities can expand without bound or read other files); remove the declaration
    """
    handler = _FirstElement()
    try:
        with path.open("rb") as handle:
            defused_sax.parse(handle, handler, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except _PrologRead:
        return
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as err:
        kind = "DOCTYPE" if isinstance(err, DTDForbidden) else "ENTITY"
        line = handler.locator.getLineNumber() if getattr(handler, "locator", None) else 0
        raise _refuse(
            path, line,
            f"refused: the XML declares a{'n' if kind == 'ENTITY' else ''} {kind} (entities can expand "
            "without bound or read other files); remove the declaration",
        ) from None
    except SAXParseException as err:
        raise _refuse(path, err.getLineNumber(), f"not well-formed XML: {err.getMessage()}") from None
    except ValueError as err:  # expat takes no declared multi-byte encoding but UTF-8 and UTF-16 (UTF-7, Shift_JIS, GBK)
        raise _refuse(path, 1, f"refused: the XML's declared encoding cannot be read safely ({err}); save it as UTF-8") from None
    except OSError as err:
        raise _refuse(path, 0, f"cannot read file: {err.strerror}") from None


def walk(node: Any) -> Iterator[Any]:
    """Every node of a nested tree of mappings and sequences, depth first: a JSON document, a SPARQL parse tree.

    Text (``str``, and so rdflib's terms) is a leaf.

    Examples
    --------
    >>> [n for n in walk({"a": [1, {"b": "x"}]}) if not isinstance(n, (dict, list))]
    [1, 'x']
    """
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, dict):  # not Mapping: pyparsing's ParseResults registers as one but holds a list
            stack.extend(reversed(list(current.values())))
        elif isinstance(current, Iterable) and not isinstance(current, (str, bytes)):
            stack.extend(reversed(list(current)))


def _named_documents(document: Any) -> list[str]:
    """The documents a JSON-LD document's contexts name (``@context`` strings, ``@import``)."""
    named = []
    for node in walk(document):
        if not isinstance(node, dict):
            continue
        contexts = node.get("@context", [])
        named += [c for c in (contexts if isinstance(contexts, list) else [contexts]) if isinstance(c, str)]
        if "@import" in node:
            named.append(str(node["@import"]))
    return named


def refuse_context_documents(path: Path) -> None:
    """Raise :class:`~kg.problems.InputError` if the JSON-LD at ``path`` names a context document.

    Any named context is refused, remote (``https://...``) or local (a file
    name or ``file:`` URL): either would be read at parse time. Contexts
    written inline (JSON objects, as ``kg export --format jsonld`` writes)
    are fine.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonld", delete=False) as f:
    ...     _ = f.write('{\\n  "@context": "https://schema.org/",\\n  "@id": "https://example.org/a"\\n}')
    >>> refuse_context_documents(Path(f.name))
    Traceback (most recent call last):
    ...
    kg.problems.InputError: ...:2: refused: JSON-LD context 'https://schema.org/' would be fetched; write the context inline
    """
    try:
        raw = path.read_bytes()
        # json.loads on bytes decodes UTF-8, UTF-16 and UTF-32 as the JSON-LD parser does
        document = json.loads(raw)
        text = raw.decode(json.detect_encoding(raw))
    except OSError as err:
        raise _refuse(path, 0, f"cannot read file: {err.strerror}") from None
    except json.JSONDecodeError as err:
        raise _refuse(path, err.lineno, f"not JSON: {err.msg}") from None
    except (ValueError, RecursionError):
        raise _refuse(path, 0, "not JSON that can be read (bad encoding, or nested too deeply)") from None
    named = _named_documents(document)
    if named:
        first = named[0]
        offset = text.find(json.dumps(first)[1:-1])
        line = text.count("\n", 0, offset) + 1 if offset >= 0 else 0
        raise _refuse(path, line, f"refused: JSON-LD context '{first}' would be fetched; write the context inline")


def refuse_hostile(path: Path, rdf_format: str) -> None:
    """Refuse ``path`` if, read as ``rdf_format`` (an rdflib parser name), it could fetch or expand without bound."""
    if rdf_format in XML_FORMATS:
        refuse_xml_declarations(path)
    elif rdf_format in JSON_LD_FORMATS:
        refuse_context_documents(path)


#: file extension -> rdflib parser name
RDF_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}


def rdf_format(path: Path) -> str:
    """The rdflib parser for ``path``, from its extension; a :class:`Problem` if unknown."""
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(RDF_FORMATS))
        raise InputError([Problem(display_path(path), 0, f"unknown RDF file extension (known: {known})", True)])
    return fmt


def read_rdf(files: Sequence[Path], graph: Graph | None = None, progress: Progress | None = None) -> Graph:
    """Parse local RDF files into one graph; a parse error names the file and line.

    Each file is checked first (:func:`refuse_hostile`): XML that
    declares a document type and JSON-LD that names a context document are
    refused before any parser reads them. ``graph`` (a new memory graph if
    None) may be on any store of :mod:`kg.rdf.store`; ``progress`` is called with
    the bytes read of each file.
    """
    from .builder import new_graph
    from .store import load_file

    graph = graph if graph is not None else new_graph()
    for path in files:
        fmt = rdf_format(path)
        if not path.is_file():
            raise InputError([Problem(display_path(path), 0, "file does not exist", True)])
        refuse_hostile(path, fmt)
        load_file(graph, path, fmt, progress)
    return graph
