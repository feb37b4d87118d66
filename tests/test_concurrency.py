"""Threads: scikit-learn and joblib call array functions from several threads at once.
The same computations from 8 threads give the serial results, with no crash or deadlock
(every wait is bounded), and the ``default_device`` context stays in its own thread. An
array can be used from any thread, whichever thread built it, lazy or not, and in process
pools, which pickle arguments in a feeder thread (design §10)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, wait

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


# --- arrays used from another thread than the one that built them (design §10) ----------
def _lazy(x):
    """A lazy copy of ``x``: an unevaluated MLX graph built in the calling thread."""
    return xp.where(xp.asarray(True, device=x.device), x, x)


def _numpy_tree(out):
    """Host copies of the arrays in a result (arrays, tuples, lists, named tuples)."""
    if isinstance(out, xp.Array):
        return np.asarray(out)
    if isinstance(out, (tuple, list)):
        return [_numpy_tree(o) for o in out]
    return out


def _assert_trees_equal(got, want, name):
    if isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), name
        for g, w in zip(got, want, strict=True):
            _assert_trees_equal(g, w, name)
    elif isinstance(want, np.ndarray):
        np.testing.assert_array_equal(got, want, err_msg=name)
    else:
        assert got == want, name


def _in_new_thread(fn, *args):
    """``fn(*args)`` run in a thread started for it (MLX gives each thread its own
    default streams), returning its result or raising its exception."""
    box = {}

    def run():
        try:
            box["out"] = fn(*args)
        except BaseException as e:  # noqa: BLE001 - re-raised in the caller
            box["err"] = e

    t = threading.Thread(target=run)
    t.start()
    t.join(TIMEOUT)
    assert not t.is_alive(), f"thread did not finish in {TIMEOUT} s"
    if "err" in box:
        raise box["err"]
    return box["out"]


def test_every_function_across_threads(device):
    """Each public function (the hostile catalogue's valid call): its array arguments
    are lazy graphs built in this thread, the call runs in a new thread, and its lazy
    result is evaluated back here; the values are those of the call made here alone."""
    from .hostile_catalogue import baseline

    for name, (fn, args, kwargs) in baseline(device).items():
        want = _numpy_tree(fn(*args, **kwargs))

        def lazy_args(args=args, kwargs=kwargs):
            def conv(v):
                if isinstance(v, xp.Array):
                    return _lazy(v)
                if isinstance(v, list) and v and isinstance(v[0], xp.Array):
                    return [_lazy(e) for e in v]
                return v

            return [conv(a) for a in args], {k: conv(v) for k, v in kwargs.items()}

        largs, lkwargs = lazy_args()
        got = _in_new_thread(lambda: fn(*largs, **lkwargs))  # noqa: B023 - run at once
        _assert_trees_equal(_numpy_tree(got), want, name)


def test_thread_pool_both_directions(device):
    """Arrays built lazily here and used in a pool's threads, and lazy arrays built in
    the threads and used here, with NumPy as the oracle."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((32, 8)).astype(np.float32)
    x = xp.exp(xp.asarray(a, device=device) * 0.5)  # lazy, built here
    want_x = np.exp(a * 0.5)

    def work(i):
        # uses x (built elsewhere) and returns lazy arrays built here
        col = x[:, i]
        return i, xp.sum(col * col), x[i, :] + float(i), xp.argsort(col)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(8)))
    for i, s, row, order in results:
        np.testing.assert_allclose(float(s), np.sum(want_x[:, i] ** 2), rtol=1e-5)
        np.testing.assert_allclose(np.asarray(row), want_x[i, :] + i, rtol=1e-6)
        np.testing.assert_array_equal(np.asarray(order), np.argsort(want_x[:, i], stable=True))


def test_threads_share_lazy_arrays(device):
    """Threads evaluating the same lazy arrays at once (MLX corrupts an unsynchronised
    stream then: a crash before the evaluation lock)."""
    base = xp.asarray(np.arange(4096, dtype=np.float32), device=device)
    for rnd in range(20):
        shared = xp.sin(base * float(rnd + 1)) * 2.0 + 1.0  # lazy, one per round
        want = np.sin(np.arange(4096, dtype=np.float32) * np.float32(rnd + 1)) * 2 + 1
        start = threading.Barrier(4, timeout=TIMEOUT)

        def read(k, shared=shared, start=start):
            start.wait()
            return [np.asarray(shared + float(j)) for j in range(5)] + [np.asarray(shared)]

        for results in _run_threads(read, [(k,) for k in range(4)]):
            for j, r in enumerate(results[:-1]):
                np.testing.assert_allclose(r, want + j, rtol=1e-5, atol=1e-5)
            np.testing.assert_allclose(results[-1], want, rtol=1e-5, atol=1e-5)


