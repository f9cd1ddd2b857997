"""The README's map of kg/ (its "Architecture" section) and its Python example match the code, so neither can rot."""

from __future__ import annotations

import re
from pathlib import Path

import kg.api

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "kg"


def _section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def map_entries() -> dict[str, str]:
    """Each path of the map (``api.py``, ``cli/``) and what the map says it owns (its lines joined)."""
    block = re.search(r"```\nkg/\n(.*?)```", _section("Architecture"), re.S).group(1)
    entries: dict[str, str] = {}
    last = None
    for line in block.splitlines():
        entry = re.fullmatch(r"  (\S+)\s+(\S.*)", line)
        if entry:
            last = entry.group(1)
            entries[last] = entry.group(2)
        elif line.strip() and last is not None:
            entries[last] += " " + line.strip()
    return entries


def test_the_map_is_read_as_expected():
    entries = map_entries()
    assert list(entries)[:2] == ["api.py", "api_query.py"]
    assert entries["remote/"] == "endpoint (URLs, credentials), http (retries), query, push, serve"


def test_every_path_the_map_lists_exists_and_says_what_it_owns():
    for path, owns in map_entries().items():
        target = PACKAGE / path
        assert target.is_dir() if path.endswith("/") else target.is_file(), f"the README lists kg/{path}, which is not there"
        assert path.endswith(("/", ".py")), path
        assert len(owns.split()) >= 3, f"kg/{path}: say what it owns"


def test_every_package_and_top_level_module_of_kg_is_in_the_map():
    listed = set(map_entries())
    packages = {p.parent.name + "/" for p in PACKAGE.glob("*/__init__.py")}
    modules = {p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"}
    assert {"cli/", "remote/", "sparql/"} <= packages and {"api.py", "views.py"} <= modules
    assert packages - listed == set(), "packages missing from the README's map"
    assert modules - listed == set(), "modules missing from the README's map"


def test_the_modules_a_package_line_names_exist():
    # "remote/  endpoint (...), http (...), query, push, serve": each leading word of an item is a module there.
    for package in ("remote/", "checks/", "rdf/"):
        items = re.split(r",\s*(?![^()]*\))", map_entries()[package])
        for item in items:
            name = item.split()[0]
            assert (PACKAGE / package / f"{name}.py").is_file(), f"kg/{package}{name}.py is in the map, not in kg/"


def test_the_python_example_uses_only_the_api():
    example = re.search(r"```python\n(.*?)```", _section("In Python and Jupyter"), re.S).group(1)
    used = set(re.findall(r"\bkg\.(\w+)", example))
    assert {"build", "query", "project", "analyze", "push", "serve"} <= used
    assert used <= set(kg.api.__all__), f"not in kg.api: {sorted(used - set(kg.api.__all__))}"
    assert "from kg." not in example and "import kg." not in example
