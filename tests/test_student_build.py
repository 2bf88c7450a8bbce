"""The student build, as a learner opens it.

``make test`` runs every chapter's student build with nbval, in smoke mode (``labutils prepare
--student``): the notebook runs to the end with its stubs, and only the test cells and the cells
tagged ``uses-exercise`` (both tagged ``raises-exception`` in the build) may fail. That every
graded check does fail on the stub, for the stub's reason, is proved in
``tests/test_hidden_tests.py``, where the stub is run in place of each solution inside the graded
run. This file checks that what nbval runs is the student build."""
import nbformat
import pytest

from labutils import coursework as cw
from labutils.runner import prepare

WITH_EXERCISES = cw.notebooks_with_exercises()


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.stem)
def test_nbval_runs_the_student_build(path, tmp_path):
    (out,) = prepare([path], "smoke", tmp_path, student=True)
    nb = nbformat.read(str(out), as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'MODE = "smoke"' in injected[0].source
    text = "\n".join(c.source for c in nb.cells)
    assert "### BEGIN SOLUTION" not in text and "### BEGIN HIDDEN TESTS" not in text
    assert "raise NotImplementedError" in text
    for c in nb.cells:
        if cw.is_test(c) or cw.USES_EXERCISE_TAG in c.metadata.get("tags", []):
            assert cw.RAISES_TAG in c.metadata.tags, "a cell that may fail on the stub is not tagged"
        elif c.cell_type == "code":
            assert cw.RAISES_TAG not in c.metadata.get("tags", []), "only exercise cells may fail"
