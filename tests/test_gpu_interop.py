"""DLPack exchange with PyTorch, CuPy and NumPy on an NVIDIA GPU (MLX's CUDA backend).

These need a CUDA GPU and PyTorch/CuPy with CUDA; elsewhere they are skipped with that
reason (the CPU-side DLPack rules are tested in test_array_object / test_creation).
"""

from __future__ import annotations

import ctypes

import mlx.core as mx
import numpy as np
import pytest

import array_api_mlx as xp
from array_api_mlx import _dlpack

pytestmark = pytest.mark.skipif(
    not _dlpack._CUDA_BACKEND, reason="needs MLX's CUDA backend and an NVIDIA GPU"
)


def _data_pointer(x) -> int:
    """The address of x's data, read from the DLPack capsule MLX makes."""
    cap = x._array.__dlpack__()
    name = _dlpack._get_name(cap)
    return ctypes.c_void_p.from_address(_dlpack._get_pointer(cap, name)).value


def test_dlpack_device_is_truthful():
    g = xp.asarray([1.0, 2.0], device=xp.gpu)
    c = xp.asarray([1.0, 2.0], device=xp.cpu)
    assert g.__dlpack_device__() == (2, 0)
    assert c.__dlpack_device__() == (1, 0)


def test_torch_roundtrip_zero_copy_export():
    torch = pytest.importorskip("torch")
    x = xp.asarray(np.arange(6, dtype=np.float32), device=xp.gpu) * 2
    t = torch.from_dlpack(x)
    assert t.device.type == "cuda"
    np.testing.assert_array_equal(t.cpu().numpy(), np.arange(6) * 2)
    assert t.data_ptr() == _data_pointer(x)  # no copy
    t[0] = 42.0  # the same memory: MLX sees the write
    torch.cuda.synchronize()
    assert float(x[0]) == 42.0
    y = xp.from_dlpack(t)
    assert y.device == xp.gpu
    np.testing.assert_array_equal(np.asarray(y), [42, 2, 4, 6, 8, 10])
    with pytest.raises(BufferError):
        xp.from_dlpack(t, copy=False)
    z = xp.from_dlpack(torch.arange(3, device="cuda"), device=xp.cpu)
    assert z.device == xp.cpu and z.dtype == xp.int64


def test_cupy_roundtrip():
    cupy = pytest.importorskip("cupy")
    x = xp.asarray(np.arange(4, dtype=np.int32), device=xp.gpu) + 1
    c = cupy.from_dlpack(x)
    np.testing.assert_array_equal(cupy.asnumpy(c), [1, 2, 3, 4])
    assert c.data.ptr == _data_pointer(x)
    y = xp.from_dlpack(cupy.arange(5, dtype=cupy.float32))
    assert y.device == xp.gpu
    np.testing.assert_array_equal(np.asarray(y), np.arange(5))


def test_host_export_for_numpy():
    x = xp.asarray([1.0, 2.0, 3.0], device=xp.gpu) + 1
    np.testing.assert_array_equal(np.from_dlpack(_Host(x)), [2, 3, 4])
    np.testing.assert_array_equal(np.asarray(x), [2, 3, 4])


class _Host:
    """A producer that asks our array for host data, as NumPy-style consumers do."""

    def __init__(self, x):
        self.x = x

    def __dlpack__(self, **kw):
        return self.x.__dlpack__(dl_device=(1, 0))

    def __dlpack_device__(self):
        return (1, 0)


def test_float32_matmul_is_not_tf32():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((512, 512)).astype(np.float32)
    b = rng.standard_normal((512, 512)).astype(np.float32)
    ref = a.astype(np.float64) @ b.astype(np.float64)
    got = np.asarray(xp.asarray(a, device=xp.gpu) @ xp.asarray(b, device=xp.gpu))
    assert np.abs(got - ref).max() / np.abs(ref).max() < 1e-5


def test_memory_limit_is_set_in_tests():
    assert mx.get_memory_limit() <= 16 * 2**30
