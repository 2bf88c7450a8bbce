"""The style report (``python -m labutils style``): how each notebook reads, measured.

For every notebook it counts the **teaching cells** (code cells that are not the parameters cell,
an exercise's solution or test cell, or a check cell) and measures what COURSE_DESIGN §4 and the
anchors (TensorFlow's tutorials, d2l, fchollet, karpathy) are compared on: lines per cell (median,
90th percentile, share over 25 and of 5 or fewer), cells that call ``claim`` / ``record`` /
``checks`` (they belong in check cells), and cells whose last statement shows a value. It lists
the **check cells** (tagged ``check``) and whether each is collapsed, and the functions and
classes defined in more than one notebook.

The measures are reported, not enforced. The check-cell rule is enforced by
``tests/test_notebooks_lint.py`` through :func:`check_cell_problems`: outside exercises every cell
that calls ``claim``, ``record`` or ``checks`` is a check cell, collapsed, and a check cell builds,
trains and draws nothing.
"""
from __future__ import annotations

import ast
import json
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

import nbformat

CHECK_TAG = "check"
#: Calls that make a cell a check cell (``labutils.claim``, ``record``, anything in ``checks``).
CHECK_NAMES = ("claim", "record")
#: What a check cell must not do: build or train a model, or draw (its code is folded away).
NOT_IN_CHECK_CELLS = ("fit", "compile", "Sequential", "subplots", "figure", "imshow", "plot", "show")
#: Anchor figures from the style issue (teaching cells of samples of their notebooks).
ANCHORS = {"TF tutorials": (4, 14, 1.5, 63), "d2l": (5, 16, 4.6, 56), "fchollet": (5, 19, 3.9, 55),
           "karpathy": (3, 26, 10.0, 65)}
TARGETS = {"median": 8, "p90": 25, "over_25_pct": 8.0, "at_most_5_pct": 40.0}


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def is_check_cell(cell: Any) -> bool:
    return cell.cell_type == "code" and CHECK_TAG in _tags(cell)


def is_collapsed(cell: Any) -> bool:
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def _exercise(cell: Any) -> bool:
    nbg = cell.get("metadata", {}).get("nbgrader", {}) or {}
    return bool(nbg.get("solution") or nbg.get("grade"))


def is_teaching(cell: Any) -> bool:
    return (cell.cell_type == "code" and "parameters" not in _tags(cell) and not _exercise(cell)
            and not is_check_cell(cell) and bool(cell.source.strip()))


def lines(source: str) -> int:
    """Lines of the cell's source, blank ones included (as the anchors were measured)."""
    return len(source.strip("\n").splitlines())


def _parse(source: str) -> ast.Module | None:
    text = "\n".join(l for l in source.splitlines() if not l.lstrip().startswith(("%", "!")))
    try:
        return ast.parse(text)
    except SyntaxError:
        return None


def check_calls(source: str) -> list[str]:
    """The calls of ``claim``, ``record`` or ``checks.*`` in a cell, as ``name`` strings."""
    tree = _parse(source)
    if tree is None:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Name) and f.id in CHECK_NAMES:
            found.append(f.id)
        elif isinstance(f, ast.Attribute):
            if f.attr in CHECK_NAMES and isinstance(f.value, ast.Name) and f.value.id == "labutils":
                found.append(f"labutils.{f.attr}")
            elif isinstance(f.value, ast.Name) and f.value.id == "checks":
                found.append(f"checks.{f.attr}")
    return found


def shows_a_value(source: str) -> bool:
    """Whether the cell ends on something Jupyter shows: an expression that is not ``print(...)``,
    a claim or a check, and is not silenced with ``;`` (a shape, an array, a DataFrame, a figure,
    ``model.summary()``)."""
    tree = _parse(source)
    if tree is None or not tree.body:
        return False
    last = tree.body[-1]
    if not isinstance(last, ast.Expr):
        return False
    code = [l for l in source.rstrip().splitlines() if l.strip() and not l.strip().startswith("#")]
    if code and code[-1].split("#")[0].rstrip().endswith(";"):
        return False
    v = last.value
    if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "print":
        return False
    return not check_calls(ast.unparse(v))  # a claim's or check's return value is not the lesson


