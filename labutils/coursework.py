"""Coursework: student releases and headless grading without nbgrader's database.

Exercises use nbgrader's format (cell metadata schema 3, ``### BEGIN/END SOLUTION``,
``### BEGIN/END HIDDEN TESTS``), so instructors can also use nbgrader itself (see
``INSTRUCTORS.md``). Used through ``python -m labutils release`` and ``python -m labutils grade``.

- :func:`release` builds student versions with nbgrader's preprocessors through nbconvert:
  solutions become a friendly ``NotImplementedError`` stub, hidden tests are removed, outputs
  cleared, test cells locked, and cells that call a student's function are tagged
  ``raises-exception`` so the student notebook runs to the end headlessly.
- :func:`grade` grades an untrusted submission: the instructor's notebook is rebuilt with the
  student's answers in its solution cells (so edited or deleted tests are restored, hidden tests
  included), then executed in its own process and folder under a wall-clock and memory limit.
  Each test cell is scored as nbgrader scores it (``nbgrader.utils.determine_grade``).
"""
from __future__ import annotations

import copy
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable

import nbformat
from nbformat import NotebookNode

from labutils.runner import NOTEBOOK_DIR, available

#: What a student sees in place of a solution: it fails only when called.
CODE_STUB = ('# YOUR CODE HERE\n'
             'raise NotImplementedError("Not implemented yet: replace this line with your solution, '
             'then run the test cell below.")')
TEXT_STUB = "YOUR ANSWER HERE"
#: Tag, in the source notebooks, of non-test cells that call a student's function.
USES_EXERCISE_TAG = "uses-exercise"
RAISES_TAG = "raises-exception"


# --------------------------------------------------------------------- cell kinds
def _nbg(cell: NotebookNode) -> dict[str, Any]:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_solution(cell: NotebookNode) -> bool:
    return bool(_nbg(cell).get("solution"))


def is_test(cell: NotebookNode) -> bool:
    """An autograded test cell: graded code that is not itself a solution."""
    m = _nbg(cell)
    return cell.cell_type == "code" and bool(m.get("grade")) and not m.get("solution")


def is_manual(cell: NotebookNode) -> bool:
    """A manually graded answer (e.g. a derivation in markdown)."""
    m = _nbg(cell)
    return bool(m.get("grade")) and bool(m.get("solution"))


def exercises(nb: NotebookNode) -> dict[str, float]:
    """``{grade_id: points}`` of the autograded test cells, in notebook order."""
    return {_nbg(c)["grade_id"]: float(_nbg(c).get("points", 0)) for c in nb.cells if is_test(c)}


