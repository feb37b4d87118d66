"""The ``Array`` wrapper: an ``mx.array`` plus the ``Device`` its operations run on.

The operand rules live here once: ``binary()`` and ``unary()`` check devices, dtype
categories and scalars, promote, call MLX on the array's device and re-wrap. Elementwise
functions and operators are both built on them.
"""

from __future__ import annotations

import math

import mlx.core as mx
import numpy as np

from . import _devices
from . import _dtypes as dt
from ._devices import Device, check_dtype_on, raise_mixed
from ._promotion import promote, scalar_dtype
from ._threads import evaluate

__all__ = ["Array"]

# ``_indexing`` imports this module: bound by ``_install_operators`` once both exist.
_indexing = None
_object_new = object.__new__
_FROM_MX = dt.FROM_MX
_CATEGORIES = dt.CATEGORIES
_SCALARS = (bool, int, float, complex)
_OPERAND_SCALARS = (bool, int, float, complex, np.generic)


class Array:
    """An n-dimensional array of the namespace, placed on ``device``.

    Create arrays with the namespace's creation functions (``xp.asarray``, ...).
    """

    # ``_dtype`` caches our DType of ``_array`` (filled on first use: the dtype of an
    # array never changes, in-place operators and ``__setitem__`` keep it).
    __slots__ = ("_array", "_device", "_dtype", "__weakref__")
    # NumPy defers to our reflected operators.
    __array_priority__ = 100

    def __new__(cls, *args, **kwargs):
        raise TypeError(
            "array_api_mlx.Array cannot be constructed directly; use xp.asarray(obj) or "
            "another creation function"
        )

    @staticmethod
    def _new(x: mx.array, device: Device) -> Array:
        obj = _object_new(Array)
        obj._array = x
        obj._device = device
        obj._dtype = None
        return obj

    # --- attributes ---------------------------------------------------------------------
    @property
    def dtype(self) -> dt.DType:
        d = self._dtype
        if d is None:
            d = self._dtype = _FROM_MX[self._array.dtype]
        return d

    @property
    def device(self) -> Device:
        return self._device

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self._array.shape)

    @property
    def ndim(self) -> int:
        return self._array.ndim

    @property
    def size(self) -> int:
        return self._array.size

    @property
    def T(self) -> Array:
        if self._array.ndim != 2:
            raise ValueError(
                f"x.T requires a 2-dimensional array, got {self._array.ndim} dimensions; "
                "use x.mT or xp.permute_dims for other ranks"
            )
        return Array._new(mx.transpose(self._array, stream=self._device._mx), self._device)

    @property
    def mT(self) -> Array:
        if self._array.ndim < 2:
            raise ValueError(
                f"x.mT requires at least 2 dimensions, got {self._array.ndim}"
            )
        return Array._new(
            mx.swapaxes(self._array, -1, -2, stream=self._device._mx), self._device
        )

    def to_device(self, device, /, *, stream=None) -> Array:
        """Place on ``device``: no memory is copied (MLX memory is unified or managed);
        later operations run on ``device``. Same device returns ``self``."""
        if stream is not None:
            raise ValueError("to_device: the stream argument is not supported; pass None")
        device = _devices.check_device(device)
        if device is self._device:
            return self
        check_dtype_on(device, self.dtype)
        return Array._new(self._array, device)

    def __array_namespace__(self, /, *, api_version: str | None = None):
        """The namespace of ``api_version`` (2023.12, 2024.12 or 2025.12; None: 2025.12)."""
        from ._versions import namespace_for

        return namespace_for(api_version)

    # --- conversion ---------------------------------------------------------------------
    def __repr__(self) -> str:
        body = np.array2string(self._host(), separator=", ", prefix="Array(")
        return f"Array({body}, dtype={self.dtype.name}, device={self._device!r})"

    __str__ = __repr__

    def _host(self) -> np.ndarray:
        """The data as a NumPy array (evaluates; no copy on the CPU where possible)."""
        x = self._array
        if x.size == 0:
            # MLX's CUDA backend crashes converting an empty GPU array to NumPy.
            return np.empty(tuple(x.shape), dtype=dt.FROM_MX[x.dtype]._np)
        if x.dtype == mx.bfloat16:
            x = x.astype(mx.float32, stream=_devices.cpu._mx)
        evaluate(x)
        a = np.asarray(x)
        # MLX exports int64 as C 'long long' ('q'); NumPy's int64 is 'long' ('l') on
        # Linux. Same bits, but C code that checks the type number (SciPy's ndimage)
        # rejects 'q': view it as NumPy's own dtype.
        np_dtype = dt.FROM_MX[x.dtype]._np
        if a.dtype.num != np_dtype.num and a.dtype.itemsize == np_dtype.itemsize:
            a = a.view(np_dtype)
        return a

    def __array__(self, dtype=None, copy=None):
        if copy is False:
            raise ValueError(
                "__array__(copy=False): MLX memory cannot be exported to NumPy without a "
                "copy here; use copy=None or True"
            )
        a = np.array(self._host(), copy=True)
        return a if dtype is None else a.astype(dtype, copy=False)

    def _scalar(self, kind: str):
        if self._array.ndim != 0:
            raise TypeError(
                f"only 0-dimensional arrays can be converted to Python {kind}; this "
                f"array has shape {self.shape}"
            )
        evaluate(self._array)
        return self._array.item()

    def __bool__(self) -> bool:
        return builtins_bool(self._scalar("bool"))

    def __int__(self) -> int:
        if self.dtype.kind == "c":
            raise TypeError("int() of a complex array is not defined; use xp.real first")
        v = self._scalar("int")
        if isinstance(v, float) and not math.isfinite(v):
            if math.isnan(v):
                raise ValueError("cannot convert NaN to int")
            raise OverflowError("cannot convert infinity to int")
        return int(v)

    def __float__(self) -> float:
        if self.dtype.kind == "c":
            raise TypeError("float() of a complex array is not defined; use xp.real first")
        return float(self._scalar("float"))

    def __complex__(self) -> complex:
        return complex(self._scalar("complex"))

    def __index__(self) -> int:
        if self.dtype.kind not in "iu":
            raise TypeError(
                f"only integer arrays can be used as an index, not {self.dtype.name}"
            )
        return int(self._scalar("int"))

    def __len__(self) -> int:
        if self._array.ndim == 0:
            raise TypeError("len() of a 0-dimensional array")
        return self._array.shape[0]

    def __iter__(self):
        # Not a generator: iter() of a 0-d array must raise at once (np.iterable relies
        # on it).
        if self._array.ndim == 0:
            raise TypeError("iteration over a 0-dimensional array")
        return (self[i] for i in range(self._array.shape[0]))

    def __hash__(self):
        raise TypeError("arrays are not hashable")

    # --- pickling and copying -----------------------------------------------------------
    def __reduce__(self):
        """Pickle by value, with the device (``_persistence``)."""
        from ._persistence import reduce

        return reduce(self)

    def __copy__(self) -> Array:
        """A new array of the same values on the same device. The data is shared until
        either array is written: a new ``mx.array`` handle (``__setitem__`` replaces the
        graph of the handle it writes through) on the same immutable MLX data."""
        return Array._new(mx.array(self._array), self._device)

    def __deepcopy__(self, memo) -> Array:
        return self.__copy__()

    # --- DLPack -------------------------------------------------------------------------
    def __dlpack__(self, /, *, stream=None, max_version=None, dl_device=None, copy=None):
        from ._dlpack import export

        return export(self, stream=stream, max_version=max_version, dl_device=dl_device, copy=copy)

    def __dlpack_device__(self) -> tuple:
        from ._dlpack import dlpack_device

        return dlpack_device(self)

    # --- indexing -----------------------------------------------------------------------
    # ``__getitem__`` and ``__setitem__`` are ``_indexing.getitem`` / ``setitem`` themselves,
    # bound by ``_install_operators`` (one Python frame fewer per index).


