"""Where MLX work runs (``_routing``: one table, op x dtype x device -> stream or host) and
the MLX <-> NumPy adapter (``_host``).

MLX's GPU streams are values that can be built without a GPU: the decisions for GPU arrays
are tested on them directly, and the call sites through ``route`` answering as if their CPU
arrays were on a GPU (a GPU stream passed to MLX on a machine without one raises, so a call
site that ignored the table's answer would fail).
"""

from __future__ import annotations

import math
import sys
import threading

import mlx.core as mx
import numpy as np
import pytest

import array_api_mlx as xp
from array_api_mlx import _creation, _elementwise, _indexing, _linalg_functions, _routing, linalg
from array_api_mlx._devices import Device
from array_api_mlx._host import from_numpy, to_numpy

LINUX = sys.platform.startswith("linux")
GPU_STREAM = mx.Device(mx.gpu, 0)  # a value: building it needs no GPU
CPU_STREAM = xp.cpu._mx
HOST, CPU, route = _routing.HOST, _routing.CPU, _routing.route


# --- the decisions ------------------------------------------------------------------------
@pytest.mark.parametrize("op", ["qr", "svd", "inv", "eigh", "eigvalsh", "solve", "cholesky"])
def test_lapack_routes(op):
    # MLX's LAPACK exists only on the CPU; on Linux NumPy's LAPACK on the host is used for
    # non-empty input (faster there), everywhere for complex64 (MLX's LAPACK has none).
    assert route(op, mx.float32, GPU_STREAM, 9) is (HOST if LINUX else CPU)
    assert route(op, mx.float32, GPU_STREAM, 0) is CPU
    assert route(op, mx.complex64, GPU_STREAM, 0) is HOST
    assert route(op, mx.float64, CPU_STREAM, 9) is (HOST if LINUX else CPU_STREAM)
    assert route(op, mx.float64, CPU_STREAM, 0) is CPU_STREAM
    assert route(op, mx.complex64, CPU_STREAM, 9) is HOST


@pytest.mark.parametrize("op", ["eig", "eigvals", "lu_factor"])
def test_mlx_only_lapack_routes(op):
    for d in (mx.float32, mx.complex64):
        assert route(op, d, GPU_STREAM) is CPU
        assert route(op, d, CPU_STREAM) is CPU_STREAM


@pytest.mark.parametrize(
    "op", ["arcsinh", "arccosh", "arctanh", "arcsin", "arccos", "tanh", "sqrt"]
)
def test_complex64_gpu_gaps_route_to_cpu(op):
    assert route(op, mx.complex64, GPU_STREAM) is CPU
    assert route(op, mx.float32, GPU_STREAM) is GPU_STREAM
    assert route(op, mx.complex64, CPU_STREAM) is CPU_STREAM


def test_scatter_routes():
    for d in (mx.int64, mx.uint64, mx.complex64):
        assert route("scatter", d, GPU_STREAM) is CPU
        assert route("scatter", d, CPU_STREAM) is CPU_STREAM
    for d in (mx.int32, mx.float32, mx.bool_):
        assert route("scatter", d, GPU_STREAM) is GPU_STREAM


@pytest.mark.parametrize("op", ["exp", "sin", "cos", "logaddexp"])
def test_float64_inaccurate_functions_route_to_host(op):
    assert route(op, mx.float64, CPU_STREAM) is HOST
    assert route(op, mx.float32, CPU_STREAM) is CPU_STREAM
    assert route(op, mx.float32, GPU_STREAM) is GPU_STREAM


def test_matmul_routes():
    # NumPy's BLAS for large CPU products on Linux (MLX's CPU matmul there is untuned).
    assert route("matmul", mx.float32, CPU_STREAM, 2**18) is (HOST if LINUX else CPU_STREAM)
    assert route("matmul", mx.float64, CPU_STREAM, 2**18 - 1) is CPU_STREAM
    assert route("matmul", mx.float32, GPU_STREAM, 2**30) is GPU_STREAM
    assert route("matmul", mx.float16, CPU_STREAM, 2**30) is CPU_STREAM


def test_unlisted_ops_stay_on_their_stream():
    for op in ("add", "sum", "fft"):
        assert route(op, mx.float32, GPU_STREAM) is GPU_STREAM
        assert route(op, mx.complex64, CPU_STREAM) is CPU_STREAM


