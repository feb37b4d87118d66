"""Searching functions against NumPy, on every device."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import array_api_mlx as xp

NAN = float("nan")


def _check(got, expected, device, dtype=None):
    assert got.device is device
    if dtype is not None:
        assert got.dtype is dtype
    assert got.shape == np.shape(expected)
    np.testing.assert_array_equal(np.asarray(got), expected)


ARG_CASES = [
    ([3.0, 1.0, 3.0, 0.0], None),
    ([1.0, NAN, 2.0, NAN], None),
    ([[1.0, 5.0, 5.0], [NAN, 0.0, NAN], [-0.0, 0.0, -1.0]], 1),
    ([[1.0, 5.0, 5.0], [NAN, 0.0, NAN]], 0),
    ([[1, 5, 5], [7, 0, 7]], -1),
    ([True, False, True], None),
    ([[2, 2], [2, 2]], None),
    (4.0, None),
]


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize(("data", "axis"), ARG_CASES)
@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_argmax_argmin(device, name, data, axis, keepdims):
    n = np.asarray(data)
    n = n.astype(np.float32) if n.dtype == np.float64 else n
    x = xp.asarray(n, device=device)
    got = getattr(xp, name)(x, axis=axis, keepdims=keepdims)
    _check(got, getattr(np, name)(n, axis=axis, keepdims=keepdims), device, xp.int64)


@given(hnp.arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5),
                  elements=st.sampled_from([0.0, -0.0, 1.0, -2.0, NAN, np.inf])),
       st.data())  # fmt: skip
@settings(max_examples=25)
def test_argmax_argmin_random(n, data):
    axis = data.draw(st.none() | st.integers(-n.ndim, n.ndim - 1))
    x = xp.asarray(n)
    for name in ("argmax", "argmin"):
        np.testing.assert_array_equal(
            np.asarray(getattr(xp, name)(x, axis=axis)), getattr(np, name)(n, axis=axis)
        )


def test_arg_errors(device):
    x = xp.asarray([[1.0, 2.0]], device=device)
    for fn in (xp.argmax, xp.argmin):
        with pytest.raises(ValueError):
            fn(x, axis=2)
        with pytest.raises(ValueError):
            fn(xp.asarray([], device=device))
        with pytest.raises(ValueError):
            fn(xp.ones((0, 2), device=device), axis=0)
        with pytest.raises(TypeError):
            fn([1, 2])
        with pytest.raises(TypeError):
            fn(x, axis=1.0)
    assert int(xp.argmax(xp.ones((0, 2), device=device), axis=1).shape[0]) == 0


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", [None, 0, -1, (0, 1), ()])
@pytest.mark.parametrize("dtype", ["bool", "int32", "float32", "complex64"])
def test_count_nonzero(device, dtype, axis, keepdims):
    rng = np.random.default_rng(0)
    n = (rng.integers(0, 3, size=(3, 4)) * rng.integers(0, 2, size=(3, 4))).astype(dtype)
    if dtype == "complex64":
        n = n + 1j * rng.integers(0, 2, size=(3, 4))
        n = n.astype(np.complex64)
    if dtype == "float32":
        n[0, 0] = -0.0
        n[1, 1] = NAN
    got = xp.count_nonzero(xp.asarray(n, device=device), axis=axis, keepdims=keepdims)
    _check(got, np.count_nonzero(n, axis=axis, keepdims=keepdims), device, xp.int64)


def test_count_nonzero_empty_and_errors(device):
    _check(xp.count_nonzero(xp.ones((0, 3), device=device)), np.int64(0), device, xp.int64)
    with pytest.raises(ValueError):
        xp.count_nonzero(xp.ones((2,), device=device), axis=1)


@pytest.mark.parametrize("data", [
    [0, 1, 0, 2], [[0.0, -0.0, 1.0], [NAN, 0.0, 2.0]], [[True, False], [False, False]],
    [[[1, 0], [0, 1]], [[0, 0], [1, 1]]], [1 + 0j, 0j, 1j], [], [[0, 0]], [[3, 1, 2]],
])  # fmt: skip
def test_nonzero(device, data):
    n = np.asarray(data)
    if n.dtype == np.complex128:
        n = n.astype(np.complex64)
    elif n.dtype == np.float64:
        n = n.astype(np.float32)
    got = xp.nonzero(xp.asarray(n, device=device))
    expected = np.nonzero(n)
    assert type(got) is tuple and len(got) == len(expected)
    for g, e in zip(got, expected):
        _check(g, e, device, xp.int64)


@pytest.mark.parametrize("shape", [(0,), (1,), (9,), (300,), (4, 0), (3, 5), (2, 3, 4)])
@pytest.mark.parametrize("fill", ["random", "none", "all"])
def test_nonzero_on_the_device_route(device, positions_on_device, shape, fill):
    """As on a GPU: NumPy's indices, from one evaluation (the count, read with the
    positions' prefix sum), and neither the mask nor the positions go through the host."""
    rng = np.random.default_rng(len(shape) * 10 + shape[0])
    n = {"random": rng.random(shape) < 0.4, "none": np.zeros(shape, bool),
         "all": np.ones(shape, bool)}[fill]  # fmt: skip
    for data in (n, n.astype(np.int32) * 3 - 1):  # a mask, and non-zero values
        positions_on_device.clear()
        got = xp.nonzero(xp.asarray(data, device=device))
        assert positions_on_device == (["evaluate"] if data.size else [])
        expected = np.nonzero(data)
        assert len(got) == len(expected)
        for g, e in zip(got, expected):
            _check(g, e, device, xp.int64)


