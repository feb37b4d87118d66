"""Sorting functions, run on the input's device.

MLX's sort is stable and places NaNs last. Both orders here are stable (equal elements
keep their order, also with ``descending=True``) and put NaNs last. A 0-d array is
returned as is for ``axis`` -1 or 0 (as PyTorch does); other axes raise ValueError.
"""

from __future__ import annotations

import mlx.core as mx

from . import _dtypes as dt
from ._arguments import normalize_axis
from ._array_object import Array
from ._operands import check_array

__all__ = ["argsort", "sort"]

# Indices and counts have the default indexing dtype.
_INDEX = dt.DEFAULT_INDEX._mx


def _check(x: Array, axis: int, descending: bool, stable: bool, name: str) -> int:
    check_array(x, name)
    for arg, value in (("descending", descending), ("stable", stable)):
        if type(value) is not bool:
            raise TypeError(f"{name}: {arg} must be a bool, not {type(value).__name__}")
    if x.ndim == 0:
        # A 0-d array has nothing to sort; only the spec's "last axis" spellings apply.
        if axis not in (-1, 0) or type(axis) is bool:
            normalize_axis(axis, 0, name)
        return -1
    return normalize_axis(axis, x.ndim, name)


def stable_argsort(a: mx.array, axis: int, descending: bool, s: mx.Stream) -> mx.array:
    """Stable argsort along ``axis`` (int64), NaNs last in both orders."""
    if not descending:
        idx = mx.argsort(a, axis=axis, stream=s)
    elif a.dtype in dt.MX_FLOATING:
        # Negation reverses the order exactly and keeps NaNs NaN (sorted last); a stable
        # ascending sort of -a keeps equal elements in their original order.
        idx = mx.argsort(mx.negative(a, stream=s), axis=axis, stream=s)
    else:
        # Integers and bools (negation would overflow): sort the reversed array stably,
        # reverse the result and map positions back, which keeps equal elements in order.
        n = a.shape[axis]
        rev = mx.argsort(mx.flip(a, axis, stream=s), axis=axis, stream=s)
        rev = mx.flip(rev, axis, stream=s).astype(_INDEX, stream=s)
        return mx.subtract(mx.array(n - 1, dtype=_INDEX), rev, stream=s)
    return idx.astype(_INDEX, stream=s)


def argsort(
    x: Array, /, *, axis: int = -1, descending: bool = False, stable: bool = True
) -> Array:
    """Indices that sort ``x`` along ``axis`` (int64); always stable."""
    ax = _check(x, axis, descending, stable, "argsort")
    dev = x._device
    s = dev._mx
    a = x._array
    if a.ndim == 0 or a.size == 0:
        return Array._new(mx.zeros(a.shape, dtype=_INDEX, stream=s), dev)
    return Array._new(stable_argsort(a, ax, descending, s), dev)


def sort(
    x: Array, /, *, axis: int = -1, descending: bool = False, stable: bool = True
) -> Array:
    """Sorted copy of ``x`` along ``axis``; always stable, NaNs last."""
    ax = _check(x, axis, descending, stable, "sort")
    dev = x._device
    s = dev._mx
    a = x._array
    if a.ndim == 0 or a.size == 0:
        return x
    if not descending:
        return Array._new(mx.sort(a, axis=ax, stream=s), dev)
    idx = stable_argsort(a, ax, True, s)
    return Array._new(mx.take_along_axis(a, idx, axis=ax, stream=s), dev)
