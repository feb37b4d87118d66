"""``__getitem__`` / ``__setitem__`` (docs/design.md §7).

MLX does no bounds checks and reads arbitrary memory for out-of-range indices, so every
integer index and integer index array is checked here and IndexError raised. Boolean masks
are data-dependent: their number of True elements is read (one synchronisation) and they are
turned into integer index arrays (``true_indices``); ``x[mask] = scalar`` needs no count and
reads nothing.

Basic indexing (integers, slices, ``...``, ``None``) returns a view (``_array_object.View``,
design §9), as in NumPy; integer-array and boolean indexing copy, and so does an index of
integers alone that selects one element (NumPy returns a scalar there).
"""

from __future__ import annotations

import builtins
import operator
from collections.abc import Sequence
from typing import Any, TypeAlias, cast

import mlx.core as mx
import numpy as np

from . import _dtypes as dt
from ._arguments import MAX_NDIM, check_ndim, int_bounds
from ._array_object import Array, Axes, Permuted, View, new_view, store
from ._devices import Device, same_device
from ._host import from_numpy, to_numpy
from ._operands import scalar_operand
from ._promotion import promote
from ._routing import HOST, ROUTED_DTYPES, route, stream_context
from ._threads import evaluate
from ._trace import TRACE

_INT_OR_NONE = frozenset((int, type(None)))
_HOST_BOUNDS_MAX = 1 << 16  # GPU index arrays up to this size are bounds-checked by NumPy
# Keys and their items are ``Any`` below: they come from users (or are ``_normalize``'s
# checked tuples of ints, slices, None, ... and MLX index arrays), and every function
# tests their types itself.
# ``(result axis, value)`` of the 0-d boolean indices of a key.
_ZeroD: TypeAlias = "Sequence[tuple[int, bool]]"

_SCATTER_ROUTED = ROUTED_DTYPES.get("scatter", frozenset())
_INDEX = dt.DEFAULT_INDEX._mx


def _check_int(i: int, size: int, axis: int) -> int:
    if i < -size or i >= size:
        raise IndexError(
            f"index {i} is out of bounds for axis {axis} with size {size} "
            f"(valid: {-size} to {size - 1})"
        )
    return i


def _index_bounds(idx: mx.array, device: Device) -> tuple[int, int]:
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
    return lo.item(), hi.item()  # type: ignore[return-value]  # ints: idx is an index array


# The bounds of recently checked small index arrays, by the identity of their ``mx.array``
# (whose values never change: a write gives an array a new one). Indexing again with the
# same index array (a loop over ``x[idx]``, the folds of a cross-validation) reads no
# values. Each entry holds its array, so no other array can take its id meanwhile.
_BOUNDS: dict[int, tuple[mx.array, int, int]] = {}
_BOUNDS_ENTRIES = 32
_BOUNDS_SIZE = 2**16


def check_indices(idx: Array, size: int, axis: int, name: str) -> mx.array:
    """Raise IndexError unless every index is in ``[-size, size)`` (evaluates ``idx``):
    the one bounds rule of ``__getitem__``, ``__setitem__``, ``take``,
    ``take_along_axis`` and ``searchsorted``'s sorter (docs/design.md §7). In an
    ``xp.compile`` trace, index arrays computed from the arguments are clamped instead."""
    a = idx._array
    n = a.size
    if n:
        known = _BOUNDS.get(id(a))
        if known is not None and known[0] is a:
            lo, hi = known[1], known[2]
        else:
            traced = False
            try:
                lo, hi = _index_bounds(a, idx._device)
            except ValueError:
                if TRACE.name is None:
                    raise
                traced = True  # computed in an xp.compile trace: no values yet
            if traced:
                return _traced_indices(a, size, axis, name, idx._device)
            if n <= _BOUNDS_SIZE:
                if len(_BOUNDS) >= _BOUNDS_ENTRIES:
                    _BOUNDS.clear()
                _BOUNDS[id(a)] = (a, lo, hi)
        if lo < -size or hi >= size:
            bad = lo if lo < -size else hi
            raise IndexError(
                f"{name}: index {bad} is out of bounds for axis {axis} with size {size} "
                f"(valid: {-size} to {size - 1})"
            )
    return a


