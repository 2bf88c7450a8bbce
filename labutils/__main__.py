"""Command line: ``python -m labutils run|prepare|data``.

- ``run [--mode smoke|full] [NOTEBOOK ...] [--out build]``: execute headless, write the report.
- ``prepare --mode smoke --out DIR [NOTEBOOK ...]``: parameter-injected copies (for nbval).
- ``data [NAME ...]``: fill the cache (downloads, or generates the stand-ins) ahead of time.
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
    d = sub.add_parser("data", help="download or generate datasets into the cache")
    d.add_argument("names", nargs="*", metavar="NAME")
    args = parser.parse_args(argv)

    from labutils import runner

    if args.command == "data":
        from labutils import datasets

        for name in args.names or list(datasets.DATASETS):
            datasets.load(name)
        return 0
    try:
        nbs = runner.resolve(args.notebooks)
    except ValueError as exc:
        parser.error(str(exc))
    if args.command == "prepare":
        for path in runner.prepare(nbs, args.mode, args.out):
            print(path)
        return 0
    report = runner.run(nbs, args.mode, args.out, dict(args.param), args.cell_timeout)
    failed = [e["name"] for e in report["notebooks"] if e["status"] != "ok"]
    print(f"report: {args.out / 'report.md'} and {args.out / 'report.json'}"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
