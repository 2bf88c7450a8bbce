"""Generators of the text stand-ins: IMDB-like reviews and a corpus for language models.

Reviews are built from opinion clauses ``<noun> was [not] [intensifier] <adjective>`` and
neutral filler. The label is the sign of the summed clause scores, where an intensifier
doubles (or halves) a clause and a negator flips it. So "the plot was not very good but the
acting was great" and "the plot was very good but the acting was not great" contain the same
bag of words with different labels: word order matters. As in real reviews, a review has an
overall tone that most of its opinions share (``TONE_AGREEMENT``), so words predict their
neighbours: what masked-language-model pre-training (notebook 08) can learn from unlabelled text.
Used by :mod:`labutils.datasets`.
"""
from __future__ import annotations

import numpy as np

NOUNS = ("acting", "plot", "story", "script", "soundtrack", "cinematography", "dialogue",
         "ending", "cast", "direction", "pacing", "characters", "effects", "humour", "film",
         "movie", "score", "editing", "lead", "villain", "camera", "costumes", "music", "finale")
VERBS = ("was", "is", "felt", "seemed")
POSITIVE = ("good", "great", "excellent", "wonderful", "brilliant", "superb", "enjoyable",
            "moving", "clever", "charming", "gripping", "beautiful", "fun", "solid")
NEGATIVE = ("bad", "poor", "awful", "terrible", "boring", "dull", "weak", "clumsy",
            "predictable", "tedious", "horrible", "mediocre", "silly", "bland")
STRONG = ("very", "really", "extremely", "incredibly", "truly")  # x2
WEAK = ("slightly", "somewhat", "fairly")  # x0.5
NEGATORS = ("not", "never")
CONNECT = ("and", "but", "although", "while", "also")
FILLER = tuple(
    "i we they saw watched it this on a an in at with from about after before during my our "
    "friend family weekend evening night cinema theatre home tv stream screen ticket seat "
    "popcorn hour hours minutes two three first second last year old new city town country "
    "war love family school summer winter police detective space ship robot ghost house road "
    "train island mountain river sea doctor teacher student king queen soldier pilot mother "
    "father brother sister child girl boy man woman dog cat book novel sequel remake version "
    "director studio actor actress scene scenes shot shots set sets based true events story "
    "takes place runs around starts ends opens closes follows shows tells about who which "
    "that then when where there here as so because if like just only even still more most "
    "some many few other another each every all both half whole part end middle beginning "
    "trailer release premiere festival award nomination budget box office critics audience "
    "fans viewers people crowd everyone nobody somebody anyone time times day days week".split()
)
TONE_AGREEMENT = 0.75  # probability that a clause has the polarity of its review's tone
TEMPLATE = ("the", "<noun>", "<verb>", "<neg>", "<int>", "<adj>")


def vocabulary() -> list[str]:
    """All words the review generator can emit (deduplicated, in a fixed order)."""
    words = ["the", *NOUNS, *VERBS, *NEGATORS, *STRONG, *WEAK, *POSITIVE, *NEGATIVE, *CONNECT, *FILLER]
    return list(dict.fromkeys(words))


