"""The online path, offline: every loader downloads files in its dataset's exact published format
from an HTTP server on 127.0.0.1 (through LABUTILS_DATA_MIRROR, with LABUTILS_CHECKSUMS for the
fixtures' digests), verifies, caches and returns them; and each way a download can fail ends in
a clear message and the stand-in, with nothing partial left in the cache."""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import pickle
import tarfile
import threading
import time
import wave
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from labutils import datasets
from labutils.datasets import _cache

RNG = np.random.default_rng(7)


# ------------------------------------------------------------------ files in the published formats
def _npz(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def _idx(arr: np.ndarray) -> bytes:
    """IDX as in the MNIST / Fashion-MNIST .gz files: magic (0x0801 labels, 0x0803 images), dims, data."""
    magic = 2049 if arr.ndim == 1 else 2051
    header = magic.to_bytes(4, "big") + b"".join(int(d).to_bytes(4, "big") for d in arr.shape)
    return gzip.compress(header + arr.astype(np.uint8).tobytes())


def _cifar_tar(batches: dict[str, tuple[np.ndarray, list[int]]]) -> bytes:
    """cifar-10-python.tar.gz: cifar-10-batches-py/{data_batch_1..5, test_batch, batches.meta}, pickles
    with bytes keys, data uint8 (n, 3072) channel-major, labels a list."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        members = {name: {b"batch_label": name.encode(), b"labels": labels, b"data": data,
                          b"filenames": [f"{i}.png".encode() for i in range(len(labels))]}
                   for name, (data, labels) in batches.items()}
        members["batches.meta"] = {b"label_names": [c.encode() for c in datasets.CIFAR10_CLASSES],
                                   b"num_cases_per_batch": 10, b"num_vis": 3072}
        for name, obj in members.items():
            raw = pickle.dumps(obj, protocol=2)
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return buf.getvalue()


def _wav(samples: np.ndarray, rate: int = 16000, channels: int = 1, width: int = 2) -> bytes:
    """A PCM WAV file as the wave module writes it (16-bit mono 16 kHz, as Speech Commands)."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(samples.astype("<i2" if width == 2 else np.uint8).tobytes())
    return buf.getvalue()


def _speech_zip(clips: dict[str, bytes]) -> bytes:
    """mini_speech_commands.zip: mini_speech_commands/README.md and <word>/<speaker>_nohash_<k>.wav,
    plus the __MACOSX/ and ._ entries an archive made on a Mac can hold (which are not clips)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mini_speech_commands/README.md", "# Speech Commands (a few clips)\n")
        for name, body in clips.items():
            z.writestr(name, body)
        z.writestr("__MACOSX/mini_speech_commands/down/._0a7c2a8d_nohash_0.wav", b"\x00\x05")
        z.writestr("mini_speech_commands/yes/.DS_Store", b"\x00")
    return buf.getvalue()


def _speakers_by_split(per_split: dict[str, int]) -> dict[str, str]:
    """Speaker ids (8 hex digits, as the real ones) that the README's rule puts in each split."""
    wanted, found = dict(per_split), {}
    for i in range(10_000):
        name = hashlib.sha1(f"fixture speaker {i}".encode()).hexdigest()[:8]
        digest = int(hashlib.sha1(name.encode()).hexdigest(), 16)
        share = (digest % 2 ** 27) * (100.0 / (2 ** 27 - 1))
        split = "val" if share < 10 else "test" if share < 20 else "train"
        if wanted[split]:
            wanted[split] -= 1
            found[name] = split
        if not any(wanted.values()):
            return found
    raise AssertionError("not enough speaker ids")


def _speech_fixture() -> tuple[bytes, dict[str, tuple[np.ndarray, int, str]]]:
    """The archive, and per member: its int16 samples, word index and split."""
    words = ("down", "go", "left", "no", "right", "stop", "up", "yes")
    clips, expected = {}, {}
    for speaker, split in _speakers_by_split({"train": 3, "val": 2, "test": 2}).items():
        for k, word in enumerate(words):
            for take in range(1 + (k % 2)):  # some speakers say a word twice: _nohash_0, _nohash_1
                n = int(RNG.integers(6000, 16000))
                samples = RNG.integers(-32768, 32768, n, dtype=np.int16)
                member = f"mini_speech_commands/{word}/{speaker}_nohash_{take}.wav"
                clips[member] = samples
                expected[member] = (samples, k, split)
    first, second = sorted(expected)[:2]
    expected[first] = (RNG.integers(-32768, 32768, 16000, dtype=np.int16), *expected[first][1:])
    long = RNG.integers(-32768, 32768, 17000, dtype=np.int16)  # longer than a second: cut
    expected[second] = (long[:16000], *expected[second][1:])
    clips[first], clips[second] = expected[first][0], long
    for name, n in (("running_tap", 24000), ("white_noise", 20000)):  # as the real folder's
        expected[f"mini_speech_commands/_background_noise_/{name}.wav"] = (
            RNG.integers(-32768, 32768, n, dtype=np.int16), None, "noise")
    clips.update({m: x for m, (x, _, split) in expected.items() if split == "noise"})
    return _speech_zip({m: _wav(x) for m, x in clips.items()}), expected


def _fixtures() -> tuple[dict[str, bytes], dict]:
    """The served files (by the name in the origin URL) and what each loader must return."""
    mn = {k: RNG.integers(0, 256, size=s, dtype=np.uint8) for k, s in
          (("x_train", (12, 28, 28)), ("x_test", (5, 28, 28)))}
    mn.update(y_train=RNG.integers(0, 10, 12).astype(np.uint8), y_test=RNG.integers(0, 10, 5).astype(np.uint8))
    fa = {"tr_x": RNG.integers(0, 256, (9, 28, 28)), "tr_y": RNG.integers(0, 10, 9),
          "te_x": RNG.integers(0, 256, (4, 28, 28)), "te_y": RNG.integers(0, 10, 4)}
    cif = {f"data_batch_{i}": (RNG.integers(0, 256, (3, 3072), dtype=np.uint8), RNG.integers(0, 10, 3).tolist())
           for i in range(1, 6)}
    cif["test_batch"] = (RNG.integers(0, 256, (4, 3072), dtype=np.uint8), RNG.integers(0, 10, 4).tolist())
    seqs = {}
    for split, n in (("train", 8), ("test", 6)):
        a = np.empty(n, dtype=object)
        a[:] = [RNG.integers(1, 40, size=RNG.integers(3, 9)).tolist() for _ in range(n)]
        seqs[split] = a
    imdb = {"x_train": seqs["train"], "y_train": RNG.integers(0, 2, 8), "x_test": seqs["test"], "y_test": RNG.integers(0, 2, 6)}
    text = "First Citizen:\nBefore we proceed any further, hear me speak.\n" * 50
    speech_zip, speech = _speech_fixture()
    files = {
        "mnist.npz": _npz(**mn),
        "train-images-idx3-ubyte.gz": _idx(fa["tr_x"]), "train-labels-idx1-ubyte.gz": _idx(fa["tr_y"]),
        "t10k-images-idx3-ubyte.gz": _idx(fa["te_x"]), "t10k-labels-idx1-ubyte.gz": _idx(fa["te_y"]),
        "cifar-10-python.tar.gz": _cifar_tar(cif),
        "imdb.npz": _npz(**imdb),
        "imdb_word_index.json": json.dumps({f"word{i}": i for i in range(1, 40)}).encode(),
        "input.txt": text.encode(),
        "mini_speech_commands.zip": speech_zip,
    }
    return files, {"mnist": mn, "fashion": fa, "cifar": cif, "imdb": imdb, "text": text,
                   "speech": speech}


class _Server:
    """An HTTP server on 127.0.0.1 (ephemeral port) in a thread; ``faults`` maps a file name to
    "404", "500", "stall" (sends nothing for a while) or "cut" (half the body, then closes)."""

    def __init__(self, files: dict[str, bytes]):
        self.files, self.faults, self.hits = files, {}, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output clean
                pass

            def do_GET(self):  # noqa: N802
                name = self.path.rsplit("/", 1)[-1]
                outer.hits.append(name)
                fault = outer.faults.get(name)
                if fault == "stall":
                    time.sleep(outer.stall_seconds)
                    return
                if fault in ("404", "500") or name not in outer.files:
                    self.send_error(int(fault or 404))
                    return
                body = outer.files[name]
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2] if fault == "cut" else body)

        self.stall_seconds = 10.0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def checksum_table(files: dict[str, bytes]) -> dict[str, str]:
    """The LABUTILS_CHECKSUMS table for served files: sha256, MD5 for the word index (as in Keras)."""
    digests = {name: hashlib.sha256(body).hexdigest() for name, body in files.items()}
    if "imdb_word_index.json" in files:
        digests["imdb_word_index.json"] = hashlib.md5(files["imdb_word_index.json"]).hexdigest()
    return digests


