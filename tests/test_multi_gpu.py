"""Two GPUs: placement, defaults, mixing, moves, DLPack and memory per card.

These run where MLX sees at least two GPUs (the CUDA build on a machine with several
NVIDIA cards) and are skipped elsewhere with that reason; the rules they check are the
single-GPU ones (docs/design.md §2), here with ``Device('gpu', 1)`` as a device of its own.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import mlx.core as mx
import numpy as np
import pytest

import array_api_mlx as xp
from array_api_mlx import _devices, _dlpack

ROOT = Path(__file__).resolve().parents[1]
GPUS = _devices.GPUS
MLX_GPUS = mx.device_count(mx.gpu) if mx.is_available(mx.gpu) else 0
two_gpus = pytest.mark.skipif(
    len(GPUS) < 2,
    reason=f"needs two GPUs usable through MLX; {len(GPUS)} here ({MLX_GPUS} seen by MLX, "
    "whose CUDA backend runs every GPU stream on GPU 0 in 0.32: see docs/devices.md)",
)


@pytest.mark.skipif(
    MLX_GPUS < 2 or mx.metal.is_available(), reason="needs two CUDA GPUs seen by MLX"
)
def test_second_cuda_gpu_is_refused_with_the_reason():
    """MLX 0.32's CUDA backend makes every GPU stream on GPU 0: an array claiming to be on
    GPU 1 would compute and allocate on the first card, so the namespace offers GPU 0 only
    and says why (x.device must tell the truth)."""
    assert [d for d in xp.__array_namespace_info__().devices() if d.kind == "gpu"] == [xp.gpu]
    for make in (lambda: xp.Device("gpu", 1), lambda: xp.zeros(2, device=mx.Device(mx.gpu, 1))):
        with pytest.raises(ValueError, match="CUDA_VISIBLE_DEVICES"):
            make()
MiB = 2**20


@pytest.fixture
def g0():
    return GPUS[0]


@pytest.fixture
def g1():
    return GPUS[1]


def _data_pointer(x) -> int:
    """The address of x's data, read from the DLPack capsule MLX makes."""
    cap = x._array.__dlpack__()
    name = _dlpack._get_name(cap)
    return ctypes.c_void_p.from_address(_dlpack._get_pointer(cap, name)).value


# --- the expected-failure rule of the integration tests, on any GPU --------------------------
def test_upstream_rule_holds_for_every_gpu():
    """The integration tests' rule for upstream failures matches the messages of any GPU's
    index, and never a CPU test's failure."""
    from tests.integration.conftest import gpu_upstream_reason

    class Fake:  # a device of the given kind; only the kind is read
        def __init__(self, kind):
            self.kind = kind

    gpu, cpu = Fake("gpu"), Fake("cpu")
    for i in (0, 1, 7):
        for text in (
            f"assert Device('cpu', 0) == Device('gpu', {i})",
            f"float64 is not supported on Device('gpu', {i}); use dtype=xp.float32",
            f"arrays are on different devices, Device('cpu', 0) and Device('gpu', {i})",
        ):
            assert gpu_upstream_reason(gpu, text) is not None, text
            assert gpu_upstream_reason(cpu, text) is None, text
    assert gpu_upstream_reason(gpu, "assert Device('gpu', 0) == Device('gpu', 1)") is None
    assert gpu_upstream_reason(gpu, "Mismatched elements: 3 / 8") is None


# --- devices and placement ---------------------------------------------------------------------
@two_gpus
def test_every_gpu_is_a_device(g0, g1):
    info = xp.__array_namespace_info__()
    assert list(info.devices()) == [xp.cpu, *GPUS]
    assert g1 is xp.Device("gpu", 1) and g1 is not g0 and g0 is xp.gpu
    assert repr(g1) == "Device('gpu', 1)"
    assert xp.Device("gpu", 1) == g1 and hash(g1) == hash(xp.Device("gpu", 1))
    assert "float64" not in info.dtypes(device=g1)
    assert "float32" in info.dtypes(device=g1)
    with pytest.raises(ValueError, match=r"float64 is not supported on Device\('gpu', 1\)"):
        xp.zeros(2, dtype=xp.float64, device=g1)
    with pytest.raises(ValueError, match="no GPU 99"):
        xp.Device("gpu", 99)


