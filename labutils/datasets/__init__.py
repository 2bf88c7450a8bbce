"""Datasets of the course, real when they can be had, deterministic stand-ins when not.

Loaders return what ``keras.datasets`` returns (``(x_train, y_train), (x_test, y_test)``
with the same shapes and dtypes). Real data comes through ``keras.utils.get_file`` into the
cache (``LABUTILS_DATA_DIR``) and is checked by sha256 (mini Speech Commands has no published
checksum: its first download is trusted and its sha256 recorded, see ``fetch``). Offline
(``LABUTILS_OFFLINE=1`` or a failed download) each loader returns a stand-in designed so the
lessons still hold, shows a banner saying so, and reports ``data_source`` to the run report.
``LABUTILS_OFFLINE=1`` forces the stand-ins even when the real files are already in the cache.

========================  ===========================================  =============
loader                    real source                                  notebooks
========================  ===========================================  =============
``load_digits``           scikit-learn's bundled 8x8 digits (always)   00, 04, 09
``load_sample_photos``    scikit-learn's bundled photos (always)       06
``load_mnist``            MNIST (Keras mirror)                         05, 06, 11
``load_fashion_mnist``    Fashion-MNIST (Keras mirror)                 05, 09
``load_cifar10``          CIFAR-10 (Toronto)                           06, 11
``load_imdb``             IMDB reviews as word indices (Keras mirror)  07, 11
``load_imdb_text``        the same reviews decoded to text             07, 08, 11
``load_text_corpus``      Tiny Shakespeare (karpathy/char-rnn)         07, 08
``load_english_text``     Python's documentation (always), or Tiny     14
                          Shakespeare (downloaded) on request
``load_python_source``    Python's standard-library source (always)    14
``load_translation_pairs`` English-Spanish pairs (TensorFlow's        16
                          translation tutorial; no published
                          checksum); stand-in: English-Vennish, a
                          verb-final language written for the course
``load_speech_commands``  mini Speech Commands (TensorFlow's audio     15
                          tutorial; no published checksum)
``load_spoken_digits``    none: synthesised digit sequences (always,   15
                          course-authored)
``load_street_scenes``    none: drawn street scenes with boxes         18
                          (always, course-authored)
``load_pedestrians``      Penn-Fudan pedestrians (UPenn; no published  18
                          checksum), boxes from the instance masks
``load_lesion_images``    none: drawn "medical" images with lesion     18
                          masks (always, course-authored)
``load_shape_captions``   none: drawn shapes with captions (always,    18
                          course-authored)
========================  ===========================================  =============
"""
from __future__ import annotations

import gzip
import hashlib
import json
import pickle
import tarfile
from pathlib import Path
from typing import Any, Callable

import numpy as np

from labutils import _env
from labutils.datasets import _images, _intents, _speech, _text, _translation, _vision
from labutils.datasets._cache import CorruptCacheError, DownloadUnavailable, cached_arrays, fetch
from labutils.datasets._source import announce, note_size, simulated, sources, summarise

__all__ = [
    "DATASETS", "CIFAR10_CLASSES", "FASHION_MNIST_CLASSES", "CorruptCacheError", "load",
    "load_digits", "load_breast_cancer", "load_sample_photos", "load_mnist", "load_fashion_mnist", "load_cifar10",
    "load_imdb", "load_imdb_text", "load_imdb_word_index", "load_text_corpus", "load_customer_questions",
    "load_english_text", "load_python_source",
    "SPEECH_WORDS", "DIGIT_WORDS", "load_speech_commands", "load_spoken_digits", "phone_digits",
    "load_speech_noise",
    "SCENE_CLASSES", "CAPTION_COLOURS", "CAPTION_SHAPES", "CAPTION_SIZES", "CAPTION_SIDES",
    "load_street_scenes", "load_pedestrians",
    "load_lesion_images", "load_shape_captions", "load_translation_pairs",
    "sources",
    "summarise",
]

CIFAR10_CLASSES = _images.CIFAR10_CLASSES
FASHION_MNIST_CLASSES = _images.FASHION_CLASSES
#: The eight words of mini Speech Commands (alphabetical, as its folders); y indexes them.
SPEECH_WORDS = _speech.SPEECH_WORDS
#: The ten digit words of ``load_spoken_digits``; the digits index them (0 = "zero").
DIGIT_WORDS = _speech.DIGIT_WORDS
#: The classes of ``load_street_scenes`` (labels index them).
SCENE_CLASSES = _vision.SCENE_CLASSES
#: The words of ``load_shape_captions``' captions (its colour, shape and size index them).
CAPTION_COLOURS, CAPTION_SHAPES = _vision.CAPTION_COLOURS, _vision.CAPTION_SHAPES
CAPTION_SIZES, CAPTION_SIDES = _vision.CAPTION_SIZES, _vision.CAPTION_SIDES

_KERAS = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
#: Bump when a generator changes, so stale cached stand-ins are not reused.
STANDIN_VERSION = 4
#: Bump when the unpacking of a real download changes, so stale unpacked arrays are not reused.
UNPACK_VERSION = 2
_IMDB_SHA = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
_CIFAR_SHA = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"

Split = tuple[tuple[Any, np.ndarray], tuple[Any, np.ndarray]]


def _check_n(n: int | None, arg: str, available: int, dataset: str, split: str) -> int:
    """How many examples to take: ``n``, or all with None. Less data than asked for is not an
    error (an instructor's mirror with a subset, a partial download made by hand): all there is
    is used, and a line and the run report say how many."""
    if n is None:
        return available
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"{arg} must be a positive int or None (all); got {n!r}")
    if n > available:
        note_size(dataset, split, used=available, asked=int(n))
        return available
    return int(n)


def _take(data: Split, n_train: int | None, n_test: int | None, dataset: str) -> Split:
    """The first n of each split (every split here is already in random order)."""
    (xtr, ytr), (xte, yte) = data
    a = _check_n(n_train, "n_train", len(ytr), dataset, "training")
    b = _check_n(n_test, "n_test", len(yte), dataset, "test")
    return (xtr[:a], ytr[:a]), (xte[:b], yte[:b])


def _digest_tag(fname: str, file_hash: str | None, path: Path | None = None) -> str:
    """12 hex digits of the digest a download was verified against (``LABUTILS_CHECKSUMS`` included;
    for a file without a published checksum, the sha256 recorded beside ``path`` at its download):
    unpacked arrays are named after the exact file they came from, so another file (a fixed mirror,
    a new release, a test fixture) never reuses stale arrays."""
    from labutils.datasets._cache import expected_digest, recorded_digest

    digest = expected_digest(fname, file_hash)
    if digest is None:
        if path is None:
            raise ValueError(f"{fname} has no published checksum: pass the path it was fetched to")
        digest = recorded_digest(path)
    return digest[:12]


def _real_or_standin(dataset: str, real: Callable[[], Any], standin: Callable[[], Any],
                     real_detail: str, standin_detail: str = "") -> Any:
    """The real data, or the stand-in when it cannot be had. ``LABUTILS_OFFLINE=1`` means
    stand-ins, always: even a real file already in the cache is not read, so a forced-offline run
    (the tests, CI) gives the same data on every machine whatever the learner downloaded.
    ``standin_detail`` (what the stand-in is) is added to the stand-in banner's reason."""
    more = f"; the stand-in: {standin_detail}" if standin_detail else ""
    if _env.offline_forced():
        data = standin()
        announce(dataset, "stand-in", "LABUTILS_OFFLINE=1 is set" + more)
        return data
    try:
        data = real()
    except DownloadUnavailable as exc:
        data = standin()
        announce(dataset, "stand-in", str(exc) + more)
    else:
        announce(dataset, "real", real_detail)
    return data


