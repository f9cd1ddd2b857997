"""The Python API (kg.api, re-exported by kg) on the hand-made mini data, values worked out by hand.

The mini data (tests/fixtures/mini): Bigcloud invests up to 2B in Alpha AI and
Alpha AI commits exactly 6B to Bigcloud's compute (at least 0.5 GW on X2
chips, online by 2026), both announced 2025-03-01 from gazette-1; Alpha AI
and ChipCo partner (2025-04, reported); Bigcloud holds 12.5% of Alpha AI at a
valuation of 10B to 20B (2025-06, closed). Eight things, two sources.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rdflib import URIRef, Variable
from rdflib.namespace import XSD

import kg
from kg.problems import QueryProblem, QueryRefused
from kg.rdf.terms import AIC, AID

MINI = Path(__file__).parent / "fixtures" / "mini"
MINI_THINGS = {"alpha-ai", "bigcloud", "chipco", "bigcloud-compute", "chip-x1", "chip-x2", "alpha-model", "ada"}


@pytest.fixture(scope="module")
def mini():
    return kg.build(MINI)


def run_python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_import_kg_stays_light():
    # The API is imported on first use; `kg --help` imports neither it nor rdflib.
    assert run_python("import sys, kg; print('rdflib' in sys.modules, 'kg.api' in sys.modules)").split() == ["False", "False"]
    assert run_python(
        "import sys\nfrom kg.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('rdflib' in sys.modules, 'kg.api' in sys.modules)"
    ).split()[-2:] == ["False", "False"]


def test_the_api_names_are_kg_names_even_after_their_namesake_modules_load():
    import kg.api

    assert kg._API == set(kg.api.__all__)
    # Every submodule of kg imported: none may hide an API name.
    import importlib
    import pkgutil

    for module in pkgutil.walk_packages(kg.__path__, "kg."):
        if not module.name.startswith("kg.cli.__main__"):
            importlib.import_module(module.name)

    for name in kg.api.__all__:
        assert getattr(kg, name) is getattr(kg.api, name)
    assert callable(kg.query) and kg.query.__module__ == "kg.api"
    assert set(kg.api.__all__) <= set(dir(kg))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        kg.nothing  # noqa: B018


def test_validate_and_build(mini):
    check = kg.validate(MINI)
    assert check.conforms and check.problems == ()
    assert str(check) == "conforms: 2 sources, 8 things, 4 deals"
    assert repr(check) == f"<DataCheck {MINI}: conforms>"
    assert check.conforming_graph() is check.graph
    assert len(mini) == len(check.graph)
    for triple in [
        (AID.bigcloud, AIC.investsIn, AID["alpha-ai"]),
        (AID["alpha-ai"], AIC.buysComputeFrom, AID.bigcloud),
        (AID["alpha-ai"], AIC.partnersWith, AID.chipco),
        (AID.chipco, AIC.partnersWith, AID["alpha-ai"]),
        (AID.bigcloud, AIC.holdsStakeIn, AID["alpha-ai"]),
    ]:
        assert triple in mini
    # Without the SHACL run the graph is the same.
    assert set(kg.build(MINI, check=False)) == set(mini)


def test_validate_returns_problems_and_build_raises_them(mini_data):
    deals = mini_data / "deals.yaml"
    text = deals.read_text(encoding="utf-8").replace("sources: [gazette-2]", "sources: [gazette-3]")
    deals.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    sources: [gazette-3]") + 1
    check = kg.validate(mini_data)
    assert not check.conforms and check.graph is None and check.data is None
    [problem] = check.problems
    assert (Path(problem.file).name, problem.line) == ("deals.yaml", line)
    assert problem.message == "deal 'bigcloud-alpha-stake' cites unknown source 'gazette-3'"
    assert str(check) == str(problem) and repr(check).endswith(": 1 problem>")
    with pytest.raises(kg.InputError) as raised:
        kg.build(mini_data)
    assert raised.value.problems == [problem]
    missing = kg.validate(mini_data / "nowhere")
    assert [p.message for p in missing.problems] == ["data directory does not exist"] and missing.problems[0].unreadable


def test_query_rows_hold_prefixed_names_and_plain_values(mini):
    answer = kg.query(mini, """
        SELECT ?deal ?amount ?gigawatts ?online ?announced ?headline WHERE {
          ?deal aic:buyer aid:alpha-ai ; aic:amount/schema:value ?amount ;
                aic:capacity/schema:minValue ?gigawatts ; aic:onlineBy ?online ; aic:announcedOn ?announced ;
                prov:wasDerivedFrom/schema:headline ?headline .
        }""")
    assert answer.kind == "SELECT" and answer.boolean is None
    assert answer.variables == ["deal", "amount", "gigawatts", "online", "announced", "headline"]
    assert answer.rows == [{
        "deal": "aid:deal/alpha-bigcloud-compute", "amount": 6_000_000_000, "gigawatts": 0.5, "online": "2026",
        "announced": date(2025, 3, 1), "headline": "Alpha AI raises money from Bigcloud and signs a compute deal",
    }]
    assert len(answer) == 1 and repr(answer) == "<Answer SELECT: 1 row of deal, amount, gigawatts, online, announced, headline>"
    amount = answer.result.bindings[0][Variable("amount")]  # the rdflib terms stay available
    assert amount.datatype == XSD.decimal and amount.toPython() == 6_000_000_000


def test_query_dataframe(mini):
    frame = kg.query(mini, "SELECT ?holder ?percent WHERE { ?d aic:stakeHolder ?holder ; aic:stakePercent ?percent }").to_dataframe()
    assert list(frame.columns) == ["holder", "percent"]
    assert frame.values.tolist() == [["aid:bigcloud", 12.5]]
    empty = kg.query(mini, "SELECT ?x WHERE { ?x aic:investsIn aid:chipco }").to_dataframe()
    assert list(empty.columns) == ["x"] and len(empty) == 0


def test_ask_and_construct(mini):
    ask = kg.query(mini, "ASK { aid:bigcloud aic:investsIn aid:alpha-ai }")
    assert ask.kind == "ASK" and ask.boolean is True and ask.rows == [] and repr(ask) == "<Answer ASK: true>"
    with pytest.raises(ValueError, match="ASK answer is true or false"):
        ask.to_dataframe()
    built = kg.query(mini, "CONSTRUCT { ?a aic:partnersWith ?b } WHERE { ?a aic:partnersWith ?b }")
    assert built.kind == "CONSTRUCT" and built.variables == ["subject", "predicate", "object"]
    assert built.rows == [
        {"subject": "aid:alpha-ai", "predicate": "aic:partnersWith", "object": "aid:chipco"},
        {"subject": "aid:chipco", "predicate": "aic:partnersWith", "object": "aid:alpha-ai"},
    ]


def test_saved_questions_and_their_parameters(mini):
    assert {"investors-of", "stakes", "circular-money", "timeline"} <= set(kg.saved_questions())
    rows = kg.query(mini, "investors-of", {"firm": "alpha-ai"}).rows
    assert [(r["investor"], r["bound"], r["amountUpTo"], r["source"]) for r in rows] == [
        ("aid:bigcloud", "up to", 2_000_000_000, "aid:source/gazette-1")]
    # An RDF term is used as it is; a prefixed name as kg query --param reads it.
    assert kg.query(mini, "investors-of", {"firm": URIRef(AID["alpha-ai"])}).rows == rows
    assert kg.query(mini, "investors-of", {"firm": "aid:alpha-ai"}).rows == rows
    with pytest.raises(QueryProblem, match=r"investors-of: needs params=\{'firm': \.\.\.\}"):
        kg.query(mini, "investors-of")
    with pytest.raises(QueryProblem, match=r"'company' is not a parameter of this question \(its parameters: firm\)"):
        kg.query(mini, "investors-of", {"firm": "alpha-ai", "company": "bigcloud"})
    with pytest.raises(kg.InputError, match="did you mean investors-of"):
        kg.query(mini, "investor-of")


def test_own_saved_questions(mini, tmp_path):
    (tmp_path / "partners.rq").write_text(
        "# title: Who partners with whom\nSELECT ?a ?b WHERE { ?a aic:partnersWith ?b } ORDER BY ?a\n", encoding="utf-8")
    assert kg.saved_questions([tmp_path])["partners"] == "Who partners with whom"
    rows = kg.query(mini, "partners", query_dirs=[tmp_path]).rows
    assert rows == [{"a": "aid:alpha-ai", "b": "aid:chipco"}, {"a": "aid:chipco", "b": "aid:alpha-ai"}]


def test_queries_stay_read_only(mini):
    size = len(mini)
    with pytest.raises(QueryRefused, match="INSERT DATA would change data"):
        kg.query(mini, "INSERT DATA { aid:chipco aic:investsIn aid:bigcloud }")
    assert len(mini) == size


def test_analyze(mini):
    [cycle] = kg.analyze(mini, "circular-flows")["circular-flows"]
    assert cycle["companies"] == ["bigcloud", "alpha-ai", "bigcloud"]
    # up to 2B leaves, exactly 6B returns: at least 6 / 2 = 3 times, no upper bound.
    assert cycle["leaves"]["USD"]["high"] == 2_000_000_000 and cycle["returns"]["USD"]["exact"] == 6_000_000_000
    assert cycle["returned_share"] == {"currency": "USD", "low": 3.0, "high": None}
    everything = kg.analyze(mini)
    assert list(everything) == ["money-flows", "circular-flows", "promised-or-paid", "supplier-dependence", "centrality", "capacity", "compute", "timeline"]
    assert everything["circular-flows"] == [cycle]
    assert list(kg.analyze(mini, ("timeline", "capacity"))) == ["capacity", "timeline"]
    # Both deals of the loop were announced on 2025-03-01.
    assert kg.analyze(mini, "circular-flows", as_of="2025-02-28") == {"circular-flows": []}
    assert kg.analyze(mini, "circular-flows", as_of=date(2025, 3, 1)) == {"circular-flows": [cycle]}
    # Only the stake is closed; the loop's deals are merely announced.
    assert kg.analyze(mini, "circular-flows", min_status="closed") == {"circular-flows": []}
    assert [row["month"] for row in kg.analyze(mini, "timeline", min_status="closed")["timeline"]] == ["2025-06"]
    with pytest.raises(ValueError, match="unknown analysis 'circles'"):
        kg.analyze(mini, "circles")
    with pytest.raises(ValueError, match="unknown status"):
        kg.analyze(mini, "timeline", min_status="certain")


def test_one_projection_serves_many_analyses(mini):
    projection = kg.project(mini)
    assert sorted(projection.graph["deals"]) == [
        "alpha-bigcloud-compute", "alpha-chipco-partnership", "bigcloud-alpha-investment", "bigcloud-alpha-stake"]
    assert kg.analyze(projection) == kg.analyze(mini)
    assert kg.significance(projection, samples=5, seed=1) == kg.significance(mini, samples=5, seed=1)
    # Narrowed when projected: only the stake (announced 2025-06) is closed.
    closed = kg.project(mini, min_status="closed")
    assert sorted(closed.graph["deals"]) == ["bigcloud-alpha-stake"]
    assert [row["month"] for row in kg.analyze(closed, "timeline")["timeline"]] == ["2025-06"]
    # A scope cannot narrow a projection after the fact.
    with pytest.raises(ValueError, match="as_of narrows the graph before it is projected"):
        kg.analyze(projection, "timeline", as_of="2025-03-01")
    with pytest.raises(ValueError, match="min_stage narrows the graph"):
        kg.significance(projection, min_stage="paid")


def test_analyze_reads_the_graph_as_it_is_now(mini):
    from rdflib import Graph

    from kg.rdf.terms import AID

    changed = Graph()
    for triple in mini:
        changed.add(triple)
    before = kg.project(changed)
    assert len(kg.analyze(changed, "circular-flows")["circular-flows"]) == 1
    # Without the investment, no money goes from Bigcloud to Alpha AI: the loop is gone at once.
    changed.remove((AID["deal/bigcloud-alpha-investment"], None, None))
    assert kg.analyze(changed, "circular-flows") == {"circular-flows": []}
    # The projection made before is a copy of the graph as it was then.
    assert len(kg.analyze(before, "circular-flows")["circular-flows"]) == 1


def test_the_cli_prints_what_the_api_returns(run_kg):
    result = run_kg("analyze", "circular-flows", "--format", "json", "--data", MINI)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["analyses"] == kg.analyze(kg.graph(MINI), "circular-flows")
    assert run_kg("validate", "--data", MINI).stdout == str(kg.validate(MINI)) + "\n"


def test_render(mini, tmp_path):
    page = kg.render(mini)
    assert {node.id for node in page.nodes} == MINI_THINGS and page.path is None
    around = kg.render(mini, tmp_path / "around.html", focus="Alpha AI")
    # One link from Alpha AI: Bigcloud (investment, compute, stake), ChipCo (partnership),
    # X2 (hardware), Alpha Model (develops), Ada (CEO).
    assert {node.id for node in around.nodes} == {"alpha-ai", "bigcloud", "chipco", "chip-x2", "alpha-model", "ada"}
    assert around.path == tmp_path / "around.html" and around.path.read_text(encoding="utf-8") == around.html
    assert "around Alpha AI, depth 1" in around.html
    money = kg.render(mini, kinds=["investment"])
    assert [(e.source, e.target, e.label) for e in money.edges] == [("bigcloud", "alpha-ai", "up to $2B")]
    assert {node.id for node in money.nodes} == {"bigcloud", "alpha-ai"}
    # By the end of March 2025 the partnership (April) and the stake (June) were not yet announced.
    march = kg.render(mini, as_of="2025-03-31")
    assert {e.kind for e in march.edges} == {"investment", "compute", "hardware", "relation"}
    assert "as of 2025-03-31" in march.html


def test_render_refuses_what_it_cannot_draw(mini):
    with pytest.raises(kg.NotInGraph, match="no thing 'alpah-ai' in the graph; did you mean 'alpha-ai'") as raised:
        kg.render(mini, focus="alpah-ai")
    assert raised.value.suggestions == ["alpha-ai"]
    with pytest.raises(ValueError, match="depth needs focus"):
        kg.render(mini, depth=2)
    with pytest.raises(ValueError, match="unknown kind 'money'"):
        kg.render(mini, kinds=["money"])


def test_a_page_shows_itself_in_an_iframe_that_holds_the_whole_file(mini):
    page = kg.render(mini)
    frame = page._repr_html_()
    prefix = '<iframe srcdoc="'
    assert frame.startswith(prefix)
    srcdoc = frame[len(prefix):frame.index('" sandbox=')]
    assert '"' not in srcdoc and "<" not in srcdoc  # the page is escaped into the attribute
    assert html.unescape(srcdoc) == page.html
    assert repr(page) == "<Page: 8 nodes, 12 edges>"


@pytest.mark.browser
def test_the_inline_page_draws_in_a_real_browser(mini, tmp_path):
    """As Jupyter shows it: the iframe in a host page, in headless Chromium with the network cut off."""
    from browser import offline_chromium

    host = tmp_path / "notebook.html"
    host.write_text(f"<!doctype html><html><body><h1>A notebook</h1>{kg.render(mini)._repr_html_()}</body></html>")
    with offline_chromium() as browser:
        tab = browser.new_page()
        blocked, errors = [], []
        tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else (blocked.append(route.request.url), route.abort()))
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(host.as_uri())
        inner = tab.frame_locator("iframe")
        inner.locator("body[data-settled='true']").wait_for(state="attached", timeout=120_000)
        [frame] = [f for f in tab.frames if f != tab.main_frame]
        ids = frame.evaluate("() => network.body.data.nodes.getIds()")
        width = frame.evaluate("() => document.querySelector('canvas').width")
    assert set(ids) == MINI_THINGS
    assert width > 0 and blocked == [] and errors == []


def test_export_and_load(mini, tmp_path):
    turtle = kg.export(mini, tmp_path / "mini.ttl")
    assert (tmp_path / "mini.ttl").read_bytes() == turtle == kg.export(mini)
    assert turtle.startswith(b"@prefix aic: <https://w3id.org/aicompute/ontology#> .")
    triples = kg.export(mini, format="nt").decode("utf-8").splitlines()
    assert len(triples) == len(mini) and triples == sorted(triples)
    assert set(kg.load(tmp_path / "mini.ttl")) == set(mini)
    assert set(kg.graph(files=[tmp_path / "mini.ttl"])) == set(mini)
    with pytest.raises(ValueError, match="unknown format 'csv'"):
        kg.export(mini, format="csv")
    remote = tmp_path / "remote.jsonld"
    remote.write_text(json.dumps({"@context": "http://127.0.0.1:9/context.jsonld", "@id": "x"}), encoding="utf-8")
    with pytest.raises(kg.InputError, match="would be fetched"):
        kg.load(remote)


def test_library_errors_name_api_arguments_and_the_cli_words_them_as_options(mini, mini_data, run_kg):
    # One question, one unknown parameter: the API names its keyword, the CLI its option, from the same error.
    with pytest.raises(QueryProblem) as raised:
        kg.query(mini, "SELECT ?x WHERE { ?x a aic:Company }", {"firm": "alpha-ai"})
    assert (raised.value.param, raised.value.name) == ("params", "firm")
    assert str(raised.value) == "query: params['firm']: the query has no variable ?firm"
    cli = run_kg("query", "SELECT ?x WHERE { ?x a aic:Company }", "--param", "firm=alpha-ai", "--data", mini_data)
    assert cli.exit_code == 2 and "query: --param firm: the query has no variable ?firm" in cli.output
    with pytest.raises(QueryProblem) as timed_out:
        kg.query(mini, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", timeout=0.5)
    assert timed_out.value.limit == 0.5 and "--timeout" not in str(timed_out.value)
    assert str(timed_out.value).startswith("query: stopped after 0.5 s (timeout): the query is too slow")
