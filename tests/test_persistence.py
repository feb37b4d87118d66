"""Pickling and copying (design §10): arrays round-trip by value with their device, every
dtype, 0-d, empty, lazy and strided ones; devices and dtypes come back as the same
objects; an array saved on a device this machine lacks is refused with a clear error."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

import array_api_mlx as xp
from array_api_mlx import _array_object, _dtypes

PROTOCOLS = range(2, pickle.HIGHEST_PROTOCOL + 1)
SHAPES = [(), (0,), (2, 0, 3), (5,), (3, 4)]


def _dtypes_on(device):
    """Every dtype the device holds, the float16/bfloat16 extras included."""
    std = xp.__array_namespace_info__().dtypes(device=device).values()
    return [*std, xp.float16, xp.bfloat16]


def _reference(dtype, shape, seed=0):
    """NumPy data of ``dtype`` (bfloat16: float32 values exact in bfloat16), with the
    dtype's extremes, NaN, infinities and -0.0 where they exist."""
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    if dtype is xp.bool:
        return rng.integers(0, 2, n).astype(bool).reshape(shape)
    if dtype.kind in "iu":
        info = np.iinfo(dtype._np)
        a = rng.integers(info.min, info.max, n, dtype=dtype._np, endpoint=True)
        a[: min(n, 2)] = [info.min, info.max][: min(n, 2)]
        return a.reshape(shape)
    special = [np.nan, np.inf, -np.inf, -0.0]
    if dtype is xp.complex64:
        a = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(np.complex64)
        a[: min(n, 2)] = [complex(np.nan, 1.0), complex(-0.0, np.inf)][: min(n, 2)]
        return a.reshape(shape)
    a = rng.standard_normal(n).astype(np.float32 if dtype is xp.bfloat16 else dtype._np)
    a[: min(n, 4)] = special[: min(n, 4)]
    if dtype is xp.bfloat16:  # keep the 8 significant bits bfloat16 holds
        a = (a.view(np.uint32) & np.uint32(0xFFFF0000)).view(np.float32)
    return a.reshape(shape)


def _host(x) -> np.ndarray:
    """The values of ``x`` in NumPy (bfloat16 as float32, which holds them exactly)."""
    return np.asarray(xp.astype(x, xp.float32) if x.dtype is xp.bfloat16 else x)


def _assert_same(got, want_np, dtype, device):
    assert isinstance(got, xp.Array) and "View" not in type(got).__name__  # a new array
    assert got.dtype is dtype
    assert got.device is device
    h = _host(got)
    assert h.shape == want_np.shape
    np.testing.assert_array_equal(h, want_np)
    if h.dtype.kind == "f":  # the sign of zero survives too
        np.testing.assert_array_equal(np.signbit(h), np.signbit(want_np))


def _array(ref, dtype, device):
    if dtype is xp.bfloat16:
        return xp.astype(xp.asarray(ref, device=device), xp.bfloat16)
    return xp.asarray(ref, dtype=dtype, device=device)


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_pickle_every_dtype(device, shape):
    for dtype in _dtypes_on(device):
        ref = _reference(dtype, shape)
        x = _array(ref, dtype, device)
        for protocol in PROTOCOLS:
            _assert_same(pickle.loads(pickle.dumps(x, protocol=protocol)), ref, dtype, device)


@pytest.mark.parametrize("make", [copy.copy, copy.deepcopy], ids=["copy", "deepcopy"])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_copy_every_dtype(device, shape, make):
    for dtype in _dtypes_on(device):
        ref = _reference(dtype, shape)
        x = _array(ref, dtype, device)
        y = make(x)
        assert y is not x
        _assert_same(y, ref, dtype, device)


def test_pickle_lazy_and_strided(device):
    """A lazy result, a transposed and a strided selection pickle as the values they
    show (evaluated at pickling)."""
    a = np.arange(24, dtype=np.float32).reshape(4, 6)
    x = xp.asarray(a, device=device)
    cases = {
        "lazy": (xp.exp(x / 10.0) * 2.0 - 1.0, np.exp(a / 10.0) * 2.0 - 1.0),
        "transposed": (x.mT, a.T),
        "strided": (x[1:, ::2], a[1:, ::2]),
        "reversed": (xp.flip(x, axis=1), a[:, ::-1]),
    }
    for name, (lazy, want) in cases.items():
        got = pickle.loads(pickle.dumps(lazy))
        assert got.device is device, name
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-6, err_msg=name)