_CREATORS = {
    "asarray list": lambda d: xp.asarray([[1.0, 2.0], [3.0, 4.0]], device=d),
    "asarray numpy": lambda d: xp.asarray(np.arange(6, dtype=np.float32), device=d),
    "from_dlpack numpy": lambda d: xp.from_dlpack(np.arange(6, dtype=np.int32), device=d),
    "zeros": lambda d: xp.zeros((2, 3), device=d),
    "ones": lambda d: xp.ones(4, dtype=xp.int16, device=d),
    "full": lambda d: xp.full((3,), 2.5, device=d),
    "empty": lambda d: xp.empty((2,), device=d),
    "arange": lambda d: xp.arange(5, device=d),
    "linspace": lambda d: xp.linspace(0.0, 1.0, 5, device=d),
    "eye": lambda d: xp.eye(3, device=d),
    "zeros_like cpu input": lambda d: xp.zeros_like(xp.ones(2, device=xp.cpu), device=d),
}


@two_gpus
@pytest.mark.parametrize("name", list(_CREATORS))
def test_device_argument_places_on_gpu1(name, g1):
    x = _CREATORS[name](g1)
    assert x.device is g1
    ref = np.asarray(_CREATORS[name](xp.cpu))
    if name != "empty":
        np.testing.assert_array_equal(np.asarray(x), ref)
    y = x * 2 + 1  # computed on gpu:1, and stays there
    assert y.device is g1
    if name != "empty":
        np.testing.assert_array_equal(np.asarray(y), ref * 2 + 1)


@two_gpus
def test_functions_keep_gpu1(g1):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((4, 5)).astype(np.float32)
    x = xp.asarray(a, device=g1)
    cases = {
        "sum": (xp.sum(x, axis=0), a.sum(axis=0)),
        "sort": (xp.sort(x, axis=1), np.sort(a, axis=1)),
        "argmax": (xp.argmax(x, axis=1), a.argmax(axis=1)),
        "cumulative_sum": (xp.cumulative_sum(x, axis=1), np.cumsum(a, axis=1)),
        "matmul": (x @ xp.matrix_transpose(x), a @ a.T),
        "where": (xp.where(x > 0, x, 0.0), np.where(a > 0, a, 0)),
        "take": (xp.take(x, xp.asarray([3, 0], device=g1), axis=0), a[[3, 0]]),
        "mask": (x[x > 0], a[a > 0]),
        "concat": (xp.concat([x, x]), np.concatenate([a, a])),
        "unique_values": (xp.unique_values(xp.round(x)), np.unique(np.round(a))),
    }
    for name, (got, want) in cases.items():
        assert got.device is g1, name
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5, atol=1e-5, err_msg=name)


# --- the default device ------------------------------------------------------------------------
@two_gpus
def test_default_device_context_and_process_default(g0, g1):
    info = xp.__array_namespace_info__()
    before = info.default_device()
    with xp.default_device(g1):
        assert info.default_device() is g1
        made = [xp.zeros(3), xp.asarray([1, 2]), xp.arange(3), xp.asarray(mx.array([1.0]))]
        assert all(m.device is g1 for m in made)
        with xp.default_device(g0):
            assert xp.ones(2).device is g0
        assert xp.ones(2).device is g1
    assert info.default_device() is before
    try:
        xp.set_default_device(g1)
        assert xp.ones(2).device is g1 and info.default_device() is g1
        with xp.default_device(g0):
            assert xp.ones(2).device is g0
        seen = []
        t = threading.Thread(target=lambda: seen.append(xp.zeros(1).device))
        t.start()
        t.join()
        assert seen == [g1]  # the process-wide default holds in every thread
    finally:
        xp.set_default_device(before)


@two_gpus
def test_default_device_is_per_thread(g0, g1):
    """Threads inside ``with xp.default_device(...)`` for different GPUs at the same time
    each get their own GPU, and compute there."""
    barrier = threading.Barrier(4, timeout=60)
    results, errors = {}, []

    def work(i):
        d = (g0, g1)[i % 2]
        try:
            with xp.default_device(d):
                barrier.wait()
                x = xp.arange(1000, dtype=xp.float32) * (i + 1)
                results[i] = (d, x.device, float(xp.sum(x)))
                barrier.wait()
        except Exception as e:  # reported below, with the thread
            errors.append((i, e))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for i, (d, got, total) in results.items():
        assert got is d
        assert total == 499500.0 * (i + 1)


