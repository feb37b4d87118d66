"""Searching functions, run on the inputs' device. ``nonzero`` has a data-dependent
output shape: it reads the number of non-zero elements."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import mlx.core as mx

from . import _dtypes as dt
from ._arguments import check_keepdims, normalize_axes, normalize_axis
from ._array_object import Array
from ._devices import same_device
from ._indexing import check_indices, true_indices
from ._manipulation import broadcast_shapes
from ._operands import as_operands, check_array
from ._statistical import mx_reduce

__all__ = ["argmax", "argmin", "count_nonzero", "nonzero", "searchsorted", "where"]

# Indices and counts have the default indexing dtype.
_INDEX = dt.DEFAULT_INDEX._mx


def _arg_reduce(
    x: Array, axis: int | None, keepdims: bool, fn: Callable[..., mx.array], name: str
) -> Array:
    check_array(x, name)
    keepdims = check_keepdims(keepdims, name)
    if x.dtype.kind == "c":
        raise TypeError(f"{name}: expected a real-valued array, got {x.dtype.name}")
    dev = x._device
    s = dev._mx
    a = x._array
    if axis is None:
        if a.size == 0:
            raise ValueError(f"{name}: attempt to get {name} of an empty array")
        out = fn(mx.reshape(a, (-1,), stream=s), axis=0, stream=s)
        if keepdims:
            out = mx.reshape(out, (1,) * a.ndim, stream=s)
    else:
        ax = normalize_axis(axis, a.ndim, name)
        if a.shape[ax] == 0:
            raise ValueError(f"{name}: attempt to get {name} along an empty axis {axis}")
        if a.size == 0:
            shape = list(a.shape)
            shape[ax] = 1
            if not keepdims:
                del shape[ax]
            out = mx.zeros(shape, dtype=_INDEX, stream=s)
        else:
            out = fn(a, axis=ax, keepdims=keepdims, stream=s)
    # MLX returns uint32 and already gives the first occurrence, NaN first like NumPy.
    return Array._new(out.astype(_INDEX, stream=s), dev)


def argmax(x: Array, /, *, axis: int | None = None, keepdims: bool = False) -> Array:
    """Index of the first maximum; a NaN counts as the maximum (as in NumPy)."""
    return _arg_reduce(x, axis, keepdims, mx.argmax, "argmax")


def argmin(x: Array, /, *, axis: int | None = None, keepdims: bool = False) -> Array:
    """Index of the first minimum; a NaN counts as the minimum (as in NumPy)."""
    return _arg_reduce(x, axis, keepdims, mx.argmin, "argmin")


def count_nonzero(
    x: Array, /, *, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> Array:
    check_array(x, "count_nonzero")
    keepdims = check_keepdims(keepdims, "count_nonzero")
    dev = x._device
    s = dev._mx
    a = x._array
    axes = tuple(range(a.ndim)) if axis is None else normalize_axes(axis, a.ndim, "count_nonzero")
    mask = a if a.dtype == mx.bool_ else mx.not_equal(a, mx.array(0, dtype=a.dtype), stream=s)
    mask = mask.astype(_INDEX, stream=s)
    return Array._new(mx_reduce(mx.sum, mask, axes, keepdims, stream=s), dev)


def nonzero(x: Array, /) -> tuple[Array, ...]:
    """Indices of the non-zero elements, one int64 array per axis (reads their number:
    one synchronisation)."""
    check_array(x, "nonzero")
    a = x._array
    if a.ndim == 0:
        raise ValueError("nonzero: x must have at least one dimension; use x[None]")
    dev = x._device
    s = dev._mx
    mask = a if a.dtype == mx.bool_ else mx.not_equal(a, mx.array(0, dtype=a.dtype), stream=s)
    return tuple(Array._new(i, dev) for i in true_indices(mask, dev))


def searchsorted(
    x1: Array,
    x2: Array | int | float,
    /,
    *,
    side: Literal["left", "right"] = "left",
    sorter: Array | None = None,
) -> Array:
    """Insertion indices into the sorted 1-d ``x1``; ``x2`` may be a Python scalar
    (2025.12). NaNs sort last, consistent with ``sort``."""
    check_array(x1, "searchsorted", "x1")
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted: side must be 'left' or 'right', not {side!r}")
    if x1.ndim != 1:
        raise ValueError(f"searchsorted: x1 must be 1-dimensional, got shape {x1.shape}")
    if not isinstance(x2, (Array, bool, int, float)):
        raise TypeError(
            f"searchsorted: x2 must be an array or a real Python scalar, not {type(x2).__name__}"
        )
    if x1.dtype.kind == "c" or (isinstance(x2, Array) and x2.dtype.kind == "c"):
        raise TypeError("searchsorted: complex arrays have no order; use real values")
    a1, a2, d, dev = as_operands(x1, x2, "all", "searchsorted")
    s = dev._mx
    if sorter is not None:
        check_array(sorter, "searchsorted", "sorter")
        same_device(dev, sorter._device)
        if sorter.dtype not in dt.INTEGER:
            raise TypeError(
                f"searchsorted: sorter must have an integer dtype, not {sorter.dtype.name}"
            )
        if sorter.shape != x1.shape:
            raise ValueError(
                f"searchsorted: sorter of shape {sorter.shape} must have x1's shape {x1.shape}"
            )
        idx = check_indices(sorter, x1.shape[0], 0, "searchsorted")
        if idx.size:
            a1 = mx.take(a1, idx, axis=0, stream=s)
    if a1.size == 0:
        return Array._new(mx.zeros(a2.shape, dtype=_INDEX, stream=s), dev)
    out = mx.searchsorted(a1, a2, side=side, stream=s)
    return Array._new(out.astype(_INDEX, stream=s), dev)


def where(
    condition: Array,
    x1: Array | bool | int | float | complex | None = None,
    x2: Array | bool | int | float | complex | None = None,
    /,
) -> Array | tuple[Array, ...]:
    """``x1`` where ``condition`` else ``x2``; Python scalars for ``x1``/``x2`` follow the
    scalar rules (2024.12). ``where(condition)`` alone is ``nonzero(condition)``, as NumPy,
    PyTorch and CuPy take it (scikit-learn's ``roc_curve`` calls it so); the standard
    requires ``x1`` and ``x2``."""
    if x1 is None and x2 is None:
        return nonzero(condition)
    if x1 is None or x2 is None:
        raise TypeError(
            "where: pass both x1 and x2, or neither (where(condition) is nonzero(condition))"
        )
    check_array(condition, "where", "condition")
    if condition.dtype is not dt.bool:
        raise TypeError(
            f"where: condition must have a boolean dtype, not {condition.dtype.name}; "
            "compare it explicitly (e.g. x != 0)"
        )
    a1, a2, _, dev = as_operands(x1, x2, "all", "where")
    same_device(condition._device, dev)
    try:
        broadcast_shapes(condition.shape, tuple(a1.shape), tuple(a2.shape))
    except ValueError:
        raise ValueError(
            f"where: condition {condition.shape}, x1 {tuple(a1.shape)} and x2 "
            f"{tuple(a2.shape)} cannot be broadcast together"
        ) from None
    return Array._new(mx.where(condition._array, a1, a2, stream=dev._mx), dev)
