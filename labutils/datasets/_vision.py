"""Course-authored images for notebook 18 (18_detection_segmentation): street scenes with boxes,
"medical" images with lesion masks, and shape images with captions.

None of them stands in for a real dataset; the course writes them so that each lesson has data
whose ground truth is known exactly and which a laptop CPU can learn from in minutes:

- :func:`street_scenes`: a road under a sky, buildings on the horizon, clutter (blobs, bare
  poles, lane marks, noise), and one to six objects of three classes (``SCENE_CLASSES``: car,
  pedestrian, traffic sign) drawn as silhouettes. Perspective sets the scale: an object standing
  lower in the picture is nearer, so larger, and is drawn later, so it hides the ones behind it.
  Boxes are the full (amodal) extent of each silhouette, as KITTI labels occluded objects; the
  visible fraction of each object is returned beside its box, and an object less than 15%
  visible is not labelled (its few visible pixels are left as clutter).
- :func:`lesion_images`: grey "tissue" (smooth texture) with round cells (a bright body and a
  dark nucleus) and zero to two lesions (irregular bright blobs without a nucleus), blurred, with
  a smooth multiplicative bias field and an offset (intensity drift) and noise. The lesion mask is
  the target; it covers about one pixel in a hundred, so the classes are heavily imbalanced.
- :func:`shape_captions`: one coloured shape (``CAPTION_COLOURS`` x ``CAPTION_SHAPES``, small or
  large, left or right) on a noisy background with a distractor speck, and its caption ("a small
  red circle on the left").

Everything is vectorised with numpy over images (the loops run over object slots and shape
parts, a handful each) and fully determined by the seed. Used by :mod:`labutils.datasets`.
"""
from __future__ import annotations

import numpy as np

#: Bump when a generator changes, so cached images made by an older version are not reused.
VERSION = 2
SCENE_CLASSES = ("car", "pedestrian", "sign")
#: Most objects in one street scene (rows of ``boxes`` beyond a scene's count are padding).
MAX_OBJECTS = 6
#: An object less visible than this (hidden behind nearer ones) is not labelled.
MIN_VISIBLE = 0.15
CAPTION_COLOURS = ("red", "green", "blue", "yellow")
CAPTION_SHAPES = ("circle", "square", "triangle", "cross")
CAPTION_SIZES = ("small", "large")
CAPTION_SIDES = ("left", "right")
_RGB = np.array([[205, 40, 40], [40, 170, 60], [45, 80, 215], [225, 200, 40]], np.float32)

# Silhouette parts in box coordinates (u across, v down, both in [0, 1]): class, kind, u0, v0,
# u1, v1 (an ellipse is given by its bounding box), and which colour paints it.
_PARTS = (
    (0, "rect", 0.00, 0.38, 1.00, 0.82, "body"),  # car: body,
    (0, "rect", 0.18, 0.00, 0.78, 0.42, "body"),  # cabin,
    (0, "rect", 0.27, 0.08, 0.70, 0.36, "glass"),  # window,
    (0, "ellipse", 0.06, 0.62, 0.38, 1.00, "dark"),  # wheels
    (0, "ellipse", 0.62, 0.62, 0.94, 1.00, "dark"),
    (1, "ellipse", 0.22, 0.00, 0.78, 0.19, "skin"),  # pedestrian: head,
    (1, "rect", 0.08, 0.17, 0.92, 0.62, "body"),  # torso,
    (1, "rect", 0.14, 0.60, 0.44, 1.00, "dark"),  # legs
    (1, "rect", 0.56, 0.60, 0.86, 1.00, "dark"),
    (2, "ellipse", 0.00, 0.00, 1.00, 0.46, "body"),  # sign: plate,
    (2, "ellipse", 0.22, 0.10, 0.78, 0.36, "glass"),  # its face,
    (2, "rect", 0.40, 0.44, 0.60, 1.00, "grey"),  # pole
)
#: Per class: height as a fraction of the image at the horizon and its growth towards the bottom
#: edge, and the aspect ratio (width / height) range.
_SCALE = {0: (0.07, 0.23, 1.5, 2.0), 1: (0.12, 0.33, 0.38, 0.50), 2: (0.15, 0.30, 0.48, 0.60)}