# ----------------------------------------------------------------- always-real data
def load_digits(n_train: int | None = None, n_test: int | None = None) -> Split:
    """scikit-learn's 1,797 real 8x8 handwritten digits, split 75/25 (stratified, fixed).

    Returns ``(x_train, y_train), (x_test, y_test)``: x float32 (n, 8, 8) in [0, 16], y int64.
    """
    from sklearn.datasets import load_digits as sk_digits
    from sklearn.model_selection import train_test_split

    d = sk_digits()
    xtr, xte, ytr, yte = train_test_split(d.images.astype(np.float32), d.target.astype(np.int64),
                                          test_size=0.25, stratify=d.target, random_state=0)
    announce("digits", "real", "scikit-learn's bundled UCI digits")
    return _take(((xtr, ytr), (xte, yte)), n_train, n_test, "digits")


def load_breast_cancer() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """scikit-learn's real Wisconsin Diagnostic Breast Cancer data (569 patients, 30 features).

    Returns ``(x float32 (569, 30), y int64, feature_names)`` with **y = 1 for malignant**
    (scikit-learn codes malignant as 0). Used by notebook 12.
    """
    from sklearn.datasets import load_breast_cancer as sk_breast_cancer

    d = sk_breast_cancer()
    announce("breast_cancer", "real", "scikit-learn's bundled Wisconsin Diagnostic Breast Cancer data")
    return d.data.astype(np.float32), (d.target == 0).astype(np.int64), [str(n) for n in d.feature_names]


def load_sample_photos() -> dict[str, np.ndarray]:
    """scikit-learn's two bundled real photos: ``{"china": uint8 (427, 640, 3), "flower": ...}``."""
    from sklearn.datasets import load_sample_images

    s = load_sample_images()
    announce("sample_photos", "real", "scikit-learn's bundled photos")
    return {name.rsplit("/", 1)[-1].split(".")[0]: img for name, img in zip(s.filenames, s.images)}


# ----------------------------------------------------------------- images
def _mnist_standin(key: str, gen: Callable[[int, int], tuple[np.ndarray, np.ndarray]]) -> Split:
    def make() -> dict[str, np.ndarray]:
        x, y = gen(70_000, 1234)
        return {"x_train": x[:60_000], "y_train": y[:60_000], "x_test": x[60_000:], "y_test": y[60_000:]}

    a = cached_arrays(f"{key}-standin-v{STANDIN_VERSION}", make)
    return (a["x_train"], a["y_train"]), (a["x_test"], a["y_test"])


def load_mnist(n_train: int | None = None, n_test: int | None = None) -> Split:
    """MNIST: x uint8 (60000, 28, 28) / (10000, 28, 28) in 0-255, y uint8 0-9.

    Stand-in: digits rendered from matplotlib's fonts with random affine distortion, stroke
    width and noise.
    """
    def real() -> Split:
        path = fetch("mnist.npz", _KERAS + "mnist.npz",
                     "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1")
        with np.load(path, allow_pickle=False) as f:
            return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])

    data = _real_or_standin("mnist", real, lambda: _mnist_standin("mnist", _images.digits),
                            "keras.datasets mirror")
    return _take(data, n_train, n_test, "mnist")


_FASHION_FILES = {
    "train-labels-idx1-ubyte.gz": "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
    "train-images-idx3-ubyte.gz": "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
    "t10k-labels-idx1-ubyte.gz": "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    "t10k-images-idx3-ubyte.gz": "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
}


def load_fashion_mnist(n_train: int | None = None, n_test: int | None = None) -> Split:
    """Fashion-MNIST: like MNIST; classes in ``FASHION_MNIST_CLASSES``.

    Stand-in: silhouettes of the ten clothing classes with random affine distortion and shading.
    """
    def real() -> Split:
        arr = {}
        for fname, digest in _FASHION_FILES.items():
            path = fetch(fname, _KERAS + fname, digest, subdir="downloads/fashion-mnist")
            with gzip.open(path, "rb") as f:
                raw = f.read()
            arr[fname] = (np.frombuffer(raw, np.uint8, offset=8) if "labels" in fname
                          else np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 28, 28))
        f = list(arr.values())
        return (f[1], f[0]), (f[3], f[2])

    data = _real_or_standin("fashion_mnist", real,
                            lambda: _mnist_standin("fashion_mnist", _images.clothing),
                            "keras.datasets mirror")
    return _take(data, n_train, n_test, "fashion_mnist")


def load_cifar10(n_train: int | None = None, n_test: int | None = None) -> Split:
    """CIFAR-10: x uint8 (50000, 32, 32, 3) / (10000, 32, 32, 3), y uint8 of shape (n, 1).

    Stand-in: ten procedurally drawn object classes on class-correlated scenes.
    """
    def real() -> Split:
        path = fetch("cifar-10-python.tar.gz", "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz", _CIFAR_SHA)

        def unpack() -> dict[str, np.ndarray]:
            batches = {}
            with tarfile.open(path, "r:gz") as tar:
                for m in tar.getmembers():
                    name = m.name.rsplit("/", 1)[-1]
                    if name.startswith(("data_batch_", "test_batch")):
                        d = pickle.load(tar.extractfile(m), encoding="bytes")  # checksum-verified
                        batches[name] = (d[b"data"], d[b"labels"])
            def stack(names: list[str]) -> tuple[np.ndarray, np.ndarray]:
                x = np.concatenate([batches[n][0] for n in names]).reshape(-1, 3, 32, 32)
                y = np.concatenate([batches[n][1] for n in names]).astype(np.uint8)
                return x.transpose(0, 2, 3, 1), y.reshape(-1, 1)
            xtr, ytr = stack([f"data_batch_{i}" for i in range(1, 6)])
            xte, yte = stack(["test_batch"])
            return {"x_train": xtr, "y_train": ytr, "x_test": xte, "y_test": yte}

        a = cached_arrays(f"cifar10-real-unpacked-v{UNPACK_VERSION}-{_digest_tag('cifar-10-python.tar.gz', _CIFAR_SHA)}", unpack)
        return (a["x_train"], a["y_train"]), (a["x_test"], a["y_test"])

    def standin() -> Split:
        def make() -> dict[str, np.ndarray]:
            x, y = _images.objects(60_000, 4321)
            y = y.reshape(-1, 1)
            return {"x_train": x[:50_000], "y_train": y[:50_000], "x_test": x[50_000:], "y_test": y[50_000:]}

        a = cached_arrays(f"cifar10-standin-v{STANDIN_VERSION}", make)
        return (a["x_train"], a["y_train"]), (a["x_test"], a["y_test"])

    data = _real_or_standin("cifar10", real, standin, "University of Toronto archive")
    return _take(data, n_train, n_test, "cifar10")


