"""Linear algebra functions of the main namespace: matmul, matrix_transpose, tensordot,
vecdot (also re-exported by ``linalg``)."""

from __future__ import annotations

import operator

import mlx.core as mx

from ._array_object import Array, as_operands, check_array

__all__ = ["matmul", "matrix_transpose", "tensordot", "vecdot"]


def _matmul_mx(a, b, stream):
    # MLX's matmul supports floating point only: integers go through float64 on the CPU
    # would lose exactness, so use an exact integer contraction instead.
    if a.dtype in (mx.float32, mx.float16, mx.bfloat16, mx.float64, mx.complex64):
        return mx.matmul(a, b, stream=stream)
    squeeze_a = a.ndim == 1
    squeeze_b = b.ndim == 1
    if squeeze_a:
        a = mx.expand_dims(a, 0, stream=stream)
    if squeeze_b:
        b = mx.expand_dims(b, 1, stream=stream)
    prod = mx.multiply(mx.expand_dims(a, -1, stream=stream), mx.expand_dims(b, -3, stream=stream), stream=stream)
    out = mx.sum(prod, axis=-2, stream=stream).astype(a.dtype, stream=stream)
    if squeeze_a:
        out = mx.squeeze(out, -2, stream=stream)
    if squeeze_b:
        out = mx.squeeze(out, -1, stream=stream)
    return out


def matmul(x1, x2, /) -> Array:
    a, b, _, dev = as_operands(x1, x2, "numeric", "matmul")
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError("matmul: arguments must have at least one dimension")
    ka = a.shape[-1]
    kb = b.shape[0] if b.ndim == 1 else b.shape[-2]
    if ka != kb:
        raise ValueError(
            f"matmul: shapes {tuple(a.shape)} and {tuple(b.shape)} are not aligned "
            f"({ka} != {kb})"
        )
    try:
        return Array._new(_matmul_mx(a, b, dev._mx), dev)
    except ValueError as e:
        raise ValueError(f"matmul: {e}") from e


def matrix_transpose(x, /) -> Array:
    check_array(x, "matrix_transpose")
    return x.mT


def tensordot(x1, x2, /, *, axes=2) -> Array:
    a, b, _, dev = as_operands(x1, x2, "numeric", "tensordot")
    if isinstance(axes, int):
        if axes < 0:
            raise ValueError(f"tensordot: axes must be non-negative, got {axes}")
        if axes > a.ndim or axes > b.ndim:
            raise ValueError(f"tensordot: axes={axes} exceeds the number of dimensions")
        ax_a = list(range(a.ndim - axes, a.ndim))
        ax_b = list(range(axes))
    else:
        ax_a, ax_b = (list(map(operator.index, ax)) for ax in axes)
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
    return Array._new(out.reshape(shape, stream=s), dev)


def vecdot(x1, x2, /, *, axis=-1) -> Array:
    """``sum(conj(x1) * x2, axis)``."""
    a, b, _, dev = as_operands(x1, x2, "numeric", "vecdot")
    s = dev._mx
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError("vecdot: arguments must have at least one dimension")
    if -axis > min(a.ndim, b.ndim) or axis >= 0 and axis >= min(a.ndim, b.ndim):
        raise ValueError(f"vecdot: axis {axis} is out of range")
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
    ax = axis if axis < 0 else axis - min(a.ndim, b.ndim)
    return Array._new(mx.sum(prod, axis=ax, stream=s).astype(a.dtype, stream=s), dev)
