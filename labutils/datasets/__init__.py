"""Datasets of the course, real when they can be had, deterministic stand-ins when not.

Loaders return what ``keras.datasets`` returns (``(x_train, y_train), (x_test, y_test)``
with the same shapes and dtypes). Real data comes through ``keras.utils.get_file`` into the
cache (``LABUTILS_DATA_DIR``) and is checked by sha256. Offline (``LABUTILS_OFFLINE=1`` or a
failed download) each loader returns a stand-in designed so the lessons still hold, shows a
banner saying so, and reports ``data_source`` to the run report. ``LABUTILS_OFFLINE=1`` forces
the stand-ins even when the real files are already in the cache.

=====================  ===========================================  =============
loader                 real source                                  notebooks
=====================  ===========================================  =============
``load_digits``        scikit-learn's bundled 8x8 digits (always)   00, 04, 09
``load_sample_photos`` scikit-learn's bundled photos (always)       06
``load_mnist``         MNIST (Keras mirror)                         05, 06, 11
``load_fashion_mnist`` Fashion-MNIST (Keras mirror)                 05, 09
``load_cifar10``       CIFAR-10 (Toronto)                           06, 11
``load_imdb``          IMDB reviews as word indices (Keras mirror)  07, 11
``load_imdb_text``     the same reviews decoded to text             07, 08, 11
``load_text_corpus``   Tiny Shakespeare (karpathy/char-rnn)         07, 08
``load_english_text``  Python's documentation (always), or Tiny     14
                       Shakespeare (downloaded) on request
``load_python_source`` Python's standard-library source (always)    14
=====================  ===========================================  =============
"""
from __future__ import annotations

import gzip
import json
import pickle
import tarfile
from typing import Any, Callable

import numpy as np

from labutils import _env
from labutils.datasets import _images, _intents, _text
from labutils.datasets._cache import CorruptCacheError, DownloadUnavailable, cached_arrays, fetch
from labutils.datasets._source import announce, sources, summarise

__all__ = [
    "DATASETS", "CIFAR10_CLASSES", "FASHION_MNIST_CLASSES", "CorruptCacheError", "load",
    "load_digits", "load_breast_cancer", "load_sample_photos", "load_mnist", "load_fashion_mnist", "load_cifar10",
    "load_imdb", "load_imdb_text", "load_imdb_word_index", "load_text_corpus", "load_customer_questions",
    "load_english_text", "load_python_source",
    "sources",
    "summarise",
]

CIFAR10_CLASSES = _images.CIFAR10_CLASSES
FASHION_MNIST_CLASSES = _images.FASHION_CLASSES

_KERAS = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
#: Bump when a generator changes, so stale cached stand-ins are not reused.
STANDIN_VERSION = 4
#: Bump when the unpacking of a real download changes, so stale unpacked arrays are not reused.
UNPACK_VERSION = 2
_IMDB_SHA = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
_CIFAR_SHA = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"

Split = tuple[tuple[Any, np.ndarray], tuple[Any, np.ndarray]]


def _check_n(n: int | None, arg: str, available: int, dataset: str, split: str) -> int:
    if n is None:
        return available
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"{arg} must be a positive int or None (all); got {n!r}")
    if n > available:
        raise ValueError(f"{arg}={n} but {dataset} has only {available} {split} examples")
    return int(n)


def _take(data: Split, n_train: int | None, n_test: int | None, dataset: str) -> Split:
    """The first n of each split (every split here is already in random order)."""
    (xtr, ytr), (xte, yte) = data
    a = _check_n(n_train, "n_train", len(ytr), dataset, "training")
    b = _check_n(n_test, "n_test", len(yte), dataset, "test")
    return (xtr[:a], ytr[:a]), (xte[:b], yte[:b])


def _digest_tag(fname: str, file_hash: str) -> str:
    """12 hex digits of the digest a download was verified against (``LABUTILS_CHECKSUMS`` included):
    unpacked arrays are named after the exact file they came from, so another file (a fixed mirror,
    a new release, a test fixture) never reuses stale arrays."""
    from labutils.datasets._cache import expected_digest

    return expected_digest(fname, file_hash)[:12]


def _real_or_standin(dataset: str, real: Callable[[], Any], standin: Callable[[], Any],
                     real_detail: str) -> Any:
    """The real data, or the stand-in when it cannot be had. ``LABUTILS_OFFLINE=1`` means
    stand-ins, always: even a real file already in the cache is not read, so a forced-offline run
    (the tests, CI) gives the same data on every machine whatever the learner downloaded."""
    if _env.offline_forced():
        data = standin()
        announce(dataset, "stand-in", "LABUTILS_OFFLINE=1 is set")
        return data
    try:
        data = real()
    except DownloadUnavailable as exc:
        data = standin()
        announce(dataset, "stand-in", str(exc))
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
}


def load(name: str, **kwargs: Any) -> Any:
    """Load a dataset by name, e.g. ``load("mnist", n_train=1000)``."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; valid choices: {sorted(DATASETS)}")
    return DATASETS[name](**kwargs)