# ----------------------------------------------------------------- text
def _imdb_raw(dataset: str = "imdb") -> dict[str, np.ndarray]:
    """Word-rank sequences (1 = most frequent word) flattened, with lengths, labels and vocab.

    ``dataset`` is the name the banner and the run report give (imdb, imdb_text, imdb_word_index)."""
    def real() -> dict[str, np.ndarray]:
        path = fetch("imdb.npz", _KERAS + "imdb.npz", _IMDB_SHA)
        widx = fetch("imdb_word_index.json", _KERAS + "imdb_word_index.json",
                     "bfafd718b763782e994055a2d397834f")

        def unpack() -> dict[str, np.ndarray]:
            with np.load(path, allow_pickle=True) as f:  # ragged object arrays; checksum-verified
                # the real file's keys, as keras.datasets.imdb.load_data reads them
                parts = {k: f[k] for k in ("x_train", "y_train", "x_test", "y_test")}
            out: dict[str, np.ndarray] = {}
            rng = np.random.RandomState(113)  # the same shuffle as keras.datasets.imdb
            for split in ("train", "test"):
                idx = np.arange(len(parts[f"y_{split}"]))
                rng.shuffle(idx)
                seqs = parts[f"x_{split}"][idx]
                out[f"flat_{split}"] = np.concatenate([np.asarray(s, np.int64) for s in seqs])
                out[f"len_{split}"] = np.array([len(s) for s in seqs], np.int64)
                out[f"y_{split}"] = parts[f"y_{split}"][idx].astype(np.int64)
            with open(widx) as fh:
                index = json.load(fh)
            words = np.empty(max(index.values()) + 1, dtype=object)
            words[0] = ""
            for w, i in index.items():
                words[i] = w
            out["words"] = words.astype(str)
            return out

        return cached_arrays(f"imdb-real-unpacked-v{UNPACK_VERSION}-{_digest_tag('imdb.npz', _IMDB_SHA)}", unpack)

    def standin() -> dict[str, np.ndarray]:
        def make() -> dict[str, np.ndarray]:
            seqs, labels = _text.reviews(50_000, 2024)
            vocab = np.array(_text.vocabulary())
            flat = np.concatenate(seqs)
            counts = np.bincount(flat, minlength=len(vocab))
            order = np.argsort(-counts, kind="stable")  # rank 1 = most frequent, as in IMDB
            rank = np.empty_like(order)
            rank[order] = np.arange(1, len(order) + 1)
            lengths = np.array([len(s) for s in seqs])
            cut = lengths[:25_000].sum()
            return {"flat_train": rank[flat[:cut]], "len_train": lengths[:25_000], "y_train": labels[:25_000],
                    "flat_test": rank[flat[cut:]], "len_test": lengths[25_000:], "y_test": labels[25_000:],
                    "words": np.concatenate([[""], vocab[order]])}

        return cached_arrays(f"imdb-standin-v{STANDIN_VERSION}", make)

    return _real_or_standin(dataset, real, standin, "keras.datasets mirror")


def _split_ragged(flat: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
    return np.split(flat, np.cumsum(lengths)[:-1])


def load_imdb(n_train: int | None = None, n_test: int | None = None, num_words: int | None = None,
              skip_top: int = 0, maxlen: int | None = None, start_char: int | None = 1,
              oov_char: int | None = 2, index_from: int = 3) -> Split:
    """IMDB sentiment as ``keras.datasets.imdb.load_data`` returns it from the same file (the same
    values for every argument it accepts; unlike Keras it refuses ``num_words <= index_from``, which
    turns every word into ``oov_char``, and it has no ``seed``: the split order is Keras's default).

    x: object arrays of lists of word indices (``index_from`` + frequency rank, each review
    starting with ``start_char`` unless it is None); reviews of ``maxlen`` or more indices (start
    included) are dropped; indices below ``skip_top`` or at or beyond ``num_words`` become
    ``oov_char`` (or are dropped when it is None); with ``num_words=None`` the largest index present
    is the limit, so, as in Keras, that one word becomes ``oov_char``. y: int64 0 (negative) /
    1 (positive), 25,000 each split before ``maxlen``. ``n_train`` / ``n_test`` then take the first n.

    Stand-in: templated reviews in which negators and intensifiers decide the label, so word
    order matters (see :mod:`labutils.datasets._text`).
    """
    for arg, v in (("num_words", num_words), ("maxlen", maxlen)):
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1):
            raise ValueError(f"{arg} must be None or a positive int; got {v!r}")
    if num_words is not None and num_words <= index_from:
        raise ValueError(f"num_words must be None or an int > index_from={index_from}; got {num_words!r}")
    raw = _imdb_raw()
    parts = []
    for split in ("train", "test"):
        flat, lengths, y = raw[f"flat_{split}"] + index_from, raw[f"len_{split}"], raw[f"y_{split}"]
        if start_char is not None:
            flat = np.insert(flat, np.concatenate([[0], np.cumsum(lengths)[:-1]]), start_char)
            lengths = lengths + 1
        if maxlen:
            keep = lengths < maxlen
            flat, lengths, y = flat[np.repeat(keep, lengths)], lengths[keep], y[keep]
        parts.append([flat, lengths, y])
    if maxlen and (not len(parts[0][1]) or not len(parts[1][1])):
        raise ValueError(f"After filtering for sequences shorter than maxlen={maxlen}, no sequence was kept. "
                         "Increase maxlen.")
    if not num_words:
        num_words = max(int(p[0].max()) for p in parts if p[0].size)
    out = []
    for flat, lengths, y in parts:
        ok = (flat >= skip_top) & (flat < num_words)
        if oov_char is not None:
            flat = np.where(ok, flat, oov_char)
        else:
            review = np.repeat(np.arange(len(lengths)), lengths)  # which review each index belongs to
            lengths, flat = np.bincount(review[ok], minlength=len(lengths)), flat[ok]
        seqs = np.empty(len(lengths), dtype=object)
        seqs[:] = [s.tolist() for s in _split_ragged(flat, lengths)]
        out.append((seqs, y))
    return _take((out[0], out[1]), n_train, n_test, "imdb")


def load_imdb_word_index() -> dict[str, int]:
    """``{word: frequency rank}`` (1 = most frequent), as ``keras.datasets.imdb.get_word_index``."""
    words = _imdb_raw("imdb_word_index")["words"]
    return {str(w): i for i, w in enumerate(words) if i > 0}


def load_imdb_text(n_train: int | None = None, n_test: int | None = None) -> Split:
    """The IMDB reviews decoded to lower-case text (punctuation was stripped at the source).

    x: numpy arrays of str; y: int64 0/1.
    """
    raw = _imdb_raw("imdb_text")
    words = raw["words"]
    out = []
    for split, n, arg in (("train", n_train, "n_train"), ("test", n_test, "n_test")):
        lengths = raw[f"len_{split}"]
        k = _check_n(n, arg, len(lengths), "imdb_text", split)
        # only the k reviews asked for are decoded: all 25,000 real ones would take gigabytes as fixed-width str
        texts = np.array([" ".join(words[s]) for s in _split_ragged(raw[f"flat_{split}"][:lengths[:k].sum()], lengths[:k])])
        out.append((texts, raw[f"y_{split}"][:k]))
    return (out[0], out[1])


