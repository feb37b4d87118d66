"""Statistical functions of the standard.

Reductions run on the input's device and stay lazy. Accumulation dtypes follow the spec:
``sum``, ``prod`` and ``cumulative_*`` of a signed integer (or bool) array give the default
integer dtype (int64), of an unsigned one uint64, and of a floating one the input's dtype.
MLX itself would give int32/uint32 for small integers; we cast before reducing.
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Callable, Sequence

import mlx.core as mx

from . import _dtypes as dt
from ._arguments import check_keepdims, normalize_axis, reduction_axes
from ._array_object import Array
from ._complex128 import general_path
from ._devices import check_dtype_on
from ._operands import check_array

__all__ = [
    "cumulative_prod", "cumulative_sum", "max", "mean", "min", "prod", "std", "sum", "var",
]  # fmt: skip


# --- shared rules -----------------------------------------------------------------------
def _accumulation_dtype(x: Array, dtype: dt.DType | None, name: str) -> dt.DType:
    """The result dtype of sum/prod/cumulative_* (spec: default integer for small ints)."""
    if x.dtype not in dt.NUMERIC and x.dtype is not dt.bool:
        raise TypeError(f"{name}: expected a numeric array, got {x.dtype.name}")
    if dtype is None:
        k = x.dtype.kind
        if k in "bi":
            return dt.int64
        if k == "u":
            return dt.uint64
        return x.dtype
    dtype = dt.check_dtype(dtype)
    if dtype not in dt.NUMERIC:
        raise TypeError(f"{name}: dtype must be a numeric dtype, not {dtype.name}")
    if x.dtype.kind == "c" and dtype.kind != "c":
        raise TypeError(
            f"{name}: dtype={dtype.name} would discard the imaginary part of a "
            f"{x.dtype.name} array; use a complex dtype or take xp.real first"
        )
    check_dtype_on(x._device, dtype)
    return dtype


def _cast(x: Array, dtype: dt.DType) -> mx.array:
    a = x._array
    return a if a.dtype == dtype._mx else a.astype(dtype._mx, stream=x._device._mx)


def reduced_shape(
    shape: Sequence[int], axes: Sequence[int], keepdims: bool
) -> tuple[int, ...]:
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def empty_reduction(
    x: Array, axes: Sequence[int], keepdims: bool, value: complex, mx_dtype: mx.Dtype
) -> Array:
    """The result of reducing an array of size 0: ``value`` (the identity) everywhere.

    MLX's full reductions of size-0 arrays read uninitialised memory (measured with
    mlx 0.32: ``mx.sum`` of a (0, 2) array from NumPy gave 6.5e-33, ``mx.any`` True), so
    every reduction checks this case first; it depends only on the shape, so stays lazy.
    """
    shape = reduced_shape(x.shape, axes, keepdims)
    s = x._device._mx
    out = mx.full(shape, value, dtype=mx_dtype, stream=s)
    if out.dtype != mx_dtype:  # mx.full ignores dtype for a value of another kind
        out = out.astype(mx_dtype, stream=s)
    return Array._new(out, x._device)


# MLX counts the elements that go into one result of a reduction in a 32-bit int: on
# broadcast input it silently reduces that count modulo 2**32 (measured with mlx 0.32:
# the sum of 2**32 broadcast ones is 0, their max the dtype's lowest value).
_MAX_COUNT = 2**31 - 1


def mx_reduce(
    fn: Callable[..., mx.array],
    a: mx.array,
    axes: Sequence[int],
    keepdims: bool,
    *,
    stream: mx.Stream,
) -> mx.array:
    """``fn(a, axis=axes, keepdims=keepdims)`` for an MLX reduction ``fn`` (``mx.sum``,
    ``mx.max``, ``float_sum``, ...), in parts wherever one result would reduce more than
    2**31 - 1 elements: the longest reduced axis is split, each part reduced, and the
    partial results reduced again."""
    axes = list(axes)
    n = math.prod(a.shape[i] for i in axes)
    if n <= _MAX_COUNT:
        return fn(a, axis=axes, keepdims=keepdims, stream=stream)
    ax = builtins.max(axes, key=lambda i: a.shape[i])
    step = builtins.max(1, _MAX_COUNT // (n // a.shape[ax]))
    parts = mx.split(a, list(range(step, a.shape[ax], step)), axis=ax, stream=stream)
    partial = [mx_reduce(fn, p, axes, True, stream=stream) for p in parts]
    whole = mx.concatenate(partial, axis=ax, stream=stream)
    return fn(whole, axis=axes, keepdims=keepdims, stream=stream)


def _reduce(
    x: Array,
    axis: int | tuple[int, ...] | None,
    keepdims: bool,
    fn: Callable[..., mx.array],
    dtype: dt.DType,
    name: str,
    identity: float,
) -> Array:
    check_keepdims(keepdims, name)
    axes = reduction_axes(axis, x.ndim, name)
    if x.size == 0:
        return empty_reduction(x, axes, keepdims, identity, dtype._mx)
    a = _cast(x, dtype)
    s = x._device._mx
    out = mx_reduce(fn, a, axes, keepdims, stream=s)
    if out.dtype != dtype._mx:  # MLX reduces small integers in 32 bits
        out = out.astype(dtype._mx, stream=s)
    return Array._new(out, x._device)


_BLOCK = 16
_DIRECT = 1024  # reductions of at most this many elements go straight to mx.sum
_INEXACT = dt.MX_FLOATING


def float_sum(
    a: mx.array, axis: Sequence[int] | None, keepdims: bool = False, *, stream: mx.Stream
) -> mx.array:
    """``mx.sum`` with blocked (two-level, recursively) summation for floating dtypes.

    MLX's CPU reduction adds sequentially into one accumulator (measured with mlx 0.32:
    the float32 sum of 2**25 ones is 16777216, their mean 0.5). Summing blocks of 16
    first, then the block sums, bounds the error like NumPy's pairwise summation. Lazy;
    small reductions go straight to ``mx.sum``, and so do GPU ones: GPU kernels reduce in
    parallel partial sums already, and blocking there is several times slower
    (bench/RESULTS.md).
    """
    axis = list(range(a.ndim)) if axis is None else list(axis)
    n = math.prod(a.shape[i] for i in axis)
    if n > _MAX_COUNT:
        return mx_reduce(float_sum, a, axis, keepdims, stream=stream)
    if n <= _DIRECT or a.dtype not in _INEXACT or stream.device.type == mx.gpu:
        # A reduction over every axis is asked for as such (MLX's all-reduce kernel).
        whole = len(axis) == a.ndim
        return mx.sum(a, axis=None if whole else axis, keepdims=keepdims, stream=stream)
    axis = sorted(axis)
    if axis == list(range(axis[0], axis[-1] + 1)):
        # Adjacent axes (the usual case) merge in place: no transposed copy.
        pre, post = list(a.shape[: axis[0]]), list(a.shape[axis[-1] + 1 :])
        t = mx.reshape(a, [*pre, n, *post], stream=stream)
    else:
        keep = [i for i in range(a.ndim) if i not in axis]
        pre, post = [a.shape[i] for i in keep], []
        t = mx.reshape(mx.transpose(a, keep + axis, stream=stream), [*pre, n], stream=stream)
    ax = len(pre)  # the merged axis being reduced
    while n > _BLOCK:
        m, rest = divmod(n, _BLOCK)
        if rest:  # the tail that fills no block becomes one more partial sum
            t, tail = mx.split(t, [m * _BLOCK], axis=ax, stream=stream)
            tail = mx.sum(tail, axis=ax, keepdims=True, stream=stream)
        t = mx.sum(mx.reshape(t, [*pre, m, _BLOCK, *post], stream=stream), axis=ax + 1,
                   stream=stream)
        if rest:
            t = mx.concatenate([t, tail], axis=ax, stream=stream)
            m += 1
        n = m
    out = mx.sum(t, axis=ax, stream=stream)
    if keepdims:
        out = mx.reshape(out, [1 if i in axis else d for i, d in enumerate(a.shape)], stream=stream)
    return out


# --- reductions -------------------------------------------------------------------------
# Their first branch: one MLX reduction of a plain array over all axes (``axis=None``) or
# one (an int in range), with a bool ``keepdims``, within the general path's limits (which
# is what the general path then comes to). Everything else takes the general path, which
# also computes complex128 on the host (``general_path``).
def _count(a: mx.array, axis: object, keepdims: object) -> int:
    """The number of elements of ``a`` reduced into each result by ``axis`` (None, or an
    int in range) with a bool ``keepdims``; 0 for an empty ``a`` and for other arguments
    (the general path checks and handles them)."""
    if keepdims is not False and keepdims is not True:
        return 0
    n: int = a.size
    if axis is None or n == 0:
        return n
    if type(axis) is int:
        ndim = a.ndim
        if -ndim <= axis < ndim:
            m: int = a.shape[axis]
            return m
    return 0


_object_new = object.__new__
_REAL_FLOATING = dt.REAL_FLOATING
_EXTREMUM_DTYPES = dt.REAL_NUMERIC | {dt.bool}


def sum(
    x: Array,
    /,
    *,
    axis: int | tuple[int, ...] | None = None,
    dtype: dt.DType | None = None,
    keepdims: bool = False,
) -> Array:
    """Bool input sums as the default integer dtype (int64), as NumPy does."""
    if type(x) is Array and dtype is None:
        # A real floating array summed in its own dtype by one MLX reduction, below the
        # size of the blocked summation (``float_sum``; none on the GPU).
        d = x._dtype or x.dtype
        if d in _REAL_FLOATING:
            a = x._array
            whole = axis is None and keepdims is False  # MLX's defaults: no keywords
            n = a.size if whole else _count(a, axis, keepdims)
            dev = x._device
            if 0 < n and (n <= _DIRECT or (dev.kind == "gpu" and n <= _MAX_COUNT)):
                out = _object_new(Array)
                if whole:
                    out._array = mx.sum(a, stream=dev._mx)
                else:
                    out._array = mx.sum(a, axis=axis, keepdims=keepdims, stream=dev._mx)
                out._device = dev
                out._dtype = d
                return out
    return _sum(x, axis=axis, dtype=dtype, keepdims=keepdims)


@general_path(sum)
def _sum(
    x: Array,
    /,
    *,
    axis: int | tuple[int, ...] | None = None,
    dtype: dt.DType | None = None,
    keepdims: bool = False,
) -> Array:
    check_array(x, "sum")
    d = _accumulation_dtype(x, dtype, "sum")
    return _reduce(x, axis, keepdims, float_sum, d, "sum", 0)


def prod(
    x: Array,
    /,
    *,
    axis: int | tuple[int, ...] | None = None,
    dtype: dt.DType | None = None,
    keepdims: bool = False,
) -> Array:
    """Bool input multiplies as the default integer dtype (int64), as NumPy does."""
    check_array(x, "prod")
    d = _accumulation_dtype(x, dtype, "prod")
    return _reduce(x, axis, keepdims, mx.prod, d, "prod", 1)


def _extremum(
    x: Array,
    axis: int | tuple[int, ...] | None,
    keepdims: bool,
    fn: Callable[..., mx.array],
    general: Callable[..., Array],
) -> Array:
    if type(x) is Array:
        # One MLX reduction of a non-empty array over non-empty axes.
        d = x._dtype or x.dtype
        if d in _EXTREMUM_DTYPES:
            a = x._array
            whole = axis is None and keepdims is False  # MLX's defaults: no keywords
            if 0 < (a.size if whole else _count(a, axis, keepdims)) <= _MAX_COUNT:
                dev = x._device
                out = _object_new(Array)
                if whole:
                    out._array = fn(a, stream=dev._mx)
                else:
                    out._array = fn(a, axis=axis, keepdims=keepdims, stream=dev._mx)
                out._device = dev
                out._dtype = d
                return out
    return general(x, axis=axis, keepdims=keepdims)


def _extremum_general(
    x: Array,
    axis: int | tuple[int, ...] | None,
    keepdims: bool,
    fn: Callable[..., mx.array],
    name: str,
) -> Array:
    check_array(x, name)
    if x.dtype not in dt.REAL_NUMERIC and x.dtype is not dt.bool:
        raise TypeError(f"{name}: expected a real-valued array, got {x.dtype.name}")
    check_keepdims(keepdims, name)
    axes = reduction_axes(axis, x.ndim, name)
    shape = x.shape
    empty = [a for a in axes if shape[a] == 0]
    if empty:
        raise ValueError(
            f"{name}: cannot reduce over axis {empty[0]}, which has size 0 (the {name} of "
            f"no elements is undefined); reduce over non-empty axes only"
        )
    if x.size == 0:  # an empty result (MLX misreads size-0 inputs: see empty_reduction)
        return empty_reduction(x, axes, keepdims, 0, x._array.dtype)
    out = mx_reduce(fn, x._array, axes, keepdims, stream=x._device._mx)
    return Array._new(out, x._device)


def max(
    x: Array, /, *, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> Array:
    """Reducing over an empty axis raises ValueError (the spec leaves it to the library).
    NaN propagates. Bool input is accepted, as in NumPy."""
    return _extremum(x, axis, keepdims, mx.max, _max)


@general_path(max)
def _max(
    x: Array, /, *, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> Array:
    return _extremum_general(x, axis, keepdims, mx.max, "max")


def min(
    x: Array, /, *, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> Array:
    """Reducing over an empty axis raises ValueError (the spec leaves it to the library).
    NaN propagates. Bool input is accepted, as in NumPy."""
    return _extremum(x, axis, keepdims, mx.min, _min)


@general_path(min)
def _min(
    x: Array, /, *, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> Array:
    return _extremum_general(x, axis, keepdims, mx.min, "min")


def _floating_input(x: Array, name: str, complex_ok: bool) -> mx.array:
    """``x``'s data in a floating dtype: integer input becomes the default real floating
    dtype (float32), which the spec allows as an extension."""
    check_array(x, name)
    d = x.dtype
    if d.kind in "iu":
        return x._array.astype(dt.DEFAULT_REAL._mx, stream=x._device._mx)
    if d.kind == "f" or (complex_ok and d.kind == "c"):
        return x._array
    allowed = "floating-point" if complex_ok else "real floating-point"
    raise TypeError(f"{name}: expected a {allowed} array, got {d.name}")


def mean(
    x: Array, /, *, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> Array:
    """Integer input gives the default real floating dtype (float32), as the spec allows.
    The mean over no elements is NaN (NaN + NaN j for complex)."""
    if type(x) is Array:
        # A real floating array: one MLX sum (as ``sum``'s first branch), divided by the
        # count (MLX converts the Python int as ``mx.array(n, dtype)`` would).
        d = x._dtype or x.dtype
        if d in _REAL_FLOATING:
            a = x._array
            whole = axis is None and keepdims is False  # MLX's defaults: no keywords
            n = a.size if whole else _count(a, axis, keepdims)
            dev = x._device
            if 0 < n and (n <= _DIRECT or (dev.kind == "gpu" and n <= _MAX_COUNT)):
                s = dev._mx
                out = _object_new(Array)
                if whole:
                    total = mx.sum(a, stream=s)
                else:
                    total = mx.sum(a, axis=axis, keepdims=keepdims, stream=s)
                out._array = mx.divide(total, n, stream=s)
                out._device = dev
                out._dtype = d
                return out
    return _mean(x, axis=axis, keepdims=keepdims)


@general_path(mean)
def _mean(
    x: Array, /, *, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> Array:
    a = _floating_input(x, "mean", complex_ok=True)
    check_keepdims(keepdims, "mean")
    axes = reduction_axes(axis, x.ndim, "mean")
    s = x._device._mx
    n = math.prod(a.shape[i] for i in axes)
    if a.size == 0:  # NaN where no elements are averaged (an empty result otherwise)
        nan = complex(math.nan, math.nan) if a.dtype == mx.complex64 else math.nan
        return empty_reduction(x, axes, keepdims, nan, a.dtype)
    total = float_sum(a, axes, keepdims, stream=s)
    return Array._new(mx.divide(total, mx.array(n, dtype=a.dtype), stream=s), x._device)


def _check_correction(correction: object, name: str) -> float:
    if isinstance(correction, bool) or not isinstance(correction, (int, float)):
        raise TypeError(
            f"{name}: correction must be a real number (int or float), not "
            f"{type(correction).__name__}"
        )
    # a float: MLX cannot take Python ints beyond 64 bits (std::bad_cast)
    return float(correction)


def var(
    x: Array,
    /,
    *,
    axis: int | tuple[int, ...] | None = None,
    correction: int | float = 0.0,
    keepdims: bool = False,
) -> Array:
    """Two-pass variance with the divisor ``N - correction``; ``correction`` may be any
    real number (a float is never truncated). When ``N - correction <= 0`` the result is
    NaN, as the spec requires (NumPy returns inf there when the data vary). Integer input
    gives float32."""
    return _var(x, axis, correction, keepdims, "var")


def std(
    x: Array,
    /,
    *,
    axis: int | tuple[int, ...] | None = None,
    correction: int | float = 0.0,
    keepdims: bool = False,
) -> Array:
    """Square root of ``var`` with the same rules for ``correction``."""
    out = _var(x, axis, correction, keepdims, "std")
    return Array._new(mx.sqrt(out._array, stream=x._device._mx), x._device)


def _var(
    x: Array,
    axis: int | tuple[int, ...] | None,
    correction: int | float,
    keepdims: bool,
    name: str,
) -> Array:
    a = _floating_input(x, name, complex_ok=False)
    correction = _check_correction(correction, name)
    check_keepdims(keepdims, name)
    axes = list(reduction_axes(axis, x.ndim, name))
    s = x._device._mx
    n = math.prod(a.shape[i] for i in axes)
    divisor = n - correction
    if divisor <= 0 or a.size == 0:
        # NaN (spec); an empty array also lands here: n == 0 with correction >= 0, or
        # an empty result. A negative correction over no elements gives 0 / -c = 0.
        value = math.nan if divisor <= 0 else 0.0
        return empty_reduction(x, axes, keepdims, value, a.dtype)
    m = mx.divide(float_sum(a, axes, True, stream=s), mx.array(n, dtype=a.dtype), stream=s)
    dev = mx.subtract(a, m, stream=s)
    ss = float_sum(mx.square(dev, stream=s), axes, keepdims, stream=s)
    out = mx.divide(ss, mx.array(divisor, dtype=a.dtype), stream=s)
    return Array._new(out, x._device)


# --- cumulative -------------------------------------------------------------------------
def _cumulative(
    x: Array,
    axis: int | None,
    dtype: dt.DType | None,
    include_initial: bool,
    fn: Callable[..., mx.array],
    identity: int,
    name: str,
) -> Array:
    check_array(x, name)
    d = _accumulation_dtype(x, dtype, name)
    if x.ndim == 0:
        raise ValueError(
            f"{name}: x must have at least one dimension; reshape a 0-d array to (1,) first"
        )
    if axis is None:
        if x.ndim > 1:
            raise ValueError(
                f"{name}: axis is required for arrays with more than one dimension "
                f"(x has shape {x.shape})"
            )
        ax = 0
    else:
        ax = normalize_axis(axis, x.ndim, name)
    s = x._device._mx
    out = fn(_cast(x, d), axis=ax, stream=s)
    if out.dtype != d._mx:  # MLX accumulates small integers in 32 bits
        out = out.astype(d._mx, stream=s)
    if include_initial:
        shape = list(x.shape)
        shape[ax] = 1
        init = mx.full(shape, identity, dtype=d._mx, stream=s)
        out = mx.concatenate([init, out], axis=ax, stream=s)
    return Array._new(out, x._device)


def cumulative_sum(
    x: Array,
    /,
    *,
    axis: int | None = None,
    dtype: dt.DType | None = None,
    include_initial: bool = False,
) -> Array:
    """Accumulation dtype as for ``sum``. 0-d input raises ValueError."""
    return _cumulative(x, axis, dtype, include_initial, mx.cumsum, 0, "cumulative_sum")


def cumulative_prod(
    x: Array,
    /,
    *,
    axis: int | None = None,
    dtype: dt.DType | None = None,
    include_initial: bool = False,
) -> Array:
    """Accumulation dtype as for ``prod``. 0-d input raises ValueError."""
    return _cumulative(x, axis, dtype, include_initial, mx.cumprod, 1, "cumulative_prod")
