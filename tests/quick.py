"""``make test-quick``: the unit tests, and the notebook tests that the files changed since ``main``
touch, for the edit-test cycle (a few minutes; ``make test`` runs everything and is what CI runs).

Changed files are those that differ from the merge base with ``origin/main`` (or ``main``), plus
uncommitted and untracked ones. What they select:

- always: every test not marked ``kernels`` (the unit tests, the lint, the export, the style);
- ``notebooks/NN_*.ipynb`` or ``tests/mutants/mNN.py``: that chapter's student build run by nbval in
  smoke mode, and its graded run with every wrong answer (``tests/test_hidden_tests.py -k NN``);
- ``labutils/coursework.py``, ``sandbox.py``, ``_integrity.py``: the grading tests;
- ``labutils/datasets/``: the real-data path on files served from 127.0.0.1;
- a changed test module that executes notebooks: that module.

Usage: ``python tests/quick.py [--dry-run]`` (from the repository root; ``make test-quick`` sets the
environment the tests need).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMOKE = ROOT / "build" / "quick-notebooks"


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True).stdout.strip()


def changed_files() -> list[str]:
    base_ref = next((r for r in ("origin/main", "main") if _git("rev-parse", "--verify", "-q", r)), "HEAD")
    base = _git("merge-base", "HEAD", base_ref) or "HEAD"
    names = set(_git("diff", "--name-only", base).splitlines())
    names |= set(_git("ls-files", "--others", "--exclude-standard").splitlines())
    return sorted(n for n in names if n)


def select(changed: list[str]) -> tuple[list[str], list[str]]:
    """(test modules that execute notebooks to run, notebook stems to run with nbval and grade)."""
    modules: list[str] = []
    notebooks: set[str] = set()
    for name in changed:
        m = re.match(r"notebooks/(\d\d)_[\w-]+\.ipynb$", name) or re.match(r"tests/mutants/m(\d\d)\.py$", name)
        if m:
            notebooks.add(m.group(1))
        elif name in ("labutils/coursework.py", "labutils/sandbox.py", "labutils/_integrity.py"):
            modules += ["tests/test_coursework.py", "tests/test_grading_security.py"]
        elif name.startswith("labutils/datasets/"):
            modules.append("tests/test_online_path.py")
        elif re.match(r"tests/test_(coursework|grading_\w+|online_\w+|real_digits|jupyterlab_browser)\.py$", name):
            modules.append(name)
    stems = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb") if p.stem[:2] in notebooks)
    return list(dict.fromkeys(modules)), stems


def main(argv: list[str]) -> int:
    changed = changed_files()
    modules, stems = select(changed)
    print(f"changed since main: {len(changed)} file(s)" + (f"; notebooks: {', '.join(stems)}" if stems else "")
          + (f"; notebook-executing tests: {' '.join(modules)}" if modules else ""))
    py = sys.executable
    xdist = ["-q", "-n", "2", "--dist", "loadfile"]
    commands = [[py, "-m", "pytest", "tests", "-m", "not kernels", *xdist]]
    if stems:
        commands += [
            ["rm", "-rf", str(SMOKE)],
            [py, "-m", "labutils", "prepare", "--mode", "smoke", "--student", "--out", str(SMOKE), *stems],
            [py, "-m", "pytest", *(str(SMOKE / f"{s}.ipynb") for s in stems), "tests/test_hidden_tests.py",
             "-k", " or ".join(stems) + " or Cell", *xdist, "--nbval-lax", "--nbval-current-env",
             "--nbval-cell-timeout=300"]]
    if modules:
        commands.append([py, "-m", "pytest", *modules, *xdist])
    for cmd in commands:
        print("+", " ".join(cmd), flush=True)
        if "--dry-run" not in argv and subprocess.run(cmd, cwd=ROOT).returncode:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
