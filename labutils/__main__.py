"""Command line: ``python -m labutils run|prepare|data|release|lab|grade|style|export``.

- ``run [--mode smoke|full] [NOTEBOOK ...] [--out build]``: execute headless, write the report.
- ``prepare --mode smoke --out DIR [NOTEBOOK ...]``: parameter-injected copies (for nbval).
- ``data [NAME ...]``: fill the cache (downloads, or generates the stand-ins) ahead of time.
- ``release [NOTEBOOK ...] --out release/``: student versions (solutions and hidden tests removed).
- ``lab [NOTEBOOK ...] --out workspace/ [--solutions]``: the learner's workspace (student versions,
  the learner's edits kept across rebuilds; with --solutions, worked-solution pages too).
- ``grade SUBMISSION|FOLDER ... [--mode smoke] [--timeout S] [--json PATH] [--csv PATH]``:
  grade submissions headlessly against the instructor's notebooks.
- ``style [NOTEBOOK ...] [--summary] [--json PATH]``: the style report (cell sizes, check cells).
- ``export [--check]``: write ``labutils/taught.py`` from the notebook cells tagged ``export``.
"""
from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

from labutils.config import MODES


def _param(text: str) -> tuple[str, object]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"--param takes NAME=VALUE; got {text!r}")
    name, value = text.split("=", 1)
    try:
        return name, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return name, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m labutils", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="execute notebooks headless and write the run report")
    r.add_argument("notebooks", nargs="*", metavar="NOTEBOOK",
                   help="numbers (06), names, globs or paths; default: all")
    r.add_argument("--mode", default="full", choices=MODES)
    r.add_argument("--out", default="build", type=Path, help="output folder (default: build)")
    r.add_argument("--param", action="append", type=_param, default=[], metavar="NAME=VALUE",
                   help="extra papermill parameter, e.g. --param SEED=1")
    r.add_argument("--cell-timeout", type=int, default=None, help="seconds allowed per cell")
    p = sub.add_parser("prepare", help="write parameter-injected copies without running them")
    p.add_argument("notebooks", nargs="*", metavar="NOTEBOOK")
    p.add_argument("--mode", default="smoke", choices=MODES)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--student", action="store_true",
                   help="the student versions (stubs, no hidden tests), as learners open them")
    d = sub.add_parser("data", help="download or generate datasets into the cache")
    d.add_argument("names", nargs="*", metavar="NAME")
    rel = sub.add_parser("release", help="build student versions of the notebooks")
    rel.add_argument("notebooks", nargs="*", metavar="NOTEBOOK", help="default: every notebook with exercises")
    rel.add_argument("--out", default="release", type=Path)
    lab = sub.add_parser("lab", help="build or refresh the learner's workspace (what make lab opens)")
    lab.add_argument("notebooks", nargs="*", metavar="NOTEBOOK", help="default: every notebook")
    lab.add_argument("--out", default="workspace", type=Path)
    lab.add_argument("--solutions", action="store_true",
                     help="also write solutions/<notebook>.md with every exercise's worked solution")
    st = sub.add_parser("style", help="the style report: how each notebook's cells read, measured")
    st.add_argument("notebooks", nargs="*", metavar="NOTEBOOK", help="default: all")
    st.add_argument("--summary", action="store_true", help="the totals only")
    st.add_argument("--json", type=Path, default=None, help="also write the measures as JSON here")
    ex = sub.add_parser("export", help="collect the cells tagged 'export' into labutils/taught.py")
    ex.add_argument("--check", action="store_true", help="only say whether the module is up to date")
    g = sub.add_parser("grade", help="grade submissions headlessly")
    g.add_argument("submissions", nargs="+", type=Path, metavar="SUBMISSION",
                   help="submitted .ipynb files, or folders searched for them")
    g.add_argument("--source", default=None, help="the notebook answered (default: from the file name)")
    g.add_argument("--mode", default="smoke", choices=MODES, help="mode to run the notebook in (default smoke)")
    g.add_argument("--timeout", type=float, default=600.0, help="wall-clock seconds per submission (default 600)")
    g.add_argument("--memory-gb", type=float, default=8.0, help="memory limit per submission (default 8)")
    g.add_argument("--json", type=Path, default=None, help="write the result(s) as JSON here")
    g.add_argument("--csv", type=Path, default=None, help="write one row per submission here "
                   "(default with a folder: <folder>/grades.csv)")
    args = parser.parse_args(argv)

    from labutils import runner

    if args.command == "data":
        import time

        from labutils import _env, datasets

        print(f"data dir: {_env.describe_dirs()}")
        for name in args.names or list(datasets.DATASETS):
            t0 = time.perf_counter()
            datasets.load(name)
            print(f"[data] {name}: ready in {time.perf_counter() - t0:.1f} s", flush=True)
        return 0
    if args.command == "grade":
        return _grade(args)
    try:
        nbs = runner.resolve(getattr(args, "notebooks", []))
    except ValueError as exc:
        parser.error(str(exc))
    if args.command == "style":
        from labutils import style

        return style.main(nbs, summary_only=args.summary, json_path=args.json)
    if args.command == "export":
        from labutils import export

        every = runner.available()
        if args.check:
            fresh = export.generate(every) == export.MODULE.read_text()
            print(f"{export.MODULE}: " + ("up to date" if fresh else "out of date: run python -m labutils export"))
            return 0 if fresh else 1
        print(export.write(every))
        return 0
    if args.command == "release":
        from labutils import coursework

        chosen = nbs if args.notebooks else coursework.notebooks_with_exercises()
        for path in coursework.release(chosen, args.out):
            print(path)
        return 0
    if args.command == "lab":
        return _lab(args, nbs)
    if args.command == "prepare":
        for path in runner.prepare(nbs, args.mode, args.out, student=args.student):
            print(path)
        return 0
    report = runner.run(nbs, args.mode, args.out, dict(args.param), args.cell_timeout)
    failed = [e["name"] for e in report["notebooks"] if e["status"] != "ok"]
    print(f"report: {args.out / 'report.md'} and {args.out / 'report.json'}"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


def _lab(args: argparse.Namespace, nbs: list[Path]) -> int:
    from labutils import workspace

    done = workspace.build(nbs, args.out, solutions=args.solutions)
    print(f"workspace: {args.out} ({len(done['written'])} written, {len(done['unchanged'])}"
          f" unchanged, {len(done['kept'])} with your edits kept)")
    for path in done["updated"]:
        print(f"  the course changed {path.name.replace('.updated', '')}; you edited your copy,"
              f" so the new version is beside it: {path.name}")
    if done["solutions"]:
        print(f"  worked solutions: {args.out / 'solutions'}/ (one page per notebook)")
    else:
        print("  to check an answer run the test cell under it; worked solutions:"
              " make lab SOLUTIONS=1")
    return 0


def _grade(args: argparse.Namespace) -> int:
    import json

    from labutils import coursework

    files: list[Path] = []
    for p in args.submissions:
        if p.is_dir():
            files += sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        elif p.exists():
            files.append(p)
        else:
            print(f"grade: no such file or folder: {p}", file=sys.stderr)
            return 2
    if not files:
        print("grade: no .ipynb files found in " + ", ".join(map(str, args.submissions)), file=sys.stderr)
        return 2
    kwargs = dict(source=args.source, mode=args.mode, timeout=args.timeout, memory_gb=args.memory_gb)
    csv_path = args.csv or (args.submissions[0] / "grades.csv" if args.submissions[0].is_dir() else None)
    try:
        if csv_path:
            results = coursework.grade_many(files, csv_path, **kwargs)
        else:
            results = [coursework.grade(f, **kwargs) for f in files]
    except ValueError as exc:
        print(f"grade: {exc}", file=sys.stderr)
        return 2
    for r in results:
        print(coursework.summary(r))
    if csv_path:
        print(f"grades: {csv_path}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results[0] if len(results) == 1 else results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
