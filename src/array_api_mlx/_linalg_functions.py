"""Linear algebra functions of the main namespace: matmul, matrix_transpose, tensordot,
vecdot (also re-exported by ``linalg``).

Floating-point products are MLX's ``matmul``. MLX's CUDA backend may compute float32
products with TF32 tensor cores (inputs rounded to about 10 mantissa bits, so relative
errors near 1e-3 instead of 1e-7); ``tests/test_linalg.py::test_matmul_float32_accuracy``
checks float32 accuracy on every device. Integer products are exact (MLX's ``matmul`` has
no integer kernels; ours multiplies and sums in blocks of the contracted dimension).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import mlx.core as mx
import numpy as np

from . import _dtypes as dt
from ._arguments import as_int, check_ndim, negative_axis
from ._array_object import Array, View
from ._complex128 import general_path
from ._host import from_numpy, to_numpy
from ._operands import as_operands, check_array
from ._routing import HOST, ROUTED_OPS, route

__all__ = ["matmul", "matrix_transpose", "tensordot", "vecdot"]


_object_new = object.__new__
# Largest number of elements of one block's broadcast product in the integer matmul.
_BLOCK_ELEMENTS = 1 << 24


def _matmul_float(a: mx.array, b: mx.array, stream: mx.Stream) -> mx.array:
    """``a @ b`` for two floating ``mx.array``s of one dtype, on ``stream``: MLX's matmul,
    or ``host_matmul`` where the routing table sends the product to the host. MLX's
    ValueError for unaligned or unbroadcastable shapes propagates."""
    y = mx.matmul(a, b, stream=stream)  # first: MLX checks the shapes
    return y if a.size < _HOST_MIN_SIZE else _routed_product(a, b, y, stream)


def _routed_product(a: mx.array, b: mx.array, y: mx.array, stream: mx.Stream) -> mx.array:
    """``y``, MLX's lazy ``a @ b``, or the product by NumPy's BLAS on the host where the
    routing table sends it."""
    n = b.shape[-1] if b.ndim > 1 else 1
    if route("matmul", a.dtype, stream, a.size * n) is HOST:
        return host_matmul(a, b)
    return y


def host_matmul(a: mx.array, b: mx.array) -> mx.array:
    """``a @ b`` by NumPy's BLAS on the host (evaluates the operands)."""
    return from_numpy(np.matmul(to_numpy(a), to_numpy(b)), a.dtype)


