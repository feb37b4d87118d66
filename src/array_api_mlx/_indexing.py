"""``__getitem__`` / ``__setitem__`` (DESIGN 7).

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
from ._arguments import MAX_NDIM, check_ndim
from ._array_object import Array
from ._devices import NO_GPU, same_device
from ._operands import scalar_operand
from ._promotion import promote

_INT_OR_NONE = frozenset((int, type(None)))
_HOST_BOUNDS_MAX = 1 << 16  # GPU index arrays up to this size are bounds-checked by NumPy


def _stream_ctx(device):
    """MLX's ``__getitem__``/``__setitem__`` take no ``stream=``: run them in a stream
    context unless the device already is MLX's default (always where MLX has only the
    CPU)."""
    if NO_GPU or mx.default_device() == device._mx:
        return None
    return mx.stream(device._mx)


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
        h = np.asarray(idx)
        if h.size <= 32:  # NumPy's reductions cost ~1 us each however small the array
            values = h.ravel().tolist()
            return min(values), max(values)
        return int(h.min()), int(h.max())
    s = device._mx
    lo, hi = mx.min(idx, stream=s), mx.max(idx, stream=s)
    mx.eval(lo, hi)
    return lo.item(), hi.item()


def check_indices(idx: Array, size: int, axis: int, name: str) -> mx.array:
    """Raise IndexError unless every index is in ``[-size, size)`` (evaluates ``idx``):
    the one bounds rule of ``__getitem__``, ``__setitem__``, ``take``,
    ``take_along_axis`` and ``searchsorted``'s sorter (DESIGN 7)."""
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
        return Array._new(mx.array(k), x._device)
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
                for nz in np.nonzero(np.asarray(m)):
                    out.append(mx.array(nz.astype(np.int64)))
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
    plan = None
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
        plan = None if zero_d else _advanced(key, a.shape, dev._mx, scatter=False)
        if plan is not None:
            key, _, shape = plan
            check_ndim(len(shape), "__getitem__")
    ctx = _stream_ctx(dev)
    if ctx is None:
        y = a[key]
        if zero_d:
            y = _apply_zero_d(y, zero_d)
    else:
        with ctx:  # the 0-d boolean slicing too runs on the array's device
            y = a[key]
            if zero_d:
                y = _apply_zero_d(y, zero_d)
    if y.ndim > MAX_NDIM:
        check_ndim(y.ndim, "__getitem__")
    if plan is not None and tuple(y.shape) != shape:
        y = mx.reshape(y, shape, stream=dev._mx)
    return Array._new(y, dev)


def _advanced(key: tuple, shape, stream, scatter: bool) -> tuple | None:
    """NumPy's rule for a normalised key with index arrays, in a form MLX follows.

    NumPy places the broadcast dimensions of the advanced indices (index arrays and, with
    them, integers) where they stand when they are adjacent in the key, and first when a
    slice, ``None`` or ``...`` separates them (``x[0, :, idx]`` has the index dimension
    first). MLX's gather agrees except where ``None`` or ``...`` separates them; its
    scatter agrees only where they are adjacent and the key has no ``None`` and no strided
    slice. Elsewhere this returns ``(mlx_key, mlx_shape, numpy_shape)``: ``mlx_key`` has
    no ``None`` or ``...`` and its integers are 0-d arrays; separated advanced indices are
    joined by making the slices before the last one index arrays (ranges), so that MLX
    puts all of them first, in NumPy's order; for the scatter, strided slices become
    ranges too. Selecting with ``mlx_key`` gives ``mlx_shape``, which is ``numpy_shape``
    without dimensions of size 1 of some ``None``. The index arrays made here are computed
    on ``stream`` (the indexed array's device). None where MLX needs no help.
    """
    if not any(isinstance(k, mx.array) for k in key):
        return None
    adv = [i for i, k in enumerate(key) if type(k) is int or isinstance(k, mx.array)]
    adjacent = adv[-1] - adv[0] == len(adv) - 1
    every = False
    if scatter:
        every = any(type(k) is slice and k.step not in (None, 1) for k in key)
        if adjacent and not every and all(k is not None for k in key):
            return None
    elif all(k is not None and k is not Ellipsis for k in key[adv[0] : adv[-1]]):
        return None
    n_consumed = builtins.sum(k is not None and k is not Ellipsis for k in key)
    tokens = []  # the key with ``...`` and the trailing axes spelled out: (index, axis)
    axis = 0
    for k in key:
        if k is Ellipsis:
            for _ in range(len(shape) - n_consumed):
                tokens.append((slice(None), axis))
                axis += 1
        elif k is None:
            tokens.append((None, None))
        else:
            tokens.append((k, axis))
            axis += 1
    tokens.extend((slice(None), i) for i in range(axis, len(shape)))
    b = np.broadcast_shapes(*(tuple(k.shape) for k, _ in tokens if isinstance(k, mx.array)))
    is_adv = [type(k) is int or isinstance(k, mx.array) for k, _ in tokens]
    first, last = is_adv.index(True), len(is_adv) - 1 - is_adv[::-1].index(True)
    lengths = [0 if a else 1 if k is None else len(range(*k.indices(shape[ax])))
               for (k, ax), a in zip(tokens, is_adv)]  # fmt: skip
    # NumPy's order of the result's dimensions: token positions, -1 for the index block
    basic = [i for i, a in enumerate(is_adv) if not a]
    if adjacent:
        order = [i for i in basic if i < first] + [-1] + [i for i in basic if i > last]
    else:
        order = [-1] + basic
    # the tokens that become index arrays: they and the advanced indices make one block
    # of MLX's result, ``frame``, at its front (every, separated) or in place (adjacent)
    if every:
        joined = set(basic)
    elif adjacent:
        joined = set()
    else:
        joined = {i for i in basic if i < last}
    frame = [p for p in order if p == -1 or p in joined]
    after_b = [0] * len(tokens)  # frame dimensions after each token's own
    n = 0
    for p in reversed(frame):
        if p == -1:
            for i, a in enumerate(is_adv):
                if a:
                    after_b[i] = n
            n += len(b)
        else:
            after_b[p] = n
            n += 1
    mlx_key = []
    for i, (k, ax) in enumerate(tokens):
        if is_adv[i]:
            k = mx.array(k) if type(k) is int else k
            if after_b[i]:
                k = mx.reshape(k, tuple(k.shape) + (1,) * after_b[i], stream=stream)
            mlx_key.append(k)
        elif i in joined:
            if k is not None:
                r = mx.arange(*k.indices(shape[ax]), stream=stream)
                mlx_key.append(mx.reshape(r, (r.size,) + (1,) * after_b[i], stream=stream))
        elif k is not None:
            mlx_key.append(k)
    np_shape, mlx_shape = [], []
    for p in order:
        dims = list(b) if p == -1 else [lengths[p]]
        np_shape += dims
        if p == -1 or tokens[p][0] is not None or p in joined:
            mlx_shape += dims
    return tuple(mlx_key), tuple(mlx_shape), tuple(np_shape)