def load_text_corpus() -> str:
    """A text for character-level language models: Tiny Shakespeare (about 1.1M characters).

    Stand-in: about 1.1M characters of English-like text from a small grammar.
    """
    def real() -> str:
        # the URL TFDS publishes this sha256 for (tiny_shakespeare's checksum file)
        return fetch(*_SHAKESPEARE).read_text(encoding="utf-8")

    def standin() -> str:
        a = cached_arrays(f"corpus-standin-v{STANDIN_VERSION}",
                          lambda: {"text": np.array(_text.corpus(18_500, 77))})
        return str(a["text"])

    return _real_or_standin("text_corpus", real, standin, "Tiny Shakespeare (char-rnn)")


_SHAKESPEARE = ("shakespeare.txt",
                "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
                "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed")
ENGLISH_CORPORA = ("python_docs", "tiny_shakespeare")


def _python_docs() -> str:
    import pydoc_data.topics

    topics = pydoc_data.topics.topics
    return "\n\n".join(topics[k] for k in sorted(topics))


def load_english_text(corpus: str = "python_docs") -> str:
    """Real English text for a word-piece language model (notebook 14).

    ``"python_docs"``: the reference documentation that ships with Python's standard library
    (``pydoc_data.topics``, what ``help("assert")`` shows; about 465,000 characters on Python 3.11,
    its exact content depends on the Python patch version). Always available, offline too.
    ``"tiny_shakespeare"``: Tiny Shakespeare (about 1.1M characters), downloaded and checked
    like every dataset; when it cannot be had (offline, ``LABUTILS_OFFLINE=1``) the Python
    documentation is used instead, and the banner says so. Either way the text is real, and
    ``data_source`` reports it as real; the banner names which text it is.
    """
    import platform

    if corpus not in ENGLISH_CORPORA:
        raise ValueError(f"corpus must be one of {ENGLISH_CORPORA}; got {corpus!r}")
    docs = f"Python {platform.python_version()}'s documentation (pydoc_data.topics)"
    if corpus == "python_docs":
        announce("english_text", "real", docs)
        return _python_docs()
    reason = "LABUTILS_OFFLINE=1 is set"
    if not _env.offline_forced():
        try:
            text = fetch(*_SHAKESPEARE).read_text(encoding="utf-8")
        except DownloadUnavailable as exc:
            reason = str(exc)
        else:
            announce("english_text", "real", "Tiny Shakespeare (char-rnn)")
            return text
    announce("english_text", "real", f"{docs}: Tiny Shakespeare was asked for but is not "
                                     f"available ({reason})")
    return _python_docs()


#: Modules of the standard library whose source ``load_python_source`` joins (those present).
PYTHON_SOURCE_MODULES = ("abc", "bisect", "calendar", "colorsys", "contextlib", "copy", "csv",
                         "dataclasses", "difflib", "enum", "fnmatch", "fractions", "functools",
                         "glob", "heapq", "numbers", "operator", "pprint", "queue", "random",
                         "sched", "shlex", "statistics", "string", "textwrap", "timeit")


def load_python_source() -> str:
    """Python code as a second text domain (notebook 14's fine-tuning): the source of the
    standard-library modules in ``PYTHON_SOURCE_MODULES``, read from this Python's installation
    (about 600,000 characters on Python 3.11; the exact text depends on the Python version).
    Always available, offline too; reported as real data."""
    import platform
    import sysconfig
    from pathlib import Path

    root = Path(sysconfig.get_paths()["stdlib"])
    files = [root / f"{m}.py" for m in PYTHON_SOURCE_MODULES if (root / f"{m}.py").is_file()]
    if not files:
        raise FileNotFoundError(f"no standard-library source found under {root}")
    announce("python_source", "real", f"the source of {len(files)} modules of Python "
                                      f"{platform.python_version()}'s standard library")
    return "\n\n".join(f.read_text(encoding="utf-8") for f in files)


