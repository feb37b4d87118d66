"""Creation functions. Placement: explicit ``device=``, else the input's own device when
it has one (our arrays, NumPy/CPU data, DLPack producers), else the default device."""

from __future__ import annotations

import math
import operator
from itertools import chain

import mlx.core as mx
import numpy as np

from . import _dtypes as dt
from ._arguments import MAX_DIM
from ._array_object import Array, check_array, mx_scalar
from ._devices import check_device, check_dtype_on, cpu, get_default_device, raise_mixed
from ._dlpack import import_host, source_device
from ._promotion import promote
from ._threads import evaluate

__all__ = [
    "arange", "asarray", "empty", "empty_like", "eye", "from_dlpack", "full",
    "full_like", "linspace", "meshgrid", "ones", "ones_like", "tril", "triu",
    "zeros", "zeros_like",
]  # fmt: skip

_INT64 = np.iinfo(np.int64)
# MLX stores each dimension as a 32-bit int.


def _place(device) -> object:
    return get_default_device() if device is None else check_device(device)


def _dtype_arg(dtype):
    return None if dtype is None else dt.check_dtype(dtype)


def _scalar_default_dtype(value, name: str) -> dt.DType:
    if isinstance(value, bool):
        return dt.bool
    if isinstance(value, int):
        return dt.int64
    if isinstance(value, float):
        return dt.float32
    if isinstance(value, complex):
        return dt.complex64
    raise TypeError(f"{name}: expected a Python scalar, got {type(value).__name__}")


def _check_int_fits(value: int, dtype: dt.DType, name: str):
    if dtype.kind in "iu" and not isinstance(value, bool):
        info = np.iinfo(dtype._np)
        if not info.min <= value <= info.max:
            raise OverflowError(f"{name}: {value} does not fit in {dtype.name}")


def _shape_arg(shape, name: str) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        shape = tuple(operator.index(s) for s in shape)
    except TypeError:
        raise TypeError(
            f"{name}: shape must be an int or a tuple of ints, got {shape!r}"
        ) from None
    if any(s < 0 for s in shape):
        raise ValueError(f"{name}: negative dimensions are not allowed, got {shape}")
    if math.prod(shape) > _INT64.max:
        raise ValueError(f"{name}: shape {shape} has more elements than MLX can index")
    if any(s > MAX_DIM for s in shape):
        raise ValueError(
            f"{name}: shape {shape} has a dimension above MLX's limit of 2**31 - 1"
        )
    return shape


# --- conversion -------------------------------------------------------------------------
def _from_numpy(a: np.ndarray, dtype, name: str) -> mx.array:
    if dtype is None:
        try:
            dtype = dt.FROM_NP[a.dtype]
        except KeyError:
            if a.dtype == np.complex128:
                raise TypeError(
                    f"{name}: MLX has no complex128; pass dtype=xp.complex64 to convert"
                ) from None
            raise TypeError(f"{name}: unsupported NumPy dtype {a.dtype}") from None
    if any(st < 0 for st in a.strides):
        a = np.ascontiguousarray(a)  # MLX imports no negative strides (e.g. a[::-1])
    if dtype is dt.bfloat16:
        return mx.array(a.astype(np.float32)).astype(mx.bfloat16, stream=cpu._mx)
    return mx.array(a, dtype=dtype._mx)


def _sequence_to_numpy(obj, dtype, name: str):
    """Nested sequences of scalars (or 0-d arrays) to NumPy, with the spec's defaults."""
    has_arrays = _contains_arrays(obj)
    try:
        a = np.asarray(obj, dtype=None if dtype is None else dtype._np)
    except OverflowError:
        raise OverflowError(f"{name}: a Python int does not fit in int64") from None
    except (ValueError, TypeError) as e:
        raise TypeError(f"{name}: cannot convert {type(obj).__name__} to an array ({e})") from e
    if a.dtype == object:
        if _has_big_int(obj):
            raise OverflowError(f"{name}: a Python int does not fit in int64")
        raise TypeError(f"{name}: cannot convert {type(obj).__name__} to an array")
    if dtype is None and not has_arrays:
        k = a.dtype.kind
        if k == "f":
            dtype = dt.float32
        elif k == "c":
            dtype = dt.complex64
        elif k in "iu":
            if a.dtype == np.uint64:
                raise OverflowError(f"{name}: a Python int does not fit in int64")
            dtype = dt.int64
        elif k == "b":
            dtype = dt.bool
        elif k in "US":
            raise TypeError(f"{name}: strings cannot be converted to an array")
    elif dtype is not None and dtype.kind in "iu":
        _check_seq_ints(obj, dtype, name)
    return a, dtype


