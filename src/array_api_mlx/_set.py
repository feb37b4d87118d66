"""Set functions, run on the input's device.

MLX's own ``unique`` needs a static output size; these do not: the number of unique
values is data-dependent, so it is evaluated (one synchronisation), and the rest runs on
the device with a stable sort. Uniqueness is value equality: each NaN is distinct,
``-0.0 == 0.0`` (the first occurring zero is returned). Values come out sorted, NaNs last.
Index arrays are int64.
"""

from __future__ import annotations

from typing import Literal, NamedTuple, overload

import mlx.core as mx

from . import _dtypes as dt
from ._array_object import Array
from ._indexing import true_positions
from ._operands import as_operands, check_array

__all__ = ["isin", "unique_all", "unique_counts", "unique_inverse", "unique_values"]

# Indices and counts have the default indexing dtype.
_INDEX = dt.DEFAULT_INDEX._mx


class UniqueAllResult(NamedTuple):
    values: Array
    indices: Array
    inverse_indices: Array
    counts: Array


class UniqueCountsResult(NamedTuple):
    values: Array
    counts: Array


class UniqueInverseResult(NamedTuple):
    values: Array
    inverse_indices: Array


@overload
def _unique(
    x: Array, name: str, inverse: Literal[True]
) -> tuple[mx.array, mx.array, mx.array, mx.array]: ...
@overload
def _unique(
    x: Array, name: str, inverse: Literal[False]
) -> tuple[mx.array, mx.array, None, mx.array]: ...
def _unique(
    x: Array, name: str, inverse: bool
) -> tuple[mx.array, mx.array, mx.array | None, mx.array]:
    """(values, first indices, inverse indices or None, counts) as ``mx.array``s."""
    check_array(x, name)
    s = x._device._mx
    a = mx.reshape(x._array, (-1,), stream=s)
    n = a.size
    if n == 0:
        empty = mx.zeros((0,), dtype=_INDEX, stream=s)
        inv = mx.zeros(x.shape, dtype=_INDEX, stream=s) if inverse else None
        return a, empty, inv, empty
    perm = mx.argsort(a, axis=0, stream=s).astype(_INDEX, stream=s)
    srt = mx.take(a, perm, axis=0, stream=s)
    # A new group starts where a sorted value differs from its predecessor (NaN != NaN,
    # so every NaN starts its own group; -0.0 == 0.0 share one).
    with mx.stream(s):
        tail, prev = srt[1:], srt[:-1]
    new = mx.concatenate(
        [mx.ones((1,), dtype=mx.bool_, stream=s), mx.not_equal(tail, prev, stream=s)],
        axis=0, stream=s,
    )  # fmt: skip
    starts = true_positions(new, x._device)  # reads the number of unique values
    values = mx.take(srt, starts, axis=0, stream=s)
    # The sort is stable, so the first element of each group is its first occurrence.
    first = mx.take(perm, starts, axis=0, stream=s)
    ends = mx.concatenate([starts, mx.array([n], dtype=_INDEX)], axis=0, stream=s)
    with mx.stream(s):
        counts = mx.subtract(ends[1:], ends[:-1], stream=s)
    inv = None
    if inverse:
        group = mx.subtract(mx.cumsum(new.astype(_INDEX, stream=s), stream=s), 1, stream=s)
        inv = mx.zeros((n,), dtype=_INDEX, stream=s)
        inv = mx.put_along_axis(inv, perm, group, axis=0, stream=s)
        inv = mx.reshape(inv, x.shape, stream=s)
    return values, first, inv, counts


def _wrap(x: Array, *arrays: mx.array) -> tuple[Array, ...]:
    return tuple(Array._new(a, x._device) for a in arrays)


def unique_all(x: Array, /) -> UniqueAllResult:
    values, first, inv, counts = _unique(x, "unique_all", True)
    return UniqueAllResult(*_wrap(x, values, first, inv, counts))


def unique_counts(x: Array, /) -> UniqueCountsResult:
    values, _, _, counts = _unique(x, "unique_counts", False)
    return UniqueCountsResult(*_wrap(x, values, counts))


def unique_inverse(x: Array, /) -> UniqueInverseResult:
    values, _, inv, _ = _unique(x, "unique_inverse", True)
    return UniqueInverseResult(*_wrap(x, values, inv))


def unique_values(x: Array, /) -> Array:
    values, _, _, _ = _unique(x, "unique_values", False)
    return Array._new(values, x._device)


def isin(
    x1: Array | bool | int | float | complex,
    x2: Array | bool | int | float | complex,
    /,
    *,
    invert: bool = False,
) -> Array:
    """Whether each element of ``x1`` equals some element of ``x2`` (value equality: NaN
    is in nothing, ``-0.0`` is in ``[0.0]``). Runs as a sort and a binary search on the
    device (a pairwise comparison for complex values, which have no order)."""
    if type(invert) is not bool:
        raise TypeError(f"isin: invert must be a bool, not {type(invert).__name__}")
    for arg, v in (("x1", x1), ("x2", x2)):
        if not isinstance(v, (Array, bool, int, float, complex)):
            raise TypeError(
                f"isin: {arg} must be an array or a Python scalar, not {type(v).__name__}"
            )
    a1, a2, d, dev = as_operands(x1, x2, "all", "isin")
    s = dev._mx
    flat2 = mx.reshape(a2, (-1,), stream=s)
    if flat2.size == 0:
        found = mx.zeros(a1.shape, dtype=mx.bool_, stream=s)
    elif d in (dt.complex64,):
        eq = mx.equal(mx.expand_dims(a1, -1, stream=s), flat2, stream=s)
        found = mx.any(eq, axis=-1, stream=s)
    else:
        srt = mx.sort(flat2, axis=0, stream=s)
        pos = mx.searchsorted(srt, a1, side="left", stream=s)
        pos = mx.minimum(pos, mx.array(flat2.size - 1, dtype=pos.dtype), stream=s)
        found = mx.equal(mx.take(srt, pos, axis=0, stream=s), a1, stream=s)
    if invert:
        found = mx.logical_not(found, stream=s)
    return Array._new(found, dev)