def _matmul_mx(a: mx.array, b: mx.array, stream: mx.Stream) -> mx.array:
    """``a @ b`` for two ``mx.array``s of one dtype, on ``stream``."""
    if a.dtype in _MATMUL_FLOATS:
        return _matmul_float(a, b, stream)
    # MLX's matmul supports floating point only, and float64 would not be exact for large
    # int64 values: contract exactly, a block of the k dimension at a time.
    squeeze_a = a.ndim == 1
    squeeze_b = b.ndim == 1
    if squeeze_a:
        a = mx.expand_dims(a, 0, stream=stream)
    if squeeze_b:
        b = mx.expand_dims(b, 1, stream=stream)
    k = a.shape[-1]
    batch = 1
    for d in np.broadcast_shapes(a.shape[:-2], b.shape[:-2]):
        batch *= d
    per_k = max(1, batch * a.shape[-2] * b.shape[-1])
    step = max(1, min(k, _BLOCK_ELEMENTS // per_k))
    out: mx.array | None = None
    for start in range(0, max(k, 1), step):
        ab = mx.expand_dims(a[..., start : start + step], -1, stream=stream)
        bb = mx.expand_dims(b[..., start : start + step, :], -3, stream=stream)
        part = mx.sum(mx.multiply(ab, bb, stream=stream), axis=-2, stream=stream)
        part = part.astype(a.dtype, stream=stream)
        out = part if out is None else mx.add(out, part, stream=stream)
    assert out is not None  # the loop runs at least once
    if squeeze_a:
        out = mx.squeeze(out, -2, stream=stream)
    if squeeze_b:
        out = mx.squeeze(out, -1, stream=stream)
    return out


_MATMUL_FLOATS = dt.MX_FLOATING
_FLOATS = frozenset(dt.FROM_MX[d] for d in _MATMUL_FLOATS)
# Only a product whose left operand has at least this many elements asks the routing
# table (whose host rows want 2**18 multiply-adds): small ones cost one comparison.
_HOST_MIN_SIZE = 4096 if "matmul" in ROUTED_OPS else math.inf


def matmul(x1: Array, x2: Array, /) -> Array:
    t1, t2 = type(x1), type(x2)
    if (t1 is Array or t1 is View) and (t2 is Array or t2 is View):
        # Two floating arrays (views too: ``x @ x.T``) of one dtype on one device
        # (``_matmul_float``). MLX rejects 0-d operands and unaligned or unbroadcastable
        # shapes with a ValueError: the checks below then give the error its message.
        dev = x1._device
        d = x1._dtype or x1.dtype
        if x2._device is dev and d in _FLOATS and (x2._dtype or x2.dtype) is d:
            a, b = x1._array, x2._array
            try:
                y = mx.matmul(a, b, stream=dev._mx)
            except ValueError:
                pass
            else:
                out = _object_new(Array)
                out._array = y if a.size < _HOST_MIN_SIZE else _routed_product(a, b, y, dev._mx)
                out._device = dev
                out._dtype = d
                return out
    return _matmul(x1, x2)


@general_path(matmul)
def _matmul(x1: Array, x2: Array, /) -> Array:
    a, b, _, dev = as_operands(x1, x2, "numeric", "matmul")
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError("matmul: arguments must have at least one dimension")
    ka = a.shape[-1]
    kb = b.shape[0] if b.ndim == 1 else b.shape[-2]
    if ka != kb:
        raise ValueError(
            f"matmul: shapes {tuple(a.shape)} and {tuple(b.shape)} are not aligned ({ka} != {kb})"
        )
    try:
        return Array._new(_matmul_mx(a, b, dev._mx), dev)
    except ValueError as e:
        raise ValueError(f"matmul: {e}") from e


def matrix_transpose(x: Array, /) -> Array:
    check_array(x, "matrix_transpose")
    return x.mT


def tensordot(
    x1: Array, x2: Array, /, *, axes: int | tuple[Sequence[int], Sequence[int]] = 2
) -> Array:
    a, b, _, dev = as_operands(x1, x2, "numeric", "tensordot")
    if isinstance(axes, bool):
        raise TypeError("tensordot: axes must be an int or a pair of sequences of ints, not bool")
    if isinstance(axes, int):
        if axes < 0:
            raise ValueError(f"tensordot: axes must be non-negative, got {axes}")
        if axes > a.ndim or axes > b.ndim:
            raise ValueError(f"tensordot: axes={axes} exceeds the number of dimensions")
        ax_a = list(range(a.ndim - axes, a.ndim))
        ax_b = list(range(axes))
    else:
        ax_a, ax_b = ([as_int(i, "tensordot", "axes") for i in ax] for ax in axes)
        if len(ax_a) != len(ax_b):
            raise ValueError("tensordot: both axes sequences must have the same length")
    ax_a = [i % a.ndim if a.ndim else i for i in ax_a]
    ax_b = [i % b.ndim if b.ndim else i for i in ax_b]
    for i, j in zip(ax_a, ax_b):
        if a.shape[i] != b.shape[j]:
            raise ValueError(
                f"tensordot: contracted dimensions differ ({a.shape[i]} != {b.shape[j]})"
            )
    free_a = [i for i in range(a.ndim) if i not in ax_a]
    free_b = [i for i in range(b.ndim) if i not in ax_b]
    s = dev._mx
    at = mx.transpose(a, free_a + ax_a, stream=s)
    bt = mx.transpose(b, ax_b + free_b, stream=s)
    k = 1
    for i in ax_a:
        k *= a.shape[i]
    m = 1
    for i in free_a:
        m *= a.shape[i]
    n = 1
    for i in free_b:
        n *= b.shape[i]
    out = _matmul_mx(at.reshape(m, k, stream=s), bt.reshape(k, n, stream=s), s)
    shape = [a.shape[i] for i in free_a] + [b.shape[i] for i in free_b]
    check_ndim(len(shape), "tensordot")
    return Array._new(out.reshape(shape, stream=s), dev)


def vecdot(x1: Array, x2: Array, /, *, axis: int = -1) -> Array:
    """``sum(conj(x1) * x2, axis)``."""
    a, b, _, dev = as_operands(x1, x2, "numeric", "vecdot")
    s = dev._mx
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError("vecdot: arguments must have at least one dimension")
    axis = negative_axis(axis, min(a.ndim, b.ndim), "vecdot")
    if a.shape[axis] != b.shape[axis]:
        raise ValueError(
            f"vecdot: the sizes along axis {axis} differ ({a.shape[axis]} != {b.shape[axis]})"
        )
    if a.dtype == mx.complex64:
        a = mx.conj(a, stream=s)
    try:
        prod = mx.multiply(a, b, stream=s)
    except ValueError as e:
        raise ValueError(f"vecdot: shapes cannot be broadcast ({e})") from e
    return Array._new(mx.sum(prod, axis=axis, stream=s).astype(a.dtype, stream=s), dev)
