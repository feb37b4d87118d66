"""Creation functions. Placement: explicit ``device=``, else the input's own device when
it has one (our arrays, NumPy/CPU data, DLPack producers), else the default device."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import Any

import mlx.core as mx
import numpy as np

from . import _dtypes as dt
from ._arguments import MAX_NDIM, as_int, check_int_fits, check_ndim, new_shape
from ._array_object import Array
from ._complex128 import general_path
from ._devices import (
    Device,
    check_device,
    check_dtype_on,
    cpu,
    get_default_device,
    resolve_device,
    same_device,
    supports_dtype,
)
from ._dlpack import foreign_device, import_host, source_device
from ._host import from_numpy
from ._operands import check_array, mx_scalar
from ._promotion import promote
from ._routing import route
from ._threads import evaluate

__all__ = [
    "arange", "asarray", "empty", "empty_like", "eye", "from_dlpack", "full",
    "full_like", "linspace", "meshgrid", "ones", "ones_like", "tril", "triu",
    "zeros", "zeros_like",
]  # fmt: skip

_INT64 = np.iinfo(np.int64)
# MLX stores each dimension as a 32-bit int.


def _dtype_arg(dtype: object) -> dt.DType | None:
    return None if dtype is None else dt.check_dtype(dtype)


_REAL, _COMPLEX, _INT = dt.DEFAULT_REAL, dt.DEFAULT_COMPLEX, dt.DEFAULT_INT
_FROM_NP, _C128 = dt.FROM_NP, dt.complex128
_object_new = object.__new__


def _scalar_default_dtype(value: object, name: str) -> dt.DType:
    if isinstance(value, bool):
        return dt.bool
    if isinstance(value, int):
        return _INT
    if isinstance(value, float):
        return _REAL
    if isinstance(value, complex):
        return _COMPLEX
    raise TypeError(f"{name}: expected a Python scalar, got {type(value).__name__}")


# --- conversion -------------------------------------------------------------------------
def _from_numpy(a: np.ndarray, dtype: dt.DType | None, name: str) -> mx.array:
    if dtype is None:
        try:
            dtype = dt.FROM_NP[a.dtype]
        except KeyError:
            raise TypeError(f"{name}: unsupported NumPy dtype {a.dtype}") from None
    return from_numpy(a, dtype._mx)


def _sequence_to_numpy(
    obj: Sequence[Any], dtype: dt.DType | None, name: str
) -> tuple[np.ndarray, dt.DType | None]:
    """Nested sequences of scalars (or 0-d arrays) to NumPy, with the spec's defaults."""
    has_arrays = any(isinstance(o, Array) for o in _leaves(obj, name))
    if dtype is not None and dtype.kind in "iu":
        _check_seq_ints(obj, dtype, name)  # before NumPy, whose message names no dtype
    try:
        a = np.asarray(obj, dtype=None if dtype is None else dtype._np)
    except OverflowError:
        raise OverflowError(
            f"{name}: a Python int does not fit in {'int64' if dtype is None else dtype.name}"
        ) from None
    except (ValueError, TypeError) as e:
        raise TypeError(f"{name}: cannot convert {type(obj).__name__} to an array ({e})") from e
    if a.dtype == object and dtype is None and _big_int(obj) is not None and _inexact(obj):
        a = np.asarray(obj, dtype=np.float64)  # floats with ints beyond int64: a float array
    if a.dtype == object:
        big = _big_int(obj)
        if big is not None:
            raise _int64_overflow(big, name)
        raise TypeError(f"{name}: cannot convert {type(obj).__name__} to an array")
    if dtype is None and not has_arrays:
        k = a.dtype.kind
        if k == "f":
            # NumPy makes float64 of ints beyond int64 mixed with others ([1, 2**63]); the
            # spec's dtype for ints is the default integer dtype, which cannot hold them
            if a.size and not np.abs(a).max() < 2.0**63 and not _inexact(obj):
                raise _int64_overflow(_big_int(obj), name)
            dtype = _REAL
        elif k == "c":
            dtype = _COMPLEX
        elif k in "iu":
            if a.dtype == np.uint64:
                raise _int64_overflow(_big_int(obj), name)
            dtype = _INT
        elif k == "b":
            dtype = dt.bool
        elif k in "US":
            raise TypeError(f"{name}: strings cannot be converted to an array")
    return a, dtype


