"""Vectorised rendering for the image stand-ins (MNIST, Fashion-MNIST, CIFAR-10).

Shapes are drawn once into soft 64x64 templates (font glyphs or primitive shapes), then every
sample is a random affine view of one template, sampled bilinearly for all samples at once.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

TEMPLATE_SIZE = 64


def grid(size: int = TEMPLATE_SIZE) -> tuple[np.ndarray, np.ndarray]:
    """Pixel-centre coordinates in [-1, 1] (x to the right, y up) of a size x size image."""
    c = (np.arange(size) + 0.5) / size * 2 - 1
    xx, yy = np.meshgrid(c, -c)
    return xx, yy


def blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur of the last two axes (separable, via scipy)."""
    from scipy.ndimage import gaussian_filter

    axes_sigma = (0,) * (img.ndim - 2) + (sigma, sigma)
    return gaussian_filter(img.astype(np.float32), axes_sigma)


def glyph_templates(chars: str, font_files: Sequence[Path], fill: float = 0.72) -> np.ndarray:
    """Soft templates of shape (len(font_files), len(chars), 64, 64), glyphs centred.

    Each glyph is scaled so its height is ``fill`` of the template (MNIST digits fill about
    20 of 28 pixels) and rasterised with matplotlib's path tools, contour by contour with the
    even-odd rule so the holes of 0, 6, 8 and 9 stay open.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.path import Path as MplPath
    from matplotlib.textpath import TextPath

    xx, yy = grid()
    pts = np.column_stack([xx.ravel(), yy.ravel()])
    out = np.zeros((len(font_files), len(chars), TEMPLATE_SIZE, TEMPLATE_SIZE), np.float32)
    for f, font in enumerate(font_files):
        prop = FontProperties(fname=str(font))
        for c, ch in enumerate(chars):
            path = TextPath((0, 0), ch, size=1.0, prop=prop)
            polys = path.to_polygons()  # one closed contour each, curves flattened
            allv = np.concatenate(polys)
            lo, hi = allv.min(0), allv.max(0)
            scale = 2 * fill / max(hi[1] - lo[1], 1e-6)
            inside = np.zeros(len(pts), bool)
            for poly in polys:  # even-odd rule: inner contours (holes of 0, 6, 8, 9) cancel
                inside ^= MplPath((poly - (lo + hi) / 2) * scale).contains_points(pts)
            out[f, c] = inside.reshape(xx.shape)
    return out


def shape_mask(parts: Sequence[tuple], size: int = TEMPLATE_SIZE) -> np.ndarray:
    """Union of primitive shapes in [-1, 1]^2 coordinates (y up) as a 0/1 float mask.

    Parts: ``("ellipse", cx, cy, rx, ry)``, ``("rect", x0, y0, x1, y1)``,
    ``("poly", [(x, y), ...])``, or ``("cut", part)`` to subtract a part.
    """
    from matplotlib.path import Path as MplPath

    xx, yy = grid(size)
    mask = np.zeros_like(xx, dtype=bool)

    def draw(part: tuple) -> np.ndarray:
        kind = part[0]
        if kind == "ellipse":
            _, cx, cy, rx, ry = part
            return ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2 <= 1
        if kind == "rect":
            _, x0, y0, x1, y1 = part
            return (xx >= x0) & (xx <= x1) & (yy >= y0) & (yy <= y1)
        if kind == "poly":
            pts = np.column_stack([xx.ravel(), yy.ravel()])
            return MplPath(part[1]).contains_points(pts).reshape(xx.shape)
        raise ValueError(f"unknown shape part {kind!r}")

    for part in parts:
        if part[0] == "cut":
            mask &= ~draw(part[1])
        else:
            mask |= draw(part)
    return mask.astype(np.float32)


def random_affines(
    rng: np.random.Generator,
    n: int,
    *,
    rotate_deg: float,
    scale: tuple[float, float],
    shear: float,
    shift: float,
    flip: bool = False,
) -> np.ndarray:
    """n random affine maps from output coordinates to template coordinates, shape (n, 2, 3).

    ``shift`` is in units of the [-1, 1] square.
    """
    theta = np.deg2rad(rng.uniform(-rotate_deg, rotate_deg, n))
    s = rng.uniform(*scale, n) * rng.uniform(0.92, 1.08, (2, n))  # slight aspect change
    sh = rng.uniform(-shear, shear, n)
    cos, sin = np.cos(theta), np.sin(theta)
    # forward map M = R @ Shear @ diag(s); we need the inverse to sample the template
    m = np.empty((n, 2, 2))
    m[:, 0, 0] = cos * s[0]
    m[:, 0, 1] = cos * sh * s[1] - sin * s[1]
    m[:, 1, 0] = sin * s[0]
    m[:, 1, 1] = sin * sh * s[1] + cos * s[1]
    if flip:
        m[:, :, 0] *= np.where(rng.random(n) < 0.5, -1.0, 1.0)[:, None]
    inv = np.linalg.inv(m)
    t = rng.uniform(-shift, shift, (n, 2))
    out = np.empty((n, 2, 3))
    out[:, :, :2] = inv
    out[:, :, 2] = -np.einsum("nij,nj->ni", inv, t)
    return out


def smooth_displacement(rng: np.random.Generator, n: int, out_size: int, strength: float,
                        coarse: int = 4) -> np.ndarray:
    """Elastic distortion: smooth random offsets of shape (n, 2, out_size**2) in [-1, 1] units.

    A coarse random grid per sample, interpolated bilinearly to the full grid with one matrix
    product on each side (vectorised over samples).
    """
    pos = np.linspace(0, coarse - 1, out_size)
    lo = np.minimum(np.floor(pos).astype(int), coarse - 2)
    frac = pos - lo
    up = np.zeros((out_size, coarse))
    up[np.arange(out_size), lo] = 1 - frac
    up[np.arange(out_size), lo + 1] = frac
    field = rng.normal(0, strength, (n, 2, coarse, coarse))
    return np.einsum("ia,nkab,jb->nkij", up, field, up).reshape(n, 2, out_size * out_size)


def warp(
    templates: np.ndarray, ids: np.ndarray, affines: np.ndarray, out_size: int, chunk: int = 8192,
    displacement: np.ndarray | None = None,
) -> np.ndarray:
    """Sample ``templates[ids[i]]`` through ``affines[i]`` at out_size x out_size, bilinearly.

    templates: (T, 64, 64[, C]) float; returns (n, out_size, out_size[, C]) float32; outside
    the template reads as 0. ``displacement`` (n, 2, out_size**2), if given, is added to the
    sampling positions (elastic distortion).
    """
    t_count, size = templates.shape[0], templates.shape[1]
    extra = templates.shape[3:]
    # a one-pixel zero border: clipped out-of-range reads land on it, so outside reads 0
    pad = np.pad(templates.reshape(t_count, size, size, -1).astype(np.float32),
                 ((0, 0), (1, 1), (1, 1), (0, 0)))
    side = size + 2
    flat_t = pad.reshape(t_count * side * side, -1)
    xx, yy = grid(out_size)
    coords = np.stack([xx.ravel(), yy.ravel(), np.ones(xx.size)])  # (3, P)
    n = len(ids)
    out = np.empty((n, out_size * out_size, flat_t.shape[1]), np.float32)
    for start in range(0, n, chunk):  # chunks bound memory; each chunk is fully vectorised
        sl = slice(start, min(start + chunk, n))
        src = np.einsum("nij,jp->nip", affines[sl], coords).astype(np.float32)  # (k, 2, P)
        if displacement is not None:
            src += displacement[sl]
        # to padded template pixel coordinates (column, row)
        col = np.clip((src[:, 0] + 1) / 2 * size + 0.5, 0, side - 1.001)
        row = np.clip((1 - src[:, 1]) / 2 * size + 0.5, 0, side - 1.001)
        c0, r0 = col.astype(np.int64), row.astype(np.int64)
        fc, fr = (col - c0)[..., None], (row - r0)[..., None]
        base = ids[sl][:, None].astype(np.int64) * side * side + r0 * side + c0
        out[sl] = ((flat_t[base] * (1 - fc) + flat_t[base + 1] * fc) * (1 - fr)
                   + (flat_t[base + side] * (1 - fc) + flat_t[base + side + 1] * fc) * fr)
    return out.reshape((n, out_size, out_size) + (extra if extra else ()))