def _traced_indices(a: mx.array, size: int, axis: int, name: str, device: Device) -> mx.array:
    """Index values computed in an ``xp.compile`` trace exist only when the compiled
    function runs, too late for IndexError: out-of-range ones are clamped to the nearest
    valid index (negative ones still count from the end), never read or written outside
    the array (docs/compile.md)."""
    if not size:
        raise IndexError(f"{name}: no index is in bounds for axis {axis} with size 0")
    lo, hi = int_bounds(dt.FROM_MX[a.dtype])
    lo, hi = max(lo, -size), min(hi, size - 1)
    return mx.clip(a, mx.array(lo, a.dtype), mx.array(hi, a.dtype), stream=device._mx)


def _check_index_array(a: Array, x: Array, axis: int) -> mx.array:
    same_device(x._device, a._device)
    return check_indices(a, x._array.shape[axis], axis, "index array")


def _from_numpy_index(k: object, x: Array) -> object:
    """A NumPy integer or boolean array used as an index (scikit-learn's CV splitters make
    them) is an index array on ``x``'s device, as in PyTorch, CuPy and JAX."""
    if type(k) is np.ndarray and k.dtype.kind in "biu":
        return Array._new(from_numpy(k), x._device)
    return k


# --- boolean masks ----------------------------------------------------------------------
def true_positions(mask: mx.array, device: Device) -> mx.array:
    """Flat positions of the True elements of the 1-d boolean ``mask``, ascending, int64.

    Their number is the result's shape, so it is read: one synchronisation. Where the
    routing table says HOST (CPU arrays), NumPy finds them in MLX's buffer. Elsewhere one
    prefix sum on the device gives both that number (its last element, the only value the
    host reads) and each True element's output slot, and a scatter writes the positions
    there (False elements go to a discarded extra slot), so that neither the mask nor the
    positions travel through the host.
    """
    s = device._mx
    n = mask.size
    if not n:
        return mx.zeros((0,), dtype=_INDEX, stream=s)
    if route("nonzero", mx.bool_, s) is HOST:
        return from_numpy(np.flatnonzero(to_numpy(mask)), _INDEX)
    slot = mx.cumsum(mask.astype(_INDEX, stream=s), stream=s)
    with stream_context(s):
        total = slot[-1]
    evaluate(total)
    count: int = total.item()  # type: ignore[assignment]  # an int64 (MLX's stubs allow float)
    if count == 0:
        return mx.zeros((0,), dtype=_INDEX, stream=s)
    if count == n:
        return mx.arange(n, dtype=_INDEX, stream=s)
    slot = mx.where(mask, mx.subtract(slot, 1, stream=s), count, stream=s)
    out = mx.zeros((count + 1,), dtype=_INDEX, stream=s)
    out = mx.put_along_axis(out, slot, mx.arange(n, dtype=_INDEX, stream=s), axis=0, stream=s)
    with stream_context(s):
        return out[:count]


def true_indices(mask: mx.array, device: Device) -> tuple[mx.array, ...]:
    """The indices of the True elements of the boolean ``mask`` (at least 1-d), one int64
    array per axis, in row-major order (``true_positions``, one synchronisation)."""
    s = device._mx
    if mask.ndim > 1 and route("nonzero", mx.bool_, s) is HOST:
        return tuple(from_numpy(i, _INDEX) for i in np.nonzero(to_numpy(mask)))
    rest = true_positions(mx.reshape(mask, (-1,), stream=s), device)
    out = []
    for dim in reversed(mask.shape[1:]):
        out.append(mx.remainder(rest, dim, stream=s))
        rest = mx.floor_divide(rest, dim, stream=s)
    out.append(rest)
    return tuple(reversed(out))


def _masked_fill(x: Array, key: Any, v: mx.array) -> bool:
    """``x[mask] = v`` for a boolean ``mask`` of ``x``'s shape and a value of one element,
    as ``where(mask, v, x)``: the number of True elements is not needed, so nothing is
    evaluated. Whether it applied (else the general path sets the value)."""
    if type(key) is tuple and len(key) == 1:
        key = key[0]
    a = x._array
    if not (
        isinstance(key, Array) and key.dtype is dt.bool and v.size == 1 and a.ndim
        and tuple(key._array.shape) == tuple(a.shape)
    ):  # fmt: skip
        return False
    same_device(x._device, key._device)
    s = x._device._mx
    x._array = mx.where(key._array, mx.reshape(v, (), stream=s), a, stream=s)
    return True


