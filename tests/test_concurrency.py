"""Threads: scikit-learn and joblib call array functions from several threads at once.
The same computations from 8 threads give the serial results, with no crash or deadlock
(every wait is bounded), and the ``default_device`` context stays in its own thread."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor, wait

import numpy as np
import pytest

import array_api_mlx as xp
from array_api_mlx import _devices

THREADS = 8
TIMEOUT = 120  # seconds for all threads together: a deadlock fails instead of hanging


def _workload(device, seed):
    """A mix of lazy and evaluating operations (creation, elementwise, reductions,
    sorting, sets, boolean indexing, linalg), returned as NumPy arrays."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((16, 12)).astype(np.float32)
    x = xp.asarray(a, device=device)
    out = {}
    y = xp.exp(xp.sin(x) * 2.0) + xp.sqrt(xp.abs(x))
    out["elementwise"] = y
    out["sum"] = xp.sum(y, axis=0)
    out["mean"] = xp.mean(x, axis=1)
    out["sort"] = xp.sort(x, axis=1)
    out["argsort"] = xp.argsort(x, axis=0)
    out["mask"] = x[x > 0.5]
    out["unique"] = xp.unique_values(xp.round(x))
    out["nonzero"] = xp.nonzero(x > 1.0)[0]
    out["matmul"] = x @ xp.matrix_transpose(x)
    out["take"] = xp.take(x, xp.asarray([0, 3, 5], device=device), axis=1)
    out["cumsum"] = xp.cumulative_sum(x, axis=1)
    z = xp.zeros((4, 4), device=device)
    z[1:3, 2] = 7.0
    out["setitem"] = z
    return {k: np.asarray(v) for k, v in out.items()}


def _run_threads(fn, args_list):
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(fn, *args) for args in args_list]
        done, not_done = wait(futures, timeout=TIMEOUT)
        assert not not_done, f"{len(not_done)} threads did not finish in {TIMEOUT} s"
        return [f.result() for f in futures]


def test_threads_match_serial(device):
    seeds = list(range(THREADS * 3))
    serial = [_workload(device, s) for s in seeds]
    threaded = _run_threads(_workload, [(device, s) for s in seeds])
    for s, want, got in zip(seeds, serial, threaded, strict=True):
        for key in want:
            np.testing.assert_array_equal(got[key], want[key], err_msg=f"seed {s}: {key}")


def test_threads_share_one_array(device):
    """Many threads reading and computing on the same array (a fitted model's
    coefficients, say) all see the same values."""
    x = xp.reshape(xp.arange(10_000, dtype=xp.float32, device=device), (100, 100))
    want = np.asarray(xp.sum(x * x, axis=1))

    def read(_):
        return [np.asarray(xp.sum(x * x, axis=1)) for _ in range(20)]

    for results in _run_threads(read, [(i,) for i in range(THREADS)]):
        for r in results:
            np.testing.assert_array_equal(r, want)


def test_threads_errors_stay_in_their_thread(device):
    """A thread whose call raises does not disturb the others."""
    x = xp.asarray([1.0, 2.0, 3.0], device=device)

    def work(i):
        if i % 2:
            with pytest.raises(IndexError):
                x[xp.asarray([5], device=device)]
            return None
        return np.asarray(xp.cumulative_sum(x))

    for i, r in enumerate(_run_threads(work, [(i,) for i in range(THREADS * 4)])):
        if i % 2 == 0:
            np.testing.assert_array_equal(r, [1.0, 3.0, 6.0])


def test_default_device_context_is_per_thread(device, other_device):
    """``with xp.default_device(d)`` in one thread does not change the default device
    another thread sees; each thread's arrays land on its own context's device."""
    base = _devices.get_default_device()
    inside = threading.Barrier(THREADS, timeout=TIMEOUT)

    def work(i):
        d = other_device if i % 2 else device
        seen_before = xp.asarray(1.0).device
        with xp.default_device(d):
            inside.wait()  # all threads are inside their contexts at once
            got = [xp.zeros(3).device, xp.asarray([1, 2]).device, xp.arange(3).device]
            inside.wait()
        return d, seen_before, got, xp.ones(2).device

    for d, before, got, after in _run_threads(work, [(i,) for i in range(THREADS)]):
        assert before is base
        assert all(g is d for g in got), (d, got)
        assert after is base
    assert _devices.get_default_device() is base


def test_default_device_context_not_inherited_by_new_threads(other_device):
    """A thread started inside a ``default_device`` block sees the process default."""
    base = _devices.get_default_device()
    with xp.default_device(other_device):
        assert xp.zeros(1).device is other_device
        (seen,) = _run_threads(lambda: xp.zeros(1).device, [()])
    assert seen is base


def test_set_default_device_is_process_wide(other_device):
    base = _devices.get_default_device()
    try:
        xp.set_default_device(other_device)
        seen = _run_threads(lambda: xp.zeros(1).device, [() for _ in range(THREADS)])
        assert all(s is other_device for s in seen)
    finally:
        xp.set_default_device(base)
    assert xp.zeros(1).device is base


def test_threads_with_mixed_devices(device, other_device):
    """Threads computing on two devices at once keep every result on its device."""

    def work(i):
        d = other_device if i % 2 else device
        x = xp.asarray(np.arange(12.0, dtype=np.float32).reshape(3, 4), device=d)
        r = xp.sum(xp.sort(x * 2.0, axis=1), axis=0)
        return d, r.device, np.asarray(r)

    for d, rd, r in _run_threads(work, [(i,) for i in range(THREADS * 2)]):
        assert rd is d
        np.testing.assert_array_equal(r, [24.0, 30.0, 36.0, 42.0])
