"""Static checks of every chapter notebook: the template, stripped outputs, no pip installs."""
import re

import nbformat
import pytest

from labutils.runner import available

NOTEBOOKS = available()
HEADINGS = ("## Learning goals", "## Setup", "## Exercises", "## Summary")


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_start_here.ipynb"


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.stem)
def nb(request):
    nb = nbformat.read(str(request.param), as_version=4)
    nbformat.validate(nb)
    nb.path = request.param
    return nb


def test_outputs_stripped(nb):
    for c in nb.cells:
        if c.cell_type == "code":
            assert not c.outputs and c.execution_count is None, f"{nb.path.name}: strip the outputs"


def test_one_parameters_cell_with_mode_and_seed(nb):
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, f"{nb.path.name}: {len(params)} parameters cells"
    assert re.search(r'^MODE = "full"', params[0].source, re.M) and re.search(r"^SEED = \d+", params[0].source, re.M)


def test_template(nb):
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {nb.path.stem[:2]} ")
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for h in HEADINGS:
        assert re.search(rf"^{re.escape(h)}", text, re.M), f"{nb.path.name}: missing heading {h!r}"
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "labutils.setup(MODE, seed=SEED)" in code
    assert "labutils.record(" in code


def test_no_pip_install(nb):
    for c in nb.cells:
        if c.cell_type == "code":
            assert not re.search(r"(^|\s)[!%]?pip3? install", c.source), f"{nb.path.name}: pip install in a cell"


def test_kernel_is_python3(nb):
    """The kernelspec the venv installs: another display name marks the notebook modified as
    soon as JupyterLab opens it."""
    assert nb.metadata["kernelspec"] == {
        "display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def test_code_within_100_columns(nb):
    """Longer lines make JupyterLab scroll sideways."""
    long = [(i, line) for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for line in c.source.splitlines() if len(line) > 100]
    assert not long, f"{nb.path.name}: code lines over 100 columns (cell, line): {long}"
