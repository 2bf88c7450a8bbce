"""Headless execution of the course and the run report (``python -m labutils run``).

Each notebook runs under papermill with ``MODE`` injected after its ``parameters`` cell. A
failing notebook is reported and the next one still runs. After every notebook the runner
rewrites ``<out>/report.json`` and ``<out>/report.md``. The JSON shape is fixed (other tools
read it)::

    {"mode": ..., "notebooks": [{"name", "status": "ok"|"failed", "seconds", "mode",
                                  "data_source", "metrics": {...}, "error": str|null}, ...]}

Extra keys may follow: ``cpu_seconds`` (CPU time of the notebook's kernel and its children, user
plus system), ``claims_checked`` / ``claims_failed`` / ``claims_unchecked`` /
``claims_not_applicable`` and ``claims`` (the sentences of the prose that ``labutils.claim``
checked, each with its kind and data), ``datasets`` (per-dataset source), ``data_sizes`` (how
many examples of each dataset were used, where a loader says) and ``output`` (the executed
notebook). A claim that fails on real data does not fail its notebook: report.md lists the failed
claims first, and ``run`` ends with them.
"""
from __future__ import annotations

import fnmatch
import json
import os
import resource
import time
from pathlib import Path
from typing import Any, Iterable

import nbformat

from labutils.config import MODES
from labutils.datasets._source import summarise
from labutils.claims import summarise as summarise_claims
from labutils.record import DATASIZE_MIME, DATASOURCE_MIME, METRIC_MIME

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"