builtins_bool = bool


# --- operand rules ----------------------------------------------------------------------
def _category_error(name: str, category: str, d: dt.DType):
    raise TypeError(f"{name}: expected an array of {category} dtype, got {d.name}")


def _check_int_range(value: int, d: dt.DType, name: str):
    if d.kind in "iu":
        info = np.iinfo(d._np)
        if value < info.min or value > info.max:
            raise OverflowError(
                f"{name}: Python int {value} is out of range for {d.name} "
                f"[{info.min}, {info.max}]"
            )


def mx_scalar(value, d: dt.DType) -> mx.array:
    """A 0-d ``mx.array`` of dtype ``d`` holding a Python scalar (MLX cannot build uint64
    values above 2**63 - 1 from a Python int: go through NumPy for those)."""
    if d is dt.uint64 and type(value) is int and value > 2**63 - 1:
        return mx.array(np.array(value, dtype=np.uint64))
    if type(value) is int and d.kind in "fc" and not -(2**63) <= value < 2**63:
        # MLX fails with std::bad_cast on ints beyond 64 bits: convert them here
        value = float(value)
    return mx.array(value, dtype=d._mx)


def scalar_operand(value, like: Array, category: str, name: str) -> mx.array:
    """Convert a Python scalar operand to an ``mx.array`` of the dtype it takes with
    ``like`` (DESIGN 4)."""
    d = scalar_dtype(value, like.dtype)
    if d not in dt.CATEGORIES[category]:
        _category_error(name, category, d)
    if type(value) is int or (isinstance(value, int) and not isinstance(value, bool)):
        _check_int_range(value, d, name)
    if type(value) is complex and d.kind != "c":
        raise TypeError(f"{name}: a complex scalar cannot be combined with {d.name}")
    return mx_scalar(value, d)


