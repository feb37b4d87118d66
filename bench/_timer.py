"""A robust timer: calibrated batches, warm-up, interleaved repeats, minimum and median.

Competing implementations of one case are timed in interleaved rounds (a batch of each in
turn, repeated), so that a burst of load from other processes on a shared machine hits
all of them alike. The per-call time of a batch subtracts the cost of calling an empty
function the same number of times, so ratios compare the operations, not the loop.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable


def _batch(fn: Callable[[], object], number: int) -> float:
    """Seconds for ``number`` calls of ``fn`` (GC off, as in ``timeit``)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        return time.perf_counter() - t0
    finally:
        if enabled:
            gc.enable()


def _nothing():
    return None


def calibrate(fn: Callable[[], object], target: float) -> int:
    """The number of calls whose batch takes at least ``target`` seconds (1, 2, 5, 10...)."""
    fn()  # warm up: imports, caches, first-call compilation
    number = 1
    while True:
        for factor in (1, 2, 5):
            n = number * factor
            if _batch(fn, n) >= target:
                return n
        number *= 10
        if number >= 10**7:
            return number


def loop_overhead(number: int) -> float:
    """Per-call seconds of calling an empty function in the timing loop."""
    return min(_batch(_nothing, number) for _ in range(3)) / number


def compare(fns: dict[str, Callable[[], object]], *, repeats: int, target: float) -> dict:
    """Time each function of ``fns`` in interleaved rounds.

    Returns ``{name: {"min": s, "median": s, "number": n}}`` in seconds per call, or
    ``{name: {"error": "..."}}`` for a function that raised.
    """
    numbers, errors = {}, {}
    for name, fn in fns.items():
        try:
            numbers[name] = calibrate(fn, target)
        except Exception as e:  # report, don't crash: the table says what failed
            errors[name] = f"{type(e).__name__}: {e}"
    overhead = {name: loop_overhead(n) for name, n in numbers.items()}
    samples: dict[str, list[float]] = {name: [] for name in numbers}
    for _ in range(repeats):
        for name, n in numbers.items():
            t = _batch(fns[name], n) / n - overhead[name]
            samples[name].append(max(t, 0.0))
    out = {}
    for name in fns:
        if name in errors:
            out[name] = {"error": errors[name]}
        else:
            out[name] = {
                "min": min(samples[name]),
                "median": statistics.median(samples[name]),
                "number": numbers[name],
            }
    return out


def once(fn: Callable[[], object], *, repeats: int, warmup: int = 1) -> dict:
    """Time a long-running ``fn`` call by call: ``{"min", "median"}`` seconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return {"min": min(samples), "median": statistics.median(samples), "number": 1}