def _normalize(x: Array, key: Any) -> tuple[tuple[Any, ...], list[tuple[int, bool]]]:
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
        elif isinstance(k, Array) and k.dtype is dt.bool:
            consumed += k._array.ndim
        else:
            consumed += 1
    if n_ellipsis > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if consumed > ndim:
        raise IndexError(
            f"too many indices for an array of {ndim} dimensions: the index uses {consumed}"
        )
    out: list[Any] = []
    zero_d: list[tuple[int, bool]] = []
    axis = 0
    result_axis = 0
    for k in key:
        tk = type(k)
        is_array = isinstance(k, Array)
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
        elif tk is bool or (is_array and k.dtype is dt.bool and k._array.ndim == 0):
            # a 0-d boolean index adds an axis of length 1 (True) or 0 (False)
            out.append(None)
            zero_d.append((result_axis, builtins.bool(k)))
            result_axis += 1
        elif is_array:
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
                out.extend(true_indices(m, x._device))
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
    parts: list[int | None] = []
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


def _apply_zero_d(y: mx.array, zero_d: _ZeroD) -> mx.array:
    for axis, value in zero_d:
        if not value:
            y = y[(slice(None),) * axis + (slice(0, 0),)]
    return y


# --- views ------------------------------------------------------------------------------
def is_view_key(key: tuple[Any, ...], ndim: int) -> bool:
    """Whether a checked key (``_normalize``'s) makes NumPy return a view: it is basic,
    and not integers alone that select one element."""
    ints = 0
    for k in key:
        tk = type(k)
        if tk is int:
            ints += 1
        elif tk is not slice and k is not None and k is not Ellipsis:
            return False  # an index array
    return ints != len(key) or ints != ndim


def view_of_view(x: View, a: mx.array, key: Any, y: mx.array) -> View:
    """The view ``x[key]`` of the view ``x``, holding ``y``, read from ``a``
    (``x._array``): a view of the same source with the keys composed, as NumPy's views
    share one base, so that reads and writes never walk a chain of views."""
    composed = _compose_view(x, key, a.shape)
    if composed is None:
        return new_view(x, x, key, a, y)
    return new_view(x, x._source, composed, x._seen, y)


def _compose_view(view: View, key: Any, shape: Sequence[int]) -> Any:
    """The key of ``view._source`` that selects ``view[key]`` (``shape`` is the view's),
    or None where there is none (a slice that empties an axis ``None`` inserted)."""
    outer: Any = view._key
    tk = type(outer)
    source_shape = view._source._array.shape
    if tk is not Axes and tk is not Permuted:
        return _compose(outer, source_shape, key, shape)
    if tk is Axes:
        outer, axes = (), outer.axes
    else:
        outer, axes = outer.index, outer.axes.axes
    # view = transpose(b, axes) with b = source[outer]: index b, then permute
    inner, perm = _unpermute(_expand(key, shape), axes)
    b_shape = [0] * len(axes)
    for j, i in enumerate(axes):
        b_shape[i] = shape[j]
    composed = _compose(outer, source_shape, inner, b_shape)
    if composed is None:
        return None
    if perm == list(range(len(perm))):
        return composed
    return Permuted(composed, Axes(tuple(perm)))


def _unpermute(key: list[Any], axes: tuple[int, ...]) -> tuple[tuple[Any, ...], list[int]]:
    """For a view ``transpose(b, axes)`` and an expanded key of it: the key of ``b`` and
    the permutation of ``b[key_b]`` that give ``view[key]``. New axes go last in ``b``'s
    key; the permutation puts them in place."""
    n = len(axes)
    of_b: list[Any] = [None] * n
    outputs = []  # the result's axes in order: b's axis i, or -1 - t for new axis t
    j = new = 0
    for e in key:
        if e is None:
            outputs.append(-1 - new)
            new += 1
        else:
            i = axes[j]
            j += 1
            of_b[i] = e
            if type(e) is slice:
                outputs.append(i)
    kept = [i for i in range(n) if type(of_b[i]) is slice]
    rank = {i: r for r, i in enumerate(kept)}
    perm = [rank[o] if o >= 0 else len(kept) - 1 - o for o in outputs]
    return (*of_b, *(None,) * new), perm