def reviews(n: int, seed: int) -> tuple[list[np.ndarray], np.ndarray]:
    """``n`` reviews as arrays of indices into :func:`vocabulary`, and 0/1 labels.

    Vectorised: every review has up to 5 opinion clauses and 10 filler phrases laid out in a
    (n, slots, words) array, shuffled per review, with -1 marking unused positions.
    """
    rng = np.random.default_rng(seed)
    vocab = vocabulary()
    ix = {w: i for i, w in enumerate(vocab)}
    ids = lambda words: np.array([ix[w] for w in words])  # noqa: E731

    n_op, n_fill, fill_len, width = 5, 10, 7, 8
    # opinion clauses
    active = np.arange(n_op)[None] < rng.integers(1, n_op + 1, (n, 1))
    tone = rng.random((n, 1)) < 0.5  # a review's overall tone: most of its opinions agree with it
    pos = rng.random((n, n_op)) < np.where(tone, TONE_AGREEMENT, 1.0 - TONE_AGREEMENT)
    neg = rng.random((n, n_op)) < 0.15
    inten = rng.choice(3, (n, n_op), p=[0.55, 0.3, 0.15])  # 0 none, 1 strong, 2 weak
    strength = np.choose(inten, [1.0, 2.0, 0.5])
    score = np.where(pos, 1.0, -1.0) * strength * np.where(neg, -1.0, 1.0) * active
    total = score.sum(1)
    tie = total == 0  # break ties by negating the first clause (always active)
    neg[tie, 0] = ~neg[tie, 0]
    score[tie, 0] *= -1
    label = (score.sum(1) > 0).astype(np.int64)

    clause = np.full((n, n_op, width), -1)
    clause[..., 0] = ix["the"]
    clause[..., 1] = ids(NOUNS)[rng.integers(0, len(NOUNS), (n, n_op))]
    clause[..., 2] = ids(VERBS)[rng.integers(0, len(VERBS), (n, n_op))]
    clause[..., 3] = np.where(neg, ids(NEGATORS)[rng.integers(0, 2, (n, n_op))], -1)
    strong_w = ids(STRONG)[rng.integers(0, len(STRONG), (n, n_op))]
    weak_w = ids(WEAK)[rng.integers(0, len(WEAK), (n, n_op))]
    clause[..., 4] = np.choose(inten, [np.full_like(strong_w, -1), strong_w, weak_w])
    adj = np.where(pos, ids(POSITIVE)[rng.integers(0, len(POSITIVE), (n, n_op))],
                   ids(NEGATIVE)[rng.integers(0, len(NEGATIVE), (n, n_op))])
    clause[..., 5] = adj
    clause[..., 6] = np.where(rng.random((n, n_op)) < 0.6,
                              ids(CONNECT)[rng.integers(0, len(CONNECT), (n, n_op))], -1)
    clause[~active] = -1

    # filler phrases: Zipf-like word frequencies, like real text
    p = 1.0 / np.arange(1, len(FILLER) + 1)
    p /= p.sum()
    filler = ids(FILLER)[rng.choice(len(FILLER), (n, n_fill, width), p=p)]
    f_len = rng.integers(2, fill_len + 1, (n, n_fill, 1))
    filler = np.where(np.arange(width)[None, None] < f_len, filler, -1)
    filler[np.arange(n_fill)[None] >= rng.integers(2, n_fill + 1, (n, 1))] = -1

    slots = np.concatenate([clause, filler], axis=1)  # (n, 15, width)
    order = np.argsort(rng.random(slots.shape[:2]), axis=1)
    slots = np.take_along_axis(slots, order[..., None], axis=1).reshape(n, -1)
    keep = slots >= 0
    lengths = keep.sum(1)
    seqs = np.split(slots[keep], np.cumsum(lengths)[:-1])
    return seqs, label


_SUBJECTS = ("the old sailor", "a young woman", "the king", "my brother", "the wise doctor",
             "the tired soldier", "a stranger", "the little girl", "the merchant", "our teacher",
             "the queen", "the farmer", "a quiet boy", "the captain", "the poet")
_VERBS = ("walked to", "looked at", "spoke of", "dreamed of", "ran towards", "remembered",
          "sang about", "waited by", "wrote to", "laughed at", "returned to", "forgot")
_OBJECTS = ("the harbour", "the distant hills", "the burning city", "an empty house",
            "the silver river", "the long road", "a forgotten song", "the winter sea",
            "the castle gate", "the morning market", "the dark forest", "a broken promise")
_TAILS = ("and the wind was cold", "while the bells rang", "but nobody answered",
          "as the night came down", "and the rain began", "because the war was over",
          "when the sun rose", "and said nothing more", "with a heavy heart", "")


def corpus(n_sentences: int, seed: int) -> str:
    """An English-like corpus from a small grammar: spelling, spacing, capitals, punctuation
    and clause structure for a character-level model to learn. About 60 characters a sentence.
    """
    rng = np.random.default_rng(seed)
    parts = [np.array(x, dtype=object) for x in (_SUBJECTS, _VERBS, _OBJECTS, _TAILS)]
    picks = [p[rng.integers(0, len(p), n_sentences)] for p in parts]
    ends = np.array([".", ".", ".", "!", "?"], dtype=object)[rng.integers(0, 5, n_sentences)]
    sents = [
        (f"{s} {v} {o}" + (f", {t}" if t else "")).capitalize() + e
        for s, v, o, t, e in zip(*picks, ends)
    ]
    breaks = np.where(rng.random(n_sentences) < 0.2, "\n\n", " ")
    return "".join(s + b for s, b in zip(sents, breaks)).strip() + "\n"