def available(nb_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """The chapter notebooks, in order."""
    return sorted(p for p in Path(nb_dir).glob("[0-9][0-9]_*.ipynb"))


def resolve(selectors: Iterable[str] | None, nb_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """Turn ``["06", "02_math_foundations", "0[0-3]*", "path/x.ipynb"]`` into notebook paths.

    No selectors means every notebook. Raises ValueError listing the valid names.
    """
    nbs = available(nb_dir)
    selectors = list(selectors or [])
    if not selectors:
        return nbs
    out: list[Path] = []
    for sel in selectors:
        path = Path(sel)
        if path.suffix == ".ipynb" and path.exists():
            hits = [path.resolve()]
        else:
            stem = sel.removesuffix(".ipynb")
            hits = [p for p in nbs if p.stem == stem or p.stem.startswith(stem + "_")
                    or fnmatch.fnmatch(p.stem, stem) or fnmatch.fnmatch(p.name, stem)]
        if not hits:
            raise ValueError(f"no notebook matches {sel!r}; valid choices: {[p.stem for p in nbs]} "
                             "(a number like 06, a name, a glob, or a path to an .ipynb)")
        out.extend(h for h in hits if h not in out)
    return out


def collect(nb: nbformat.NotebookNode) -> tuple[dict[str, Any], dict[str, str]]:
    """Metrics and data sources that ``labutils.record`` and the loaders put in the outputs."""
    metrics: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if METRIC_MIME in data:
                m = data[METRIC_MIME]
                metrics[m["name"]] = m["value"]
            if DATASOURCE_MIME in data:
                d = data[DATASOURCE_MIME]
                sources[d["dataset"]] = d["source"]
    return metrics, sources


def collect_sizes(nb: nbformat.NotebookNode) -> dict[str, dict[str, dict[str, int]]]:
    """``{dataset: {split: {"used", "asked"}}}`` where a loader had less data than asked for."""
    sizes: dict[str, dict[str, dict[str, int]]] = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            d = out.get("data", {}).get(DATASIZE_MIME)
            if d:
                sizes.setdefault(d["dataset"], {})[d["split"]] = {"used": d["used"], "asked": d["asked"]}
    return sizes


def collect_claims(nb: nbformat.NotebookNode) -> list[dict[str, Any]]:
    """The claims (``labutils.claim``) an executed notebook stated, in order."""
    from labutils.claims import CLAIM_MIME

    return [out["data"][CLAIM_MIME] for cell in nb.cells for out in cell.get("outputs", [])
            if CLAIM_MIME in out.get("data", {})]


def _fmt_claims(e: dict[str, Any]) -> str:
    if "claims_checked" not in e:
        return "-"
    held = e["claims_checked"] - e["claims_failed"]
    failed = f"**{e['claims_failed']}**" if e["claims_failed"] else "0"
    return f"{held} / {failed} / {e.get('claims_unchecked', 0)} / {e.get('claims_not_applicable', 0)}"


def failed_claims(report: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """``(notebook, claim)`` for every failed claim of the report, in order."""
    return [(e["name"], c) for e in report["notebooks"] for c in e.get("claims", [])
            if c.get("status") == "failed"]


def _claim_line(c: dict[str, Any]) -> str:
    data = ", ".join(f"{k}: {v}" for k, v in (c.get("data") or {}).items()) or "-"
    extra = f" Reference: {c['reference']}." if c.get("reference") else ""
    if c.get("why"):
        extra += f" ({c['why']})"
    return (f"- {_STATUS_MARK.get(c.get('status'), '?')} [{c.get('kind', '?')}; {data}] "
            f"{c['statement']} ({c['evidence']}).{extra}")


_STATUS_MARK = {"held": "✓", "failed": "✗", "unchecked": "·", "not applicable": "n/a"}


def _children_cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def process_tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid``, its waited-for children and its live
    descendants (used for a kernel's CPU time by the test harness); 0.0 if it is gone."""
    import psutil

    try:
        proc = psutil.Process(pid)
        t = proc.cpu_times()
        total = t.user + t.system + t.children_user + t.children_system
        for child in proc.children(recursive=True):
            try:
                c = child.cpu_times()
                total += c.user + c.system
            except psutil.Error:
                pass  # ended meanwhile: its time is in its parent's children_* once waited for
        return total
    except psutil.Error:
        return 0.0


def _error_text(exc: BaseException) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        cell = getattr(exc, "exec_count", None)
        return f"{ename}: {evalue}" + (f" (cell [{cell}])" if cell is not None else "")
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) < 2000 else text[:2000] + " ..."


def run_one(nb_path: Path, mode: str, out_dir: Path, parameters: dict[str, Any] | None = None,
            cell_timeout: int | None = None) -> dict[str, Any]:
    """Execute one notebook with papermill and return its report entry."""
    import papermill as pm

    from labutils.kernels import AsyncIPCKernelManager

    out_path = out_dir / nb_path.name
    params = {"MODE": mode, **(parameters or {})}
    start = time.perf_counter()
    cpu_start = _children_cpu_seconds()  # the kernel is our child: its time counts once it is reaped
    error = None
    try:
        pm.execute_notebook(str(nb_path), str(out_path), parameters=params, kernel_name="python3",
                            cwd=str(nb_path.parent), progress_bar=False, log_output=False,
                            execution_timeout=cell_timeout, kernel_manager_class=AsyncIPCKernelManager)
    except Exception as exc:  # a failed notebook is reported; the runner goes on
        error = _error_text(exc)
    seconds = time.perf_counter() - start
    cpu_seconds = _children_cpu_seconds() - cpu_start
    metrics: dict[str, Any] = {}
    sources: dict[str, str] = {}
    claimed: list[dict[str, Any]] = []
    sizes: dict[str, Any] = {}
    if out_path.exists():
        try:
            executed = nbformat.read(str(out_path), as_version=4)
            metrics, sources = collect(executed)
            claimed = collect_claims(executed)
            sizes = collect_sizes(executed)
        except Exception as exc:  # pragma: no cover - an unreadable output notebook
            error = error or f"could not read executed notebook: {exc}"
    return {
        "name": nb_path.stem,
        "status": "failed" if error else "ok",
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "mode": mode,
        "data_source": summarise(sources),
        "metrics": metrics,
        **summarise_claims(claimed),
        "claims": claimed,
        "error": error,
        "datasets": sources,
        "data_sizes": sizes,
        "output": str(out_path),
    }


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    s = json.dumps(v) if not isinstance(v, str) else v
    return s if len(s) <= 60 else s[:57] + "..."


def _fmt_cpu(entry: dict[str, Any]) -> str:
    cpu = entry.get("cpu_seconds")
    return "-" if cpu is None else f"{cpu:.1f}"


def write_report(report: dict[str, Any], out_dir: Path) -> None:
    """Write ``report.json`` and a readable ``report.md`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [f"# Run report ({report['mode']} mode)", ""]
    failures = failed_claims(report)
    if failures:
        lines += [f"## {len(failures)} failed claim(s)", "",
                  "A claim that fails on real data is a finding about this run (the notebook went "
                  "on); on the course's own data it stops the notebook.", ""]
        lines += [f"- **{nb}**: {c['statement']} (measured: {c['evidence']})"
                  + (f"; reference: {c['reference']}" if c.get("reference") else "") for nb, c in failures]
        lines.append("")
    lines += ["| notebook | status | seconds | CPU seconds | claims held / failed / unchecked / not applicable "
              "| data source | metrics |",
              "|---|---|---:|---:|---|---|---|"]
    for e in report["notebooks"]:
        ms = "<br>".join(f"`{k}` = {_fmt(v)}" for k, v in e["metrics"].items()) or "-"
        src = e["data_source"] + (" (" + ", ".join(f"{k}: {v}" for k, v in e.get("datasets", {}).items()) + ")"
                                  if e.get("datasets") else "")
        src += "".join(f"<br>{d} {split}: {n['used']:,} of {n['asked']:,} asked"
                       for d, splits in e.get("data_sizes", {}).items() for split, n in splits.items())
        lines.append(f"| {e['name']} | {'ok' if e['status'] == 'ok' else '**FAILED**'} | "
                     f"{e['seconds']:.1f} | {_fmt_cpu(e)} | {_fmt_claims(e)} | {src} | {ms} |")
    failed = [e for e in report["notebooks"] if e["status"] != "ok"]
    if failed:
        lines += ["", "## Failures", ""] + [f"- **{e['name']}**: {e['error']}" for e in failed]
    with_claims = [e for e in report["notebooks"] if e.get("claims")]
    if with_claims:
        lines += ["", "## Claims", "",
                  "Each claim's kind says what it is about: `course-data` (a property of the course's "
                  "own data: checked there, not applicable on real data), `general` (a finding checked on "
                  "any data, with its published reference) or `computation` (a formula or identity, true on "
                  "any input). In brackets: the kind and the data each claim was checked on."]
        for e in with_claims:
            lines += ["", f"### {e['name']}", ""] + [_claim_line(c) for c in e["claims"]]
    total = sum(e["seconds"] for e in report["notebooks"])
    cpu = sum(e.get("cpu_seconds") or 0.0 for e in report["notebooks"])
    lines += ["", f"{len(report['notebooks']) - len(failed)} ok, {len(failed)} failed, "
                  f"{total:.1f} s in all ({cpu:.1f} CPU-seconds in the kernels)."]
    (out_dir / "report.md").write_text("\n".join(lines) + "\n")


def run(notebooks: Iterable[Path], mode: str = "full", out_dir: Path | str = "build",
        parameters: dict[str, Any] | None = None, cell_timeout: int | None = None,
        echo: bool = True) -> dict[str, Any]:
    """Execute notebooks in order, writing the report after each; returns the report."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {list(MODES)}; got {mode!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ["LABUTILS_HEADLESS"] = "1"  # kernels inherit it: explorers draw static figures
    report: dict[str, Any] = {"mode": mode, "notebooks": []}
    for nb in notebooks:
        if echo:
            print(f"[{mode}] {nb.stem} ...", end=" ", flush=True)
        entry = run_one(Path(nb), mode, out_dir, parameters, cell_timeout)
        report["notebooks"].append(entry)
        write_report(report, out_dir)
        if echo:
            failed = entry.get("claims_failed", 0)
            print(f"{entry['status']} in {entry['seconds']:.1f} s"
                  + (f", {failed} failed claim(s)" if failed else "")
                  + (f" -- {entry['error']}" if entry["error"] else ""), flush=True)
    if echo:
        failures = failed_claims(report)
        print(f"{len(failures)} failed claim(s)" + (":" if failures else "."))
        for nb, c in failures:
            print(f"  ✗ {nb}: {c['statement']} (measured: {c['evidence']})"
                  + (f"; reference: {c['reference']}" if c.get("reference") else ""))
    return report


def inject_parameters(nb: nbformat.NotebookNode, parameters: dict[str, Any]) -> nbformat.NotebookNode:
    """An in-memory notebook with ``parameters`` injected after its ``parameters`` cell (papermill)."""
    from papermill.parameterize import parameterize_notebook

    for cell in nb.cells:
        cell.setdefault("metadata", {}).setdefault("tags", [])  # papermill expects these keys
    nb.metadata.setdefault("papermill", {})
    return parameterize_notebook(nb, parameters, report_mode=False)


def prepare(notebooks: Iterable[Path], mode: str, out_dir: Path | str,
            parameters: dict[str, Any] | None = None, student: bool = False) -> list[Path]:
    """Write copies of the notebooks with ``MODE`` injected but not executed (for nbval). With
    ``student``, the copies are the student versions (``make student``'s, solutions replaced by
    stubs and hidden tests removed): what a learner opens, which ``make test`` runs with nbval."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {list(MODES)}; got {mode!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for nb in notebooks:
        target = out_dir / Path(nb).name
        if student:
            from labutils.coursework import release_notebook

            source = release_notebook(Path(nb))
        else:
            source = nbformat.read(str(nb), as_version=4)
        nbformat.write(inject_parameters(source, {"MODE": mode, **(parameters or {})}), str(target))
        written.append(target)
    return written
