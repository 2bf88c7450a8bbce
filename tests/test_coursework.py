"""Coursework: the exercise format, the student build, and the grader on untrusted submissions."""
import ast
import copy
import csv
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from labutils import coursework as cw
from labutils.__main__ import main
from labutils.runner import available

ALL = available()
WITH_EXERCISES = cw.notebooks_with_exercises()
START = Path(cw.NOTEBOOK_DIR) / "00_start_here.ipynb"


def _read(p):
    return nbformat.read(str(p), as_version=4)


# ------------------------------------------------------------------ the format (static)
@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_enough_graded_exercises(path):
    nb = _read(path)
    graded = [c for c in nb.cells if cw.is_test(c) or cw.is_manual(c)]
    need = 2 if path.stem.startswith("00") else 3  # 00: two warm-ups; chapters: implement, derive, experiment
    assert len(cw.exercises(nb)) >= min(need, 2) and len(graded) >= need, f"{path.name}: {len(graded)} graded cells"


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.stem)
def test_exercise_cells_follow_the_format(path):
    nb = _read(path)
    ids = [c.metadata.nbgrader["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids)), "grade_id values must be unique"
    for c in nb.cells:
        m = c.metadata.get("nbgrader")
        if not m:
            assert "BEGIN SOLUTION" not in c.source and "BEGIN HIDDEN TESTS" not in c.source
            continue
        assert m["schema_version"] == 3 and {"solution", "grade", "locked", "grade_id"} <= set(m)
        if cw.is_solution(c):
            assert "### BEGIN SOLUTION" in c.source and "### END SOLUTION" in c.source, m["grade_id"]
            if c.cell_type == "code":
                line = next(l for l in c.source.splitlines() if "### BEGIN SOLUTION" in l)
                assert line.startswith((" ", "\t")), f"{m['grade_id']}: put the solution inside a function body"
        if cw.is_test(c):
            assert m["locked"] and m["points"] > 0
            assert "checks." in c.source, f"{m['grade_id']}: test cells check with labutils.checks"


def _last_statement_is_harmless(source):
    """nbgrader reads a number left as a test cell's value as partial credit."""
    body = ast.parse(source).body
    if not body or not isinstance(body[-1], ast.Expr):
        return True
    v = body[-1].value
    # allowed: labutils.checks.*, print, and a notebook's own check helpers named _check_* (returning None)
    return isinstance(v, ast.Call) and (
        (isinstance(v.func, ast.Attribute) and isinstance(v.func.value, ast.Name) and v.func.value.id == "checks")
        or (isinstance(v.func, ast.Name) and (v.func.id == "print" or v.func.id.startswith("_check_"))))


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.stem)
def test_test_cells_end_without_a_value(path):
    for nb in (_read(path), cw.release_notebook(path)):
        for c in nb.cells:
            if cw.is_test(c):
                assert _last_statement_is_harmless(c.source), f"{c.metadata.nbgrader.grade_id} ends with a bare expression"


def test_last_statement_rule_can_fail():
    assert not _last_statement_is_harmless("x = 1\nx")
    assert not _last_statement_is_harmless("np.mean([1])")
    assert not _last_statement_is_harmless("compute_something(a)")
    assert _last_statement_is_harmless("checks.assert_close(a, b)")
    assert _last_statement_is_harmless("_check_adam(0.1, 5, 3)")


# ------------------------------------------------------------------ the student build
@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.stem)
def test_release_removes_solutions_and_hidden_tests(path, tmp_path):
    (out,) = cw.release([path], tmp_path)
    nb, src = _read(out), _read(path)
    text = "\n".join(c.source for c in nb.cells)
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    assert cw.exercises(nb) == cw.exercises(src)
    for c in nb.cells:
        if c.cell_type == "code":
            assert not c.outputs
        if cw.is_solution(c) and c.cell_type == "code":
            assert "Not implemented yet" in c.source
        if cw.is_test(c):
            assert c.metadata.get("editable") is False and c.metadata.get("deletable") is False
            assert cw.RAISES_TAG in c.metadata.tags