def definitions(source: str) -> list[str]:
    """Top-level functions and classes a cell defines."""
    tree = _parse(source)
    if tree is None:
        return []
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


@dataclass
class NotebookStyle:
    name: str
    teaching_cells: int
    median: float
    p90: float
    over_25_pct: float
    at_most_5_pct: float
    with_checks: int
    shows_value_pct: float
    check_cells: int
    check_cells_collapsed: int
    claims: int
    records: int
    checks: int
    sizes: list[int] = field(default_factory=list, repr=False)


def _p90(sizes: list[int]) -> float:
    if not sizes:
        return 0.0
    s = sorted(sizes)
    return float(s[min(len(s) - 1, int(round(0.9 * (len(s) - 1))))])


def measure(path: Path) -> NotebookStyle:
    nb = nbformat.read(str(path), as_version=4)
    teach = [c for c in nb.cells if is_teaching(c)]
    sizes = [lines(c.source) for c in teach]
    checks_cells = [c for c in nb.cells if is_check_cell(c)]
    calls = [call for c in nb.cells if c.cell_type == "code" and not _exercise(c) for call in check_calls(c.source)]
    return NotebookStyle(
        name=path.stem, teaching_cells=len(teach),
        median=float(statistics.median(sizes)) if sizes else 0.0, p90=_p90(sizes),
        over_25_pct=_pct(sum(s > 25 for s in sizes), len(sizes)),
        at_most_5_pct=_pct(sum(s <= 5 for s in sizes), len(sizes)),
        with_checks=sum(bool(check_calls(c.source)) for c in teach),
        shows_value_pct=_pct(sum(shows_a_value(c.source) for c in teach), len(teach)),
        check_cells=len(checks_cells), check_cells_collapsed=sum(is_collapsed(c) for c in checks_cells),
        claims=sum(c.endswith("claim") for c in calls), records=sum(c.endswith("record") for c in calls),
        checks=sum(c.startswith("checks.") for c in calls), sizes=sizes)


def duplicated_definitions(paths: Iterable[Path]) -> dict[str, list[str]]:
    """``{name: [notebooks]}`` for functions or classes defined in more than one notebook
    (teaching and check cells; exercises define what their specification names)."""
    where: dict[str, list[str]] = {}
    for p in paths:
        nb = nbformat.read(str(p), as_version=4)
        names = {n for c in nb.cells if c.cell_type == "code" and not _exercise(c) for n in definitions(c.source)}
        for n in names:
            where.setdefault(n, []).append(p.stem[:2])
    return {n: sorted(nbs) for n, nbs in sorted(where.items()) if len(nbs) > 1}


def check_cell_problems(path: Path) -> list[str]:
    """Violations of the check-cell rule in one notebook (empty when it holds)."""
    nb = nbformat.read(str(path), as_version=4)
    problems = []
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code" or _exercise(c):
            continue
        calls = check_calls(c.source)
        if calls and not is_check_cell(c):
            problems.append(f"cell {i} calls {sorted(set(calls))} but is not tagged {CHECK_TAG!r}")
        if is_check_cell(c):
            if not is_collapsed(c):
                problems.append(f"cell {i} is a check cell whose source is not collapsed "
                                '(metadata "jupyter": {"source_hidden": true})')
            if not calls:
                problems.append(f"cell {i} is tagged {CHECK_TAG!r} but checks nothing")
            tree = _parse(c.source)
            bad = sorted({n.func.attr if isinstance(n.func, ast.Attribute) else n.func.id
                          for n in ast.walk(tree) if isinstance(n, ast.Call)
                          and isinstance(n.func, (ast.Attribute, ast.Name))
                          and (n.func.attr if isinstance(n.func, ast.Attribute) else n.func.id) in NOT_IN_CHECK_CELLS}
                         ) if tree else []
            if bad:
                problems.append(f"cell {i} is a check cell but builds, trains or draws ({bad}): "
                                "that belongs in a teaching cell above it")
    return problems