def _contains_arrays(obj) -> bool:
    if type(obj) is Array:
        return True
    if isinstance(obj, (list, tuple)):
        return any(_contains_arrays(o) for o in obj)
    return False


def _has_big_int(obj) -> bool:
    if isinstance(obj, int) and not isinstance(obj, bool):
        return not _INT64.min <= obj <= _INT64.max
    if isinstance(obj, (list, tuple)):
        return any(_has_big_int(o) for o in obj)
    return False


def _check_seq_ints(obj, dtype, name):
    if isinstance(obj, int) and not isinstance(obj, bool):
        _check_int_fits(obj, dtype, name)
    elif isinstance(obj, (list, tuple)):
        for o in obj:
            _check_seq_ints(o, dtype, name)


def _list_dtype(obj: list, types: set) -> dt.DType | None:
    """The dtype of a non-empty 1-D or 2-D list holding only Python floats, only ints
    (within int64) or only bools, which MLX converts as NumPy would; else None.
    ``types`` is ``set(map(type, obj))``."""
    rows = types == _LIST_TYPE
    if rows:
        if len(set(map(len, obj))) != 1 or not obj[0]:
            return None
        types = set(map(type, chain.from_iterable(obj)))
    if types == _FLOAT_TYPE:
        return dt.float32
    if types == _BOOL_TYPE:
        return dt.bool
    if types == _INT_TYPE:
        lo, hi = (min(map(min, obj)), max(map(max, obj))) if rows else (min(obj), max(obj))
        if _INT64.min <= lo and hi <= _INT64.max:
            return dt.int64
    return None


_LIST_TYPE, _FLOAT_TYPE, _INT_TYPE, _BOOL_TYPE = {list}, {float}, {int}, {bool}


