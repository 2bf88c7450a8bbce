"""How close a training run comes to the machine: model-FLOPs utilisation (MFU).

Used by the chapters that train (05, 06, 07, 08, 14, 15 and later): each counts the FLOPs its
training run needs from the model (a formula it states: ``6 N`` per example for a dense network,
``2 k^2 C_in C_out H' W'`` per convolution and example forward, times three for forward and
backward), divides by the run's wall time, and compares that with the float32 matrix-multiply rate
:func:`matmul_rate` measures on this machine in the same run. ``train_mfu`` is the ratio, recorded
for the run report. A matrix product of 1024 x 1024 matrices is about the best a CPU does, so an
MFU near 1 is the ceiling; small batches, Python overhead, recurrent steps and the input pipeline
all keep a run below it.
"""
from __future__ import annotations

from typing import Any

from labutils.timing import best_time


def matmul_rate(n: int = 1024, repeat: int = 5) -> float:
    """FLOP/s of a float32 ``n x n`` matrix product in TensorFlow on this machine: ``2 n^3`` over
    the best of ``repeat`` timed products (after a warm-up)."""
    import tensorflow as tf

    if isinstance(n, bool) or not isinstance(n, int) or n < 16:
        raise ValueError(f"n must be an int >= 16; got {n!r}")
    a = tf.random.stateless_normal((n, n), seed=(1, 2))
    b = tf.random.stateless_normal((n, n), seed=(3, 4))
    seconds = best_time(lambda: tf.matmul(a, b).numpy(), repeat=repeat, warmup=2)
    return 2.0 * n ** 3 / seconds


def mfu(flops: float, seconds: float, rate: float) -> float:
    """Model-FLOPs utilisation: ``flops / seconds`` (what the run achieved) over ``rate``."""
    for arg, v in (("flops", flops), ("seconds", seconds), ("rate", rate)):
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not v > 0:
            raise ValueError(f"{arg} must be a positive number; got {v!r}")
    return float(flops) / float(seconds) / float(rate)


def forward_flops(model: Any) -> int:
    """FLOPs of one example's forward pass through the ``Dense``, ``Conv1D``/``Conv2D``,
    ``SimpleRNN``/``GRU``/``LSTM`` layers of a built Keras model: twice the multiply-adds (a
    multiply-add is 2 FLOPs; biases, activations, pooling and normalisation are left out, as in the
    ``6 N`` rule). Dense: ``2 n_in n_out`` per position; convolution: ``2 k C_in C_out`` per output
    position (``k`` the kernel's size); recurrent: ``2 g (n_in + n_units) n_units`` per time step with
    ``g`` = 1, 3, 4 gates. Layers inside nested models are counted; other layers raise, naming them.
    """
    import math

    total = 0
    for layer in _leaves(model):
        kind = type(layer).__name__
        if kind in ("InputLayer", "Dropout", "Flatten", "Reshape", "MaxPooling1D", "MaxPooling2D",
                    "AveragePooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
                    "GlobalMaxPooling1D", "GlobalMaxPooling2D", "BatchNormalization",
                    "LayerNormalization", "Activation", "ReLU", "Add", "Concatenate", "Embedding",
                    "Rescaling", "Normalization", "RandomFlip", "RandomTranslation", "RandomRotation",
                    "RandomZoom", "RandomCrop", "SpatialDropout1D", "SpatialDropout2D", "Masking",
                    "TextVectorization"):
            continue
        out = layer.output.shape if hasattr(layer, "output") else None
        if kind == "Dense":
            positions = math.prod(int(d) for d in out[1:-1]) if out is not None and len(out) > 2 else 1
            total += 2 * int(layer.kernel.shape[0]) * int(layer.kernel.shape[1]) * positions
        elif kind in ("Conv1D", "Conv2D"):
            k = layer.kernel.shape
            positions = math.prod(int(d) for d in out[1:-1])
            total += 2 * math.prod(int(d) for d in k[:-1]) * int(k[-1]) // int(getattr(layer, "groups", 1)) * positions
        elif kind in ("SimpleRNN", "GRU", "LSTM"):
            gates = {"SimpleRNN": 1, "GRU": 3, "LSTM": 4}[kind]
            units = int(layer.units)
            steps = int(layer.input.shape[1])
            n_in = int(layer.input.shape[-1])
            total += 2 * gates * (n_in + units) * units * steps
        elif kind == "Bidirectional":
            inner = layer.forward_layer
            gates = {"SimpleRNN": 1, "GRU": 3, "LSTM": 4}[type(inner).__name__]
            steps, n_in, units = int(layer.input.shape[1]), int(layer.input.shape[-1]), int(inner.units)
            total += 2 * 2 * gates * (n_in + units) * units * steps
        else:
            raise ValueError(f"forward_flops does not count layer {layer.name!r} ({kind}); count this model's "
                             "FLOPs with its own formula")
    return total


def _leaves(model: Any) -> list:
    out = []
    for layer in getattr(model, "layers", []):
        if hasattr(layer, "layers") and type(layer).__name__ in ("Sequential", "Functional", "Model"):
            out += _leaves(layer)
        else:
            out.append(layer)
    return out
