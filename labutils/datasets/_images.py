"""Generators of the image stand-ins: digits (MNIST), clothing (Fashion-MNIST), objects (CIFAR-10).

Each returns ``(x, y)`` with the real dataset's shape and dtype and is fully determined by its
seed. Used by :mod:`labutils.datasets` when the real data cannot be downloaded.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from labutils.datasets import _render

DIGIT_FONTS = (
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf",
    "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold.ttf", "STIXGeneral.ttf", "STIXGeneralBol.ttf", "STIXGeneralItalic.ttf",
    "cmr10.ttf", "cmss10.ttf", "cmtt10.ttf", "cmb10.ttf",
)


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _finish_gray(rng: np.random.Generator, soft: np.ndarray, noise: float) -> np.ndarray:
    """Soft coverage -> uint8 strokes of random width and contrast, plus sensor noise."""
    n = soft.shape[0]
    thr = rng.uniform(0.35, 0.65, (n, 1, 1))  # lower threshold = thicker stroke
    ink = 1 / (1 + np.exp(-(soft - thr) * 14))
    ink *= rng.uniform(0.75, 1.0, (n, 1, 1))
    ink += np.abs(rng.normal(0, noise, soft.shape)) * (rng.random(soft.shape) < 0.04)
    return (np.clip(ink, 0, 1) * 255).round().astype(np.uint8)


def digits(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """MNIST-like 28x28 uint8 digits rendered from matplotlib's bundled fonts."""
    rng = np.random.default_rng(seed)
    fonts = [_font_dir() / f for f in DIGIT_FONTS]
    tmpl = _render.glyph_templates("0123456789", fonts)  # (F, 10, 64, 64)
    tmpl = _render.blur(tmpl, 1.0).reshape(-1, 64, 64)
    y = rng.integers(0, 10, n).astype(np.uint8)
    font = rng.integers(0, len(fonts), n)
    aff = _render.random_affines(rng, n, rotate_deg=18, scale=(0.72, 1.05), shear=0.35, shift=0.14)
    soft = _render.warp(tmpl, font * 10 + y, aff, 28,
                        displacement=_render.smooth_displacement(rng, n, 28, strength=0.07))
    img = _finish_gray(rng, soft, noise=0.25)
    # occlusion: a random band erased from about a fifth of the digits, as by a pen lift or a crease
    _, yy = _render.grid(28)
    xx = yy.T
    occluded = rng.random(n) < 0.2
    angle = rng.uniform(0, np.pi, n)[:, None, None]
    offset = rng.uniform(-0.5, 0.5, n)[:, None, None]
    band = np.abs(np.cos(angle) * xx[None] + np.sin(angle) * yy[None] - offset) < 0.07
    img[occluded[:, None, None] & band] = 0
    return img, y


FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")