def asarray(obj, /, *, dtype=None, device=None, copy=None) -> Array:
    """Convert ``obj`` to an array.

    The result is on ``device`` if given, else on ``obj``'s own device when it has one
    (our arrays keep theirs; NumPy arrays, buffers and CPU tensors are on ``xp.cpu``), else
    on the default device. ``copy=False`` raises ValueError whenever MLX would copy
    (MLX copies all foreign memory on import).
    """
    # Fast paths for the common cases: a contiguous NumPy array of a dtype we have, and a
    # flat list of Python floats, ints or bools, with default arguments.
    tobj = type(obj)
    if tobj is np.ndarray and dtype is None and (copy is None or copy is True):
        # (MLX copies NumPy data, so copy=True holds too.)
        d = dt.FROM_NP.get(obj.dtype)
        if d is not None and obj.flags.c_contiguous:
            dev = cpu if device is None else check_device(device)
            check_dtype_on(dev, d)
            return Array._new(mx.array(obj, dtype=d._mx), dev)
    elif tobj is list and obj and (copy is None or copy is True):
        types = set(map(type, obj))
        if types == _FLOAT_TYPE and (dtype is None or dtype is dt.float32):
            # Python floats only: MLX's own choice is float32, the default floating dtype.
            return Array._new(mx.array(obj), _place(device))
        d = _list_dtype(obj, types)  # float32, int64 or bool: every device has them
        if d is not None and (dtype is None or dtype is d):
            return Array._new(mx.array(obj, dtype=d._mx), _place(device))
    dtype = _dtype_arg(dtype)
    if copy not in (None, True, False):
        raise ValueError(f"asarray: copy must be None, True or False, not {copy!r}")
    if type(obj) is Array:
        dev = obj._device if device is None else check_device(device)
        a = obj._array
        if dtype is not None and dtype is not obj.dtype:
            if copy is False:
                raise ValueError(
                    f"asarray(copy=False): converting {obj.dtype.name} to {dtype.name} "
                    "requires a copy"
                )
            check_dtype_on(dev, dtype)
            return Array._new(a.astype(dtype._mx, stream=dev._mx), dev)
        check_dtype_on(dev, obj.dtype)
        if copy:
            with mx.stream(dev._mx):  # copy on the array's device, not MLX's default
                return Array._new(mx.array(a), dev)
        return obj if dev is obj._device else Array._new(a, dev)
    if isinstance(obj, mx.array):
        # MLX binds a lazy graph to the thread that built it: evaluate it here, in that
        # thread, so that the array can be used from any thread (design §10).
        evaluate(obj)
        dev = _place(device)
        if dtype is not None and dtype._mx != obj.dtype:
            if copy is False:
                raise ValueError("asarray(copy=False): a dtype change requires a copy")
            obj = obj.astype(dtype._mx, stream=dev._mx)
        elif copy:
            obj = mx.array(obj)
        check_dtype_on(dev, dt.FROM_MX[obj.dtype])
        return Array._new(obj, dev)
    # NumPy scalars (np.float64 subclasses float) keep their dtype, like NumPy arrays.
    if isinstance(obj, (bool, int, float, complex)) and not isinstance(obj, np.generic):
        if copy is False:
            raise ValueError("asarray(copy=False): a Python scalar must be copied")
        if dtype is None:
            dtype = _scalar_default_dtype(obj, "asarray")
            if dtype is dt.int64:
                _check_int_fits(obj, dtype, "asarray")
        elif dtype.kind in "iu" and isinstance(obj, int):
            _check_int_fits(obj, dtype, "asarray")
        dev = _place(device)
        check_dtype_on(dev, dtype)
        return Array._new(mx_scalar(obj, dtype), dev)
    if copy is False:
        raise ValueError(
            f"asarray(copy=False): MLX copies {type(obj).__name__} data on import; "
            "use copy=None"
        )
    if isinstance(obj, (np.ndarray, np.generic)):
        dev = cpu if device is None else check_device(device)
        a, d = np.asarray(obj), dtype
    elif hasattr(obj, "__dlpack__") and hasattr(obj, "__dlpack_device__"):
        return from_dlpack(obj, device=device, copy=copy) if dtype is None else astype_to(
            from_dlpack(obj, device=device, copy=copy), dtype
        )
    elif isinstance(obj, (list, tuple)):
        _check_sequence_devices(obj, device)
        dev = _sequence_device(obj) if device is None else check_device(device)
        a, d = _sequence_to_numpy(obj, dtype, "asarray")
    else:
        try:
            mv = memoryview(obj)
        except TypeError:
            raise TypeError(
                f"asarray: cannot convert {type(obj).__name__} to an array; pass an "
                "array, a NumPy array, a buffer, a DLPack producer, a Python scalar or a "
                "nested sequence"
            ) from None
        dev = cpu if device is None else check_device(device)
        a, d = np.asarray(mv), dtype
    x = _from_numpy(a, d, "asarray")
    check_dtype_on(dev, dt.FROM_MX[x.dtype])
    return Array._new(x, dev)


def _sequence_device(obj):
    dev = _first_device(obj)
    return get_default_device() if dev is None else dev


def _first_device(obj):
    if type(obj) is Array:
        return obj._device
    if isinstance(obj, (list, tuple)):
        for o in obj:
            d = _first_device(o)
            if d is not None:
                return d
    return None


def _check_sequence_devices(obj, device):
    first = _first_device(obj)
    if first is None:
        return

    def walk(o):
        if type(o) is Array and o._device is not first:
            raise_mixed(first, o._device)
        if isinstance(o, (list, tuple)):
            for e in o:
                walk(e)

    walk(obj)


def astype_to(x: Array, dtype: dt.DType) -> Array:
    if x.dtype is dtype:
        return x
    check_dtype_on(x._device, dtype)
    return Array._new(x._array.astype(dtype._mx, stream=x._device._mx), x._device)


def from_dlpack(x, /, *, device=None, copy=None) -> Array:
    """Import a DLPack producer. With ``device=None`` the result is on the producer's
    device (``x.__dlpack_device__()``): NumPy data lands on ``xp.cpu``; pass
    ``device=xp.gpu`` or call ``to_device`` to compute on the GPU."""
    if copy not in (None, True, False):
        raise ValueError(f"from_dlpack: copy must be None, True or False, not {copy!r}")
    if type(x) is Array:
        return asarray(x, device=device, copy=copy)
    if not (hasattr(x, "__dlpack__") and hasattr(x, "__dlpack_device__")):
        raise TypeError(
            f"from_dlpack: {type(x).__name__} does not implement __dlpack__ and "
            "__dlpack_device__; use xp.asarray for other objects"
        )
    src = source_device(x)
    dev = src if device is None else check_device(device)
    if src.kind == "gpu" and not isinstance(x, mx.array):
        try:
            y = mx.from_dlpack(x, copy=copy)
        except (ValueError, RuntimeError, TypeError) as e:
            if copy is False:
                raise BufferError(f"from_dlpack(copy=False): {e}") from e
            y = None
        if y is not None:
            check_dtype_on(dev, dt.FROM_MX[y.dtype])
            return Array._new(y, dev)
    if isinstance(x, mx.array):
        if copy is False:
            raise BufferError("from_dlpack(copy=False): use xp.asarray for mx.array")
        return asarray(x, device=device, copy=copy)
    if copy is False:
        raise BufferError(
            "from_dlpack(copy=False): MLX copies host memory on import; pass copy=None"
        )
    host = import_host(x, copy)
    a = _from_numpy(host, None, "from_dlpack")
    check_dtype_on(dev, dt.FROM_MX[a.dtype])
    return Array._new(a, dev)