def test_nonzero_0d(device):
    with pytest.raises(ValueError):
        xp.nonzero(xp.asarray(1, device=device))


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize(("x1", "x2"), [
    ([1.0, 2.0, 2.0, 3.0], [0.0, 2.0, 2.5, 4.0, NAN]),
    ([1.0, 2.0, NAN], [[NAN, 2.0], [1.0, 7.0]]),
    ([-3, 0, 0, 5], [0, -5, 9]),
    ([], [1.0, 2.0]),
    ([1.0, 2.0], []),
    ([5], 5),
])  # fmt: skip
def test_searchsorted(device, x1, x2, side):
    n1 = np.asarray(x1, dtype=np.float32 if not x1 or isinstance(x1[0], float) else np.int64)
    n2 = np.asarray(x2, dtype=n1.dtype)
    got = xp.searchsorted(xp.asarray(n1, device=device), xp.asarray(n2, device=device), side=side)
    _check(got, np.searchsorted(n1, n2, side=side), device, xp.int64)


@pytest.mark.parametrize("side", ["left", "right"])
def test_searchsorted_sorter_and_scalars(device, side):
    n1 = np.asarray([3, 1, 2, 2, 0])
    sorter = np.argsort(n1, kind="stable")
    x1 = xp.asarray(n1, device=device)
    s = xp.asarray(sorter, device=device)
    for v in [2, -1, 5]:
        got = xp.searchsorted(x1, v, side=side, sorter=s)
        _check(got, np.searchsorted(n1, v, side=side, sorter=sorter), device, xp.int64)
    f = xp.asarray([0.5, 1.5], device=device)
    _check(xp.searchsorted(f, 1.0, side=side), np.searchsorted([0.5, 1.5], 1.0, side=side), device)
    # an int scalar with a float x1 and a float scalar with an int x1
    _check(xp.searchsorted(f, 1, side=side), np.searchsorted([0.5, 1.5], 1, side=side), device)
    got = xp.searchsorted(xp.asarray([1, 2, 3], device=device), 2.5, side=side)
    _check(got, np.searchsorted([1, 2, 3], 2.5, side=side), device)


def test_searchsorted_errors(device, other_device):
    x1 = xp.asarray([1, 2, 3], device=device)
    with pytest.raises(ValueError):
        xp.searchsorted(xp.ones((2, 2), device=device), x1)
    with pytest.raises(ValueError):
        xp.searchsorted(x1, x1, side="middle")
    with pytest.raises(IndexError):
        xp.searchsorted(x1, 2, sorter=xp.asarray([0, 1, 3], device=device))
    with pytest.raises(ValueError):
        xp.searchsorted(x1, 2, sorter=xp.asarray([0, 1], device=device))
    with pytest.raises(TypeError):
        xp.searchsorted(x1, 2, sorter=xp.asarray([0.0, 1.0, 2.0], device=device))
    with pytest.raises(TypeError):
        xp.searchsorted(x1, [2])
    with pytest.raises(ValueError):
        xp.searchsorted(x1, xp.asarray([1], device=other_device))


@pytest.mark.parametrize(("x1", "x2"), [
    ("f32", "f32"), ("i8", "i32"), ("f32", 2), ("f32", 1.5), (3, "i32"), (True, "b"),
    ("i32", 1.5), ("c64", 2.0), ("b", "b"), ("f64", "f32"), ("u8", "i8"), (2j, "f32"),
])  # fmt: skip
def test_where(device, x1, x2):
    rng = np.random.default_rng(0)
    kinds = {"f32": np.float32, "f64": np.float64, "i8": np.int8, "i32": np.int32,
             "c64": np.complex64, "b": np.bool_, "u8": np.uint8}  # fmt: skip
    if device.kind == "gpu":  # no float64 there
        kinds["f64"] = np.float32
    cond_n = rng.integers(0, 2, size=(3, 1)).astype(bool)
    cond = xp.asarray(cond_n, device=device)

    def operand(v, shape):
        if isinstance(v, str):
            n = rng.integers(-3, 3, size=shape).astype(kinds[v])
            return xp.asarray(n, device=device), n
        return v, v

    a1, n1 = operand(x1, (3, 4))
    a2, n2 = operand(x2, (4,))
    got = xp.where(cond, a1, a2)
    expected = np.where(cond_n, n1, n2)
    t1 = a1.dtype if not isinstance(a1, (bool, int, float, complex)) else None
    t2 = a2.dtype if not isinstance(a2, (bool, int, float, complex)) else None
    assert got.dtype is xp.result_type(*(t or v for t, v in ((t1, x1), (t2, x2))))
    assert got.device is device
    np.testing.assert_array_equal(np.asarray(got), expected.astype(got.dtype._np))


def test_where_errors(device, other_device):
    c = xp.asarray([True, False], device=device)
    x = xp.asarray([1.0, 2.0], device=device)
    with pytest.raises(TypeError):
        xp.where(xp.asarray([1, 0], device=device), x, x)
    with pytest.raises(TypeError):
        xp.where(c, 1.0, 2.0)
    with pytest.raises(TypeError):
        xp.where([True, False], x, x)
    with pytest.raises(ValueError):
        xp.where(c, x, xp.ones((3,), device=device))
    with pytest.raises(ValueError):
        xp.where(c, x, xp.asarray([1.0, 2.0], device=other_device))
    with pytest.raises(ValueError):
        xp.where(xp.asarray([True, False], device=other_device), x, 1.0)