@pytest.fixture(scope="module")
def served():
    files, expected = _fixtures()
    server = _Server(files)
    yield server, files, expected
    server.stop()


def _env_data_dir() -> str:
    import os

    return os.environ.get("LABUTILS_TEST_DATA_DIR") or str(Path(__file__).resolve().parents[1] / ".test-data")


@pytest.fixture
def online(served, fresh_cache, tmp_path, monkeypatch):
    """Loaders pointed at the local server, with the fixtures' digests; an empty cache."""
    server, files, expected = served
    server.faults.clear()
    server.hits.clear()
    table = tmp_path / "checksums.json"
    table.write_text(json.dumps(checksum_table(files)))
    # the stand-ins a fallback returns, generated once and shared; nothing else (unpacked real data stays fresh)
    (fresh_cache / "standins").mkdir(parents=True)
    for f in (Path(_env_data_dir()) / "standins").glob("*-standin-*.npz"):
        (fresh_cache / "standins" / f.name).symlink_to(f)
    monkeypatch.delenv("LABUTILS_OFFLINE")
    monkeypatch.setenv("LABUTILS_DATA_MIRROR", server.url)
    monkeypatch.setenv("LABUTILS_CHECKSUMS", str(table))
    monkeypatch.setenv("LABUTILS_DOWNLOAD_TIMEOUT", "1.5")
    return server, expected, fresh_cache


