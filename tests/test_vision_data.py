"""The course-authored images of notebook 18: shapes, dtypes, determinism, the cache, the banner,
and the properties the lessons need (several scales and occlusion in the street scenes, a small
foreground in the lesion images, every combination in the captions)."""
import numpy as np
import pytest

from labutils import datasets
from labutils.datasets import _vision


def test_street_scenes_shapes_and_banner(capsys):
    d = datasets.load_street_scenes(n=40, seed=3)
    assert d["images"].shape == (40, 64, 64, 3) and d["images"].dtype == np.uint8
    assert d["labels"].shape == (40, 6) and d["labels"].dtype == np.int64
    assert d["boxes"].shape == (40, 6, 4) and d["boxes"].dtype == np.float32
    assert d["visible"].shape == (40, 6) and d["visible"].dtype == np.float32
    out = capsys.readouterr().out
    assert "[COURSE-AUTHORED DATA] street_scenes" in out and "no real images" in out
    assert datasets.sources()["street_scenes"] == "course-authored"


def test_street_scenes_are_deterministic_and_cached():
    a = _vision.street_scenes(12, seed=5)
    b = _vision.street_scenes(12, seed=5)
    c = _vision.street_scenes(12, seed=6)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["images"], c["images"])
    first = datasets.load_street_scenes(n=12, seed=5)
    assert all(np.array_equal(first[k], a[k]) for k in a)  # the loader gives the generator's
    assert all(np.array_equal(datasets.load_street_scenes(n=12, seed=5)[k], a[k]) for k in a)


def test_street_scene_boxes_are_valid_and_sorted_far_to_near():
    d = _vision.street_scenes(300, seed=0)
    lab, box, vis = d["labels"], d["boxes"], d["visible"]
    present = lab >= 0
    assert present[:, 0].all() and present.sum(1).max() <= _vision.MAX_OBJECTS
    # padding only after the objects, and nothing in empty slots
    assert (np.diff(present.astype(int), axis=1) <= 0).all()
    assert (box[~present] == 0).all() and (vis[~present] == 0).all()
    b = box[present]
    assert (b[:, 2] > b[:, 0]).all() and (b[:, 3] > b[:, 1]).all()
    assert b.min() >= 0 and b.max() <= 64
    assert set(np.unique(lab[present])) == {0, 1, 2}
    foot = np.where(present, box[..., 3], 1e9)
    assert (np.diff(foot, axis=1)[present[:, 1:]] >= 0).all()  # far (higher up) first


def test_street_scenes_have_several_scales_and_occlusion():
    d = _vision.street_scenes(300, seed=1)
    present = d["labels"] >= 0
    b = d["boxes"][present]
    height = b[:, 3] - b[:, 1]
    assert height.min() < 8 and height.max() > 25  # small far objects, large near ones
    vis = d["visible"][present]
    assert _vision.MIN_VISIBLE <= vis.min() < 0.5
    assert (vis < 0.9).mean() > 0.1 and (vis == 1).mean() > 0.3
    # nearer objects are larger: height grows with the bottom edge, class by class
    for c in range(3):
        sel = d["labels"][present] == c
        assert np.corrcoef(b[sel, 3], height[sel])[0, 1] > 0.5


def test_an_object_hidden_behind_another_is_less_visible():
    d = _vision.street_scenes(200, seed=2)
    lab, vis = d["labels"], d["visible"]
    last = (lab >= 0).sum(1) - 1
    nearest = vis[np.arange(len(lab)), last]
    assert (nearest == 1).all()  # nothing is drawn over the nearest object


def test_lesion_images_have_a_small_foreground(capsys):
    d = datasets.load_lesion_images(n=200, seed=4)
    x, m = d["images"], d["masks"]
    assert x.shape == (200, 64, 64, 1) and x.dtype == np.float32 and m.shape == (200, 64, 64)
    assert m.dtype == np.uint8 and set(np.unique(m)) == {0, 1}
    assert 0 <= x.min() and x.max() <= 1
    assert 0.002 < m.mean() < 0.03  # heavy class imbalance: about 1% foreground
    assert 0.5 < m.any((1, 2)).mean() < 1  # most images hold a lesion, not all
    assert "[COURSE-AUTHORED DATA] lesion_images" in capsys.readouterr().out
    # lesions are brighter on average, but intensity alone does not separate the classes
    fg, bg = x[..., 0][m == 1], x[..., 0][m == 0]
    assert fg.mean() > bg.mean() and (bg > np.percentile(fg, 25)).mean() > 0.001
    again = _vision.lesion_images(200, seed=4)
    assert np.array_equal(again["images"], x) and np.array_equal(again["masks"], m)


def test_shape_captions_cover_every_combination(capsys):
    d = datasets.load_shape_captions(n=800, seed=2)
    assert d["images"].shape == (800, 32, 32, 3) and d["images"].dtype == np.uint8
    combos = set(zip(d["colour"].tolist(), d["shape"].tolist()))
    assert combos == {(c, s) for c in range(4) for s in range(4)}
    assert d["captions"][0] == _vision.caption(d["colour"][0], d["shape"][0], d["size"][0],
                                               d["side"][0])
    assert all(len(c.split()) == 7 and c.startswith("a ") for c in d["captions"])
    assert _vision.caption(0, 0) == "a red circle"
    assert _vision.caption(2, 3, 1, 0) == "a large blue cross on the left"
    # the side word is true to the pixels: the shape's colour lies in that half
    blue = np.flatnonzero(d["colour"] == 2)
    mass = (d["images"][blue][..., 2].astype(float) - d["images"][blue][..., 0]).clip(0)
    right = mass[:, :, 16:].sum((1, 2)) > mass[:, :, :16].sum((1, 2))
    assert (right == (d["side"][blue] == 1)).mean() > 0.9
    assert "[COURSE-AUTHORED DATA] shape_captions" in capsys.readouterr().out
    # the colour word is true to the pixels: the shape's colour channel leads where it is painted
    img = d["images"].astype(float)
    reds = img[d["colour"] == 0]
    assert (reds[..., 0] > reds[..., 1] + 80).any(axis=(1, 2)).all()


def test_vision_loaders_reject_bad_arguments():
    for loader in (datasets.load_street_scenes, datasets.load_lesion_images,
                   datasets.load_shape_captions):
        with pytest.raises(ValueError, match="n must be an int"):
            loader(n=0)
        with pytest.raises(ValueError, match="seed must be an int"):
            loader(n=2, seed=-1)
