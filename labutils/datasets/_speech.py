"""A deterministic source-filter speech synthesiser: the spoken words of notebook 15.

Speech is made the way a voice makes it. A glottal source (a band-limited pulse train at the
speaker's pitch, with slow intonation and jitter) and a noise source (aspiration, the hiss of
a fricative, the burst of a stop) are taken to the short-time Fourier domain, multiplied there
by a time-varying vocal-tract envelope (resonances at the formants F1, F2, F3, interpolated
between the targets of each word's phone-like segments, times the voicing and noise mix of
each frame) and brought back by overlap-add. Speakers differ in pitch (85-255 Hz), vocal-tract
length (formants scaled by 0.85-1.2), speaking rate, breathiness and loudness; every clip has
a little background noise (white, pink and mains hum at 20-40 dB SNR).

Words are told apart by their spectra over time, as in real speech, and some are close on
purpose: go / no share their vowel and differ only in how they start, up / stop share a vowel.
``keywords`` is the stand-in for mini Speech Commands (``SPEECH_WORDS``); ``digit_sequences``
speaks runs of ``DIGIT_WORDS``. Everything is vectorised with numpy over clips and frames and
fully determined by the seed. Used by :mod:`labutils.datasets` for notebook 15 (15_speech_lab).
"""
from __future__ import annotations

import numpy as np

#: Bump when the synthesis changes, so cached clips made by an older version are not reused.
VERSION = 1
SAMPLE_RATE = 16_000
#: The mini Speech Commands words, in the order of the real archive's (sorted) folder listing.
SPEECH_WORDS = ("down", "go", "left", "no", "right", "stop", "up", "yes")
DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

