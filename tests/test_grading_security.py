"""The grader against cheating submissions: every attack is a fixture, its result asserted.

The target is a small instructor notebook in the course's format (built below, so that the
fifteen gradings take seconds, not minutes): exercise 0.1 (``standardize``) and 0.2
(``accuracy``) with visible and hidden tests, like notebook 00's. Each attack is the solution
cell of 0.1, as a student could write it; 0.2 is answered correctly (so the grader is seen to
still give the points that were earned) or wrongly, as the attack needs. ``test_coursework.py``
grades the real notebook 00. The defences are described in ``INSTRUCTORS.md``.
"""
import copy
import json
import os
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from labutils import coursework as cw
from labutils import sandbox

START = Path("grading_target.ipynb")
CHECKOUT = Path(cw.__file__).resolve().parents[1]
ROOT = os.geteuid() == 0
WRONG = "def standardize(x):\n    return np.asarray(x, dtype=float)\n"
WRONG_ACC = "def accuracy(y_true, y_pred):\n    return 0.5\n"
RIGHT_ACC = None  # keep the reference answer of 0.2
D = textwrap.dedent


def _meta(gid, solution=False, grade=False, points=0):
    m = {"nbgrader": {"schema_version": 3, "grade_id": gid, "solution": solution, "grade": grade,
                      "locked": not solution}}
    if grade:
        m["nbgrader"]["points"] = points
    return m


def _target() -> nbformat.NotebookNode:
    """The instructor notebook the attacks are graded against."""
    v4 = nbformat.v4
    cells = [
        v4.new_markdown_cell("# A target for the grader's tests"),
        v4.new_code_cell('MODE = "full"\nSEED = 0', metadata={"tags": ["parameters"]}),
        v4.new_code_cell("import numpy as np\nfrom labutils import checks"),
        v4.new_code_cell(D("""\
            def standardize(x):
                \"\"\"Return (x - column mean) / column std; constant columns become 0.\"\"\"
                x = np.asarray(x, dtype=np.float64)
                ### BEGIN SOLUTION
                std = x.std(axis=0)
                return (x - x.mean(axis=0)) / np.where(std == 0, 1.0, std)
                ### END SOLUTION"""), metadata=_meta("ex0_1_standardize", solution=True)),
        v4.new_code_cell(D("""\
            X_check = np.random.default_rng(1).normal(3.0, 2.0, size=(50, 4))
            expected = (X_check - X_check.mean(0)) / X_check.std(0)
            checks.assert_close(standardize(X_check), expected, rtol=1e-9, name="standardize")
            ### BEGIN HIDDEN TESTS
            X_const = np.column_stack([np.arange(6.0), np.full(6, 7.0)])
            secret_expected = np.column_stack([(np.arange(6.0) - 2.5) / np.arange(6.0).std(), np.zeros(6)])
            checks.assert_close(standardize(X_const), secret_expected, rtol=1e-9,
                                name="standardize with a constant column")
            ### END HIDDEN TESTS"""), metadata=_meta("ex0_1_standardize_test", grade=True, points=1)),
        v4.new_code_cell(D("""\
            def accuracy(y_true, y_pred):
                \"\"\"Fraction of equal labels; ValueError if the lengths differ.\"\"\"
                y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
                ### BEGIN SOLUTION
                if y_true.shape[0] != y_pred.shape[0]:
                    raise ValueError("different lengths")
                return float(np.mean(y_true == y_pred))
                ### END SOLUTION"""), metadata=_meta("ex0_2_accuracy", solution=True)),
        v4.new_code_cell(D("""\
            checks.assert_close(accuracy([0, 1, 2, 2], [0, 1, 1, 2]), 0.75, name="accuracy")
            ### BEGIN HIDDEN TESTS
            checks.assert_close(accuracy([1] * 7, [1] * 6 + [0]), 6 / 7, name="accuracy, 7 labels")
            ### END HIDDEN TESTS"""), metadata=_meta("ex0_2_accuracy_test", grade=True, points=1)),
    ]
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _submission(answers: dict[str, str | None]) -> nbformat.NotebookNode:
    """The instructor notebook with its solution cells replaced (None keeps the reference)."""
    nb = _target()
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers and answers[gid] is not None:
            cell.source = answers[gid]
    return nb


def _canary_paths(tmp: Path) -> dict[str, Path]:
    return {"checkout": CHECKOUT / "PWNED-by-a-submission", "host_tmp": tmp / "PWNED"}


