"""Manipulation functions of the standard, run on the inputs' device (axis and size
arguments follow the rules of ``_arguments``)."""

from __future__ import annotations

import math
from typing import cast

import mlx.core as mx
import numpy as np

from . import _dtypes as dt
from ._arguments import (
    MAX_NDIM,
    as_int,
    check_dims,
    check_ndim,
    normalize_axes,
    normalize_axis,
    shape_tuple,
)
from ._array_object import Array, Axes, View, permuted
from ._complex128 import general_path
from ._devices import Device, common_device
from ._host import to_numpy
from ._operands import check_array
from ._promotion import result_type_of
from ._threads import evaluate

__all__ = [
    "broadcast_arrays", "broadcast_shapes", "broadcast_to", "concat", "expand_dims",
    "flip", "moveaxis", "permute_dims", "repeat", "reshape", "roll", "squeeze", "stack",
    "tile", "unstack",
]  # fmt: skip

_object_new = object.__new__


def _array_sequence(arrays: object, name: str) -> list[Array]:
    if isinstance(arrays, Array) or not isinstance(arrays, (tuple, list)):
        raise TypeError(f"{name}: expected a tuple or list of arrays, got {type(arrays).__name__}")
    if not arrays:
        raise ValueError(f"{name}: need at least one array")
    for i, a in enumerate(arrays):
        check_array(a, name, f"arrays[{i}]")
    return list(arrays)


def _promoted(arrays: list[Array], device: Device) -> tuple[list[mx.array], dt.DType]:
    d = result_type_of(a.dtype for a in arrays)
    mxs = [a._array if a.dtype is d else a._array.astype(d._mx, stream=device._mx) for a in arrays]
    return mxs, d


def _copy(a: mx.array, device: Device) -> mx.array:
    with mx.stream(device._mx):
        return mx.array(a)


# --- broadcasting -----------------------------------------------------------------------
def broadcast_shapes(*shapes: tuple[int, ...]) -> tuple[int, ...]:
    """The shape that the given shapes broadcast to; ValueError if they are incompatible."""
    tuples = [shape_tuple(s, "broadcast_shapes", f"shapes[{i}]") for i, s in enumerate(shapes)]
    ndim = max((len(s) for s in tuples), default=0)
    out = [1] * ndim
    for s in tuples:
        for i, n in enumerate(s, start=ndim - len(s)):
            if n < 0:
                raise ValueError(f"broadcast_shapes: negative dimension in {s}")
            if n == out[i] or n == 1:
                continue
            if out[i] == 1:
                out[i] = n
            else:
                raise ValueError(
                    f"broadcast_shapes: shapes {', '.join(map(str, tuples))} cannot be "
                    "broadcast together"
                )
    return tuple(out)


def broadcast_arrays(*arrays: Array) -> tuple[Array, ...]:
    """Broadcast arrays against each other; returns a tuple (2025.12)."""
    for i, a in enumerate(arrays):
        check_array(a, "broadcast_arrays", f"arrays[{i}]")
    if not arrays:
        return ()
    dev = common_device(*arrays)
    shape = broadcast_shapes(*(a.shape for a in arrays))
    return tuple(
        a if a.shape == shape
        else Array._new(mx.broadcast_to(a._array, shape, stream=dev._mx), dev)
        for a in arrays
    )  # fmt: skip


def broadcast_to(x: Array, /, shape: tuple[int, ...]) -> Array:
    check_array(x, "broadcast_to")
    shape = shape_tuple(shape, "broadcast_to")
    try:
        ok = len(shape) >= x.ndim and broadcast_shapes(x.shape, shape) == shape
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"broadcast_to: cannot broadcast shape {x.shape} to {shape}")
    check_dims(shape, "broadcast_to")
    return Array._new(mx.broadcast_to(x._array, shape, stream=x._device._mx), x._device)


# --- joining and splitting --------------------------------------------------------------
def concat(
    arrays: tuple[Array, ...] | list[Array], /, *, axis: int | None = 0
) -> Array:
    """Join arrays along ``axis`` (``axis=None`` flattens them first); dtypes promote."""
    arrays = _array_sequence(arrays, "concat")
    dev = common_device(*arrays)
    mxs, _ = _promoted(arrays, dev)
    if axis is None:
        mxs = [mx.reshape(a, (-1,), stream=dev._mx) for a in mxs]
        return Array._new(mx.concatenate(mxs, axis=0, stream=dev._mx), dev)
    ndim = arrays[0].ndim
    if ndim == 0:
        raise ValueError(
            "concat: 0-dimensional arrays cannot be concatenated; use axis=None or stack"
        )
    ax = normalize_axis(axis, ndim, "concat")
    s0 = arrays[0].shape
    for i, a in enumerate(arrays[1:], start=1):
        s = a.shape
        if len(s) != ndim or s[:ax] + s[ax + 1 :] != s0[:ax] + s0[ax + 1 :]:
            raise ValueError(
                f"concat: arrays[{i}] has shape {s}, which does not match arrays[0]'s "
                f"shape {s0} outside axis {axis}"
            )
    return Array._new(mx.concatenate(mxs, axis=ax, stream=dev._mx), dev)


