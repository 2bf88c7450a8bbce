import ipywidgets

from labutils import widgets


def test_headless_uses_static(monkeypatch):
    monkeypatch.setenv("LABUTILS_HEADLESS", "1")
    seen = []
    out = widgets.interactive(lambda lr: seen.append(("live", lr)), static=lambda: seen.append("static"),
                              lr=(0.0, 1.0))
    assert out is None and seen == ["static"]


def test_headless_without_static_calls_func_with_initial_values(monkeypatch):
    monkeypatch.setenv("LABUTILS_HEADLESS", "1")
    seen = []
    widgets.interactive(lambda n: seen.append(n * 2), n=(0, 10, 1))
    assert seen[-1] == 10  # the slider starts in the middle


def test_interactive_displays_the_widget_once_and_returns_none(monkeypatch):
    """A cell ending in interactive(...) must not show the explorer a second time as its value."""
    monkeypatch.setenv("LABUTILS_HEADLESS", "0")
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda w: shown.append(w))
    assert widgets.interactive(lambda n: n, n=(0, 10, 1)) is None
    assert len(shown) == 1 and isinstance(shown[0], ipywidgets.interactive)


def test_explorer_labels_are_readable():
    w = widgets.explorer(lambda cost_per_customer, investment: None,
                         cost_per_customer=(0.0, 60.0, 1.0), investment=(100_000, 2_000_000, 100_000))
    by = {c._kwarg: c for c in w.children if hasattr(c, "_kwarg")}
    assert by["cost_per_customer"].description == "cost per customer"
    assert by["cost_per_customer"].style.description_width == "initial"
    assert by["investment"].readout_format == ",d"
    assert by["investment"].value == 1_000_000
