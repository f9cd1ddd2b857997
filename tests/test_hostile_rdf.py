"""Hostile RDF files are refused in every encoding their parsers accept, before any parser reads them.

A document type (billion laughs, SYSTEM entities) hides from a byte search when the file is
UTF-16 or UTF-32; a JSON-LD context document hides the same way. The check decodes as the
parsers do, and a file it cannot decode is refused rather than handed on.
"""

from __future__ import annotations

import json

import pytest

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
LAUGHS = (
    '<?xml version="1.0" encoding="{encoding}"?>\n'
    '<!DOCTYPE lolz [\n'
    ' <!ENTITY lol "lol">\n'
    ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
    ' <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">\n'
    ' <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">\n'
    ' <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">\n'
    ' <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">\n'
    ' <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">\n'
    ']>\n'
    f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="http://example.org/">\n'
    '  <rdf:Description rdf:about="http://example.org/a"><ex:says>&lol8;</ex:says></rdf:Description>\n'
    '</rdf:RDF>\n'
)

# (case, Python codec, encoding declared in the file)
ENCODINGS = [
    ("utf-16-bom", "utf-16", "UTF-16"),
    ("utf-16-le-bom", "utf-16", "UTF-16LE"),
    ("utf-16-be-no-bom", "utf-16-be", "UTF-16"),
    ("utf-8-bom", "utf-8-sig", "UTF-8"),
    ("latin-1", "latin-1", "ISO-8859-1"),
    ("utf-32", "utf-32", "UTF-32"),
    # multi-byte encodings that expat does not decode itself
    ("utf-7", "utf-7", "UTF-7"),
    ("shift-jis", "shift_jis", "Shift_JIS"),
    ("gbk", "gbk", "GBK"),
    ("euc-jp", "euc-jp", "EUC-JP"),
]


def _commands(mini_data, tmp_path, name):
    return [
        ("build", "--data", mini_data, "--out", tmp_path / "out", "--include", tmp_path / name),
        ("query", "ASK {}", "--data", mini_data, "--graph", tmp_path / name),
    ]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("case,codec,declared", ENCODINGS, ids=[c[0] for c in ENCODINGS])
def test_xml_document_types_are_refused_in_every_encoding(case, codec, declared, store, mini_data, tmp_path, run_kg):
    (tmp_path / "laughs.rdf").write_bytes(LAUGHS.format(encoding=declared).encode(codec))
    for args in _commands(mini_data, tmp_path, "laughs.rdf"):
        result = run_kg(*args, "--store", store)
        assert result.exit_code == 2, (args[0], result.output)
        assert "laughs.rdf:" in result.output
        assert "refused" in result.output or "not well-formed XML" in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_plain_rdf_xml_in_utf16_still_loads(mini_data, tmp_path, run_kg):
    text = (f'<?xml version="1.0" encoding="UTF-16"?>\n<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="http://example.org/">\n'
            '  <rdf:Description rdf:about="http://example.org/a"><ex:says>hi</ex:says></rdf:Description>\n</rdf:RDF>\n')
    (tmp_path / "fine.rdf").write_bytes(text.encode("utf-16"))
    result = run_kg("query", "ASK { <http://example.org/a> ?p 'hi' }", "--graph", tmp_path / "fine.rdf",
                    "--store", "memory")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "true"


REMOTE = {"@id": "http://example.org/a", "@context": "http://127.0.0.1:9/context.jsonld"}


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_json_ld_context_documents_are_refused_in_every_encoding(codec, mini_data, tmp_path, run_kg):
    (tmp_path / "remote.jsonld").write_bytes(json.dumps(REMOTE, indent=1).encode(codec))
    for args in _commands(mini_data, tmp_path, "remote.jsonld"):
        result = run_kg(*args, "--store", "memory")
        assert result.exit_code == 2, result.output
        assert "remote.jsonld:" in result.output and "would be fetched" in result.output


@pytest.mark.parametrize("text,fragment", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"@id": "http://example.org/a", ', "not JSON"),
], ids=["deep", "truncated"])
def test_json_ld_that_cannot_be_read_is_refused_without_a_traceback(text, fragment, mini_data, tmp_path, run_kg):
    (tmp_path / "odd.jsonld").write_text(text, encoding="utf-8")
    result = run_kg("build", "--data", mini_data, "--out", tmp_path / "out", "--include", tmp_path / "odd.jsonld")
    assert result.exit_code == 2, result.output
    assert "odd.jsonld" in result.output and fragment in result.output
    assert "Traceback" not in result.output