def as_operands(x1, x2, category: str, name: str):
    """Normalise two operands (arrays or Python scalars) to ``mx.array``s of one dtype.

    Returns ``(a1, a2, dtype, device)``; raises TypeError / ValueError per the spec.
    """
    t1, t2 = type(x1) is Array, type(x2) is Array
    if t1 and t2:
        # Fast path: one device, one dtype, in the category.
        dev = x1._device
        d = x1._dtype
        if d is None:
            d = x1.dtype
        if x2._device is dev and (x2._dtype or x2.dtype) is d and d in _CATEGORIES[category]:
            return x1._array, x2._array, d, dev
    # NumPy scalars (e.g. np.float32(2.0)) are treated as the Python scalars they hold.
    if isinstance(x1, np.generic):
        x1 = x1.item()
    if isinstance(x2, np.generic):
        x2 = x2.item()
    allowed = dt.CATEGORIES[category]
    if t1 and t2:
        dev = x1._device
        if x2._device is not dev:
            raise_mixed(dev, x2._device)
        d1, d2 = x1.dtype, x2.dtype
        if d1 not in allowed:
            _category_error(name, category, d1)
        if d2 not in allowed:
            _category_error(name, category, d2)
        d = promote(d1, d2)
        a1, a2 = x1._array, x2._array
        if d1 is not d:
            a1 = a1.astype(d._mx, stream=dev._mx)
        if d2 is not d:
            a2 = a2.astype(d._mx, stream=dev._mx)
        return a1, a2, d, dev
    if t1 and isinstance(x2, _SCALARS):
        d1 = x1.dtype
        if d1 not in allowed:
            _category_error(name, category, d1)
        a2 = scalar_operand(x2, x1, category, name)
        d = dt.FROM_MX[a2.dtype]
        a1 = x1._array if d is d1 else x1._array.astype(d._mx, stream=x1._device._mx)
        return a1, a2, d, x1._device
    if t2 and isinstance(x1, _SCALARS):
        a2, a1, d, dev = as_operands(x2, x1, category, name)
        return a1, a2, d, dev
    if not t1 and not t2 and isinstance(x1, _SCALARS) and isinstance(x2, _SCALARS):
        raise TypeError(f"{name}: at least one argument must be an array, got two scalars")
    bad = x2 if t1 else x1
    raise TypeError(
        f"{name}: expected an array_api_mlx array or a Python scalar, got "
        f"{type(bad).__module__}.{type(bad).__name__}; convert it with xp.asarray"
    )


