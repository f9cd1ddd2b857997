"""The sourced deal web of 2019-2025 in the shipped data (data/*-2019-2025.yaml).

The graph is read the way a user gets it, from ``kg export --format nt``.
Expected values are typed from the research notes on the pages
(/work/scratch/deals-research.md, rows D1-D38, L1-L3), not from the program:
e.g. D19 "a $300 billion, five-year agreement", "about 4.5 gigawatts" ->
schema:value 3e11 and capacity 4.5 GW.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.data.load import load_data
from kg.rdf.terms import AIC, AID, DEAL_CLASSES, PREFIXES, SCHEMA, status_iri

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def graph(shipped_graph) -> Graph:
    """The shipped data's graph (the run's one build, tests/conftest.py)."""
    return shipped_graph


def deal(deal_id: str) -> URIRef:
    return AID[f"deal/{deal_id}"]


def deals_in(graph: Graph) -> set[URIRef]:
    return {d for cls in DEAL_CLASSES for d in graph.subjects(RDF.type, cls)}


def number(graph: Graph, node: URIRef, prop: URIRef) -> Decimal | None:
    value = graph.value(node, prop)
    return None if value is None else Decimal(str(value))


def quantity(graph: Graph, deal_id: str, term: URIRef) -> dict[str, Decimal | None]:
    node = graph.value(deal(deal_id), term)
    assert node is not None, f"{deal_id} has no {term}"
    return {
        "value": number(graph, node, SCHEMA.value),
        "min": number(graph, node, SCHEMA.minValue),
        "max": number(graph, node, SCHEMA.maxValue),
    }


def status(graph: Graph, deal_id: str) -> str:
    return str(graph.value(deal(deal_id), AIC.dealStatus)).rsplit("/", 1)[-1]


# ------------------------------------------------------------------ size and sources


def test_at_least_thirty_deals_each_citing_a_dated_page_with_an_address(graph):
    rows = graph.query(HEADER + """
        SELECT ?deal (COUNT(?dated) AS ?n) WHERE {
            ?deal aic:dealStatus ?status .
            OPTIONAL {
                ?deal prov:wasDerivedFrom ?dated .
                ?dated a aic:SourceDocument ; schema:url ?url ; schema:datePublished ?published ;
                       schema:headline ?headline ; schema:publisher ?publisher .
            }
        } GROUP BY ?deal
    """)
    counts = {row.deal: int(row.n) for row in rows}
    assert len(counts) >= 30
    assert len(counts) == len(deals_in(graph))
    # Every deal of the 2019-2025 files cites a dated page; the survey's share of deals resting
    # on undated pages only is bounded in test_deal_web_2024_2026.py.
    old = {deal(d) for d in ids_in("deals.yaml", "deals-2019-2025.yaml")}
    assert [str(d) for d, n in counts.items() if n == 0 and d in old] == []


def test_the_new_files_hold_thirty_or_more_deals_and_name_their_sources():
    data = load_data(DATA)
    new = [d for d in data.deals.values() if d.where.file.endswith("deals-2019-2025.yaml")]
    assert len(new) >= 30
    for record in new:
        cited = [data.sources[s] for s in record.sources]
        assert any(s.url and s.published for s in cited), record.id


def test_seed_deals_are_the_only_ones_citing_the_seed_articles(graph):
    """The seed facts stay exactly where they were: 11 deals from the two articles, none added."""
    seeds = {AID["source/seed-anthropic-google-tpus"], AID["source/seed-microsoft-nvidia-anthropic"]}
    citing = {d for d in deals_in(graph) if seeds & set(graph.objects(d, PROV.wasDerivedFrom))}
    assert {str(d).rsplit("/", 1)[-1] for d in citing} == {
        "anthropic-google-cloud-tpus-2025", "anthropic-aws-primary-cloud-2024", "anthropic-nvidia-gpus-2025",
        "microsoft-anthropic-investment-2025", "nvidia-anthropic-investment-2025", "anthropic-azure-compute-2025",
        "nvidia-anthropic-engineering-partnership-2025", "microsoft-nvidia-anthropic-partnership-2025",
        "microsoft-openai-stake-2025", "microsoft-openai-investment-since-2019", "openai-azure-compute-2019",
    }
    # D31's seed deal keeps its seed figures after gaining the Hürriyet page.
    assert quantity(graph, "anthropic-google-cloud-tpus-2025", AIC.amount) == {
        "value": None, "min": Decimal(10**10), "max": Decimal(10**11)}
    assert AID["source/hurriyet-anthropic-google-2025"] in set(
        graph.objects(deal("anthropic-google-cloud-tpus-2025"), PROV.wasDerivedFrom))


# ------------------------------------------------------------------ facts checked by hand


def test_d19_openai_oracle_300_billion_reported_by_the_wsj(graph):
    d = deal("openai-oracle-compute-2025")
    assert (d, AIC.buyer, AID.openai) in graph and (d, AIC.seller, AID.oracle) in graph
    assert quantity(graph, "openai-oracle-compute-2025", AIC.amount) == {"value": Decimal("3E11"), "min": None, "max": None}
    assert quantity(graph, "openai-oracle-compute-2025", AIC.capacity)["value"] == Decimal("4.5")
    assert graph.value(d, AIC.announcedOn) == Literal("2025-09-10", datatype=XSD.date)
    assert status(graph, "openai-oracle-compute-2025") == "reported"
    page = AID["source/nairametrics-openai-oracle-2025"]
    assert page in set(graph.objects(d, PROV.wasDerivedFrom))
    assert graph.value(page, SCHEMA.datePublished) == Literal("2025-09-10", datatype=XSD.date)
    assert str(graph.value(page, AIC.originalOutlet)) == "The Wall Street Journal"


def test_d18_microsoft_nebius_17_4_up_to_19_4_billion(graph):
    assert quantity(graph, "microsoft-nebius-compute-2025", AIC.amount) == {
        "value": None, "min": Decimal("1.74E10"), "max": Decimal("1.94E10")}
    assert (deal("microsoft-nebius-compute-2025"), AIC.site, AID["nebius-vineland"]) in graph
    assert graph.value(deal("microsoft-nebius-compute-2025"), AIC.announcedOn) == Literal("2025-09-08", datatype=XSD.date)


def test_d12_openai_coreweave_up_to_11_9_billion_in_march_2025(graph):
    assert quantity(graph, "openai-coreweave-compute-2025", AIC.amount) == {
        "value": None, "min": None, "max": Decimal("1.19E10")}
    assert graph.value(deal("openai-coreweave-compute-2025"), AIC.announcedOn) == Literal("2025-03", datatype=XSD.gYearMonth)
    assert quantity(graph, "openai-coreweave-equity-2025", AIC.amount)["value"] == Decimal("3.5E8")


def test_d17_meta_google_cloud_over_10_billion_reported(graph):
    d = deal("meta-google-cloud-2025")
    assert (d, AIC.service, AID["google-cloud"]) in graph
    assert quantity(graph, "meta-google-cloud-2025", AIC.amount) == {"value": None, "min": Decimal("1E10"), "max": None}
    assert graph.value(d, AIC.announcedOn) == Literal("2025-08-21", datatype=XSD.date)
    assert status(graph, "meta-google-cloud-2025") == "reported"
    assert str(graph.value(d, AIC.evidenceLevel)).endswith("/reported")


def test_d22_nvidia_openai_letter_of_intent_both_directions(graph):
    investment, systems = deal("nvidia-openai-investment-loi-2025"), deal("openai-nvidia-systems-loi-2025")
    assert (investment, AIC.investor, AID.nvidia) in graph and (investment, AIC.investee, AID.openai) in graph
    assert quantity(graph, "nvidia-openai-investment-loi-2025", AIC.amount) == {"value": None, "min": None, "max": Decimal("1E11")}
    assert (systems, AIC.buyer, AID.openai) in graph and (systems, AIC.seller, AID.nvidia) in graph
    assert quantity(graph, "openai-nvidia-systems-loi-2025", AIC.capacity) == {"value": None, "min": Decimal(10), "max": None}
    assert status(graph, "openai-nvidia-systems-loi-2025") == "letter-of-intent"
    assert (systems, AIC.hardware, AID["vera-rubin"]) in graph
    # Both sides rest on the same pages.
    assert set(graph.objects(investment, PROV.wasDerivedFrom)) == set(graph.objects(systems, PROV.wasDerivedFrom))


def test_d27_amd_warrant_up_to_160_million_shares_and_6_gw_of_gpus(graph):
    warrant = deal("amd-openai-warrant-2025")
    assert (warrant, RDF.type, AIC.Warrant) in graph
    assert (warrant, AIC.issuer, AID.amd) in graph and (warrant, AIC.warrantHolder, AID.openai) in graph
    assert quantity(graph, "amd-openai-warrant-2025", AIC.shareCount) == {"value": None, "min": None, "max": Decimal("1.6E8")}
    assert status(graph, "amd-openai-warrant-2025") == "definitive"
    assert quantity(graph, "openai-amd-gpus-2025", AIC.capacity)["max"] == Decimal(6)
    assert graph.value(warrant, AIC.announcedOn) == Literal("2025-10-06", datatype=XSD.date)


def test_d9_stargate_is_a_company_funded_by_four_equity_funders(graph):
    assert (AID.stargate, RDF.type, AIC.Company) in graph
    funders = {graph.value(d, AIC.investor) for d in graph.subjects(AIC.investee, AID.stargate)}
    assert funders == {AID.softbank, AID.openai, AID.oracle, AID.mgx}
    venture = deal("stargate-joint-venture-2025")
    assert set(graph.objects(venture, AIC.partner)) == funders
    assert quantity(graph, "stargate-joint-venture-2025", AIC.amount) == {"value": None, "min": None, "max": Decimal("5E11")}
    assert graph.value(venture, AIC.announcedOn) == Literal("2025-01-21", datatype=XSD.date)


def test_d30_oracle_50000_mi450(graph):
    assert quantity(graph, "oracle-amd-mi450-2025", AIC.chipCount)["value"] == Decimal(50000)
    assert (deal("oracle-amd-mi450-2025"), AIC.hardware, AID["amd-instinct-mi450"]) in graph
    assert (AID["amd-instinct-mi450"], AIC.manufacturer, AID.amd) in graph


# ------------------------------------------------------------------ revisions


def ids_in(*files: str) -> set[str]:
    return {d.id for d in load_data(DATA).deals.values() if d.where.file.endswith(files)}


def test_the_2026_revisions_supersede_what_they_revise(graph):
    old = ids_in("deals.yaml", "deals-2019-2025.yaml")
    links = {(str(a).rsplit("/", 1)[-1], str(b).rsplit("/", 1)[-1]) for a, b in graph.subject_objects(AIC.supersedes)}
    links = {(a, b) for a, b in links if a in old}
    assert links == {
        ("nvidia-openai-investment-2026", "nvidia-openai-investment-loi-2025"),
        ("meta-coreweave-expansion-2026", "meta-coreweave-compute-2025"),
    }
    assert quantity(graph, "nvidia-openai-investment-2026", AIC.amount)["value"] == Decimal("3E10")
    assert quantity(graph, "meta-coreweave-expansion-2026", AIC.amount)["value"] == Decimal("2.1E10")
    # A superseded deal keeps the status it reached: the letter of intent stays one.
    assert graph.value(deal("nvidia-openai-investment-loi-2025"), AIC.dealStatus) == status_iri("letter-of-intent")
    assert graph.value(deal("meta-coreweave-compute-2025"), AIC.dealStatus) == status_iri("announced")
    assert not [d for d in deals_in(graph) if graph.value(d, AIC.dealStatus) == status_iri("revised")]
    # The 3.5 GW of 2026 adds to the 2025 TPU deal (the pages say "additive"): no supersedes.
    assert quantity(graph, "anthropic-google-tpu-capacity-2026", AIC.capacity)["value"] == Decimal("3.5")
    assert graph.value(deal("anthropic-google-tpu-capacity-2026"), AIC.supersedes) is None


# ------------------------------------------------------------------ what stays out


def test_not_confirmed_facts_are_not_in_the_graph(graph):
    data = load_data(DATA)
    assert len(data.not_confirmed) >= 10
    for item in data.not_confirmed:
        assert (deal(item), None, None) not in graph and (AID[item], None, None) not in graph
    # C3: no stake of Nvidia in CoreWeave; D27: no percentage of AMD; D21: none of Intel.
    assert not graph.query(HEADER + "ASK { ?d aic:stakeHolder aid:nvidia ; aic:stakeIn aid:coreweave }").askAnswer
    assert not graph.query(HEADER + "ASK { ?d aic:stakeHolder aid:openai ; aic:stakeIn aid:amd }").askAnswer
    assert not graph.query(HEADER + "ASK { ?d aic:stakeHolder aid:nvidia ; aic:stakeIn aid:intel }").askAnswer
    # C1, C2, D2: no figure of 13, 13.8 or 11.6 billion, nor Google's 300/400/550 million, among the
    # deals of the 2019-2025 files (later survey deals may have such figures of their own).
    old = " ".join(f"aid:deal\\/{d}" for d in ids_in("deals.yaml", "deals-2019-2025.yaml"))
    for figure in ("13000000000", "13800000000", "11600000000", "300000000", "400000000", "550000000"):
        assert not graph.query(HEADER + f"""
            ASK {{ VALUES ?d {{ {old} }} ?d aic:amount ?a . ?a ?p ?v . FILTER(?v = {figure}.0) }}""").askAnswer, figure
    assert graph.value(deal("microsoft-openai-investment-2023"), AIC.amount) is None
    # D33: the Rainier chip count conflicts, so none is stored; C4: no end of the backstop term.
    assert graph.value(deal("anthropic-project-rainier-2025"), AIC.chipCount) is None
    assert graph.value(deal("nvidia-coreweave-capacity-2025"), AIC.onlineBy) is None


# ------------------------------------------------------------------ money loops


def test_circular_flows_lists_loops_beyond_microsoft_anthropic_each_traceable(graph):
    result = kg("analyze", "circular-flows", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["analyses"]["circular-flows"]
    rows = rows["rows"] if isinstance(rows, dict) else rows

    def rotated(companies: list[str]) -> tuple[str, ...]:
        ring = companies[:-1]
        start = ring.index(min(ring))
        return tuple(ring[start:] + ring[:start])

    cycles = {rotated(row["companies"]): row for row in rows}
    # Worked out from the deals by hand: each leg is an investment or a purchase.
    expected = {
        ("microsoft", "openai"),                 # investments since 2019 / 250B of Azure (D32)
        ("nvidia", "openai"),                    # 30B equity (L1) / at least 10 GW of systems (D22)
        ("coreweave", "nvidia"),                 # GPUs (E2) / at least 6.3B backstop (D20), Osprey (E3)
        ("nvidia", "openai", "oracle"),          # 30B / 300B of compute (D19) / 40B of GB200 (E1)
        ("coreweave", "nvidia", "openai"),       # OpenAI buys CoreWeave capacity (D12, D14, D24)
        ("amd", "openai"),                       # warrant for up to 160M shares / up to 6 GW of GPUs (D27)
        ("amd", "openai", "oracle"),             # warrant / 300B of compute / 50,000 MI450 (D30)
        ("amazon", "anthropic"),
        ("anthropic", "microsoft"),
    }
    assert expected <= set(cycles)
    assert len(cycles) > 1
    for row in rows:
        for leg in row["legs"]:
            for item in leg["deals"]:
                d = deal(item["id"])
                assert d in deals_in(graph), item["id"]
                pages = set(graph.objects(d, PROV.wasDerivedFrom))
                assert any(graph.value(p, SCHEMA.url) for p in pages), item["id"]


def money_view(graph: Graph, with_warrants: bool = True) -> nx.DiGraph:
    """Payer -> payee for every deal not superseded: investor -> investee, buyer -> seller, issuer -> holder."""
    superseded = set(graph.objects(None, AIC.supersedes))
    pairs = [(AIC.investor, AIC.investee), (AIC.buyer, AIC.seller)]
    if with_warrants:
        pairs.append((AIC.issuer, AIC.warrantHolder))
    view = nx.DiGraph()
    for d in deals_in(graph) - superseded:
        for payer_role, payee_role in pairs:
            for payer in graph.objects(d, payer_role):
                for payee in graph.objects(d, payee_role):
                    view.add_edge(str(payer).rsplit("/", 1)[-1], str(payee).rsplit("/", 1)[-1])
    return view


def test_the_amd_warrant_closes_the_loops_through_amd(graph):
    def cycles(view: nx.DiGraph) -> set[frozenset]:
        return {frozenset(c) for c in nx.simple_cycles(view, length_bound=3)}

    with_warrant, without = cycles(money_view(graph)), cycles(money_view(graph, with_warrants=False))
    # OpenAI buys AMD GPUs and AMD grants OpenAI a warrant; OpenAI buys Oracle compute and
    # Oracle buys AMD GPUs (D30).
    assert {frozenset({"openai", "amd"}), frozenset({"openai", "oracle", "amd"})} <= with_warrant
    assert not any("amd" in c for c in without)


# ------------------------------------------------------------------ the Warrant term, on the mini data set

WARRANT = """\
  - id: chipco-alpha-warrant
    type: Warrant
    issuer: chipco
    holder: alpha-ai
    share_count: {max: 160M}
    announced: 2025-10-06
    status: definitive
    sources: [gazette-1]
