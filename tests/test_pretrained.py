"""The pretrained-model loader, on a tiny BERT preset built and saved here (no network)."""
from __future__ import annotations

import numpy as np
import pytest

from labutils import pretrained

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "film", "was", "good", "bad", "not", "##s"]


@pytest.fixture(scope="module")
def tiny_preset(tmp_path_factory):
    import keras
    import keras_hub

    keras.utils.set_random_seed(0)
    backbone = keras_hub.models.BertBackbone(vocabulary_size=len(VOCAB), num_layers=1, num_heads=2, hidden_dim=8,
                                             intermediate_dim=16, max_sequence_length=16)
    tokenizer = keras_hub.models.BertTokenizer(vocabulary=VOCAB)
    pre = keras_hub.models.BertTextClassifierPreprocessor(tokenizer, sequence_length=16)
    clf = keras_hub.models.BertTextClassifier(backbone, num_classes=2, preprocessor=pre)
    path = tmp_path_factory.mktemp("tiny_bert_preset")
    clf.save_to_preset(str(path))
    texts = np.array(["the film was good", "the film was not bad", "films"])
    return path, clf.predict(texts, verbose=0), texts, backbone.get_weights()


def test_loads_a_saved_preset_and_predicts_the_same(tiny_preset, monkeypatch):
    path, expected, texts, _ = tiny_preset
    monkeypatch.setenv("LABUTILS_OFFLINE", "1")  # a local directory loads even offline
    loaded = pretrained.load_bert_classifier(path)
    assert loaded.ok and "local preset" in loaded.source
    np.testing.assert_allclose(loaded.model.predict(texts, verbose=0), expected, rtol=1e-5, atol=1e-6)


def test_new_head_keeps_the_pretrained_backbone(tiny_preset, monkeypatch):
    path, _, texts, backbone_weights = tiny_preset
    monkeypatch.setenv("LABUTILS_OFFLINE", "1")
    loaded = pretrained.load_bert_classifier(path, num_classes=3)
    assert loaded.model.predict(texts, verbose=0).shape == (3, 3)
    for got, saved in zip(loaded.model.backbone.get_weights(), backbone_weights):
        np.testing.assert_array_equal(got, saved)


def test_offline_hub_handle_returns_none_with_reason(monkeypatch):
    monkeypatch.setenv("LABUTILS_OFFLINE", "1")
    loaded = pretrained.load_bert_classifier("bert_tiny_en_uncased", num_classes=2)
    assert not loaded.ok and "LABUTILS_OFFLINE" in loaded.message


def test_network_error_is_reported_not_raised(monkeypatch):
    import keras_hub
    import requests

    def fail(*args, **kwargs):
        raise requests.exceptions.ConnectionError("Failed to resolve 'api.kaggle.com'")

    monkeypatch.delenv("LABUTILS_OFFLINE", raising=False)
    monkeypatch.setattr(keras_hub.models.BertTextClassifier, "from_preset", fail)
    loaded = pretrained.load_bert_classifier("bert_tiny_en_uncased", num_classes=2)
    assert not loaded.ok and "ConnectionError" in loaded.message and "api.kaggle.com" in loaded.message


def test_a_read_only_download_cache_is_reported_not_raised(monkeypatch):
    import keras_hub

    def fail(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "/srv/shared/.cache/kagglehub/models")

    monkeypatch.delenv("LABUTILS_OFFLINE", raising=False)
    monkeypatch.setattr(keras_hub.models.GPT2CausalLM, "from_preset", fail)
    loaded = pretrained.load_gpt2_causal_lm("gpt2_base_en")
    assert not loaded.ok and "not writable" in loaded.message and "KAGGLEHUB_CACHE" in loaded.message


def test_other_errors_propagate(monkeypatch, tmp_path):
    monkeypatch.setenv("LABUTILS_OFFLINE", "1")
    with pytest.raises(ValueError, match="config.json"):  # an empty directory is not a preset
        pretrained.load_bert_classifier(tmp_path)


@pytest.mark.parametrize("preset, num_classes, arg", [("", 2, "preset"), (None, 2, "preset"),
                                                      ("bert_tiny_en_uncased", 1, "num_classes"),
                                                      ("bert_tiny_en_uncased", 2.0, "num_classes"),
                                                      ("bert_tiny_en_uncased", True, "num_classes")])
def test_bad_arguments_name_the_argument(preset, num_classes, arg):
    with pytest.raises(ValueError, match=arg):
        pretrained.load_bert_classifier(preset, num_classes)


