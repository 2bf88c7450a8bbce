"""load_translation_pairs (notebook 16): the English-Vennish stand-in and its grammar, and the real
English-Spanish pairs read from a spa-eng.zip in the published layout served from 127.0.0.1."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile

import numpy as np
import pytest

from labutils import datasets
from labutils.datasets import _translation as T
from test_online_path import _Server, checksum_table

VERBS_VE = {v[3] for v in T.VERBS}


def _verb_stem(word: str) -> str | None:
    """The Vennish verb stem a verb form starts with (after the negative prefix), or None."""
    w = word[len(T.NEG):] if word.startswith(T.NEG) else word
    hits = [v for v in VERBS_VE if w.startswith(v)]
    return max(hits, key=len) if hits else None


# ------------------------------------------------------------------ the grammar
def test_pairs_are_deterministic_strings_in_a_random_order():
    src, tgt = T.pairs(3000, seed=5)
    src2, tgt2 = T.pairs(3000, seed=5)
    assert src.dtype == object and tgt.dtype == object and len(src) == len(tgt) > 3000 * 0.95
    assert all(isinstance(s, str) and s == s.strip() and "  " not in s for s in [*src, *tgt])
    assert list(src) == list(src2) and list(tgt) == list(tgt2)
    assert list(T.pairs(3000, seed=6)[0][:20]) != list(src[:20])
    assert all(s == s.lower() for s in src)


def test_single_clauses_are_verb_final_with_agreement_and_pro_drop():
    src, tgt = T.pairs(4000, seed=1)
    one = [(s, t) for s, t in zip(src, tgt) if " and " not in s and " because " not in s]
    assert len(one) > 1000
    for s, t in one:
        last = t.split()[-1]
        assert _verb_stem(last) is not None, (s, t)  # the verb comes last
        first = s.split()[0]
        if first == "i":  # pro-drop: no word for "i"; the verb says first person singular
            assert last.endswith("m"), (s, t)
        if first == "they":
            assert last.endswith("n"), (s, t)
        if " not " in s:  # did not / does not / will not: one negative prefix, no extra words
            assert last.startswith(T.NEG), (s, t)
        assert len(t.split()) < len(s.split()) + 2  # no articles or auxiliaries in Vennish


def test_adjectives_follow_their_noun_and_agree_in_number():
    src, tgt = T.pairs(4000, seed=2)
    adjectives = {e: v for e, v in T.ADJECTIVES}
    nouns = {w: (stem, w == pl and sg != pl) for sg, pl, stem in T.NOUNS for w in (sg, pl)}
    seen = 0
    for s, t in zip(src, tgt):
        en, ve = s.split(), t.split()
        for adj, noun in zip(en, en[1:]):
            if adj not in adjectives or noun not in nouns or en.count(adj) > 1:
                continue
            stem, plural = nouns[noun]
            a = [i for i, w in enumerate(ve) if w.startswith(adjectives[adj])]
            n = [i for i, w in enumerate(ve) if w.startswith(stem)]
            if len(a) == 1 and len(n) == 1:
                seen += 1
                assert n[0] < a[0], (s, t)  # the noun first
                if plural:
                    assert ve[a[0]] == adjectives[adj] + T.PLURAL, (s, t)
    assert seen > 300


def test_because_puts_the_reason_first_and_marks_its_verb():
    src, tgt = T.pairs(4000, seed=3)
    for s, t in zip(src, tgt):
        has = " because " in s
        assert any(w.endswith(T.BECAUSE) and _verb_stem(w) for w in t.split()) == has, (s, t)
        if has:  # the reason clause comes first: its marked verb is before the main verb
            marked = [i for i, w in enumerate(t.split()) if w.endswith(T.BECAUSE) and _verb_stem(w)]
            assert marked[0] < len(t.split()) - 1
        assert (f" {T.AND} " in f" {t} ") == (" and " in s)


def test_a_second_translation_is_the_same_words_in_the_other_order():
    src, tgt = T.pairs(4000, seed=4)
    by_src: dict[str, list[str]] = {}
    for s, t in zip(src, tgt):
        by_src.setdefault(s, []).append(t)
    twice = {s: ts for s, ts in by_src.items() if len(ts) > 1}
    assert 0.05 < len(twice) / len(by_src) < 0.3
    for s, ts in twice.items():
        assert len(ts) == 2 and ts[0] != ts[1] and sorted(ts[0].split()) == sorted(ts[1].split())
        assert any(f" {p} " in f" {s} " for p, _, _ in T.PREPOSITIONS)


def test_sentences_span_short_and_long():
    src, _ = T.pairs(4000, seed=0)
    n = np.array([len(s.split()) for s in src])
    assert n.min() >= 3 and np.mean(n >= 16) > 0.2 and np.mean(n <= 8) > 0.2 and n.max() <= 40


# ------------------------------------------------------------------ the loader, offline
def test_the_stand_in_splits_by_english_sentence(capsys):
    (s_tr, t_tr), (s_te, t_te) = datasets.load_translation_pairs()
    assert datasets.sources()["translation_pairs"] == "stand-in"
    out = capsys.readouterr().out
    assert "[STAND-IN DATA] translation_pairs" in out and "Vennish" in out
    assert s_tr.dtype == object and len(s_tr) == len(t_tr) and len(s_te) == len(t_te)
    assert not set(s_tr) & set(s_te)
    assert 0.07 < len(set(s_te)) / len(set(s_tr) | set(s_te)) < 0.13
    (a, b), (c, d) = datasets.load_translation_pairs(n_train=50, n_test=7)
    assert list(a) == list(s_tr[:50]) and list(b) == list(t_tr[:50]) and len(c) == len(d) == 7
    (a, _), _ = datasets.load_translation_pairs(n_train=10 ** 7)  # more than there is: all
    assert len(a) == len(s_tr) and "using all" in capsys.readouterr().out


def test_test_mask_is_a_stable_hash_of_the_sentence():
    src = np.array(["go .", "hi .", "go .", "run !"] * 3, dtype=object)
    mask = datasets._translation_test_mask(src)
    want = {s: int(hashlib.sha1(s.encode()).hexdigest(), 16) % 100 < 10 for s in set(src)}
    assert mask.tolist() == [want[s] for s in src]


# ------------------------------------------------------------------ the real path
PAIRS = [("Go.", "Ve."), ("Go.", "Vete."), ("Hi.", "Hola."), ("Run!", "¡Corre!"),
         ("I'm sorry.", "Lo siento."), ("Tom is reading a book.", "Tom está leyendo un libro."),
         ("Where is the station?", "¿Dónde está la estación?")]
PAIRS += [(f"This is sentence number {i}.", f"Esta es la frase número {i}.") for i in range(60)]


def _spa_zip(lines: list[str], member: str = "spa-eng/spa.txt") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("spa-eng/", "")
        z.writestr(member, "\n".join(lines) + "\n")
    return buf.getvalue()


def _real_lines() -> list[str]:
    lines = [f"{en}\t{es}" for en, es in PAIRS]
    lines[3] += "\tCC-BY 2.0 (France) Attribution: tatoeba.org"  # a third column is ignored
    return lines


@pytest.fixture
def spa_server(fresh_cache, tmp_path, monkeypatch):
    server = _Server({"spa-eng.zip": _spa_zip(_real_lines())})
    monkeypatch.delenv("LABUTILS_OFFLINE", raising=False)
    monkeypatch.setenv("LABUTILS_DATA_MIRROR", server.url)
    monkeypatch.setenv("LABUTILS_DOWNLOAD_TIMEOUT", "5")
    (fresh_cache / "standins").mkdir(parents=True)
    yield server, fresh_cache, tmp_path
    server.stop()


def test_real_pairs_from_the_published_layout_trusted_on_first_use(spa_server, capsys):
    server, cache, _ = spa_server
    (s_tr, t_tr), (s_te, t_te) = datasets.load_translation_pairs()
    assert datasets.sources()["translation_pairs"] == "real"
    assert "English-Spanish" in capsys.readouterr().out
    got = sorted(zip([*s_tr, *s_te], [*t_tr, *t_te]))
    assert got == sorted(PAIRS)  # every pair, whitespace and the third column stripped
    assert not set(s_tr) & set(s_te) and len(s_te) > 0
    mask = datasets._translation_test_mask(np.array([en for en, _ in PAIRS], dtype=object))
    assert sorted(s_te) == sorted(en for (en, _), m in zip(PAIRS, mask) if m)
    record = cache / "downloads" / "spa-eng.zip.sha256"
    digest = hashlib.sha256(server.files["spa-eng.zip"]).hexdigest()
    assert record.read_text().strip() == digest  # no published checksum: recorded
    again = datasets.load_translation_pairs()
    assert server.hits.count("spa-eng.zip") == 1 and list(again[0][0]) == list(s_tr)


def test_real_pairs_checked_against_a_checksum_table(spa_server, monkeypatch):
    server, _, tmp_path = spa_server
    table = tmp_path / "checksums.json"
    table.write_text(json.dumps(checksum_table(server.files)))
    monkeypatch.setenv("LABUTILS_CHECKSUMS", str(table))
    (s_tr, _), (s_te, _) = datasets.load_translation_pairs()
    assert datasets.sources()["translation_pairs"] == "real" and len(s_tr) + len(s_te) == len(PAIRS)


def test_an_archive_without_the_pairs_or_with_a_bad_line_is_named(spa_server, monkeypatch):
    server, cache, _ = spa_server
    monkeypatch.setitem(server.files, "spa-eng.zip", _spa_zip(_real_lines(), "spa-eng/other.txt"))
    with pytest.raises(datasets.CorruptCacheError, match="does not hold spa-eng/spa.txt"):
        datasets.load_translation_pairs()
    for p in (cache / "downloads").iterdir():
        p.unlink()
    monkeypatch.setitem(server.files, "spa-eng.zip", _spa_zip(_real_lines() + ["no tab here"]))
    with pytest.raises(ValueError, match=r"line 68 of spa-eng/spa.txt is not 'English<TAB>Spanish'"):
        datasets.load_translation_pairs()


def test_a_failed_download_falls_back_to_the_stand_in_saying_why(spa_server, capsys):
    server, _, _ = spa_server
    server.faults["spa-eng.zip"] = "404"
    (s_tr, _), _ = datasets.load_translation_pairs(n_train=5)
    assert datasets.sources()["translation_pairs"] == "stand-in" and len(s_tr) == 5
    out = capsys.readouterr().out
    assert "spa-eng.zip failed" in out and "Vennish" in out