def _check(n: int, seed: int, size: int, low_size: int) -> None:
    for arg, v, lo in (("n", n, 1), ("seed", seed, 0), ("size", size, low_size)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < lo:
            raise ValueError(f"{arg} must be an int >= {lo}; got {v!r}")


def _grid(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel centres: x as (1, 1, size) and y as (1, size, 1), to broadcast over (n, y, x)."""
    c = np.arange(size, dtype=np.float32) + 0.5
    return c[None, None, :], c[None, :, None]


def _inside(kind: str, u: np.ndarray, v: np.ndarray, u0, v0, u1, v1) -> np.ndarray:
    """Whether box coordinates (u (n, 1, W), v (n, H, 1)) fall in a rectangle or an ellipse."""
    if kind == "rect":
        return ((u >= u0) & (u < u1)) & ((v >= v0) & (v < v1))
    cu, cv, ru, rv = (u0 + u1) / 2, (v0 + v1) / 2, (u1 - u0) / 2, (v1 - v0) / 2
    return ((u - cu) / ru) ** 2 + ((v - cv) / rv) ** 2 <= 1.0


def _paint(img: np.ndarray, mask: np.ndarray, colour: np.ndarray) -> None:
    """img (n, H, W, 3) takes colour (n, 3) where mask (n, H, W) is set, in place."""
    np.copyto(img, colour[:, None, None, :], where=mask[..., None])


# ------------------------------------------------------------------ street scenes
def _street_background(rng: np.random.Generator, n: int, size: int
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Sky, buildings, road with a dashed centre line, bare poles and blobs: (images, horizon)."""
    x, y = _grid(size)
    horizon = rng.uniform(0.34, 0.48, n).astype(np.float32) * size
    hz = horizon[:, None, None]
    top = np.array([110, 160, 225], np.float32) + rng.uniform(-20, 20, (n, 3))
    low = np.array([195, 210, 232], np.float32) + rng.uniform(-15, 15, (n, 3))
    t = np.clip(y / hz, 0, 1)[..., None]  # (n, H, 1, 1)
    img = np.broadcast_to(top[:, None, None] * (1 - t) + low[:, None, None] * t,
                          (n, size, size, 3)).copy()
    for _ in range(5):  # buildings standing on the horizon
        bx = rng.uniform(-0.1, 1.0, n) * size
        bw = rng.uniform(0.08, 0.3, n) * size
        bh = rng.uniform(0.08, 0.35, n) * size
        m = ((x >= bx[:, None, None]) & (x < (bx + bw)[:, None, None])
             & (y >= (horizon - bh)[:, None, None]) & (y < hz))
        _paint(img, m, rng.uniform(70, 190, (n, 1)) * rng.uniform(0.8, 1.2, (n, 3)))
    road = (y >= hz) & np.ones_like(x, bool)
    _paint(img, road, np.array([92, 92, 98], np.float32) + rng.uniform(-18, 18, (n, 3)))
    depth = np.clip((y - hz) / (size - hz), 0, 1)  # 0 at the horizon, 1 at the bottom edge
    lane = road & (np.abs(x - size / 2) < 0.4 + 1.2 * depth) & (np.floor(y / 4) % 2 == 0)
    _paint(img, lane, np.full((n, 3), 225, np.float32))
    for _ in range(2):  # bare poles (a sign without its plate)
        px = rng.uniform(0, size, n)
        ph = rng.uniform(0.1, 0.35, n) * size
        foot = rng.uniform(horizon + 2, size, n)
        m = ((np.abs(x - px[:, None, None]) < 0.6 + 0.04 * ph[:, None, None])
             & (y >= (foot - ph)[:, None, None]) & (y < foot[:, None, None]))
        _paint(img, m, np.full((n, 3), 125, np.float32) + rng.uniform(-25, 25, (n, 1)))
    for _ in range(4):  # blobs of any colour
        cx, cy = rng.uniform(0, size, n), rng.uniform(horizon, size, n)
        r = rng.uniform(1.0, 3.5, (2, n))
        m = ((x - cx[:, None, None]) / r[0][:, None, None]) ** 2 + \
            ((y - cy[:, None, None]) / r[1][:, None, None]) ** 2 <= 1
        _paint(img, m, rng.uniform(20, 235, (n, 3)))
    return img, horizon


#: How often each of ``SCENE_CLASSES`` is drawn.
CLASS_SHARES = (0.45, 0.35, 0.20)


def _street_objects(rng: np.random.Generator, n: int, size: int, horizon: np.ndarray,
                    shares: tuple[float, ...] = CLASS_SHARES) -> tuple[np.ndarray, np.ndarray]:
    """Classes (n, K) (-1: no object) and boxes (n, K, 4) [x0, y0, x1, y1], sorted far to near."""
    count = 1 + rng.binomial(MAX_OBJECTS - 1, 0.5, n)
    cls = rng.choice(3, (n, MAX_OBJECTS), p=list(shares))
    foot = rng.uniform(horizon[:, None] + 3, size, (n, MAX_OBJECTS))
    depth = (foot - horizon[:, None]) / (size - horizon[:, None])
    table = np.array([_SCALE[c] for c in range(3)], np.float32)[cls]  # (n, K, 4)
    h = size * (table[..., 0] + table[..., 1] * depth) * rng.uniform(0.85, 1.15, (n, MAX_OBJECTS))
    h = np.minimum(h, foot)
    w = h * rng.uniform(table[..., 2], table[..., 3])
    x0 = rng.uniform(0, 1, (n, MAX_OBJECTS)) * (size - w)
    boxes = np.stack([x0, foot - h, x0 + w, foot], -1).astype(np.float32)
    present = np.arange(MAX_OBJECTS)[None] < count[:, None]
    key = np.where(present, foot, np.inf)  # far (small foot y) first; padding last
    order = np.argsort(key, axis=1, kind="stable")
    cls = np.where(present, cls, -1)
    return (np.take_along_axis(cls, order, 1),
            np.take_along_axis(boxes, order[..., None], 1))


def street_scenes(n: int, seed: int = 0, size: int = 64,
                  shares: tuple[float, ...] = CLASS_SHARES) -> dict[str, np.ndarray]:
    """``n`` street scenes of ``size`` x ``size`` pixels, each object of class c drawn with
    probability ``shares[c]`` (``(0, 1, 0)``: pedestrians only, the stand-in of
    :func:`labutils.datasets.load_pedestrians`).

    Returns ``{"images": uint8 (n, size, size, 3), "labels": int64 (n, K) (class index into
    SCENE_CLASSES, -1 for an empty slot), "boxes": float32 (n, K, 4) [x0, y0, x1, y1] in pixels
    (zeros in empty slots), "visible": float32 (n, K) (the fraction of the object's silhouette
    not hidden by nearer objects)}`` with ``K = MAX_OBJECTS``; objects are sorted far to near.
    """
    _check(n, seed, size, 32)
    rng = np.random.default_rng([seed, 18, 1])
    img, horizon = _street_background(rng, n, size)
    labels, boxes = _street_objects(rng, n, size, horizon, shares)
    x, y = _grid(size)
    colours = {"body": None, "glass": np.array([175, 205, 225], np.float32),
               "skin": np.array([215, 170, 130], np.float32),
               "dark": np.array([32, 32, 38], np.float32),
               "grey": np.array([140, 140, 140], np.float32)}
    silhouettes = np.zeros((n, MAX_OBJECTS, size, size), bool)
    for k in range(MAX_OBJECTS):  # far to near: nearer objects are drawn over farther ones
        b = boxes[:, k, :, None, None]
        u = (x - b[:, 0]) / np.maximum(b[:, 2] - b[:, 0], 1e-3)
        v = (y - b[:, 1]) / np.maximum(b[:, 3] - b[:, 1], 1e-3)
        body = rng.uniform(25, 235, (n, 3)).astype(np.float32)
        for c, kind, u0, v0, u1, v1, paint in _PARTS:
            m = (labels[:, k] == c)[:, None, None] & _inside(kind, u, v, u0, v0, u1, v1)
            silhouettes[:, k] |= m
            colour = body if paint == "body" else np.broadcast_to(colours[paint], (n, 3))
            _paint(img, m, colour + rng.uniform(-12, 12, (n, 1)))
    hidden = np.zeros_like(silhouettes)
    for k in range(MAX_OBJECTS - 2, -1, -1):  # covered by any nearer object
        hidden[:, k] = hidden[:, k + 1] | silhouettes[:, k + 1]
    area = silhouettes.sum((2, 3))
    visible = np.where(area > 0, (silhouettes & ~hidden).sum((2, 3)) / np.maximum(area, 1), 0.0)
    img += rng.normal(0, 7, img.shape).astype(np.float32)
    labels = np.where(visible >= MIN_VISIBLE, labels, -1)  # (nearly) hidden: not labelled
    keep = np.argsort(labels < 0, axis=1, kind="stable")  # labelled objects first, in order
    labels, visible = np.take_along_axis(labels, keep, 1), np.take_along_axis(visible, keep, 1)
    boxes = np.take_along_axis(boxes, keep[..., None], 1)
    present = labels >= 0
    boxes = np.where(present[..., None], np.clip(boxes, 0, size), 0).astype(np.float32)
    return {"images": np.clip(np.round(img), 0, 255).astype(np.uint8),
            "labels": labels.astype(np.int64), "boxes": boxes,
            "visible": np.where(present, visible, 0).astype(np.float32)}


# ------------------------------------------------------------------ lesion images
def _smooth_field(rng: np.random.Generator, n: int, size: int, waves: int, scale: float
                  ) -> np.ndarray:
    """A smooth random field (n, size, size): a sum of ``waves`` low-frequency plane waves."""
    x, y = _grid(size)
    field = np.zeros((n, size, size), np.float32)
    for _ in range(waves):
        f = rng.uniform(0.5, 2.5, (2, n)).astype(np.float32) * 2 * np.pi / size
        phase = rng.uniform(0, 2 * np.pi, n).astype(np.float32)
        field += np.cos(f[0][:, None, None] * x + f[1][:, None, None] * y + phase[:, None, None])
    return field * (scale / np.sqrt(waves))


def _blobs(rng: np.random.Generator, n: int, size: int, slots: int, radius: tuple[float, float],
           lobes: int) -> tuple[np.ndarray, np.ndarray]:
    """Masks (n, slots, size, size) of blobs made of ``lobes`` ellipses around a centre, and
    their centres' masks of a smaller core (the nucleus of a cell) in the same shape."""
    x, y = _grid(size)
    cx = rng.uniform(4, size - 4, (n, slots))[..., None, None]
    cy = rng.uniform(4, size - 4, (n, slots))[..., None, None]
    r = rng.uniform(*radius, (n, slots))[..., None, None]
    mask = np.zeros((n, slots, size, size), bool)
    for _ in range(lobes):
        ox, oy = (rng.uniform(-0.7, 0.7, (2, n, slots))[..., None, None] * r if lobes > 1
                  else (0.0, 0.0))
        ax, ay = rng.uniform(0.6, 1.0, (2, n, slots))[..., None, None] * r
        mask |= ((x[:, None] - cx - ox) / ax) ** 2 + ((y[:, None] - cy - oy) / ay) ** 2 <= 1
    core = ((x[:, None] - cx) / (0.4 * r)) ** 2 + ((y[:, None] - cy) / (0.4 * r)) ** 2 <= 1
    return mask, core


def lesion_images(n: int, seed: int = 0, size: int = 64) -> dict[str, np.ndarray]:
    """``n`` grey "medical" images with lesion masks.

    Returns ``{"images": float32 (n, size, size, 1) in [0, 1], "masks": uint8 (n, size, size)
    (1 = lesion)}``. Cells are round with a dark nucleus; lesions are irregular, brighter and
    have none. Blur, a bias field, an offset and noise make intensity alone unreliable.
    """
    from scipy.ndimage import gaussian_filter

    _check(n, seed, size, 32)
    rng = np.random.default_rng([seed, 18, 2])
    img = 0.35 + _smooth_field(rng, n, size, 4, 0.06)  # tissue
    cells, nuclei = _blobs(rng, n, size, 14, (2.0, 4.0), 1)
    present = rng.uniform(0, 1, (n, 14)) < rng.uniform(0.4, 1.0, (n, 1))
    cells &= present[..., None, None]
    nuclei &= cells
    body = rng.uniform(0.55, 0.70, (n, 14))[..., None, None]
    img = np.where(cells.any(1), np.max(np.where(cells, body, 0), 1), img)
    img = np.where(nuclei.any(1), 0.22, img)
    lesions, _ = _blobs(rng, n, size, 2, (2.0, 4.5), 3)
    lesions &= (rng.uniform(0, 1, (n, 2)) < 0.6)[..., None, None]
    mask = lesions.any(1)
    img = np.where(mask, rng.uniform(0.72, 0.88, n)[:, None, None], img)
    img = gaussian_filter(img, sigma=(0, 1.0, 1.0), mode="nearest")
    bias = np.exp(_smooth_field(rng, n, size, 3, 0.18))  # multiplicative drift, about +-20%
    img = img * bias + rng.uniform(-0.08, 0.08, n)[:, None, None]
    img = img + rng.normal(0, 0.04, img.shape)
    return {"images": np.clip(img, 0, 1).astype(np.float32)[..., None],
            "masks": mask.astype(np.uint8)}


# ------------------------------------------------------------------ shape captions
def _shape_mask(shape: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Masks (n, H, W) of shapes (n,) in centred coordinates u, v scaled to the radius."""
    s = shape[:, None, None]
    circle = u ** 2 + v ** 2 <= 1
    square = (np.abs(u) <= 0.82) & (np.abs(v) <= 0.82)
    triangle = (v <= 0.75) & (v >= -1 + 1.75 * np.abs(u))
    cross = ((np.abs(u) <= 0.32) | (np.abs(v) <= 0.32)) & (np.abs(u) <= 1) & (np.abs(v) <= 1)
    return np.select([s == 0, s == 1, s == 2, s == 3], [circle, square, triangle, cross], False)


def shape_captions(n: int, seed: int = 0, size: int = 32) -> dict[str, np.ndarray]:
    """``n`` images of one coloured shape each, with what their caption says.

    Returns ``{"images": uint8 (n, size, size, 3), "colour", "shape", "size", "side": int64
    (n,)}`` indexing ``CAPTION_COLOURS``, ``CAPTION_SHAPES``, ``CAPTION_SIZES`` and
    ``CAPTION_SIDES`` (which half holds the shape's centre); every colour, shape and size is
    equally likely. The caption of image i is ``caption(colour[i], shape[i], size[i], side[i])``.
    """
    _check(n, seed, size, 16)
    rng = np.random.default_rng([seed, 18, 3])
    colour, shape, big = rng.integers(0, 4, n), rng.integers(0, 4, n), rng.integers(0, 2, n)
    x, y = _grid(size)
    radius = np.where(big == 1, rng.uniform(0.26, 0.34, n), rng.uniform(0.12, 0.18, n)) * size
    cx = rng.uniform(radius, size - radius)
    cy = rng.uniform(radius, size - radius)
    r = radius[:, None, None]
    u, v = (x - cx[:, None, None]) / r, (y - cy[:, None, None]) / r
    img = (rng.uniform(60, 160, (n, 1, 1, 1)) + rng.normal(0, 18, (n, size, size, 3))
           ).astype(np.float32)
    speck = ((x - rng.uniform(0, size, n)[:, None, None]) ** 2
             + (y - rng.uniform(0, size, n)[:, None, None]) ** 2 <= 2.5)
    _paint(img, speck, rng.uniform(0, 255, (n, 3)).astype(np.float32))
    rgb = _RGB[colour] + rng.uniform(-25, 25, (n, 3)).astype(np.float32)
    _paint(img, _shape_mask(shape, u, v), rgb)
    return {"images": np.clip(np.round(img), 0, 255).astype(np.uint8),
            "colour": colour.astype(np.int64), "shape": shape.astype(np.int64),
            "size": big.astype(np.int64), "side": (cx >= size / 2).astype(np.int64)}


def caption(colour: int, shape: int, size: int | None = None, side: int | None = None) -> str:
    """"a small red circle on the left" ("a red circle" without a size and a side)."""
    words = ["a"] + ([CAPTION_SIZES[size]] if size is not None else [])
    words += [CAPTION_COLOURS[colour], CAPTION_SHAPES[shape]]
    return " ".join(words + (["on", "the", CAPTION_SIDES[side]] if side is not None else []))