def test_pickle_protocol5_sends_data_out_of_band(device):
    a = np.arange(1000, dtype=np.float32)
    x = xp.asarray(a, device=device)
    buffers = []
    data = pickle.dumps(x, protocol=5, buffer_callback=buffers.append)
    assert len(buffers) == 1 and buffers[0].raw().nbytes == a.nbytes
    assert len(data) < 1000  # the pickle itself carries no data
    _assert_same(pickle.loads(data, buffers=buffers), a, xp.float32, device)


@pytest.mark.parametrize("make", [copy.copy, copy.deepcopy, lambda v: pickle.loads(
    pickle.dumps(v))], ids=["copy", "deepcopy", "pickle"])
def test_copies_are_independent(device, make):
    """Writing into the original (``__setitem__``, in-place operators) leaves the copy
    unchanged, and the other way round, as for NumPy's copies; lazy arrays too."""
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    for lazy in (False, True):
        x = xp.asarray(a, device=device)
        if lazy:
            x = x * 1.0
        y = make(x)
        y[1, :] = 9.0  # the copy first: the original must not see it
        y -= 1.0
        np.testing.assert_array_equal(np.asarray(x), a)
        x[0, 0] = -5.0
        x += 1.0
        want_y = a.copy()
        want_y[1, :] = 9.0
        np.testing.assert_array_equal(np.asarray(y), want_y - 1.0)
        want_x = a.copy()
        want_x[0, 0] = -5.0
        np.testing.assert_array_equal(np.asarray(x), want_x + 1.0)


def test_deepcopy_keeps_sharing_within_a_structure(device):
    x = xp.asarray([1.0, 2.0], device=device)
    out = copy.deepcopy({"a": x, "b": [x, xp.float32, device]})
    assert out["a"] is out["b"][0] and out["a"] is not x
    assert out["b"][1] is xp.float32 and out["b"][2] is device


def test_dtypes_survive_as_themselves():
    for dtype in _dtypes.ALL_DTYPES:
        for protocol in PROTOCOLS:
            assert pickle.loads(pickle.dumps(dtype, protocol=protocol)) is dtype
        assert copy.copy(dtype) is dtype and copy.deepcopy(dtype) is dtype
        assert pickle.loads(pickle.dumps(dtype)) == dtype


def test_devices_survive_as_themselves():
    for device in xp.__array_namespace_info__().devices():
        for protocol in PROTOCOLS:
            assert pickle.loads(pickle.dumps(device, protocol=protocol)) is device
        assert copy.copy(device) is device and copy.deepcopy(device) is device


class _Saved:
    """Pickles exactly as an array saved on ``Device(kind, index)`` does, whatever
    devices this machine has (what a GPU machine writes, loadable on a CPU-only one)."""

    def __init__(self, data, dtype_name, kind, index):
        self.args = (data, dtype_name, kind, index)

    def __reduce__(self):
        return _array_object._rebuild, self.args


def test_array_from_a_missing_device_is_refused():
    """A GPU array saved where MLX had a GPU, loaded where it has none (or GPU 8191,
    which no machine has; other tests make fake GPU devices of low indices): ValueError
    naming the device and the remedy, never an array placed on another device."""
    data = np.arange(3, dtype=np.float32)
    missing = [("gpu", 8191)] + ([("gpu", 0)] if not xp.gpu else [])
    for kind, index in missing:
        blob = pickle.dumps(_Saved(data, "float32", kind, index))
        with pytest.raises(ValueError, match=rf"Device\('{kind}', {index}\).*to_device"):
            pickle.loads(blob)
    if xp.gpu:  # where the GPU exists it comes back there
        got = pickle.loads(pickle.dumps(_Saved(data, "float32", "gpu", 0)))
        _assert_same(got, data, xp.float32, xp.gpu)


def test_device_from_a_missing_gpu_is_refused():
    blob = pickle.dumps(xp.cpu).replace(b"cpu", b"gpu")
    if not xp.gpu:
        with pytest.raises(ValueError, match="no GPU 0 is available"):
            pickle.loads(blob)
    else:
        assert pickle.loads(blob) is xp.gpu


def test_unknown_dtype_is_refused():
    blob = pickle.dumps(_Saved(np.zeros(2, np.float32), "float8", "cpu", 0))
    with pytest.raises(ValueError, match="float8"):
        pickle.loads(blob)


def test_float64_saved_on_cpu_loads_on_cpu():
    """float64 (CPU only) pickles like any dtype; its values are exact."""
    a = np.array([np.pi, 1e-300, -np.inf], dtype=np.float64)
    _assert_same(pickle.loads(pickle.dumps(xp.asarray(a))), a, xp.float64, xp.cpu)
