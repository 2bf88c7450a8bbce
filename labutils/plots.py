"""The course's figures, all matplotlib (notebooks 02-13).

Each function returns the ``Figure``; in Jupyter it is shown when the cell ends (end the call
with ``;`` or assign the result to avoid a second copy).
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure


def training_curves(history: Any, metrics: Sequence[str] | None = None) -> Figure:
    """Train and validation curves from a Keras ``History`` (or its ``.history`` dict).

    One panel per metric (``loss`` first); validation curves dashed.
    """
    hist: Mapping[str, Sequence[float]] = getattr(history, "history", history)
    if not isinstance(hist, Mapping) or not hist:
        raise ValueError("history must be a keras History or a non-empty dict of metric lists")
    names = list(metrics) if metrics else [k for k in hist if not k.startswith("val_")]
    missing = [m for m in names if m not in hist]
    if missing:
        raise ValueError(f"metrics {missing} not in history; available: {sorted(hist)}")
    fig, axes = plt.subplots(1, len(names), figsize=(4.2 * len(names), 3.4), squeeze=False)
    for ax, name in zip(axes[0], names):
        epochs = np.arange(1, len(hist[name]) + 1)
        ax.plot(epochs, hist[name], "o-", label="train")
        if f"val_{name}" in hist:
            ax.plot(epochs, hist[f"val_{name}"], "s--", label="validation")
        ax.set(xlabel="epoch", ylabel=name, title=name)
        ax.legend()
    fig.tight_layout()
    return fig


def image_grid(
    images: np.ndarray,
    labels: Sequence[int] | None = None,
    preds: Sequence[int] | None = None,
    class_names: Sequence[str] | None = None,
    ncols: int = 10,
    cmap: str = "gray",
) -> Figure:
    """Images in a grid titled with their labels; with ``preds``, wrong ones titled in red."""
    images = np.asarray(images)
    if images.ndim not in (3, 4):
        raise ValueError(f"images must have shape (n, h, w) or (n, h, w, c); got {images.shape}")
    n = len(images)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.1 * ncols, 1.3 * nrows), squeeze=False)
    name = (lambda i: class_names[int(i)]) if class_names is not None else (lambda i: str(int(i)))
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        img = images[i]
        ax.imshow(img.squeeze(-1) if img.ndim == 3 and img.shape[-1] == 1 else img, cmap=cmap)
        if labels is not None and preds is not None:
            ok = int(labels[i]) == int(preds[i])
            ax.set_title(f"{name(preds[i])}" + ("" if ok else f"\n(true {name(labels[i])})"),
                         fontsize=8, color="black" if ok else "red")
        elif labels is not None:
            ax.set_title(name(labels[i]), fontsize=8)
    fig.tight_layout()
    return fig


def confusion_matrix(
    y_true: Sequence[int], y_pred: Sequence[int], class_names: Sequence[str] | None = None,
    normalize: bool = False,
) -> Figure:
    """Confusion matrix (computed by scikit-learn) as an annotated heat-map; rows are true labels."""
    from sklearn.metrics import confusion_matrix as sk_cm

    labels = np.arange(len(class_names)) if class_names is not None else None
    cm = sk_cm(y_true, y_pred, labels=labels).astype(float)
    if normalize:
        cm = cm / np.maximum(cm.sum(1, keepdims=True), 1)
    k = cm.shape[0]
    names = list(class_names) if class_names is not None else [str(i) for i in range(k)]
    fig, ax = plt.subplots(figsize=(0.55 * k + 2, 0.55 * k + 1.5))
    im = ax.imshow(cm, cmap="Blues")
    ax.grid(False)
    ax.set(xticks=range(k), yticks=range(k), xticklabels=names, yticklabels=names,
           xlabel="predicted", ylabel="true", title="confusion matrix")
    plt.setp(ax.get_xticklabels(), rotation=45, ha="right")
    for (i, j), v in np.ndenumerate(cm):
        ax.text(j, i, f"{v:.2f}" if normalize else f"{int(v)}", ha="center", va="center",
                fontsize=7, color="white" if v > cm.max() / 2 else "black")
    fig.colorbar(im, ax=ax, fraction=0.046)
    fig.tight_layout()
    return fig


def decision_boundary(
    predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray, y: np.ndarray,
    resolution: int = 200, margin: float = 0.5,
) -> Figure:
    """Regions of a 2-D classifier with the data on top.

    ``predict`` maps an (m, 2) array to labels (m,) or class probabilities (m, k).
    """
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2); got {X.shape}")
    lo, hi = X.min(0) - margin, X.max(0) + margin
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    out = np.asarray(predict(np.column_stack([gx.ravel(), gy.ravel()])))
    z = out.argmax(1) if out.ndim == 2 and out.shape[1] > 1 else (out.reshape(-1) > 0.5 if out.dtype.kind == "f" else out.reshape(-1))
    fig, ax = plt.subplots()
    ax.contourf(gx, gy, z.reshape(gx.shape).astype(float), alpha=0.3, cmap="coolwarm")
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", edgecolors="k", s=18)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title="decision boundary")
    return fig


def function_and_derivative(
    f: Callable[[np.ndarray], np.ndarray], df: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray | None = None, name: str = "f",
) -> Figure:
    """A function and its derivative side by side."""
    x = np.linspace(-5, 5, 401) if x is None else np.asarray(x)
    fig, (a, b) = plt.subplots(1, 2, figsize=(8.4, 3.2))
    a.plot(x, f(x))
    a.set(title=f"{name}(x)", xlabel="x")
    b.plot(x, df(x), color="C1")
    b.set(title=f"{name}'(x)", xlabel="x")
    fig.tight_layout()
    return fig


def loss_surface(
    f: Callable[[np.ndarray, np.ndarray], np.ndarray], xlim: tuple[float, float],
    ylim: tuple[float, float], paths: Mapping[str, np.ndarray] | None = None,
    levels: int = 30, log: bool = False, resolution: int = 200,
) -> Figure:
    """Contours of ``f(X, Y)`` (vectorised over grids) with optimiser paths of shape (k, 2)."""
    gx, gy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    z = np.asarray(f(gx, gy), dtype=float)
    if log:
        z = np.log10(z - z.min() + 1e-3)
    fig, ax = plt.subplots(figsize=(6, 4.6))
    cs = ax.contour(gx, gy, z, levels=levels, cmap="viridis", linewidths=0.8)
    fig.colorbar(cs, ax=ax, label="log10 loss" if log else "loss")
    for name, p in (paths or {}).items():
        p = np.asarray(p)
        ax.plot(p[:, 0], p[:, 1], ".-", ms=3, lw=1.2, label=name)
        ax.plot(*p[-1], "x", color=ax.lines[-1].get_color())
    if paths:
        ax.legend()
    ax.set(xlabel="$w_1$", ylabel="$w_2$", xlim=xlim, ylim=ylim)
    return fig


def attention_heatmap(
    weights: np.ndarray, query_tokens: Sequence[str], key_tokens: Sequence[str] | None = None,
    title: str = "attention",
) -> Figure:
    """Attention weights (queries x keys) with the tokens on the axes."""
    w = np.asarray(weights)
    key_tokens = list(query_tokens) if key_tokens is None else list(key_tokens)
    if w.shape != (len(query_tokens), len(key_tokens)):
        raise ValueError(f"weights shape {w.shape} does not match "
                         f"({len(query_tokens)} queries, {len(key_tokens)} keys)")
    fig, ax = plt.subplots(figsize=(0.45 * len(key_tokens) + 2, 0.45 * len(query_tokens) + 1.2))
    im = ax.imshow(w, cmap="magma", vmin=0)
    ax.grid(False)
    ax.set(xticks=range(len(key_tokens)), yticks=range(len(query_tokens)),
           xticklabels=key_tokens, yticklabels=query_tokens, xlabel="key", ylabel="query", title=title)
    plt.setp(ax.get_xticklabels(), rotation=60, ha="right")
    fig.colorbar(im, ax=ax, fraction=0.046)
    fig.tight_layout()
    return fig
