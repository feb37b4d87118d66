"""NumPy objects that scientific libraries hand to the namespace (found by running them):
NumPy scalars, negatively strided arrays, NumPy index arrays, 0-d arrays as linspace
bounds, and our dtypes where NumPy expects one."""

from __future__ import annotations

import numpy as np
import pytest

import array_api_mlx as xp


@pytest.mark.parametrize(
    "value, dtype",
    [
        (np.float64(1.5), xp.float64),  # np.float64 subclasses float: not a Python float
        (np.float32(1.5), xp.float32),
        (np.int32(3), xp.int32),
        (np.bool_(True), xp.bool),
    ],
)
def test_asarray_numpy_scalar_keeps_dtype(value, dtype):
    a = xp.asarray(value)
    assert a.dtype == dtype and a.device == xp.cpu
    assert float(a) == float(value)


def test_asarray_numpy_complex128_scalar():
    x = xp.asarray(np.complex128(1 + 2j), device=xp.cpu)
    assert x.dtype == xp.complex128 and x.shape == () and complex(x) == 1 + 2j


@pytest.mark.parametrize("index", [np.s_[::-1], np.s_[:, ::-2], np.s_[::-1, 1:]])
def test_asarray_negative_strides(index):
    base = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(np.asarray(xp.asarray(base[index])), base[index])


def test_linspace_zero_d_bounds():
    cpu = xp.cpu  # float64 exists on the CPU only
    got = xp.linspace(
        xp.asarray(-2.0, dtype=xp.float64, device=cpu), xp.asarray(1.0, device=cpu), 4
    )
    assert got.dtype == xp.float64
    np.testing.assert_array_equal(np.asarray(got), np.linspace(-2.0, 1.0, 4))
    assert got.device == cpu
    assert xp.linspace(xp.asarray(0.0), 1, 3).dtype == xp.float32
    with pytest.raises(TypeError):
        xp.linspace(xp.asarray([0.0, 1.0]), 1, 3)


def test_numpy_index_arrays():
    x = xp.arange(10, device=xp.cpu)
    np.testing.assert_array_equal(np.asarray(x[np.array([1, 3])]), [1, 3])
    np.testing.assert_array_equal(np.asarray(x[np.arange(10) % 2 == 0]), [0, 2, 4, 6, 8])
    x[np.array([0, 1])] = 5
    np.testing.assert_array_equal(np.asarray(x[:3]), [5, 5, 2])
    with pytest.raises(IndexError):
        x[np.array([10])]


@pytest.mark.parametrize("name", ["float32", "float64", "int64", "bool", "complex64"])
def test_numpy_reads_our_dtypes(name):
    assert np.dtype(getattr(xp, name)) == np.dtype(name)
    assert np.zeros(2).astype(getattr(xp, name)).dtype == np.dtype(name)


def test_numpy_has_no_bfloat16():
    with pytest.raises(TypeError):
        np.dtype(xp.bfloat16)