ATTACKS = {
    # 1. replace every callable of labutils.checks, then answer wrong
    "patch_checks": {"ex0_1_standardize": D("""
        import labutils.checks as _c
        for _n in dir(_c):
            if callable(getattr(_c, _n)) and not _n.startswith("__"):
                setattr(_c, _n, lambda *a, **k: None)
        """) + WRONG, "ex0_2_accuracy": WRONG_ACC},
    # the same through numpy and builtins, which the checks call
    "patch_numpy": {"ex0_1_standardize": D("""
        import numpy
        numpy.allclose = lambda *a, **k: True
        numpy.isclose = lambda a, b, *r, **k: numpy.ones(numpy.shape(a), bool)
        numpy.testing.assert_allclose = lambda *a, **k: None
        """) + WRONG, "ex0_2_accuracy": RIGHT_ACC},
    "patch_builtins": {"ex0_1_standardize": D("""
        import builtins
        _real_abs = builtins.abs
        builtins.abs = lambda v: 0 * _real_abs(v)
        """) + WRONG, "ex0_2_accuracy": RIGHT_ACC},
    # exceptions swallowed by IPython's custom handler, or every later cell rewritten to `pass`
    "swallow_exceptions": {"ex0_1_standardize": D("""
        get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)
        """) + WRONG, "ex0_2_accuracy": WRONG_ACC},
    "rewrite_cells": {"ex0_1_standardize": D("""
        get_ipython().input_transformers_cleanup.append(lambda lines: ["pass\\n"])
        """) + WRONG, "ex0_2_accuracy": WRONG_ACC},
    # the checks replaced while the test runs (from inside the student's function), not restored
    "patch_in_flight": {"ex0_1_standardize": D("""
        def standardize(x):
            import sys
            sys._getframe(1).f_globals["checks"].assert_close = lambda *a, **k: None
            return np.asarray(x, dtype=float)
        """), "ex0_2_accuracy": RIGHT_ACC},
    # rebinding a name the test uses (`np`) to a fake whose assertions always pass
    "rebind_test_name": {"ex0_1_standardize": D("""
        import types, numpy
        np = types.SimpleNamespace(**{k: getattr(numpy, k) for k in dir(numpy) if not k.startswith("__")})
        np.asarray = lambda *a, **k: numpy.zeros((1,))
        """) + WRONG, "ex0_2_accuracy": RIGHT_ACC},
    # 2. forge a progress record in its folder, then end the kernel
    "forged_progress": {"ex0_1_standardize": D("""
        import json, os
        for name in ("progress.jsonl", "../progress.jsonl", "/tmp/progress.jsonl"):
            try:
                with open(name, "a") as f:
                    f.write(json.dumps({"grade_id": "ex0_1_standardize_test", "points": 5.0}) + "\\n")
            except OSError:
                pass
        os._exit(0)
        """), "ex0_2_accuracy": RIGHT_ACC},
    # 3. a shell command: who am I, can I write into the course checkout and the host's /tmp?
    "os_system": {"ex0_1_standardize": D("""
        def standardize(x):
            import subprocess
            out = subprocess.run(
                "id -u; touch {checkout} && echo WROTE-CHECKOUT; touch {host_tmp} && echo WROTE-TMP",
                shell=True, capture_output=True, text=True).stdout
            raise ValueError("shell: " + " ".join(out.split()))
        """), "ex0_2_accuracy": RIGHT_ACC},
    # 4. read the instructor notebook, the assembled notebook, other submissions; then use them
    "read_secrets": {"ex0_1_standardize": D("""
        def standardize(x):
            import glob, json
            found = []
            for pattern in {patterns}:
                for path in glob.glob(pattern, recursive=True):
                    try:
                        text = open(path).read()
                    except OSError:
                        continue
                    found.append(path)
                    if "BEGIN SOLUTION" in text:  # exploit: run the reference solution
                        for c in json.loads(text)["cells"]:
                            s = "".join(c["source"])
                            if s.startswith("def standardize"):
                                ns = {"np": np}
                                exec(s, ns)
                                return ns["standardize"](x)
            raise ValueError(f"readable={sorted(found)[:5]}")
        """), "ex0_2_accuracy": RIGHT_ACC},
    # 5. leak the hidden test's source through the failure message
    "leak_hidden_test": {"ex0_1_standardize": D("""
        def standardize(x):
            import inspect, sys
            raise AssertionError(inspect.getsource(sys._getframe(1)))
        """), "ex0_2_accuracy": RIGHT_ACC},
    # 6. the visible test's expected values as constants
    "hard_coded": {"ex0_1_standardize": D("""
        def standardize(x):
            from sklearn.preprocessing import StandardScaler
            X_check = np.random.default_rng(1).normal(3.0, 2.0, size=(50, 4))
            return StandardScaler().fit_transform(X_check)  # the visible test's expected value
        """), "ex0_2_accuracy": RIGHT_ACC},
    # honest limit (see INSTRUCTORS.md): a patch made and undone inside the student's function
    "self_restoring_patch": {"ex0_1_standardize": D("""
        def standardize(x):
            import numpy
            real = numpy.any
            def once(*a, **k):  # the check's next np.any() says "nothing is off", then it is gone
                numpy.any = real
                return False
            numpy.any = once
            return np.asarray(x, dtype=float)
        """), "ex0_2_accuracy": RIGHT_ACC},
}


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    """Grade every attack once (two at a time); returns {name: (result, canaries)}. The target
    uses no TensorFlow, so its kernels skip importing it (LABUTILS_NO_TF=1: seconds per grade)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("LABUTILS_NO_TF", "1")
    d = tmp_path_factory.mktemp("attacks")
    other = d / "another_student" / START.name  # another submission the attacker tries to read
    other.parent.mkdir()
    nbformat.write(_target(), str(other))
    canaries = _canary_paths(d)
    patterns = [str(CHECKOUT / "notebooks" / "*.ipynb"), "/tmp/grade-*/**/*.ipynb",
                str(d / "**" / "*.ipynb")]
    subs = {}
    for name, answers in ATTACKS.items():
        answers = {k: v if v is None else v.replace("{checkout}", str(canaries["checkout"]))
                   .replace("{host_tmp}", str(canaries["host_tmp"]))
                   .replace("{patterns}", repr(patterns)) for k, v in answers.items()}
        folder = d / name
        folder.mkdir()
        nbformat.write(_submission(answers), str(folder / START.name))
        subs[name] = folder / START.name
    source = d / START.name
    nbformat.write(_target(), str(source))
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {n: pool.submit(cw.grade, p, source=source, timeout=300)
                   for n, p in subs.items()}
        results = {n: f.result() for n, f in futures.items()}
    mp.undo()
    return results, canaries


def _ex(result, n):
    return result["exercises"][f"ex0_{n}_{'standardize' if n == 1 else 'accuracy'}_test"]


@pytest.mark.parametrize("name", ["patch_checks", "patch_numpy", "patch_builtins",
                                  "swallow_exceptions", "rewrite_cells", "patch_in_flight",
                                  "rebind_test_name"])
def test_modified_checks_score_zero_with_the_reason(attacked, name):
    r = attacked[0][name]
    ex = _ex(r, 1)
    assert ex["points"] == 0 and ex["status"] == "tampered", ex
    assert ex["message"].startswith("the checks were modified"), ex
    assert r["total"] == 0 and r["total"] <= r["max"]


def test_tamper_reason_names_what_changed(attacked):
    assert "labutils.checks.assert_close" in _ex(attacked[0]["patch_checks"], 1)["message"]
    assert "numpy.allclose" in _ex(attacked[0]["patch_numpy"], 1)["message"]
    assert "builtins.abs" in _ex(attacked[0]["patch_builtins"], 1)["message"]
    assert "custom_exceptions" in _ex(attacked[0]["swallow_exceptions"], 1)["message"]
    assert "transformers" in _ex(attacked[0]["rewrite_cells"], 1)["message"]
    assert "name np" in _ex(attacked[0]["rebind_test_name"], 1)["message"]


def test_forged_progress_file_counts_for_nothing(attacked):
    r = attacked[0]["forged_progress"]
    assert r["status"] == "crashed" and r["total"] == 0 <= r["max"]
    assert all(e["status"] == "not run" for e in r["exercises"].values())


def test_shell_commands_run_unprivileged_and_cannot_write_outside(attacked):
    r, canaries = attacked
    msg = _ex(r["os_system"], 1)["message"]
    assert msg.startswith("ValueError: shell: "), msg
    uid = int(msg.split()[2])
    if ROOT and r["os_system"]["isolation"].startswith("kernel as uid"):
        assert uid != 0 and uid in sandbox.UID_RANGE
    assert "WROTE" not in msg
    assert not any(p.exists() for p in canaries.values())
    assert _ex(r["os_system"], 2)["points"] == 1  # the grader still gives what was earned


def test_secrets_are_not_readable(attacked):
    r = attacked[0]["read_secrets"]
    ex = _ex(r, 1)
    assert ex["points"] == 0 and ex["message"] == "ValueError: readable=[]", ex


def test_hidden_test_source_does_not_leak_through_messages(attacked):
    ex = _ex(attacked[0]["leak_hidden_test"], 1)
    assert ex["points"] == 0
    assert "withheld" in ex["message"] and "X_const" not in ex["message"], ex


def test_visible_answers_as_constants_lose_the_points(attacked):
    ex = _ex(attacked[0]["hard_coded"], 1)
    assert ex["points"] == 0 and ex["status"] == "failed", ex
    assert "constant column" in ex["message"], ex  # the hidden test caught it, not the visible one


def test_limit_a_patch_undone_inside_the_call_is_not_caught(attacked):
    """INSTRUCTORS.md says so: evidence is taken between cells, and code in one process can undo
    its own change before the grader looks. This test keeps that statement true."""
    ex = _ex(attacked[0]["self_restoring_patch"], 1)
    assert ex["points"] == 1 and ex["status"] == "passed"


def test_every_result_stays_within_the_maximum(attacked):
    for r in attacked[0].values():
        assert 0 <= r["total"] <= r["max"]
        assert all(0 <= e["points"] <= e["max"] for e in r["exercises"].values())


# ------------------------------------------------------------------ messages (unit)
def test_safe_message_cuts_and_withholds():
    from labutils._integrity import MESSAGE_LIMIT, safe_message

    secret = "hidden = checks.assert_close(f(np.arange(7)), 42, name='the hidden one')"
    public = "y = checks.assert_close(f(np.arange(3)), 1, name='visible')"
    assert safe_message("AssertionError", "x" * 1000, secret, public).__len__() == MESSAGE_LIMIT
    leaked = safe_message("AssertionError", "look: " + secret, secret, public)
    assert "withheld" in leaked and "hidden one" not in leaked
    # text the student can see anyway is not withheld
    ok = safe_message("AssertionError", "failed in " + public, secret, public)
    assert ok.startswith("AssertionError: failed in y = checks.assert_close")
    # the test's own words (its string literals) are its message, even in a hidden test
    assert "withheld" not in safe_message("AssertionError", "the hidden one: got 3",
                                          secret + " name='the hidden one: got'", public,
                                          allowed=["the hidden one: got"])
    assert safe_message("Bad\nName: injected", "v", "", "") == "Bad: v"
    assert "\x1b" not in safe_message("E", "\x1b[31mred", "", "")


# ------------------------------------------------------------------ isolation modes
def test_plan_rejects_an_unknown_mode():
    with pytest.raises(ValueError, match="mode must be"):
        sandbox.plan([], mode="chroot")


def test_without_namespaces_the_report_says_what_is_missing(tmp_path):
    nb = _submission({"ex0_1_standardize": ATTACKS["os_system"]["ex0_1_standardize"]
                      .replace("{checkout}", str(tmp_path / "c")).replace("{host_tmp}", str(tmp_path / "t"))})
    p = tmp_path / START.name
    nbformat.write(nb, str(p))
    nbformat.write(_target(), str(tmp_path / "source.ipynb"))
    r = cw.grade(p, source=tmp_path / "source.ipynb", isolation="none", timeout=300)
    assert r["isolation_missing"] and "network" in " ".join(r["isolation_missing"])
    assert "WROTE-CHECKOUT" in _ex(r, 1)["message"]  # what 'none' means, shown
    assert r["total"] == 1
    (tmp_path / "t").unlink(missing_ok=True)
    (tmp_path / "c").unlink(missing_ok=True)


@pytest.mark.skipif(not sandbox._runs(["unshare", "--user", "--map-root-user", "true"]),
                    reason="this machine allows no user namespaces")
def test_user_namespace_mode_hides_the_checkout(tmp_path):
    patterns = [str(CHECKOUT / "notebooks" / "*.ipynb"), str(CHECKOUT / "*.md")]
    nb = _submission({"ex0_1_standardize": ATTACKS["read_secrets"]["ex0_1_standardize"]
                      .replace("{patterns}", repr(patterns))})
    p = tmp_path / START.name
    nbformat.write(nb, str(p))
    nbformat.write(_target(), str(tmp_path / "source.ipynb"))
    r = cw.grade(p, source=tmp_path / "source.ipynb", isolation="userns", timeout=300)
    assert r["isolation"].startswith("kernel in a user namespace")
    assert _ex(r, 1)["message"] == "ValueError: readable=[]" and r["total"] == 1


def test_result_json_has_the_isolation(attacked):
    r = attacked[0]["patch_checks"]
    json.dumps(r)
    assert {"isolation", "isolation_missing"} <= set(r)
    assert copy.deepcopy(r) == r
