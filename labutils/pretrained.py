"""Optional pretrained models from keras-hub presets, with an honest offline fallback.

Used by notebooks 08 (pretrained BERT for sentence classification), 11 (sentiment), 14
(pretrained GPT-2 for generation) and 15 (pretrained Whisper for speech recognition).
A preset is either a keras-hub / Kaggle handle such as ``"bert_tiny_en_uncased"`` or a local
directory written by ``model.save_to_preset(path)``. When the weights cannot be had (offline,
or the download fails) the loader returns ``None`` with a message that says why, and the
notebook continues on its from-scratch path. The loading code is tested on a tiny preset that
the tests build and save (``tests/test_pretrained.py``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labutils._env import offline_forced


_HTTP_STATUS = re.compile(r"\b[45]\d\d\b.*\b(Client|Server) Error\b|\b(Client|Server) Error\b.*\b[45]\d\d\b"
                          r"|\bToo Many Requests\b|\bService Unavailable\b", re.IGNORECASE)
_NO_HEAD = ("preset {preset!r} has no classifier head (no task.json: it holds a backbone only); pass "
            "num_classes=k to put a new k-class head on its backbone")


@dataclass
class Loaded:
    """The result of a load attempt: ``model`` is ``None`` when it could not be loaded."""

    model: Any
    source: str
    message: str

    @property
    def ok(self) -> bool:
        return self.model is not None


def _check_args(preset: Any, num_classes: Any) -> None:
    if not isinstance(preset, (str, Path)) or not str(preset).strip():
        raise ValueError(f"preset must be a non-empty preset name or directory path; got {preset!r}")
    if num_classes is not None and (isinstance(num_classes, bool) or not isinstance(num_classes, int)
                                    or num_classes < 2):
        raise ValueError(f"num_classes must be None or an int >= 2; got {num_classes!r}")


def load_bert_classifier(preset: str | Path, num_classes: int | None = None, **kwargs: Any) -> Loaded:
    """``keras_hub.models.BertTextClassifier.from_preset(preset, ...)``, or ``None``.

    With ``num_classes=None`` a saved classifier is loaded whole, head included. With
    ``num_classes=k`` the pretrained backbone gets a *new*, randomly initialised k-class head,
    ready for fine-tuning (keras-hub skips a preset's task weights whenever ``num_classes`` is
    given). A local directory is always loaded. A hub handle is downloaded (into keras-hub's own cache)
    unless ``LABUTILS_OFFLINE=1`` is set; network errors (connection, DNS, timeouts, and the HTTP
    errors keras-hub raises as ``FileNotFoundError`` for 403/404 or ``ValueError`` for 429/5xx) are
    caught and reported, other errors (a corrupt preset, a wrong architecture) propagate. A preset
    without a classifier head and ``num_classes=None`` is a ``ValueError`` saying to pass
    ``num_classes``. ``kwargs`` go to ``from_preset``.
    """
    _check_args(preset, num_classes)
    import keras_hub

    local = Path(preset).expanduser()
    is_local = local.is_dir()
    if not is_local and offline_forced():
        return Loaded(None, "unavailable", f"pretrained preset {preset!r} not loaded: LABUTILS_OFFLINE=1 is set "
                                           "(weights are downloaded only when online)")
    if num_classes is not None:
        kwargs["num_classes"] = num_classes
    load = keras_hub.models.BertTextClassifier.from_preset
    if is_local:  # nothing to download: every error is a real one
        if num_classes is None and (local / "config.json").exists() and not (local / "task.json").exists():
            raise ValueError(_NO_HEAD.format(preset=local))
        model = load(str(local), **kwargs)
        source = f"local preset {local}"
        return Loaded(model, source, f"loaded {source} with {model.count_params():,} parameters")
    try:
        model = load(str(preset), **kwargs)
    except TypeError as e:  # a backbone-only preset: the classifier cannot be built without num_classes
        if num_classes is None and "num_classes" in str(e):
            raise ValueError(_NO_HEAD.format(preset=preset)) from None
        raise
    except (OSError, ValueError) as e:
        return _unavailable(preset, e)
    source = f"keras-hub preset {preset!r}"
    return Loaded(model, source, f"loaded {source} with {model.count_params():,} parameters")


def _unavailable(preset: Any, e: Exception) -> Loaded:
    """A network failure as a ``Loaded(None, ...)`` with its reason; any other error is re-raised."""
    # requests' ConnectionError, DNS failures and timeouts are OSErrors (404/403: FileNotFoundError);
    # keras-hub turns other HTTP errors (429 rate limits, 5xx) into a ValueError with the status
    first = str(e).splitlines()[0][:200] if str(e) else type(e).__name__
    if isinstance(e, PermissionError):  # a read-only download cache (a shared or locked home)
        return Loaded(None, "unavailable", f"pretrained preset {preset!r} could not be stored: keras-hub's "
                                           f"download cache is not writable ({first}); point KAGGLEHUB_CACHE "
                                           "(or HF_HOME) at a folder you can write")
    if isinstance(e, ValueError) and not _HTTP_STATUS.search(str(e)):
        raise e  # a real error (a malformed handle, a wrong architecture)
    return Loaded(None, "unavailable", f"pretrained preset {preset!r} could not be downloaded "
                                       f"({type(e).__name__}: {first})")


def load_gpt2_causal_lm(preset: str | Path = "gpt2_base_en", **kwargs: Any) -> Loaded:
    """``keras_hub.models.GPT2CausalLM.from_preset(preset)`` (model, tokenizer and preprocessor),
    or ``None`` with the reason. Used by notebook 14. The same rules as ``load_bert_classifier``:
    a local directory (written by ``save_to_preset``) is always loaded and its errors propagate; a
    hub handle is downloaded unless ``LABUTILS_OFFLINE=1``, and network errors are reported, not
    raised. ``kwargs`` go to ``from_preset``.
    """
    _check_args(preset, None)
    import keras_hub

    local = Path(preset).expanduser()
    load = keras_hub.models.GPT2CausalLM.from_preset
    if local.is_dir():
        model = load(str(local), **kwargs)
        source = f"local preset {local}"
        return Loaded(model, source, f"loaded {source} with {model.count_params():,} parameters")
    if offline_forced():
        return Loaded(None, "unavailable", f"pretrained preset {preset!r} not loaded: LABUTILS_OFFLINE=1 is set "
                                           "(weights are downloaded only when online)")
    try:
        model = load(str(preset), **kwargs)
    except (OSError, ValueError) as e:
        return _unavailable(preset, e)
    source = f"keras-hub preset {preset!r}"
    return Loaded(model, source, f"loaded {source} with {model.count_params():,} parameters")


@dataclass
class Whisper:
    """A keras-hub Whisper: ``backbone`` (encoder-decoder Transformer), ``tokenizer`` (byte-level
    BPE with Whisper's special tokens) and ``audio_converter`` (16 kHz waveform -> log-mel frames,
    padded to its ``max_audio_length``). keras-hub 0.32 has no Whisper generation task, so
    :meth:`transcribe` decodes greedily itself."""

    backbone: Any
    tokenizer: Any
    audio_converter: Any

    def count_params(self) -> int:
        return int(self.backbone.count_params())

    def prompt(self) -> list[int]:
        """The decoder's first tokens: start of transcript, then (multilingual models only)
        English and the transcribe task, then no timestamps."""
        tok = self.tokenizer
        names = [tok.bos_token]
        if tok.language_tokens is not None:
            names += ["<|en|>", tok.transcribe_token]
        names.append(tok.no_timestamps_token)
        return [int(tok.token_to_id(t)) for t in names]

    def transcribe(self, audio: Any, max_tokens: int = 40) -> str:
        """Greedy decoding of one clip (a 1-D float waveform at 16 kHz in [-1, 1]): the encoder
        reads the log-mel frames once per step here (simple, not fast), the decoder appends the
        most probable next token until end-of-text or ``max_tokens``."""
        import numpy as np
        import tensorflow as tf

        if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1:
            raise ValueError(f"max_tokens must be an int >= 1; got {max_tokens!r}")
        wave = np.asarray(audio, dtype=np.float32)
        if wave.ndim != 1:
            raise ValueError(f"audio must be one 1-D waveform; got shape {wave.shape}")
        features = self.audio_converter(wave[None, :])
        ids = self.prompt()
        start, end = len(ids), int(self.tokenizer.token_to_id(self.tokenizer.eos_token))
        limit = int(self.backbone.max_decoder_sequence_length)
        for _ in range(max_tokens):  # one token per step: decoding is sequential
            if len(ids) >= limit:
                break
            out = self.backbone({"encoder_features": features,
                                 "decoder_token_ids": tf.constant([ids], tf.int32),
                                 "decoder_padding_mask": tf.ones((1, len(ids)), tf.int32)})
            logits = self.backbone.token_embedding(out["decoder_sequence_output"][:, -1],
                                                   reverse=True)
            nxt = int(tf.argmax(logits[0]))
            if nxt == end:
                break
            ids.append(nxt)
        text = self.tokenizer.detokenize([ids[start:]])
        text = text.numpy() if hasattr(text, "numpy") else text
        first = text[0]
        return first.decode("utf-8") if isinstance(first, bytes) else str(first)


def load_whisper(preset: str | Path = "whisper_tiny_en", **kwargs: Any) -> Loaded:
    """A pretrained Whisper (:class:`Whisper`: backbone, tokenizer, audio converter, all from
    ``preset``), or ``None`` with the reason. Used by notebook 15. The same rules as
    ``load_gpt2_causal_lm``: a local directory (written by ``save_to_preset`` of the three parts)
    is always loaded and its errors propagate; a hub handle is downloaded unless
    ``LABUTILS_OFFLINE=1``, and network errors are reported, not raised. ``kwargs`` go to the
    backbone's ``from_preset``.
    """
    _check_args(preset, None)
    import keras_hub

    def load(p: str) -> Whisper:
        return Whisper(keras_hub.models.WhisperBackbone.from_preset(p, **kwargs),
                       keras_hub.models.WhisperTokenizer.from_preset(p),
                       keras_hub.layers.WhisperAudioConverter.from_preset(p))

    local = Path(preset).expanduser()
    if local.is_dir():
        model = load(str(local))
        source = f"local preset {local}"
        return Loaded(model, source, f"loaded {source} with {model.count_params():,} parameters")
    if offline_forced():
        return Loaded(None, "unavailable", f"pretrained preset {preset!r} not loaded: LABUTILS_OFFLINE=1 is set "
                                           "(weights are downloaded only when online)")
    try:
        model = load(str(preset))
    except (OSError, ValueError) as e:
        return _unavailable(preset, e)
    source = f"keras-hub preset {preset!r}"
    return Loaded(model, source, f"loaded {source} with {model.count_params():,} parameters")
