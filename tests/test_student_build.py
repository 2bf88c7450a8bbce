"""The student build of every chapter, executed headless in smoke mode (its own file, so that
``make test``'s second process can run it beside the smoke notebooks)."""
import pytest
from nbclient import NotebookClient

from labutils import coursework as cw
from labutils.kernels import AsyncIPCKernelManager

WITH_EXERCISES = cw.notebooks_with_exercises()


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.stem)
def test_student_build_runs_to_the_end_and_every_check_fails(path, tmp_path, monkeypatch):
    """Headless, with its stubs, the student notebook runs to the end (no allow_errors: only
    cells tagged raises-exception may fail), and each graded check fails because of the stub."""
    from labutils.runner import inject_parameters

    monkeypatch.setenv("LABUTILS_BUILD_DIR", str(tmp_path / "build"))  # not the folder nbval's run of it uses

    nb = inject_parameters(cw.release_notebook(path), {"MODE": "smoke"})
    NotebookClient(nb, kernel_name="python3", timeout=300, kernel_manager_class=AsyncIPCKernelManager,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code"), "not every cell ran"
    for c in nb.cells:
        if cw.is_test(c):
            errors = [o for o in c.outputs if o.output_type == "error"]
            assert errors, f"{c.metadata.nbgrader.grade_id} passed on the student stub: the check cannot fail"
            assert errors[0].ename in ("NotImplementedError", "AssertionError"), (errors[0].ename, errors[0].evalue)
        elif c.cell_type == "code" and cw.RAISES_TAG not in c.metadata.tags:
            assert not [o for o in c.outputs if o.output_type == "error"]