_FASHION_SHAPES: tuple[tuple, ...] = (
    # T-shirt: body and short sleeves
    (("rect", -0.45, -0.8, 0.45, 0.55), ("poly", [(-0.45, 0.55), (-0.85, 0.25), (-0.7, 0.05), (-0.45, 0.25)]),
     ("poly", [(0.45, 0.55), (0.85, 0.25), (0.7, 0.05), (0.45, 0.25)]), ("cut", ("ellipse", 0, 0.6, 0.18, 0.12))),
    # Trouser: two legs
    (("rect", -0.4, 0.55, 0.4, 0.85), ("poly", [(-0.4, 0.6), (-0.05, 0.6), (-0.08, -0.9), (-0.42, -0.9)]),
     ("poly", [(0.05, 0.6), (0.4, 0.6), (0.42, -0.9), (0.08, -0.9)])),
    # Pullover: body and long sleeves
    (("rect", -0.45, -0.8, 0.45, 0.6), ("poly", [(-0.45, 0.6), (-0.8, 0.3), (-0.85, -0.75), (-0.62, -0.75), (-0.45, 0.2)]),
     ("poly", [(0.45, 0.6), (0.8, 0.3), (0.85, -0.75), (0.62, -0.75), (0.45, 0.2)]), ("cut", ("ellipse", 0, 0.65, 0.15, 0.1))),
    # Dress: narrow top, wide skirt
    (("poly", [(-0.25, 0.8), (0.25, 0.8), (0.3, 0.1), (0.65, -0.9), (-0.65, -0.9), (-0.3, 0.1)]),),
    # Coat: long sleeves, long body, open front
    (("rect", -0.5, -0.9, 0.5, 0.65), ("poly", [(-0.5, 0.65), (-0.85, 0.3), (-0.9, -0.7), (-0.68, -0.7), (-0.5, 0.2)]),
     ("poly", [(0.5, 0.65), (0.85, 0.3), (0.9, -0.7), (0.68, -0.7), (0.5, 0.2)]), ("cut", ("rect", -0.03, -0.9, 0.03, 0.65))),
    # Sandal: sole and straps
    (("rect", -0.85, -0.35, 0.85, -0.2), ("rect", -0.6, -0.2, -0.45, 0.2), ("rect", -0.1, -0.2, 0.05, 0.25),
     ("rect", 0.4, -0.2, 0.55, 0.1), ("rect", -0.6, 0.1, 0.55, 0.2)),
    # Shirt: like T-shirt with long sleeves and a collar slit
    (("rect", -0.45, -0.85, 0.45, 0.6), ("poly", [(-0.45, 0.6), (-0.75, 0.35), (-0.8, -0.6), (-0.6, -0.6), (-0.45, 0.25)]),
     ("poly", [(0.45, 0.6), (0.75, 0.35), (0.8, -0.6), (0.6, -0.6), (0.45, 0.25)]),
     ("cut", ("poly", [(-0.12, 0.6), (0.12, 0.6), (0, 0.3)]))),
    # Sneaker: low shoe
    (("poly", [(-0.85, -0.35), (0.85, -0.35), (0.85, -0.1), (0.3, 0.0), (-0.1, 0.3), (-0.6, 0.3), (-0.85, 0.0)]),),
    # Bag: box with handle
    (("rect", -0.7, -0.7, 0.7, 0.3), ("ellipse", 0, 0.3, 0.4, 0.4), ("cut", ("ellipse", 0, 0.3, 0.28, 0.28)),
     ("rect", -0.7, -0.7, 0.7, 0.3)),
    # Ankle boot: shaft and foot
    (("poly", [(-0.6, 0.8), (0.0, 0.8), (0.05, 0.0), (0.85, -0.3), (0.85, -0.7), (-0.6, -0.7)]),),
)


