import math

import numpy as np
import pytest

import labutils
from labutils.record import to_jsonable


def test_record_prints_and_stores(capsys):
    assert labutils.record("unit_metric", np.float32(0.25)) is None  # a cell shows it once
    assert capsys.readouterr().out.strip() == "[recorded] unit_metric = 0.25"
    v = labutils.recorded()["unit_metric"]
    assert v == 0.25 and isinstance(v, float)


def test_record_converts_arrays_and_tensors():
    import tensorflow as tf

    labutils.record("a_list", np.array([1.5, 2.0]))
    labutils.record("a_tensor", tf.constant(3))
    labutils.record("nested", {"x": np.int64(2)})
    got = labutils.recorded()
    assert (got["a_list"], got["a_tensor"], got["nested"]) == ([1.5, 2.0], 3, {"x": 2})
    assert type(got["a_tensor"]) is int


def test_non_finite_values_become_strings():
    assert to_jsonable(math.nan) == "nan"
    assert to_jsonable(np.array([np.inf, 1.0])) == ["inf", 1.0]


@pytest.mark.parametrize("name", ["", "1abc", "has space", None, "a-b"])
def test_bad_names(name):
    with pytest.raises(ValueError, match="name must be an identifier-like string"):
        labutils.record(name, 1)


def test_bad_value():
    with pytest.raises(TypeError, match="value of 'obj' must be a number"):
        labutils.record("obj", object())
