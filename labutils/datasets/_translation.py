"""The generator of the translation stand-in: English paired with Vennish, a language written for
the course (notebook 16, 16_translation_seq2seq), from one small grammar.

Vennish is built so that translating it word by word fails visibly, as it does between English
and Japanese, Turkish or Korean:

- **verb-final** word order: subject, then obliques ("in the kitchen"), then the object, then
  the verb (English: subject, verb, object, obliques);
- **head-final** noun phrases: adjectives and demonstratives follow the noun, and a relative
  clause ("the dog that saw the cat") comes *before* the noun it describes;
- a **reason clause comes first**: "A because B" is "B-because A"; "A and B" keeps its order;
- **suffixes** instead of words: number (``-i``), possession (``-mo`` my, ``-to`` your), case
  (``-k`` object, ``-ba`` in, ``-la`` with, ``-ri`` to), tense (``-ta`` past, ``-ru`` future),
  person (``-m`` I, ``-s`` you, ``-me`` we, ``-n`` they), negation (``na-``), a relative
  participle (``-r``) and the reason clause's ``-se``; articles and the auxiliaries do, did,
  will have no word of their own;
- **agreement**: adjectives take the noun's number, verbs the subject's person and number;
- **pro-drop**: a pronoun subject is left out (the verb's suffix says who).

English is generated with its own morphology (irregular plurals and pasts, "a" / "an",
"does not" / "did not" / "will not"), all lower case without punctuation. Every English
sentence has exactly one Vennish translation in the canonical order, and a sentence with an
oblique may be paired a second time with the oblique after the object (``S O Obl V``, equally
grammatical), as the real English-Spanish pairs give several translations of one sentence.

Vectorised: a clause is a fixed set of slots (subject, verb group, object, relative clause,
oblique), each drawn for all sentences at once and realised by looking up inflected forms in
small tables; English and Vennish are the same slot columns joined in two different orders.
Used by :func:`labutils.datasets.load_translation_pairs`.
"""
from __future__ import annotations

import numpy as np

#: Bump when the grammar or the lexicon changes (part of the stand-in's cache key).
VERSION = 1

#: English noun (singular, plural) and its Vennish stem.
NOUNS = (("dog", "dogs", "kano"), ("cat", "cats", "mau"), ("bird", "birds", "piru"),
         ("horse", "horses", "hesta"), ("fish", "fish", "kalu"), ("man", "men", "doma"),
         ("woman", "women", "nira"), ("child", "children", "tibo"),
         ("teacher", "teachers", "lerano"), ("farmer", "farmers", "fasu"),
         ("doctor", "doctors", "medo"), ("student", "students", "sutalo"),
         ("friend", "friends", "amiko"), ("king", "kings", "rega"),
         ("queen", "queens", "regina"), ("mouse", "mice", "muso"), ("box", "boxes", "kesta"),
         ("house", "houses", "talo"), ("garden", "gardens", "gardo"),
         ("river", "rivers", "rivo"), ("city", "cities", "urba"), ("car", "cars", "vagu"),
         ("book", "books", "libro"), ("letter", "letters", "lete"),
         ("apple", "apples", "pomo"), ("door", "doors", "poru"), ("table", "tables", "tabu"),
         ("chair", "chairs", "seda"), ("window", "windows", "fenu"), ("boat", "boats", "batu"),
         ("tree", "trees", "arbo"), ("mountain", "mountains", "monto"),
         ("school", "schools", "skola"), ("market", "markets", "merka"),
         ("kitchen", "kitchens", "kuko"), ("forest", "forests", "silva"),
         ("village", "villages", "vila"), ("baby", "babies", "beba"), ("key", "keys", "klavo"),
         ("bus", "buses", "buso"))
#: Which nouns can do what: subjects (and the head of a relative clause) are animate, "in"
#: takes a place, "to" a place or an animate noun, "with" an animate noun or a thing.
_KINDS = {"animate": "dog cat bird horse fish man woman child teacher farmer doctor student "
                     "friend king queen mouse baby",
          "place": "house garden river city mountain school market kitchen forest village"}
ANIMATE, PLACES = (tuple(i for i, (w, _, _) in enumerate(NOUNS) if w in _KINDS[k].split())
                   for k in ("animate", "place"))
