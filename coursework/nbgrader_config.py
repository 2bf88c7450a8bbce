# nbgrader configuration for this course (the instructor route through nbgrader itself).
# Copy this file into your nbgrader course directory; see INSTRUCTORS.md.
c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "dl-workbook"
c.CourseDirectory.root = "."

# The same friendly stub as `python -m labutils release`.
c.ClearSolutions.code_stub = {
    "python": '# YOUR CODE HERE\nraise NotImplementedError("Not implemented yet: replace this line with your '
              'solution, then run the test cell below.")'
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Grading runs every cell; allow slow cells but not forever. Set LABUTILS_MODE=smoke in the
# environment of `nbgrader autograde` to grade in smoke mode (seconds per notebook).
c.Execute.timeout = 600