"""


def test_a_warrant_becomes_an_aic_warrant_with_its_share_count(mini_data, run_kg, tmp_path):
    with (mini_data / "deals.yaml").open("a", encoding="utf-8") as handle:
        handle.write(WARRANT)
    assert run_kg("validate", "--data", mini_data).exit_code == 0
    out = tmp_path / "mini.nt"
    result = run_kg("export", "--data", mini_data, "--format", "nt", "--output", out)
    assert result.exit_code == 0, result.output
    g = Graph().parse(out, format="nt")
    d = deal("chipco-alpha-warrant")
    assert (d, RDF.type, AIC.Warrant) in g
    assert (d, AIC.issuer, AID.chipco) in g and (d, AIC.warrantHolder, AID["alpha-ai"]) in g
    count = g.value(d, AIC.shareCount)
    assert count == URIRef(f"{d}/share-count")
    assert (count, RDF.type, SCHEMA.QuantitativeValue) in g
    assert g.value(count, SCHEMA.maxValue) == Literal("160000000.0", datatype=XSD.decimal)
    assert str(g.value(d, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == (
        "ChipCo grants a warrant to Alpha AI (2025-10-06)")


@pytest.mark.parametrize("entry,line,fragment", [
    # the mini deals.yaml has 38 lines: the entry starts on line 39 (issuer 41, share_count 43)
    (WARRANT.replace("    issuer: chipco\n", ""), 39, "missing required field 'issuer' for a Warrant"),
    (WARRANT.replace("issuer: chipco", "issuer: chip-x1"), 41, "'issuer' must be a Company, but 'chip-x1' is a Chip"),
    (WARRANT.replace("type: Warrant\n    issuer: chipco\n    holder: alpha-ai",
                     "type: Investment\n    investor: chipco\n    investee: alpha-ai"), 43, "unknown key 'share_count'"),
])
def test_a_bad_warrant_is_reported_with_file_and_line(mini_data, run_kg, entry, line, fragment):
    with (mini_data / "deals.yaml").open("a", encoding="utf-8") as handle:
        handle.write(entry)
    result = run_kg("validate", "--data", mini_data)
    assert result.exit_code == 1
    assert any(f"deals.yaml:{line}: " in row and fragment in row for row in result.stderr.splitlines()), result.stderr