def load_customer_questions(n_per_intent: int = 150, n_test_per_intent: int = 40,
                            n_out_of_scope: int = 80) -> dict[str, Any]:
    """Customer-service questions for intent classification (notebook 11), course-authored.

    Returns ``{"intents": tuple, "faq": {intent: answer}, "train": (texts, y), "val": (texts, y),
    "test": (texts, y)}``; y indexes ``intents``, -1 = out of scope. Train, validation and test
    use disjoint phrasings, and validation and test each hold their own out-of-scope questions,
    so both measure how the bot does on new wordings.
    """
    for arg, v, lo in (("n_per_intent", n_per_intent, 1), ("n_test_per_intent", n_test_per_intent, 1),
                       ("n_out_of_scope", n_out_of_scope, 0)):
        if isinstance(v, bool) or not isinstance(v, int) or v < lo:
            raise ValueError(f"{arg} must be an int >= {lo}; got {v!r}")
    announce("customer_questions", "course-authored",
             f"{len(_intents.INTENTS)} intents of an online shop, written for this course (seed 004's "
             "customer-service case has no public dataset); test questions use phrasings never seen in training")
    train = _intents.questions(n_per_intent, "train", seed=11)
    val_t, val_y = _intents.questions(max(1, n_test_per_intent // 2), "val", seed=12)
    oos = _intents.out_of_scope(max(1, n_out_of_scope // 2), "val", seed=13)
    test_t, test_y = _intents.questions(n_test_per_intent, "test", seed=14)
    oos_test = _intents.out_of_scope(n_out_of_scope, "test", seed=15)
    return {"intents": _intents.INTENTS, "faq": dict(_intents.FAQ), "train": (train[0], train[1]),
            "val": (val_t + oos, np.r_[val_y, np.full(len(oos), -1)]),
            "test": (test_t + oos_test, np.r_[test_y, np.full(len(oos_test), -1)])}


# ----------------------------------------------------------------- translation (16)
#: No checksum is published for this archive (TensorFlow's translation tutorial fetches it
#: without one), so ``fetch`` trusts the first download and records its sha256 (see ``fetch``).
_SPA_ENG = ("spa-eng.zip", "http://storage.googleapis.com/download.tensorflow.org/data/spa-eng.zip",
            None)
_SPA_ENG_MEMBER = "spa-eng/spa.txt"
#: Share of the distinct English sentences that go to the test split (by a hash of the sentence).
TRANSLATION_TEST_PERCENT = 10


def _translation_test_mask(src: np.ndarray) -> np.ndarray:
    """True for the pairs whose English sentence is in the test split: the sha1 of the sentence,
    modulo 100, below ``TRANSLATION_TEST_PERCENT``. Every translation of one English sentence is
    in the same split, and a sentence stays in its split as pairs are added to the file."""
    names, inverse = np.unique(np.asarray(src, dtype=str), return_inverse=True)
    hashed = np.array([int(hashlib.sha1(s.encode("utf-8")).hexdigest(), 16) % 100
                       for s in names.tolist()])  # a loop over sentences: hashing strings
    return (hashed < TRANSLATION_TEST_PERCENT)[inverse.ravel()]


def _read_spa_eng_zip(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The English and Spanish sentences of ``spa-eng/spa.txt`` in the archive: one pair a line,
    tab-separated, English first (further columns, as in other releases of these files, are
    ignored), in the file's order."""
    import zipfile

    from labutils.datasets._cache import _corrupt_message

    with zipfile.ZipFile(path) as archive:
        if _SPA_ENG_MEMBER not in archive.namelist():
            raise CorruptCacheError(_corrupt_message(
                path, f"does not hold {_SPA_ENG_MEMBER} (the English-Spanish pairs)"))
        lines = archive.read(_SPA_ENG_MEMBER).decode("utf-8").splitlines()
    fields = [line.split("\t") for line in lines if line.strip()]
    bad = [i for i, f in enumerate(fields) if len(f) < 2]
    if bad:
        raise ValueError(f"{path}: line {bad[0] + 1} of {_SPA_ENG_MEMBER} is not "
                         f"'English<TAB>Spanish'; delete the archive (rm '{path}') and run again")
    en = np.array([f[0].strip() for f in fields], dtype=object)
    es = np.array([f[1].strip() for f in fields], dtype=object)
    return en, es


def _text_arrays(texts: np.ndarray) -> dict[str, np.ndarray]:
    """Sentences as UTF-8 bytes and their byte lengths (compact in an .npz, unlike fixed-width str)."""
    encoded = [t.encode("utf-8") for t in texts.tolist()]
    return {"bytes": np.frombuffer(b"".join(encoded), np.uint8),
            "lengths": np.array([len(e) for e in encoded], np.int64)}


def _from_text_arrays(raw: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    blob = raw.tobytes()
    ends = np.cumsum(lengths)
    return np.array([blob[e - n:e].decode("utf-8") for e, n in zip(ends.tolist(), lengths.tolist())],
                    dtype=object)


def load_translation_pairs(n_train: int | None = None, n_test: int | None = None) -> Split:
    """English sentences and their translations for machine translation (notebook 16,
    16_translation_seq2seq).

    Returns ``(src_train, tgt_train), (src_test, tgt_test)``: object arrays of str, English
    sources and their translations, pair by pair. One English sentence may appear several times
    with different translations (all of them references for it); the split is by English
    sentence (:func:`_translation_test_mask`, about 90/10), so no source sentence is in both.
    Each split is in a fixed random order; ``n_train`` / ``n_test`` take the first n pairs
    (None: all).

    Real: the English-Spanish pairs of TensorFlow's translation tutorial (``spa-eng.zip``,
    ``spa-eng/spa.txt``; Tatoeba sentences as manythings.org distributes them for Anki; no
    checksum is published: the first download is trusted and its sha256 recorded, see
    ``fetch``). Stand-in: English paired with **Vennish**, a language written for the course
    (:mod:`labutils.datasets._translation`): verb-final, with suffixes and agreement, so that
    word order and word-by-word translation fail visibly. It has another grammar than Spanish;
    the banner says so, and the numbers a notebook reports on it describe Vennish.
    """
    def split(src: np.ndarray, tgt: np.ndarray, seed: int) -> dict[str, np.ndarray]:
        test = _translation_test_mask(src)
        rng = np.random.default_rng(seed)
        out = {}
        for name, rows in (("train", np.flatnonzero(~test)), ("test", np.flatnonzero(test))):
            rows = rng.permutation(rows)
            out[f"src_{name}"], out[f"tgt_{name}"] = src[rows], tgt[rows]
        return out

    def real() -> dict[str, np.ndarray]:
        path = fetch(*_SPA_ENG)
        return split(*_read_spa_eng_zip(path), seed=16)

    def standin() -> dict[str, np.ndarray]:
        def make() -> dict[str, np.ndarray]:
            src, tgt = _translation.pairs(60_000, seed=16)
            return {f"{side}_{k}": v for side, texts in (("src", src), ("tgt", tgt))
                    for k, v in _text_arrays(texts).items()}

        a = cached_arrays(f"translation_pairs-standin-v{STANDIN_VERSION}.{_translation.VERSION}", make)
        return split(_from_text_arrays(a["src_bytes"], a["src_lengths"]),
                     _from_text_arrays(a["tgt_bytes"], a["tgt_lengths"]), seed=16)

    d = _real_or_standin("translation_pairs", real, standin,
                         "English-Spanish pairs of TensorFlow's translation tutorial (Tatoeba, "
                         "via manythings.org)",
                         "English paired with Vennish, a verb-final language with suffixes and "
                         "agreement written for this course (another grammar than Spanish)")
    out = []
    for name, n, arg, label in (("train", n_train, "n_train", "training"),
                                ("test", n_test, "n_test", "test")):
        k = _check_n(n, arg, len(d[f"src_{name}"]), "translation_pairs", label)
        out.append((d[f"src_{name}"][:k], d[f"tgt_{name}"][:k]))
    return out[0], out[1]


# ----------------------------------------------------------------- speech
#: No checksum is published for this archive (TensorFlow's tutorial fetches it without one), so
#: ``fetch`` trusts the first download and records its sha256 beside it (see ``fetch``).
_MINI_SPEECH = ("mini_speech_commands.zip",
                "http://storage.googleapis.com/download.tensorflow.org/data/"
                "mini_speech_commands.zip",
                None)
_SPEECH_FOLDER = "mini_speech_commands"
_SPEECH_SPLITS = ("train", "val", "test")
#: The modulus of the Speech Commands README's ``which_set`` (``MAX_NUM_WAVS_PER_CLASS + 1``).
_SPEAKER_HASH_MOD = 2 ** 27


def _speaker_splits(speakers: np.ndarray) -> np.ndarray:
    """The split of each speaker id, as the Speech Commands README's ``which_set`` assigns it:
    the sha1 of the id, modulo 2**27, as a percentage; below 10 validation (1), below 20 test
    (2), else training (0). A speaker is in one split only, and stays there as clips are added.
    """
    names, inverse = np.unique(np.asarray(speakers, dtype=str), return_inverse=True)
    hashed = [int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % _SPEAKER_HASH_MOD
              for name in names.tolist()]  # a loop over speakers: hashing strings
    percent = np.array(hashed, dtype=np.float64) * (100.0 / (_SPEAKER_HASH_MOD - 1))
    split = np.where(percent < 10, 1, np.where(percent < 20, 2, 0))
    return split[inverse.ravel()]


def _split_by_speaker(pcm: np.ndarray, y: np.ndarray, speakers: np.ndarray,
                      seed: int) -> dict[str, np.ndarray]:
    """``{x_, y_, speaker_}`` + ``train`` / ``val`` / ``test``: the clips split by
    :func:`_speaker_splits`, each split in a deterministic random order."""
    split = _speaker_splits(speakers)
    rng = np.random.default_rng(seed)
    out: dict[str, np.ndarray] = {}
    for k, name in enumerate(_SPEECH_SPLITS):
        idx = rng.permutation(np.flatnonzero(split == k))
        out[f"x_{name}"], out[f"y_{name}"] = pcm[idx], y[idx].astype(np.int64)
        out[f"speaker_{name}"] = np.asarray(speakers, dtype=str)[idx]
    return out


def _is_speech_clip(member: str) -> bool:
    """``mini_speech_commands/<word>/<name>.wav`` for one of the eight words (not the README,
    nor the ``__MACOSX/`` or ``._*`` entries an archive made on a Mac can hold)."""
    parts = member.split("/")
    return (len(parts) == 3 and parts[0] == _SPEECH_FOLDER and parts[1] in SPEECH_WORDS
            and parts[2].endswith(".wav") and not parts[2].startswith("."))


def _read_speech_zip(path: Path) -> dict[str, np.ndarray]:
    """The clips of the mini Speech Commands archive as int16 PCM (n, 16000) (shorter clips
    zero-padded at the end, longer ones cut), labels from the folder names and speakers from
    the file names (the part before ``_nohash_``), split by speaker."""
    import io
    import wave
    import zipfile

    from labutils.datasets._cache import _corrupt_message

    with zipfile.ZipFile(path) as archive:
        members = sorted(m for m in archive.namelist() if _is_speech_clip(m))
        missing = sorted(set(SPEECH_WORDS) - {m.split("/")[1] for m in members})
        if missing:
            raise CorruptCacheError(_corrupt_message(
                path, f"does not hold the mini Speech Commands clips "
                      f"({_SPEECH_FOLDER}/<word>/*.wav): none of {missing}"))
        pcm = np.zeros((len(members), _speech.SAMPLE_RATE), np.int16)
        fix = f"delete the archive (rm '{path}') and run again to download it afresh"
        for i, member in enumerate(members):  # reading files, one by one; no computing here
            try:
                with wave.open(io.BytesIO(archive.read(member))) as w:
                    form = (w.getnchannels(), w.getsampwidth(), w.getframerate())
                    if form != (1, 2, _speech.SAMPLE_RATE):
                        raise ValueError(
                            f"{path}: {member} is not 16-bit mono PCM at 16 kHz (it has "
                            f"{form[0]} channel(s) of {8 * form[1]}-bit samples at {form[2]} Hz); "
                            + fix)
                    clip = np.frombuffer(w.readframes(_speech.SAMPLE_RATE), dtype="<i2")
            except (wave.Error, EOFError) as exc:
                raise ValueError(f"{path}: {member} is not a readable PCM WAV file ({exc}); "
                                 + fix) from None
            pcm[i, :len(clip)] = clip
    words = np.array([m.split("/")[1] for m in members])
    y = np.searchsorted(np.array(SPEECH_WORDS), words).astype(np.int64)
    speakers = np.array([m.split("/")[2].split("_nohash_")[0].removesuffix(".wav")
                         for m in members])
    return _split_by_speaker(pcm, y, speakers, seed=8)


def _speech_commands_raw() -> dict[str, np.ndarray]:
    """The int16 clips, labels and speaker ids of every split (real or stand-in), cached."""
    def real() -> dict[str, np.ndarray]:
        path = fetch(*_MINI_SPEECH)
        tag = _digest_tag(_MINI_SPEECH[0], _MINI_SPEECH[2], path)
        return cached_arrays(f"speech_commands-real-unpacked-v{UNPACK_VERSION}-{tag}",
                             lambda: _read_speech_zip(path))

    def standin() -> dict[str, np.ndarray]:
        def make() -> dict[str, np.ndarray]:
            x, y, who = _speech.keywords(500, seed=15)
            pcm = np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16)  # as real clips
            return _split_by_speaker(pcm, y, np.char.mod("speaker%03d", who), seed=8)

        return cached_arrays(f"speech_commands-standin-v{STANDIN_VERSION}.{_speech.VERSION}", make)

    return _real_or_standin("speech_commands", real, standin,
                            "mini Speech Commands, TensorFlow's simple-audio-recognition archive",
                            "8 x 500 one-second clips of the eight words synthesised by a "
                            "source-filter model (120 synthetic speakers)")


def load_speech_commands(n_train: int | None = None, n_test: int | None = None
                         ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray],
                                    tuple[np.ndarray, np.ndarray]]:
    """Mini Speech Commands: one-second clips of the eight words ``SPEECH_WORDS`` (notebook 15,
    15_speech_lab).

    Returns ``(x_train, y_train), (x_val, y_val), (x_test, y_test)``: x float32 (n, 16000) in
    [-1, 1] (the 16-bit PCM at 16 kHz divided by 32768; shorter clips zero-padded at the end,
    longer ones cut),
    y int64 indexing ``SPEECH_WORDS``. Split by speaker as the Speech Commands README does
    (:func:`_speaker_splits`: about 80/10/10, and no speaker in two splits), each split in a
    fixed random order. ``n_train`` takes the first n training clips; ``n_test`` the first n
    of the test clips **and** of the validation clips (None: all).

    Real: the 8,000 clips of TensorFlow's audio tutorial archive (no checksum is published
    for it: the first download is trusted and its sha256 recorded, see ``fetch``). Stand-in:
    4,000 clips synthesised by :func:`labutils.datasets._speech.keywords`, split by speaker
    the same way.
    """
    raw = _speech_commands_raw()
    sizes = {"train": n_train, "val": n_test, "test": n_test}
    out = []
    for split, label in zip(_SPEECH_SPLITS, ("training", "validation", "test")):
        arg = "n_train" if split == "train" else "n_test"
        k = _check_n(sizes[split], arg, len(raw[f"y_{split}"]), "speech_commands", label)
        out.append((raw[f"x_{split}"][:k].astype(np.float32) / 32768, raw[f"y_{split}"][:k]))
    return out[0], out[1], out[2]


def load_spoken_digits(n: int = 4000, seed: int = 0, *, grammar: str = "uniform",
                       min_len: int = 1, max_len: int = 5, seconds: float = 2.0
                       ) -> tuple[np.ndarray, list[np.ndarray]]:
    """Two-second clips of spoken digit sequences for sequence recognition (CTC) in notebook 15
    (15_speech_lab). Course-authored: mini Speech Commands has no digits, so they are always
    synthesised (:func:`labutils.datasets._speech.digit_sequences`: one to five digits by one
    synthetic speaker per clip, short gaps), and ``data_source`` says ``course-authored``.

    Returns ``(x, digits)``: x float32 (n, 32000) in [-1, 1] (16 kHz, stored as 16-bit PCM;
    n * 128 kB of memory, 512 MB for 4,000 clips), ``digits[i]`` the int64 indices into
    ``DIGIT_WORDS`` spoken in clip i. The same ``n`` and ``seed`` give the same clips.

    ``grammar="phone"``: phone-number-like sequences of 3 to 5 digits
    (``_speech.PHONE_PATTERNS``, the text :func:`phone_digits` gives) instead of uniform ones.
    ``min_len``, ``max_len``, ``seconds``: other lengths and clip durations (``1, 1, 1.0``: one
    digit per second, the "unknown" words of 15's keyword spotter). The defaults give the clips
    they always gave.
    """
    n, seed = _speech.check_int(n, "n", 1), _speech.check_int(seed, "seed", 0)  # before the cache key
    min_len = _speech.check_int(min_len, "min_len", 1)
    max_len = _speech.check_int(max_len, "max_len", min_len)
    if grammar not in ("uniform", "phone"):
        raise ValueError(f"grammar must be 'uniform' or 'phone'; got {grammar!r}")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds > 0:
        raise ValueError(f"seconds must be a positive number; got {seconds!r}")
    options = (grammar, min_len, max_len, float(seconds))
    suffix = "" if options == ("uniform", 1, 5, 2.0) else (
        f"-{grammar}-len{min_len}to{max_len}-{float(seconds):g}s")

    def make() -> dict[str, np.ndarray]:
        x, digits = _speech.digit_sequences(n, seed, min_len, max_len, seconds, grammar=grammar)
        return {"pcm": np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16),
                "flat": np.concatenate(digits), "lengths": np.array([len(d) for d in digits])}

    a = cached_arrays(f"spoken_digits-v{STANDIN_VERSION}.{_speech.VERSION}-n{n}-seed{seed}{suffix}",
                      make)
    announce("spoken_digits", "course-authored",
             "sequences of one to five spoken digits synthesised for this course by a "
             "source-filter model (synthetic speakers); mini Speech Commands has no digits, so "
             "there is no real counterpart")
    return a["pcm"].astype(np.float32) / 32768, _split_ragged(a["flat"], a["lengths"])


def phone_digits(n: int, seed: int = 0) -> list[np.ndarray]:
    """Text without audio: ``n`` phone-number-like digit sequences (int64 arrays indexing
    ``DIGIT_WORDS``) from the grammar of ``load_spoken_digits(grammar="phone")``, for fitting a
    language model (notebook 15). Course-authored, determined by ``seed``."""
    return _speech.phone_digits(n, seed)


def _read_noise_zip(path: Path) -> dict[str, np.ndarray]:
    """``mini_speech_commands/_background_noise_/*.wav`` of the archive as int16 PCM, one long
    recording per file, keyed by file name without ``.wav`` (empty when the folder is absent)."""
    import io
    import wave
    import zipfile

    out: dict[str, np.ndarray] = {}
    with zipfile.ZipFile(path) as archive:
        members = sorted(m for m in archive.namelist()
                         if m.startswith(f"{_SPEECH_FOLDER}/_background_noise_/")
                         and m.endswith(".wav") and not m.split("/")[-1].startswith("."))
        for member in members:  # reading files, one by one
            with wave.open(io.BytesIO(archive.read(member))) as w:
                if (w.getnchannels(), w.getsampwidth(), w.getframerate()) != (1, 2, _speech.SAMPLE_RATE):
                    raise ValueError(f"{path}: {member} is not 16-bit mono PCM at 16 kHz")
                out[member.split("/")[-1].removesuffix(".wav")] = np.frombuffer(
                    w.readframes(w.getnframes()), dtype="<i2").copy()
    return out


def load_speech_noise() -> tuple[dict[str, np.ndarray], str]:
    """Background noise for noise augmentation in notebook 15 (15_speech_lab): long float32
    recordings in [-1, 1] at 16 kHz, keyed by name, and where they come from.

    Real: the ``_background_noise_`` recordings of the mini Speech Commands archive, when the
    archive is there and holds that folder (``source == "real"``). Otherwise the stand-in's six
    synthetic recordings (:func:`labutils.datasets._speech.background_noise`: white, pink, hum,
    a tap, dishes, a bike; ``source`` says why). Announced as ``speech_commands``, the same
    archive as :func:`load_speech_commands`.
    """
    def standin() -> dict[str, np.ndarray]:
        def make() -> dict[str, np.ndarray]:
            return {k: np.clip(np.round(v * 32768), -32768, 32767).astype(np.int16)
                    for k, v in _speech.background_noise().items()}

        return cached_arrays(f"speech_noise-standin-v{STANDIN_VERSION}.{_speech.VERSION}.{_speech.NOISE_VERSION}", make)

    found: dict[str, Any] = {}

    def real() -> dict[str, np.ndarray]:
        path = fetch(*_MINI_SPEECH)
        tag = _digest_tag(_MINI_SPEECH[0], _MINI_SPEECH[2], path)
        pcm = cached_arrays(f"speech_noise-real-v1-{tag}", lambda: _read_noise_zip(path))
        found["real"] = bool(pcm)
        return pcm or standin()

    pcm = _real_or_standin("speech_commands", real, standin,
                           "mini Speech Commands, TensorFlow's simple-audio-recognition archive",
                           "six synthetic background-noise recordings")
    if found.get("real"):
        source = "real: the archive's _background_noise_ recordings"
    elif "real" in found:
        source = ("synthetic: the real archive holds no _background_noise_ folder, so the "
                  "stand-in's six synthetic recordings are used")
    else:
        source = "synthetic: the stand-in's six recordings (the real archive is not here)"
    return {k: v.astype(np.float32) / 32768 for k, v in pcm.items()}, source


# ----------------------------------------------------------------- vision beyond labels (18)
def _vision_arrays(name: str, n: int, seed: int, size: int, make: Callable[..., dict]) -> dict:
    n, seed = _speech.check_int(n, "n", 1), _speech.check_int(seed, "seed", 0)  # before the key
    size = _speech.check_int(size, "size", 16)
    key = f"{name}-v{STANDIN_VERSION}.{_vision.VERSION}-n{n}-seed{seed}-size{size}"
    return cached_arrays(key, lambda: make(n, seed, size))


def load_street_scenes(n: int = 3500, seed: int = 0, size: int = 64) -> dict[str, np.ndarray]:
    """Street scenes with boxes for object detection in notebook 18 (18_detection_segmentation).
    Course-authored: drawn by :func:`labutils.datasets._vision.street_scenes` (cars, pedestrians
    and traffic signs as silhouettes at the scale perspective gives them, nearer ones hiding
    farther ones, on cluttered streets).

    Returns ``{"images": uint8 (n, size, size, 3), "labels": int64 (n, 6) indexing
    SCENE_CLASSES (-1: empty slot), "boxes": float32 (n, 6, 4) [x0, y0, x1, y1] in pixels,
    "visible": float32 (n, 6) (fraction of each object not hidden)}``. The same ``n``, ``seed``
    and ``size`` give the same scenes.
    """
    a = _vision_arrays("street_scenes", n, seed, size, _vision.street_scenes)
    announce("street_scenes", "course-authored",
             "street scenes drawn for this course: cars, pedestrians and traffic signs as "
             "silhouettes on cluttered streets, with exact boxes; no real images")
    return a


_PENN_FUDAN = ("PennFudanPed.zip", "https://www.cis.upenn.edu/~jshi/ped_html/PennFudanPed.zip",
               None)
_PENN_FUDAN_FOLDER = "PennFudanPed"


def _letterbox(image: "Any", size: int) -> tuple[np.ndarray, float]:
    """A PIL image scaled so that its longer side is ``size`` and placed at the top left of a
    black ``size`` x ``size`` square: the uint8 (size, size, 3) array and the scale."""
    from PIL import Image

    w, h = image.size
    scale = size / max(w, h)
    small = image.convert("RGB").resize((max(1, round(w * scale)), max(1, round(h * scale))),
                                        Image.BILINEAR)
    out = np.zeros((size, size, 3), np.uint8)
    out[:small.size[1], :small.size[0]] = np.asarray(small)
    return out, scale


def _mask_boxes(mask: np.ndarray) -> np.ndarray:
    """Boxes (K, 4) [x0, y0, x1, y1] of the instances 1..K of an instance mask, in pixel-centre
    coordinates (the first and last column and row each instance covers), K the largest id."""
    ids = np.arange(1, int(mask.max()) + 1)
    hit = mask[None] == ids[:, None, None]  # (K, H, W)
    cols, rows = hit.any(1), hit.any(2)
    if not (cols.any(1)).all():
        missing = ids[~cols.any(1)].tolist()
        raise ValueError(f"the instance mask skips the ids {missing} (ids must be 1..K)")
    first = lambda a: a.argmax(1)  # noqa: E731
    last = lambda a: a.shape[1] - 1 - a[:, ::-1].argmax(1)  # noqa: E731
    return np.stack([first(cols), first(rows), last(cols), last(rows)], -1).astype(np.float32)


def _read_penn_fudan(path: Path, size: int) -> dict[str, np.ndarray]:
    """The photos of the Penn-Fudan archive letterboxed to ``size`` pixels, with one box per
    pedestrian from its instance mask (``PedMasks/<name>_mask.png``: 0 background, 1..K the
    pedestrians), in a fixed random order."""
    import io
    import zipfile

    from PIL import Image, UnidentifiedImageError

    from labutils.datasets._cache import _corrupt_message

    fix = f"delete the archive (rm '{path}') and run again to download it afresh"
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        photos = sorted(m for m in names if m.startswith(f"{_PENN_FUDAN_FOLDER}/PNGImages/")
                        and m.endswith(".png") and not m.split("/")[-1].startswith("."))
        if not photos:
            raise CorruptCacheError(_corrupt_message(
                path, f"does not hold the Penn-Fudan photos ({_PENN_FUDAN_FOLDER}/PNGImages/*.png)"))
        images, boxes = [], []
        for member in photos:  # reading files, one by one
            stem = member.split("/")[-1].removesuffix(".png")
            mask_name = f"{_PENN_FUDAN_FOLDER}/PedMasks/{stem}_mask.png"
            if mask_name not in names:
                raise ValueError(f"{path}: {member} has no mask {mask_name}; " + fix)
            try:
                photo = Image.open(io.BytesIO(archive.read(member)))
                mask = np.asarray(Image.open(io.BytesIO(archive.read(mask_name))))
            except (UnidentifiedImageError, OSError) as exc:
                raise ValueError(f"{path}: {member} or its mask is not a readable PNG ({exc}); "
                                 + fix) from None
            if mask.ndim != 2 or mask.shape != (photo.size[1], photo.size[0]):
                raise ValueError(f"{path}: {mask_name} is not a one-channel instance mask the "
                                 f"size of its photo ({photo.size[0]} x {photo.size[1]}); "
                                 f"its array has shape {mask.shape}; " + fix)
            image, scale = _letterbox(photo, size)
            images.append(image)
            boxes.append((_mask_boxes(mask) + 0.5) * scale - 0.5)  # pixel centres, rescaled
    k = max(1, max(len(b) for b in boxes))
    order = np.random.default_rng(18).permutation(len(photos))
    labels = np.full((len(photos), k), -1, np.int64)
    padded = np.zeros((len(photos), k, 4), np.float32)
    for i, b in enumerate(boxes):
        labels[i, :len(b)] = SCENE_CLASSES.index("pedestrian")
        padded[i, :len(b)] = np.clip(b, 0, size)
    return {"images": np.stack(images)[order], "labels": labels[order], "boxes": padded[order]}


def load_pedestrians(size: int = 64) -> dict[str, np.ndarray]:
    """Street photos with a box around every pedestrian, for the real-data section of notebook
    18 (18_detection_segmentation).

    Returns ``{"images": uint8 (n, size, size, 3), "labels": int64 (n, K) (the index of
    "pedestrian" in SCENE_CLASSES; -1: empty slot), "boxes": float32 (n, K, 4) [x0, y0, x1, y1]
    in pixels}``, in the same layout as :func:`load_street_scenes`, in a fixed random order.

    Real: the Penn-Fudan pedestrian set (Wang, Shi, Song and Shen, 2007: 170 photos taken around
    the University of Pennsylvania and Fudan University, 345 pedestrians, with instance masks;
    no checksum is published, so the first download is trusted and its sha256 recorded, see
    ``fetch``). Each photo is scaled so that its longer side is ``size`` and placed at the top
    left of a black square; each box is the extent of one pedestrian's mask, rescaled. Stand-in:
    170 of the course's street scenes with pedestrians only (``_vision.street_scenes`` with
    ``shares=(0, 1, 0)``).
    """
    size = _speech.check_int(size, "size", 16)

    def real() -> dict[str, np.ndarray]:
        path = fetch(*_PENN_FUDAN)
        tag = _digest_tag(_PENN_FUDAN[0], _PENN_FUDAN[2], path)
        return cached_arrays(f"pedestrians-real-unpacked-v{UNPACK_VERSION}-{tag}-size{size}",
                             lambda: _read_penn_fudan(path, size))

    def standin() -> dict[str, np.ndarray]:
        def make() -> dict[str, np.ndarray]:
            a = _vision.street_scenes(170, seed=18, size=size, shares=(0.0, 1.0, 0.0))
            return {k: a[k] for k in ("images", "labels", "boxes")}

        return cached_arrays(f"pedestrians-standin-v{STANDIN_VERSION}.{_vision.VERSION}-size{size}",
                             make)

    return _real_or_standin("pedestrians", real, standin,
                            "the Penn-Fudan pedestrian set: 170 street photos, a box per "
                            "pedestrian from its mask",
                            "170 of the course's street scenes with pedestrians only")


def load_lesion_images(n: int = 2000, seed: int = 0, size: int = 64) -> dict[str, np.ndarray]:
    """Grey "medical" images with lesion masks for segmentation in notebook 18. Course-authored,
    not medical data: drawn by :func:`labutils.datasets._vision.lesion_images` (tissue, round
    cells, irregular lesions; blur, intensity drift and noise; about 1% of pixels are lesion).

    Returns ``{"images": float32 (n, size, size, 1) in [0, 1], "masks": uint8 (n, size, size)}``.
    """
    a = _vision_arrays("lesion_images", n, seed, size, _vision.lesion_images)
    announce("lesion_images", "course-authored",
             "grey images drawn for this course to look like cells and lesions under a "
             "microscope, with exact lesion masks; not medical data")
    return a


def load_shape_captions(n: int = 4000, seed: int = 0, size: int = 32) -> dict[str, Any]:
    """Images of a coloured shape with a caption for the dual encoder of notebook 18.
    Course-authored: drawn by :func:`labutils.datasets._vision.shape_captions`.

    Returns ``{"images": uint8 (n, size, size, 3), "colour", "shape", "size", "side": int64
    (n,) indexing CAPTION_COLOURS, CAPTION_SHAPES, CAPTION_SIZES, CAPTION_SIDES, "captions":
    list of n str}`` ("a small red circle on the left").
    """
    a = dict(_vision_arrays("shape_captions", n, seed, size, _vision.shape_captions))
    a["captions"] = [_vision.caption(*attrs) for attrs in
                     zip(a["colour"], a["shape"], a["size"], a["side"])]
    announce("shape_captions", "course-authored",
             "images of one coloured shape each, drawn for this course, with captions that "
             "name its size, colour, shape and side")
    return a


DATASETS: dict[str, Callable[..., Any]] = {
    "digits": load_digits,
    "breast_cancer": load_breast_cancer,
    "sample_photos": load_sample_photos,
    "mnist": load_mnist,
    "fashion_mnist": load_fashion_mnist,
    "cifar10": load_cifar10,
    "imdb": load_imdb,
    "imdb_text": load_imdb_text,
    "text_corpus": load_text_corpus,
    "customer_questions": load_customer_questions,
    "english_text": load_english_text,
    "python_source": load_python_source,
    "speech_commands": load_speech_commands,
    "spoken_digits": load_spoken_digits,
    "street_scenes": load_street_scenes,
    "pedestrians": load_pedestrians,
    "lesion_images": load_lesion_images,
    "shape_captions": load_shape_captions,
    "translation_pairs": load_translation_pairs,
}


def load(name: str, **kwargs: Any) -> Any:
    """Load a dataset by name, e.g. ``load("mnist", n_train=1000)``."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; valid choices: {sorted(DATASETS)}")
    return DATASETS[name](**kwargs)