THINGS = tuple(sorted(set(range(len(NOUNS))) - set(ANIMATE) - set(PLACES)))
#: English verb (base, third person singular, past) and its Vennish stem.
VERBS = (("see", "sees", "saw", "mira"), ("like", "likes", "liked", "ama"),
         ("want", "wants", "wanted", "vola"), ("find", "finds", "found", "trova"),
         ("carry", "carries", "carried", "porta"), ("eat", "eats", "ate", "manja"),
         ("help", "helps", "helped", "helpa"), ("follow", "follows", "followed", "sekva"),
         ("watch", "watches", "watched", "gardu"), ("take", "takes", "took", "preno"),
         ("bring", "brings", "brought", "bringa"), ("call", "calls", "called", "voka"),
         ("visit", "visits", "visited", "visita"), ("clean", "cleans", "cleaned", "purga"),
         ("open", "opens", "opened", "aperta"), ("paint", "paints", "painted", "pinta"),
         ("push", "pushes", "pushed", "pusa"), ("catch", "catches", "caught", "kapta"),
         ("build", "builds", "built", "konstru"), ("hold", "holds", "held", "tena"))
#: English adjective and its Vennish stem.
ADJECTIVES = (("big", "granda"), ("small", "mala"), ("old", "olda"), ("young", "juna"),
              ("red", "ruga"), ("green", "verda"), ("happy", "gaja"), ("angry", "kolera"),
              ("tall", "alta"), ("quiet", "kvieta"), ("new", "nova"), ("cold", "frida"),
              ("dark", "malhela"), ("heavy", "peza"), ("strong", "forta"), ("clever", "sagha"))
#: Pronoun subjects: English, Vennish person suffix, and whether the English verb takes -s.
PRONOUNS = (("i", "m", False), ("you", "s", False), ("he", "", True), ("she", "", True),
            ("we", "me", False), ("they", "n", False))
#: English preposition of an oblique, its Vennish case suffix, and the nouns it takes.
PREPOSITIONS = (("in", "ba", PLACES), ("with", "la", ANIMATE + THINGS),
                ("to", "ri", PLACES + ANIMATE))
#: Determiners: English (singular form, plural form; "" where the number has none), and what
#: Vennish does with them: a possessive suffix, or the demonstrative word "sa" after the phrase.
DETERMINERS = (("the", "the", "", ""), ("a", "", "", ""), ("my", "my", "mo", ""),
               ("your", "your", "to", ""), ("this", "these", "", "sa"))
TENSES = ("present", "past", "future")
TENSE_SUFFIX = ("", "ta", "ru")
PLURAL, NEG, REL, BECAUSE, AND = "i", "na", "r", "se", "ja"
OBJECT_CASE = "k"

#: Probabilities of the grammar's choices (per clause unless said otherwise).
P = {"pronoun": 0.3, "plural": 0.4, "subject_adj": 0.3, "object_adj": 0.35, "relative": 0.4,
     "oblique": 0.5, "negation": 0.2, "second_clause": 0.5, "because": 0.5,
     "second_translation": 0.25}


def _np_tables() -> dict[str, np.ndarray]:
    """The inflected forms, one small table per part of speech (indexed by the drawn choices)."""
    n = {"sg": np.array([a for a, _, _ in NOUNS]), "pl": np.array([b for _, b, _ in NOUNS]),
         "ve": np.array([c for _, _, c in NOUNS])}
    v = {k: np.array([row[i] for row in VERBS]) for i, k in enumerate(("base", "s", "past", "ve"))}
    a = {"en": np.array([e for e, _ in ADJECTIVES]), "ve": np.array([s for _, s in ADJECTIVES])}
    n["an"] = np.array([w[0] in "aeiou" for w in n["sg"]])  # "an apple", "a dog"
    a["an"] = np.array([w[0] in "aeiou" for w in a["en"]])
    return {"noun": n, "verb": v, "adj": a}


def _cat(*parts) -> np.ndarray:
    """Element-wise string concatenation of arrays (and constants)."""
    out = np.asarray(parts[0]).astype(object)
    for p in parts[1:]:
        out = out + np.asarray(p).astype(object)
    return out