_N_FFT = 256  # 16 ms frames
_HOP = _N_FFT // 2  # 8 ms hop
#: sqrt of the periodic Hann window: used for analysis and synthesis, its squares overlapping
#: by half sum to 1, so overlap-add gives back the signal exactly.
_WINDOW = np.sin(np.pi * np.arange(_N_FFT) / _N_FFT).astype(np.float32)
_FREQS = (np.arange(_N_FFT // 2 + 1) * SAMPLE_RATE / _N_FFT).astype(np.float32)
_CHUNK = 32  # clips synthesised at once (keeps the temporary arrays small, hence fast)

# Columns of a frame's parameters: formants (Hz), bandwidth scale, voicing, aspiration,
# fricative noise (gain, centre Hz, width Hz) and amplitude.
_COLS = ("f1", "f2", "f3", "bw", "voice", "asp", "fric", "fc", "fbw", "amp")
_NEUTRAL = (500.0, 1500.0, 2500.0, 1.0, 0.0, 0.0, 0.0, 3000.0, 2000.0, 0.0)


def _phone(f: tuple[float, float, float], end: tuple[float, float, float] | None = None, *,
           voice: float = 1.0, asp: float = 0.0, fric: float = 0.0, fc: float = 3000.0,
           fbw: float = 2000.0, amp: float = 1.0, bw: float = 1.0) -> tuple[tuple, tuple]:
    """A segment's parameters at its start and its end (they differ for a diphthong)."""
    rest = (bw, voice, asp, fric, fc, fbw, amp)
    return (*f, *rest), (*(end or f), *rest)


# Formant targets of an adult male voice (other speakers scale them); consonants give the
# formant loci that shape the transitions into and out of the vowels.
_PHONES = {
    "iy": _phone((280, 2250, 2900)),
    "ih": _phone((400, 1900, 2550)),
    "eh": _phone((550, 1770, 2500)),
    "ey": _phone((480, 1950, 2550), (330, 2200, 2700)),
    "ah": _phone((620, 1200, 2550)),
    "aa": _phone((750, 1100, 2450)),
    "ao": _phone((580, 880, 2450)),
    "ow": _phone((520, 900, 2400), (380, 850, 2300)),
    "uw": _phone((330, 1250, 2250), (320, 1000, 2200)),
    "ay": _phone((750, 1250, 2500), (420, 1950, 2600)),
    "aw": _phone((750, 1250, 2500), (440, 900, 2300)),
    "ax": _phone((500, 1450, 2500), amp=0.7),
    "n": _phone((260, 1500, 2500), bw=2.0, amp=0.35),
    "l": _phone((380, 1100, 2700), bw=1.3, amp=0.6),
    "r": _phone((380, 1150, 1650), bw=1.2, amp=0.6),
    "w": _phone((320, 750, 2200), amp=0.6),
    "y": _phone((280, 2200, 2950), amp=0.6),
    "s": _phone((400, 1700, 2600), voice=0.0, fric=0.35, fc=6000, fbw=1200),
    "z": _phone((400, 1700, 2600), voice=0.35, fric=0.25, fc=6000, fbw=1200),
    "f": _phone((400, 1000, 2400), voice=0.0, fric=0.10, fc=4500, fbw=3500),
    "v": _phone((400, 1000, 2400), voice=0.4, fric=0.07, fc=4500, fbw=3500, amp=0.8),
    "th": _phone((400, 1500, 2500), voice=0.0, fric=0.08, fc=5000, fbw=3000),
    "t": _phone((400, 1800, 2700), voice=0.0, asp=0.25, fric=0.5, fc=4500, fbw=1800),
    "d": _phone((400, 1800, 2700), voice=0.3, asp=0.05, fric=0.3, fc=4000, fbw=1500),
    "hh": _phone((500, 1500, 2500), voice=0.0, asp=0.35),  # formants: the next segment's
    "p": _phone((400, 900, 2300), voice=0.0, asp=0.25, fric=0.35, fc=1000, fbw=900),
    "k": _phone((400, 2000, 2500), voice=0.0, asp=0.25, fric=0.45, fc=2300, fbw=700),
    "g": _phone((400, 2000, 2500), voice=0.3, asp=0.05, fric=0.3, fc=2000, fbw=600),
    # the closure before a stop's burst: silence, at the locus of the stop that follows
    "_t": _phone((400, 1800, 2700), voice=0.0, amp=0.0),
    "_p": _phone((400, 900, 2300), voice=0.0, amp=0.0),
    "_k": _phone((400, 2000, 2500), voice=0.0, amp=0.0),
}
_SHORT = {"t", "d", "p", "k", "g", "_t", "_p", "_k"}
_VOWELS = {"iy", "ih", "eh", "ey", "ah", "aa", "ao", "ow", "uw", "ay", "aw", "ax"}

# Each word: segments with their share of the word's duration, and a length factor.
_WORDS = {
    "down": ([("d", .06), ("aw", .64), ("n", .3)], 1.0),
    "go": ([("g", .06), ("ow", .94)], 0.95),
    "left": ([("l", .2), ("eh", .4), ("f", .22), ("_t", .08), ("t", .1)], 1.05),
    "no": ([("n", .22), ("ow", .78)], 0.95),
    "right": ([("r", .22), ("ay", .58), ("_t", .1), ("t", .1)], 1.0),
    "stop": ([("s", .3), ("_t", .08), ("t", .05), ("aa", .37), ("_p", .1), ("p", .1)], 1.1),
    "up": ([("ah", .6), ("_p", .2), ("p", .2)], 0.85),
    "yes": ([("y", .18), ("eh", .42), ("s", .4)], 1.0),
    "zero": ([("z", .2), ("ih", .2), ("r", .2), ("ow", .4)], 1.05),
    "one": ([("w", .2), ("ah", .5), ("n", .3)], 0.95),
    "two": ([("t", .05), ("hh", .08), ("uw", .87)], 0.9),
    "three": ([("th", .22), ("r", .2), ("iy", .58)], 1.0),
    "four": ([("f", .25), ("ao", .45), ("r", .3)], 1.0),
    "five": ([("f", .22), ("ay", .55), ("v", .23)], 1.05),
    "six": ([("s", .28), ("ih", .3), ("_k", .08), ("k", .08), ("s", .26)], 1.05),
    "seven": ([("s", .22), ("eh", .28), ("v", .15), ("ax", .13), ("n", .22)], 1.1),
    "eight": ([("ey", .75), ("_t", .12), ("t", .13)], 0.9),
    "nine": ([("n", .2), ("ay", .55), ("n", .25)], 1.0),
}


def _keypoints(word: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Parameter targets of ``word`` at points of normalised time u in [0, 1], linear in
    between; the ends of the word are silent. Returns ``(u_tract, u_source, values,
    consonant)`` (``consonant`` 1 at the points of a consonant, 0 at a vowel's). The
    formants (columns f1-bw) move over a quarter of each segment (the transitions that
    coarticulation makes, slower than the source), the source (voice-amp) switches within
    0.3 of the shorter of two neighbouring segments (a burst is short and abrupt)."""
    segments, _ = _WORDS[word]
    shares = np.array([s for _, s in segments])
    edges = np.concatenate([[0.0], np.cumsum(shares / shares.sum())])
    switch = 0.15 * np.minimum(np.r_[np.inf, shares], np.r_[shares, np.inf]) / shares.sum()
    u_tract, u_source, rows, consonant = [0.0], [0.0], [], [0.0]
    for i, (name, _) in enumerate(segments):
        a, b = edges[i], edges[i + 1]
        e = (0.15 if name in _SHORT else 0.25) * (b - a)
        u_tract += [a + e, b - e]
        u_source += [a + min(switch[i], 0.3 * (b - a)), b - min(switch[i + 1], 0.3 * (b - a))]
        start, end = _PHONES[name]
        if name == "hh":  # aspiration is shaped by the vowel that follows
            start = end = (*_PHONES[segments[i + 1][0]][0][:3], *start[3:])
        rows += [start, end]
        consonant += [float(name not in _VOWELS)] * 2
    u_tract.append(1.0)
    u_source.append(1.0)
    silent_first = (*rows[0][:-1], 0.0)
    silent_last = (*rows[-1][:-1], 0.0)
    return (np.array(u_tract), np.array(u_source),
            np.array([silent_first, *rows, silent_last], dtype=np.float64),
            np.array(consonant + [0.0]))


_KEYS = {w: _keypoints(w) for w in _WORDS}


def check_int(value: object, arg: str, low: int) -> int:
    """``value`` as an int, or a ValueError naming ``arg`` (bools and floats are not ints)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{arg} must be an int >= {low}; got {value!r}")
    return int(value)


# ------------------------------------------------------------------ voices
def _voices(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """``n`` random speakers: pitch, vocal-tract scale (higher voices have shorter tracts,
    loosely), per-formant idiosyncrasy, speaking rate, loudness, spectral tilt, breathiness."""
    f0 = np.exp(rng.uniform(np.log(85.0), np.log(255.0), n))
    pitchiness = (np.log(f0) - np.log(85.0)) / (np.log(255.0) - np.log(85.0))
    scale = np.clip(0.87 + 0.28 * pitchiness + rng.normal(0, 0.04, n), 0.85, 1.2)
    return {
        "f0": f0,
        "scale": scale,
        "formant": 1 + rng.normal(0, 0.05, (n, 3)),  # accent: F1-F3 a little off the average
        "rate": rng.uniform(0.42, 0.72, n),  # seconds for a word of length factor 1
        "level": np.exp(rng.uniform(np.log(0.08), np.log(0.8), n)),  # peak amplitude
        "tilt": rng.uniform(120.0, 350.0, n),  # corner of the -6 dB/octave source slope (Hz)
        "breath": rng.uniform(0.01, 0.08, n),  # aspiration noise mixed into voicing
    }


# ------------------------------------------------------------------ the synthesiser
def _tracks(events: dict[str, np.ndarray], words: tuple[str, ...], n_clips: int,
            n_frames: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-frame parameters (n_clips, n_frames, len(_COLS)) and pitch factor (n_clips, n_frames)
    from the events (one spoken word each: clip, word, onset, duration, formant scale...)."""
    params = np.broadcast_to(np.array(_NEUTRAL, np.float32), (n_clips, n_frames, len(_COLS))).copy()
    pitch = np.ones((n_clips, n_frames), np.float32)
    t = np.arange(n_frames) * (_HOP / SAMPLE_RATE)
    for k, word in enumerate(words):  # a loop over the vocabulary, not over clips
        sel = np.flatnonzero(events["word"] == k)
        if not sel.size:
            continue
        u = (t[None, :] - events["onset"][sel, None]) / events["dur"][sel, None]
        a1, a2 = events["warp"][sel, 0, None], events["warp"][sel, 1, None]
        uw = u + a1 * np.sin(np.pi * u) / np.pi + a2 * np.sin(2 * np.pi * u) / (2 * np.pi)
        inside = (u >= 0) & (u <= 1)
        u_tract, u_source, kv, consonant = _KEYS[word]
        vals = np.stack([np.interp(uw, u_tract if c < 4 else u_source, kv[:, c])
                         for c in range(len(_COLS))], axis=-1)
        r = events["reduce"][sel, None, None]  # vowels said fast drift towards a schwa
        formants = vals[..., :3] * (1 - r) + r * np.array(_NEUTRAL[:3])
        # each formant wanders a little over the word: two random sines of u per formant
        m = np.arange(1, 3)
        wobble = (events["wobble"][sel, None] * np.sin(np.pi * m * u[..., None, None]
                                                       + events["wobble_phase"][sel, None])).sum(-1)
        vals[..., :3] = formants * events["fscale"][sel, None, :] * (1 + wobble)
        cue = events["cue"][sel, None, None]  # consonants and hiss: strong or faint
        vals[..., 5:7] *= cue
        vals[..., 9] *= 1 + (cue[..., 0] - 1) * np.interp(uw, u_source, consonant)
        vals[..., 9] *= 1 + events["fade"][sel, None] * (0.5 - u)  # louder start or end
        vals[..., 7] *= np.sqrt(events["fscale"][sel, None, 1])  # smaller mouths hiss higher
        rise = events["f0shift"][sel, None] * (1 + events["incl"][sel, None] * (0.35 - u))
        rows = np.broadcast_to(events["clip"][sel, None], u.shape)[inside]
        cols = np.broadcast_to(np.arange(n_frames), u.shape)[inside]
        params[rows, cols] = vals[inside]
        pitch[rows, cols] = rise[inside]
    return params, pitch


def _to_samples(track: np.ndarray) -> np.ndarray:
    """Linear interpolation of a per-frame track (n, T), frame j at sample j * hop, to the
    samples (n, (T - 1) * hop) between the first frame and the last."""
    frac = np.arange(_HOP, dtype=np.float32) / _HOP
    out = track[:, :-1, None] * (1 - frac) + track[:, 1:, None] * frac
    return out.reshape(len(track), -1)


def _frames(x: np.ndarray) -> np.ndarray:
    """Frames (n, L / hop + 1, n_fft) of ``x`` (n, L), frame j centred on sample j * hop (a
    strided view, not yet windowed)."""
    pad = np.pad(x, [(0, 0), (_HOP, _HOP)])
    return np.lib.stride_tricks.sliding_window_view(pad, _N_FFT, axis=-1)[:, ::_HOP, :]


def _overlap_add(frames: np.ndarray, n_samples: int) -> np.ndarray:
    """The signal (n, n_samples) whose :func:`_frames` are ``frames`` (windowed in place)."""
    frames *= _WINDOW
    out = np.zeros((len(frames), frames.shape[1] + 1, _HOP), np.float32)
    out[:, :-1] += frames[..., :_HOP]
    out[:, 1:] += frames[..., _HOP:]
    return out.reshape(len(frames), -1)[:, _HOP:_HOP + n_samples]


def _resonance(freq: np.ndarray, bw: np.ndarray) -> np.ndarray:
    """Squared magnitude at ``_FREQS`` of second-order resonators (gain 1 at 0 Hz) with centre
    ``freq`` (n, 1) and bandwidth ``bw`` (n, 1), both in Hz: (n, len(_FREQS))."""
    f2 = _FREQS ** 2
    fk2 = (freq ** 2).astype(np.float32)
    den = f2 - fk2
    den *= den
    den += (bw ** 2).astype(np.float32) * f2
    return np.divide(fk2 ** 2, den, out=den)


def _channel(rng: np.random.Generator, n: int) -> np.ndarray:
    """Power response (n, len(_FREQS)) of ``n`` random microphones and rooms: a smooth curve of
    +-3 dB per component over log frequency (three cosines of random size)."""
    z = np.log(np.maximum(_FREQS, 50.0) / 50.0) / np.log(SAMPLE_RATE / 2 / 50.0)
    db = rng.normal(0, 3.0, (n, 3)) @ np.cos(np.pi * np.arange(1, 4)[:, None] * z)
    return 10 ** (db / 10)


def _pulse_train(f0: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Glottal pulses of unit RMS (n, (T - 1) * hop) at the per-frame pitch ``f0`` (n, T) Hz:
    the sum of cos(k theta) over the harmonics k = 1..K below 7.6 kHz, in closed form
    (sin((K + 1/2) theta) / (2 sin(theta / 2)) - 1/2), theta from a phase accumulator."""
    k = np.floor(7600.0 / f0.max(axis=1, keepdims=True)).astype(np.float32)
    theta = np.cumsum(_to_samples(f0 * np.float32(1 / SAMPLE_RATE)), axis=1)  # in cycles
    theta += rng.random((len(theta), 1), dtype=np.float32)
    theta -= np.floor(theta)
    theta *= np.float32(2 * np.pi)
    den = np.sin(theta * np.float32(0.5))
    den *= 2
    theta *= k + 0.5
    pulse = np.sin(theta, out=theta)
    near = np.abs(den) < 1e-4
    np.divide(pulse, den, out=pulse, where=~near)
    np.copyto(pulse, np.broadcast_to(k + 0.5, pulse.shape), where=near)  # the limit at 0
    pulse -= 0.5
    pulse *= np.sqrt(2 / k)
    return pulse


def _synthesise(events: dict[str, np.ndarray], words: tuple[str, ...],
                voices: dict[str, np.ndarray], n_clips: int, n_samples: int,
                rng: np.random.Generator) -> np.ndarray:
    """Waveforms float32 (n_clips, n_samples) in [-1, 1] of the events (one spoken word each);
    ``voices`` holds one speaker per clip."""
    from scipy import fft

    length = -(-n_samples // _HOP) * _HOP  # whole frames; the end is cut off
    n_frames = length // _HOP + 1
    params, pitch = _tracks(events, words, n_clips, n_frames)
    pitch *= 1 + rng.normal(0, 0.012, pitch.shape).astype(np.float32)  # jitter
    t = np.arange(n_frames) * (_HOP / SAMPLE_RATE)
    rate, start = rng.uniform(3.0, 7.0, (n_clips, 1)), rng.uniform(0, 2 * np.pi, (n_clips, 1))
    vibrato = rng.uniform(0.0, 0.02, (n_clips, 1)) * np.sin(2 * np.pi * rate * t + start)
    f0 = (voices["f0"][:, None] * pitch * (1 + vibrato)).astype(np.float32)
    # per clip and fixed: the resonances above F3 (F4, F5), the source's -6 dB/octave slope
    # above the speaker's corner, a 60 Hz high-pass
    s = voices["scale"][:, None]
    static = (_resonance(3500 * s, 250 + 0 * s) * _resonance(4500 * s, 300 + 0 * s)
              / (1 + (_FREQS / voices["tilt"][:, None]) ** 2)
              * (_FREQS ** 2 / (_FREQS ** 2 + 60.0 ** 2)) ** 2
              * _channel(rng, n_clips)).astype(np.float32)
    breath = voices["breath"].astype(np.float32)
    active = np.bincount(events["clip"], events["dur"], minlength=n_clips) * SAMPLE_RATE
    out = np.empty((n_clips, n_samples), np.float32)
    for lo in range(0, n_clips, _CHUNK):  # chunks of clips: the temporary arrays stay small
        c = slice(lo, min(lo + _CHUNK, n_clips))
        pulse = _pulse_train(f0[c], rng)
        # only the frames where a word sounds are filtered; the others stay silent
        rows, cols = np.nonzero(params[c, :, 9] > 0)
        spec = fft.rfft(_frames(pulse)[rows, cols] * _WINDOW, axis=-1)
        p, b = params[lo + rows, cols], breath[lo + rows, None]
        bw = p[:, 3:4] * (50 + 0.06 * p[:, :3])
        bw[:, 0] *= 1 + 10 * b[:, 0]  # a breathy voice has a wide F1
        env = static[lo + rows]
        for j in range(3):  # the formants F1, F2, F3
            env *= _resonance(p[:, j:j + 1], bw[:, j:j + 1])
        env = np.sqrt(env, out=env)
        amp = p[:, 9:10]
        spec *= env * (amp * p[:, 4:5])
        # noise spectra of the same power as white noise's (uniform real and imaginary parts,
        # independent frames): aspiration through the vocal tract, frication in its band
        noise = rng.random(spec.shape + (2,), dtype=np.float32)
        noise -= 0.5
        noise = noise.view(np.complex64)[..., 0]
        shape = np.exp(-0.5 * ((_FREQS - p[:, 7:8]) / p[:, 8:9]) ** 2) * p[:, 6:7]
        shape += env * (p[:, 5:6] + b * p[:, 4:5])
        shape *= amp * np.float32(np.sqrt(12 * _N_FFT / 4))
        noise *= shape
        spec += noise
        frames = np.zeros((c.stop - c.start, n_frames, _N_FFT), np.float32)
        frames[rows, cols] = fft.irfft(spec, n=_N_FFT, axis=-1)
        speech = _overlap_add(frames, n_samples)
        out[c] = _finish(speech, active[c], voices["level"][c], rng)
    return out


def _finish(speech: np.ndarray, active: np.ndarray, level: np.ndarray,
            rng: np.random.Generator) -> np.ndarray:
    """Scale each clip's peak to its speaker's ``level`` (x0.8-1.2) and add background noise at
    20-40 dB below the speech (its RMS over the ``active`` samples): white and pink noise
    mixed at random, and on most clips mains hum at 50 or 60 Hz with two harmonics."""
    from scipy import fft

    n, length = speech.shape
    peak = np.maximum(speech.max(axis=1), -speech.min(axis=1)) + 1e-9
    speech *= (level * rng.uniform(0.8, 1.2, n) / peak).astype(np.float32)[:, None]
    rms = np.sqrt(np.einsum("ij,ij->i", speech, speech) / np.maximum(active, 1))
    freqs = np.fft.rfftfreq(length, 1 / SAMPLE_RATE).astype(np.float32)
    pink = rng.uniform(0, 1, (n, 1)).astype(np.float32)  # share of pink noise in the power
    shape = np.sqrt((1 - pink) + pink * 100.0 / np.maximum(freqs, 20.0))
    shape[:, 0] = 0  # no DC
    spec = rng.random((n, len(freqs), 2), dtype=np.float32)
    spec -= 0.5
    spec = spec.view(np.complex64)[..., 0]
    spec *= shape
    mains = np.where(rng.random(n) < 0.5, 50.0, 60.0)
    for k in (1, 2, 3):  # the hum's harmonics, each in the bin nearest to it
        line = np.minimum(np.rint(k * mains * length / SAMPLE_RATE).astype(np.int64),
                          len(freqs) - 1)
        size = rng.uniform(0, 1.0 / k, n) * np.sqrt(length) * rng.binomial(1, 0.7, n)
        spec[np.arange(n), line] += (size * np.exp(2j * np.pi * rng.random(n))).astype(np.complex64)
    background = fft.irfft(spec, n=length, axis=1)
    power = np.einsum("ij,ij->i", background, background) / length
    snr = 10 ** (rng.uniform(20.0, 40.0, n) / 20)
    background *= (rms / snr / np.sqrt(power + 1e-20)).astype(np.float32)[:, None]
    speech += background
    return np.clip(speech, -1.0, 1.0, out=speech)


def _events_common(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Per-event variation: time warp of the segments, intonation, formant jitter, vowel
    reduction, strength of the noise cues."""
    return {
        "warp": np.stack([rng.uniform(-0.45, 0.45, n), rng.uniform(-0.3, 0.3, n)], axis=1),
        "incl": rng.uniform(0.05, 0.35, n),  # falling pitch over the word
        "f0shift": rng.uniform(0.95, 1.05, n),
        "jitter": 1 + rng.normal(0, 1, (n, 3)) * [0.06, 0.05, 0.04],
        "reduce": rng.uniform(0.0, 0.5, n),
        "fade": rng.uniform(-0.7, 0.7, n),
        "wobble": rng.normal(0, 0.06, (n, 3, 2)),
        "wobble_phase": rng.uniform(0, 2 * np.pi, (n, 3, 2)),
        "cue": rng.uniform(0.05, 1.3, n),
    }


# ------------------------------------------------------------------ public
def keywords(n_per_word: int, seed: int, n_speakers: int = 120
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n_per_word`` clips of each of ``SPEECH_WORDS``, said by ``n_speakers`` speakers.

    Returns ``(x, y, speaker)``: x float32 (8 * n_per_word, 16000) in [-1, 1] (1 s at 16 kHz),
    y int64 indexing ``SPEECH_WORDS``, speaker int64 in [0, n_speakers). Each clip's speaker is
    drawn at random (so a speaker says a word several times or not at all); the word lasts
    0.35-0.8 s (the speaker's rate, the word's length, +-10%) and is roughly centred (+-0.1 s).
    The order is shuffled; everything is determined by ``seed``. The stand-in of
    ``load_speech_commands`` (notebook 15, 15_speech_lab).
    """
    n_per_word = check_int(n_per_word, "n_per_word", 1)
    n_speakers = check_int(n_speakers, "n_speakers", 1)
    seed = check_int(seed, "seed", 0)
    rng = np.random.default_rng(seed)
    speakers = _voices(rng, n_speakers)
    n = n_per_word * len(SPEECH_WORDS)
    y = rng.permutation(np.repeat(np.arange(len(SPEECH_WORDS)), n_per_word)).astype(np.int64)
    who = rng.integers(0, n_speakers, n).astype(np.int64)
    voices = {k: v[who] for k, v in speakers.items()}
    length = np.array([_WORDS[w][1] for w in SPEECH_WORDS])[y]
    dur = np.clip(voices["rate"] * length * rng.uniform(0.9, 1.1, n), 0.35, 0.8)
    onset = np.clip((1 - dur) / 2 + rng.uniform(-0.1, 0.1, n), 0.03, 0.97 - dur)
    ev = _events_common(rng, n)
    ev.update(clip=np.arange(n), word=y, onset=onset, dur=dur,
              fscale=voices["scale"][:, None] * voices["formant"] * ev["jitter"])
    return _synthesise(ev, SPEECH_WORDS, voices, n, SAMPLE_RATE, rng), y, who


#: Shortest sequence time per digit, and the gap: ``digit_sequences`` needs
#: ``seconds >= 2 * _MARGIN + max_len * _MIN_DIGIT + (max_len - 1) * _MIN_GAP``.
_MARGIN, _MIN_DIGIT, _MIN_GAP = 0.05, 0.3, 0.05


def _place_runs(count: np.ndarray, dur: np.ndarray, gap: np.ndarray, seconds: float,
                rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Onsets and durations (s) of runs of words in clips of ``seconds``: clip i holds the next
    ``count[i]`` words of ``dur``, one after another with the ``gap`` before each (none before
    the first). A run longer than the clip less two margins is shortened (words and gaps
    alike) to fit; it starts at a random point of the room left after the first margin."""
    n = len(count)
    clip = np.repeat(np.arange(n), count)
    first = np.concatenate([[0], np.cumsum(count)[:-1]])  # index of each clip's first word
    gap = gap.copy()
    gap[first[count > 0]] = 0.0
    total = np.bincount(clip, dur + gap, minlength=n)
    room = seconds - 2 * _MARGIN
    shrink = np.minimum(1.0, room / np.maximum(total, 1e-9))
    dur, gap = dur * shrink[clip], gap * shrink[clip]
    start = _MARGIN + rng.uniform(0, 1, n) * np.maximum(room - total * shrink, 0)
    ends = np.cumsum(dur + gap)  # running end of each word over all clips
    before = np.concatenate([[0.0], ends])[first]  # the time earlier clips used up
    return start[clip] + (ends - dur) - before[clip], dur


def digit_sequences(n: int, seed: int, min_len: int = 1, max_len: int = 5,
                    seconds: float = 2.0, grammar: str = "uniform"
                    ) -> tuple[np.ndarray, list[np.ndarray]]:
    """``n`` clips of ``seconds`` each, every one a run of ``min_len``..``max_len`` spoken
    digits (uniform length, uniform digits) by one random speaker, with short gaps.
    ``grammar="phone"``: the runs are :func:`phone_digits` instead (3 to 5 digits with the
    structure of ``PHONE_PATTERNS``; ``min_len`` and ``max_len`` must be left at 1 and 5); the
    default ``"uniform"`` draws exactly what it always drew.

    Returns ``(x, digits)``: x float32 (n, int(seconds * 16000)) in [-1, 1]; ``digits[i]`` the
    int64 indices into ``DIGIT_WORDS`` spoken in clip i, in order. A digit lasts about
    0.27-0.7 s (the speaker's rate) and a gap 0.03-0.15 s; the run stays 0.05 s clear of both
    ends of the clip: one that would not fit is said faster (digits and gaps shortened alike),
    and it starts at a random point of the room left. Everything is determined by ``seed``.
    Used by ``load_spoken_digits`` (notebook 15, 15_speech_lab).
    """
    n = check_int(n, "n", 1)
    seed = check_int(seed, "seed", 0)
    min_len = check_int(min_len, "min_len", 1)
    max_len = check_int(max_len, "max_len", min_len)
    if (isinstance(seconds, bool) or not isinstance(seconds, (int, float, np.integer, np.floating))
            or not np.isfinite(seconds)):
        raise ValueError(f"seconds must be a finite number of seconds; got {seconds!r}")
    if grammar not in ("uniform", "phone"):
        raise ValueError(f"grammar must be 'uniform' or 'phone'; got {grammar!r}")
    if grammar == "phone" and (min_len, max_len) != (1, 5):
        raise ValueError("grammar='phone' sets the lengths (3 to 5): leave min_len=1, max_len=5")
    need = 2 * _MARGIN + max_len * _MIN_DIGIT + (max_len - 1) * _MIN_GAP
    if not seconds >= need:
        raise ValueError(f"seconds={seconds!r} is too short for max_len={max_len} digits: "
                         f"at least {need:.2f} s are needed")
    n_samples = int(seconds * SAMPLE_RATE)
    rng = np.random.default_rng(seed)
    voices = _voices(rng, n)  # a new speaker for every clip
    voices["rate"] = voices["rate"] * 0.8  # digits in a run are said faster than alone
    if grammar == "phone":
        runs = phone_digits(n, seed)
        count = np.array([len(r) for r in runs])
        word = np.concatenate(runs)
        clip = np.repeat(np.arange(n), count)
        e = len(clip)
    else:
        count = rng.integers(min_len, max_len + 1, n)
        clip = np.repeat(np.arange(n), count)
        e = len(clip)
        word = rng.integers(0, len(DIGIT_WORDS), e).astype(np.int64)
    length = np.array([_WORDS[w][1] for w in DIGIT_WORDS])[word]
    dur = voices["rate"][clip] * length * rng.uniform(0.9, 1.1, e)
    gap = rng.uniform(0.03, 0.15, e)
    onset, dur = _place_runs(count, dur, gap, seconds, rng)
    ev = _events_common(rng, e)
    ev.update(clip=clip, word=word, onset=onset, dur=dur,
              fscale=voices["scale"][clip, None] * voices["formant"][clip] * ev["jitter"])
    x = _synthesise(ev, DIGIT_WORDS, voices, n, n_samples, rng)
    return x, np.split(word, np.cumsum(count)[:-1])


# ------------------------------------------------------------------ structured digit sequences
#: ``digit_sequences(grammar="phone")``: phone-number-like runs, each of one of three patterns
#: (share, pattern); "d" is any digit, a string of digits one of the listed choices.
PHONE_PATTERNS = (
    (0.4, ("0", "1278", "d", "d", "d")),  # a trunk 0, an area digit, three subscriber digits
    (0.35, ("23", "05", "d", "d")),        # a four-digit office extension
    (0.25, ("911", "112", "999", "101")),  # a three-digit service number, said whole
)


def phone_digits(n: int, seed: int) -> list[np.ndarray]:
    """``n`` digit sequences (int64 arrays indexing ``DIGIT_WORDS``) drawn from
    ``PHONE_PATTERNS``: text with structure a language model can learn (3 to 5 digits).
    Determined by ``seed``; the labels of ``digit_sequences(..., grammar="phone")``, and the
    text of notebook 15's n-gram language model (15_speech_lab)."""
    n, seed = check_int(n, "n", 1), check_int(seed, "seed", 0)
    rng = np.random.default_rng([seed, 7])
    kind = rng.choice(len(PHONE_PATTERNS), size=n, p=[p for p, _ in PHONE_PATTERNS])
    out: list[np.ndarray] = [np.empty(0, np.int64)] * n
    for k, (_, pattern) in enumerate(PHONE_PATTERNS):  # a loop over the three patterns
        rows = np.flatnonzero(kind == k)
        if k == 2:  # a whole number from a list
            words = np.array([[int(c) for c in s] for s in pattern])[
                rng.integers(0, len(pattern), len(rows))]
        else:
            cols = [rng.integers(0, 10, len(rows)) if slot == "d" else
                    np.array([int(c) for c in slot])[rng.integers(0, len(slot), len(rows))]
                    for slot in pattern]
            words = np.stack(cols, axis=1)
        for r, w in zip(rows.tolist(), words):
            out[r] = w.astype(np.int64)
    return out


# ------------------------------------------------------------------ background noise
#: Bump when ``background_noise`` changes (its cached recordings are then made afresh).
NOISE_VERSION = 2
#: The stand-in's ``_background_noise_`` recordings (the real archive's are named alike).
NOISE_NAMES = ("white_noise", "pink_noise", "hum", "running_tap", "doing_the_dishes",
               "exercise_bike")


def background_noise(seconds: float = 30.0, seed: int = 16) -> dict[str, np.ndarray]:
    """Long float32 recordings of background noise, one per ``NOISE_NAMES``, each peaking at
    about 0.5: white and pink noise, mains hum (50 Hz and harmonics over a pink floor), a
    running tap (noise in 1-5 kHz, slowly modulated), dishes (decaying ringing clatter at random
    times over a low rumble) and an exercise bike (a whirr modulated at 1-2 Hz). The stand-in
    of the real archive's ``_background_noise_`` folder (notebook 15, 15_speech_lab)."""
    from scipy import fft
    from scipy.signal import fftconvolve

    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds >= 1:
        raise ValueError(f"seconds must be a number >= 1; got {seconds!r}")
    seed = check_int(seed, "seed", 0)
    rng = np.random.default_rng(seed)
    n = int(seconds * SAMPLE_RATE)
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE

    def coloured(gain: np.ndarray) -> np.ndarray:
        spec = (rng.standard_normal(len(freqs)) + 1j * rng.standard_normal(len(freqs))) * gain
        spec[0] = 0
        return fft.irfft(spec, n=n)

    pink = 1 / np.sqrt(np.maximum(freqs, 20.0))
    hum = coloured(pink) * 0.05
    for k in (1, 2, 3, 4):
        hum += np.cos(2 * np.pi * 50 * k * t + rng.uniform(0, 2 * np.pi)) / k * np.std(hum) * 8
    tap = coloured(np.exp(-0.5 * ((freqs - 3000) / 1000) ** 2))
    tap *= 1 + 0.3 * np.sin(2 * np.pi * 0.7 * t)
    clicks = np.zeros(n)
    at = rng.integers(0, n - 1, int(4 * seconds))
    clicks[at] = rng.uniform(0.3, 1.0, len(at)) * rng.choice([-1, 1], len(at))
    ring = np.exp(-np.arange(2000) / 300) * np.sin(2 * np.pi * 2500 * np.arange(2000) / SAMPLE_RATE)
    rumble = coloured(1 / np.maximum(freqs, 20.0))
    dishes = fftconvolve(clicks, ring)[:n] + rumble * (0.03 / rumble.std())  # never silent
    bike = coloured(np.exp(-0.5 * ((freqs - 400) / 250) ** 2)) * (1.2 + np.sin(2 * np.pi * 1.5 * t))
    recordings = {"white_noise": coloured(np.ones(len(freqs))), "pink_noise": coloured(pink),
                  "hum": hum, "running_tap": tap, "doing_the_dishes": dishes,
                  "exercise_bike": bike}
    return {k: (0.5 * v / np.abs(v).max()).astype(np.float32) for k, v in recordings.items()}