# MLX functions that take a Python scalar operand by the rule of DESIGN 4: with a real
# floating array the scalar (float, or int exact in float64) takes the array's dtype; with
# an integer array an int scalar in the dtype's range takes the array's dtype (not for
# ``divide``, whose integer result is a float). ``binary`` passes such scalars straight to
# MLX instead of building a 0-d array first; every other case takes ``as_operands``.
_MX_SCALAR_FNS = frozenset({
    mx.add, mx.subtract, mx.multiply, mx.divide, mx.maximum, mx.minimum,
    mx.equal, mx.not_equal, mx.less, mx.less_equal, mx.greater, mx.greater_equal,
})  # fmt: skip
_F_EXACT = 2**53
_INT_BOUNDS = {
    d: (int(np.iinfo(d._np).min), min(int(np.iinfo(d._np).max), 2**63 - 1))
    for d in dt.INTEGER
}


def _scalar_passes(fn, d: dt.DType, value) -> bool:
    """Can MLX take the Python scalar ``value`` directly with an array of dtype ``d``?"""
    tv = type(value)
    k = d.kind
    if k == "f":
        return tv is float or (tv is int and -_F_EXACT <= value <= _F_EXACT)
    if tv is int and (k == "i" or k == "u") and fn is not mx.divide:
        lo, hi = _INT_BOUNDS[d]
        return lo <= value <= hi
    return False


def binary(x1, x2, fn, category: str, name: str) -> Array:
    """Apply ``fn(a1, a2, stream=...)`` to two operands after the operand rules."""
    t1 = type(x1) is Array
    if t1 and type(x2) is Array:
        # Fast path: one device, one dtype, in the category.
        dev = x1._device
        if x2._device is dev:
            d = x1._dtype
            if d is None:
                d = x1.dtype
            d2 = x2._dtype
            if d2 is None:
                d2 = x2.dtype
            if d is d2 and d in _CATEGORIES[category]:
                out = _object_new(Array)
                out._array = fn(x1._array, x2._array, stream=dev._mx)
                out._device = dev
                out._dtype = None
                return out
    elif fn in _MX_SCALAR_FNS and (t1 or type(x2) is Array):
        # Fast path: an array and a Python scalar that MLX converts as we would.
        x, value = (x1, x2) if t1 else (x2, x1)
        d = x._dtype
        if d is None:
            d = x.dtype
        if d in _CATEGORIES[category] and _scalar_passes(fn, d, value):
            dev = x._device
            a = x._array
            out = _object_new(Array)
            out._array = fn(a, value, stream=dev._mx) if t1 else fn(value, a, stream=dev._mx)
            out._device = dev
            out._dtype = None
            return out
    a1, a2, _, dev = as_operands(x1, x2, category, name)
    return Array._new(fn(a1, a2, stream=dev._mx), dev)


def unary(x, fn, category: str, name: str) -> Array:
    if type(x) is not Array:
        raise TypeError(
            f"{name}: expected an array_api_mlx array, got {type(x).__name__}; convert it "
            "with xp.asarray"
        )
    d = x._dtype
    if d is None:
        d = x.dtype
    if d not in _CATEGORIES[category]:
        _category_error(name, category, d)
    dev = x._device
    return Array._new(fn(x._array, stream=dev._mx), dev)


def check_array(x, name: str, argname: str = "x") -> Array:
    if type(x) is not Array:
        raise TypeError(
            f"{name}: {argname} must be an array_api_mlx array, got "
            f"{type(x).__name__}; convert it with xp.asarray"
        )
    return x