def _int64_overflow(value: int | None, name: str) -> OverflowError:
    return OverflowError(
        f"{name}: Python int {value} does not fit in int64, the default integer dtype; "
        "pass dtype=xp.uint64 for ints up to 2**64 - 1, or use floats"
    )


def _leaves(obj: object, name: str) -> Iterator[object]:
    """The non-sequence elements of a nested list/tuple, walked without recursion (a
    nesting deeper than Python's recursion limit must not crash the interpreter); ValueError
    beyond 64 levels, the most dimensions an array can have."""
    stack = [iter((obj,))]
    while stack:
        for o in stack[-1]:
            if isinstance(o, (list, tuple)):
                if len(stack) > MAX_NDIM:
                    check_ndim(len(stack), name)
                stack.append(iter(o))
                break
            yield o
        else:
            stack.pop()


def _big_int(obj: object) -> int | None:
    """The first Python int of a nested sequence outside int64's range, or None."""
    for o in _leaves(obj, "asarray"):
        if isinstance(o, int) and not isinstance(o, bool) and not _INT64.min <= o <= _INT64.max:
            return o
    return None


def _inexact(obj: object) -> bool:
    return any(isinstance(o, (float, complex, np.inexact)) for o in _leaves(obj, "asarray"))


def _check_seq_ints(obj: object, dtype: dt.DType, name: str) -> None:
    for o in _leaves(obj, name):
        if isinstance(o, int) and not isinstance(o, bool):
            check_int_fits(o, dtype, name)


def _list_dtype(obj: list[Any], types: set[type]) -> dt.DType | None:
    """The dtype of a non-empty 1-D or 2-D list holding only Python floats, only ints
    (within int64) or only bools, which MLX converts as NumPy would; else None.
    ``types`` is ``set(map(type, obj))``."""
    rows = types == _LIST_TYPE
    if rows:
        if len(set(map(len, obj))) != 1 or not obj[0]:
            return None
        types = set(map(type, chain.from_iterable(obj)))
    if types == _FLOAT_TYPE:
        return _REAL
    if types == _BOOL_TYPE:
        return dt.bool
    if types == _INT_TYPE:
        lo, hi = (min(map(min, obj)), max(map(max, obj))) if rows else (min(obj), max(obj))
        if _INT64.min <= lo and hi <= _INT64.max:
            return _INT
    return None


_LIST_TYPE, _FLOAT_TYPE, _INT_TYPE, _BOOL_TYPE = {list}, {float}, {int}, {bool}


def asarray(
    obj: Any,
    /,
    *,
    dtype: dt.DType | None = None,
    device: Device | None = None,
    copy: bool | None = None,
) -> Array:
    """Convert ``obj`` to an array.

    The result is on ``device`` if given, else on ``obj``'s own device when it has one
    (our arrays keep theirs; NumPy arrays, buffers and CPU tensors are on ``xp.cpu``), else
    on the default device (design §5). ``copy=False`` raises ValueError whenever MLX would
    copy (MLX copies all foreign memory on import). ``obj`` is typed ``Any``: any
    array-like (an array, a NumPy array, a buffer, a DLPack producer, a Python scalar,
    a nested sequence).
    """
    tobj = type(obj)
    if tobj is list and obj and (copy is None or copy is True):
        # A flat (or 2-D) list of Python floats, ints or bools: no source device, and
        # MLX converts it as NumPy would.
        types = set(map(type, obj))
        if types == _FLOAT_TYPE and (dtype is None or dtype is _REAL):
            return Array._new(mx.array(obj), resolve_device(device))
        d = _list_dtype(obj, types)  # the defaults or bool: every device has them
        if d is not None and (dtype is None or dtype is d):
            return Array._new(mx.array(obj, dtype=d._mx), resolve_device(device))
    elif tobj is np.ndarray and dtype is None and copy is None:
        # NumPy data of a dtype MLX has, in its own dtype: on the CPU, or on ``device``
        # where that device has the dtype (design §5).
        # (``from_numpy``'s first branch: data with negative strides, which MLX refuses,
        # takes the general path, where ``from_numpy`` copies it.)
        d = _FROM_NP.get(obj.dtype)
        if d is not None and d is not _C128:
            dev = cpu if device is None else device
            if dev is cpu or (type(dev) is Device and supports_dtype(dev, d)):
                try:
                    a = mx.array(obj, dtype=d._mx)
                except ValueError:
                    pass
                else:
                    out = _object_new(Array)
                    out._array = a
                    out._device = dev
                    out._dtype = d
                    return out
    return _asarray(obj, dtype=dtype, device=device, copy=copy)


