"""Indexing functions: ``take`` and ``take_along_axis``.

MLX does no bounds checks and reads arbitrary memory for out-of-range indices, so both
check the indices (evaluating them) and raise IndexError; negative indices count from
the end, as the standard says.
"""

from __future__ import annotations

import mlx.core as mx

from . import _dtypes as dt
from ._arguments import normalize_axis
from ._array_object import Array
from ._devices import same_device
from ._indexing import check_indices
from ._manipulation import broadcast_shapes
from ._operands import check_array

__all__ = ["take", "take_along_axis"]


def _index_array(x: Array, indices: Array, name: str) -> Array:
    check_array(indices, name, "indices")
    same_device(x._device, indices._device)
    if indices.dtype not in dt.INTEGER:
        raise TypeError(f"{name}: indices must have an integer dtype, not {indices.dtype.name}")
    return indices


def take(x: Array, indices: Array, /, *, axis: int | None = None) -> Array:
    """Select elements along ``axis`` (optional for 1-d ``x``). Out-of-range indices raise
    IndexError."""
    check_array(x, "take")
    indices = _index_array(x, indices, "take")
    if indices.ndim != 1:
        raise ValueError(f"take: indices must be 1-dimensional, got shape {indices.shape}")
    if x.ndim == 0:
        raise ValueError("take: x must have at least one dimension; use x[None]")
    if axis is None:
        if x.ndim != 1:
            raise ValueError(f"take: axis is required for an array of {x.ndim} dimensions")
        axis = 0
    ax = normalize_axis(axis, x.ndim, "take")
    size = x.shape[ax]
    idx = check_indices(indices, size, ax, "take")
    dev = x._device
    if size == 0 or idx.size == 0:
        shape = list(x.shape)
        shape[ax] = idx.size
        return Array._new(mx.zeros(shape, dtype=x._array.dtype, stream=dev._mx), dev)
    return Array._new(mx.take(x._array, idx, axis=ax, stream=dev._mx), dev)


def take_along_axis(x: Array, indices: Array, /, *, axis: int = -1) -> Array:
    """Select elements along ``axis`` at per-position indices (broadcast against ``x``
    outside ``axis``). Out-of-range indices raise IndexError."""
    check_array(x, "take_along_axis")
    indices = _index_array(x, indices, "take_along_axis")
    if x.ndim == 0:
        raise ValueError("take_along_axis: x must have at least one dimension")
    if indices.ndim != x.ndim:
        raise ValueError(
            f"take_along_axis: indices must have as many dimensions as x ({x.ndim}), got "
            f"{indices.ndim}"
        )
    ax = normalize_axis(axis, x.ndim, "take_along_axis")
    xs, is_ = list(x.shape), list(indices.shape)
    try:
        outer = broadcast_shapes(tuple(xs[:ax] + xs[ax + 1 :]), tuple(is_[:ax] + is_[ax + 1 :]))
    except ValueError:
        raise ValueError(
            f"take_along_axis: x of shape {x.shape} and indices of shape {indices.shape} "
            f"are not broadcast-compatible outside axis {axis}"
        ) from None
    size = xs[ax]
    idx = check_indices(indices, size, ax, "take_along_axis")
    dev = x._device
    shape = outer[:ax] + (is_[ax],) + outer[ax:]
    if 0 in shape or size == 0:
        return Array._new(mx.zeros(shape, dtype=x._array.dtype, stream=dev._mx), dev)
    a = mx.broadcast_to(x._array, outer[:ax] + (size,) + outer[ax:], stream=dev._mx)
    idx = mx.broadcast_to(idx, shape, stream=dev._mx)
    return Array._new(mx.take_along_axis(a, idx, axis=ax, stream=dev._mx), dev)
