"""The Penn-Fudan path of ``load_pedestrians`` (notebook 18), offline: an archive in the published
layout (``PennFudanPed/PNGImages/<name>.png`` photos, ``PedMasks/<name>_mask.png`` instance masks
with 0 for background and 1..K for the pedestrians, ``Annotation/*.txt``, the readme) served from
127.0.0.1, downloaded, trusted on first use (no checksum is published), letterboxed and boxed."""
from __future__ import annotations

import hashlib
import io
import zipfile

import numpy as np
import pytest
from PIL import Image

from labutils import datasets
from test_online_path import _no_partial_files, online, served  # noqa: F401 (fixtures)

PED = datasets.SCENE_CLASSES.index("pedestrian")
# name: (width, height, mask mode, pedestrians as inclusive pixel extents x0, y0, x1, y1)
PHOTOS = {
    "FudanPed00001": (80, 50, "P", [(10, 5, 29, 44), (50, 12, 61, 40)]),  # landscape, palette mask
    "FudanPed00002": (40, 64, "L", [(3, 10, 20, 63)]),  # portrait, greyscale mask, at the bottom
    "PennPed00001": (64, 64, "L", [(0, 0, 9, 9), (30, 20, 39, 59), (45, 2, 63, 31)]),  # square
}
COLOURS = {name: (40 + 60 * i, 200 - 50 * i, 90) for i, name in enumerate(PHOTOS)}


def _png(array: np.ndarray, mode: str) -> bytes:
    if mode == "RGB":
        image = Image.fromarray(array)
    else:  # a one-channel instance mask, as grey levels or as palette indices
        image = Image.frombytes(mode, array.shape[::-1], array.astype(np.uint8).tobytes())
        if mode == "P":
            image.putpalette([0, 0, 0, 255, 0, 0, 255, 255, 0] + [0] * (3 * 253))
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def _photo(name: str) -> tuple[np.ndarray, np.ndarray]:
    """A photo (one colour, pedestrians white) and its instance mask."""
    w, h, _, people = PHOTOS[name]
    rgb = np.zeros((h, w, 3), np.uint8) + np.array(COLOURS[name], np.uint8)
    mask = np.zeros((h, w), np.uint8)
    for k, (x0, y0, x1, y1) in enumerate(people, start=1):
        mask[y0:y1 + 1, x0:x1 + 1] = k
        rgb[y0:y1 + 1, x0:x1 + 1] = 255
    return rgb, mask


