"""Argument rules shared by every chapter: integers, axes, ``keepdims``, shapes, integer
values that must fit a dtype, and MLX's dimension and memory limits. One function for each,
so every function names a bad argument the same way."""

from __future__ import annotations

import functools
import math
import operator
import os
from collections.abc import Iterable

import mlx.core as mx
import numpy as np

from . import _dtypes as dt


class AxisError(ValueError, IndexError):
    """An axis argument out of bounds: a ValueError (the spec's error for bad axes) and,
    as NumPy's ``AxisError`` is, an IndexError too, so code written for either catches it."""


def as_int(value: object, name: str, argname: str) -> int:
    """A Python int from an int-like argument (not bool, not float, not an array);
    TypeError otherwise."""
    if type(value) is int:
        return value
    if (
        isinstance(value, (bool, float, complex, np.bool_))
        or (hasattr(value, "__array_namespace__") and not isinstance(value, np.generic))
        or not hasattr(value, "__index__")
    ):
        raise TypeError(f"{name}: {argname} must be an int, not {type(value).__name__}")
    return operator.index(value)


def normalize_axis(axis: object, ndim: int, name: str, argname: str = "axis") -> int:
    """``axis`` in ``[-ndim, ndim)`` as a non-negative int; AxisError when out of range."""
    axis = as_int(axis, name, argname)
    if not -ndim <= axis < ndim:
        raise AxisError(
            f"{name}: {argname}={axis} is out of bounds for an array of {ndim} "
            f"dimension{'s' if ndim != 1 else ''} (valid: {-ndim} to {ndim - 1})"
        )
    return axis % ndim


def negative_axis(axis: object, ndim: int, name: str, argname: str = "axis") -> int:
    """``axis`` counted from the end, in ``[-ndim, -1]``: the axis of functions that
    broadcast their operands' leading dimensions (``vecdot``, ``linalg.cross``)."""
    return normalize_axis(axis, ndim, name, argname) - ndim


def normalize_axes(axis: object, ndim: int, name: str, argname: str = "axis") -> tuple[int, ...]:
    """An int or a tuple of ints as a tuple of distinct non-negative axes."""
    if isinstance(axis, (tuple, list)):
        axes = tuple(normalize_axis(a, ndim, name, argname) for a in axis)
    else:
        axes = (normalize_axis(axis, ndim, name, argname),)
    if len(set(axes)) != len(axes):
        raise ValueError(f"{name}: {argname} contains repeated axes: {axis}")
    return axes


def reduction_axes(axis: object, ndim: int, name: str) -> tuple[int, ...]:
    """``axis`` (None, an int or a tuple of ints) as a sorted tuple of non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    return tuple(sorted(normalize_axes(axis, ndim, name)))


def check_keepdims(keepdims: object, name: str) -> bool:
    """``keepdims`` must be a bool (the spec's type; 1 or None are refused everywhere)."""
    if type(keepdims) is not bool:
        raise TypeError(f"{name}: keepdims must be a bool, not {type(keepdims).__name__}")
    return keepdims


# MLX stores each dimension as an int32 and indexes elements with int64.
MAX_DIM = 2**31 - 1
MAX_SIZE = 2**63 - 1
# NumPy's limit. MLX builds arrays of more dimensions, but its conversion to NumPy (repr,
# np.asarray) then returns a 0-d object array (65 to 128) or aborts the process (129 and up).
MAX_NDIM = 64


def check_ndim(ndim: int, name: str) -> int:
    """ValueError for a result of more than 64 dimensions (NumPy's limit, and MLX's in
    practice): every function that creates dimensions calls this."""
    if ndim > MAX_NDIM:
        raise ValueError(
            f"{name}: the result would have {ndim} dimensions; at most {MAX_NDIM} are "
            f"supported (as in NumPy)"
        )
    return ndim


def check_dims(shape: Iterable[int], name: str) -> tuple[int, ...]:
    """ValueError for a result dimension beyond MLX's int32 limit."""
    for n in shape:
        if n > MAX_DIM:
            raise ValueError(
                f"{name}: the result would have a dimension of {n}; MLX array dimensions "
                f"are limited to 2**31 - 1"
            )
    return tuple(shape)


def shape_tuple(shape: object, name: str, argname: str = "shape") -> tuple[int, ...]:
    """An int or a tuple/list of ints as a tuple of ints (negative sizes are the caller's
    business: ``reshape`` accepts -1)."""
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)):
        raise TypeError(
            f"{name}: {argname} must be an int or a tuple of ints, not {type(shape).__name__}"
        )
    check_ndim(len(shape), name)
    return tuple(as_int(s, name, argname) for s in shape)


def new_shape(shape: object, name: str, itemsize: int = 0) -> tuple[int, ...]:
    """The shape of a new array: non-negative ints within MLX's limits, and (given the
    dtype's ``itemsize``) no more bytes than the machine has (``check_memory``)."""
    shape = shape_tuple(shape, name)
    if any(s < 0 for s in shape):
        raise ValueError(f"{name}: negative dimensions are not allowed, got {shape}")
    size = math.prod(shape)
    if size > MAX_SIZE:
        raise ValueError(f"{name}: shape {shape} has more elements than MLX can index")
    check_dims(shape, name)
    check_memory(size * itemsize, name)
    return shape


@functools.cache
def memory_limit() -> int:
    """The most bytes one array can take: the machine's memory (RAM and swap) or MLX's
    memory limit, whichever is larger. MLX does not check its allocations: beyond this
    the allocation fails and MLX crashes the process when the array is evaluated."""
    limit = mx.get_memory_limit()
    try:
        limit = max(limit, os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError):  # pragma: no cover - platforms without sysconf names
        pass
    return limit + _swap_bytes()


def _swap_bytes() -> int:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("SwapTotal:"):
                    return int(line.split()[1]) * 1024
    except OSError:  # not Linux
        pass
    return 0


def check_memory(nbytes: int, name: str) -> None:
    """MemoryError at call time for an array larger than ``memory_limit()``."""
    if nbytes > memory_limit():
        raise MemoryError(
            f"{name}: the result would take {nbytes / 2**30:.1f} GiB, more than the "
            f"{memory_limit() / 2**30:.1f} GiB of memory available here"
        )


def int_bounds(d: dt.DType) -> tuple[int, int]:
    """The smallest and largest value of an integer dtype."""
    info = np.iinfo(d._np)
    return int(info.min), int(info.max)


def check_int_fits(value: int, d: dt.DType, name: str) -> None:
    """OverflowError when the Python int ``value`` is out of range of the integer dtype
    ``d`` (nothing to check for other dtypes and for bools)."""
    if d.kind in "iu" and type(value) is not bool:
        lo, hi = int_bounds(d)
        if not lo <= value <= hi:
            raise OverflowError(
                f"{name}: Python int {value} is out of range for {d.name} [{lo}, {hi}]"
            )