@pytest.mark.parametrize("error", [
    "429 Client Error: Too Many Requests for url: https://www.kaggle.com/api/v1/models/keras/bert/keras/x/1/download",
    "500 Server Error: Internal Server Error for url: https://www.kaggle.com/api/v1/models",
    "503 Server Error: Service Unavailable for url: https://www.kaggle.com/api/v1/models",
])
def test_http_errors_keras_hub_raises_as_valueerror_fall_back(monkeypatch, error):
    """keras-hub turns Kaggle's HTTP 429/5xx into ValueError (404/403 into FileNotFoundError)."""
    import keras_hub

    def fail(*args, **kwargs):
        raise ValueError(error)

    monkeypatch.delenv("LABUTILS_OFFLINE", raising=False)
    monkeypatch.setattr(keras_hub.models.BertTextClassifier, "from_preset", fail)
    loaded = pretrained.load_bert_classifier("bert_tiny_en_uncased", num_classes=2)
    assert not loaded.ok and error.split(":")[0] in loaded.message


def test_a_valueerror_that_is_not_http_propagates(monkeypatch):
    import keras_hub

    def fail(*args, **kwargs):
        raise ValueError("Unexpected Kaggle preset. Kaggle model handles should have the form ...")

    monkeypatch.delenv("LABUTILS_OFFLINE", raising=False)
    monkeypatch.setattr(keras_hub.models.BertTextClassifier, "from_preset", fail)
    with pytest.raises(ValueError, match="Unexpected Kaggle preset"):
        pretrained.load_bert_classifier("kaggle://bad", num_classes=2)


def test_a_preset_without_a_head_needs_num_classes(tmp_path, monkeypatch):
    import keras_hub

    backbone = keras_hub.models.BertBackbone(vocabulary_size=len(VOCAB), num_layers=1, num_heads=1, hidden_dim=8,
                                             intermediate_dim=16, max_sequence_length=16)
    backbone.save_to_preset(str(tmp_path))
    keras_hub.models.BertTokenizer(vocabulary=VOCAB).save_to_preset(str(tmp_path))
    with pytest.raises(ValueError, match="no classifier head .* pass num_classes=k"):
        pretrained.load_bert_classifier(tmp_path)
    assert pretrained.load_bert_classifier(tmp_path, num_classes=2).ok  # with a new head it loads

    def backbone_only(*args, **kwargs):  # what keras-hub raises for a hub handle without task.json
        raise TypeError("BertTextClassifier.__init__() missing 1 required positional argument: 'num_classes'")

    monkeypatch.delenv("LABUTILS_OFFLINE", raising=False)
    monkeypatch.setattr(keras_hub.models.BertTextClassifier, "from_preset", backbone_only)
    with pytest.raises(ValueError, match="no classifier head"):
        pretrained.load_bert_classifier("some_backbone_preset")


# ------------------------------------------------------------------ GPT-2 (notebook 14)
@pytest.fixture(scope="module")
def tiny_gpt2_preset(tmp_path_factory):
    import keras
    import keras_hub

    keras.utils.set_random_seed(0)
    vocab = {"<|endoftext|>": 0, "a": 1, "b": 2, "Ġ": 3, "Ġa": 4, "ab": 5, "Ġb": 6}
    tokenizer = keras_hub.models.GPT2Tokenizer(vocabulary=vocab, merges=["Ġ a", "a b", "Ġ b"])
    pre = keras_hub.models.GPT2CausalLMPreprocessor(tokenizer, sequence_length=8)
    backbone = keras_hub.models.GPT2Backbone(vocabulary_size=len(vocab), num_layers=1, num_heads=2,
                                             hidden_dim=8, intermediate_dim=16, max_sequence_length=16)
    lm = keras_hub.models.GPT2CausalLM(backbone, preprocessor=pre)
    path = tmp_path_factory.mktemp("tiny_gpt2_preset")
    lm.save_to_preset(str(path))
    return path, lm


def test_gpt2_loads_a_saved_preset_and_generates_the_same(tiny_gpt2_preset, monkeypatch):
    path, lm = tiny_gpt2_preset
    monkeypatch.setenv("LABUTILS_OFFLINE", "1")  # a local directory loads even offline
    loaded = pretrained.load_gpt2_causal_lm(path)
    assert loaded.ok and "local preset" in loaded.source
    for a, b in zip(loaded.model.get_weights(), lm.get_weights()):
        np.testing.assert_array_equal(a, b)
    lm.compile(sampler="greedy")
    loaded.model.compile(sampler="greedy")
    assert loaded.model.generate("a b", max_length=8) == lm.generate("a b", max_length=8)


def test_gpt2_offline_and_network_errors_fall_back(monkeypatch):
    import keras_hub
    import requests

    monkeypatch.setenv("LABUTILS_OFFLINE", "1")
    loaded = pretrained.load_gpt2_causal_lm("gpt2_base_en")
    assert not loaded.ok and "LABUTILS_OFFLINE" in loaded.message

    def fail(*args, **kwargs):
        raise requests.exceptions.ConnectionError("Failed to resolve 'www.kaggle.com'")

    monkeypatch.delenv("LABUTILS_OFFLINE")
    monkeypatch.setattr(keras_hub.models.GPT2CausalLM, "from_preset", fail)
    loaded = pretrained.load_gpt2_causal_lm("gpt2_base_en")
    assert not loaded.ok and "ConnectionError" in loaded.message and "www.kaggle.com" in loaded.message


