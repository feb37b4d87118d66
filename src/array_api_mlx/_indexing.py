"""``__getitem__`` / ``__setitem__`` (docs/design.md §7).

MLX does no bounds checks and reads arbitrary memory for out-of-range indices, so every
integer index and integer index array is checked here and IndexError raised. Boolean masks
are data-dependent: they are evaluated and turned into integer index arrays.
"""

from __future__ import annotations

import builtins
import operator

import mlx.core as mx
import numpy as np

from . import _dtypes as dt
from ._array_object import Array
from ._devices import same_device
from ._host import from_numpy, to_numpy
from ._operands import scalar_operand
from ._promotion import promote
from ._routing import ROUTED_DTYPES, route, stream_context
from ._threads import evaluate

_INT_OR_NONE = frozenset((int, type(None)))
_HOST_BOUNDS_MAX = 1 << 16  # GPU index arrays up to this size are bounds-checked by NumPy
_SCATTER_ROUTED = ROUTED_DTYPES.get("scatter", frozenset())


def _check_int(i: int, size: int, axis: int) -> int:
    if i < -size or i >= size:
        raise IndexError(
            f"index {i} is out of bounds for axis {axis} with size {size} "
            f"(valid: {-size} to {size - 1})"
        )
    return i


def _index_bounds(idx: mx.array, device) -> tuple[int, int]:
    """The smallest and largest value of a non-empty index array (evaluates it).

    On the CPU NumPy reads MLX's buffer without a copy and reduces it an order of
    magnitude faster than two MLX reductions each followed by an evaluation. So it does
    for small GPU index arrays (MLX's GPU memory is unified or CUDA-managed, readable by
    the host): one synchronisation instead of two kernels and one. Large GPU index arrays
    are reduced on the GPU, both reductions evaluated together.
    """
    if device.kind == "cpu" or idx.size <= _HOST_BOUNDS_MAX:
        h = to_numpy(idx)
        if h.size <= 32:  # NumPy's reductions have a fixed cost however small the array
            values = h.ravel().tolist()
            return min(values), max(values)
        return int(h.min()), int(h.max())
    s = device._mx
    lo, hi = mx.min(idx, stream=s), mx.max(idx, stream=s)
    evaluate(lo, hi)
    return lo.item(), hi.item()


def check_indices(idx: Array, size: int, axis: int, name: str) -> mx.array:
    """Raise IndexError unless every index is in ``[-size, size)`` (evaluates ``idx``):
    the one bounds rule of ``__getitem__``, ``__setitem__``, ``take``,
    ``take_along_axis`` and ``searchsorted``'s sorter (docs/design.md §7)."""
    a = idx._array
    if a.size:
        lo, hi = _index_bounds(a, idx._device)
        if lo < -size or hi >= size:
            bad = lo if lo < -size else hi
            raise IndexError(
                f"{name}: index {bad} is out of bounds for axis {axis} with size {size} "
                f"(valid: {-size} to {size - 1})"
            )
    return a


def _check_index_array(a: Array, x: Array, axis: int) -> mx.array:
    same_device(x._device, a._device)
    return check_indices(a, x._array.shape[axis], axis, "index array")


def _from_numpy_index(k, x: Array):
    """A NumPy integer or boolean array used as an index (scikit-learn's CV splitters make
    them) is an index array on ``x``'s device, as in PyTorch, CuPy and JAX."""
    if type(k) is np.ndarray and k.dtype.kind in "biu":
        return Array._new(from_numpy(k), x._device)
    return k


