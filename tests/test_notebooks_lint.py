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


# ------------------------------------------------------------------ check cells (COURSE_DESIGN §4)
def test_check_cell_rule(nb):
    """Outside exercises, every cell that calls claim, record or checks is a check cell: tagged
    'check', its source collapsed, and it builds, trains and draws nothing."""
    from labutils import style

    problems = style.check_cell_problems(nb.path)
    assert not problems, f"{nb.path.name}:\n  " + "\n  ".join(problems)


def _claim_calls(source):
    import ast

    from labutils.style import _parse

    tree = _parse(source)
    for node in ast.walk(tree) if tree else []:
        if isinstance(node, ast.Call) and (getattr(node.func, "attr", None) == "claim"
                                           or getattr(node.func, "id", None) == "claim"):
            yield node


def _literal_text(node):
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) + _literal_text(node.right)
    return ""


def test_every_claim_says_what_it_is_about(nb):
    """Each claim names its kind; a statement that speaks of the stand-in is a course-data claim."""
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code":
            continue
        for call in _claim_calls(c.source):
            kw = {k.arg: k.value for k in call.keywords}
            assert "kind" in kw, f"{nb.path.name} cell {i}: a claim without kind= (line {call.lineno})"
            statement = _literal_text(call.args[0]) if call.args else ""
            if "stand-in" in statement.lower():
                assert _literal_text(kw["kind"]) == "course-data", (
                    f"{nb.path.name} cell {i}: the claim {statement!r} speaks of the stand-in, so its kind is "
                    "'course-data'")


def test_the_stand_in_rule_can_fail():
    import nbformat as nbf

    cell = nbf.v4.new_code_cell('labutils.claim("on the stand-in, A beats B", a > b, "e", kind="general",\n'
                                '               reference="r")')
    bad = nbf.v4.new_notebook(cells=[cell])
    bad.path = NOTEBOOKS[0]
    with pytest.raises(AssertionError, match="speaks of the stand-in"):
        test_every_claim_says_what_it_is_about(bad)