def test_table_names_real_ops():
    # A misspelt op would silently never be routed.
    for ops, dtypes, types, where, least in _routing.TABLE:
        assert dtypes and all(isinstance(d, mx.Dtype) for d in dtypes)
        assert where is HOST or where is CPU
        assert least >= 0 and set(types) <= {mx.cpu, mx.gpu}
        for op in ops:
            assert op in ("scatter", "matmul", "nonzero") or hasattr(mx, op) or hasattr(mx.linalg, op), op
    # Every elementwise function the table sends to the host has its NumPy function.
    host_elementwise = {
        op
        for ops, _, _, where, _ in _routing.TABLE
        if where is HOST
        for op in ops
        if hasattr(mx, op) and op != "matmul"
    }
    assert host_elementwise == set(_elementwise.F64_VIA_NUMPY)


# --- the call sites read the table --------------------------------------------------------
@pytest.fixture
def as_if_on_gpu(monkeypatch):
    """``install(module)`` makes ``module``'s routing answer as if its CPU arrays were on
    a GPU (or always ``answer``), and records every answer. MLX refuses a GPU stream here,
    so an answer of the GPU stream shows that the call site passes the answer on."""
    if xp.gpu:
        pytest.skip("MLX has a GPU here: the real GPU runs cover these call sites")
    answers = []

    def install(module, answer=None):
        def fake(op, dtype, stream, work=math.inf):
            where = route(op, dtype, GPU_STREAM, work) if answer is None else answer
            answers.append((op, dtype, where))
            return where

        monkeypatch.setattr(module, "route", fake)
        return answers

    return install


def test_complex64_asinh_takes_the_cpu_route(as_if_on_gpu):
    answers = as_if_on_gpu(_elementwise)
    z = np.array([0.5 + 2j, -3 - 0.25j], np.complex64)
    got = to_numpy(xp.asinh(xp.asarray(z))._array)
    np.testing.assert_allclose(got, np.arcsinh(z), rtol=1e-5)
    assert answers == [("arcsinh", mx.complex64, CPU)]
    as_if_on_gpu(_elementwise, answer=GPU_STREAM)
    with pytest.raises(ValueError, match="gpu"):  # the answer is what MLX is given
        xp.asinh(xp.asarray(z))


def test_linalg_on_gpu_arrays_takes_the_cpu_route(as_if_on_gpu):
    answers = as_if_on_gpu(linalg)
    a = np.array([[2.0, 1.0], [0.5, 3.0]], np.float32)
    w = to_numpy(xp.linalg.eigvals(xp.asarray(a))._array)
    np.testing.assert_allclose(np.sort_complex(w), np.sort_complex(np.linalg.eigvals(a)), rtol=1e-5)
    assert answers == [("eigvals", mx.float32, CPU)]
    as_if_on_gpu(linalg, answer=GPU_STREAM)
    with pytest.raises(ValueError, match="gpu"):  # the answer is what MLX is given
        xp.linalg.eigvals(xp.asarray(a))


def test_linalg_host_route(as_if_on_gpu, monkeypatch):
    answers = as_if_on_gpu(linalg)
    calls = []
    on_host = linalg._on_host
    monkeypatch.setattr(linalg, "_on_host", lambda *a, **k: calls.append(1) or on_host(*a, **k))
    h = np.array([[2.0, 1.0], [1.0, 3.0]], np.float32)
    w = xp.linalg.eigvalsh(xp.asarray(h))
    np.testing.assert_allclose(to_numpy(w._array), np.linalg.eigvalsh(h), rtol=1e-5)
    assert answers == [("eigvalsh", mx.float32, HOST if LINUX else CPU)]
    assert len(calls) == (1 if LINUX else 0)


def test_gpu_scatter_routes_are_asked(as_if_on_gpu):
    answers = as_if_on_gpu(_indexing)
    x = xp.zeros(4, dtype=xp.int64)
    x[xp.asarray([1, 3])] = 7
    np.testing.assert_array_equal(to_numpy(x._array), [0, 7, 0, 7])
    assert answers == [("scatter", mx.int64, CPU)]
    answers = as_if_on_gpu(_creation)
    np.testing.assert_array_equal(to_numpy(xp.eye(3, dtype=xp.uint64)._array), np.eye(3))
    assert answers[-1] == ("scatter", mx.uint64, CPU)


def test_float64_exp_takes_the_host_route(monkeypatch):
    converted = []
    monkeypatch.setattr(
        _elementwise, "to_numpy", lambda a: converted.append(a.dtype) or to_numpy(a)
    )
    x = np.array([0.5, 100.0, -3.0])
    got = xp.exp(xp.asarray(x, device=xp.cpu))
    assert got.dtype is xp.float64
    np.testing.assert_array_equal(to_numpy(got._array), np.exp(x))
    assert converted == [mx.float64]
    xp.exp(xp.asarray(x, dtype=xp.float32, device=xp.cpu))
    assert converted == [mx.float64]  # float32 stays with MLX