def _slice(start: int, step: int, n: int) -> slice:
    """The slice of ``n`` elements from ``start`` by ``step``, with explicit bounds."""
    if n == 0:
        return slice(0, 0, 1)
    stop = start + (n - 1) * step + (1 if step > 0 else -1)
    return slice(start, stop if stop >= 0 else None, step)


def _expand(key: Any, shape: Sequence[int]) -> list[Any]:
    """A basic key for an array of ``shape`` with every axis explicit: non-negative ints,
    slices with explicit bounds, and ``None``."""
    if type(key) is not tuple:
        key = (key,)
    used = sum(k is not None and k is not Ellipsis for k in key)
    out: list[Any] = []
    axis = 0
    for k in key:
        if k is None:
            out.append(None)
        elif k is Ellipsis:
            span = len(shape) - used
            out.extend(_slice(0, 1, shape[axis + i]) for i in range(span))
            axis += span
        else:
            size = shape[axis]
            axis += 1
            if type(k) is int:
                out.append(k + size if k < 0 else k)
            else:
                start, stop, step = k.indices(size)
                out.append(_slice(start, step, len(range(start, stop, step))))
    out.extend(_slice(0, 1, shape[i]) for i in range(axis, len(shape)))
    return out


def _compose(
    outer: Any, source_shape: Sequence[int], key: Any, shape: Sequence[int]
) -> tuple[Any, ...] | None:
    """The basic key of a source of ``source_shape`` that selects ``v[key]``, where ``v``
    (of ``shape``) is ``source[outer]``; None where there is none (a slice that empties
    an axis ``None`` inserted)."""
    outer = _expand(outer, source_shape)
    inner = _expand(key, shape)
    out: list[Any] = []
    i = 0  # position in ``inner``
    axis = 0  # axis of v
    for e in outer:
        if type(e) is int:
            out.append(e)  # an axis of the source that v does not have
            continue
        while inner[i] is None:
            out.append(None)
            i += 1
        k = inner[i]
        i += 1
        n = shape[axis]
        axis += 1
        if e is None:  # an axis of length 1 that v inserted
            if type(k) is slice:
                if len(range(*k.indices(1))) == 0:
                    return None
                out.append(None)
        elif type(k) is int:
            out.append(e.start + k * e.step)
        else:
            start, stop, step = k.indices(n)
            m = len(range(start, stop, step))
            out.append(_slice(e.start + start * e.step, e.step * step, m))
    out.extend(inner[i:])  # new axes after v's last
    return tuple(out)


def same_key(view_key: object, key: tuple[Any, ...]) -> bool:
    """Whether a view's key (as ``getitem`` kept it) is the checked ``key``."""
    if type(view_key) is not tuple:
        view_key = (view_key,)
    return len(view_key) == len(key) and all(
        type(k1) is type(k2) and k1 == k2 for k1, k2 in zip(view_key, key)
    )


def getitem(x: Array, key: Any, /) -> Array:
    """``x[key]``; bound as ``Array.__getitem__`` itself (no extra Python frame)."""
    a = x._array
    dev = x._device
    tk = type(key)
    # First branches: a slice of ints or None (a view), a single int, an integer index
    # array, on an array of at least one dimension.
    if tk is slice:
        if (
            type(key.start) in _INT_OR_NONE
            and type(key.stop) in _INT_OR_NONE
            and (key.step is None or (type(key.step) is int and key.step))
            and a.ndim
        ):
            with stream_context(dev._mx):
                y = a[key]
            if type(x) is View:
                return view_of_view(x, a, key, y)
            return new_view(x, x, key, a, y)
    elif tk is int:
        shape = a.shape
        if shape:
            n = shape[0]
            _check_int(key, n, 0)
            # A slice of row k (no copy, where MLX's ``a[k]`` copies), on the stream.
            y = mx.take(a, key if key >= 0 else key + n, axis=0, stream=dev._mx)
            if len(shape) > 1:
                if type(x) is View:
                    return view_of_view(x, a, key, y)
                return new_view(x, x, key, a, y)
            return _new(y, dev, x._dtype)
    elif tk is Array and a.ndim and (key._dtype or key.dtype).kind in "iu":
        # The gather that MLX's ``a[idx]`` makes, on the stream.
        y = mx.take(a, _check_index_array(key, x, 0), axis=0, stream=dev._mx)
        if y.ndim > MAX_NDIM:
            check_ndim(y.ndim, "__getitem__")
        return _new(y, dev, x._dtype)
    key, zero_d = _normalize(x, key)
    view = not zero_d and is_view_key(key, a.ndim)
    plan: tuple[Any, ...] | None = None
    if not view and not zero_d:
        plan = _advanced(key, a.shape, dev._mx, scatter=False)
        if plan is not None:
            key, _, shape = plan
            check_ndim(len(shape), "__getitem__")
    with stream_context(dev._mx):  # the 0-d boolean slicing too runs on the device
        y = a[key]
        if zero_d:
            y = _apply_zero_d(y, zero_d)
    if y.ndim > MAX_NDIM:
        check_ndim(y.ndim, "__getitem__")
    if plan is not None and tuple(y.shape) != shape:
        y = mx.reshape(y, shape, stream=dev._mx)
    if view:
        if type(x) is View:
            return view_of_view(x, a, key, y)
        return new_view(x, x, key, a, y)
    return Array._new(y, dev)


