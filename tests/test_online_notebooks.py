"""Notebooks 05, 07, 14, 15 and 18 in smoke mode on data in the real published formats,
downloaded from a server on 127.0.0.1: the code a learner runs online (download, checksum,
unpacking, the keras.datasets conventions, and the notebooks on top) runs here too, with no
stand-in.

The files hold the stand-ins' content written in the real formats (mnist.npz with its four uint8
arrays; imdb.npz with object arrays of word-rank lists and the real key names, and
imdb_word_index.json; the Shakespeare input.txt; the speech clips as WAV files in the archive's
folders; the pedestrian scenes as PNG photos with instance masks), so the lessons still hold
while every byte goes through the real-data path."""
from __future__ import annotations

import io
import json

import numpy as np
import pytest

from labutils import datasets, runner
from test_online_path import _Server, _speech_zip, _wav, checksum_table
from test_online_pedestrians import penn_fudan_zip


def _speech_commands_zip(per_split: dict[str, int]) -> bytes:
    """mini_speech_commands.zip holding the first stand-in clips of each split, named after
    their speakers, so the loader's split by speaker puts each clip where the stand-in has it."""
    raw = datasets._speech_commands_raw()
    clips = {}
    for split, n in per_split.items():
        for i in range(n):
            word = datasets.SPEECH_WORDS[raw[f"y_{split}"][i]]
            member = f"mini_speech_commands/{word}/{raw[f'speaker_{split}'][i]}_nohash_{split}{i}.wav"
            clips[member] = _wav(raw[f"x_{split}"][i])
    return _speech_zip(clips)


def _pedestrians_zip() -> bytes:
    """PennFudanPed.zip holding the stand-in's scenes as photos, each pedestrian's box filled in
    its instance mask (a nearer one over a farther one; ids renumbered 1..K in order)."""
    a = datasets.load_pedestrians()
    photos = {}
    for i, (image, boxes, labels) in enumerate(zip(a["images"], a["boxes"], a["labels"])):
        mask = np.zeros(image.shape[:2], np.uint8)
        for k in np.flatnonzero(labels >= 0):
            x0, y0, x1, y1 = np.clip(np.round(boxes[k]).astype(int), 0, 63)
            mask[y0:y1 + 1, x0:x1 + 1] = k + 1
        ids = np.unique(mask)
        photos[f"FudanPed{i + 1:05d}"] = (image, np.searchsorted(ids, mask).astype(np.uint8)
                                          if ids[0] == 0 else mask)
    return penn_fudan_zip(photos)


def _real_format_files() -> dict[str, bytes]:
    (x, y), (xt, yt) = datasets.load_mnist()  # the stand-in (the tests run with LABUTILS_OFFLINE=1)
    mnist = io.BytesIO()
    np.savez(mnist, x_train=x, y_train=y, x_test=xt, y_test=yt)
    raw = datasets._imdb_raw()
    imdb_arrays = {}
    for split in ("train", "test"):
        seqs = np.empty(len(raw[f"len_{split}"]), dtype=object)
        seqs[:] = [s.tolist() for s in np.split(raw[f"flat_{split}"], np.cumsum(raw[f"len_{split}"])[:-1])]
        imdb_arrays[f"x_{split}"], imdb_arrays[f"y_{split}"] = seqs, raw[f"y_{split}"]
    imdb = io.BytesIO()
    np.savez(imdb, **imdb_arrays)
    words = raw["words"]
    return {"mnist.npz": mnist.getvalue(), "imdb.npz": imdb.getvalue(),
            "imdb_word_index.json": json.dumps({str(w): i for i, w in enumerate(words) if i > 0}).encode(),
            "input.txt": datasets.load_text_corpus().encode("utf-8"),
            "mini_speech_commands.zip": _speech_commands_zip({"train": 320, "val": 48, "test": 48}),
            "PennFudanPed.zip": _pedestrians_zip()}


@pytest.fixture(scope="module")
def real_format_server():
    files = _real_format_files()
    server = _Server(files)
    yield server, files
    server.stop()


@pytest.mark.parametrize("notebook, expected", [
    ("05", {"mnist": "real"}),
    ("07", {"imdb": "real", "imdb_word_index": "real", "text_corpus": "real"}),
    ("14", {"english_text": "real", "python_source": "real"}),  # with CORPUS="tiny_shakespeare"
    ("15", {"speech_commands": "real", "spoken_digits": "course-authored"}),
    ("18", {"street_scenes": "course-authored", "pedestrians": "real",
            "lesion_images": "course-authored", "sample_photos": "real",
            "shape_captions": "course-authored"}),
])
def test_notebook_runs_on_the_real_formats(real_format_server, notebook, expected, tmp_path, monkeypatch):
    server, files = real_format_server
    server.hits.clear()
    (tmp_path / "checksums.json").write_text(json.dumps(checksum_table(files)))
    monkeypatch.delenv("LABUTILS_OFFLINE")
    for name, value in {"LABUTILS_DATA_MIRROR": server.url, "LABUTILS_CHECKSUMS": str(tmp_path / "checksums.json"),
                        "LABUTILS_DATA_DIR": str(tmp_path / "cache"), "LABUTILS_BUILD_DIR": str(tmp_path / "build"),
                        "LABUTILS_DOWNLOAD_TIMEOUT": "20"}.items():
        monkeypatch.setenv(name, value)  # the kernel inherits them
    params = {"CORPUS": "tiny_shakespeare"} if notebook == "14" else None
    (entry,) = runner.run(runner.resolve([notebook]), mode="smoke", out_dir=tmp_path / "out", echo=False,
                          parameters=params)["notebooks"]
    assert entry["status"] == "ok", entry["error"]
    assert entry["datasets"] == expected
    assert entry["data_source"] == ("mixed" if notebook in ("15", "18") else "real")
    assert sorted(set(server.hits)) == sorted({"05": ["mnist.npz"], "07": ["imdb.npz", "imdb_word_index.json", "input.txt"],
                                               "14": ["input.txt"], "15": ["mini_speech_commands.zip"],
                                               "18": ["PennFudanPed.zip"]}[notebook])
