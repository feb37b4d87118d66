"""Creation functions against NumPy, with device= and copy= rules (docs/design.md §5)."""

from __future__ import annotations

import mlx.core as mx
import numpy as np
import pytest

import array_api_mlx as xp


def _check(x, ref, device, dtype=None):
    assert isinstance(x, xp.Array)
    assert x.device == device
    if dtype is not None:
        assert x.dtype == dtype
    np.testing.assert_allclose(np.asarray(x), ref, rtol=1e-6)


def test_asarray_dtype_inference(device):
    with xp.default_device(device):
        assert xp.asarray(True).dtype == xp.bool
        assert xp.asarray(3).dtype == xp.int64
        assert xp.asarray(3.0).dtype == xp.float32
        assert xp.asarray(1j).dtype == xp.complex64
        assert xp.asarray([1, 2]).dtype == xp.int64
        assert xp.asarray([1, 2.5]).dtype == xp.float32
        assert xp.asarray([[True], [False]]).dtype == xp.bool
        assert xp.asarray([]).dtype == xp.float32


def test_asarray_keeps_numpy_dtypes():
    for dtype in ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                  "uint64", "float32", "float64", "complex64"]:  # fmt: skip
        a = np.arange(4).astype(dtype)
        x = xp.asarray(a)
        assert x.dtype.name == dtype
        assert x.device == xp.cpu
        np.testing.assert_array_equal(np.asarray(x), a)
    # float64 keeps float64 accuracy (MLX's own mx.asarray would give float32)
    v = np.array([1 / 3])
    assert np.asarray(xp.asarray(v))[0] == v[0]


def test_asarray_rejects_what_it_cannot_hold():
    assert xp.asarray(np.array([1 + 1j]), device=xp.cpu).dtype == xp.complex128  # NumPy's dtype
    assert xp.asarray(np.array([1 + 1j]), dtype=xp.complex64).dtype == xp.complex64
    with pytest.raises(OverflowError):
        xp.asarray(2**63)
    with pytest.raises(OverflowError):
        xp.asarray([1, 2**64])
    with pytest.raises(OverflowError):
        xp.asarray(300, dtype=xp.uint8)
    with pytest.raises(TypeError):
        xp.asarray("abc")
    with pytest.raises(TypeError):
        xp.asarray(object())
    with pytest.raises(TypeError, match="dtype"):
        xp.asarray([1], dtype="float32")


def test_asarray_copy_rules():
    x = xp.asarray([1.0, 2.0])
    assert xp.asarray(x) is x
    assert xp.asarray(x, copy=False) is x
    y = xp.asarray(x, copy=True)
    y[0] = 5.0
    assert float(x[0]) == 1.0
    with pytest.raises(ValueError, match="copy=False"):
        xp.asarray(x, dtype=xp.int32, copy=False)
    with pytest.raises(ValueError, match="copy=False"):
        xp.asarray(np.arange(3), copy=False)
    with pytest.raises(ValueError, match="copy=False"):
        xp.asarray([1, 2], copy=False)
    a = np.arange(3.0)
    z = xp.asarray(a)
    a[0] = 100.0
    assert float(z[0]) == 0.0  # NumPy data is copied on import


def test_asarray_buffer_and_sequences_of_arrays(device):
    x = xp.asarray(memoryview(b"\x01\x02"))
    assert x.dtype == xp.uint8 and x.device == xp.cpu
    parts = [xp.asarray(1.0, device=device), xp.asarray(2.0, device=device)]
    y = xp.asarray(parts)
    assert y.device == device
    np.testing.assert_array_equal(np.asarray(y), [1.0, 2.0])


def test_from_dlpack_placement_and_copy(other_device):
    a = np.arange(4, dtype=np.int16)
    x = xp.from_dlpack(a)
    assert x.device == xp.cpu and x.dtype == xp.int16
    assert xp.from_dlpack(a, device=other_device).device == other_device
    with pytest.raises(BufferError):
        xp.from_dlpack(a, copy=False)
    with pytest.raises(TypeError, match="__dlpack__"):
        xp.from_dlpack([1, 2])
    f = xp.from_dlpack(np.arange(3.0))
    assert f.dtype == xp.float64  # mx.from_dlpack would give float32


@pytest.mark.parametrize("fn,np_fn", [(xp.zeros, np.zeros), (xp.ones, np.ones), (xp.empty, None)])
def test_filled(fn, np_fn, device):
    x = fn((2, 3), device=device)
    assert x.shape == (2, 3) and x.dtype == xp.float32 and x.device == device
    if np_fn is not None:
        np.testing.assert_array_equal(np.asarray(x), np_fn((2, 3)))
    assert fn(4, dtype=xp.int8, device=device).dtype == xp.int8
    assert fn((), device=device).shape == ()
    assert fn((0, 3), device=device).shape == (0, 3)