def _make_binary_dunders(fn, plain=None):
    """Forward and reflected operator methods from an elementwise function.

    ``plain`` is ``(mx_fn, category)`` when ``fn`` is exactly ``binary(x1, x2, mx_fn,
    category, name)``. The forward method then takes ``binary``'s same-device, same-dtype
    fast path itself and calls ``binary`` for everything else: measured on a 2-core EPYC,
    the extra Python call was 0.1 us of a 1.0 us ``x + y`` (0.2x of raw MLX).
    ``test_operators_agree_with_functions`` checks both on every dtype pair.
    """
    if plain is not None:
        mx_fn, category = plain
        name = fn.__name__
        dtypes = _CATEGORIES[category]

        def forward(self, other, /):
            if type(other) is Array:
                dev = self._device
                if other._device is dev:
                    d = self._dtype
                    if d is None:
                        d = self.dtype
                    d2 = other._dtype
                    if d2 is None:
                        d2 = other.dtype
                    if d is d2 and d in dtypes:  # binary's fast path
                        out = _object_new(Array)
                        out._array = mx_fn(self._array, other._array, stream=dev._mx)
                        out._device = dev
                        out._dtype = None
                        return out
            elif not isinstance(other, _OPERAND_SCALARS):
                return NotImplemented
            return binary(self, other, mx_fn, category, name)

        return forward, *_make_binary_dunders(fn)[1:]

    def forward(self, other, /):
        if type(other) is not Array and not isinstance(other, _OPERAND_SCALARS):
            return NotImplemented
        return fn(self, other)

    def reflected(self, other, /):
        if not isinstance(other, _OPERAND_SCALARS):
            return NotImplemented
        return fn(other, self)

    def inplace(self, other, /):
        if type(other) is not Array and not isinstance(other, _SCALARS):
            return NotImplemented
        result = fn(self, other)
        if result.dtype is not self.dtype:
            raise TypeError(
                f"in-place {fn.__name__} would change the dtype of x from "
                f"{self.dtype.name} to {result.dtype.name}; use the out-of-place form"
            )
        if result._array.shape != self._array.shape:
            raise ValueError(
                f"in-place {fn.__name__}: the result shape {result.shape} differs from "
                f"x's shape {self.shape}; use the out-of-place form"
            )
        self._array = result._array
        return self

    return forward, reflected, inplace


def _install_operators():
    """Bind the operator methods to the elementwise functions (called once at import)."""
    global _indexing
    from . import _elementwise as ew
    from . import _indexing
    from ._linalg_functions import matmul

    pairs = {
        "add": ew.add, "sub": ew.subtract, "mul": ew.multiply, "truediv": ew.divide,
        "floordiv": ew.floor_divide, "mod": ew.remainder, "pow": ew.pow,
        "and": ew.bitwise_and, "or": ew.bitwise_or, "xor": ew.bitwise_xor,
        "lshift": ew.bitwise_left_shift, "rshift": ew.bitwise_right_shift,
        "matmul": matmul,
    }  # fmt: skip
    for op, fn in pairs.items():
        forward, reflected, inplace = _make_binary_dunders(fn, ew.PLAIN_BINARY.get(fn))
        for prefix, method in (("", forward), ("r", reflected), ("i", inplace)):
            method.__name__ = f"__{prefix}{op}__"
            method.__qualname__ = f"Array.{method.__name__}"
            setattr(Array, method.__name__, method)
    comparisons = {
        "lt": ew.less, "le": ew.less_equal, "gt": ew.greater, "ge": ew.greater_equal,
        "eq": ew.equal, "ne": ew.not_equal,
    }  # fmt: skip
    for op, fn in comparisons.items():
        forward, _, _ = _make_binary_dunders(fn, ew.PLAIN_BINARY.get(fn))
        forward.__name__ = f"__{op}__"
        setattr(Array, forward.__name__, forward)
    Array.__getitem__ = _indexing.getitem
    Array.__setitem__ = _indexing.setitem
    Array.__neg__ = lambda self: ew.negative(self)
    Array.__pos__ = lambda self: ew.positive(self)
    Array.__abs__ = lambda self: ew.abs(self)
    Array.__invert__ = lambda self: ew.bitwise_invert(self)
