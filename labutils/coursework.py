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

import asyncio
import copy
import csv
import json
import os
import shutil
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
    _kill_all(procs)


def _kill_all(procs: list) -> None:
    import psutil

    for p in procs:
        try:
            p.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(procs, timeout=5)


def _kill_uid(uid: int) -> None:
    """Every process left running as the kernel's dedicated uid (none should be)."""
    import psutil

    _kill_all([p for p in psutil.process_iter(["uids"]) if p.info["uids"] and uid in p.info["uids"]])


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


_DATA_READY: set[tuple[str, str]] = set()


def _ensure_data() -> Path:
    """Fill the data cache once per process (the kernel may only read it), in a child process.
    Where the grader's own data folder is read-only, what it lacks goes to the grader's per-user
    folder, which the kernel reads too."""
    from labutils import _env

    path = _env.data_dir()
    key = (os.pathsep.join(map(str, _env.data_dirs())), os.environ.get("LABUTILS_OFFLINE", ""))
    if key not in _DATA_READY:
        subprocess.run([sys.executable, "-m", "labutils", "data"], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        _DATA_READY.add(key)
    return path


def _texts(src_path: Path, src_nb: NotebookNode) -> tuple[str, str]:
    """(secret, public): the instructor notebook's code and text, and the student build's."""
    secret = "\n".join(c.source for c in src_nb.cells)
    public = "\n".join(c.source for c in release_notebook(src_path).cells)
    return secret, public


def _message(cell: NotebookNode, reply_ok: bool, secret: str, public: str) -> str | None:
    from labutils._integrity import safe_message, string_literals

    allowed = string_literals(cell.source)
    for o in cell.get("outputs", []):
        if o.output_type == "error":
            return safe_message(o.get("ename", ""), o.get("evalue", ""), secret, public, allowed)
    for o in cell.get("outputs", []):
        if o.output_type == "stream" and o.name == "stderr":
            return "wrote to stderr: " + safe_message("", o.text, secret, public, allowed)
    return None if reply_ok else "the test cell did not complete"


class _Run:
    """One graded execution: the kernel, the cells, the probes and the scores (all in the
    grader's process; the kernel only answers execute requests)."""

    PROBE_TIMEOUT = 120.0

    def __init__(self, nb: NotebookNode, src_nb: NotebookNode, result: dict[str, Any],
                 secret: str, public: str, timeout: float, memory_gb: float) -> None:
        from labutils._integrity import bound_names, used_names

        self.nb, self.result, self.secret, self.public = nb, result, secret, public
        self.timeout, self.limit, self.memory_gb = timeout, int(memory_gb * 2**30), memory_gb
        tests = [c for c in nb.cells if is_test(c)]
        # what the reference solutions define is the student's to define; everything else a
        # test reads is watched (the submission's own cells do not get to choose)
        student = set().union(*[bound_names(c.source) for c in src_nb.cells
                                if is_solution(c) and c.cell_type == "code"])
        in_tests = set().union(*[bound_names(c.source) for c in tests])
        self.names = sorted(n for c in tests for n in used_names(c.source)
                            if n.split(".")[0] not in student | in_tests)
        self.replies: dict[int, dict] = {}
        #: the course's own cells (not the submission's, not a test) that raised, in order
        self.course_errors: list[dict[str, Any]] = []
        self.solution_ran = False

    async def probe(self, kc: Any) -> dict[str, Any] | None:
        from labutils._integrity import parse_probe, probe_expression

        expr, nonce = probe_expression(self.names)
        msg_id = kc.execute("", silent=True, store_history=False, user_expressions={"probe": expr},
                            stop_on_error=False)
        deadline = time.monotonic() + self.PROBE_TIMEOUT
        while time.monotonic() < deadline:
            try:
                msg = await kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            except Exception:  # queue.Empty: the kernel did not answer in time
                return None
            if msg["parent_header"].get("msg_id") == msg_id:
                return parse_probe(msg["content"], nonce)
        return None

    async def cells(self, client: Any) -> None:
        from labutils._integrity import Watch, bound_names

        kc = client.kc
        preamble = "import labutils.checks, numpy, numpy.testing, numpy.linalg, matplotlib.pyplot"
        msg_id = kc.execute(preamble, silent=True, store_history=False)
        while (await kc.get_shell_msg(timeout=self.PROBE_TIMEOUT))["parent_header"].get(
                "msg_id") != msg_id:
            pass
        watch = Watch(await self.probe(kc))
        for index, cell in enumerate(self.nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            await client.async_execute_cell(cell, index)
            trusted = not (is_solution(cell) or is_test(cell)
                           or USES_EXERCISE_TAG in cell.metadata.get("tags", []))
            if trusted:
                self.note_course_error(cell, index)
            elif is_solution(cell):
                self.solution_ran = True
            before = watch.after_cell(await self.probe(kc),
                                      bound_names(cell.source) if trusted else None)
            if is_test(cell):
                self.score(cell, index, watch.changed(before, watch.last))

    def note_course_error(self, cell: NotebookNode, index: int) -> None:
        """Keep the error of a course cell that raised: the tests after it may fail because of it."""
        from labutils._integrity import safe_message

        for o in cell.get("outputs", []):
            if o.output_type == "error":
                first = next((line for line in cell.source.splitlines() if line.strip()), "")
                error = safe_message(o.get("ename", ""), o.get("evalue", ""), self.secret, self.public)
                injected = sum("injected-parameters" in c.metadata.get("tags", [])
                               for c in self.nb.cells[:index])
                self.course_errors.append({  # cell: its 0-based index in the instructor's notebook
                    "cell": index - injected, "first_line": first.strip()[:80], "error": error,
                    # before any answer ran, nothing of the submission's can have caused it
                    "after_submission": self.solution_ran})
                return

    def course_cause(self) -> str | None:
        """The failed course cell that a failing test comes after, said as the grade says it."""
        if not self.course_errors:
            return None
        e = self.course_errors[0]
        who = ("the submission's earlier cells may have caused it" if e["after_submission"]
               else "before any of the submission's cells ran, so not the submission's fault")
        return (f"the course's own cell {e['cell']} ({e['first_line']!r}) failed first with "
                f"{e['error']}; {who}")

    def score(self, cell: NotebookNode, index: int, tampered: list[str]) -> None:
        from nbgrader.utils import determine_grade

        ex = self.result["exercises"][_nbg(cell)["grade_id"]]
        reply = self.replies.get(index)
        reply_ok = bool(reply) and reply.get("content", {}).get("status") == "ok"
        points = float(determine_grade(cell)[0] or 0) if reply_ok else 0.0
        points = min(max(points, 0.0), ex["max"])
        message = _message(cell, reply_ok, self.secret, self.public)
        if tampered:
            shown = ", ".join(tampered[:6]) + (f" and {len(tampered) - 6} more" if len(tampered) > 6 else "")
            ex.update(points=0.0, status="tampered", message=f"the checks were modified: {shown}")
        elif points < ex["max"] and self.course_cause():
            ex.update(points=points, status="course error",
                      message=f"{self.course_cause()} (this test then said: {message})")
        else:
            ex.update(points=points, status="passed" if points >= ex["max"] else "failed",
                      message=None if points >= ex["max"] else message)

    async def watchdog(self, pid: int, start: float) -> tuple[str, str]:
        while True:
            if time.perf_counter() - start > self.timeout:
                return "timeout", f"stopped after the {self.timeout:g} s time limit"
            rss = _tree_rss(pid)
            if rss > self.limit:
                return "memory", (f"stopped: used {rss / 2**30:.1f} GiB, over the "
                                  f"{self.memory_gb:g} GiB memory limit")
            await asyncio.sleep(0.2)

    async def run(self, km: Any, start: float) -> None:
        from nbclient import NotebookClient
        from nbclient.exceptions import DeadKernelError

        def keep_reply(cell: NotebookNode, cell_index: int, execute_reply: dict) -> None:
            self.replies[cell_index] = execute_reply

        client = NotebookClient(self.nb, km=km, allow_errors=True, timeout=None,
                                startup_timeout=120, on_cell_executed=keep_reply)
        pid = km.provisioner.process.pid
        work = asyncio.ensure_future(self._setup_and_run(client))
        guard = asyncio.ensure_future(self.watchdog(pid, start))
        done, _ = await asyncio.wait({work, guard}, return_when=asyncio.FIRST_COMPLETED)
        if guard in done:
            status, reason = guard.result()
            self.result.update(status=status, reason=reason)
            _kill_tree(pid)
            try:
                await asyncio.wait_for(work, 15)
            except BaseException:  # DeadKernelError, a timeout or the cancellation itself
                work.cancel()
            return
        guard.cancel()
        try:
            work.result()
        except DeadKernelError as exc:
            self.result.update(status="crashed", reason=f"the kernel died ({exc})")
        finally:
            if client.kc is not None:
                client.kc.stop_channels()

    async def _setup_and_run(self, client: Any) -> None:
        await client.async_start_new_kernel_client()
        await self.cells(client)


def _kernel_manager(isolation: Any, work: Path, new_root: Path) -> Any:
    from jupyter_client.manager import AsyncKernelManager

    from labutils import sandbox

    class SandboxKernelManager(AsyncKernelManager):
        def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
            return sandbox.kernel_command(isolation, work, new_root,
                                          super().format_kernel_cmd(extra_arguments))

        def write_connection_file(self, **kwargs: Any) -> None:
            super().write_connection_file(**kwargs)
            if isolation.uid is not None:  # the kernel's uid must read its connection file
                os.chown(self.connection_file, isolation.uid, isolation.uid)

    return SandboxKernelManager(kernel_name="python3", transport="ipc", ip=str(work / "kernel"),
                                connection_file=str(work / "kernel.json"))


async def _execute(nb: NotebookNode, src_nb: NotebookNode, result: dict[str, Any], secret: str, public: str,
                   timeout: float, memory_gb: float, isolation: Any, private: Path) -> None:
    from labutils import _env, sandbox

    work, new_root = private / "work", private / "root"
    new_root.mkdir()
    sandbox.prepare_work_dir(work, isolation)
    # the grader's data folders, read-only to the kernel (the sandbox mounts them so); what they
    # lack (a stand-in, a download) the kernel writes into a folder of its own, as a learner with
    # a read-only class folder does. keras-hub's download caches are not shown to the kernel: they
    # may hold access tokens
    _ensure_data()
    env = sandbox.kernel_env(work, {"LABUTILS_DATA_DIR": os.pathsep.join(map(str, _env.data_dirs())),
                                    "LABUTILS_USER_DATA_DIR": str(work / ".cache" / "labutils")})
    km = _kernel_manager(isolation, work, new_root)
    start = time.perf_counter()
    with open(private / "kernel.log", "wb") as log:
        try:
            await km.start_kernel(env=env, cwd=str(work), stdout=log, stderr=subprocess.STDOUT,
                                  extra_arguments=["--HistoryManager.hist_file=:memory:"])
            run = _Run(nb, src_nb, result, secret, public, timeout, memory_gb)
            try:
                await run.run(km, start)
            finally:
                result["course_errors"] = run.course_errors
        finally:
            try:
                if km.has_kernel:
                    await km.shutdown_kernel(now=True)
            except Exception:
                pass
            if km.provisioner is not None and km.provisioner.process is not None:
                _kill_tree(km.provisioner.process.pid)
            if isolation.uid is not None:
                _kill_uid(isolation.uid)


def grade(submission: Path | str, source: Path | str | None = None, mode: str = "smoke",
          timeout: float = 600.0, memory_gb: float = 8.0, isolation: str | None = None,
          executed: list | None = None) -> dict[str, Any]:
    """Grade one submission; never raises for anything the submission does.

    Returns ``{"submission", "notebook", "status", "reason", "seconds", "total", "max",
    "exercises": {grade_id: {"points", "max", "status", "message"}}, "manual": {...},
    "isolation": ..., "isolation_missing": [...]}``. ``status`` is ``ok``, ``timeout``,
    ``memory``, ``crashed`` or ``invalid``; an exercise's status is ``passed``, ``failed``,
    ``tampered`` (the checks it relies on were modified), ``course error`` (it failed after one of
    the course's own cells had raised: its message names that cell and its error) or ``not run``.
    ``course_errors`` lists the course's cells that raised (``cell``, ``first_line``, ``error``,
    ``after_submission``: whether any of the submission's cells had run before). ``isolation`` forces a
    :func:`labutils.sandbox.plan` mode (``"root"``, ``"userns"``, ``"none"``). ``executed``, when
    given, receives the executed assembled notebook (the test suite reads the outputs of cells it
    added to an instrumented source; the grader itself never writes it anywhere).
    """
    from labutils import _env, sandbox

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
        "course_errors": [],
    }
    try:
        sub_nb = nbformat.read(str(submission), as_version=4)
    except Exception as exc:
        result.update(status="invalid", reason=f"not a readable notebook: {exc}")
        return result
    nb = assemble(src_nb, sub_nb, mode)
    secret, public = _texts(src_path, src_nb)
    plan = sandbox.plan([Path(__file__).resolve().parent, *_env.data_dirs()], mode=isolation)
    result.update(isolation=plan.describe(), isolation_missing=plan.missing)
    start = time.perf_counter()
    private = Path(tempfile.mkdtemp(prefix="grade-"))  # mode 700, the grader's only
    try:
        asyncio.run(_execute(nb, src_nb, result, secret, public, timeout, memory_gb, plan, private))
        if executed is not None:
            executed.append(nb)
    except Exception as exc:  # the kernel never started, or the grader itself failed
        if result["status"] == "ok":
            result.update(status="crashed", reason=f"grading failed: {type(exc).__name__}: {exc}"[:500])
    finally:
        shutil.rmtree(private, ignore_errors=True)
        sandbox.release(plan)
    result["seconds"] = round(time.perf_counter() - start, 2)
    for ex in result["exercises"].values():
        ex["points"] = min(max(float(ex["points"]), 0.0), ex["max"])
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
    if result.get("isolation"):
        lines.append(f"  isolation: {result['isolation']}")
    lines += [f"  WARNING: {m}" for m in result.get("isolation_missing", [])]
    for e in result.get("course_errors", []):
        blame = ("it ran after the submission's cells, which may have caused it" if e["after_submission"]
                 else "it ran before any of the submission's cells: fix the course or its data, then grade again")
        lines.append(f"  COURSE ERROR: cell {e['cell']} ({e['first_line']!r}) raised {e['error']}; {blame}")
    for gid, ex in result["exercises"].items():
        msg = f"  ({ex['message']})" if ex["message"] and ex["status"] != "passed" else ""
        lines.append(f"  {gid:32s} {ex['points']:g}/{ex['max']:g}  {ex['status']}{msg}")
    for gid, m in result["manual"].items():
        lines.append(f"  {gid:32s} -/{m['max']:g}  needs manual grading")
    lines.append(f"  total: {result['total']:g}/{result['max']:g} (autograded) in {result['seconds']:.1f} s")
    return "\n".join(lines)