@pytest.mark.parametrize("n", [8, 128])
def test_large_cpu_matmul_takes_the_host_route(n, monkeypatch):
    calls = []
    host = _linalg_functions.host_matmul
    monkeypatch.setattr(
        _linalg_functions, "host_matmul", lambda a, b: calls.append(1) or host(a, b)
    )
    a = np.random.default_rng(0).standard_normal((n, n)).astype(np.float32)
    got = xp.asarray(a, device=xp.cpu) @ xp.asarray(a.T, device=xp.cpu)
    np.testing.assert_allclose(to_numpy(got._array), a @ a.T, rtol=1e-4, atol=1e-4)
    assert len(calls) == (1 if LINUX and n**3 >= 2**18 else 0)


# --- fftfreq / rfftfreq place their work on the requested device ----------------------------
@pytest.fixture
def elsewhere():
    """A device to request while MLX's default stream cannot run anything here (a stream
    made in another thread: MLX refuses it at evaluation). Work placed on the requested
    device runs; work left on MLX's default fails."""
    default = mx.default_device()
    others = [d for d in xp.__array_namespace_info__().devices() if d._mx != default]
    original = mx.default_stream(default)
    if others:
        target = others[0]
    else:  # MLX has only the CPU: a device on the CPU's original stream
        target = Device._make("cpu", 77, original)
    made = []
    worker = threading.Thread(target=lambda: made.append(mx.new_stream(default)))
    worker.start()
    worker.join()
    mx.set_default_stream(made[0])
    try:
        yield target
    finally:
        mx.set_default_stream(original)
        Device._interned.pop(("cpu", 77), None)


def test_fftfreq_computes_on_the_requested_device(elsewhere):
    for n, d in ((8, 0.5), (7, 2.0)):
        f = xp.fft.fftfreq(n, d=d, device=elsewhere)
        rf = xp.fft.rfftfreq(n, d=d, device=elsewhere)
        assert f.device is elsewhere and rf.device is elsewhere
        mx.eval(f._array, rf._array)  # raises if any part ran on MLX's default stream
        np.testing.assert_allclose(to_numpy(f._array), np.fft.fftfreq(n, d), rtol=1e-6)
        np.testing.assert_allclose(to_numpy(rf._array), np.fft.rfftfreq(n, d), rtol=1e-6)


def test_the_poisoned_default_stream_fails():
    # The check above can fail: the same operations on MLX's default stream do.
    made = []
    default = mx.default_device()
    original = mx.default_stream(default)
    worker = threading.Thread(target=lambda: made.append(mx.new_stream(default)))
    worker.start()
    worker.join()
    mx.set_default_stream(made[0])
    try:
        k = mx.arange(4)
        with pytest.raises(RuntimeError, match="no Stream"):
            mx.eval(k < 2)
    finally:
        mx.set_default_stream(original)


# --- the MLX <-> NumPy adapter --------------------------------------------------------------
def test_to_numpy_empty(device):
    a = xp.zeros((0, 3), dtype=xp.int64, device=device)._array
    n = to_numpy(a)
    assert n.shape == (0, 3) and n.dtype == np.int64


def test_to_numpy_bfloat16_via_float32(device):
    a = mx.array([1.5, -2.0, 3.0], dtype=mx.bfloat16)
    n = to_numpy(a)
    assert n.dtype == np.float32
    np.testing.assert_array_equal(n, [1.5, -2.0, 3.0])


@pytest.mark.parametrize(("mx_dtype", "np_dtype"), [(mx.int64, np.int64), (mx.uint64, np.uint64)])
def test_to_numpy_64_bit_integers_are_numpys_own(mx_dtype, np_dtype):
    # NumPy's type number, not C long long's: C code checking it (SciPy's ndimage) accepts it.
    n = to_numpy(mx.array([1, 2, 3], dtype=mx_dtype))
    assert n.dtype.num == np.dtype(np_dtype).num
    np.testing.assert_array_equal(n, [1, 2, 3])


def test_from_numpy_keeps_float64_and_handles_negative_strides():
    n = np.arange(6, dtype=np.float64)[::-2]
    a = from_numpy(n)
    assert a.dtype == mx.float64  # mx.array alone would give float32
    np.testing.assert_array_equal(to_numpy(a), n)
    assert from_numpy(np.float32(2.5)).dtype == mx.float32
    b = from_numpy(np.array([1.25, -3.0]), mx.bfloat16)
    assert b.dtype == mx.bfloat16
    np.testing.assert_array_equal(to_numpy(b), [1.25, -3.0])


def test_numpy_index_array_with_negative_strides(device):
    x = xp.asarray(np.arange(10, 20), device=device)
    idx = np.array([1, 4, 6, 9])[::-1]
    np.testing.assert_array_equal(np.asarray(x[idx]), np.arange(10, 20)[idx])
