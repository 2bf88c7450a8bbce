import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from labutils import plots


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_training_curves_from_history_dict():
    fig = plots.training_curves({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8]})
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert [l.get_label() for l in fig.axes[0].lines] == ["train", "validation"]
    with pytest.raises(ValueError, match=r"metrics \['auc'\] not in history"):
        plots.training_curves({"loss": [1.0]}, metrics=["auc"])


def test_image_grid_marks_mistakes_in_red():
    imgs = np.random.default_rng(0).random((4, 8, 8))
    fig = plots.image_grid(imgs, labels=[0, 1, 2, 3], preds=[0, 1, 2, 0], ncols=2)
    titles = [ax.title for ax in fig.axes[:4]]
    assert titles[3].get_color() == "red" and titles[0].get_color() == "black"
    assert "true 3" in titles[3].get_text()
    with pytest.raises(ValueError, match="images must have shape"):
        plots.image_grid(np.zeros((2, 2)))


def test_confusion_matrix_counts():
    fig = plots.confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], class_names=["a", "b", "c"])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["1", "0", "0", "0", "1", "1", "0", "0", "1"]


def test_decision_boundary_and_surfaces():
    X = np.random.default_rng(0).normal(size=(30, 2))
    y = (X[:, 0] > 0).astype(int)
    assert isinstance(plots.decision_boundary(lambda P: (P[:, 0] > 0).astype(int), X, y), Figure)
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        plots.decision_boundary(lambda P: P, np.zeros((3, 3)), y[:3])
    fig = plots.loss_surface(lambda a, b: a**2 + 3 * b**2, (-2, 2), (-2, 2), paths={"gd": np.array([[1.5, 1.5], [0, 0]])})
    assert fig.axes[0].get_legend() is not None
    fig = plots.function_and_derivative(np.tanh, lambda x: 1 - np.tanh(x) ** 2, name="tanh")
    assert fig.axes[1].get_title() == "tanh'(x)"


def test_attention_heatmap_checks_shape():
    fig = plots.attention_heatmap(np.full((2, 3), 1 / 3), ["a", "b"], ["x", "y", "z"])
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["x", "y", "z"]
    with pytest.raises(ValueError, match="does not match"):
        plots.attention_heatmap(np.ones((2, 2)), ["a", "b", "c"])
