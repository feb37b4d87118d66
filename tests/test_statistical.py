"""Statistical functions against NumPy: values, accumulation dtypes, axes, keepdims, devices."""

from __future__ import annotations

import math

import numpy as np
import pytest

import array_api_mlx as xp


def float_dtypes(device):
    """The real floating dtypes the device supports (no float64 on the GPU)."""
    return [xp.float32] + ([xp.float64] if device.kind == "cpu" else [])


AXES = [None, 0, -1, (0, 2), (-1, 0, 1), ()]
SHAPE = (2, 3, 4)

# The accumulation dtype of sum/prod/cumulative_* (spec; the default integer is int64).
ACCUMULATION = {
    "bool": "int64", "int8": "int64", "int16": "int64", "int32": "int64", "int64": "int64",
    "uint8": "uint64", "uint16": "uint64", "uint32": "uint64", "uint64": "uint64",
    "float32": "float32", "float64": "float64", "complex64": "complex64",
}  # fmt: skip


def numeric_dtypes(device):
    return [
        xp.bool, xp.int8, xp.int16, xp.int32, xp.int64, xp.uint8, xp.uint32, xp.uint64,
        *float_dtypes(device), xp.complex64,
    ]  # fmt: skip


def sample(dtype, shape=SHAPE, seed=0, low=1, high=4):
    """Small values (a product of 24 of them fits every accumulation dtype)."""
    rng = np.random.default_rng(seed)
    if dtype is xp.bool:
        return rng.integers(0, 2, shape).astype(bool)
    if dtype.kind in "iu":
        signs = 1 if dtype.kind == "u" else rng.choice([-1, 1], shape)
        return (rng.integers(low, high, shape) * signs).astype(dtype.name)
    if dtype.kind == "c":
        return (rng.uniform(0.5, 1.5, shape) + 1j * rng.uniform(-0.5, 0.5, shape)).astype(
            np.complex64
        )
    return rng.uniform(0.5, 1.5, shape).astype(dtype.name)


def check(out, expected, device, dtype_name=None):
    assert out.device is device
    if dtype_name is not None:
        assert out.dtype.name == dtype_name
    got = np.asarray(out)
    assert got.shape == np.shape(expected)
    if np.issubdtype(got.dtype, np.inexact):
        tol = 1e-12 if got.dtype == np.float64 else 1e-5
        np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)
    else:
        np.testing.assert_array_equal(got, expected)


def np_axis(axis):
    return tuple(axis) if isinstance(axis, tuple) else axis


# --- sum / prod -------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["sum", "prod"])
@pytest.mark.parametrize("axis", AXES)
def test_sum_prod_match_numpy(device, name, axis):
    for dtype in numeric_dtypes(device):
        a = sample(dtype)
        x = xp.asarray(a, device=device)
        acc = ACCUMULATION[dtype.name]
        for keepdims in (False, True):
            out = getattr(xp, name)(x, axis=axis, keepdims=keepdims)
            exp = getattr(np, name)(a, axis=np_axis(axis), keepdims=keepdims, dtype=acc)
            check(out, exp, device, acc)


@pytest.mark.parametrize("name", ["sum", "prod"])
def test_sum_prod_dtype_argument(device, name):
    a = sample(xp.int32)
    x = xp.asarray(a, device=device)
    fn = getattr(xp, name)
    check(fn(x, dtype=xp.int16), getattr(np, name)(a, dtype=np.int16), device, "int16")
    check(fn(x, dtype=xp.float32), getattr(np, name)(a, dtype=np.float32), device, "float32")
    f = xp.asarray(sample(xp.float32), device=device)
    check(
        fn(f, dtype=xp.complex64, axis=1),
        getattr(np, name)(sample(xp.float32), axis=1, dtype=np.complex64),
        device,
        "complex64",
    )
    if device.kind == "cpu":
        out = fn(f, dtype=xp.float64)
        check(out, getattr(np, name)(sample(xp.float32).astype(np.float64)), device, "float64")
    else:
        with pytest.raises(ValueError, match="float64"):
            fn(f, dtype=xp.float64)
    c = xp.asarray(sample(xp.complex64), device=device)
    with pytest.raises(TypeError, match="imaginary"):
        fn(c, dtype=xp.float32)
    with pytest.raises(TypeError):
        fn(x, dtype=xp.bool)
    with pytest.raises(TypeError):
        fn(x, dtype="int64")