def _new(a: mx.array, device: Device, d: dt.DType | None) -> Array:
    """A new array of dtype ``d`` (None: not known yet)."""
    out = _object_new(Array)
    out._array = a
    out._device = device
    out._dtype = d
    return out


_object_new = object.__new__


def _advanced(
    key: tuple[Any, ...], shape: Sequence[int], stream: mx.Stream, scatter: bool
) -> tuple[Any, ...] | None:
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
    tokens: list[tuple[Any, Any]] = []  # the key with ``...`` and the trailing axes spelled out: (index, axis)
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


def _selects_nothing(shape: Sequence[int], key: tuple[Any, ...]) -> bool:
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


def _scatter_args(
    a: mx.array, key: tuple[Any, ...], v: mx.array, stream: mx.Stream
) -> tuple[Any, mx.array] | None:
    """``(key, value)`` as MLX's scatter takes them (``_advanced``), or None when the key
    selects nothing: then nothing is set, as in NumPy (MLX's scatter divides by zero or
    refuses the empty update), but the value must still broadcast to the selection."""
    plan = _advanced(key, a.shape, stream, scatter=True)
    if plan is not None:
        key, mlx_shape, shape = plan
    elif any(isinstance(k, mx.array) and not k.size for k in key) or (
        any(isinstance(k, mx.array) for k in key) and _selects_nothing(a.shape, key)
    ):
        with stream_context(stream):  # lazy: only the selection's shape is read
            shape = tuple(a[key].shape)
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


def _scalar_refused(value: object, d: dt.DType) -> TypeError:
    return TypeError(f"cannot assign a Python {type(value).__name__} into a {d.name} array")


def setitem(x: Array, key: Any, value: object, /) -> None:
    a = x._array
    dev = x._device
    d = x.dtype
    if isinstance(value, Array):
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
        if isinstance(value, complex) and d.kind != "c":  # never converted (float64: complex128)
            raise _scalar_refused(value, d)
        v = scalar_operand(value, x, "all", "__setitem__")
        if v.dtype != a.dtype:
            raise _scalar_refused(value, d)
    else:
        raise TypeError(
            f"__setitem__: the value must be an array or a Python scalar, not "
            f"{type(value).__name__}"
        )
    if _masked_fill(x, key, v):
        return
    key, zero_d = _normalize(x, key)
    if zero_d:
        # x[True] = v sets everything; x[False] = v sets nothing.
        if not all(val for _, val in zero_d):
            return
        key = tuple(k for k in key if k is not None)
    if type(value) is View and value._source is x and same_key(value._key, key):
        # ``x[k] = x[k]`` changes nothing: the last step of ``x[k] += v``, whose view
        # ``x[k]`` has already written its new values into x
        return
    args = _scatter_args(a, key, v, dev._mx)
    if args is None:
        return
    key, v = args
    s = dev._mx
    if a.dtype in _SCATTER_ROUTED and any(isinstance(k, mx.array) for k in key):
        # e.g. MLX's GPU scatter lacks 64-bit integers (scatter never runs on the host)
        s = cast(mx.Stream, route("scatter", a.dtype, s))
    store(x, key, v, stream_context(s))
