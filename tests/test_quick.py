"""make test-quick selects the notebook tests that a change touches."""
import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location("quick", Path(__file__).with_name("quick.py"))
quick = importlib.util.module_from_spec(spec)
spec.loader.exec_module(quick)


def test_a_changed_notebook_or_mutant_selects_its_chapter():
    modules, stems = quick.select(["notebooks/05_keras_fundamentals.ipynb", "tests/mutants/m07.py", "README.md"])
    assert stems == ["05_keras_fundamentals", "07_rnn_lab"] and modules == []


def test_labutils_changes_select_their_tests():
    modules, stems = quick.select(["labutils/sandbox.py", "labutils/datasets/_cache.py", "labutils/checks.py",
                                   "tests/test_real_digits.py"])
    assert stems == [] and modules == ["tests/test_coursework.py", "tests/test_grading_security.py",
                                       "tests/test_online_path.py", "tests/test_real_digits.py"]


def test_changed_files_include_untracked_ones(tmp_path):
    names = quick.changed_files()
    assert isinstance(names, list) and all(isinstance(n, str) for n in names)