def test_full_and_likes(device):
    _check(xp.full((2,), 7, device=device), [7, 7], device, xp.int64)
    _check(xp.full((2,), 1.5, device=device), [1.5, 1.5], device, xp.float32)
    _check(xp.full((2,), True, device=device), [True, True], device, xp.bool)
    x = xp.asarray([[1, 2]], dtype=xp.int16, device=device)
    for fn, val in ((xp.zeros_like, 0), (xp.ones_like, 1), (xp.empty_like, None)):
        y = fn(x)
        assert y.dtype == xp.int16 and y.device == device and y.shape == (1, 2)
        if val is not None:
            np.testing.assert_array_equal(np.asarray(y), [[val, val]])
    _check(xp.full_like(x, 9), [[9, 9]], device, xp.int16)
    _check(xp.full_like(x, 9, dtype=xp.float32), [[9, 9]], device, xp.float32)
    with pytest.raises(TypeError):
        xp.full_like(x, 1.5)
    with pytest.raises(OverflowError):
        xp.full((2,), 300, dtype=xp.int8)


def test_shape_validation():
    with pytest.raises(ValueError, match="negative"):
        xp.zeros((-1, 2))
    with pytest.raises(TypeError, match="shape"):
        xp.zeros((2.5,))
    with pytest.raises(ValueError, match="more elements"):
        xp.ones((2**62, 2**62))


@pytest.mark.parametrize(
    "args,kwargs",
    [((5,), {}), ((1, 7, 2), {}), ((10, 0, -3), {}), ((0.0, 1.0, 0.25), {}), ((5, 2), {}),
     ((3,), {"dtype": "uint8"}), ((-2.5, 2.5, 0.5), {"dtype": "float64"})],
)  # fmt: skip
def test_arange(args, kwargs, device):
    if kwargs.get("dtype") == "float64" and device.kind == "gpu":
        pytest.skip("no float64 on a GPU")
    kw = {"dtype": getattr(xp, kwargs["dtype"])} if "dtype" in kwargs else {}
    x = xp.arange(*args, device=device, **kw)
    ref = np.arange(*args, dtype=kwargs.get("dtype"))
    assert x.shape == ref.shape
    np.testing.assert_allclose(np.asarray(x), ref)
    assert x.device == device
    with pytest.raises(ValueError, match="step"):
        xp.arange(0, 5, 0)


def test_linspace(device):
    _check(xp.linspace(0, 1, 5, device=device), np.linspace(0, 1, 5), device, xp.float32)
    _check(xp.linspace(0, 1, 4, endpoint=False, device=device), np.linspace(0, 1, 4, endpoint=False), device)
    assert xp.linspace(0, 1j, 3, device=device).dtype == xp.complex64
    assert xp.linspace(0, 1, 0, device=device).shape == (0,)
    with pytest.raises(ValueError, match="finite"):
        xp.linspace(0, float("inf"), 3)
    with pytest.raises(TypeError, match="floating"):
        xp.linspace(0, 1, 3, dtype=xp.int32)


def test_eye_tril_triu_meshgrid(device):
    for args, k in (((3,), 0), ((3, 5), 1), ((4, 2), -1), ((0,), 0)):
        _check(xp.eye(*args, k=k, device=device), np.eye(*args, k=k), device, xp.float32)
    a = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4)
    x = xp.asarray(a, device=device)
    for k in (-1, 0, 2):
        _check(xp.tril(x, k=k), np.tril(a, k), device)
        _check(xp.triu(x, k=k), np.triu(a, k), device)
    u, v = xp.arange(3, device=device), xp.arange(2, device=device)
    for indexing in ("xy", "ij"):
        got = xp.meshgrid(u, v, indexing=indexing)
        ref = np.meshgrid(np.arange(3), np.arange(2), indexing=indexing)
        assert isinstance(got, tuple) and len(got) == 2
        for g, r in zip(got, ref):
            _check(g, r, device, xp.int64)
    with pytest.raises(ValueError, match="indexing"):
        xp.meshgrid(u, indexing="xx")


def test_raw_mx_array_uses_default_device(other_device):
    with xp.default_device(other_device):
        assert xp.asarray(mx.array([1.0])).device == other_device


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint64", "float32", "complex64"])
def test_filled_dtypes_are_exact(dtype, device):
    # mx.full ignores dtype= when the value's kind differs; ours must not
    d = getattr(xp, dtype)
    for x in (xp.zeros(2, dtype=d, device=device), xp.ones(2, dtype=d, device=device),
              xp.empty((), dtype=d, device=device), xp.full(2, 1, dtype=d, device=device),
              xp.zeros_like(xp.ones(2, dtype=d, device=device))):  # fmt: skip
        assert x.dtype == d


def test_uint64_values_above_int64(device):
    big = 2**64 - 1
    np.testing.assert_array_equal(np.asarray(xp.full(2, big, dtype=xp.uint64, device=device)), [big, big])
    assert int(xp.asarray(big, dtype=xp.uint64, device=device)) == big
    y = xp.ones(1, dtype=xp.uint64, device=device) + (big - 1)
    assert int(y[0]) == big


@pytest.mark.parametrize("dtype", ["int64", "uint64", "complex64", "float32", "bool"])
def test_eye_every_dtype(dtype, device):
    # MLX's GPU scatter (used by mx.eye) has no 64-bit integers or complex64
    x = xp.eye(3, 4, k=1, dtype=getattr(xp, dtype), device=device)
    assert x.dtype == getattr(xp, dtype) and x.device == device
    np.testing.assert_array_equal(np.asarray(x), np.eye(3, 4, k=1, dtype=dtype))