def penn_fudan_zip(photos: dict[str, tuple[np.ndarray, np.ndarray]], mask_modes=None) -> bytes:
    """PennFudanPed.zip in the published layout, with the files the loader must skip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("PennFudanPed/readme.txt", "Penn-Fudan Database for Pedestrian Detection\n")
        z.writestr("PennFudanPed/added-object-list.txt", "")
        for name, (rgb, mask) in photos.items():
            z.writestr(f"PennFudanPed/PNGImages/{name}.png", _png(rgb, "RGB"))
            mode = (mask_modes or {}).get(name, "L")
            z.writestr(f"PennFudanPed/PedMasks/{name}_mask.png", _png(mask, mode))
            z.writestr(f"PennFudanPed/Annotation/{name}.txt",
                       f'Image filename : "PennFudanPed/PNGImages/{name}.png"\n')
        z.writestr("__MACOSX/PennFudanPed/PNGImages/._FudanPed00001.png", b"\x00\x05")
    return buf.getvalue()


@pytest.fixture
def penn_fudan(online, monkeypatch):
    server, _, cache = online
    monkeypatch.delenv("LABUTILS_CHECKSUMS")  # none is published: trusted on first use
    body = penn_fudan_zip({n: _photo(n) for n in PHOTOS}, {n: v[2] for n, v in PHOTOS.items()})
    monkeypatch.setitem(server.files, "PennFudanPed.zip", body)
    return server, cache, body


def test_photos_are_letterboxed_and_boxed_from_their_masks(penn_fudan):
    server, cache, body = penn_fudan
    a = datasets.load_pedestrians(size=32)
    assert datasets.sources()["pedestrians"] == "real"
    assert a["images"].shape == (3, 32, 32, 3) and a["images"].dtype == np.uint8
    assert a["labels"].shape == (3, 3) and a["boxes"].shape == (3, 3, 4)
    by_colour = {COLOURS[n]: n for n in PHOTOS}
    seen = []
    for image, labels, boxes in zip(a["images"], a["labels"], a["boxes"]):
        # which photo: the one colour besides white and the letterbox's black
        colours = {tuple(int(v) for v in px) for px in image.reshape(-1, 3)} & set(by_colour)
        assert len(colours) == 1
        name = by_colour[colours.pop()]
        seen.append(name)
        w, h, _, people = PHOTOS[name]
        scale = 32 / max(w, h)
        assert labels.tolist() == [PED] * len(people) + [-1] * (3 - len(people))
        want = np.clip((np.array(people, np.float64) + 0.5) * scale - 0.5, 0, 32)  # rescaled
        np.testing.assert_allclose(boxes[:len(people)], want, atol=1e-5)
        assert not boxes[len(people):].any()
        # the letterbox: the photo at the top left, black beyond its scaled size
        nw, nh = round(w * scale), round(h * scale)
        assert not image[nh:].any() and not image[:, nw:].any()
        # each box lies within a pixel of the white (pedestrian) pixels the scaled photo shows
        white = (image.astype(int).min(-1) > 200)
        ys, xs = np.nonzero(white)
        assert abs(xs.min() - want[:, 0].min()) <= 1 and abs(xs.max() - want[:, 2].max()) <= 1
        assert abs(ys.min() - want[:, 1].min()) <= 1 and abs(ys.max() - want[:, 3].max()) <= 1
    assert sorted(seen) == sorted(PHOTOS)
    # trusted on first use: the sha256 recorded, a second call reads the cache, nothing partial
    record = cache / "downloads" / "PennFudanPed.zip.sha256"
    assert record.read_text().strip() == hashlib.sha256(body).hexdigest()
    b = datasets.load_pedestrians(size=32)
    assert server.hits.count("PennFudanPed.zip") == 1 and _no_partial_files(cache)
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])


def test_the_same_archive_at_another_size_is_unpacked_again(penn_fudan):
    server, _, _ = penn_fudan
    small, large = datasets.load_pedestrians(size=16), datasets.load_pedestrians(size=64)
    assert small["images"].shape[1:3] == (16, 16) and large["images"].shape[1:3] == (64, 64)
    present = large["labels"] >= 0
    np.testing.assert_array_equal(small["labels"], large["labels"])
    np.testing.assert_allclose((small["boxes"][present][:, 2:] + 0.5) * 4 - 0.5,
                               large["boxes"][present][:, 2:], atol=1e-4)  # right and bottom
    assert server.hits.count("PennFudanPed.zip") == 1


@pytest.mark.parametrize("break_it, message", [
    (lambda files: files.pop("PennFudanPed/PedMasks/PennPed00001_mask.png"),
     r"PennPed00001\.png has no mask PennFudanPed/PedMasks/PennPed00001_mask\.png"),
    (lambda files: files.update({"PennFudanPed/PedMasks/PennPed00001_mask.png": b"not a png"}),
     r"PennPed00001\.png or its mask is not a readable PNG"),
    (lambda files: files.update({"PennFudanPed/PedMasks/PennPed00001_mask.png":
                                 _png(np.zeros((10, 10), np.uint8), "L")}),
     r"is not a one-channel instance mask the size of its photo \(64 x 64\)"),
])
def test_a_broken_archive_names_the_file_and_the_fix(penn_fudan, monkeypatch, break_it, message):
    server, _, _ = penn_fudan
    with zipfile.ZipFile(io.BytesIO(server.files["PennFudanPed.zip"])) as z:
        files = {m: z.read(m) for m in z.namelist()}
    break_it(files)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for m, data in files.items():
            z.writestr(m, data)
    monkeypatch.setitem(server.files, "PennFudanPed.zip", buf.getvalue())
    with pytest.raises(ValueError, match=message + r"[\s\S]*rm '"):
        datasets.load_pedestrians()


def test_an_archive_without_the_photos_is_named(penn_fudan, monkeypatch):
    server, _, _ = penn_fudan
    monkeypatch.setitem(server.files, "PennFudanPed.zip", penn_fudan_zip({}))
    with pytest.raises(datasets.CorruptCacheError, match=r"PNGImages/\*\.png"):
        datasets.load_pedestrians()


def test_a_mask_that_skips_an_id_is_an_error():
    mask = np.zeros((8, 8), np.uint8)
    mask[1:3, 1:3], mask[5:7, 5:7] = 1, 3
    with pytest.raises(ValueError, match=r"skips the ids \[2\]"):
        datasets._mask_boxes(mask)


def test_offline_the_stand_in_is_pedestrians_only_street_scenes_saying_so(capsys):
    a = datasets.load_pedestrians()
    assert datasets.sources()["pedestrians"] == "stand-in"
    assert "[STAND-IN DATA] pedestrians" in capsys.readouterr().out
    assert a["images"].shape == (170, 64, 64, 3) and set(np.unique(a["labels"])) == {-1, PED}
    present = a["labels"] >= 0
    assert present.any(1).all() and (a["boxes"][present] >= 0).all()
    assert (a["boxes"][present][:, 2:] <= 64).all()


@pytest.mark.parametrize("size", [8, 64.0, "64", True])
def test_a_bad_size_is_named(size):
    with pytest.raises(ValueError, match="size"):
        datasets.load_pedestrians(size=size)