def totals(styles: list[NotebookStyle]) -> dict[str, float]:
    sizes = [s for st in styles for s in st.sizes]
    n = sum(st.teaching_cells for st in styles)
    return {"teaching_cells": n, "median": float(statistics.median(sizes)) if sizes else 0.0,
            "p90": _p90(sizes), "over_25_pct": _pct(sum(s > 25 for s in sizes), len(sizes)),
            "at_most_5_pct": _pct(sum(s <= 5 for s in sizes), len(sizes)),
            "with_checks": sum(st.with_checks for st in styles),
            "shows_value_pct": _pct(sum(st.shows_value_pct * st.teaching_cells / 100 for st in styles), n),
            "check_cells": sum(st.check_cells for st in styles),
            "check_cells_collapsed": sum(st.check_cells_collapsed for st in styles),
            "claims": sum(st.claims for st in styles), "records": sum(st.records for st in styles),
            "checks": sum(st.checks for st in styles)}


HEADER = (f"{'notebook':38s} {'cells':>5s} {'median':>6s} {'p90':>4s} {'>25':>6s} {'<=5':>6s} "
          f"{'w/chk':>5s} {'shows':>6s} {'check':>5s} {'fold':>4s} {'claim':>5s} {'rec':>4s} {'chk':>4s}")


def _row(name: str, d: dict[str, Any]) -> str:
    return (f"{name:38s} {d['teaching_cells']:5d} {d['median']:6.1f} {d['p90']:4.0f} {d['over_25_pct']:5.1f}% "
            f"{d['at_most_5_pct']:5.1f}% {d['with_checks']:5d} {d['shows_value_pct']:5.1f}% "
            f"{d['check_cells']:5d} {d['check_cells_collapsed']:4d} {d['claims']:5d} {d['records']:4d} {d['checks']:4d}")


def report(paths: list[Path], summary_only: bool = False) -> str:
    styles = [measure(p) for p in paths]
    out = ["Teaching cells (code cells that are not parameters, exercise or check cells): lines per cell "
           "(median, 90th percentile, share over 25, share of 5 or fewer), cells with claim/record/checks "
           "calls, share ending on a shown value; check cells and how many are collapsed; claims, records "
           "and checks calls (all cells outside exercises).", HEADER]
    if not summary_only:
        out += [_row(st.name, asdict(st)) for st in styles]
    t = totals(styles)
    out.append(_row("all notebooks", t))
    out.append("targets: median <= {median}, p90 <= {p90}, over 25 <= {over_25_pct}%, 5 or fewer >= "
               "{at_most_5_pct}%, none with claim/record/checks".format(**TARGETS))
    out.append("anchors (median / p90 / >25 / <=5): " + "; ".join(
        f"{k} {a} / {b} / {c}% / {d}%" for k, (a, b, c, d) in ANCHORS.items()))
    dup = duplicated_definitions(paths)
    out.append("defined in more than one notebook: " + (", ".join(f"{n} ({' '.join(v)})" for n, v in dup.items())
                                                     or "none"))
    problems = {p.stem: check_cell_problems(p) for p in paths}
    bad = {k: v for k, v in problems.items() if v}
    out.append("check-cell rule: " + ("holds in every notebook" if not bad else
                                      f"broken in {len(bad)} notebook(s): " + "; ".join(
                                          f"{k}: {len(v)} problem(s)" for k, v in bad.items())))
    return "\n".join(out)


def as_json(paths: list[Path]) -> dict[str, Any]:
    styles = [measure(p) for p in paths]
    return {"notebooks": {st.name: {k: v for k, v in asdict(st).items() if k != "sizes"} for st in styles},
            "total": totals(styles), "duplicated": duplicated_definitions(paths),
            "check_cell_problems": {p.stem: check_cell_problems(p) for p in paths}}


def main(paths: list[Path], summary_only: bool = False, json_path: Path | None = None) -> int:
    print(report(paths, summary_only=summary_only))
    if json_path is not None:
        json_path.write_text(json.dumps(as_json(paths), indent=2) + "\n")
    return 0