@general_path(asarray)
def _asarray(
    obj: Any,
    /,
    *,
    dtype: dt.DType | None = None,
    device: Device | None = None,
    copy: bool | None = None,
) -> Array:
    tobj = type(obj)
    if copy not in (None, True, False):
        raise ValueError(f"asarray: copy must be None, True or False, not {copy!r}")
    dtype = _dtype_arg(dtype)
    dev = data_device(obj) if device is None else check_device(device)
    if dev is None:
        dev = get_default_device()
    if isinstance(obj, Array):
        return _convert_array(obj, dtype, dev, copy, "asarray")
    if tobj is np.ndarray or isinstance(obj, np.generic):
        return _convert_numpy(np.asarray(obj), dtype, dev, copy, "asarray")
    if isinstance(obj, mx.array):
        return _convert_mx(obj, dtype, dev, copy)
    if isinstance(obj, (bool, int, float, complex)):
        if copy is False:
            raise ValueError("asarray(copy=False): a Python scalar must be copied")
        if dtype is None:
            dtype = _scalar_default_dtype(obj, "asarray")
        if isinstance(obj, int):
            check_int_fits(obj, dtype, "asarray")
        check_dtype_on(dev, dtype)
        return Array._new(mx_scalar(obj, dtype), dev)
    if isinstance(obj, (list, tuple)):
        if copy is False:
            raise ValueError("asarray(copy=False): a sequence must be copied")
        a, d = _sequence_to_numpy(obj, dtype, "asarray")
        return _convert_numpy(a, d, dev, copy, "asarray")
    if hasattr(obj, "__dlpack__") and hasattr(obj, "__dlpack_device__"):
        x = _import_dlpack(obj, dev, copy)
        return x if dtype is None else _convert_array(x, dtype, dev, False, "asarray")
    try:
        mv = memoryview(obj)
    except TypeError:
        raise TypeError(
            f"asarray: cannot convert {type(obj).__name__} to an array; pass an "
            "array, a NumPy array, a buffer, a DLPack producer, a Python scalar or a "
            "nested sequence"
        ) from None
    return _convert_numpy(np.asarray(mv), dtype, dev, copy, "asarray")


def data_device(obj: object) -> Device | None:
    """The device ``obj``'s data is on, or None where it has none (Python scalars and
    sequences of them, raw ``mx.array``): the one rule "data keeps its device"."""
    if isinstance(obj, Array):
        return obj._device
    if isinstance(obj, (list, tuple)):
        return _sequence_device(obj)
    return foreign_device(obj)


def _sequence_device(obj: Sequence[Any]) -> Device | None:
    """The device of the arrays in a nested sequence (all must share it), or None."""
    first = None
    for o in _leaves(obj, "asarray"):
        if isinstance(o, Array):
            if first is None:
                first = o._device
            else:
                same_device(first, o._device)
    return first