# ------------------------------------------------------------------ grading untrusted submissions
def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _with_answer(nb, grade_id, body):
    cell = _cell(nb, grade_id)
    head = cell.source.split("# YOUR CODE HERE")[0]
    cell.source = head + body
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade every fixture once, two at a time; returns {fixture name: result}."""
    d = tmp_path_factory.mktemp("submissions")
    student = cw.release_notebook(START)
    solution_1 = _cell(_read(START), "ex0_1_standardize").source
    subs = {}

    def save(name, nb):
        folder = d / name
        folder.mkdir()
        nbformat.write(nb, str(folder / START.name))
        subs[name] = folder / START.name

    save("untouched", copy.deepcopy(student))
    save("solution", _read(START))
    partial = copy.deepcopy(student)
    _cell(partial, "ex0_1_standardize").source = solution_1
    save("partial", partial)
    cheat = copy.deepcopy(student)
    for c in cheat.cells:
        if cw.is_test(c):
            c.source = "pass"
    save("tests_replaced_by_pass", cheat)
    cheat2 = copy.deepcopy(partial)
    _cell(cheat2, "ex0_2_accuracy_test").source = "pass"
    save("partial_and_a_test_replaced", cheat2)
    deleted = copy.deepcopy(student)
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "ex0_1_standardize"]
    save("solution_cell_deleted", deleted)
    save("infinite_loop", _with_answer(copy.deepcopy(partial), "ex0_2_accuracy", "while True:\n        pass\n"))
    save("kernel_crash", _with_answer(copy.deepcopy(partial), "ex0_2_accuracy", "import os\n    os._exit(3)\n"))
    save("huge_allocation", _with_answer(copy.deepcopy(partial), "ex0_2_accuracy",
                                         "big = np.ones(int(8e9) // 8)\n    return float(big.sum())\n"))
    (d / "garbage").mkdir()
    (d / "garbage" / START.name).write_text("this is not a notebook")
    subs["garbage"] = d / "garbage" / START.name

    limits = {"infinite_loop": {"timeout": 45}, "huge_allocation": {"memory_gb": 3}}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {n: pool.submit(cw.grade, p, **limits.get(n, {})) for n, p in subs.items()}
        return {n: f.result() for n, f in futures.items()}


def test_untouched_student_notebook_scores_zero(graded):
    r = graded["untouched"]
    assert r["status"] == "ok" and r["total"] == 0 and r["max"] == 2
    assert all("Not implemented yet" in e["message"] for e in r["exercises"].values())
    assert r["manual"] == {"ex0_3_smoke_answer": {"max": 1.0, "status": "needs manual grading"}}


def test_solution_scores_full_points(graded):
    r = graded["solution"]
    assert r["status"] == "ok" and r["total"] == r["max"] == 2
    assert all(e["status"] == "passed" for e in r["exercises"].values())


def test_partly_solved_scores_partial_points(graded):
    r = graded["partial"]
    assert r["total"] == 1
    assert r["exercises"]["ex0_1_standardize_test"]["points"] == 1
    assert r["exercises"]["ex0_2_accuracy_test"]["points"] == 0


def test_replacing_tests_with_pass_gains_nothing(graded):
    assert graded["tests_replaced_by_pass"]["total"] == 0
    r = graded["partial_and_a_test_replaced"]
    assert r["total"] == 1 and r["exercises"]["ex0_2_accuracy_test"]["status"] == "failed"


def test_deleted_solution_cell_gets_the_stub(graded):
    r = graded["solution_cell_deleted"]
    assert r["status"] == "ok" and r["total"] == 0


def test_infinite_loop_times_out_and_keeps_earned_points(graded):
    r = graded["infinite_loop"]
    assert r["status"] == "timeout" and "45 s time limit" in r["reason"]
    assert r["total"] == 1 and r["exercises"]["ex0_2_accuracy_test"]["status"] == "not run"
    assert r["seconds"] < 45 + 20


def test_kernel_crash_is_reported(graded):
    r = graded["kernel_crash"]
    assert r["status"] == "crashed" and "kernel died" in r["reason"] and r["total"] == 1


def test_huge_allocation_is_stopped(graded):
    r = graded["huge_allocation"]
    assert r["total"] == 1
    if r["status"] == "ok":  # numpy may refuse the allocation itself: then the check fails cleanly
        assert "MemoryError" in r["exercises"]["ex0_2_accuracy_test"]["message"]
    else:
        assert r["status"] == "memory" and "memory limit" in r["reason"]


def test_unreadable_submission(graded):
    r = graded["garbage"]
    assert r["status"] == "invalid" and r["total"] == 0 and r["max"] == 2


def test_cli_batch_writes_csv_and_json(tmp_path, graded, monkeypatch):
    folder = tmp_path / "class"
    for name in ("untouched", "garbage"):
        (folder / name).mkdir(parents=True)
    nbformat.write(cw.release_notebook(START), str(folder / "untouched" / START.name))
    (folder / "garbage" / START.name).write_text("{}")
    assert main(["grade", str(folder), "--json", str(tmp_path / "r.json")]) == 0
    rows = list(csv.DictReader(open(folder / "grades.csv")))
    assert [r["status"] for r in rows] == ["invalid", "ok"]
    assert rows[1]["total"] == "0.0" and rows[1]["max"] == "2.0" and rows[1]["ex0_1_standardize_test"] == "0.0"
    results = json.loads((tmp_path / "r.json").read_text())
    assert {"total", "max", "exercises"} <= set(results[1])


def test_grade_refuses_an_unknown_notebook(tmp_path):
    p = tmp_path / "homework.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), str(p))
    with pytest.raises(ValueError, match="cannot tell which notebook 'homework.ipynb' answers"):
        cw.grade(p)


# ------------------------------------------------------------------ the nbgrader route
def test_nbgrader_generate_and_autograde(tmp_path, monkeypatch):
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    shutil.copy(root / "coursework" / "nbgrader_config.py", tmp_path)
    (tmp_path / "source" / "ps00").mkdir(parents=True)
    shutil.copy(START, tmp_path / "source" / "ps00")
    nbgrader = [sys.executable, "-m", "nbgrader"]
    import os

    # nbgrader runs the `alembic` command: the venv's bin must be on PATH, as when it is activated
    env = {**os.environ, "LABUTILS_MODE": "smoke",
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    run = lambda *a: subprocess.run([*nbgrader, *a], cwd=tmp_path, env=env, check=True, capture_output=True)  # noqa: E731
    run("generate_assignment", "ps00", "--force")
    released = _read(tmp_path / "release" / "ps00" / START.name)
    assert "BEGIN SOLUTION" not in "\n".join(c.source for c in released.cells)
    run("db", "student", "add", "alice")
    (tmp_path / "submitted" / "alice" / "ps00").mkdir(parents=True)
    shutil.copy(START, tmp_path / "submitted" / "alice" / "ps00")
    run("autograde", "ps00")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        grades = {g.name: g.score for nb in gb.find_submission("ps00", "alice").notebooks for g in nb.grades}
    assert grades["ex0_1_standardize_test"] == 1 and grades["ex0_2_accuracy_test"] == 1


def test_cells_using_a_student_function_are_tagged_in_the_student_build(tmp_path):
    """A source cell tagged uses-exercise (it calls a student's function outside the tests)
    becomes raises-exception in the student build, so the notebook still runs to the end."""
    nb = _read(START)
    user = nbformat.v4.new_code_cell("print(accuracy([1, 2], [1, 2]))")
    user.metadata["tags"] = [cw.USES_EXERCISE_TAG]
    nb.cells.insert(len(nb.cells) - 1, user)
    src = tmp_path / START.name
    nbformat.write(nb, str(src))
    released = cw.release_notebook(src)
    tagged = [c for c in released.cells if c.source == user.source]
    assert len(tagged) == 1 and cw.RAISES_TAG in tagged[0].metadata.tags
    plain = [c for c in released.cells if c.cell_type == "code" and not cw.is_test(c)
             and cw.USES_EXERCISE_TAG not in c.metadata.get("tags", [])]
    assert all(cw.RAISES_TAG not in c.metadata.get("tags", []) for c in plain)
