"""take / take_along_axis against NumPy, with bounds checks, on every device."""

from __future__ import annotations

import numpy as np
import pytest

import array_api_mlx as xp

INDEX_DTYPES = [xp.int8, xp.int32, xp.int64, xp.uint8, xp.uint64]


def _x(shape, device, dtype=xp.float32):
    data = np.arange(int(np.prod(shape)), dtype=dtype._np).reshape(shape)
    return xp.asarray(data, device=device), data


@pytest.mark.parametrize("idx_dtype", INDEX_DTYPES)
@pytest.mark.parametrize(("shape", "indices", "axis"), [
    ((5,), [0, 4, 2, 2], None), ((5,), [-1, -5, 0], 0), ((3, 4), [1, -1], 1),
    ((3, 4), [2, 0, 2], -2), ((3, 4), [], 1), ((0, 2), [], 0), ((2, 3, 2), [1], 1),
])  # fmt: skip
def test_take(device, shape, indices, axis, idx_dtype):
    x, n = _x(shape, device)
    if idx_dtype.kind == "u":  # unsigned: the same positions counted from the start
        indices = [i % n.shape[axis or 0] for i in indices]
    got = xp.take(x, xp.asarray(indices, dtype=idx_dtype, device=device), axis=axis)
    expected = np.take(n, np.asarray(indices, dtype=np.int64), axis=axis)
    assert got.device is device and got.dtype is x.dtype
    assert got.shape == expected.shape
    np.testing.assert_array_equal(np.asarray(got), expected)


@pytest.mark.parametrize(("shape", "indices", "axis"), [
    ((5,), [5], None), ((5,), [-6], None), ((3, 4), [0, 4], 1), ((3, 4), [3], 0),
    ((0,), [0], None),
])  # fmt: skip
def test_take_out_of_bounds(device, shape, indices, axis):
    x, _ = _x(shape, device)
    with pytest.raises(IndexError):
        xp.take(x, xp.asarray(indices, device=device), axis=axis)


def test_take_big_unsigned_index(device):
    x, _ = _x((5,), device)
    with pytest.raises(IndexError):
        xp.take(x, xp.asarray([2**64 - 1], dtype=xp.uint64, device=device))


def test_take_errors(device, other_device):
    x, _ = _x((3, 4), device)
    i = xp.asarray([0], device=device)
    with pytest.raises(ValueError):
        xp.take(x, i)  # axis required for 2-d
    with pytest.raises(ValueError):
        xp.take(xp.asarray(1.0, device=device), i)
    with pytest.raises(ValueError):
        xp.take(x, i, axis=2)
    with pytest.raises(ValueError):
        xp.take(x, xp.asarray([[0]], device=device), axis=0)
    with pytest.raises(TypeError):
        xp.take(x, xp.asarray([0.0], device=device), axis=0)
    with pytest.raises(TypeError):
        xp.take(x, [0], axis=0)
    with pytest.raises(TypeError):
        xp.take(np.ones(3), i)
    with pytest.raises(ValueError):
        xp.take(x, xp.asarray([0], device=other_device), axis=0)


@pytest.mark.parametrize("idx_dtype", [xp.int16, xp.int64, xp.uint32])
@pytest.mark.parametrize(("shape", "ishape", "axis"), [
    ((3, 4), (3, 2), 1), ((3, 4), (5, 4), 0), ((3, 4), (3, 4), -1), ((3, 4), (1, 6), 1),
    ((2, 3, 4), (2, 1, 4), 1), ((5,), (7,), 0), ((3, 4), (3, 0), 1), ((3, 1), (3, 5), 1),
])  # fmt: skip
def test_take_along_axis(device, shape, ishape, axis, idx_dtype):
    x, n = _x(shape, device)
    rng = np.random.default_rng(1)
    size = shape[axis]
    low = 0 if idx_dtype.kind == "u" else -size
    ind = rng.integers(low, size, size=ishape)
    got = xp.take_along_axis(x, xp.asarray(ind, dtype=idx_dtype, device=device), axis=axis)
    # NumPy's take_along_axis does not broadcast x: broadcast it first, as the spec allows.
    bshape = list(np.broadcast_shapes(
        tuple(s for i, s in enumerate(shape) if i != axis % len(shape)),
        tuple(s for i, s in enumerate(ishape) if i != axis % len(shape)),
    ))  # fmt: skip
    bshape.insert(axis % len(shape), size)
    expected = np.take_along_axis(np.broadcast_to(n, bshape), ind, axis=axis)
    assert got.device is device and got.dtype is x.dtype
    assert got.shape == expected.shape
    np.testing.assert_array_equal(np.asarray(got), expected)


def test_take_along_axis_errors(device, other_device):
    x, _ = _x((3, 4), device)
    with pytest.raises(IndexError):
        xp.take_along_axis(x, xp.asarray([[4]], device=device), axis=1)
    with pytest.raises(IndexError):
        xp.take_along_axis(x, xp.asarray([[-4]], device=device), axis=0)
    with pytest.raises(ValueError):
        xp.take_along_axis(x, xp.asarray([0], device=device), axis=1)
    with pytest.raises(ValueError):
        xp.take_along_axis(x, xp.asarray([[0]], device=device), axis=2)
    with pytest.raises(ValueError):
        xp.take_along_axis(x, xp.asarray([[0, 1]] * 2, device=device), axis=1)
    with pytest.raises(TypeError):
        xp.take_along_axis(x, xp.asarray([[True]], device=device), axis=1)
    with pytest.raises(ValueError):
        xp.take_along_axis(x, xp.asarray([[0]], device=other_device), axis=1)