def notebooks_with_exercises(nb_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    return [p for p in available(nb_dir) if exercises(nbformat.read(str(p), as_version=4))]


# --------------------------------------------------------------------- release
def _tag_for_students(nb: NotebookNode) -> NotebookNode:
    """Test cells and cells that use a student's function may raise in the student build."""
    for cell in nb.cells:
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if (is_test(cell) or USES_EXERCISE_TAG in tags) and RAISES_TAG not in tags:
            tags.append(RAISES_TAG)
    return nb


def release_notebook(source: Path) -> NotebookNode:
    """The student version of one notebook, built with nbgrader's preprocessors via nbconvert."""
    from nbconvert.exporters import NotebookExporter
    from nbgrader.preprocessors import (CheckCellMetadata, ClearHiddenTests, ClearOutput,
                                        ClearSolutions, ComputeChecksums, LockCells)

    exporter = NotebookExporter()
    for pp in (CheckCellMetadata(), ClearSolutions(code_stub={"python": CODE_STUB}, text_stub=TEXT_STUB),
               ClearHiddenTests(), ClearOutput(), LockCells(), ComputeChecksums()):
        exporter.register_preprocessor(pp, enabled=True)
    body, _ = exporter.from_filename(str(source))
    return _tag_for_students(nbformat.reads(body, as_version=4))


def release(notebooks: Iterable[Path], out_dir: Path | str = "release") -> list[Path]:
    """Write the student versions of ``notebooks`` into ``out_dir``; returns their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for src in notebooks:
        target = out_dir / Path(src).name
        nbformat.write(release_notebook(Path(src)), str(target))
        written.append(target)
    return written


# --------------------------------------------------------------------- grading
def _source_for(submission: Path, source: Path | str | None) -> Path:
    from labutils.runner import resolve

    if source is not None:
        return resolve([str(source)])[0]
    stem = submission.stem
    for p in available():
        if p.stem == stem:
            return p
    raise ValueError(f"cannot tell which notebook {submission.name!r} answers; name it like "
                     f"{[p.name for p in available()]} or pass --source")


def assemble(source_nb: NotebookNode, submission_nb: NotebookNode, mode: str) -> NotebookNode:
    """The instructor's notebook with the student's answers in its solution cells.

    Every other cell (tests, hidden tests, set-up) comes from the instructor's version. A
    solution cell the student deleted gets the stub back.
    """
    from labutils.runner import inject_parameters

    answers = {_nbg(c).get("grade_id"): c.source for c in submission_nb.cells if is_solution(c)}
    nb = copy.deepcopy(source_nb)
    for cell in nb.cells:
        if is_solution(cell):
            gid = _nbg(cell)["grade_id"]
            cell.source = answers.get(gid, CODE_STUB if cell.cell_type == "code" else TEXT_STUB)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return inject_parameters(nb, {"MODE": mode})


def _kill_tree(pid: int) -> None:
    import psutil

    try:
        root = psutil.Process(pid)
        procs = root.children(recursive=True) + [root]
    except psutil.NoSuchProcess:
        return
    for p in procs:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=5)


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root] + root.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def grade(submission: Path | str, source: Path | str | None = None, mode: str = "smoke",
          timeout: float = 600.0, memory_gb: float = 8.0) -> dict[str, Any]:
    """Grade one submission; never raises for anything the submission does.

    Returns ``{"submission", "notebook", "status", "reason", "seconds", "total", "max",
    "exercises": {grade_id: {"points", "max", "status", "message"}}, "manual": {...}}``.
    ``status`` is ``ok``, ``timeout``, ``memory``, ``crashed`` or ``invalid``.
    """
    submission = Path(submission)
    src_path = _source_for(submission, source)
    src_nb = nbformat.read(str(src_path), as_version=4)
    graded = exercises(src_nb)
    result: dict[str, Any] = {
        "submission": str(submission), "notebook": src_path.stem, "status": "ok", "reason": None,
        "seconds": 0.0, "total": 0.0, "max": float(sum(graded.values())),
        "exercises": {gid: {"points": 0.0, "max": pts, "status": "not run", "message": None}
                      for gid, pts in graded.items()},
        "manual": {_nbg(c)["grade_id"]: {"max": float(_nbg(c).get("points", 0)), "status": "needs manual grading"}
                   for c in src_nb.cells if is_manual(c)},
    }
    try:
        sub_nb = nbformat.read(str(submission), as_version=4)
    except Exception as exc:
        result.update(status="invalid", reason=f"not a readable notebook: {exc}")
        return result
    nb = assemble(src_nb, sub_nb, mode)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="grade-") as work:
        work_dir = Path(work)
        nb_path, progress = work_dir / "graded.ipynb", work_dir / "progress.jsonl"
        nbformat.write(nb, str(nb_path))
        env = {**os.environ, "LABUTILS_HEADLESS": "1", "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent.parent),
                                                                         os.environ.get("PYTHONPATH")]))}
        with open(work_dir / "worker.log", "wb") as log:
            proc = subprocess.Popen([sys.executable, "-m", "labutils._grade_worker", str(nb_path), str(progress)],
                                    cwd=work_dir, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    env=env, start_new_session=True)
            limit = int(memory_gb * 2**30)
            while proc.poll() is None:
                elapsed = time.perf_counter() - start
                if elapsed > timeout:
                    _kill_tree(proc.pid)
                    result.update(status="timeout", reason=f"stopped after the {timeout:g} s time limit")
                    break
                rss = _tree_rss(proc.pid)
                if rss > limit:
                    _kill_tree(proc.pid)
                    result.update(status="memory", reason=f"stopped: used {rss / 2**30:.1f} GiB, over the "
                                                          f"{memory_gb:g} GiB memory limit")
                    break
                time.sleep(0.2)
        result["seconds"] = round(time.perf_counter() - start, 2)
        lines = progress.read_text().splitlines() if progress.exists() else []
        for line in lines:
            rec = json.loads(line)
            if rec.get("grade_id") in result["exercises"]:
                ex = result["exercises"][rec["grade_id"]]
                ex.update(points=rec["points"], status="passed" if rec["points"] >= ex["max"] else "failed",
                          message=rec.get("message"))
            elif rec.get("event") == "crashed" and result["status"] == "ok":
                result.update(status="crashed", reason=rec["reason"])
        if result["status"] == "ok" and not any(json.loads(l).get("event") == "done" for l in lines):
            tail = (work_dir / "worker.log").read_text(errors="replace")[-500:]
            result.update(status="crashed", reason=f"the grading process ended early (exit {proc.returncode}): {tail}")
    result["total"] = float(sum(e["points"] for e in result["exercises"].values()))
    return result


def grade_many(submissions: Iterable[Path], csv_path: Path | str, **kwargs: Any) -> list[dict[str, Any]]:
    """Grade each submission in turn and write one CSV row per submission."""
    results = [grade(s, **kwargs) for s in submissions]
    ids = list(dict.fromkeys(gid for r in results for gid in r["exercises"]))
    csv_path = Path(csv_path)
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with open(csv_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["submission", "notebook", "status", "total", "max", *ids, "reason"])
        for r in results:
            w.writerow([r["submission"], r["notebook"], r["status"], r["total"], r["max"],
                        *[r["exercises"].get(g, {}).get("points", "") for g in ids], r["reason"] or ""])
    return results


def summary(result: dict[str, Any]) -> str:
    """A few human-readable lines: points per exercise and the total."""
    lines = [f"{result['submission']} ({result['notebook']}): {result['status']}"
             + (f" -- {result['reason']}" if result["reason"] else "")]
    for gid, ex in result["exercises"].items():
        msg = f"  ({ex['message']})" if ex["message"] and ex["status"] != "passed" else ""
        lines.append(f"  {gid:32s} {ex['points']:g}/{ex['max']:g}  {ex['status']}{msg}")
    for gid, m in result["manual"].items():
        lines.append(f"  {gid:32s} -/{m['max']:g}  needs manual grading")
    lines.append(f"  total: {result['total']:g}/{result['max']:g} (autograded) in {result['seconds']:.1f} s")
    return "\n".join(lines)
