"""The learner's workspace (make lab): student versions only, edits kept, solutions on request."""
import json
import subprocess
import sys

import nbformat
import pytest

from labutils import coursework as cw
from labutils import workspace
from labutils.runner import available

SRC = [p for p in available() if p.stem.startswith(("00", "04"))]


def _has_answers(path) -> bool:
    text = path.read_text()
    return "### BEGIN SOLUTION" in text or "### BEGIN HIDDEN TESTS" in text


def test_build_writes_student_versions_without_answers(tmp_path):
    done = workspace.build(SRC, tmp_path / "ws")
    assert [p.name for p in done["written"]] == [p.name for p in SRC]
    for p in done["written"]:
        assert not _has_answers(p), f"{p.name}: a solution or hidden test is in the student copy"
        nb = nbformat.read(str(p), as_version=4)
        assert any(cw.is_test(c) for c in nb.cells)
    assert not (tmp_path / "ws" / "solutions").exists()


def test_rebuild_keeps_the_learners_edits(tmp_path):
    ws = tmp_path / "ws"
    workspace.build(SRC, ws)
    edited = ws / SRC[0].name
    nb = nbformat.read(str(edited), as_version=4)
    nb.cells[0].source += "\n\nmy notes"
    nbformat.write(nb, str(edited))
    mine = edited.read_text()
    untouched = ws / SRC[1].name
    untouched.write_text(untouched.read_text())  # same content: counts as untouched

    done = workspace.build(SRC, ws)
    assert edited.read_text() == mine and done["kept"] == [edited]
    assert done["unchanged"] == [untouched] and not done["updated"]

    # The course changes: the untouched copy (an older build) is refreshed, the edited copy is
    # kept and the new version is written beside it.
    older = nbformat.read(str(untouched), as_version=4)
    older.cells[0].source = "# an older version"
    nbformat.write(older, str(untouched))
    manifest = json.loads((ws / workspace.MANIFEST).read_text())
    manifest[untouched.name] = workspace._sha(untouched.read_text())
    manifest[edited.name] = "0" * 64  # the edited copy started from an older build too
    (ws / workspace.MANIFEST).write_text(json.dumps(manifest))
    done = workspace.build(SRC, ws)
    assert edited.read_text() == mine and done["kept"] == [edited]
    assert [p.name for p in done["updated"]] == [SRC[0].stem + ".updated.ipynb"]
    assert not _has_answers(done["updated"][0])
    assert done["written"] == [untouched] and "an older version" not in untouched.read_text()


def test_solutions_on_request(tmp_path):
    done = workspace.build(iter(SRC[1:]), tmp_path / "ws", solutions=True)  # any iterable
    page = done["solutions"][0].read_text()
    nb = nbformat.read(str(SRC[1]), as_version=4)
    n_graded = sum(cw.is_test(c) for c in nb.cells)
    assert page.count("**Worked solution**") == n_graded
    assert page.count("**The check it must pass**") == n_graded
    assert "### BEGIN" not in page and "### END" not in page, "markers or hidden tests leaked"
    assert "graded by your instructor" in page  # 04 has a written exercise


def test_folder_must_be_a_directory(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(NotADirectoryError, match="folder must be a directory"):
        workspace.build(SRC, f)


def test_command_line(tmp_path):
    out = subprocess.run([sys.executable, "-m", "labutils", "lab", "04", "--out", str(tmp_path / "w"),
                          "--solutions"], capture_output=True, text=True, check=True).stdout
    assert "1 written" in out and "worked solutions" in out
    assert (tmp_path / "w" / "solutions" / (SRC[1].stem + ".md")).exists()
