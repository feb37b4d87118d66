"""Set functions against NumPy (with the standard's NaN and signed-zero rules)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import array_api_mlx as xp


@pytest.fixture
def elsewhere(device, other_device):
    """A device other than ``device`` (the GPU's counterpart is the CPU)."""
    return other_device if other_device is not device else xp.cpu


NAN = float("nan")

CASES = [
    [3, 1, 2, 3, 1],
    [[2.0, NAN, -0.0], [0.0, NAN, 2.0]],
    [[True, False], [True, True]],
    [],
    [[]],
    5,
    [NAN, NAN, NAN],
    [1 + 1j, 1 + 1j, 2j, 0j],
    [[[7, 7], [7, 8]]],
    [2**63 + 5, 1, 2**63 + 5],
]


def _arr(data, device):
    n = np.asarray(data)
    if n.dtype == np.complex128:
        n = n.astype(np.complex64)
    elif n.dtype == np.float64:
        n = n.astype(np.float32)
    return xp.asarray(n, device=device), n


def _reference(n):
    """NumPy's unique with each NaN kept distinct and -0.0 == 0.0."""
    flat = n.reshape(-1)
    order = np.argsort(flat, kind="stable")
    srt = flat[order]
    new = np.ones(srt.shape, dtype=bool)
    new[1:] = srt[1:] != srt[:-1]
    starts = np.flatnonzero(new)
    inverse = np.empty(flat.shape, dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    counts = np.diff(np.append(starts, flat.size))
    return srt[starts], order[starts], inverse.reshape(n.shape), counts


@pytest.mark.parametrize("data", CASES)
def test_unique_all(device, data):
    x, n = _arr(data, device)
    values, indices, inverse, counts = _reference(n)
    r = xp.unique_all(x)
    assert r._fields == ("values", "indices", "inverse_indices", "counts")
    for got, exp, dtype in [(r.values, values, x.dtype), (r.indices, indices, xp.int64),
                            (r.inverse_indices, inverse, xp.int64), (r.counts, counts, xp.int64)]:  # fmt: skip
        assert got.device is device and got.dtype is dtype
        assert got.shape == exp.shape
        np.testing.assert_array_equal(np.asarray(got), exp)
    # the defining properties, independent of the reference
    nv = np.asarray(r.values)
    assert np.sum(np.isnan(nv.real) if nv.dtype.kind in "fc" else 0) == np.sum(
        np.isnan(n.real) if n.dtype.kind in "fc" else 0
    )
    np.testing.assert_array_equal(nv, n.reshape(-1)[np.asarray(r.indices)])
    assert int(np.sum(np.asarray(r.counts))) == n.size
    eq = np.asarray(r.values)[np.asarray(r.inverse_indices)] == n
    assert np.all(eq | (n != n))


@pytest.mark.parametrize("data", CASES)
def test_unique_counts_inverse_values(device, data):
    x, n = _arr(data, device)
    values, _, inverse, counts = _reference(n)
    rc = xp.unique_counts(x)
    assert rc._fields == ("values", "counts")
    ri = xp.unique_inverse(x)
    assert ri._fields == ("values", "inverse_indices")
    rv = xp.unique_values(x)
    for got, exp in [(rc.values, values), (rc.counts, counts), (ri.values, values),
                     (ri.inverse_indices, inverse), (rv, values)]:  # fmt: skip
        assert got.device is device
        assert got.shape == exp.shape
        np.testing.assert_array_equal(np.asarray(got), exp)


@pytest.mark.parametrize("data", CASES)
def test_unique_all_on_the_device_route(device, positions_on_device, data):
    """As on a GPU, where the group starts are found on the device: the same results, and
    one evaluation (the number of unique values) with nothing read through the host."""
    x, n = _arr(data, device)
    r = xp.unique_all(x)
    assert positions_on_device == (["evaluate"] if n.size else [])
    for got, exp in zip(r, _reference(n)):
        assert got.device is device
        np.testing.assert_array_equal(np.asarray(got), exp)


def test_unique_matches_numpy_without_nan(device):
    n = np.random.default_rng(0).integers(-4, 4, size=(5, 6)).astype(np.float32)
    x = xp.asarray(n, device=device)
    v, i, inv, c = np.unique(n, return_index=True, return_inverse=True, return_counts=True)
    r = xp.unique_all(x)
    np.testing.assert_array_equal(np.asarray(r.values), v)
    np.testing.assert_array_equal(np.asarray(r.indices), i)
    np.testing.assert_array_equal(np.asarray(r.inverse_indices), inv.reshape(n.shape))
    np.testing.assert_array_equal(np.asarray(r.counts), c)


def test_unique_signed_zero_first_occurrence(device):
    r = xp.unique_all(xp.asarray([0.0, -0.0, 1.0], device=device))
    assert np.asarray(r.counts).tolist() == [2, 1]
    assert np.asarray(r.indices).tolist() == [0, 2]
    assert not np.signbit(np.asarray(r.values)[0])


@given(hnp.arrays(np.float32, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5),
                  elements=st.sampled_from([0.0, -0.0, 1.0, 2.5, NAN])))  # fmt: skip
@settings(max_examples=25)
def test_unique_random(n):
    values, indices, inverse, counts = _reference(n)
    r = xp.unique_all(xp.asarray(n))
    np.testing.assert_array_equal(np.asarray(r.values), values)
    np.testing.assert_array_equal(np.asarray(r.indices), indices)
    np.testing.assert_array_equal(np.asarray(r.inverse_indices), inverse)
    np.testing.assert_array_equal(np.asarray(r.counts), counts)


def test_unique_errors():
    for fn in (xp.unique_all, xp.unique_counts, xp.unique_inverse, xp.unique_values):
        with pytest.raises(TypeError):
            fn(np.ones(3))


@pytest.mark.parametrize("invert", [False, True])
@pytest.mark.parametrize(("x1", "x2"), [
    ([1, 2, 3, 4], [3, 1, 9]),
    ([[1, 2], [5, 6]], [[6, 0], [1, 1]]),
    ([1.0, NAN, -0.0, 2.5], [0.0, NAN, 2.5]),
    ([1, 2], []),
    ([], [1, 2]),
    ([1 + 1j, 2j, 3], [2j, 3]),
    ([True, False], [True]),
])  # fmt: skip
def test_isin(device, x1, x2, invert):
    a1, n1 = _arr(x1, device)
    a2, n2 = _arr(x2, device)
    got = xp.isin(a1, a2, invert=invert)
    assert got.device is device and got.dtype is xp.bool
    assert got.shape == n1.shape
    np.testing.assert_array_equal(np.asarray(got), np.isin(n1, n2, invert=invert))


def test_isin_scalars_and_mixed_dtypes(device):
    x = xp.asarray([1, 2, 3], device=device, dtype=xp.int8)
    got = xp.isin(2, x)
    assert got.shape == () and bool(got) and got.device is device
    got = xp.isin(x, 3)
    np.testing.assert_array_equal(np.asarray(got), [False, False, True])
    got = xp.isin(x, xp.asarray([3.0, 1.5], device=device))
    np.testing.assert_array_equal(np.asarray(got), [False, False, True])


def test_isin_errors(device, elsewhere):
    x = xp.asarray([1, 2], device=device)
    with pytest.raises(TypeError):
        xp.isin(1, 2)
    with pytest.raises(TypeError):
        xp.isin(x, [1, 2])
    with pytest.raises(TypeError):
        xp.isin(x, x, invert=1)
    with pytest.raises(ValueError):
        xp.isin(x, xp.asarray([1], device=elsewhere))