# --- mixing GPUs ---------------------------------------------------------------------------------
@two_gpus
def test_mixing_gpus_names_both(g0, g1):
    a = xp.asarray([1.0, 2.0], device=g0)
    b = xp.asarray([1.0, 2.0], device=g1)
    pattern = r"Device\('gpu', 0\) and Device\('gpu', 1\).*to_device"
    calls = {
        "operator": lambda: a + b,
        "function": lambda: xp.add(a, b),
        "reflected": lambda: b * a,
        "where": lambda: xp.where(a > 0, a, b),
        "concat": lambda: xp.concat([a, b]),
        "matmul": lambda: xp.matmul(a, b),
        "index array": lambda: a[xp.asarray([0], device=g1)],
        "setitem": lambda: a.__setitem__(0, b[0]),
    }
    for name, call in calls.items():
        with pytest.raises(ValueError, match=r"Device\('gpu', [01]\)") as e:
            call()
        msg = str(e.value)
        assert "Device('gpu', 0)" in msg and "Device('gpu', 1)" in msg, (name, msg)
    with pytest.raises(ValueError, match=pattern):
        a + b


# --- moving between GPUs -------------------------------------------------------------------------
@two_gpus
def test_to_device_both_ways(g0, g1):
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    x = xp.asarray(a, device=g0)
    y = x.to_device(g1)
    assert y.device is g1 and y.to_device(g1) is y
    np.testing.assert_array_equal(np.asarray(y), a)
    z = y * 2 + 1  # lazy on gpu:1, then read on gpu:0 in the same evaluation
    back = z.to_device(g0) - 1
    assert z.device is g1 and back.device is g0
    np.testing.assert_array_equal(np.asarray(back), a * 2)
    c = back.to_device(xp.cpu)
    assert c.device is xp.cpu
    np.testing.assert_array_equal(np.asarray(c + 0), a * 2)
    h = xp.asarray(a, device=xp.cpu, dtype=xp.float64).to_device(xp.cpu)
    with pytest.raises(ValueError, match=r"float64 is not supported on Device\('gpu', 1\)"):
        h.to_device(g1)


_CROSS_READ = """
import mlx.core as mx, numpy as np, array_api_mlx as xp
from array_api_mlx import _devices
mx.set_memory_limit(4 * 2**30)
g0, g1 = _devices.GPUS[:2]
for src, dst in ((g0, g1), (g1, g0)):
    x = xp.linspace(0.0, 1.0, 1 << 20, device=src) * 3.0   # a result computed on src
    xp.eval(x)                                              # ... and finished there
    y = x.to_device(dst) + 1.0                              # read by the other GPU
    assert y.device is dst
    np.testing.assert_allclose(np.asarray(y), np.linspace(0, 1, 1 << 20) * 3 + 1, rtol=1e-6)
    z = xp.max(x.to_device(dst) * 2)
    assert float(z) == 6.0, float(z)
print("ok")
"""


