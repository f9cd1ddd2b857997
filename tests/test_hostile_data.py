"""Hostile and careless data files: each class is refused with one short line naming file and line.

Every case below validated (or hung, or blew up) before these checks; each is one variant of a
class: YAML that expands or nests without bound, keys that are not plain values, figures that
later steps cannot compute with, dates no calendar has, ids and text that break IRIs, exports
and terminals. Lines are counted by hand in tests/fixtures/mini/deals.yaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# (case, text replacing line 6 `    amount: {max: 2B}` of deals.yaml, exit code, line, fragment)
FIGURES = [
    ("float-overflow", "    amount: {value: 1e400}", 1, 6, "finite number"),
    ("quoted-overflow", "    amount: {value: '1e400'}", 1, 6, "finite number"),
    ("nan", "    amount: {value: .nan}", 1, 6, "finite number"),
    ("inf", "    amount: {max: .inf}", 1, 6, "finite number"),
    ("minus-inf", "    amount: {max: -.inf}", 1, 6, "negative"),
    ("too-large", "    amount: {value: 2000T}", 1, 6, "finite number"),
    ("tiny", "    amount: {value: '1e-400'}", 1, 6, "finite number"),
    ("italian-decimal-comma", "    amount: {max: '1,5B'}", 1, 6, "comma only separates thousands"),
    ("bad-thousands", "    amount: {max: '1,50,000'}", 1, 6, "comma only separates thousands"),
    ("fullwidth-digits", "    amount: {value: '１０B'}", 1, 6, "write a number"),
    ("arabic-indic-digits", "    amount: {value: '٣B'}", 1, 6, "write a number"),
    # past what Python reads as an int (4,300 digits) and past the decimal context's 28 digits
    ("digits-past-python-int", "    amount: {value: " + "9" * 5000 + "}", 1, 6, "finite number"),
    ("digits-past-decimal-context", "    amount: {value: '99999999999999999999999999999999B'}", 1, 6, "finite number"),
    ("digits-past-decimal-context-max", "    amount: {max: 99999999999999999999999999999999}", 1, 6, "finite number"),
    # YAML 1.1 reads these as 31, 5, 90 and 90.5: a slip, never taken as a number
    ("hexadecimal", "    amount: {max: 0x1F}", 1, 6, "write a number"),
    ("binary", "    amount: {max: 0b101}", 1, 6, "write a number"),
    ("base-60", "    amount: {max: 1:30}", 1, 6, "write a number"),
    ("base-60-float", "    amount: {max: 1:30.5}", 1, 6, "write a number"),
    ("tagged-hexadecimal", "    amount: {max: !!int 0x1F}", 1, 6, "write a number"),
]

# (case, text replacing line 7 `    announced: 2025-03-01`, fragment)
DATES = [
    ("year-zero", '    announced: "0000"', "year 0"),
    ("year-zero-month", '    announced: "0000-01"', "year 0"),
    ("fullwidth-year", '    announced: "２０２５"', "is not a date"),
    ("devanagari-year", '    announced: "२०२५"', "is not a date"),
    ("short-month", '    announced: "2025-1-01"', "is not a date"),
]

# (case, text replacing line 2 `  - id: bigcloud-alpha-investment`, fragment)
TEXTS = [
    ("id-trailing-newline", '  - id: "bigcloud-alpha-investment\\n"', "must be lower-case words"),
    ("id-inner-space", '  - id: "bigcloud alpha"', "must be lower-case words"),
    ("id-fullwidth", '  - id: "ｂigcloud"', "must be lower-case words"),
    ("nul-in-note", '  - id: bigcloud-alpha-investment\n    note: "a\\0b"', "control character"),
    ("escape-in-note", '  - id: bigcloud-alpha-investment\n    note: "a\\e[2J"', "control character"),
    ("c1-in-label", '  - id: bigcloud-alpha-investment\n    label: "a\\x9b31m"', "control character"),
    ("del-in-label", '  - id: bigcloud-alpha-investment\n    label: "a\\x7f"', "control character"),
]


def _replace_line(path: Path, number: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = text
    path.write_text("\n".join(lines), encoding="utf-8")


def _assert_one_clear_line(result, code: int, where: str, fragment: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert where in result.output, result.output
    assert fragment in result.output, result.output


@pytest.mark.parametrize("case,text,code,line,fragment", FIGURES, ids=[c[0] for c in FIGURES])
def test_figures_later_steps_cannot_use_are_refused(case, text, code, line, fragment, mini_data, run_kg):
    _replace_line(mini_data / "deals.yaml", 6, text)
    _assert_one_clear_line(run_kg("validate", "--data", mini_data), code, f"deals.yaml:{line}:", fragment)


def test_a_leading_zero_is_read_in_base_ten(mini_data, run_kg, tmp_path):
    # YAML 1.1 reads 010 as octal 8; here, as everywhere else in kg, it is ten.
    _replace_line(mini_data / "deals.yaml", 6, "    amount: {max: 010}")
    assert run_kg("export", "--data", mini_data, "-o", tmp_path / "g.nt").exit_code == 0
    maxima = [line for line in (tmp_path / "g.nt").read_text(encoding="utf-8").splitlines()
              if "bigcloud-alpha-investment/amount>" in line and "maxValue" in line]
    assert len(maxima) == 1 and '"10.0"^^<http://www.w3.org/2001/XMLSchema#decimal>' in maxima[0], maxima


def test_thousands_separators_still_read(mini_data, run_kg, tmp_path):
    _replace_line(mini_data / "deals.yaml", 6, "    amount: {max: '2,000,000,000'}")
    assert run_kg("validate", "--data", mini_data).exit_code == 0
    out = tmp_path / "out"
    assert run_kg("build", "--data", mini_data, "--out", out).exit_code == 0
    # 2,000,000,000 is read as 2 billion, the same as the fixture's 2B
    assert "2000000000" in (out / "graph.ttl").read_text(encoding="utf-8")


@pytest.mark.parametrize("case,text,fragment", DATES, ids=[c[0] for c in DATES])
def test_dates_no_calendar_has_are_refused(case, text, fragment, mini_data, run_kg):
    _replace_line(mini_data / "deals.yaml", 7, text)
    _assert_one_clear_line(run_kg("validate", "--data", mini_data), 1, "deals.yaml:7:", fragment)


@pytest.mark.parametrize("case,text,fragment", TEXTS, ids=[c[0] for c in TEXTS])
def test_ids_and_text_that_break_iris_exports_or_terminals_are_refused(case, text, fragment, mini_data, run_kg):
    _replace_line(mini_data / "deals.yaml", 2, text)
    result = run_kg("validate", "--data", mini_data)
    _assert_one_clear_line(result, 1, "deals.yaml:", fragment)
    # the message itself carries no raw control character to the terminal
    assert not any(ch in result.output for ch in "\x00\x1b\x7f\x9b")


BOMBS = {
    "list-aliases": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nthings: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
    "mapping-alias": "base: &m {id: x, type: Company, label: X}\nthings:\n  - *m\n  - *m\n",
    "scalar-alias": "things:\n  - id: &i x\n    type: Company\n    label: *i\n",
    "merge-key": "base: &m {type: Company}\nthings:\n  - <<: *m\n    id: x\n    label: X\n",
    "inline-merge": "things:\n  - <<: {type: Company}\n    id: x\n    label: X\n",
}


@pytest.mark.parametrize("case", BOMBS)
def test_yaml_aliases_and_merges_are_refused_before_they_expand(case, mini_data, run_kg):
    (mini_data / "bomb.yaml").write_text(BOMBS[case], encoding="utf-8")
    result = run_kg("validate", "--data", mini_data)
    _assert_one_clear_line(result, 2, "bomb.yaml:", "not allowed in data files")
    assert len(result.output) < 2000


@pytest.mark.parametrize("opening,closing", [("[", "]"), ("{a: ", "}")], ids=["lists", "mappings"])
@pytest.mark.parametrize("depth", [200, 100_000])
def test_deep_nesting_is_refused(opening, closing, depth, mini_data, run_kg):
    (mini_data / "deep.yaml").write_text("things: " + opening * depth + "1" + closing * depth + "\n", encoding="utf-8")
    result = run_kg("validate", "--data", mini_data)
    _assert_one_clear_line(result, 2, "deep.yaml:", "nest")


@pytest.mark.parametrize("key", ["[a, b]", "{a: 1}"], ids=["list-key", "mapping-key"])
def test_keys_that_are_not_plain_values_are_refused(key, mini_data, run_kg):
    (mini_data / "odd.yaml").write_text(f"things:\n  - id: x\n    ? {key}\n    : 1\n", encoding="utf-8")
    _assert_one_clear_line(run_kg("validate", "--data", mini_data), 2, "odd.yaml:3:", "a key must be a plain value")


def test_messages_cut_long_values(mini_data, run_kg):
    _replace_line(mini_data / "deals.yaml", 8, "    status: " + "z" * 100_000)
    result = run_kg("validate", "--data", mini_data)
    _assert_one_clear_line(result, 1, "deals.yaml:8:", "'status'")
    assert len(result.output) < 500


@pytest.mark.parametrize("kind", ["folder", "broken-link"])
def test_yaml_entries_that_cannot_be_read_are_reported_not_skipped(kind, mini_data, run_kg):
    entry = mini_data / "more.yaml"
    if kind == "folder":
        entry.mkdir()
    else:
        entry.symlink_to(mini_data / "missing-target.yaml")
    _assert_one_clear_line(run_kg("validate", "--data", mini_data), 2, "more.yaml", "not a readable regular file")


# (case, bytes replacing line 1 `things:` of things.yaml, exit code, fragment): the file's own error, then nothing
UNREADABLE_THINGS = [
    ("lone-surrogate-escape", b'things:\n  - id: probe\n    type: Company\n    label: "A\\udc80"', 2, "things.yaml:4:"),
    ("not-utf8", b"things:\n  - id: probe\n    type: Company\n    label: A\xed\xb2\x80", 2, "not UTF-8"),
    ("misspelled-section", b"thing:", 1, "unknown section 'thing'"),
    ("section-not-a-list", b"things: {alpha-ai: 1}", 1, "must be a list"),
]


@pytest.mark.parametrize("case,first_line,code,fragment", UNREADABLE_THINGS, ids=[c[0] for c in UNREADABLE_THINGS])
def test_a_file_that_cannot_be_read_is_the_one_problem_shown(case, first_line, code, fragment, mini_data, run_kg):
    # Every deal of the mini data names things of things.yaml: their references would say 'unknown thing' ten times.
    things = mini_data / "things.yaml"
    lines = things.read_bytes().split(b"\n")
    things.write_bytes(b"\n".join([first_line, *lines[1:]]) if case != "section-not-a-list" else first_line + b"\n")
    result = run_kg("validate", "--data", mini_data)
    assert result.exit_code == code, result.output
    assert fragment in result.output, result.output
    assert "unknown thing" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def test_a_rejected_thing_is_not_reported_again_as_unknown(mini_data, run_kg):
    _replace_line(mini_data / "things.yaml", 8, '    label: "Big\\0cloud"')
    result = run_kg("validate", "--data", mini_data)
    _assert_one_clear_line(result, 1, "things.yaml:8:", "control character")
    assert "unknown thing" not in result.output
