
from labutils import widgets


def test_headless_uses_static(monkeypatch):
    monkeypatch.setenv("LABUTILS_HEADLESS", "1")
    assert widgets.interactive(lambda lr: ("live", lr), static=lambda: "static", lr=(0.0, 1.0)) == "static"


def test_headless_without_static_calls_func_with_initial_values(monkeypatch):
    monkeypatch.setenv("LABUTILS_HEADLESS", "1")
    assert widgets.interactive(lambda n: n * 2, n=(0, 10, 1)) == 10  # the slider starts in the middle


def test_interactive_builds_a_widget(monkeypatch):
    import ipywidgets

    monkeypatch.setenv("LABUTILS_HEADLESS", "0")
    monkeypatch.setattr("IPython.display.display", lambda w: None)
    w = widgets.interactive(lambda n: n, n=(0, 10, 1))
    assert isinstance(w, ipywidgets.interactive)