def clothing(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Fashion-MNIST-like 28x28 uint8 silhouettes of the ten Fashion-MNIST classes."""
    rng = np.random.default_rng(seed)
    tmpl = np.stack([_render.shape_mask(s) for s in _FASHION_SHAPES])
    tmpl = _render.blur(tmpl, 1.2)
    y = rng.integers(0, 10, n).astype(np.uint8)
    aff = _render.random_affines(rng, n, rotate_deg=8, scale=(0.8, 1.0), shear=0.15, shift=0.06)
    soft = _render.warp(tmpl, y.astype(np.int64), aff, 28)
    # fabric shading: a random vertical gradient over the silhouette
    xx, yy = _render.grid(28)
    shade = 0.75 + 0.25 * np.sin(yy[None] * rng.uniform(1, 4, (n, 1, 1)) + rng.uniform(0, 6, (n, 1, 1)))
    return _finish_gray(rng, soft * shade, noise=0.2), y


CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer",
                   "dog", "frog", "horse", "ship", "truck")

_OBJECT_SHAPES: tuple[tuple, ...] = (
    # airplane: fuselage, wings, tail
    (("ellipse", 0, 0, 0.8, 0.12), ("poly", [(-0.1, 0.05), (0.15, 0.05), (-0.25, 0.7), (-0.4, 0.7)]),
     ("poly", [(-0.1, -0.05), (0.15, -0.05), (-0.25, -0.7), (-0.4, -0.7)]), ("poly", [(-0.65, 0), (-0.8, 0.35), (-0.7, 0.35), (-0.5, 0)])),
    # automobile: low body, cabin, two wheels
    (("rect", -0.75, -0.25, 0.75, 0.1), ("poly", [(-0.4, 0.1), (-0.25, 0.4), (0.3, 0.4), (0.45, 0.1)]),
     ("ellipse", -0.45, -0.3, 0.17, 0.17), ("ellipse", 0.45, -0.3, 0.17, 0.17)),
    # bird: round body, head, beak, tail
    (("ellipse", 0, 0, 0.45, 0.3), ("ellipse", 0.45, 0.25, 0.2, 0.2), ("poly", [(0.62, 0.3), (0.85, 0.22), (0.62, 0.18)]),
     ("poly", [(-0.4, 0.05), (-0.85, 0.25), (-0.85, -0.1)])),
    # cat: body, head with pointed ears, tail
    (("ellipse", -0.1, -0.25, 0.5, 0.3), ("ellipse", 0.45, 0.2, 0.25, 0.22), ("poly", [(0.3, 0.35), (0.35, 0.65), (0.45, 0.38)]),
     ("poly", [(0.5, 0.38), (0.6, 0.65), (0.65, 0.32)]), ("poly", [(-0.55, -0.2), (-0.85, 0.4), (-0.75, 0.45), (-0.5, -0.05)])),
    # deer: body, long legs, neck, antlers
    (("ellipse", 0, 0.05, 0.5, 0.2), ("rect", -0.4, -0.75, -0.3, 0), ("rect", 0.3, -0.75, 0.4, 0), ("poly", [(0.35, 0.1), (0.55, 0.55), (0.65, 0.5), (0.5, 0.05)]),
     ("ellipse", 0.62, 0.55, 0.14, 0.09), ("poly", [(0.55, 0.6), (0.45, 0.95), (0.5, 0.95), (0.6, 0.62)]), ("poly", [(0.65, 0.6), (0.8, 0.95), (0.85, 0.92), (0.7, 0.6)])),
    # dog: body, legs, head with floppy ear
    (("ellipse", 0, -0.05, 0.5, 0.25), ("rect", -0.4, -0.6, -0.28, -0.1), ("rect", 0.28, -0.6, 0.4, -0.1), ("ellipse", 0.5, 0.25, 0.22, 0.18),
     ("ellipse", 0.72, 0.18, 0.15, 0.09), ("ellipse", 0.4, 0.2, 0.07, 0.2)),
    # frog: wide squat body, bulging eyes, bent legs
    (("ellipse", 0, -0.15, 0.6, 0.3), ("ellipse", -0.25, 0.15, 0.13, 0.13), ("ellipse", 0.25, 0.15, 0.13, 0.13),
     ("poly", [(-0.55, -0.2), (-0.9, -0.45), (-0.7, -0.5)]), ("poly", [(0.55, -0.2), (0.9, -0.45), (0.7, -0.5)])),
    # horse: long body, four legs, long neck and head, tail
    (("ellipse", 0, 0.05, 0.55, 0.22), ("rect", -0.45, -0.8, -0.35, 0), ("rect", -0.2, -0.8, -0.1, 0), ("rect", 0.25, -0.8, 0.35, 0),
     ("rect", 0.4, -0.8, 0.5, 0), ("poly", [(0.35, 0.1), (0.6, 0.6), (0.75, 0.55), (0.5, 0.0)]), ("ellipse", 0.75, 0.55, 0.2, 0.1),
     ("poly", [(-0.5, 0.15), (-0.85, -0.4), (-0.75, -0.4), (-0.45, 0.0)])),
    # ship: hull and superstructure
    (("poly", [(-0.9, 0.0), (0.9, 0.0), (0.7, -0.35), (-0.7, -0.35)]), ("rect", -0.4, 0.0, 0.3, 0.25), ("rect", -0.1, 0.25, 0.05, 0.5)),
    # truck: cab and long box, three wheels
    (("rect", -0.85, -0.25, 0.35, 0.45), ("poly", [(0.35, -0.25), (0.85, -0.25), (0.85, 0.1), (0.65, 0.3), (0.35, 0.3)]),
     ("ellipse", -0.6, -0.32, 0.15, 0.15), ("ellipse", -0.2, -0.32, 0.15, 0.15), ("ellipse", 0.6, -0.32, 0.15, 0.15)),
)

# background scenes: 0 sky, 1 grass, 2 water, 3 road, 4 indoor
_SCENE_PROBS = np.array([
    [0.7, 0.1, 0.1, 0.0, 0.1],  # airplane
    [0.1, 0.2, 0.0, 0.6, 0.1],  # automobile
    [0.5, 0.3, 0.1, 0.0, 0.1],  # bird
    [0.0, 0.3, 0.0, 0.1, 0.6],  # cat
    [0.1, 0.8, 0.0, 0.0, 0.1],  # deer
    [0.0, 0.4, 0.0, 0.2, 0.4],  # dog
    [0.0, 0.6, 0.3, 0.0, 0.1],  # frog
    [0.1, 0.8, 0.0, 0.0, 0.1],  # horse
    [0.2, 0.0, 0.8, 0.0, 0.0],  # ship
    [0.1, 0.2, 0.0, 0.6, 0.1],  # truck
])
_SCENE_TOP = np.array([[0.45, 0.65, 0.9], [0.55, 0.7, 0.9], [0.6, 0.75, 0.9], [0.7, 0.75, 0.8], [0.6, 0.5, 0.4]])
_SCENE_BOTTOM = np.array([[0.7, 0.8, 0.95], [0.3, 0.55, 0.2], [0.15, 0.35, 0.6], [0.35, 0.35, 0.35], [0.45, 0.35, 0.25]])
# object colour palettes (RGB means) per class
_OBJECT_COLOURS = np.array([
    [0.85, 0.85, 0.9], [0.8, 0.15, 0.15], [0.3, 0.3, 0.6], [0.5, 0.4, 0.3], [0.55, 0.4, 0.25],
    [0.45, 0.35, 0.25], [0.25, 0.6, 0.2], [0.4, 0.25, 0.15], [0.9, 0.9, 0.9], [0.3, 0.4, 0.7],
])


def objects(n: int, seed: int, chunk: int = 5000) -> tuple[np.ndarray, np.ndarray]:
    """CIFAR-10-like 32x32x3 uint8 images of ten procedurally drawn object classes.

    Shape carries the class; the scene (sky, grass, water, road, indoor) and colour are
    correlated with it, as in real photos, but never decide it alone. Clutter (random blobs
    and bars), textures, partial occlusion by the frame, lighting and noise make it hard
    enough that a small CNN is far from perfect, as on the real CIFAR-10.

    Generated in chunks (each vectorised, with its own seeded generator) to bound memory.
    """
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(-(-n // chunk))]
    parts = [_objects_chunk(min(chunk, n - i * chunk), r) for i, r in enumerate(rngs)]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _objects_chunk(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    tmpl = _render.blur(np.stack([_render.shape_mask(s) for s in _OBJECT_SHAPES]), 1.0)
    y = rng.integers(0, 10, n)
    aff = _render.random_affines(rng, n, rotate_deg=25, scale=(0.45, 1.0), shear=0.25, shift=0.35, flip=True)
    mask = _render.warp(tmpl, y, aff, 32)[..., None]
    # scene per sample, sampled from the class's scene probabilities (vectorised inverse CDF),
    # mixed half the time with a uniformly random scene
    probs = 0.5 * _SCENE_PROBS[y] + 0.5 / _SCENE_PROBS.shape[1]
    cdf = np.cumsum(probs, axis=1)
    scene = np.minimum((rng.random((n, 1)) > cdf).sum(1), 4)
    xx, yy = (g.astype(np.float32) for g in _render.grid(32))
    horizon = (rng.uniform(-0.5, 0.4, (n, 1, 1)) + rng.uniform(-0.3, 0.3, (n, 1, 1)) * xx[None]).astype(np.float32)
    lower = (yy[None] < horizon)[..., None]
    top = (_SCENE_TOP[scene] + rng.normal(0, 0.08, (n, 3)))[:, None, None, :].astype(np.float32)
    bottom = (np.where((scene == 0)[:, None], _SCENE_TOP[0], _SCENE_BOTTOM[scene])
              + rng.normal(0, 0.08, (n, 3)))[:, None, None, :].astype(np.float32)
    bg = np.where(lower, bottom, top)
    # clutter: three random blobs or bars per image, in random colours (drawn at 16x16 and
    # upsampled: clutter needs no fine detail, and this keeps generation within its time budget)
    clutter_ids = rng.integers(0, len(_CLUTTER), (n, 3))
    c_aff = _render.random_affines(rng, 3 * n, rotate_deg=90, scale=(0.2, 0.6), shear=0.3, shift=0.9)
    clutter = _render.warp(_CLUTTER_TEMPLATES, clutter_ids.ravel(), c_aff, 16).reshape(n, 3, 16, 16)
    clutter = clutter.repeat(2, axis=2).repeat(2, axis=3)
    for k in range(3):  # three clutter layers, each vectorised over all images
        a = (clutter[:, k] * rng.uniform(0.3, 0.9, (n, 1, 1)).astype(np.float32))[..., None]
        bg = bg * (1 - a) + rng.random((n, 1, 1, 3), dtype=np.float32) * a
    colour_mean = _OBJECT_COLOURS[y]
    use_random = rng.random((n, 1)) < 0.5
    colour = np.where(use_random, rng.random((n, 3)), colour_mean + rng.normal(0, 0.12, (n, 3)))
    # texture: stripes or spots of a second colour on part of the objects
    freq = rng.uniform(4, 14, (n, 1, 1)).astype(np.float32)
    phase = rng.uniform(0, 2 * np.pi, (n, 1, 1)).astype(np.float32)
    theta = rng.uniform(0, np.pi, (n, 1, 1)).astype(np.float32)
    stripes = (np.sin(freq * (np.cos(theta) * xx[None] + np.sin(theta) * yy[None]) + phase) > 0.3)
    textured = (rng.random((n, 1, 1)) < 0.4) & stripes
    second = rng.random((n, 3))
    shade = (0.75 + 0.25 * yy[None, ..., None]).astype(np.float32)  # lit from above
    obj = np.where(textured[..., None], second[:, None, None, :], colour[:, None, None, :]).astype(np.float32) * shade
    img = bg * (1 - mask) + obj * mask
    # lighting and sensor noise
    img = img * rng.uniform(0.6, 1.3, (n, 1, 1, 1)).astype(np.float32) + rng.uniform(-0.15, 0.15, (n, 1, 1, 1)).astype(np.float32)
    img += rng.standard_normal(img.shape, dtype=np.float32) * np.float32(0.06)
    return (np.clip(img, 0, 1) * 255).round().astype(np.uint8), y.astype(np.uint8)


_CLUTTER = (
    (("ellipse", 0, 0, 0.9, 0.5),),
    (("rect", -0.9, -0.15, 0.9, 0.15),),
    (("poly", [(-0.8, -0.7), (0.9, -0.5), (0.1, 0.8)]),),
    (("ellipse", 0, 0, 0.6, 0.6), ("cut", ("ellipse", 0, 0, 0.35, 0.35))),
)
_CLUTTER_TEMPLATES = _render.blur(np.stack([_render.shape_mask(s) for s in _CLUTTER]), 1.0)