def _word(x) -> np.ndarray:
    """x + ' ' where x is not empty (so that empty slots leave no double spaces)."""
    x = np.asarray(x).astype(object)
    return np.where(x == "", "", x + " ").astype(object)


def _draw(rng: np.random.Generator, pools: list[tuple[int, ...]], which: np.ndarray) -> np.ndarray:
    """A noun index for each sample, drawn uniformly from the pool ``which`` names."""
    draws = [np.asarray(pool)[rng.integers(len(pool), size=len(which))] for pool in pools]
    return np.choose(which, draws)


def _noun_phrase(rng: np.random.Generator, noun: np.ndarray, p_adj: float,
                 case: np.ndarray | str, T: dict) -> dict[str, np.ndarray]:
    """Noun phrases for the nouns drawn: English 'det adj noun', Vennish 'noun+i+poss+case
    adj+i sa'."""
    n = len(noun)
    plural = rng.random(n) < P["plural"]
    det = rng.integers(len(DETERMINERS), size=n)
    det = np.where(plural & (det == 1), 0, det)  # no plural "a"
    has_adj = rng.random(n) < p_adj
    adj = rng.integers(len(ADJECTIVES), size=n)
    det_sg = np.array([d[0] for d in DETERMINERS])
    det_pl = np.array([d[1] for d in DETERMINERS])
    poss = np.array([d[2] for d in DETERMINERS])
    dem = np.array([d[3] for d in DETERMINERS])
    noun_en = np.where(plural, T["noun"]["pl"][noun], T["noun"]["sg"][noun])
    adj_en = np.where(has_adj, T["adj"]["en"][adj], "")
    vowel = np.where(has_adj, T["adj"]["an"][adj], T["noun"]["an"][noun])  # the next word's
    det_en = np.where(plural, det_pl[det], det_sg[det])
    det_en = np.where((det_en == "a") & vowel, "an", det_en)
    number = np.where(plural, PLURAL, "")
    en = _cat(_word(det_en), _word(adj_en), noun_en)
    ve = _cat(T["noun"]["ve"][noun], number, poss[det], case)
    ve = _cat(_word(ve), _word(np.where(has_adj, _cat(T["adj"]["ve"][adj], number), "")),
              dem[det])
    return {"en": en, "ve": np.char.strip(ve.astype(str)).astype(object), "plural": plural}


def _verb_en(T: dict, verb: np.ndarray, tense: np.ndarray, neg: np.ndarray,
             takes_s: np.ndarray) -> np.ndarray:
    """The English verb group: 'sees', 'does not see', 'saw', 'did not see', 'will (not) see'."""
    base, s, past = T["verb"]["base"][verb], T["verb"]["s"][verb], T["verb"]["past"][verb]
    do = np.where(takes_s, "does not ", "do not ")
    present = np.where(neg, _cat(do, base), np.where(takes_s, s, base))
    past_ = np.where(neg, _cat("did not ", base), past)
    future = _cat(np.where(neg, "will not ", "will "), base)
    return np.select([tense == 0, tense == 1], [present, past_], future).astype(object)