def _no_partial_files(cache: Path) -> bool:
    return not [p for p in cache.rglob("*") if p.name.startswith(".partial-")]


# ------------------------------------------------------------------ every loader, real format
def test_mnist(online, capsys):
    server, exp, cache = online
    (x, y), (xt, yt) = datasets.load_mnist()
    for got, key in ((x, "x_train"), (y, "y_train"), (xt, "x_test"), (yt, "y_test")):
        np.testing.assert_array_equal(got, exp["mnist"][key])
        assert got.dtype == np.uint8
    assert datasets.sources()["mnist"] == "real" and "[STAND-IN" not in capsys.readouterr().out
    assert (cache / "downloads" / "mnist.npz").exists() and _no_partial_files(cache)


def test_fashion_mnist(online):
    _, exp, _ = online
    (x, y), (xt, yt) = datasets.load_fashion_mnist()
    f = exp["fashion"]
    for got, want in ((x, f["tr_x"]), (y, f["tr_y"]), (xt, f["te_x"]), (yt, f["te_y"])):
        np.testing.assert_array_equal(got, want)
    assert x.shape == (9, 28, 28) and x.dtype == np.uint8 and datasets.sources()["fashion_mnist"] == "real"


def test_cifar10_like_keras(online):
    """(n, 32, 32, 3) uint8 from channel-major rows, labels (n, 1) uint8, batches 1-5 in order."""
    _, exp, _ = online
    (x, y), (xt, yt) = datasets.load_cifar10()
    c = exp["cifar"]
    train = np.concatenate([c[f"data_batch_{i}"][0] for i in range(1, 6)])
    np.testing.assert_array_equal(x, train.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
    np.testing.assert_array_equal(y[:, 0], sum((c[f"data_batch_{i}"][1] for i in range(1, 6)), []))
    np.testing.assert_array_equal(xt, c["test_batch"][0].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
    assert x.shape == (15, 32, 32, 3) and y.shape == (15, 1) and y.dtype == np.uint8
    assert datasets.sources()["cifar10"] == "real"


@pytest.mark.parametrize("kwargs", [{}, {"num_words": 20}, {"num_words": 20, "index_from": 2, "oov_char": 3},
                                    {"skip_top": 6, "maxlen": 8}, {"num_words": 25, "skip_top": 3, "oov_char": None},
                                    {"start_char": None, "index_from": 0, "maxlen": 6}])
def test_imdb_equals_keras_datasets_on_the_same_file(online, kwargs, monkeypatch):
    import keras
    import keras.src.datasets.imdb as keras_imdb

    _, _, cache = online
    (x, y), (xt, yt) = datasets.load_imdb(**kwargs)
    monkeypatch.setattr(keras_imdb, "get_file", lambda *a, **k: str(cache / "downloads" / "imdb.npz"))
    (kx, ky), (kxt, kyt) = keras.datasets.imdb.load_data(**kwargs)
    assert [list(s) for s in x] == [list(s) for s in kx] and [list(s) for s in xt] == [list(s) for s in kxt]
    np.testing.assert_array_equal(y, ky)
    np.testing.assert_array_equal(yt, kyt)
    assert datasets.sources()["imdb"] == "real"


def test_imdb_text_and_word_index(online):
    assert datasets.load_imdb_word_index() == {f"word{i}": i for i in range(1, 40)}
    (texts, _), _ = datasets.load_imdb_text(n_train=3)
    assert texts.shape == (3,) and all(t.startswith("word") for t in texts)
    assert datasets.sources()["imdb_text"] == datasets.sources()["imdb_word_index"] == "real"
    # unpacked arrays are named after the unpacking version and the file they came from
    _, _, cache = online
    assert [p.name for p in (cache / "standins").glob("imdb-real-unpacked-*")] == [
        f"imdb-real-unpacked-v{datasets.UNPACK_VERSION}-{hashlib.sha256(online[0].files['imdb.npz']).hexdigest()[:12]}.npz"]


def test_text_corpus(online):
    server, exp, cache = online
    assert datasets.load_text_corpus() == exp["text"]
    assert "input.txt" in server.hits and (cache / "downloads" / "shakespeare.txt").exists()
    assert datasets.sources()["text_corpus"] == "real"


def test_a_second_load_uses_the_cache(online):
    server, _, _ = online
    datasets.load_mnist()
    datasets.load_mnist()
    assert server.hits.count("mnist.npz") == 1


# ------------------------------------------------------------------ faults
@pytest.mark.parametrize("fault, words", [("404", "404"), ("500", "500"), ("cut", "retrieval incomplete"),
                                          ("stall", "LABUTILS_DOWNLOAD_TIMEOUT"), ("refused", "refused"),
                                          ("checksum", "hash does not match")])
def test_a_failed_download_falls_back_with_the_reason(online, fault, words, capsys, monkeypatch, tmp_path):
    server, _, cache = online
    import socket

    import keras  # noqa: F401  (imported before the clock starts: the stall test times the download only)

    bound = socket.socket()  # for "refused": a port held by us but not listening, so no one else takes it
    bound.bind(("127.0.0.1", 0))
    if fault == "refused":
        monkeypatch.setenv("LABUTILS_DATA_MIRROR", f"http://127.0.0.1:{bound.getsockname()[1]}/")
    elif fault == "checksum":
        (tmp_path / "wrong.json").write_text(json.dumps({"input.txt": "0" * 64}))
        monkeypatch.setenv("LABUTILS_CHECKSUMS", str(tmp_path / "wrong.json"))
    else:
        server.faults["input.txt"] = fault
    try:
        t0 = time.perf_counter()
        text = datasets.load_text_corpus()
        elapsed = time.perf_counter() - t0
    finally:
        bound.close()
    out = capsys.readouterr().out
    assert "[STAND-IN DATA] text_corpus" in out and words in out, out[-500:]
    assert len(text) > 1_000_000 and datasets.sources()["text_corpus"] == "stand-in"
    assert not (cache / "downloads" / "shakespeare.txt").exists() and _no_partial_files(cache)
    if fault == "stall":  # the server stays silent for 10 s: the 1.5 s timeout fired long before
        assert elapsed < 8, elapsed


def test_a_failure_is_remembered_for_the_session(online, capsys):
    server, _, _ = online
    server.faults["mnist.npz"] = "500"
    datasets.load_mnist(n_train=5, n_test=5)
    capsys.readouterr()
    datasets.load_mnist(n_train=5, n_test=5)
    assert server.hits.count("mnist.npz") == 1  # not asked again
    assert "failed earlier in this session" in capsys.readouterr().out


def test_a_corrupt_cached_file_names_the_file_and_the_fix(online):
    _, _, cache = online
    datasets.load_mnist()
    path = cache / "downloads" / "mnist.npz"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(datasets.CorruptCacheError, match=r"mnist\.npz[\s\S]*rm '"):
        datasets.load_mnist()


def test_bad_settings_are_named(online, monkeypatch, tmp_path):
    monkeypatch.setenv("LABUTILS_DATA_MIRROR", "ftp.example.org")
    with pytest.raises(ValueError, match="LABUTILS_DATA_MIRROR must be a base URL"):
        _cache.fetch("mnist.npz", "https://example.org/mnist.npz", "0" * 64)
    monkeypatch.delenv("LABUTILS_DATA_MIRROR")
    monkeypatch.setenv("LABUTILS_DOWNLOAD_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="LABUTILS_DOWNLOAD_TIMEOUT must be a positive number"):
        _cache.fetch("mnist.npz", "https://example.org/mnist.npz", "0" * 64)
    monkeypatch.setenv("LABUTILS_CHECKSUMS", str(tmp_path / "missing.json"))
    with pytest.raises(ValueError, match="LABUTILS_CHECKSUMS must name a JSON file"):
        _cache.fetch("mnist.npz", "https://example.org/mnist.npz", "0" * 64)


def test_imdb_maxlen_that_keeps_nothing_is_an_error_as_in_keras(online):
    with pytest.raises(ValueError, match="no sequence was kept. Increase maxlen"):
        datasets.load_imdb(maxlen=2)


def test_imdb_text_decodes_only_the_reviews_asked_for(online, monkeypatch):
    """All 25,000 real reviews as one fixed-width str array take gigabytes: decode only n."""
    decoded = []
    split = datasets._split_ragged
    monkeypatch.setattr(datasets, "_split_ragged", lambda flat, lengths: decoded.append(len(lengths)) or split(flat, lengths))
    (texts, _), (tt, _) = datasets.load_imdb_text(n_train=3, n_test=2)
    assert decoded == [3, 2] and len(texts) == 3 and len(tt) == 2


def test_tiny_shakespeare_comes_from_the_url_its_checksum_is_published_for(monkeypatch):
    seen = []
    monkeypatch.setattr(datasets, "fetch", lambda fname, origin, digest, **k: seen.append((origin, digest)) or 1 / 0)
    monkeypatch.delenv("LABUTILS_OFFLINE")
    with pytest.raises(ZeroDivisionError):
        datasets.load_text_corpus()
    assert seen == [("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
                     "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed")]


def test_tiny_shakespeare_for_the_gpt_chapter(online):
    server, exp, cache = online
    assert datasets.load_english_text("tiny_shakespeare") == exp["text"]
    assert "input.txt" in server.hits and datasets.sources()["english_text"] == "real"


# ------------------------------------------------------------------ mini Speech Commands
SPEECH_URL = "http://storage.googleapis.com/download.tensorflow.org/data/mini_speech_commands.zip"


def test_speech_commands_real_format(online):
    """Exactly the archive's samples / 32768, zero-padded (or cut) to one second, labels from the
    folder names, speakers split as the README says, none in two splits."""
    server, exp, cache = online
    splits = datasets.load_speech_commands()
    assert datasets.sources()["speech_commands"] == "real"
    words = {m: v for m, v in exp["speech"].items() if v[2] != "noise"}
    by_clip = {np.pad(x, (0, 16000 - len(x))).tobytes(): (k, split)
               for x, k, split in words.values()}
    assert len(by_clip) == len(words)
    for split, (x, y) in zip(("train", "val", "test"), splits):
        assert x.dtype == np.float32 and x.shape == (len(y), 16000) and y.dtype == np.int64
        pcm = x * 32768
        np.testing.assert_array_equal(pcm, np.round(pcm))  # exactly int16 / 32768
        got = [by_clip[row.astype(np.int16).tobytes()] for row in pcm]  # KeyError: not a fixture
        assert [k for k, _ in got] == y.tolist() and {s for _, s in got} == {split}
        assert len(y) == sum(s == split for _, _, s in exp["speech"].values())
    raw = datasets._speech_commands_raw()
    speakers = [set(raw[f"speaker_{s}"].tolist()) for s in ("train", "val", "test")]
    assert [len(s) for s in speakers] == [3, 2, 2] and len(set.union(*speakers)) == 7
    zip_path = cache / "downloads" / "mini_speech_commands.zip"
    digest = hashlib.sha256(server.files["mini_speech_commands.zip"]).hexdigest()
    record = cache / "downloads" / "mini_speech_commands.zip.sha256"  # written with a table too
    assert zip_path.exists() and record.read_text().strip() == digest
    assert [p.name for p in (cache / "standins").glob("speech_commands-real-unpacked-*")] == [
        f"speech_commands-real-unpacked-v{datasets.UNPACK_VERSION}-{digest[:12]}.npz"]
    (x2, _), (xv2, _), (xt2, _) = datasets.load_speech_commands(n_train=4, n_test=1)
    assert server.hits.count("mini_speech_commands.zip") == 1  # the second load uses the cache
    np.testing.assert_array_equal(x2, splits[0][0][:4])
    assert len(xv2) == len(xt2) == 1 and _no_partial_files(cache)


def test_speech_noise_is_the_archives_background_noise_folder(online):
    """load_speech_noise: the _background_noise_ recordings whole, samples / 32768, by name."""
    server, exp, cache = online
    noise, source = datasets.load_speech_noise()
    assert source.startswith("real") and datasets.sources()["speech_commands"] == "real"
    want = {m.split("/")[-1][:-4]: x for m, (x, _, split) in exp["speech"].items()
            if split == "noise"}
    assert sorted(noise) == sorted(want) == ["running_tap", "white_noise"]
    for name, x in want.items():
        assert noise[name].dtype == np.float32
        np.testing.assert_array_equal(noise[name] * 32768, x.astype(np.float32))
    assert server.hits.count("mini_speech_commands.zip") == 1
    datasets.load_speech_commands()  # the same archive, downloaded once
    assert server.hits.count("mini_speech_commands.zip") == 1 and _no_partial_files(cache)


def test_speech_noise_without_the_folder_falls_back_to_synthetic_saying_so(online, monkeypatch):
    server, _, _ = online
    monkeypatch.delenv("LABUTILS_CHECKSUMS")  # trusted on first use
    clips = {f"mini_speech_commands/{w}/0a7c2a8d_nohash_0.wav": _wav(np.zeros(800))
             for w in datasets.SPEECH_WORDS}
    monkeypatch.setitem(server.files, "mini_speech_commands.zip", _speech_zip(clips))
    noise, source = datasets.load_speech_noise()
    assert "no _background_noise_ folder" in source and len(noise) == 6


TRUSTED_ON_FIRST_USE = [  # published without a checksum: fetch gets digest None and records one
    ("load_speech_commands", "mini_speech_commands.zip", SPEECH_URL),
    ("load_pedestrians", "PennFudanPed.zip", "https://www.cis.upenn.edu/~jshi/ped_html/PennFudanPed.zip"),
    ("load_translation_pairs", "spa-eng.zip",
     "http://storage.googleapis.com/download.tensorflow.org/data/spa-eng.zip"),
]


@pytest.mark.parametrize("loader, fname, url", TRUSTED_ON_FIRST_USE)
def test_a_loader_without_a_published_checksum_asks_for_its_url_with_none(monkeypatch, loader, fname, url):
    seen = []

    def fetch(fname, origin, digest, **kwargs):
        seen.append((fname, origin, digest))
        raise ZeroDivisionError

    monkeypatch.setattr(datasets, "fetch", fetch)
    monkeypatch.delenv("LABUTILS_OFFLINE", raising=False)
    with pytest.raises(ZeroDivisionError):
        getattr(datasets, loader)()
    assert seen == [(fname, url, None)]


def test_speech_commands_reject_a_clip_that_is_not_16_bit_mono_16_khz(online, monkeypatch):
    server, _, _ = online
    monkeypatch.delenv("LABUTILS_CHECKSUMS")  # trusted on first use
    clips = {f"mini_speech_commands/{w}/0a7c2a8d_nohash_0.wav": _wav(np.zeros(800))
             for w in datasets.SPEECH_WORDS}
    clips["mini_speech_commands/up/0a7c2a8d_nohash_0.wav"] = _wav(np.zeros(800), rate=8000)
    monkeypatch.setitem(server.files, "mini_speech_commands.zip", _speech_zip(clips))
    bad = (r"mini_speech_commands/up/0a7c2a8d_nohash_0\.wav is not 16-bit mono PCM at 16 kHz "
           r"\(it has 1 channel\(s\) of 16-bit samples at 8000 Hz\)")
    with pytest.raises(ValueError, match=bad):
        datasets.load_speech_commands()


def _fetch_speech() -> Path:
    return _cache.fetch("mini_speech_commands.zip", SPEECH_URL, None)


def test_no_published_checksum_trusts_the_first_download_and_checks_it_later(online, monkeypatch):
    server, _, cache = online
    monkeypatch.delenv("LABUTILS_CHECKSUMS")
    body = server.files["mini_speech_commands.zip"]
    path = _fetch_speech()
    record = path.with_name("mini_speech_commands.zip.sha256")
    assert path.read_bytes() == body
    assert record.read_text().strip() == hashlib.sha256(body).hexdigest()
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, record.name]  # nothing else
    assert _fetch_speech() == path and server.hits.count("mini_speech_commands.zip") == 1
    path.write_bytes(body[:-1] + b"!")  # modified in the cache
    changed = r"mini_speech_commands\.zip does not match the sha256 recorded when it was downloaded"
    with pytest.raises(datasets.CorruptCacheError, match=changed + r"[\s\S]*rm '"):
        _fetch_speech()
    record.unlink()  # a file whose record is gone cannot be checked: not used either
    with pytest.raises(datasets.CorruptCacheError, match="no readable record of the sha256"):
        _fetch_speech()
    path.unlink()  # the fix the message gives: delete it and run again
    assert _fetch_speech().read_bytes() == body and record.exists()


def test_a_checksum_table_entry_takes_precedence_and_null_means_none(online, monkeypatch, tmp_path):
    """LABUTILS_CHECKSUMS replaces the built-in table: a digest there is checked (and the record is
    written all the same); null there means no published checksum, as file_hash=None."""
    server, _, cache = online
    table = tmp_path / "table.json"
    table.write_text(json.dumps({"mini_speech_commands.zip": "0" * 64}))
    monkeypatch.setenv("LABUTILS_CHECKSUMS", str(table))
    with pytest.raises(_cache.DownloadUnavailable, match="hash does not match"):
        _fetch_speech()
    assert list((cache / "downloads").iterdir()) == []  # neither the file nor its record
    _cache._FAILED.clear()
    table.write_text(json.dumps({"mini_speech_commands.zip": None}))
    path = _fetch_speech()
    assert path.with_name(path.name + ".sha256").exists()
    table.write_text(json.dumps({}))
    with pytest.raises(ValueError, match="has no digest for 'mini_speech_commands.zip'"):
        _fetch_speech()


@pytest.mark.parametrize("fault", ["500", "cut", "move"])
def test_a_failed_download_without_checksum_leaves_no_file_nor_record(online, monkeypatch, fault):
    server, _, cache = online
    monkeypatch.delenv("LABUTILS_CHECKSUMS")
    recorded = []
    if fault == "move":  # the download and its record succeeded; moving the file into place fails
        replace = _cache.os.replace

        def failing_replace(src, dst):
            if Path(dst) == cache / "downloads" / "mini_speech_commands.zip":
                recorded.append((cache / "downloads" / "mini_speech_commands.zip.sha256").exists())
                raise OSError("disk full")
            return replace(src, dst)

        monkeypatch.setattr(_cache.os, "replace", failing_replace)
    else:
        server.faults["mini_speech_commands.zip"] = fault
    with pytest.raises(_cache.DownloadUnavailable, match="download of .* failed"):
        _fetch_speech()
    assert recorded == ([True] if fault == "move" else [])  # the record was there, then removed
    assert list((cache / "downloads").iterdir()) == []
