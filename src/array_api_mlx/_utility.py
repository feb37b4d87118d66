"""Utility functions of the standard: ``all``, ``any``, ``diff``."""

from __future__ import annotations

import mlx.core as mx

from . import _dtypes as dt
from ._arguments import as_int, check_keepdims, normalize_axis, reduction_axes
from ._array_object import Array
from ._devices import common_device
from ._operands import check_array
from ._promotion import promote
from ._statistical import empty_reduction, mx_reduce

__all__ = ["all", "any", "diff"]


def all(
    x: Array, /, *, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> Array:
    """NaN counts as True (it is non-zero); over no elements the result is True."""
    check_array(x, "all")
    check_keepdims(keepdims, "all")
    axes = reduction_axes(axis, x.ndim, "all")
    if x.size == 0:
        return empty_reduction(x, axes, keepdims, True, mx.bool_)
    out = mx_reduce(mx.all, x._array, axes, keepdims, stream=x._device._mx)
    return Array._new(out, x._device)


def any(
    x: Array, /, *, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> Array:
    """NaN counts as True (it is non-zero); over no elements the result is False."""
    check_array(x, "any")
    check_keepdims(keepdims, "any")
    axes = reduction_axes(axis, x.ndim, "any")
    if x.size == 0:
        return empty_reduction(x, axes, keepdims, False, mx.bool_)
    out = mx_reduce(mx.any, x._array, axes, keepdims, stream=x._device._mx)
    return Array._new(out, x._device)


def diff(
    x: Array,
    /,
    n: int = 1,
    axis: int = -1,
    *,
    prepend: Array | None = None,
    append: Array | None = None,
) -> Array:
    """``n`` and ``axis`` may also be given by position, in that order, as NumPy, PyTorch
    and CuPy take them (scikit-learn's ``roc_curve`` calls ``xp.diff(fps, 2)``); the
    standard makes them keyword-only. ``prepend``/``append`` of another dtype are
    type-promoted with ``x``. Bool input is accepted as in NumPy: the difference is
    ``not_equal``. ``n=0`` returns ``x``; ``n`` at least the axis length gives an empty
    axis."""
    check_array(x, "diff")
    if x.dtype not in dt.NUMERIC and x.dtype is not dt.bool:
        raise TypeError(f"diff: expected a numeric array, got {x.dtype.name}")
    if x.ndim == 0:
        raise ValueError("diff: x must have at least one dimension")
    ax = normalize_axis(axis, x.ndim, "diff")
    n = as_int(n, "diff", "n")
    if n < 0:
        raise ValueError(f"diff: n must be non-negative, got {n}")
    dev = x._device
    s = dev._mx
    parts = [x]
    for argname, extra in (("prepend", prepend), ("append", append)):
        if extra is None:
            continue
        check_array(extra, "diff", argname)
        common_device(x, extra)
        if extra.ndim != x.ndim or _shape_mismatch(extra.shape, x.shape, ax):
            raise ValueError(
                f"diff: {argname} must have the shape of x {x.shape} except along axis "
                f"{ax}, got {extra.shape}"
            )
        if argname == "prepend":
            parts.insert(0, extra)
        else:
            parts.append(extra)
    d = x.dtype
    for p in parts:
        if p is not x:
            d = promote(d, p.dtype)
    arrays = [p._array if p.dtype is d else p._array.astype(d._mx, stream=s) for p in parts]
    a = arrays[0] if len(arrays) == 1 else mx.concatenate(arrays, axis=ax, stream=s)
    op = mx.not_equal if d is dt.bool else mx.subtract
    for _ in range(n):
        m = a.shape[ax]
        if m == 0:
            break
        # mx.split (not indexing) so that the slices run on x's device too.
        hi = mx.split(a, [1], axis=ax, stream=s)[1]
        lo = mx.split(a, [m - 1], axis=ax, stream=s)[0]
        a = op(hi, lo, stream=s)
    return Array._new(a, dev)


def _shape_mismatch(shape1: tuple[int, ...], shape2: tuple[int, ...], axis: int) -> bool:
    return True in (a != b for i, (a, b) in enumerate(zip(shape1, shape2)) if i != axis)
