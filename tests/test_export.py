"""What a chapter teaches is written once: labutils/taught.py is generated from the cells tagged
'export', and no function or class is defined in two notebooks unless writing it again is the
lesson (listed below with the reason, and said in the text)."""
import nbformat
import pytest

from labutils import export, style
from labutils.runner import available

NOTEBOOKS = available()
#: name -> why a second notebook writes it again (the text of that notebook says so too).
REDEFINED_ON_PURPOSE: dict[str, str] = {}


def test_the_module_is_generated_from_the_notebooks():
    assert export.MODULE.read_text() == export.generate(NOTEBOOKS), (
        "labutils/taught.py differs from the cells tagged 'export': run python -m labutils export")


def test_exported_cells_only_define():
    assert export.problems(NOTEBOOKS) == []


def test_the_module_imports():
    import importlib

    import labutils.taught

    importlib.reload(labutils.taught)
    for name in export.exported_names(NOTEBOOKS):
        assert hasattr(labutils.taught, name), name


def test_nothing_is_defined_in_two_notebooks_unless_that_is_the_lesson():
    dup = {n: v for n, v in style.duplicated_definitions(NOTEBOOKS).items() if n not in REDEFINED_ON_PURPOSE}
    assert not dup, ("defined in more than one notebook (import it from labutils.taught, rename it, or list "
                     f"it in REDEFINED_ON_PURPOSE with the reason): {dup}")


def test_an_exported_cell_that_runs_something_is_refused(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("def f():\n    return 1\nprint(f())")])
    nb.cells[0].metadata["tags"] = ["export"]
    p = tmp_path / "99_x.ipynb"
    nbformat.write(nb, str(p))
    assert export.problems([p]) and "found Expr" in export.problems([p])[0]
    with pytest.raises(ValueError, match="must only define"):
        export.write([p], tmp_path / "taught.py")