# --- filled arrays ----------------------------------------------------------------------
def _filled(shape, value, dtype, device, name) -> Array:
    shape = _shape_arg(shape, name)
    dev = _place(device)
    dtype = _dtype_arg(dtype) or (
        dt.float32 if value is None else _scalar_default_dtype(value, name)
    )
    check_dtype_on(dev, dtype)
    if value is None:
        return Array._new(mx.zeros(shape, dtype=dtype._mx, stream=dev._mx), dev)
    if isinstance(value, int):
        _check_int_fits(value, dtype, name)
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


def zeros(shape, *, dtype=None, device=None) -> Array:
    return _filled(shape, 0 if dtype is not None else 0.0, dtype, device, "zeros")


def ones(shape, *, dtype=None, device=None) -> Array:
    return _filled(shape, 1 if dtype is not None else 1.0, dtype, device, "ones")


def empty(shape, *, dtype=None, device=None) -> Array:
    """Zero-filled (MLX has no uninitialised allocation)."""
    return _filled(shape, 0 if dtype is not None else 0.0, dtype, device, "empty")


def full(shape, fill_value, *, dtype=None, device=None) -> Array:
    if not isinstance(fill_value, (bool, int, float, complex)):
        raise TypeError(
            f"full: fill_value must be a Python scalar, got {type(fill_value).__name__}"
        )
    return _filled(shape, fill_value, dtype, device, "full")


def _like(x, value, dtype, device, name) -> Array:
    check_array(x, name)
    dtype = _dtype_arg(dtype) or x.dtype
    dev = x._device if device is None else check_device(device)
    return _filled(x.shape, value, dtype, dev, name)


def zeros_like(x, /, *, dtype=None, device=None) -> Array:
    return _like(x, 0, dtype, device, "zeros_like")


def ones_like(x, /, *, dtype=None, device=None) -> Array:
    return _like(x, 1, dtype, device, "ones_like")


def empty_like(x, /, *, dtype=None, device=None) -> Array:
    return _like(x, 0, dtype, device, "empty_like")


def full_like(x, /, fill_value, *, dtype=None, device=None) -> Array:
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
def _check_real_scalar(v, name, argname):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError(f"{name}: {argname} must be an int or float, got {v!r}")


def arange(start, /, stop=None, step=1, *, dtype=None, device=None) -> Array:
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
        dtype = dt.float32 if is_float else dt.int64
    dev = _place(device)
    check_dtype_on(dev, dtype)
    n = max(math.ceil((stop - start) / step), 0)
    if dtype.kind in "iu":
        for v in (start, stop):
            if isinstance(v, int):
                _check_int_fits(v, dtype, "arange")
        if n and isinstance(start, int) and isinstance(step, int):
            _check_int_fits(start + (n - 1) * step, dtype, "arange")
    _shape_arg((n,), "arange")
    if n <= 1 and dtype.kind in "iu":
        a = mx.array(np.arange(start, start + n, dtype=dtype._np))
    elif dtype.kind in "iu" and all(isinstance(v, int) for v in (start, stop, step)):
        a = mx.arange(start, start + n * step, step, dtype=dtype._mx, stream=dev._mx)
        if a.shape[0] != n:  # pragma: no cover - guards MLX's own length rule
            a = a[:n]
    else:
        a = _from_numpy(start + np.arange(n, dtype=np.float64) * step, dtype, "arange")
    return Array._new(a, dev)


