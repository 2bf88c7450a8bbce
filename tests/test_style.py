"""The style report measures what it says, and the check-cell rule can fail."""
import nbformat

from labutils import style


def _nb(tmp_path, cells):
    nb = nbformat.v4.new_notebook(cells=cells)
    p = tmp_path / "99_demo.ipynb"
    nbformat.write(nb, str(p))
    return p


def _code(src, tags=(), hidden=False, **meta):
    c = nbformat.v4.new_code_cell(src)
    c.metadata["tags"] = list(tags)
    if hidden:
        c.metadata["jupyter"] = {"source_hidden": True}
    c.metadata.update(meta)
    return c


def test_measures(tmp_path):
    p = _nb(tmp_path, [
        _code('MODE = "full"', tags=["parameters"]),
        _code("x = 1\nx"),                                   # 2 lines, shows a value
        _code("\n".join(f"y{i} = {i}" for i in range(30))),  # 30 lines
        _code("print(3)"),                                    # print: not a shown value
        _code('labutils.claim("s", True, "e", kind="computation")', tags=["check"], hidden=True),
        _code("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION",
              nbgrader={"solution": True, "grade": False, "grade_id": "a", "locked": False, "schema_version": 3}),
    ])
    m = style.measure(p)
    assert (m.teaching_cells, m.median, m.over_25_pct, m.shows_value_pct) == (3, 2.0, 33.3, 33.3)
    assert (m.check_cells, m.check_cells_collapsed, m.claims, m.with_checks) == (1, 1, 1, 0)
    assert style.check_cell_problems(p) == []


def test_check_cell_rule_can_fail(tmp_path):
    p = _nb(tmp_path, [
        _code('labutils.record("acc", 0.9)'),                            # not a check cell
        _code("checks.close('a', 1, 1, atol=0, why='w')", tags=["check"]),  # not collapsed
        _code("model.fit(x, y)\nchecks.equal('a', 1, 1)", tags=["check"], hidden=True),  # trains
        _code("x = 1", tags=["check"], hidden=True),                       # checks nothing
    ])
    problems = "\n".join(style.check_cell_problems(p))
    assert "cell 0 calls ['labutils.record'] but is not tagged 'check'" in problems
    assert "cell 1 is a check cell whose source is not collapsed" in problems
    assert "cell 2 is a check cell but builds, trains or draws (['fit'])" in problems
    assert "cell 3 is tagged 'check' but checks nothing" in problems


def test_duplicates_across_notebooks(tmp_path):
    a, b = tmp_path / "01_a.ipynb", tmp_path / "02_b.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[_code("def softmax(z):\n    pass")]), str(a))
    nbformat.write(nbformat.v4.new_notebook(cells=[_code("def softmax(z):\n    pass\nclass K: pass")]), str(b))
    assert style.duplicated_definitions([a, b]) == {"softmax": ["01", "02"]}


def test_the_report_prints(tmp_path):
    p = _nb(tmp_path, [_code("x = 1\nx")])
    text = style.report([p])
    assert "99_demo" in text and "all notebooks" in text and "check-cell rule: holds" in text