@two_gpus
def test_evaluated_result_is_read_by_the_other_gpu():
    """An array computed and evaluated on one GPU, then moved with ``to_device``, is read
    correctly by kernels of the other GPU. In a child process: a kernel reading memory its
    GPU cannot reach leaves a CUDA error that would break every later test here."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CROSS_READ)],
        capture_output=True, text=True, timeout=300, env=env, check=False,
    )  # fmt: skip
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-3000:]


# --- DLPack ----------------------------------------------------------------------------------------
@two_gpus
def test_dlpack_device_names_the_gpu(g0, g1):
    assert xp.ones(2, device=g0).__dlpack_device__() == (2, 0)
    assert xp.ones(2, device=g1).__dlpack_device__() == (2, 1)
    assert xp.ones(2, device=g1).to_device(g0).__dlpack_device__() == (2, 0)
    assert xp.ones(2, device=xp.cpu).__dlpack_device__() == (1, 0)


@two_gpus
def test_torch_cuda1_exchange(g0, g1):
    torch = pytest.importorskip("torch")
    if torch.cuda.device_count() < 2:
        pytest.skip("PyTorch sees fewer than two CUDA devices")
    x = xp.asarray(np.arange(6, dtype=np.float32), device=g1) * 2
    t = torch.from_dlpack(x)
    assert t.device == torch.device("cuda", 1)
    np.testing.assert_array_equal(t.cpu().numpy(), np.arange(6) * 2)
    assert t.data_ptr() == _data_pointer(x)  # no copy
    t[0] = 42.0  # the same memory: MLX sees the write
    torch.cuda.synchronize(1)
    assert float(x[0]) == 42.0
    y = xp.from_dlpack(torch.arange(5.0, device="cuda:1") * 3)
    assert y.device is g1
    np.testing.assert_array_equal(np.asarray(y), np.arange(5) * 3)
    np.testing.assert_array_equal(np.asarray(y + 1), np.arange(5) * 3 + 1)
    z = xp.from_dlpack(torch.arange(3, device="cuda:0"))
    assert z.device is g0 and z.dtype == xp.int64
    w = xp.from_dlpack(torch.arange(3.0, device="cuda:1"), device=g0)
    assert w.device is g0
    np.testing.assert_array_equal(np.asarray(w * 2), [0.0, 2.0, 4.0])


@two_gpus
def test_cupy_device1_exchange(g1):
    cupy = pytest.importorskip("cupy")
    if cupy.cuda.runtime.getDeviceCount() < 2:
        pytest.skip("CuPy sees fewer than two CUDA devices")
    x = xp.asarray(np.arange(4, dtype=np.int32), device=g1) + 1
    with cupy.cuda.Device(1):
        c = cupy.from_dlpack(x)
        assert c.device.id == 1
        np.testing.assert_array_equal(cupy.asnumpy(c), [1, 2, 3, 4])
        assert c.data.ptr == _data_pointer(x)  # no copy
        src = cupy.arange(5, dtype=cupy.float32) * 2
    y = xp.from_dlpack(src)
    assert y.device is g1
    np.testing.assert_array_equal(np.asarray(y - 1), np.arange(5) * 2 - 1)


# --- linalg and fft --------------------------------------------------------------------------------
@two_gpus
def test_linalg_and_fft_keep_gpu1(g1):
    rng = np.random.default_rng(1)
    a = rng.standard_normal((5, 5)).astype(np.float32)
    spd = (a @ a.T + 5 * np.eye(5)).astype(np.float32)
    b = rng.standard_normal((5, 2)).astype(np.float32)
    A, S, B = (xp.asarray(v, device=g1) for v in (a, spd, b))
    checks = {
        "inv": (xp.linalg.inv(A), np.linalg.inv(a)),
        "solve": (xp.linalg.solve(A, B), np.linalg.solve(a, b)),
        "det": (xp.linalg.det(A), np.linalg.det(a)),
        "cholesky": (xp.linalg.cholesky(S), np.linalg.cholesky(spd)),
        "eigvalsh": (xp.linalg.eigvalsh(S), np.linalg.eigvalsh(spd)),
        "svdvals": (xp.linalg.svdvals(A), np.linalg.svd(a, compute_uv=False)),
        "matrix_norm": (xp.linalg.matrix_norm(A), np.linalg.norm(a)),
        "vector_norm": (xp.linalg.vector_norm(A, axis=1), np.linalg.norm(a, axis=1)),
        "fft": (xp.fft.fft(A), np.fft.fft(a)),
        "rfft": (xp.fft.rfft(A, axis=0), np.fft.rfft(a, axis=0)),
        "ifftn": (xp.fft.ifftn(A), np.fft.ifftn(a)),
        "irfft": (xp.fft.irfft(xp.fft.rfft(A)), np.fft.irfft(np.fft.rfft(a))),
        "fftfreq": (xp.fft.fftfreq(6, device=g1), np.fft.fftfreq(6)),
    }
    for name, (got, want) in checks.items():
        assert got.device is g1, name
        np.testing.assert_allclose(np.asarray(got), want, rtol=2e-4, atol=2e-4, err_msg=name)
    q, r = xp.linalg.qr(A)
    u, s, vt = xp.linalg.svd(A)
    w, v = xp.linalg.eigh(S)
    for name, got in {"Q": q, "R": r, "U": u, "S": s, "Vt": vt, "w": w, "V": v}.items():
        assert got.device is g1, name
    np.testing.assert_allclose(np.asarray(q @ r), a, atol=1e-4)
    np.testing.assert_allclose(np.asarray((u * s) @ vt), a, atol=1e-4)
    np.testing.assert_allclose(np.asarray((v * w) @ xp.matrix_transpose(v)), spd, atol=1e-3)


# --- memory per card -------------------------------------------------------------------------------
@two_gpus
def test_results_are_allocated_on_their_gpu(g0, g1):
    """MLX allocates what a GPU computes from that GPU's CUDA memory pool: arrays computed
    on gpu:1 take gpu:1's memory and none of gpu:0's (read per process from the driver)."""
    from bench.multi_gpu import pools_settled

    size = 256 * MiB
    for d, other in ((g1, g0), (g0, g1)):
        mx.clear_cache()  # no cached buffer of the other GPU may be reused
        before = pools_settled()
        x = xp.full((size // 4,), 1.5, dtype=xp.float32, device=d)
        y = x * 2
        xp.eval(x, y)
        after = pools_settled()
        grew = [a - b for a, b in zip(after, before)]
        where = f"{2 * size} bytes computed on {d!r}; taken from each GPU's pool: {grew}"
        assert grew[d.index] >= 2 * size, where
        assert grew[other.index] < size // 4, where
        assert float(y[-1]) == 3.0
        del x, y
    mx.clear_cache()
