"""sort / argsort against NumPy's stable sort, on every device."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import array_api_mlx as xp

NAN = float("nan")


def _reference_argsort(n, axis, descending):
    """Stable order; equal elements keep their order also when descending; NaNs last."""
    if not descending:
        return np.argsort(n, axis=axis, kind="stable")
    m = np.moveaxis(n, axis, -1)
    out = np.empty(m.shape, dtype=np.int64)
    for index in np.ndindex(m.shape[:-1]):
        row = list(m[index])
        nans = [i for i, v in enumerate(row) if v != v]
        rest = sorted((i for i, v in enumerate(row) if v == v), key=row.__getitem__, reverse=True)
        out[index] = rest + nans
    return np.moveaxis(out, -1, axis)


DTYPES = [np.float32, np.int8, np.uint8, np.int64, np.bool_, np.uint64]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("axis", [-1, 0, 1])
@pytest.mark.parametrize("dtype", DTYPES)
def test_sort_argsort(device, dtype, axis, descending):
    rng = np.random.default_rng(0)
    n = rng.integers(0, 3, size=(4, 9)).astype(dtype)
    if dtype is np.float32:
        n[0, :4] = [NAN, -0.0, 0.0, NAN]
        n[2, 5] = -np.inf
    if dtype is np.uint64:
        n[1, 1] = 2**64 - 1
    if dtype is np.int8:
        n[3, 0] = -128
    x = xp.asarray(n, device=device)
    expected_idx = _reference_argsort(n, axis, descending)
    got = xp.argsort(x, axis=axis, descending=descending)
    assert got.device is device and got.dtype is xp.int64
    np.testing.assert_array_equal(np.asarray(got), expected_idx)
    values = xp.sort(x, axis=axis, descending=descending, stable=False)
    assert values.device is device and values.dtype is x.dtype
    expected = np.take_along_axis(n, expected_idx, axis=axis)
    np.testing.assert_array_equal(np.asarray(values), expected)
    # signed zeros keep their order (and sign) as equal elements
    np.testing.assert_array_equal(np.signbit(np.asarray(values)), np.signbit(expected))


@given(hnp.arrays(st.sampled_from([np.float32, np.int16]),
                  hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=6),
                  elements=st.integers(-2, 2)),
       st.booleans(), st.data())  # fmt: skip
@settings(max_examples=25)
def test_argsort_random(n, descending, data):
    axis = data.draw(st.integers(-n.ndim, n.ndim - 1))
    got = xp.argsort(xp.asarray(n), axis=axis, descending=descending)
    np.testing.assert_array_equal(np.asarray(got), _reference_argsort(n, axis, descending))


def test_sort_0d_and_empty(device):
    x = xp.asarray(3.0, device=device)
    assert float(xp.sort(x)) == 3.0
    assert int(xp.argsort(x)) == 0
    with pytest.raises(ValueError):
        xp.sort(x, axis=1)
    e = xp.ones((0, 3), device=device)
    assert xp.sort(e, axis=0).shape == (0, 3)
    assert xp.argsort(e, axis=1).shape == (0, 3)


def test_sort_errors(device):
    x = xp.asarray([[1, 2]], device=device)
    for fn in (xp.sort, xp.argsort):
        with pytest.raises(ValueError):
            fn(x, axis=2)
        with pytest.raises(ValueError):
            fn(x, axis=-3)
        with pytest.raises(TypeError):
            fn([1, 2])
        with pytest.raises(TypeError):
            fn(x, descending=1)
        with pytest.raises(TypeError):
            fn(x, axis=0.0)