def linspace(start, stop, /, num, *, dtype=None, device=None, endpoint=True) -> Array:
    """Also takes 0-d arrays as start/stop (as NumPy and array-api-strict do; SciPy passes
    them): their values, and their floating dtype and device unless given."""
    zero_d = [v for v in (start, stop) if type(v) is Array]
    if zero_d:
        if any(v.ndim != 0 for v in zero_d):
            raise TypeError("linspace: start and stop must be Python numbers or 0-d arrays")
        floating = [v.dtype for v in zero_d if v.dtype.kind in "fc"]
        if dtype is None and floating:
            dtype = floating[0] if len(floating) == 1 else promote(*floating)
        if device is None:
            device = zero_d[0].device
        start, stop = (
            (complex(v) if v.dtype.kind == "c" else float(v)) if type(v) is Array else v
            for v in (start, stop)
        )
    for argname, v in (("start", start), ("stop", stop)):
        if isinstance(v, bool) or not isinstance(v, (int, float, complex)):
            raise TypeError(f"linspace: {argname} must be a Python number, got {v!r}")
        if not (math.isfinite(v.real) and math.isfinite(v.imag) if isinstance(v, complex) else math.isfinite(v)):
            raise ValueError(f"linspace: {argname} must be finite, got {v!r}")
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"linspace: num must be non-negative, got {num}")
    _shape_arg((num,), "linspace")
    start, stop = (
        _int_to_float(v, "linspace") if isinstance(v, int) else v for v in (start, stop)
    )
    dtype = _dtype_arg(dtype)
    if dtype is None:
        dtype = dt.complex64 if isinstance(start, complex) or isinstance(stop, complex) else dt.float32
    if dtype.kind not in "fc":
        raise TypeError(f"linspace: dtype must be floating-point, got {dtype.name}")
    dev = _place(device)
    check_dtype_on(dev, dtype)
    a = np.linspace(start, stop, num, endpoint=endpoint, dtype=np.complex128 if dtype.kind == "c" else np.float64)
    return Array._new(_from_numpy(a.astype(dtype._np), dtype, "linspace"), dev)


def eye(n_rows, n_cols=None, /, *, k=0, dtype=None, device=None) -> Array:
    n_rows = operator.index(n_rows)
    n_cols = n_rows if n_cols is None else operator.index(n_cols)
    k = operator.index(k)
    if n_rows < 0 or n_cols < 0:
        raise ValueError(f"eye: sizes must be non-negative, got ({n_rows}, {n_cols})")
    _shape_arg((n_rows, n_cols), "eye")
    dtype = _dtype_arg(dtype) or dt.float32
    dev = _place(device)
    check_dtype_on(dev, dtype)
    if n_rows == 0 or n_cols == 0 or k >= n_cols or -k >= n_rows:
        return Array._new(mx.zeros((n_rows, n_cols), dtype=dtype._mx, stream=dev._mx), dev)
    return Array._new(mx_eye(n_rows, n_cols, k, dtype._mx, dev._mx), dev)


def mx_eye(n: int, m: int | None = None, k: int = 0, dtype=mx.float32, stream=None) -> mx.array:
    """``mx.eye``, except that complex64 and 64-bit integers are built from float32
    (exact for 0 and 1): MLX's GPU scatter, which ``mx.eye`` uses, has none of them."""
    if dtype in (mx.complex64, mx.int64, mx.uint64):
        return mx.eye(n, m, k, dtype=mx.float32, stream=stream).astype(dtype, stream=stream)
    return mx.eye(n, m, k, dtype=dtype, stream=stream)


def meshgrid(*arrays, indexing: str = "xy") -> tuple[Array, ...]:
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: indexing must be 'xy' or 'ij', not {indexing!r}")
    if not arrays:
        return ()
    for a in arrays:
        check_array(a, "meshgrid", "arrays")
        if a.ndim != 1:
            raise ValueError(f"meshgrid: every array must be 1-D, got shape {a.shape}")
    dev = arrays[0]._device
    d = arrays[0].dtype
    for a in arrays[1:]:
        if a._device is not dev:
            raise_mixed(dev, a._device)
        if a.dtype is not d:
            raise TypeError("meshgrid: all arrays must have the same dtype")
    out = mx.meshgrid(*(a._array for a in arrays), indexing=indexing, stream=dev._mx)
    return tuple(Array._new(o, dev) for o in out)


def _tri_mask(x: Array, k: int, upper: bool, name: str) -> Array:
    check_array(x, name)
    k = operator.index(k)
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


def tril(x, /, *, k=0) -> Array:
    return _tri_mask(x, k, False, "tril")


def triu(x, /, *, k=0) -> Array:
    return _tri_mask(x, k, True, "triu")