def _convert_array(
    x: Array, dtype: dt.DType | None, dev: Device, copy: bool | None, name: str
) -> Array:
    a = x._array
    if dtype is not None and dtype is not x.dtype:
        if copy is False:
            raise ValueError(
                f"{name}(copy=False): converting {x.dtype.name} to {dtype.name} requires "
                "a copy"
            )
        check_dtype_on(dev, dtype)
        return Array._new(a.astype(dtype._mx, stream=dev._mx), dev)
    check_dtype_on(dev, x.dtype)
    if copy:
        with mx.stream(dev._mx):  # copy on the array's device, not MLX's default
            return Array._new(mx.array(a), dev)
    return x if dev is x._device else Array._new(a, dev)


def _convert_mx(a: mx.array, dtype: dt.DType | None, dev: Device, copy: bool | None) -> Array:
    # A raw mx.array's lazy graph is bound to the thread that built it (MLX's default
    # streams): evaluate it here, in that thread, so the array works in any thread.
    check_ndim(a.ndim, "asarray")
    evaluate(a)
    if dtype is not None and dtype._mx != a.dtype:
        if copy is False:
            raise ValueError("asarray(copy=False): a dtype change requires a copy")
        a = a.astype(dtype._mx, stream=dev._mx)
    elif copy:
        with mx.stream(dev._mx):  # on the package's stream, usable from any thread
            a = mx.array(a)
    check_dtype_on(dev, dt.FROM_MX[a.dtype])
    return Array._new(a, dev)


def _convert_numpy(
    a: np.ndarray, dtype: dt.DType | None, dev: Device, copy: bool | None, name: str
) -> Array:
    if copy is False:
        raise ValueError(
            f"{name}(copy=False): MLX copies NumPy and buffer data on import; use copy=None"
        )
    if dtype is not None:
        check_dtype_on(dev, dtype)  # before converting: complex128 has no MLX dtype
    x = _from_numpy(a, dtype, name)
    check_dtype_on(dev, dt.FROM_MX[x.dtype])
    return Array._new(x, dev)


def from_dlpack(x: Any, /, *, device: Device | None = None, copy: bool | None = None) -> Array:
    """Import a DLPack producer. With ``device=None`` the result is on the producer's
    device (``x.__dlpack_device__()``): NumPy data lands on ``xp.cpu``; pass
    ``device=xp.gpu`` or call ``to_device`` to compute on the GPU."""
    if copy not in (None, True, False):
        raise ValueError(f"from_dlpack: copy must be None, True or False, not {copy!r}")
    if not (hasattr(x, "__dlpack__") and hasattr(x, "__dlpack_device__")):
        raise TypeError(
            f"from_dlpack: {type(x).__name__} does not implement __dlpack__ and "
            "__dlpack_device__; use xp.asarray for other objects"
        )
    if isinstance(x, mx.array) and copy is False:
        raise BufferError("from_dlpack(copy=False): use xp.asarray for mx.array")
    dev = data_device(x) if device is None else check_device(device)
    return _import_dlpack(x, dev or get_default_device(), copy)


def _import_dlpack(x: Any, dev: Device, copy: bool | None) -> Array:
    """A DLPack producer's data as an array on ``dev``."""
    if isinstance(x, Array):
        return _convert_array(x, None, dev, copy, "from_dlpack")
    if isinstance(x, mx.array):
        return _convert_mx(x, None, dev, copy)
    if source_device(x).kind == "gpu":
        try:
            y = mx.from_dlpack(x, copy=copy)
        except (ValueError, RuntimeError, TypeError) as e:
            if copy is False:
                raise BufferError(f"from_dlpack(copy=False): {e}") from e
            y = None
        if y is not None:
            check_dtype_on(dev, dt.FROM_MX[y.dtype])
            return Array._new(y, dev)
    if copy is False:
        raise BufferError(
            "from_dlpack(copy=False): MLX copies host memory on import; pass copy=None"
        )
    a = _from_numpy(import_host(x, copy), None, "from_dlpack")
    check_dtype_on(dev, dt.FROM_MX[a.dtype])
    return Array._new(a, dev)


