"""The reference solution of every notebook scores full points under the grader, and the hidden
tests catch hard-coding, plausible wrong answers and the student build's stub.

One graded run per notebook: the grader (``labutils.grade``, smoke mode, the sandboxed kernel)
grades the instructor's notebook, instrumented with the cells below, as a submission, in the
configuration an instructor meets most: ``LABUTILS_OFFLINE`` unset, no real data cached, every
download refused (a closed port on 127.0.0.1) and the data cache read-only. It must score full
points with no error in any of the course's own cells. (``tests/test_grading_data.py`` adds
``LABUTILS_OFFLINE=1`` for the notebooks that download.)

Hard-coding: for every exercise, a submission that answers the visible test from a table of the
reference solution's answers (keyed by the call's arguments: the strongest form of "returning the
visible test's expected values as constants") passes the visible test and loses the exercise's
points on the whole test cell.

Mutants: ``tests/mutants/<NN>.py`` holds, for every graded exercise, at least three plausible
wrong answers (a missing factor, a transposed shape, the neighbouring formula, a constant tuned
to the visible test, ...). Each is run in place of the solution and the whole test cell must
fail on it, with an assertion or an error the wrong answer itself causes (not a NameError or
SyntaxError of a broken mutant). Whether the visible part alone catches it is reported. The
student build's stub (the solution cell as ``make student`` releases it) is one more: every graded
check fails on it, with its ``NotImplementedError`` or an assertion.

Before each test cell the reference solution's functions are wrapped to record their answers
while the visible part of the test runs; then they are replaced by the lookup, the visible part
runs again (it must pass: the hard-coded submission is a real threat) and the whole test cell runs
(it must fail); then the reference solution is restored for the rest of the notebook.
"""
import os
import re
import runpy
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from labutils import coursework as cw
from labutils.kernels import AsyncIPCKernelManager as IPC
from labutils.runner import inject_parameters
from test_grading_data import grade_under

WITH_EXERCISES = cw.notebooks_with_exercises()
HELPER = (Path(__file__).parent / "_hardcode.py").read_text()
MUTANTS_DIR = Path(__file__).parent / "mutants"
#: A test that fails a mutant with one of these did not judge it: the mutant is broken.
NOT_A_VERDICT = {"NameError", "SyntaxError", "IndentationError", "NotImplementedError",
                 "ImportError", "ModuleNotFoundError"}
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", re.S)
#: Exercises whose answer is a side effect or an object the lookup cannot return: the table of
#: answers fails their visible test already (asserted below), so hard-coding cannot win there.
NOT_HARD_CODABLE = {
    "ex5_2_tape_step_test": "its answer is the update of the model's weights, not the loss returned",
    "ex7_2_gru_step_test": "the visible test draws new GRU weights every time it runs",
}


def _functions(source: str) -> list[str]:
    return re.findall(r"^def (\w+)", source, re.M)


def mutants(stem: str) -> dict[str, dict[str, str]]:
    """grade_id of a test cell -> {description of the wrong answer: its source}."""
    path = MUTANTS_DIR / f"m{stem[:2]}.py"
    return runpy.run_path(str(path))["MUTANTS"] if path.exists() else {}


def _cell(source: str, kind: str, gid: str, mutant: str = "") -> nbformat.NotebookNode:
    c = nbformat.v4.new_code_cell(source)
    c.metadata["hardcode"] = {"kind": kind, "gid": gid, "mutant": mutant}
    return c


STUB = "the student build's stub"