def _selects_nothing(shape, key: tuple) -> bool:
    """Whether a normalised key selects no element, its index arrays aside."""
    axis = 0
    for k in key:
        if k is Ellipsis:
            span = len(shape) - builtins.sum(j is not None and j is not Ellipsis for j in key)
            if 0 in shape[axis : axis + span]:
                return True
            axis += span
        elif k is not None:
            if type(k) is slice and not len(range(*k.indices(shape[axis]))):
                return True
            axis += 1
    return 0 in shape[axis:]


def _scatter_args(a: mx.array, key: tuple, v: mx.array, stream):
    """``(key, value)`` as MLX's scatter takes them (``_advanced``), or None when the key
    selects nothing: then nothing is set, as in NumPy (MLX's scatter divides by zero or
    refuses the empty update), but the value must still broadcast to the selection."""
    plan = _advanced(key, a.shape, stream, scatter=True)
    if plan is not None:
        key, mlx_shape, shape = plan
    elif any(isinstance(k, mx.array) and not k.size for k in key) or (
        any(isinstance(k, mx.array) for k in key) and _selects_nothing(a.shape, key)
    ):
        shape = tuple(a[key].shape)  # lazy: only the selection's shape is read
    else:
        # MLX's scatter follows NumPy's rule here (and sets nothing, after checking the
        # value's shape, for a basic key that selects nothing)
        return key, v
    vshape = tuple(v.shape)
    n = len(vshape) - len(shape)
    if n > 0 and all(d == 1 for d in vshape[:n]):  # NumPy drops leading 1s of the value
        vshape = vshape[n:]
    try:
        fits = np.broadcast_shapes(vshape, shape) == shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(
            f"__setitem__: a value of shape {tuple(v.shape)} cannot be broadcast to the "
            f"selection's shape {shape}"
        )
    if 0 in shape:
        return None
    if plan is not None and not (tuple(v.shape) == shape == mlx_shape):
        v = mx.reshape(v, vshape, stream=stream)
        v = mx.reshape(mx.broadcast_to(v, shape, stream=stream), mlx_shape, stream=stream)
    return key, v


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
    args = _scatter_args(a, key, v, dev._mx)
    if args is None:
        return
    key, v = args
    ctx = _stream_ctx(dev)
    if (
        dev.kind == "gpu"
        and a.dtype in (mx.int64, mx.uint64, mx.complex64)
        and any(isinstance(k, mx.array) for k in key)
    ):
        # MLX's GPU scatter has no 64-bit integers or complex64 (_cpu_routing): scatter on
        # the CPU stream (unified or managed memory; the array keeps its device).
        ctx = mx.stream(mx.cpu)
    if ctx is None:
        a[key] = v
    else:
        with ctx:
            a[key] = v