def test_joblib_threading_backend(device):
    joblib = pytest.importorskip("joblib")
    a = np.arange(60, dtype=np.float32).reshape(6, 10)
    x = xp.asarray(a, device=device) / 3.0  # lazy, built here

    def work(i):
        return xp.cumulative_sum(x[i, :] * x[i, :])  # lazy, built in a joblib thread

    out = joblib.Parallel(n_jobs=2, backend="threading")(
        joblib.delayed(work)(i) for i in range(6)
    )
    for i, r in enumerate(out):
        np.testing.assert_allclose(np.asarray(r), np.cumsum((a[i] / 3.0) ** 2), rtol=1e-5)


def test_sklearn_pairwise_distances_threads(device, monkeypatch):
    """scikit-learn splits the work over joblib's threads (``n_jobs=2``) and joins the
    lazy pieces in this thread."""
    pytest.importorskip("sklearn")
    monkeypatch.setenv("SCIPY_ARRAY_API", "1")  # scikit-learn checks it at dispatch
    from sklearn import config_context
    from sklearn.metrics import pairwise_distances

    rng = np.random.default_rng(1)
    a = rng.standard_normal((40, 5)).astype(np.float32)
    b = rng.standard_normal((30, 5)).astype(np.float32)
    x, y = xp.asarray(a, device=device), xp.asarray(b, device=device)
    with config_context(array_api_dispatch=True):
        for metric in ("euclidean", "manhattan"):
            got = pairwise_distances(x, y, metric=metric, n_jobs=2)
            assert isinstance(got, xp.Array) and got.device is device
            want = pairwise_distances(a, b, metric=metric)
            np.testing.assert_allclose(np.asarray(got), want, rtol=1e-4, atol=1e-4)


def _process_task(x, k):
    """Runs in a worker process: ``x`` arrived pickled."""
    return x.device, xp.sum(x * k)


def test_process_pool_with_lazy_arguments(device):
    """Lazy arrays as process-pool arguments: they are pickled in the pool's feeder
    thread, evaluated there, and arrive with their device; results come back the same
    way."""
    a = np.arange(12, dtype=np.float32)
    x = xp.asarray(a, device=device) * 2.0  # lazy, built here
    ctx = multiprocessing.get_context("spawn")  # MLX does not survive fork
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        futures = [pool.submit(_process_task, x + float(k), k) for k in range(3)]
        done, not_done = wait(futures, timeout=TIMEOUT)
        assert not not_done
        for k, f in enumerate(futures):
            dev, s = f.result()
            assert dev is device and s.device is device
            assert float(s) == pytest.approx(float(np.sum((a * 2 + k) * k)))


def test_threads_leave_no_mlx_threads_behind(device):
    """MLX starts a scheduler thread for each stream it evaluates on and never stops it:
    with MLX's per-thread default streams every thread that evaluated left one behind.
    The package's streams are shared, so evaluating from many short-lived threads adds
    no thread."""
    tasks = "/proc/self/task"
    if not os.path.isdir(tasks):
        pytest.skip("counting threads needs /proc (Linux)")
    x = xp.asarray(np.arange(8, dtype=np.float32), device=device)

    def work():
        return float(xp.sum(xp.exp(x) + 1.0))

    _in_new_thread(work)  # the package's stream may start its scheduler thread now
    before = len(os.listdir(tasks))
    for _ in range(50):
        _in_new_thread(work)
    # one per thread before (50 more); allow for a thread of another test ending late
    assert len(os.listdir(tasks)) <= before + 2


def test_copies_and_raw_arrays_work_in_other_threads(device):
    """Copies made here (``copy.copy``, ``asarray(copy=True)`` of our array and of a raw
    ``mx.array``) are evaluated in another thread; MLX's plain copy would bind them here."""
    import copy

    import mlx.core as mx

    x = xp.asarray([1.0, 2.0], device=device) * 2
    raw = mx.ones(2) + 1
    made = [copy.copy(x), copy.deepcopy(x), xp.asarray(x, copy=True), xp.asarray(raw, copy=True)]
    got = _in_new_thread(lambda: [np.asarray(m).tolist() for m in made])
    assert got == [[2.0, 4.0], [2.0, 4.0], [2.0, 4.0], [2.0, 2.0]]


def test_mlx_devices_are_accepted_as_device_arguments():
    import mlx.core as mx

    assert xp.asarray([1.0], device=mx.Device(mx.cpu, 0)).device is xp.cpu