def test_sum_is_not_truncated_to_int32(device):
    # MLX would accumulate int8 in int32; the spec asks for the default integer (int64).
    x = xp.asarray(np.full(3, 2**31 - 1, dtype=np.int32), device=device)
    assert int(xp.sum(x)) == 3 * (2**31 - 1)
    u = xp.asarray(np.full(3, 2**32 - 1, dtype=np.uint32), device=device)
    out = xp.sum(u)
    assert out.dtype is xp.uint64 and int(out) == 3 * (2**32 - 1)


def test_sum_special_values(device):
    a = np.array([1.0, np.nan, 2.0], dtype=np.float32)
    assert math.isnan(float(xp.sum(xp.asarray(a, device=device))))
    assert float(xp.sum(xp.asarray(np.zeros(0, np.float32), device=device))) == 0.0
    assert float(xp.prod(xp.asarray(np.zeros(0, np.float32), device=device))) == 1.0
    z = xp.asarray(np.zeros((0, 3), np.int8), device=device)
    check(xp.sum(z, axis=0), np.zeros(3, np.int64), device, "int64")
    check(xp.prod(z, axis=1), np.ones(0, np.int64), device, "int64")


# --- max / min --------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["max", "min"])
@pytest.mark.parametrize("axis", AXES)
def test_max_min_match_numpy(device, name, axis):
    for dtype in [d for d in numeric_dtypes(device) if d is not xp.complex64]:
        a = sample(dtype, low=-5, high=6)
        x = xp.asarray(a, device=device)
        for keepdims in (False, True):
            out = getattr(xp, name)(x, axis=axis, keepdims=keepdims)
            exp = getattr(np, name)(a, axis=np_axis(axis), keepdims=keepdims)
            check(out, exp, device, dtype.name)


@pytest.mark.parametrize("name", ["max", "min"])
def test_max_min_empty_and_nan(device, name):
    fn = getattr(xp, name)
    z = xp.asarray(np.zeros((0, 3), np.float32), device=device)
    for axis in (None, 0, (0, 1), -2):
        with pytest.raises(ValueError, match="size 0"):
            fn(z, axis=axis)
    # Reducing over a non-empty axis of an empty array is fine, as is no axis at all.
    assert fn(z, axis=1).shape == (0,)
    assert fn(z, axis=()).shape == (0, 3)
    a = np.array([[1.0, np.nan], [3.0, 4.0]], dtype=np.float32)
    check(fn(xp.asarray(a, device=device), axis=1), getattr(np, name)(a, axis=1), device)
    c = xp.asarray(sample(xp.complex64), device=device)
    with pytest.raises(TypeError, match="real-valued"):
        fn(c)


# --- mean / var / std -------------------------------------------------------------------
@pytest.mark.parametrize("axis", AXES)
def test_mean_matches_numpy(device, axis):
    for dtype in [*float_dtypes(device), xp.complex64, xp.int32, xp.uint8]:
        a = sample(dtype)
        x = xp.asarray(a, device=device)
        expected_dtype = "float32" if dtype.kind in "iu" else dtype.name
        for keepdims in (False, True):
            out = xp.mean(x, axis=axis, keepdims=keepdims)
            exp = np.mean(a, axis=np_axis(axis), keepdims=keepdims, dtype=expected_dtype)
            check(out, exp, device, expected_dtype)


def test_mean_empty_is_nan(device):
    out = xp.mean(xp.asarray(np.zeros((0, 2), np.float32), device=device), axis=0)
    assert out.shape == (2,) and np.isnan(np.asarray(out)).all()
    c = xp.mean(xp.asarray(np.zeros(0, np.complex64), device=device))
    assert c.dtype is xp.complex64
    assert math.isnan(complex(c).real) and math.isnan(complex(c).imag)
    with pytest.raises(TypeError):
        xp.mean(xp.asarray([True, False], device=device))


