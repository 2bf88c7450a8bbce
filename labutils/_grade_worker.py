"""Executes one assembled notebook for :func:`labutils.coursework.grade`, in its own process.

Writes one JSON line per graded test cell as soon as it has run (so a later timeout or crash
keeps the points earned so far), then ``{"event": "done"}``, or ``{"event": "crashed"}`` when
the kernel died.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def main(nb_path: str, progress_path: str) -> int:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError
    from nbgrader.utils import determine_grade

    from labutils.coursework import is_test

    nb = nbformat.read(nb_path, as_version=4)
    out = open(progress_path, "a", buffering=1)

    def write(rec: dict) -> None:
        out.write(json.dumps(rec) + "\n")
        out.flush()

    def on_cell_executed(cell, cell_index, execute_reply):  # noqa: ANN001
        if not is_test(cell):
            return
        points, _ = determine_grade(cell)
        message = None
        for o in cell.outputs:
            if o.output_type == "error":
                message = f"{o.ename}: {o.evalue}".strip()[:500]
            elif o.output_type == "stream" and o.name == "stderr" and message is None:
                message = "wrote to stderr: " + o.text.strip()[:300]
        write({"grade_id": cell.metadata.nbgrader.grade_id, "points": float(points or 0), "message": message})

    client = NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=None,
                            resources={"metadata": {"path": str(Path(nb_path).parent)}},
                            on_cell_executed=on_cell_executed)
    try:
        client.execute()
    except DeadKernelError as exc:
        write({"event": "crashed", "reason": f"the kernel died ({exc})"})
        return 1
    write({"event": "done"})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
