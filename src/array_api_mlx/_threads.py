"""Arrays usable from any thread (design §10).

MLX (0.32) keeps each stream's command encoder in the thread that made the stream, and
every thread gets its own default streams: a lazy graph built in one thread cannot be
evaluated in another ("There is no Stream(cpu, 0) in current thread"), and every thread
that evaluates leaves a scheduler thread behind for its stream. So the package runs all its
MLX work on one stream per device made with ``mx.new_thread_unsafe_stream``, which any
thread may evaluate (``Device._mx`` is that stream), and MLX's own default streams stay
untouched for code that uses ``mlx.core`` directly.

MLX does not synchronise such a stream: two threads evaluating on it at once corrupt it
(a crash, measured). Every evaluation of the package therefore goes through ``evaluate``,
under one process-wide lock; reading an evaluated array needs no lock. Building graphs
needs none either, so threads still prepare work in parallel, but MLX work on one device
runs one evaluation at a time, in the order the threads submit it.
"""

from __future__ import annotations

import threading

import mlx.core as mx

from ._dtypes import HostComputation

__all__ = ["CHECKING", "evaluate", "stream", "synchronize"]

# Reentrant: an evaluation never calls back into Python today, but a lock held across
# an MLX call must not deadlock if one ever does.
_LOCK = threading.RLock()
# (mx.Device, its stream) pairs: ``mx.Device`` compares by value but hashes by identity.
_STREAMS: list[tuple[mx.Device, mx.Stream]] = []


def stream(device: mx.Device) -> mx.Stream:
    """The package's stream on the MLX ``device`` (one per device, made on first use)."""
    with _LOCK:
        for d, s in _STREAMS:
            if d == device:
                return s
        s = mx.new_thread_unsafe_stream(device)
        _STREAMS.append((device, s))
    return s


class _Checking(threading.local):
    on = False


# Set while a function's arguments are checked on stand-ins of complex128 arrays
# (``_complex128``, design §14): nothing is evaluated then.
CHECKING = _Checking()


def evaluate(*arrays: mx.array) -> None:
    """``mx.eval`` under the evaluation lock: call it before reading an ``mx.array``'s
    data (``np.asarray``, ``item``, DLPack, ``memoryview``), which then needs no lock."""
    if CHECKING.on:
        raise HostComputation("an evaluation of stand-ins")
    with _LOCK:
        mx.eval(*arrays)


def synchronize(stream: mx.Stream) -> None:
    """``mx.synchronize(stream)`` under the evaluation lock (it uses the stream's
    encoder, as evaluation does)."""
    with _LOCK:
        mx.synchronize(stream)