@pytest.mark.parametrize("name", ["var", "std"])
@pytest.mark.parametrize("axis", [None, 0, -1, (0, 2), ()])
@pytest.mark.parametrize("correction", [0, 1, 0.5, 1.75])
def test_var_std_match_numpy(device, name, axis, correction):
    for dtype in float_dtypes(device):
        a = sample(dtype)
        x = xp.asarray(a, device=device)
        n = a.size if axis is None else math.prod(a.shape[i] for i in np.atleast_1d(axis))
        for keepdims in (False, True):
            out = getattr(xp, name)(x, axis=axis, correction=correction, keepdims=keepdims)
            if n - correction <= 0:
                assert np.isnan(np.asarray(out)).all()
                continue
            exp = getattr(np, name)(a, axis=np_axis(axis), ddof=correction, keepdims=keepdims)
            check(out, exp, device, dtype.name)


@pytest.mark.parametrize("name", ["var", "std"])
def test_var_std_float_correction_not_truncated(device, name):
    a = sample(xp.float32, shape=(5,))
    x = xp.asarray(a, device=device)
    fn = getattr(xp, name)
    # 1.5 must divide by 3.5, not by 4 (truncated) or 3 (rounded).
    check(fn(x, correction=1.5), getattr(np, name)(a, ddof=1.5), device, "float32")
    assert not np.isclose(float(fn(x, correction=1.5)), float(fn(x, correction=1)))


@pytest.mark.parametrize("name", ["var", "std"])
@pytest.mark.parametrize("correction", [3, 3.0, 4.5])
def test_var_std_degenerate_correction_is_nan(device, name, correction):
    # Spec: N - correction <= 0 gives NaN. (NumPy gives inf there when the data vary.)
    x = xp.asarray(np.array([[1.0, 2.0, 4.0], [1.0, 1.0, 1.0]], np.float32), device=device)
    for keepdims in (False, True):
        out = getattr(xp, name)(x, axis=1, correction=correction, keepdims=keepdims)
        assert out.shape == ((2, 1) if keepdims else (2,))
        assert np.isnan(np.asarray(out)).all()


@pytest.mark.parametrize("name", ["var", "std"])
def test_var_std_rejects(device, name):
    fn = getattr(xp, name)
    with pytest.raises(TypeError):
        fn(xp.asarray(sample(xp.complex64), device=device))
    with pytest.raises(TypeError):
        fn(xp.asarray([True], device=device))
    with pytest.raises(TypeError, match="correction"):
        fn(xp.asarray([1.0, 2.0], device=device), correction="1")
    # Integer input gives the default real floating dtype.
    out = fn(xp.asarray(np.array([1, 2, 4], np.int32), device=device))
    check(out, getattr(np, name)(np.array([1.0, 2.0, 4.0])), device, "float32")


# --- cumulative -------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["cumulative_sum", "cumulative_prod"])
@pytest.mark.parametrize("axis", [0, 1, -1])
@pytest.mark.parametrize("include_initial", [False, True])
def test_cumulative_match_numpy(device, name, axis, include_initial):
    for dtype in numeric_dtypes(device):
        a = sample(dtype)
        x = xp.asarray(a, device=device)
        acc = ACCUMULATION[dtype.name]
        out = getattr(xp, name)(x, axis=axis, include_initial=include_initial)
        exp = getattr(np, name)(a, axis=axis, include_initial=include_initial, dtype=acc)
        check(out, exp, device, acc)


@pytest.mark.parametrize("name", ["cumulative_sum", "cumulative_prod"])
def test_cumulative_axis_rules_and_dtype(device, name):
    fn = getattr(xp, name)
    a = np.array([3, 1, 2], np.uint8)
    x = xp.asarray(a, device=device)
    # 1-d: axis optional.
    check(fn(x), getattr(np, name)(a, dtype=np.uint64), device, "uint64")
    check(fn(x, dtype=xp.int16), getattr(np, name)(a, dtype=np.int16), device, "int16")
    check(
        fn(x, include_initial=True, dtype=xp.float32),
        getattr(np, name)(a, include_initial=True, dtype=np.float32),
        device,
        "float32",
    )
    x2 = xp.asarray(sample(xp.float32), device=device)
    with pytest.raises(ValueError, match="axis is required"):
        fn(x2)
    with pytest.raises(ValueError, match="out of bounds"):
        fn(x2, axis=3)
    with pytest.raises(ValueError, match="at least one dimension"):
        fn(xp.asarray(1.0, device=device))
    empty = xp.asarray(np.zeros((0, 2), np.float32), device=device)
    check(
        fn(empty, axis=0, include_initial=True),
        getattr(np, name)(np.zeros((0, 2), np.float32), axis=0, include_initial=True),
        device,
        "float32",
    )