def test_gpt2_real_errors_propagate(monkeypatch, tmp_path):
    import keras_hub

    def broken(*args, **kwargs):
        raise ValueError("Unknown preset identifier 'gpt2_huge'")

    monkeypatch.delenv("LABUTILS_OFFLINE", raising=False)
    monkeypatch.setattr(keras_hub.models.GPT2CausalLM, "from_preset", broken)
    with pytest.raises(ValueError, match="gpt2_huge"):
        pretrained.load_gpt2_causal_lm("gpt2_huge")
    with pytest.raises(ValueError, match="preset"):
        pretrained.load_gpt2_causal_lm("  ")


# ------------------------------------------------------------------ Whisper (notebook 15)
_WHISPER_SPECIAL = {"<|endoftext|>": 7, "<|startoftranscript|>": 8, "<|notimestamps|>": 9,
                    "<|translate|>": 10, "<|transcribe|>": 11}


@pytest.fixture(scope="module")
def tiny_whisper_preset(tmp_path_factory):
    """A one-layer Whisper with a 12-token vocabulary and 2-second audio, saved as a preset."""
    import keras
    import keras_hub

    keras.utils.set_random_seed(0)
    vocab = {"a": 0, "b": 1, "Ġ": 2, "Ġa": 3, "ab": 4, "Ġb": 5, "!": 6}
    tokenizer = keras_hub.models.WhisperTokenizer(vocabulary=vocab, merges=["Ġ a", "a b", "Ġ b"],
                                                  special_tokens=_WHISPER_SPECIAL)
    converter = keras_hub.layers.WhisperAudioConverter(num_mels=80, max_audio_length=2)
    backbone = keras_hub.models.WhisperBackbone(
        vocabulary_size=12, num_layers=1, num_heads=2, hidden_dim=8, intermediate_dim=16,
        max_encoder_sequence_length=200, max_decoder_sequence_length=16)
    path = tmp_path_factory.mktemp("tiny_whisper_preset")
    for part in (backbone, tokenizer, converter):
        part.save_to_preset(str(path))
    return path, backbone


def _greedy_by_hand(backbone, features, prompt, steps):
    """The reference: full decoder re-runs, argmax of the tied-embedding logits."""
    import tensorflow as tf

    ids = list(prompt)
    for _ in range(steps):
        out = backbone({"encoder_features": features, "decoder_token_ids": tf.constant([ids]),
                        "decoder_padding_mask": tf.ones((1, len(ids)), tf.int32)})
        emb = backbone.token_embedding.embeddings.numpy()
        nxt = int(np.argmax(out["decoder_sequence_output"].numpy()[0, -1] @ emb.T))
        if nxt == 7:
            break
        ids.append(nxt)
    return ids[len(prompt):]


def test_whisper_loads_a_saved_preset_and_transcribes_greedily(tiny_whisper_preset, monkeypatch):
    path, backbone = tiny_whisper_preset
    monkeypatch.setenv("LABUTILS_OFFLINE", "1")  # a local directory loads even offline
    loaded = pretrained.load_whisper(path)
    assert loaded.ok and "local preset" in loaded.source
    w = loaded.model
    for a, b in zip(w.backbone.get_weights(), backbone.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert w.prompt() == [8, 9]  # English-only: start of transcript, no timestamps
    audio = np.sin(2 * np.pi * 440 * np.arange(16_000) / 16_000).astype(np.float32) * 0.3
    features = w.audio_converter(audio[None])
    assert tuple(features.shape) == (1, 200, 80)
    want = _greedy_by_hand(backbone, features, [8, 9], 5)
    text = w.transcribe(audio, max_tokens=5)
    assert isinstance(text, str)
    assert text == w.tokenizer.detokenize([want])[0]
    with pytest.raises(ValueError, match="max_tokens"):
        w.transcribe(audio, max_tokens=0)
    with pytest.raises(ValueError, match="1-D"):
        w.transcribe(np.zeros((2, 100)))


def test_whisper_offline_and_network_errors_fall_back(monkeypatch):
    import keras_hub
    import requests

    monkeypatch.setenv("LABUTILS_OFFLINE", "1")
    loaded = pretrained.load_whisper("whisper_tiny_en")
    assert not loaded.ok and "LABUTILS_OFFLINE" in loaded.message

    def fail(*args, **kwargs):
        raise requests.exceptions.ConnectionError("Failed to resolve 'www.kaggle.com'")

    monkeypatch.delenv("LABUTILS_OFFLINE")
    monkeypatch.setattr(keras_hub.models.WhisperBackbone, "from_preset", fail)
    loaded = pretrained.load_whisper("whisper_tiny_en")
    assert not loaded.ok and "ConnectionError" in loaded.message

    def broken(*args, **kwargs):
        raise ValueError("Unknown preset identifier 'whisper_huge'")

    monkeypatch.setattr(keras_hub.models.WhisperBackbone, "from_preset", broken)
    with pytest.raises(ValueError, match="whisper_huge"):
        pretrained.load_whisper("whisper_huge")
