"""Memory: long loops of small operations and of large allocations keep resident memory
and MLX's active memory bounded, and no reference cycle keeps an array alive (an Array is
freed by reference counting alone, without the cyclic garbage collector)."""

from __future__ import annotations

import gc
import weakref

import mlx.core as mx
import numpy as np
import pytest

import array_api_mlx as xp

MiB = 2**20


def rss() -> int:
    """Resident set size of this process in bytes (VmRSS)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")  # pragma: no cover


pytestmark = pytest.mark.skipif(
    not hasattr(mx, "get_active_memory"), reason="MLX has no memory counters"
)


def _settle():
    gc.collect()
    mx.clear_cache()


def test_many_small_operations_keep_memory_bounded(device):
    """100k small operations: a leak of one 4-element array per operation would be
    several MiB of MLX memory; one Python object per operation, several MiB of RSS."""
    x = xp.asarray([1.0, 2.0, 3.0, 4.0], device=device)
    i = xp.asarray([3, 0], device=device)

    def step(k):
        y = xp.sin(x) + k
        z = y[i]
        _ = float(xp.sum(z))
        return xp.sort(y)

    for k in range(2000):  # warm up caches and the allocator
        step(k)
    _settle()
    rss0, active0 = rss(), mx.get_active_memory()
    for k in range(100_000 // 4):
        step(k)
    _settle()
    grew_rss = rss() - rss0
    grew_active = mx.get_active_memory() - active0
    # 25k steps of 4 operations: bounds far below one leaked object per operation
    assert grew_active < 1 * MiB, f"MLX active memory grew by {grew_active / MiB:.1f} MiB"
    assert grew_rss < 40 * MiB, f"RSS grew by {grew_rss / MiB:.1f} MiB"


def test_large_allocations_are_released(device):
    """40 allocations of 32 MiB: memory returns to its level after each."""
    _settle()
    active0 = mx.get_active_memory()
    peak_rss = 0
    rss0 = rss()
    for k in range(40):
        a = xp.full((8 * MiB,), float(k), dtype=xp.float32, device=device)
        b = a * 2.0
        assert float(b[-1]) == 2.0 * k
        del a, b
        if k % 5 == 0:
            peak_rss = max(peak_rss, rss() - rss0)
    _settle()
    assert mx.get_active_memory() - active0 < 1 * MiB
    # a leak would be 1.25 GiB (40 x 32 MiB); a few live buffers at most are allowed
    assert peak_rss < 512 * MiB, f"RSS peaked {peak_rss / MiB:.0f} MiB above the start"
    assert rss() - rss0 < 256 * MiB


def test_numpy_round_trips_are_released(device):
    _settle()
    rss0 = rss()
    for _ in range(50):
        a = np.ones((4 * MiB,), dtype=np.float32)
        x = xp.asarray(a, device=device)
        back = np.asarray(x * 3.0)
        assert back[0] == 3.0
        del a, x, back
    _settle()
    assert rss() - rss0 < 128 * MiB


def _freed_without_gc(make):
    """Does the array made by ``make()`` die by reference counting alone?"""
    gc.collect()
    gc.disable()
    try:
        x = make()
        ref = weakref.ref(x)
        del x
        return ref() is None
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "case",
    [
        "asarray",
        "elementwise",
        "operator",
        "inplace",
        "getitem",
        "setitem",
        "mask",
        "reduction",
        "sort",
        "unique",
        "to_device",
        "dlpack",
        "repr",
        "error",
    ],
)
def test_no_reference_cycles(case, device, other_device):
    def make():
        x = xp.asarray([[1.0, 2.0], [3.0, 4.0]], device=device)
        if case == "asarray":
            return x
        if case == "elementwise":
            return xp.exp(xp.add(x, 1.0))
        if case == "operator":
            return (x + 1) * x - x / 2
        if case == "inplace":
            x += 1.0
            x *= 2.0
            return x
        if case == "getitem":
            return x[0, ::-1]
        if case == "setitem":
            x[0, 1] = 9.0
            x[x > 3] = 0.0
            return x
        if case == "mask":
            return x[x > 1.5]
        if case == "reduction":
            return xp.sum(x, axis=0)
        if case == "sort":
            return xp.argsort(x, axis=1)
        if case == "unique":
            return xp.unique_all(x).values
        if case == "to_device":
            return x.to_device(other_device)
        if case == "dlpack":
            return xp.from_dlpack(np.arange(3.0, dtype=np.float32), device=device)
        if case == "repr":
            repr(x)
            return x
        if case == "error":
            try:
                x[5]
            except IndexError:
                pass
            return x
        raise AssertionError(case)

    assert _freed_without_gc(make), f"{case}: the array is kept alive by a reference cycle"


def test_exception_traceback_does_not_keep_arrays_alive(device):
    """An exception raised with an array argument, once handled, leaves no cycle that
    keeps the array."""

    def make():
        x = xp.ones((3,), device=device)
        try:
            xp.reshape(x, (4,))
        except ValueError:
            pass
        return x

    assert _freed_without_gc(make)