# --- filled arrays ----------------------------------------------------------------------
def _filled(
    shape: object,
    value: bool | int | float | complex | None,
    dtype: dt.DType | None,
    device: Device | None,
    name: str,
) -> Array:
    dtype = _dtype_arg(dtype) or (
        _REAL if value is None else _scalar_default_dtype(value, name)
    )
    shape = new_shape(shape, name, dtype.bits // 8)
    dev = resolve_device(device)
    check_dtype_on(dev, dtype)
    if value is None:
        return Array._new(mx.zeros(shape, dtype=dtype._mx, stream=dev._mx), dev)
    if isinstance(value, int):
        check_int_fits(value, dtype, name)
        if dtype.kind in "fc" and not isinstance(value, bool):
            value = _int_to_float(value, name)
    if isinstance(value, complex) and dtype.kind != "c":
        raise TypeError(f"{name}: a complex fill value needs a complex dtype")
    if isinstance(value, float) and dtype.kind in "iub":
        raise TypeError(f"{name}: a float fill value needs a floating-point dtype")
    # mx.full ignores dtype= when the value's kind differs (0 with bool gives int32):
    # give it a value of the right dtype.
    fill = mx_scalar(value, dtype)
    return Array._new(mx.full(shape, fill, dtype=dtype._mx, stream=dev._mx), dev)


def zeros(
    shape: int | tuple[int, ...],
    *,
    dtype: dt.DType | None = None,
    device: Device | None = None,
) -> Array:
    return _filled(shape, 0 if dtype is not None else 0.0, dtype, device, "zeros")


def ones(
    shape: int | tuple[int, ...],
    *,
    dtype: dt.DType | None = None,
    device: Device | None = None,
) -> Array:
    return _filled(shape, 1 if dtype is not None else 1.0, dtype, device, "ones")


def empty(
    shape: int | tuple[int, ...],
    *,
    dtype: dt.DType | None = None,
    device: Device | None = None,
) -> Array:
    """Zero-filled (MLX has no uninitialised allocation)."""
    return _filled(shape, 0 if dtype is not None else 0.0, dtype, device, "empty")


def full(
    shape: int | tuple[int, ...],
    fill_value: bool | int | float | complex,
    *,
    dtype: dt.DType | None = None,
    device: Device | None = None,
) -> Array:
    if not isinstance(fill_value, (bool, int, float, complex)):
        raise TypeError(
            f"full: fill_value must be a Python scalar, got {type(fill_value).__name__}"
        )
    return _filled(shape, fill_value, dtype, device, "full")


def _like(
    x: Array,
    value: bool | int | float | complex,
    dtype: dt.DType | None,
    device: Device | None,
    name: str,
) -> Array:
    check_array(x, name)
    dtype = _dtype_arg(dtype) or x.dtype
    dev = x._device if device is None else check_device(device)
    return _filled(x.shape, value, dtype, dev, name)


def zeros_like(
    x: Array, /, *, dtype: dt.DType | None = None, device: Device | None = None
) -> Array:
    return _like(x, 0, dtype, device, "zeros_like")


def ones_like(
    x: Array, /, *, dtype: dt.DType | None = None, device: Device | None = None
) -> Array:
    return _like(x, 1, dtype, device, "ones_like")


def empty_like(
    x: Array, /, *, dtype: dt.DType | None = None, device: Device | None = None
) -> Array:
    return _like(x, 0, dtype, device, "empty_like")


def full_like(
    x: Array,
    /,
    fill_value: bool | int | float | complex,
    *,
    dtype: dt.DType | None = None,
    device: Device | None = None,
) -> Array:
    if not isinstance(fill_value, (bool, int, float, complex)):
        raise TypeError(
            f"full_like: fill_value must be a Python scalar, got {type(fill_value).__name__}"
        )
    check_array(x, "full_like")
    d = _dtype_arg(dtype) or x.dtype
    if isinstance(fill_value, float) and d.kind in "iub":
        raise TypeError(f"full_like: a float fill value cannot fill a {d.name} array")
    return _like(x, fill_value, d, device, "full_like")


def _int_to_float(value: int, name: str) -> float:
    try:
        return float(value)
    except OverflowError:
        raise OverflowError(f"{name}: {value} is too large for a floating-point dtype") from None


# --- ranges -----------------------------------------------------------------------------
def _check_real_scalar(v: object, name: str, argname: str) -> None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError(f"{name}: {argname} must be an int or float, got {v!r}")


def arange(
    start: int | float,
    /,
    stop: int | float | None = None,
    step: int | float = 1,
    *,
    dtype: dt.DType | None = None,
    device: Device | None = None,
) -> Array:
    for argname, v in (("start", start), ("stop", stop), ("step", step)):
        if v is not None:
            _check_real_scalar(v, "arange", argname)
    if stop is None:
        start, stop = 0, start
    if step == 0:
        raise ValueError("arange: step must not be zero")
    for argname, v in (("start", start), ("stop", stop), ("step", step)):
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError(f"arange: {argname} must be finite, got {v!r}")
    dtype = _dtype_arg(dtype)
    if dtype is None:
        is_float = any(isinstance(v, float) for v in (start, stop, step))
        dtype = _REAL if is_float else _INT
    dev = resolve_device(device)
    check_dtype_on(dev, dtype)
    n = max(math.ceil((stop - start) / step), 0)
    if dtype.kind in "iu":
        for v in (start, stop):
            if isinstance(v, int):
                check_int_fits(v, dtype, "arange")
        if n and isinstance(start, int) and isinstance(step, int):
            check_int_fits(start + (n - 1) * step, dtype, "arange")
    new_shape((n,), "arange", dtype.bits // 8)
    if n <= 1 and dtype.kind in "iu":
        a = mx.array(np.arange(start, start + n, dtype=dtype._np))
    elif dtype.kind in "iu" and all(isinstance(v, int) for v in (start, stop, step)):
        a = mx.arange(start, start + n * step, step, dtype=dtype._mx, stream=dev._mx)
        if a.shape[0] != n:  # pragma: no cover - guards MLX's own length rule
            a = a[:n]
    else:
        a = _from_numpy(start + np.arange(n, dtype=np.float64) * step, dtype, "arange")
    return Array._new(a, dev)


def linspace(
    start: int | float | complex | Array,
    stop: int | float | complex | Array,
    /,
    num: int,
    *,
    dtype: dt.DType | None = None,
    device: Device | None = None,
    endpoint: bool = True,
) -> Array:
    """Also takes 0-d arrays as start/stop (as NumPy and array-api-strict do; SciPy passes
    them): their values, and their floating dtype and device unless given."""
    zero_d = [v for v in (start, stop) if isinstance(v, Array)]
    if zero_d:
        if any(v.ndim != 0 for v in zero_d):
            raise TypeError("linspace: start and stop must be Python numbers or 0-d arrays")
        floating = [v.dtype for v in zero_d if v.dtype.kind in "fc"]
        if dtype is None and floating:
            dtype = floating[0] if len(floating) == 1 else promote(*floating)
        if device is None:
            device = zero_d[0].device
        start, stop = (
            (complex(v) if v.dtype.kind == "c" else float(v)) if isinstance(v, Array) else v
            for v in (start, stop)
        )
    for argname, v in (("start", start), ("stop", stop)):
        if isinstance(v, bool) or not isinstance(v, (int, float, complex)):
            raise TypeError(f"linspace: {argname} must be a Python number, got {v!r}")
        if not (math.isfinite(v.real) and math.isfinite(v.imag) if isinstance(v, complex) else math.isfinite(v)):
            raise ValueError(f"linspace: {argname} must be finite, got {v!r}")
    num = as_int(num, "linspace", "num")
    if num < 0:
        raise ValueError(f"linspace: num must be non-negative, got {num}")
    start, stop = (
        _int_to_float(v, "linspace") if isinstance(v, int) else v for v in (start, stop)
    )
    dtype = _dtype_arg(dtype)
    if dtype is None:
        dtype = _COMPLEX if isinstance(start, complex) or isinstance(stop, complex) else _REAL
    if dtype.kind not in "fc":
        raise TypeError(f"linspace: dtype must be floating-point, got {dtype.name}")
    new_shape((num,), "linspace", dtype.bits // 8)
    dev = resolve_device(device)
    check_dtype_on(dev, dtype)
    a = np.linspace(start, stop, num, endpoint=endpoint, dtype=np.complex128 if dtype.kind == "c" else np.float64)
    return Array._new(_from_numpy(a.astype(dtype._np), dtype, "linspace"), dev)


def eye(
    n_rows: int,
    n_cols: int | None = None,
    /,
    *,
    k: int = 0,
    dtype: dt.DType | None = None,
    device: Device | None = None,
) -> Array:
    n_rows = as_int(n_rows, "eye", "n_rows")
    n_cols = n_rows if n_cols is None else as_int(n_cols, "eye", "n_cols")
    k = as_int(k, "eye", "k")
    if n_rows < 0 or n_cols < 0:
        raise ValueError(f"eye: sizes must be non-negative, got ({n_rows}, {n_cols})")
    dtype = _dtype_arg(dtype) or _REAL
    new_shape((n_rows, n_cols), "eye", dtype.bits // 8)
    dev = resolve_device(device)
    check_dtype_on(dev, dtype)
    if n_rows == 0 or n_cols == 0 or k >= n_cols or -k >= n_rows:
        return Array._new(mx.zeros((n_rows, n_cols), dtype=dtype._mx, stream=dev._mx), dev)
    return Array._new(mx_eye(n_rows, n_cols, k, dtype._mx, dev._mx), dev)


def mx_eye(
    n: int,
    m: int | None = None,
    k: int = 0,
    dtype: mx.Dtype = mx.float32,
    stream: mx.Stream | None = None,
) -> mx.array:
    """``mx.eye`` on ``stream``. It scatters: where the routing table sends that dtype's
    scatter elsewhere (MLX's GPU scatter lacks 64-bit integers and complex64), it is built
    from float32 on ``stream`` instead (exact for 0 and 1)."""
    if stream is not None and route("scatter", dtype, stream) is not stream:
        return mx.eye(n, m, k, dtype=mx.float32, stream=stream).astype(dtype, stream=stream)
    return mx.eye(n, m, k, dtype=dtype, stream=stream)


def meshgrid(*arrays: Array, indexing: str = "xy") -> tuple[Array, ...]:
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: indexing must be 'xy' or 'ij', not {indexing!r}")
    if not arrays:
        return ()
    check_ndim(len(arrays), "meshgrid")
    for a in arrays:
        check_array(a, "meshgrid", "arrays")
        if a.ndim != 1:
            raise ValueError(f"meshgrid: every array must be 1-D, got shape {a.shape}")
    dev = arrays[0]._device
    d = arrays[0].dtype
    for a in arrays[1:]:
        same_device(dev, a._device)
        if a.dtype is not d:
            raise TypeError("meshgrid: all arrays must have the same dtype")
    out = mx.meshgrid(*(a._array for a in arrays), indexing=indexing, stream=dev._mx)
    return tuple(Array._new(o, dev) for o in out)


def _tri_mask(x: Array, k: int, upper: bool, name: str) -> Array:
    check_array(x, name)
    k = as_int(k, name, "k")
    if x.ndim < 2:
        raise ValueError(f"{name}: x must have at least 2 dimensions, got {x.ndim}")
    n, m = x.shape[-2:]
    k = max(-n - 1, min(k, m + 1))  # the same mask, within MLX's int32 range
    dev = x._device
    if upper:
        mask = mx.logical_not(mx.tri(n, m, k - 1, dtype=mx.bool_, stream=dev._mx), stream=dev._mx)
    else:
        mask = mx.tri(n, m, k, dtype=mx.bool_, stream=dev._mx)
    zero = mx.zeros((), dtype=x._array.dtype, stream=dev._mx)
    return Array._new(mx.where(mask, x._array, zero, stream=dev._mx), dev)


def tril(x: Array, /, *, k: int = 0) -> Array:
    return _tri_mask(x, k, False, "tril")


def triu(x: Array, /, *, k: int = 0) -> Array:
    return _tri_mask(x, k, True, "triu")
