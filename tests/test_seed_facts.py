"""Every fact of the two seed articles, asked by SPARQL of the Turtle that `kg build` writes.

Expected values come from the articles (shared/seeds), not from the program:
e.g. "fino a un milione di TPU" -> at most 1,000,000 chips; "5 miliardi da parte
di Microsoft" with "up to" in the announcement -> maxValue 5e9.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph

from kg.rdf.terms import PREFIXES

HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
SEED_000 = "<https://w3id.org/aicompute/id/source/seed-anthropic-google-tpus>"
SEED_004 = "<https://w3id.org/aicompute/id/source/seed-microsoft-nvidia-anthropic>"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> tuple[Graph, object]:
    out = tmp_path_factory.mktemp("build")
    result = subprocess.run([sys.executable, "-m", "kg.cli", "build", "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return Graph().parse(out / "graph.ttl"), out / "graph.ttl"


FACTS = {
    "anthropic-google-tpus": f"""
        ?d a aic:ComputeCommitment ; aic:buyer aid:anthropic ; aic:seller aid:google ; aic:service aid:google-cloud ;
           aic:hardware aid:tpu-ironwood ; aic:forModel aid:claude ; aic:announcedOn "2025-10-23"^^xsd:date ;
           aic:onlineBy "2026"^^xsd:gYear ; prov:wasDerivedFrom {SEED_000} ;
           aic:amount [ schema:minValue 10000000000.0 ; schema:maxValue 100000000000.0 ; schema:currency "USD" ] ;
           aic:capacity [ schema:minValue 1.0 ; qudt:unit unit:GigaW ] ;
           aic:chipCount [ schema:maxValue 1000000.0 ] .
        FILTER NOT EXISTS {{ ?d aic:amount/schema:value ?exact }}
    """,
    "ironwood-is-google-7th-gen": "aid:tpu-ironwood a aic:Chip ; aic:manufacturer aid:google ; aic:generation 7 .",
    "aws-primary-with-rainier-trainium": f"""
        ?d a aic:ComputeCommitment ; aic:buyer aid:anthropic ; aic:seller aid:amazon ; aic:service aid:aws ;
           aic:site aid:project-rainier ; aic:hardware aid:trainium ; prov:wasDerivedFrom {SEED_000} .
        aid:trainium aic:manufacturer aid:amazon . aid:project-rainier a aic:ComputeSite .
    """,
    "anthropic-uses-nvidia-gpus": f"""
        ?d aic:buyer aid:anthropic ; aic:seller aid:nvidia ; aic:hardware ?gpu ; prov:wasDerivedFrom {SEED_000} .
        ?gpu aic:manufacturer aid:nvidia . aid:anthropic aic:usesHardware ?gpu .
    """,
    "multi-cloud": """
        aid:anthropic aic:buysComputeFrom aid:google, aid:amazon, aid:microsoft .
    """,
    "microsoft-invests-up-to-5b": f"""
        ?d a aic:Investment ; aic:investor aid:microsoft ; aic:investee aid:anthropic ;
           aic:announcedOn "2025-11-18"^^xsd:date ; prov:wasDerivedFrom {SEED_004} ;
           aic:amount [ schema:maxValue 5000000000.0 ; schema:currency "USD" ] .
    """,
    "nvidia-invests-up-to-10b": f"""
        ?d a aic:Investment ; aic:investor aid:nvidia ; aic:investee aid:anthropic ;
           aic:announcedOn "2025-11-18"^^xsd:date ; prov:wasDerivedFrom {SEED_004} ;
           aic:amount [ schema:maxValue 10000000000.0 ; schema:currency "USD" ] .
    """,
    "anthropic-30b-azure-and-1gw-on-nvidia-systems": f"""
        ?d a aic:ComputeCommitment ; aic:buyer aid:anthropic ; aic:seller aid:microsoft ; aic:service aid:azure ;
           aic:announcedOn "2025-11-18"^^xsd:date ; prov:wasDerivedFrom {SEED_004} ;
           aic:amount [ schema:value 30000000000.0 ; schema:currency "USD" ] .
        ?g aic:buyer aid:anthropic ; aic:capacity [ schema:maxValue 1.0 ; qudt:unit unit:GigaW ] ;
           aic:hardware aid:grace-blackwell, aid:vera-rubin ; prov:wasDerivedFrom {SEED_004} .
        aid:grace-blackwell a aic:SystemPlatform ; aic:manufacturer aid:nvidia .
        aid:vera-rubin a aic:SystemPlatform ; aic:manufacturer aid:nvidia .
    """,
    "nvidia-anthropic-engineering-partnership": f"""
        ?d a aic:Partnership ; aic:partner aid:nvidia, aid:anthropic ; aic:announcedOn "2025-11-18"^^xsd:date ;
           prov:wasDerivedFrom {SEED_004} .
        aid:nvidia aic:partnersWith aid:anthropic .
    """,
    "microsoft-27-percent-of-openai-135b": f"""
        ?d a aic:EquityStake ; aic:stakeHolder aid:microsoft ; aic:stakeIn aid:openai ; aic:stakePercent 27.0 ;
           aic:valuation [ schema:value 135000000000.0 ; schema:currency "USD" ] ;
           aic:announcedOn "2025-10-28"^^xsd:date ; prov:wasDerivedFrom {SEED_004} .
    """,
    "microsoft-invests-in-openai-since-2019": f"""
        ?d a aic:Investment ; aic:investor aid:microsoft ; aic:investee aid:openai ;
           aic:announcedOn "2019"^^xsd:gYear ; prov:wasDerivedFrom {SEED_004} .
    """,
    "openai-founded-2015-non-profit": """
        aid:openai aic:foundedIn "2015"^^xsd:gYear ; aic:foundedAs ?form . FILTER(CONTAINS(LCASE(STR(?form)), "non-profit"))
    """,
    "chatgpt-launched-2022": 'aid:chatgpt a aic:AIModel ; aic:launchedIn "2022"^^xsd:gYear . aid:openai aic:develops aid:chatgpt .',
    "openai-relied-on-azure": "aid:openai aic:buysComputeFrom aid:microsoft . ?d aic:buyer aid:openai ; aic:service aid:azure .",
    "people": """
        aid:jensen-huang a aic:Person ; aic:ceo aid:nvidia .
        aid:dario-amodei a aic:Person ; aic:founder aid:anthropic ; aic:formerEmployer aid:openai .
        aid:anthropic aic:foundedByFormerStaffOf aid:openai .
    """,
    "products-and-makers": """
        aid:anthropic aic:develops aid:claude . aid:claude aic:competesWith aid:chatgpt . aid:chatgpt aic:competesWith aid:claude .
        aid:google-cloud aic:operatedBy aid:google . aid:aws aic:operatedBy aid:amazon . aid:azure aic:operatedBy aid:microsoft .
    """,
    "seed-sources-in-italian-undated": f"""
        {SEED_000} a aic:SourceDocument ; schema:inLanguage "it" ; schema:headline ?h1 .
        {SEED_004} a aic:SourceDocument ; schema:inLanguage "it" ; schema:headline ?h2 .
        FILTER(CONTAINS(?h1, "1 Milione di TPU") && CONTAINS(?h2, "15 miliardi"))
        FILTER NOT EXISTS {{ {SEED_000} schema:datePublished ?x }}
        FILTER NOT EXISTS {{ {SEED_004} schema:datePublished ?y }}
    """,
    "verified-qids": """
        aid:anthropic owl:sameAs wd:Q116758847 . aid:openai owl:sameAs wd:Q21708200 . aid:microsoft owl:sameAs wd:Q2283 .
        aid:nvidia owl:sameAs wd:Q182477 . aid:google owl:sameAs wd:Q95 . aid:amazon owl:sameAs wd:Q3884 .
        aid:aws owl:sameAs wd:Q456157 . aid:azure owl:sameAs wd:Q725967 . aid:claude owl:sameAs wd:Q118876059 .
        aid:chatgpt owl:sameAs wd:Q115564437 .
    """,
}


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_seed_fact_is_in_the_built_turtle(fact, shipped):
    graph, _path = shipped
    answer = graph.query(HEADER + "ASK {" + FACTS[fact] + "}")
    assert answer.askAnswer, fact


def test_a_wrong_figure_is_not_found(shipped):
    """The ASK pattern is strict: the seed's 5 billion is not 6 billion, nor an exact figure."""
    graph, _path = shipped
    wrong = FACTS["microsoft-invests-up-to-5b"].replace("schema:maxValue 5000000000.0", "schema:value 5000000000.0")
    assert not graph.query(HEADER + "ASK {" + wrong + "}").askAnswer


def test_independent_parser_reads_the_shipped_turtle(shipped):
    graph, path = shipped
    check = subprocess.run(["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert f"returned {len(graph)} triples" in check.stderr


def test_only_verified_qids(shipped):
    graph, _path = shipped
    verified = {"Q116758847", "Q21708200", "Q2283", "Q182477", "Q95", "Q3884", "Q456157", "Q725967", "Q118876059", "Q115564437"}
    used = {str(row.o).rsplit("/", 1)[1] for row in graph.query(HEADER + "SELECT ?o { ?s owl:sameAs ?o }")}
    assert used and used <= verified
