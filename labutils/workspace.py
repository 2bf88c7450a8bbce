"""The learner's workspace that ``make lab`` opens: student versions, edits kept, solutions on request.

``notebooks/`` holds the instructor versions (solutions and hidden tests in view), so JupyterLab
is not opened there. :func:`build` writes the student version of every chapter into a folder
that git ignores (``workspace/`` by default) and keeps the learner's work across rebuilds:

- a notebook that is not there yet is written;
- a notebook the learner has not changed since it was written is replaced by the new build;
- a notebook the learner changed is never overwritten; when the course's version changed, the new
  one is written beside it as ``<name>.updated.ipynb`` and reported.

``.workspace.json`` in the folder remembers the sha256 of each file as written. With
``solutions=True`` it also writes ``solutions/<notebook>.md``: for every exercise, the task, the
worked solution (the reference code with its comments) and the check it must pass.

Used by ``make lab`` (``python -m labutils lab``); tested in ``tests/test_workspace.py``.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterable

import nbformat

from labutils import coursework as cw

MANIFEST = ".workspace.json"
HIDDEN_BLOCK = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


def _as_installed(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Kernel metadata as this machine's kernel reports it, so that JupyterLab, which writes
    the running kernel's ``language_info`` into the notebook, finds nothing to change: an
    untouched notebook does not open as modified."""
    try:
        from ipykernel.ipkernel import IPythonKernel

        nb.metadata["language_info"] = dict(IPythonKernel.language_info)
    except ImportError:  # pragma: no cover - ipykernel comes with JupyterLab
        pass
    return nb


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _load_manifest(folder: Path) -> dict[str, str]:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text())
    except json.JSONDecodeError:
        return {}  # a damaged manifest: every existing file counts as the learner's
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def build(
    notebooks: Iterable[Path], folder: Path | str = "workspace", solutions: bool = False
) -> dict[str, list[Path]]:
    """Write or refresh the student versions of ``notebooks`` in ``folder``.

    Returns the paths by what happened to them: ``written`` (new or refreshed), ``unchanged``,
    ``kept`` (the learner's edited copy, left alone), ``updated`` (the new version written beside
    an edited copy) and ``solutions`` (solution pages).
    """
    notebooks = [Path(p) for p in notebooks]  # read twice below: a generator would run dry
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"folder must be a directory; {folder} is a file")
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _load_manifest(folder)
    done: dict[str, list[Path]] = {k: [] for k in ("written", "unchanged", "kept", "updated",
                                                    "solutions")}
    for src in notebooks:
        src = Path(src)
        text = nbformat.writes(_as_installed(cw.release_notebook(src)))
        target = folder / src.name
        new_sha = _sha(text)
        if target.exists():
            current = _sha(target.read_text())
            if current == new_sha:
                done["unchanged"].append(target)
                manifest[src.name] = new_sha
                continue
            if manifest.get(src.name) != current:  # the learner's work: never overwrite it
                done["kept"].append(target)
                if manifest.get(src.name) != new_sha:
                    beside = target.with_suffix(".updated.ipynb")
                    beside.write_text(text)
                    done["updated"].append(beside)
                continue
        target.write_text(text)
        manifest[src.name] = new_sha
        done["written"].append(target)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    if solutions:
        sol_dir = folder / "solutions"
        sol_dir.mkdir(exist_ok=True)
        for src in notebooks:
            page = sol_dir / (Path(src).stem + ".md")
            page.write_text(solution_page(Path(src)))
            done["solutions"].append(page)
    return done


def _without_hidden(source: str) -> str:
    begin, end = HIDDEN_BLOCK
    out, skipping = [], False
    for line in source.splitlines():
        if line.strip().startswith(begin):
            skipping = True
        elif line.strip().startswith(end):
            skipping = False
        elif not skipping:
            out.append(line)
    return "\n".join(out).rstrip()


def _solution_code(source: str) -> str:
    lines = [ln for ln in source.splitlines()
             if ln.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")]
    return "\n".join(lines).rstrip()


def _task(markdown: str, gid: str) -> str:
    """The exercise's own text: section headings dropped, a heading added if it has none."""
    lines = [ln for ln in markdown.strip().splitlines() if not ln.startswith("## ")]
    text = "\n".join(lines).strip()
    return text if text.startswith("###") else f"### {gid}\n{text}"


def solution_page(source: Path) -> str:
    """Markdown: every exercise of one notebook with its task, worked solution and visible check.

    The task is the markdown cell just before the solution cell; the check is the test cell that
    grades it, without its hidden part (those run only when a submission is graded).
    """
    nb = nbformat.read(str(source), as_version=4)
    title = next((c.source.splitlines()[0].lstrip("# ") for c in nb.cells
                  if c.cell_type == "markdown" and c.source.startswith("# ")), source.stem)
    parts = [f"# Worked solutions: {title}\n",
             "Try each exercise first: run its check in the notebook, and `make grade SUB=...`"
             " for the hidden tests too. Then compare with the reference below.\n"]
    last_md = ""
    pending: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cw.is_solution(cell):  # graded by the instructor
            gid = cell.metadata.nbgrader.grade_id
            pts = cell.metadata.nbgrader.get("points", 0)
            parts += ["---", _task(last_md, gid),
                      f"**A model answer** ({pts:g} points, graded by your instructor)",
                      _solution_code(cell.source)]
            continue
        if cell.cell_type == "markdown":
            last_md = cell.source
            continue
        if cw.is_solution(cell) and not cw.is_test(cell):
            pending = [_task(last_md, cell.metadata.nbgrader.grade_id), "**Worked solution**",
                       f"```python\n{_solution_code(cell.source)}\n```"]
        elif cw.is_test(cell):
            parts += ["---", *pending,
                      "**The check it must pass** (its hidden part runs when graded)",
                      f"```python\n{_without_hidden(cell.source)}\n```"]
            pending = []
    return "\n\n".join(parts) + "\n"