# --- shared rules -----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["sum", "prod", "max", "min", "mean", "std", "var"])
def test_axis_validation(device, name):
    fn = getattr(xp, name)
    x = xp.asarray(sample(xp.float32), device=device)
    with pytest.raises(ValueError, match="out of bounds"):
        fn(x, axis=3)
    with pytest.raises(ValueError, match="out of bounds"):
        fn(x, axis=(0, -4))
    with pytest.raises(ValueError, match="repeated"):
        fn(x, axis=(1, -2))
    with pytest.raises(TypeError):
        fn(x, axis=1.0)
    with pytest.raises(TypeError):
        fn(x, axis=True)
    with pytest.raises(TypeError):
        fn(np.ones(3, np.float32))
    # NumPy integers are valid axes; 0-d input reduces over no axes.
    assert fn(x, axis=np.int64(1)).shape == (2, 4)
    assert fn(xp.asarray(2.0, device=device)).shape == ()


@pytest.mark.parametrize(
    "name", ["sum", "prod", "max", "min", "mean", "std", "var", "cumulative_sum", "cumulative_prod"]
)
def test_result_on_input_device(other_device, name):
    x = xp.asarray(np.arange(1, 7, dtype=np.float32).reshape(2, 3), device=other_device)
    kwargs = {"axis": 1} if name.startswith("cumulative") else {}
    out = getattr(xp, name)(x, **kwargs)
    assert out.device is other_device
    ref = getattr(xp, name)(xp.asarray(np.asarray(x), device=xp.cpu), **kwargs)
    np.testing.assert_allclose(np.asarray(out), np.asarray(ref))


@pytest.mark.parametrize("shape", [(0,), (0, 2), (3, 0, 2)])
def test_empty_reductions_give_identity(device, shape):
    # MLX's full reductions of size-0 arrays read uninitialised memory (sum gave 6.5e-33,
    # prod 0); the identity must come back every time.
    for dtype in (xp.float32, xp.int8, xp.uint8, xp.bool, xp.complex64):
        a = np.zeros(shape, dtype=dtype._np)
        x = xp.asarray(a, device=device)
        acc = ACCUMULATION[dtype.name]
        for axis in (None, 0, tuple(range(len(shape)))):
            for keepdims in (False, True):
                kw = {"axis": axis, "keepdims": keepdims}
                np_kw = {"axis": axis, "keepdims": keepdims, "dtype": acc}
                check(xp.sum(x, **kw), np.sum(a, **np_kw), device, acc)
                check(xp.prod(x, **kw), np.prod(a, **np_kw), device, acc)
                np.testing.assert_array_equal(np.asarray(xp.all(x, **kw)), np.all(a, **kw))
                np.testing.assert_array_equal(np.asarray(xp.any(x, **kw)), np.any(a, **kw))
                if dtype.kind in "fc":
                    m = xp.mean(x, **kw)
                    assert m.shape == np.sum(a, **kw).shape and np.isnan(np.asarray(m)).all()


@pytest.mark.parametrize(
    "shape, axis",
    [((2**20 + 7,), None), ((3, 5000), 1), ((5000, 3), 0), ((4, 3001, 5), 1),
     ((40, 3, 53), (0, 2)), ((2000, 2, 5), (0, 1))],
)  # fmt: skip
def test_float32_sums_are_accurate(device, shape, axis):
    # MLX adds sequentially into one accumulator (0.1 summed 2**20 times is off by 1%);
    # sum, mean, var and std must stay within a few float32 ulps of the exact result.
    a = np.full(shape, 0.1, np.float32)
    a.reshape(-1)[::3] = 0.7
    x = xp.asarray(a, device=device)
    exact = a.astype(np.float64)
    for name, ref in (
        ("sum", exact.sum(axis=axis)),
        ("mean", exact.mean(axis=axis)),
        ("var", exact.var(axis=axis)),
        ("std", exact.std(axis=axis)),
    ):
        got = np.asarray(getattr(xp, name)(x, axis=axis)).astype(np.float64)
        np.testing.assert_allclose(got, ref, rtol=2e-6, atol=1e-7, err_msg=name)
    ones = xp.ones(2**24 + 6, device=device)
    assert float(xp.sum(ones)) == 2**24 + 6
    assert float(xp.mean(ones)) == 1.0