def stack(arrays: tuple[Array, ...] | list[Array], /, *, axis: int = 0) -> Array:
    """Join arrays along a new axis; dtypes promote."""
    arrays = _array_sequence(arrays, "stack")
    dev = common_device(*arrays)
    s0 = arrays[0].shape
    for i, a in enumerate(arrays[1:], start=1):
        if a.shape != s0:
            raise ValueError(
                f"stack: all arrays must have the same shape; arrays[0] has {s0}, "
                f"arrays[{i}] has {a.shape}"
            )
    check_ndim(len(s0) + 1, "stack")
    ax = normalize_axis(axis, len(s0) + 1, "stack")
    mxs, _ = _promoted(arrays, dev)
    return Array._new(mx.stack(mxs, axis=ax, stream=dev._mx), dev)


def unstack(x: Array, /, *, axis: int = 0) -> tuple[Array, ...]:
    check_array(x, "unstack")
    if x.ndim == 0:
        raise ValueError("unstack: x must have at least one dimension")
    ax = normalize_axis(axis, x.ndim, "unstack")
    dev = x._device
    a = x._array
    if a.size == 0:
        shape = a.shape[:ax] + a.shape[ax + 1 :]
        return tuple(
            Array._new(mx.zeros(shape, dtype=a.dtype, stream=dev._mx), dev)
            for _ in range(a.shape[ax])
        )
    return tuple(
        Array._new(mx.take(a, i, axis=ax, stream=dev._mx), dev) for i in range(a.shape[ax])
    )


# --- shape changes ----------------------------------------------------------------------
def expand_dims(x: Array, /, axis: int | tuple[int, ...]) -> Array:
    """Insert singleton axes at the positions ``axis`` (an int or a tuple, 2025.12) of the
    output."""
    check_array(x, "expand_dims")
    n_new = len(axis) if isinstance(axis, (tuple, list)) else 1
    check_ndim(x.ndim + n_new, "expand_dims")
    axes = normalize_axes(axis, x.ndim + n_new, "expand_dims")
    return Array._new(mx.expand_dims(x._array, axes, stream=x._device._mx), x._device)


def squeeze(x: Array, /, axis: int | tuple[int, ...]) -> Array:
    """Remove singleton axes; ValueError if a named axis does not have size 1."""
    check_array(x, "squeeze")
    axes = normalize_axes(axis, x.ndim, "squeeze")
    for a in axes:
        if x.shape[a] != 1:
            raise ValueError(
                f"squeeze: axis {a} has size {x.shape[a]}; only axes of size 1 can be removed"
            )
    if not axes:
        return x
    return Array._new(mx.squeeze(x._array, axes, stream=x._device._mx), x._device)


def reshape(x: Array, /, shape: tuple[int, ...], *, copy: bool | None = None) -> Array:
    """Reshape ``x``.

    ``copy=False`` raises ValueError only when MLX would have to copy: MLX reshapes without
    copying whenever the strides of ``x`` allow it (always for row-contiguous data, as in
    NumPy). To know the strides, ``copy=False`` evaluates ``x``. ``copy=True`` copies.
    """
    if copy is None and type(x) is Array and type(shape) is tuple and 0 < len(shape) <= MAX_NDIM:
        # Fast path: non-negative sizes that MLX accepts (it rejects non-integers, sizes
        # beyond int32 and a wrong number of elements, but would take negative sizes other
        # than -1 whose product matches, hence the ``min``); anything else gets the checks
        # below and their messages.
        try:
            if min(shape) >= 0:
                dev = x._device
                out = _object_new(Array)
                out._array = mx.reshape(x._array, shape, stream=dev._mx)
                out._device = dev
                out._dtype = x._dtype
                return out
        except (TypeError, ValueError, OverflowError):
            pass
    return _reshape(x, shape, copy=copy)


