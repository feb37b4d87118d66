"""all, any, diff against NumPy: dtypes, axes, keepdims, prepend/append, devices."""

from __future__ import annotations

import numpy as np
import pytest

import array_api_mlx as xp

AXES = [None, 0, -1, (0, 2), ()]


def dtypes(device):
    return [
        xp.bool, xp.int8, xp.int64, xp.uint8, xp.uint64, xp.float32, xp.complex64,
        *([xp.float64] if device.kind == "cpu" else []),
    ]  # fmt: skip


def sample(dtype, shape=(2, 3, 4), seed=0):
    """Values with zeros in them, so that all/any differ along axes."""
    rng = np.random.default_rng(seed)
    v = rng.integers(-3, 4, shape) * rng.integers(0, 2, shape)
    if dtype is xp.bool:
        return v != 0
    if dtype.kind == "u":
        v = np.abs(v)
    if dtype.kind == "c":
        return (v + 1j * rng.integers(0, 2, shape) * v).astype(np.complex64)
    return v.astype(dtype.name)


@pytest.mark.parametrize("name", ["all", "any"])
@pytest.mark.parametrize("axis", AXES)
def test_all_any_match_numpy(device, name, axis):
    for dtype in dtypes(device):
        a = sample(dtype)
        x = xp.asarray(a, device=device)
        np_axis = tuple(axis) if isinstance(axis, tuple) else axis
        for keepdims in (False, True):
            out = getattr(xp, name)(x, axis=axis, keepdims=keepdims)
            assert out.device is device and out.dtype is xp.bool
            exp = getattr(np, name)(a, axis=np_axis, keepdims=keepdims)
            np.testing.assert_array_equal(np.asarray(out), exp)


@pytest.mark.parametrize("name", ["all", "any"])
def test_all_any_special_values(device, name):
    fn = getattr(xp, name)
    nan = xp.asarray(np.array([np.nan, 1.0], np.float32), device=device)
    assert bool(fn(nan)) is True  # NaN is non-zero
    empty = xp.asarray(np.zeros((0, 2), np.float32), device=device)
    assert bool(fn(empty)) is (name == "all")
    np.testing.assert_array_equal(np.asarray(fn(empty, axis=0)), [name == "all"] * 2)
    assert fn(xp.asarray(0.0, device=device)).shape == ()
    with pytest.raises(ValueError, match="out of bounds"):
        fn(empty, axis=2)
    with pytest.raises(ValueError, match="repeated"):
        fn(empty, axis=(0, 0))
    with pytest.raises(TypeError):
        fn([True, False])


@pytest.mark.parametrize("axis", [0, 1, -1, -3])
@pytest.mark.parametrize("n", [0, 1, 2, 3, 5])
def test_diff_matches_numpy(device, axis, n):
    for dtype in dtypes(device):
        a = sample(dtype)
        x = xp.asarray(a, device=device)
        out = xp.diff(x, axis=axis, n=n)
        exp = np.diff(a, axis=axis, n=n)
        assert out.device is device and out.dtype.name == exp.dtype.name
        np.testing.assert_array_equal(np.asarray(out), exp)


@pytest.mark.parametrize("axis", [0, -1])
def test_diff_prepend_append(device, axis):
    for dtype in dtypes(device):
        a = sample(dtype, shape=(3, 4))
        pre_shape = (2, 4) if axis == 0 else (3, 1)
        app_shape = (1, 4) if axis == 0 else (3, 3)
        pre = sample(dtype, shape=pre_shape, seed=2)
        app = sample(dtype, shape=app_shape, seed=3)
        x, p, q = (xp.asarray(v, device=device) for v in (a, pre, app))
        for n in (1, 2):
            for kw, npkw in (
                ({"prepend": p}, {"prepend": pre}),
                ({"append": q}, {"append": app}),
                ({"prepend": p, "append": q}, {"prepend": pre, "append": app}),
            ):
                out = xp.diff(x, axis=axis, n=n, **kw)
                exp = np.diff(a, axis=axis, n=n, **npkw)
                np.testing.assert_array_equal(np.asarray(out), exp)


def test_diff_prepend_promotes(device):
    x = xp.asarray(np.array([1, 4, 9], np.int8), device=device)
    p = xp.asarray(np.array([0], np.int32), device=device)
    out = xp.diff(x, prepend=p)
    assert out.dtype is xp.int32
    np.testing.assert_array_equal(np.asarray(out), [1, 3, 5])


def test_diff_errors(device, other_device):
    x = xp.asarray(np.arange(6, dtype=np.float32).reshape(2, 3), device=device)
    with pytest.raises(ValueError, match="out of bounds"):
        xp.diff(x, axis=2)
    with pytest.raises(ValueError, match="non-negative"):
        xp.diff(x, n=-1)
    with pytest.raises(TypeError):
        xp.diff(x, n=1.0)
    with pytest.raises(TypeError):
        xp.diff(x, axis=None)
    with pytest.raises(ValueError, match="at least one dimension"):
        xp.diff(xp.asarray(1.0, device=device))
    with pytest.raises(ValueError, match="shape"):
        xp.diff(x, axis=1, append=xp.asarray(np.zeros((3, 1), np.float32), device=device))
    with pytest.raises(ValueError, match="shape"):
        xp.diff(x, prepend=xp.asarray(np.zeros(3, np.float32), device=device))
    with pytest.raises(TypeError):
        xp.diff(x, append=np.zeros((2, 1), np.float32))
    if other_device is not device:
        y = xp.asarray(np.zeros((2, 1), np.float32), device=other_device)
        with pytest.raises(ValueError, match="different devices"):
            xp.diff(x, append=y)


@pytest.mark.parametrize("name", ["all", "any", "diff"])
def test_result_on_input_device(other_device, name):
    a = np.array([[1.0, 0.0, 3.0], [2.0, 2.0, 5.0]], np.float32)
    x = xp.asarray(a, device=other_device)
    out = getattr(xp, name)(x)
    assert out.device is other_device
    np.testing.assert_array_equal(np.asarray(out), getattr(np, name)(a))