def _instrumented(path: Path, wrong: dict[str, dict[str, str]] | None = None, inject: bool = True
                  ) -> tuple[nbformat.NotebookNode, dict[str, list[str]]]:
    nb = nbformat.read(str(path), as_version=4)
    if inject:  # the grader injects MODE itself
        nb = inject_parameters(nb, {"MODE": "smoke"})
    stubs = {c.metadata.nbgrader.grade_id: c.source for c in cw.release_notebook(path).cells
             if cw.is_solution(c) and c.cell_type == "code"}
    functions: dict[str, list[str]] = {}
    cells = [_cell(HELPER, "helper", "")]
    last_solution: list[str] = []
    solution_source = stub_source = ""
    wrong = mutants(path.stem) if wrong is None else wrong
    for c in nb.cells:
        if cw.is_solution(c) and c.cell_type == "code":
            last_solution = _functions(c.source)
            # the markers go: nbgrader refuses solution regions outside solution cells
            solution_source = re.sub(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", "", c.source, flags=re.M)
            stub_source = stubs.get(c.metadata.nbgrader.grade_id, "")
        if not cw.is_test(c):
            cells.append(c)
            continue
        cells.append(c)
        gid = c.metadata.nbgrader.grade_id
        names = functions[gid] = last_solution
        visible = HIDDEN.sub("", c.source)
        assert visible != c.source, f"{gid} has no hidden tests"
        # the whole test, hidden part included, without the markers (nbgrader allows those only
        # in graded cells)
        whole = re.sub(r"^[ \t]*### (BEGIN|END) HIDDEN TESTS[ \t]*\n?", "", c.source, flags=re.M)
        cells += [
            _cell(f"HARD_CODER.record(globals(), {names!r})", "record", gid),
            _cell(visible, "visible_solution", gid),
            _cell(f"HARD_CODER.hard_code(globals(), {names!r})\n"
                  f"print(HARD_CODER.calls({names!r}))", "hard_code", gid),
            _cell(visible, "visible_hard_coded", gid),
            _cell(whole, "full_hard_coded", gid),
            _cell(f"HARD_CODER.restore(globals(), {names!r})", "restore", gid),
        ]
        for name, source in {**wrong.get(gid, {}), **({STUB: stub_source} if stub_source else {})}.items():
            cells += [
                _cell(source, "mutant_def", gid, name),
                _cell(visible, "mutant_visible", gid, name),
                _cell(whole, "mutant_full", gid, name),
                _cell(solution_source, "mutant_restore", gid, name),
            ]
    nb.cells = cells
    return nb, functions


def _failed(cell) -> bool:
    return any(o.output_type == "error" for o in cell.outputs)


#: Kinds of instrumentation cells that may fail (they run a wrong answer, or its test).
MAY_FAIL = {"visible_hard_coded", "full_hard_coded", "mutant_visible", "mutant_full"}


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.stem)
def test_reference_scores_full_points_and_wrong_answers_lose_them(path, tmp_path, monkeypatch, grader_cache):
    inst, functions = _instrumented(path, inject=False)
    source = tmp_path / path.name
    nbformat.write(inst, str(source))
    executed: list = []
    r = grade_under(path, grader_cache, monkeypatch, offline=False, read_only=True, source=source,
                    executed=executed)
    lost = {g: e["message"] for g, e in r["exercises"].items() if e["status"] != "passed"}
    assert r["status"] == "ok" and r["total"] == r["max"] > 0, (r["status"], r["reason"], lost)
    course = [e for e in r["course_errors"] if "hardcode" not in inst.cells[e["cell"]].metadata]
    assert not course, f"the course's own cells failed: {course}"
    assert not r["cache_changed"], "grading wrote into the data cache"
    by = _by_kind(executed[0])
    problems = []
    for gid, names in functions.items():
        assert names, f"{gid}: its solution cell defines no function"
        for kind in ("record", "hard_code", "restore", "visible_solution"):
            assert not _failed(by[gid, kind, ""]), (gid, kind, by[gid, kind, ""].outputs)
        calls = int(by[gid, "hard_code", ""].outputs[0].text.strip())
        assert calls > 0, f"{gid}: the visible test never called {names}"
        visible_passes = not _failed(by[gid, "visible_hard_coded", ""])
        if not _failed(by[gid, "full_hard_coded", ""]):
            problems.append(f"{gid}: a table of the visible test's answers passes the hidden tests")
        if visible_passes == (gid in NOT_HARD_CODABLE):
            problems.append(f"{gid}: the table of answers {'passes' if visible_passes else 'fails'}"
                            " the visible test; NOT_HARD_CODABLE says otherwise")
        if (gid, "mutant_full", STUB) not in by:
            problems.append(f"{gid}: the student build has no stub for it")
    mutant_problems, report = _judge_mutants(by)
    assert not problems + mutant_problems, "\n".join(problems + mutant_problems)
    print("\n".join(report))
    if os.environ.get("MUTANT_REPORT_DIR"):  # for the closing note: which part caught what
        Path(os.environ["MUTANT_REPORT_DIR"], path.stem + ".txt").write_text("\n".join(report))


def _by_kind(nb) -> dict[tuple[str, str, str], nbformat.NotebookNode]:
    return {(c.metadata["hardcode"]["gid"], c.metadata["hardcode"]["kind"],
             c.metadata["hardcode"]["mutant"]): c for c in nb.cells if "hardcode" in c.metadata}


