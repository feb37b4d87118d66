"""Operands of operators (design §11): our arrays and Python (or NumPy) scalars; anything
array-like from another library, on either side, raises TypeError naming xp.asarray."""

from __future__ import annotations

import operator

import numpy as np
import pytest

import array_api_mlx as xp

BINARY = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv,
          operator.mod, operator.pow, operator.matmul, operator.lt, operator.le,
          operator.gt, operator.ge, operator.eq, operator.ne]  # fmt: skip


@pytest.mark.parametrize("op", BINARY, ids=lambda op: op.__name__)
@pytest.mark.parametrize(
    "foreign",
    [np.array([1.0, 2.0, 3.0], dtype=np.float32), [1.0, 2.0, 3.0], (1.0, 2.0, 3.0)],
    ids=["ndarray", "list", "tuple"],
)
def test_foreign_operands_raise_on_either_side(op, foreign, device):
    x = xp.asarray([1.0, 2.0, 3.0], device=device)
    with pytest.raises(TypeError, match="xp.asarray"):
        op(x, foreign)
    with pytest.raises(TypeError, match="xp.asarray"):
        op(foreign, x)


def test_numpy_functions_convert_our_arrays_explicitly():
    """An explicit NumPy call converts through ``__array__`` (SciPy's NumPy fallbacks call
    ufuncs on arrays they were given); only operators refuse to mix."""
    x = xp.asarray([1.0, 4.0])
    got = np.sqrt(x)
    assert type(got) is np.ndarray
    np.testing.assert_array_equal(got, [1.0, 2.0])
    np.testing.assert_array_equal(np.add(np.ones(2), x), [2.0, 5.0])


def test_numpy_scalars_are_operands(device):
    x = xp.asarray([1.0, 2.0], device=device)
    y = x + np.float32(1)
    assert y.dtype == xp.float32 and y.device == device
    np.testing.assert_array_equal(np.asarray(np.float64(2) * x), [2.0, 4.0])
    assert bool(xp.all((x == np.float32(1.0)) == xp.asarray([True, False], device=device)))


def test_inplace_operators_take_what_forward_ones_take(device):
    """``y += np.float32(1)`` updates ``y`` itself (it used to rebind ``y`` to a new
    array, leaving other references to the old one unchanged)."""
    y = xp.asarray([1.0, 2.0], device=device)
    alias = y
    y += np.float32(1)
    assert y is alias
    np.testing.assert_array_equal(np.asarray(alias), [2.0, 3.0])
    i = xp.asarray([1, 2], device=device)
    i *= np.int64(3)
    np.testing.assert_array_equal(np.asarray(i), [3, 6])
    with pytest.raises(TypeError, match="xp.asarray"):
        y += np.ones(2)


def test_other_objects_get_pythons_protocol():
    x = xp.asarray([1.0])
    assert (x == None) is False  # noqa: E711 - no array-like: Python's identity fallback
    assert x != "text"
    with pytest.raises(TypeError):
        x + object()