def _clause(rng: np.random.Generator, n: int, T: dict) -> dict[str, np.ndarray]:
    """n clauses: the English words in English order and the Vennish slots (subject, oblique,
    object with its relative clause, verb stem+tense+person) to be joined in Vennish order."""
    pron = rng.integers(len(PRONOUNS), size=n)
    is_pron = rng.random(n) < P["pronoun"]
    zeros = np.zeros(n, int)
    subj = _noun_phrase(rng, _draw(rng, [ANIMATE], zeros), P["subject_adj"], "", T)
    pron_en = np.array([p[0] for p in PRONOUNS])[pron]
    person = np.where(is_pron, np.array([p[1] for p in PRONOUNS])[pron],
                      np.where(subj["plural"], "n", ""))
    takes_s = np.where(is_pron, np.array([p[2] for p in PRONOUNS])[pron], ~subj["plural"])
    subj_en = np.where(is_pron, pron_en, subj["en"])
    subj_ve = np.where(is_pron, "", subj["ve"])  # pro-drop

    verb, tense = rng.integers(len(VERBS), size=n), rng.integers(3, size=n)
    neg = rng.random(n) < P["negation"]
    verb_en = _verb_en(T, verb, tense, neg, takes_s)
    verb_ve = _cat(np.where(neg, NEG, ""), T["verb"]["ve"][verb], np.array(TENSE_SUFFIX)[tense],
                   person)

    obj_noun = rng.integers(len(NOUNS), size=n)
    obj = _noun_phrase(rng, obj_noun, P["object_adj"], OBJECT_CASE, T)
    # "the dog that saw the cat": the head is the relative clause's subject, so it is animate
    has_rel = (rng.random(n) < P["relative"]) & np.isin(obj_noun, ANIMATE)
    r_verb, r_tense = rng.integers(len(VERBS), size=n), rng.integers(3, size=n)
    r_obj = _noun_phrase(rng, rng.integers(len(NOUNS), size=n), 0.0, OBJECT_CASE, T)
    rel_en = _cat("that ", _verb_en(T, r_verb, r_tense, np.zeros(n, bool), ~obj["plural"]), " ",
                  r_obj["en"])
    rel_ve = _cat(r_obj["ve"], " ", T["verb"]["ve"][r_verb], np.array(TENSE_SUFFIX)[r_tense], REL)
    obj_en = _cat(obj["en"], np.where(has_rel, _cat(" ", rel_en), ""))
    obj_ve = _cat(_word(np.where(has_rel, rel_ve, "")), obj["ve"])

    has_obl = rng.random(n) < P["oblique"]
    prep = rng.integers(len(PREPOSITIONS), size=n)
    obl = _noun_phrase(rng, _draw(rng, [p[2] for p in PREPOSITIONS], prep), 0.0,
                       np.array([p[1] for p in PREPOSITIONS])[prep], T)
    obl_en = np.where(has_obl, _cat(np.array([p[0] for p in PREPOSITIONS])[prep], " ", obl["en"]),
                      "")
    obl_ve = np.where(has_obl, obl["ve"], "")
    en = _cat(_word(subj_en), _word(verb_en), _word(obj_en), obl_en)
    return {"en": np.char.strip(en.astype(str)).astype(object), "subj": subj_ve, "obl": obl_ve,
            "obj": obj_ve, "verb": verb_ve, "has_obl": has_obl}


def _vennish(c: dict[str, np.ndarray], suffix: np.ndarray | str, alternative: bool) -> np.ndarray:
    """A clause in Vennish order: S Obl O V (canonical) or S O Obl V (the alternative)."""
    middle = ((c["obj"], c["obl"]) if alternative else (c["obl"], c["obj"]))
    out = _cat(_word(c["subj"]), _word(middle[0]), _word(middle[1]), c["verb"], suffix)
    return np.char.strip(out.astype(str)).astype(object)


def pairs(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """About ``n`` English sentences and their Vennish translations, as object arrays of str.

    Duplicate English sentences are dropped; an English sentence with an oblique is paired a
    second time, with probability ``P["second_translation"]``, with the alternative order.
    Deterministic for ``(n, seed)``; the pairs come in a random order.
    """
    rng = np.random.default_rng(seed)
    T = _np_tables()
    first, second = _clause(rng, n, T), _clause(rng, n, T)
    two = rng.random(n) < P["second_clause"]
    because = two & (rng.random(n) < P["because"])
    conj_en = np.select([because, two], ["because", "and"], "")
    en = np.where(two, _cat(first["en"], " ", conj_en, " ", second["en"]), first["en"])
    has_obl = first["has_obl"] | (two & second["has_obl"])

    def vennish(alt: bool) -> np.ndarray:
        main = _vennish(first, "", alt)
        other = _vennish(second, np.where(because, BECAUSE, ""), alt)
        return np.select([because, two], [_cat(other, " ", main), _cat(main, " ", AND, " ", other)],
                         main).astype(object)

    canonical, alternative = vennish(False), vennish(True)
    _, keep = np.unique(en.astype(str), return_index=True)
    keep = np.sort(keep)
    extra = keep[has_obl[keep] & (rng.random(len(keep)) < P["second_translation"])]
    src = np.concatenate([en[keep], en[extra]])
    tgt = np.concatenate([canonical[keep], alternative[extra]])
    order = rng.permutation(len(src))
    return src[order].astype(object), tgt[order].astype(object)