def _judge_mutants(by) -> tuple[list[str], list[str]]:
    """Problems (a wrong answer that passes, a broken mutant) and which part caught each."""
    problems = []
    for (gid, kind, name), cell in by.items():
        if kind in ("mutant_def", "mutant_restore") and _failed(cell):
            problems.append(f"{gid}, mutant {name!r}: {kind} raised {_error(cell)}")
        if kind == "mutant_full":
            err = _error(cell)
            if err is None:
                problems.append(f"{gid}: the wrong answer {name!r} passes the whole test cell")
            elif name == STUB:
                if err[0] not in ("NotImplementedError", "AssertionError"):
                    problems.append(f"{gid}: on the stub the test fails with {err[0]}, not for the stub's reason")
            elif err[0] in NOT_A_VERDICT:
                problems.append(f"{gid}: the mutant {name!r} is broken ({err[0]}: {err[1]})")
    report = [f"{gid}: {name!r} caught by the "
              + ("visible test" if _failed(by[gid, "mutant_visible", name]) else "hidden tests only")
              for (gid, kind, name) in by if kind == "mutant_full" and name != STUB
              and (_error(by[gid, kind, name]) or ("",))[0] not in NOT_A_VERDICT | {""}]
    return problems, report


def test_the_mutant_check_can_fail(tmp_path):
    """On a one-exercise notebook: a 'mutant' that is right after all, and a broken one, are
    reported; a wrong answer tuned to the visible test is caught by the hidden tests only."""
    def meta(gid, **kw):
        return {"nbgrader": {"grade_id": gid, "schema_version": 3, "task": False, **kw}}

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('MODE = "full"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n"
                                  "    ### END SOLUTION",
                                  metadata=meta("ex_double", solution=True, grade=False,
                                                locked=False)),
        nbformat.v4.new_code_cell("assert double(3) == 6\n### BEGIN HIDDEN TESTS\n"
                                  "assert double(5) == 10\n### END HIDDEN TESTS",
                                  metadata=meta("ex_double_test", solution=False, grade=True,
                                                locked=True, points=1)),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                "language": "python"}})
    path = tmp_path / "toy.ipynb"
    nbformat.write(nb, str(path))
    wrong = {"ex_double_test": {
        "right after all": "def double(x):\n    return x + x",
        "broken": "def double(x):\n    return undefined_name",
        "tuned to the visible test": "def double(x):\n    return 6 if x == 3 else 0",
    }}
    inst, _ = _instrumented(path, wrong)
    NotebookClient(inst, kernel_name="python3", timeout=120, allow_errors=True, kernel_manager_class=IPC,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    problems, report = _judge_mutants(_by_kind(inst))
    assert problems == [
        "ex_double_test: the wrong answer 'right after all' passes the whole test cell",
        "ex_double_test: the mutant 'broken' is broken (NameError: name 'undefined_name' is not"
        " defined)"], problems
    assert report == ["ex_double_test: 'tuned to the visible test' caught by the hidden tests only"]


def _error(cell) -> tuple[str, str] | None:
    errs = [o for o in cell.outputs if o.output_type == "error"]
    return (errs[0].ename, errs[0].evalue[:300]) if errs else None


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.stem)
def test_every_graded_exercise_has_three_mutants(path):
    """Three plausible wrong answers per graded exercise, each different from the solution."""
    nb = nbformat.read(str(path), as_version=4)
    wrong = mutants(path.stem)
    graded = [c.metadata.nbgrader.grade_id for c in nb.cells if cw.is_test(c)]
    missing = {gid: len(wrong.get(gid, {})) for gid in graded if len(wrong.get(gid, {})) < 3}
    assert not missing, f"{path.stem}: fewer than three mutants (grade_id: count): {missing}"
    assert not set(wrong) - set(graded), f"mutants for unknown exercises: {set(wrong) - set(graded)}"
    solutions = [c.source for c in nb.cells if cw.is_solution(c) and c.cell_type == "code"]
    norm = lambda t: re.sub(r"\s+|#.*", "", t)  # noqa: E731
    for gid, table in wrong.items():
        for name, source in table.items():
            assert norm(source) not in map(norm, solutions), f"{gid}: {name!r} is the solution"
            assert _functions(source), f"{gid}: {name!r} defines no function"


def test_the_stub_check_can_fail():
    """A test cell that passes on the student build's stub, or fails there for another reason
    than the stub's, is reported."""
    def cell(error=None):
        c = nbformat.v4.new_code_cell("x")
        if error:
            c.outputs = [nbformat.v4.new_output("error", ename=error, evalue="e", traceback=[])]
        return c

    for error, expected in [(None, "passes the whole test cell"), ("TypeError", "not for the stub's reason")]:
        by = {("ex", "mutant_def", STUB): cell(), ("ex", "mutant_visible", STUB): cell(error),
              ("ex", "mutant_full", STUB): cell(error), ("ex", "mutant_restore", STUB): cell()}
        problems, _ = _judge_mutants(by)
        assert len(problems) == 1 and expected in problems[0], problems
    by = {("ex", "mutant_full", STUB): cell("NotImplementedError")}
    assert _judge_mutants(by) == ([], [])