def _normalize(x: Array, key):
    """Validate ``key`` against ``x``; return (mx_key, zero_d_bools).

    ``zero_d_bools`` lists (result_axis, value) for 0-d boolean indices, applied after.
    """
    if not isinstance(key, tuple):
        key = (key,)
    key = tuple(_from_numpy_index(k, x) for k in key)
    ndim = x._array.ndim
    shape = x._array.shape
    n_ellipsis = 0
    consumed = 0
    for k in key:
        if k is Ellipsis:
            n_ellipsis += 1
        elif k is None or type(k) is bool:
            pass
        elif type(k) is Array and k.dtype is dt.bool:
            consumed += k._array.ndim
        else:
            consumed += 1
    if n_ellipsis > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if consumed > ndim:
        raise IndexError(
            f"too many indices for an array of {ndim} dimensions: the index uses {consumed}"
        )
    out = []
    zero_d = []
    axis = 0
    result_axis = 0
    for k in key:
        tk = type(k)
        if tk is slice:
            out.append(_check_slice(k))
            axis += 1
            result_axis += 1
        elif k is Ellipsis:
            out.append(k)
            span = ndim - consumed
            axis += span
            result_axis += span
        elif k is None:
            out.append(None)
            result_axis += 1
        elif tk is bool or (tk is Array and k.dtype is dt.bool and k._array.ndim == 0):
            # a 0-d boolean index adds an axis of length 1 (True) or 0 (False)
            out.append(None)
            zero_d.append((result_axis, builtins.bool(k)))
            result_axis += 1
        elif tk is Array:
            same_device(x._device, k._device)
            kd = k.dtype
            if kd is dt.bool:
                m = k._array
                # a mask dimension matches the array's, or is 0 (selects nothing)
                if not all(
                    ks in (xs, 0) for ks, xs in zip(m.shape, shape[axis : axis + m.ndim])
                ):
                    raise IndexError(
                        f"boolean index of shape {k.shape} does not match the indexed "
                        f"dimensions {tuple(shape[axis : axis + m.ndim])} of the array"
                    )
                for nz in np.nonzero(to_numpy(m)):
                    out.append(from_numpy(nz, mx.int64))
                axis += m.ndim
                result_axis += 1
            elif kd.kind in "iu":
                out.append(_check_index_array(k, x, axis))
                axis += 1
                result_axis += 1
            else:
                raise IndexError(
                    f"index arrays must have an integer or boolean dtype, not {kd.name}"
                )
        elif tk is int or (hasattr(k, "__index__") and not isinstance(k, (float, complex))):
            try:
                i = operator.index(k)
            except TypeError:
                raise IndexError(f"invalid index {k!r}") from None
            if axis >= ndim:
                raise IndexError(f"too many indices for an array of {ndim} dimensions")
            out.append(_check_int(i, shape[axis], axis))
            axis += 1
        else:
            raise IndexError(
                f"invalid index of type {tk.__name__}: indices must be integers, slices, "
                f"..., None, or integer/boolean arrays (convert sequences with xp.asarray)"
            )
    return tuple(out), zero_d


def _check_slice(s: slice) -> slice:
    parts = []
    for v in (s.start, s.stop, s.step):
        if v is None or type(v) is int:
            parts.append(v)
        else:
            try:
                parts.append(operator.index(v))
            except TypeError:
                raise IndexError(
                    f"slice indices must be integers or None, not {type(v).__name__}"
                ) from None
    if parts[2] == 0:
        raise ValueError("slice step cannot be zero")
    return slice(*parts)


def _apply_zero_d(y: mx.array, zero_d) -> mx.array:
    for axis, value in zero_d:
        if not value:
            y = y[(slice(None),) * axis + (slice(0, 0),)]
    return y


def getitem(x: Array, key, /) -> Array:
    """``x[key]``; bound as ``Array.__getitem__`` itself (no extra Python frame)."""
    a = x._array
    dev = x._device
    # Fast paths: a slice of ints or None, a single int, an integer index array.
    tk = type(key)
    zero_d = ()
    if (
        tk is slice
        and type(key.start) in _INT_OR_NONE
        and type(key.stop) in _INT_OR_NONE
        and (key.step is None or (type(key.step) is int and key.step))
        and a.ndim
    ):
        pass
    elif tk is int and a.ndim:
        _check_int(key, a.shape[0], 0)
    elif tk is Array and a.ndim and key.dtype.kind in "iu":
        key = _check_index_array(key, x, 0)
    else:
        key, zero_d = _normalize(x, key)
    ctx = stream_context(dev._mx)
    if ctx is None:
        y = a[key]
        if zero_d:
            y = _apply_zero_d(y, zero_d)
    else:
        with ctx:  # the 0-d boolean slicing too runs on the array's device
            y = a[key]
            if zero_d:
                y = _apply_zero_d(y, zero_d)
    return Array._new(y, dev)


def setitem(x: Array, key, value, /) -> None:
    a = x._array
    dev = x._device
    d = x.dtype
    if type(value) is Array:
        same_device(dev, value._device)
        vd = value.dtype
        try:
            ok = promote(d, vd) is d
        except TypeError:
            ok = False
        if not ok:
            raise TypeError(
                f"cannot assign a {vd.name} array into a {d.name} array without changing "
                f"its dtype; cast the value with xp.astype"
            )
        v = value._array if vd is d else value._array.astype(d._mx, stream=dev._mx)
    elif isinstance(value, (bool, int, float, complex)):
        v = scalar_operand(value, x, "all", "__setitem__")
        if v.dtype != a.dtype:
            raise TypeError(
                f"cannot assign a Python {type(value).__name__} into a {d.name} array"
            )
    else:
        raise TypeError(
            f"__setitem__: the value must be an array or a Python scalar, not "
            f"{type(value).__name__}"
        )
    key, zero_d = _normalize(x, key)
    if zero_d:
        # x[True] = v sets everything; x[False] = v sets nothing.
        if not all(val for _, val in zero_d):
            return
        key = tuple(k for k in key if k is not None)
    if any(isinstance(k, mx.array) and k.size == 0 for k in key):
        return  # an empty index array (or a mask selecting nothing) sets nothing
    s = dev._mx
    if a.dtype in _SCATTER_ROUTED and any(isinstance(k, mx.array) for k in key):
        s = route("scatter", a.dtype, s)  # e.g. MLX's GPU scatter lacks 64-bit integers
    ctx = stream_context(s)
    if ctx is None:
        a[key] = v
    else:
        with ctx:
            a[key] = v