@general_path(reshape)
def _reshape(x: Array, /, shape: tuple[int, ...], *, copy: bool | None = None) -> Array:
    check_array(x, "reshape")
    shape = shape_tuple(shape, "reshape")
    if copy not in (None, True, False):
        raise ValueError(f"reshape: copy must be None, True or False, not {copy!r}")
    size = x.size
    if shape.count(-1) > 1:
        raise ValueError("reshape: at most one dimension of shape can be -1")
    if any(s < -1 for s in shape):
        raise ValueError(f"reshape: invalid dimension in shape {shape}")
    known = math.prod(s for s in shape if s != -1)
    if -1 in shape:
        if known == 0 or size % known:
            raise ValueError(f"reshape: cannot reshape array of size {size} into shape {shape}")
        shape = tuple(size // known if s == -1 else s for s in shape)
    elif known != size:
        raise ValueError(f"reshape: cannot reshape array of size {size} into shape {shape}")
    check_dims(shape, "reshape")
    dev = x._device
    if copy is False and not _reshapes_without_copy(x._array, shape):
        raise ValueError(
            f"reshape(copy=False): an array of shape {x.shape} with these strides cannot "
            f"be viewed as shape {shape} without a copy; use copy=None"
        )
    y = mx.reshape(x._array, shape, stream=dev._mx)
    if copy:
        y = _copy(y, dev)
    return Array._new(y, dev)


def _reshapes_without_copy(a: mx.array, shape: tuple[int, ...]) -> bool:
    """MLX follows NumPy's rule for stride-compatible reshapes: check it on the actual
    strides of the evaluated array."""
    if a.size <= 1 or tuple(a.shape) == shape:
        return True
    evaluate(a)
    strides = memoryview(a).strides  # type: ignore[arg-type]  # MLX's stubs lack the buffer protocol
    view = np.lib.stride_tricks.as_strided(np.zeros(1, np.uint8), a.shape, strides)
    try:
        view.reshape(shape, copy=False)
    except ValueError:
        return False
    return True


def permute_dims(x: Array, /, axes: tuple[int, ...]) -> Array:
    """Permute the axes of ``x``; negative axes count from the end. The result is a view
    of ``x``, as in NumPy (design §9)."""
    if type(axes) is tuple:
        # A permutation checked before (ints in range, each once), of x's dimensions.
        checked = _PERMUTATIONS.get(axes)
        if checked is not None and (type(x) is Array or type(x) is View):
            a = x._array
            if len(axes) == a.ndim:
                for i in axes:
                    if type(i) is not int:  # an equal tuple of other numbers
                        break
                else:
                    return permuted(x, a, checked)
    return _permute_dims(x, axes)


@general_path(permute_dims)
def _permute_dims(x: Array, /, axes: tuple[int, ...]) -> Array:
    check_array(x, "permute_dims")
    if not isinstance(axes, (tuple, list)):
        raise TypeError(f"permute_dims: axes must be a tuple of ints, not {type(axes).__name__}")
    if len(axes) != x.ndim:
        raise ValueError(
            f"permute_dims: axes {tuple(axes)} must have one entry per dimension of x ({x.ndim})"
        )
    perm = normalize_axes(tuple(axes), x.ndim, "permute_dims", "axes")
    checked = Axes(perm)
    if perm == axes and len(_PERMUTATIONS) < _MAX_PERMUTATIONS:
        _PERMUTATIONS[perm] = checked
    return permuted(x, x._array, checked)


# The permutations ``permute_dims`` has checked, as the keys of their views.
_PERMUTATIONS: dict[tuple[int, ...], Axes] = {}
_MAX_PERMUTATIONS = 1024


def moveaxis(
    x: Array, source: int | tuple[int, ...], destination: int | tuple[int, ...], /
) -> Array:
    check_array(x, "moveaxis")
    src = normalize_axes(source, x.ndim, "moveaxis", "source")
    dst = normalize_axes(destination, x.ndim, "moveaxis", "destination")
    if len(src) != len(dst):
        raise ValueError(
            f"moveaxis: source {source} and destination {destination} must have the same "
            "number of axes"
        )
    order = [i for i in range(x.ndim) if i not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return permuted(x, x._array, Axes(tuple(order)))  # a view, as in NumPy (design §9)


def flip(x: Array, /, *, axis: int | tuple[int, ...] | None = None) -> Array:
    check_array(x, "flip")
    axes = tuple(range(x.ndim)) if axis is None else normalize_axes(axis, x.ndim, "flip")
    if not axes or x.size == 0:
        return x
    return Array._new(mx.flip(x._array, axes, stream=x._device._mx), x._device)


def roll(
    x: Array,
    /,
    shift: int | tuple[int, ...],
    *,
    axis: int | tuple[int, ...] | None = None,
) -> Array:
    check_array(x, "roll")
    dev = x._device
    a = x._array
    shifts: int | tuple[int, ...]
    if isinstance(shift, (tuple, list)):
        shifts = tuple(as_int(s, "roll", "shift") for s in shift)
        if axis is None or not isinstance(axis, (tuple, list)) or len(axis) != len(shifts):
            raise ValueError("roll: a tuple shift needs a tuple axis of the same length")
    else:
        shifts = as_int(shift, "roll", "shift")
    if axis is None:
        if a.size == 0:
            return x
        flat = mx.reshape(a, (-1,), stream=dev._mx)
        # An int: a tuple shift needs a tuple axis (checked above).
        out = mx.roll(flat, cast(int, shifts) % a.size, 0, stream=dev._mx)
        return Array._new(mx.reshape(out, a.shape, stream=dev._mx), dev)
    if isinstance(axis, (tuple, list)):
        axes = tuple(normalize_axis(ax, x.ndim, "roll") for ax in axis)
    else:
        axes = (normalize_axis(axis, x.ndim, "roll"),)
    if not isinstance(shifts, tuple):
        shifts = (shifts,) * len(axes)
    # Normalise shifts per axis (repeated axes add up, as in NumPy).
    total: dict[int, int] = {}
    for s, ax in zip(shifts, axes):
        total[ax] = total.get(ax, 0) + s
    axes = tuple(ax for ax in total if a.shape[ax])
    shifts = tuple(total[ax] % a.shape[ax] for ax in axes)
    if not axes:
        return x
    # MLX's stubs take 1-tuples for roll's tuples.
    return Array._new(mx.roll(a, shifts, axes, stream=dev._mx), dev)  # type: ignore[arg-type]


def tile(x: Array, repetitions: tuple[int, ...], /) -> Array:
    check_array(x, "tile")
    reps = shape_tuple(repetitions, "tile", "repetitions")
    if any(r < 0 for r in reps):
        raise ValueError(f"tile: repetitions must be non-negative, got {reps}")
    a = x._array
    dev = x._device
    if not reps:
        return x
    n = max(len(reps), a.ndim)
    full_shape = (1,) * (n - a.ndim) + tuple(a.shape)
    full_reps = (1,) * (n - len(reps)) + reps
    check_dims((s * r for s, r in zip(full_shape, full_reps)), "tile")
    if a.ndim == 0 or any(r == 0 for r in reps) or a.size == 0:
        # MLX's tile rejects 0-d inputs and zero repetitions: the result is known.
        shape = tuple(s * r for s, r in zip(full_shape, full_reps))
        if math.prod(shape) == 0:
            return Array._new(mx.zeros(shape, dtype=a.dtype, stream=dev._mx), dev)
        a = mx.reshape(a, full_shape, stream=dev._mx)
        reps = full_reps
    return Array._new(mx.tile(a, reps, stream=dev._mx), dev)


def repeat(x: Array, repeats: int | Array, /, *, axis: int | None = None) -> Array:
    """Repeat elements. An array ``repeats`` makes the output shape data-dependent: it is
    evaluated (and checked to be non-negative)."""
    check_array(x, "repeat")
    dev = x._device
    a = x._array
    if axis is None:
        a = mx.reshape(a, (-1,), stream=dev._mx)
        ax = 0
    else:
        ax = normalize_axis(axis, a.ndim, "repeat")
    n = a.shape[ax]
    if isinstance(repeats, Array):
        common_device(x, repeats)
        if repeats.dtype not in dt.INTEGER:
            raise TypeError(f"repeat: repeats must have an integer dtype, not {repeats.dtype.name}")
        if repeats.ndim > 1 or (repeats.ndim == 1 and repeats.shape[0] not in (1, n)):
            raise ValueError(
                f"repeat: repeats of shape {repeats.shape} must be an int or a 1-d array of "
                f"size 1 or {n}"
            )
        r = to_numpy(repeats._array).astype(np.int64).reshape(-1)
        if (r < 0).any():
            raise ValueError("repeat: repeats must be non-negative")
        if r.size == 1:
            repeats = int(r[0])
        else:
            check_dims((int(r.max(initial=0)),), "repeat")
            check_dims((int(r.sum()),), "repeat")
            idx = np.repeat(np.arange(n, dtype=np.int64), r)
            return Array._new(mx.take(a, mx.array(idx), axis=ax, stream=dev._mx), dev)
    else:
        repeats = as_int(repeats, "repeat", "repeats")
        if repeats < 0:
            raise ValueError(f"repeat: repeats must be non-negative, got {repeats}")
    check_dims((n * repeats,), "repeat")
    if repeats == 0 or n == 0:
        shape = list(a.shape)
        shape[ax] = 0
        return Array._new(mx.zeros(shape, dtype=a.dtype, stream=dev._mx), dev)
    return Array._new(mx.repeat(a, repeats, axis=ax, stream=dev._mx), dev)
