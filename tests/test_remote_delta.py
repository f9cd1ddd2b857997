"""What a push sends: the graph as canonical N-Triples, the same from either store, blank nodes skolemised.

The expected lines are written by hand from the small Turtle file below.
"""

from __future__ import annotations

import pytest

from kg.rdf.store import load_file, open_graph
from kg.remote.delta import graph_lines, graph_ntriples

TURTLE = """@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:acme ex:label "Acme"@en ; ex:name "Acme"^^xsd:string ; ex:note "two\\nlines" ; ex:founded 1999 .
"""
EXPECTED = {
    b'<https://example.org/acme> <https://example.org/label> "Acme"@en .',
    b'<https://example.org/acme> <https://example.org/name> "Acme" .',
    b'<https://example.org/acme> <https://example.org/note> "two\\nlines" .',
    b'<https://example.org/acme> <https://example.org/founded> "1999"^^<http://www.w3.org/2001/XMLSchema#integer> .',
}
SKOLEM = b"<https://example.org/.well-known/genid/kg/"


def graph_of(store: str, tmp_path, text: str):
    path = tmp_path / "g.ttl"
    path.write_text(text)
    graph = open_graph(store)
    load_file(graph, path, "turtle")
    return graph


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_the_graph_is_sent_as_canonical_lines_one_triple_each(store, tmp_path):
    data = graph_ntriples(graph_of(store, tmp_path, TURTLE), "https://example.org/g")
    assert data.endswith(b" .\n") and data.count(b"\n") == 4
    assert set(data.splitlines()) == EXPECTED
    assert graph_lines(graph_of(store, tmp_path, TURTLE), "https://example.org/g") == EXPECTED


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_blank_nodes_become_one_skolem_iri_each(store, tmp_path):
    text = TURTLE + "ex:acme ex:hardware [ ex:count 7 ] .\n"
    lines = set(graph_ntriples(graph_of(store, tmp_path, text), "https://example.org/g").splitlines())
    added = lines - EXPECTED
    assert len(added) == 2 and b"_:" not in b"".join(lines)
    link = next(line for line in added if line.startswith(b"<https://example.org/acme>"))
    skolem = link.split(b" ")[2]
    assert skolem.startswith(SKOLEM)
    assert added == {link, skolem + b' <https://example.org/count> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .'}
