"""The notebooks in notebooks/: stored without outputs, each run top to bottom in a real Jupyter kernel.

Every code cell of a notebook ends its work with ``assert`` statements that
check its answer against the data files or the seed articles, so a notebook
that runs to the end has had each result checked; these tests also check what
the notebooks display (the page inline, the chart).
"""

from __future__ import annotations

import ast
import json
import os
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.notebook

NOTEBOOKS = Path(__file__).parent.parent / "notebooks"
NAMES = ("01-tour", "02-circular-deals", "03-add-a-deal")
#: seconds any one cell may take (each takes a few on the shipped data)
CELL_TIMEOUT = 120
KERNEL = "aicompute-kg-tests"


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """A kernel spec that runs this Python (the venv's, with kg installed), found before any other.

    A kernel called ``python3`` could be any Python: Jupyter looks first in
    JUPYTER_PATH, then in the user's folders, and only then in the venv.
    """
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "aicompute-kg tests",
        "language": "python",
    }), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(folder))
        yield KERNEL


def execute(notebook: nbformat.NotebookNode, kernel: str, workdir: Path) -> nbformat.NotebookNode:
    """Run every cell in a fresh kernel with ``workdir`` as its working and temporary folder; raise on any error."""
    client = NotebookClient(
        notebook, kernel_name=kernel, timeout=CELL_TIMEOUT, allow_errors=False,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute(env={**os.environ, "TMPDIR": str(workdir)})
    return notebook


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]


def test_the_notebooks_are_these():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs(name):
    notebook = read(name)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, "a notebook with no code"
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, f"{name}: a cell was stored with its output"
    assert notebook.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("name", NAMES)
def test_every_code_cell_checks_its_result(name):
    for cell in read(name).cells:
        if cell.cell_type == "code":
            statements = ast.parse(cell.source).body
            assert any(isinstance(s, ast.Assert) for s in statements), f"{name}: no assert in\n{cell.source}"


def test_the_kernel_is_this_python(kernel, tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os, sys, kg.api\nprint(sys.executable)\nprint(os.getcwd())\nprint(kg.api.__file__)"
    )])
    executable, cwd, api = execute(notebook, kernel, tmp_path).cells[0].outputs[0].text.split()
    assert Path(executable) == Path(sys.executable)
    assert Path(cwd).resolve() == tmp_path.resolve()
    assert Path(api) == Path(__file__).parent.parent / "kg" / "api.py"


def test_a_failing_cell_fails_the_run(kernel, tmp_path):
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("assert 1 + 1 == 3, 'checked'")])
    with pytest.raises(CellExecutionError, match="checked"):
        execute(notebook, kernel, tmp_path)


def test_tour(kernel, tmp_path):
    ran = execute(read("01-tour"), kernel, tmp_path)
    html = [o["data"]["text/html"] for o in outputs(ran) if "text/html" in o.get("data", {})]
    pages = [h for h in html if h.startswith("<iframe srcdoc=")]
    assert len(pages) == 2, "the page and Anthropic's neighbourhood, inline"
    assert all("id=&quot;kg-graph&quot;" in page for page in pages)
    tables = [h for h in html if "<table" in h]
    assert len(tables) >= 4, "the answers to four questions, as tables"


def test_circular_deals(kernel, tmp_path):
    ran = execute(read("02-circular-deals"), kernel, tmp_path)
    charts = [o for o in outputs(ran) if "image/png" in o.get("data", {})]
    assert len(charts) == 1


def test_add_a_deal(kernel, tmp_path):
    from kg.paths import shipped_data_dir

    data = shipped_data_dir()
    before = {str(p.relative_to(data)): p.read_bytes() for p in data.rglob("*") if p.is_file()}  # compute/ too
    ran = execute(read("03-add-a-deal"), kernel, tmp_path)
    printed = "".join(o.get("text", "") for o in outputs(ran))
    assert "example.yaml:" in printed and "cites unknown source 'example-gazete-2026'" in printed
    assert {str(p.relative_to(data)): p.read_bytes() for p in data.rglob("*") if p.is_file()} == before
    assert list(tmp_path.iterdir()) == [], "the notebook cleans up its copy of the data"
