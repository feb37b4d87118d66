"""float32 kernels for functions that MLX's CPU computes less accurately than float32 allows
(docs/design.md §3).

- MLX's CPU float32 ``exp`` is a fast polynomial of ``x * log2(e)`` rounded to float32: off by
  up to about 60 ulps as |x| nears 88, infinite from 88.0 (float32 overflows at 88.72) and 0
  below -88 (no subnormal results).
- MLX's CPU float32 ``sin`` and ``cos`` reduce the argument by multiples of pi/4 held in three
  float32 parts: their absolute error stays near 1e-7, but near their zeros the relative error
  grows with |x| (thousands of ulps below 2**23, where MLX switches to the C library).

The kernels here compute in float64 with the C library's functions (MLX's float64 ``power``
and ``tan``) and round once to float32: built of MLX operations, they stay lazy and run on the
stream they are given. Only float32 on a CPU stream takes them: the GPU backends' kernels are
accurate (measured on CUDA) and the GPU has no float64; other dtypes keep MLX's kernels
(``_routing`` sends float64 to NumPy).
"""

from __future__ import annotations

import math

import mlx.core as mx

__all__ = ["cos", "exp", "sin"]

_F32 = mx.float32
_F64 = mx.float64
_CPU = mx.cpu


def _on_cpu(stream: mx.Stream | mx.Device | mx.DeviceType) -> bool:
    """Whether MLX runs work given ``stream=stream`` on the CPU (any form MLX accepts)."""
    device = getattr(stream, "device", stream)
    return getattr(device, "type", device) == _CPU


class _OnCpu(dict[object, bool]):
    """``_on_cpu`` by stream, remembered for the package's streams (a few long-lived
    ``mx.Stream`` objects), so that a GPU call pays one dict lookup: reading ``a.dtype``
    and the stream's device type costs several hundred ns each in MLX's bindings."""

    def __missing__(self, stream: mx.Stream | mx.Device | mx.DeviceType) -> bool:
        on_cpu = _on_cpu(stream)
        if type(stream) is mx.Stream and len(self) < 64:
            self[stream] = on_cpu
        return on_cpu


_CPU_STREAMS = _OnCpu()


def exp(a: mx.array, stream: mx.Stream) -> mx.array:
    """``mx.exp``; float32 on the CPU correctly rounded from float64 (subnormal results and
    the overflow threshold included)."""
    if not _CPU_STREAMS[stream] or a.dtype != _F32:  # MLX's own kernel
        return mx.exp(a, stream=stream)
    # double(e)**x differs from exp(x) by a relative |x| * 1.1e-16 at most, and the finite
    # float32 results have |x| < 104: far below float32's half ulp.
    x = a.astype(_F64, stream=stream)
    return mx.power(math.e, x, stream=stream).astype(_F32, stream=stream)


def _tan_half(a: mx.array, stream: mx.Stream) -> mx.array:
    """tan(x/2) in float64: the C library reduces any argument exactly."""
    return mx.tan(mx.multiply(a.astype(_F64, stream=stream), 0.5, stream=stream), stream=stream)


def sin(a: mx.array, stream: mx.Stream) -> mx.array:
    """``mx.sin``; float32 on the CPU from sin x = 2t / (1 + t**2), t = tan(x/2), in float64
    (relative error about 1e-16, also near the zeros: t is small or large there)."""
    if not _CPU_STREAMS[stream] or a.dtype != _F32:  # MLX's own kernel
        return mx.sin(a, stream=stream)
    t = _tan_half(a, stream)
    den = mx.add(mx.multiply(t, t, stream=stream), 1.0, stream=stream)
    return mx.divide(mx.add(t, t, stream=stream), den, stream=stream).astype(_F32, stream=stream)


def cos(a: mx.array, stream: mx.Stream) -> mx.array:
    """``mx.cos``; float32 on the CPU from cos x = (1 - t)(1 + t) / (1 + t**2), t = tan(x/2),
    in float64. Near the zeros t is near +-1, 1 - t or 1 + t is exact and the error is t's,
    about 1e-16 / |cos x| relative: within 1 ulp at every float32 zero below 2**23."""
    if not _CPU_STREAMS[stream] or a.dtype != _F32:  # MLX's own kernel
        return mx.cos(a, stream=stream)
    t = _tan_half(a, stream)
    num = mx.multiply(
        mx.subtract(1.0, t, stream=stream), mx.add(t, 1.0, stream=stream), stream=stream
    )
    den = mx.add(mx.multiply(t, t, stream=stream), 1.0, stream=stream)
    return mx.divide(num, den, stream=stream).astype(_F32, stream=stream)
