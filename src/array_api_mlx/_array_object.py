"""The ``Array`` wrapper: an ``mx.array`` plus the ``Device`` its operations run on, and
its ``View`` subclass.

The class holds the data, its attributes and its conversions. The operand rules are in
``_operands``; the operator methods are made by ``_operators`` from the elementwise
functions and bound when the namespace is imported (they are declared in the class body
for readers and type checkers).

Views (design §9). MLX indexing and transposition copy; NumPy, PyTorch and CuPy return
views, and libraries write through them (scikit-learn's GaussianMixture into
``covariances[k, :, :]``, SciPy's ``oaconvolve`` into a slice of a swapped-axes array).
Basic indexing (``_indexing``) and axis permutations (``permute_dims``, ``moveaxis``,
``matrix_transpose``, ``.T``, ``.mT``) return a ``View``: an ``Array`` whose ``_array`` is
a property that reads its source's current values and writes into its source. MLX arrays
are values here: in-place operators and ``__setitem__`` give an array a new ``mx.array``
rather than change the old one, so identity tells a view whether its source has changed.
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol, final

import mlx.core as mx
import numpy as np

from . import _devices, _dlpack
from . import _dtypes as dt
from ._devices import Device, check_dtype_on
from ._host import from_numpy, to_numpy
from ._routing import stream_context
from ._threads import evaluate
from ._versions import namespace_for

if TYPE_CHECKING:
    from types import EllipsisType, ModuleType
    from typing import TypeAlias

    from typing_extensions import CapsuleType

    _Scalar: TypeAlias = "bool | int | float | complex"
    _Operand: TypeAlias = "Array | bool | int | float | complex"
    _Key: TypeAlias = (
        "int | slice | EllipsisType | None | Array"
        " | tuple[int | slice | EllipsisType | None | Array, ...]"
    )
    # The key of a view: a basic index, or a permutation of axes (after one).
    ViewKey: TypeAlias = "_Key | Axes | Permuted"

__all__ = [
    "Array", "Axes", "Permuted", "View", "new_view", "permuted", "read", "read_through",
    "saved_device", "store", "write_through",
]  # fmt: skip

_object_new = object.__new__
_FROM_MX = dt.FROM_MX


class Array:
    """An n-dimensional array of the namespace, placed on ``device``.

    Create arrays with the namespace's creation functions (``xp.asarray``, ...).
    """

    # ``_dtype`` caches our DType of ``_array`` (filled on first use: the dtype of an
    # array never changes, in-place operators and ``__setitem__`` keep it).
    __slots__ = ("_array", "_device", "_dtype", "__weakref__")
    _array: mx.array
    _device: Device
    _dtype: dt.DType | None
    # NumPy's operators defer to ours (design §11): with no ``__array_ufunc__`` and a
    # higher priority, ``ndarray + x`` reaches ``x.__radd__``, which names ``xp.asarray``.
    # NumPy functions called on our arrays directly (``np.sqrt(x)``) convert them through
    # ``__array__``, as for any array-like: SciPy's NumPy fallbacks rely on that.
    __array_priority__ = 100

    def __new__(cls, *args: object, **kwargs: object) -> Array:
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
        """The transpose of a 2-d array: a view (design §9)."""
        a = self._array
        if a.ndim != 2:
            raise ValueError(
                f"x.T requires a 2-dimensional array, got {a.ndim} dimensions; "
                "use x.mT or xp.permute_dims for other ranks"
            )
        return permuted(self, a, _T)

    @property
    def mT(self) -> Array:
        """The last two axes swapped: a view (design §9)."""
        a = self._array
        n = a.ndim
        if n < 2:
            raise ValueError(f"x.mT requires at least 2 dimensions, got {n}")
        axes = _MT.get(n)
        if axes is None:
            axes = _MT[n] = Axes((*range(n - 2), n - 1, n - 2))
        return permuted(self, a, axes)

    def to_device(self, device: Device, /, *, stream: object = None) -> Array:
        """Place on ``device``: no memory is copied (MLX memory is unified or managed);
        later operations run on ``device``. Same device returns ``self``; another device
        returns an array of its own, never a view (design §9)."""
        if stream is not None:
            raise ValueError("to_device: the stream argument is not supported; pass None")
        device = _devices.check_device(device)
        if device is self._device:
            return self
        check_dtype_on(device, self.dtype)
        return self._moved(device)

    def _moved(self, device: Device) -> Array:
        """A new array (never a view) of these values on ``device``, sharing the data."""
        return Array._new(self._array, device)

    def __array_namespace__(self, /, *, api_version: str | None = None) -> ModuleType:
        """The namespace of ``api_version`` (2023.12, 2024.12 or 2025.12; None: 2025.12)."""
        return namespace_for(api_version)

    # --- conversion ---------------------------------------------------------------------
    def __repr__(self) -> str:
        body = np.array2string(self._host(), separator=", ", prefix="Array(")
        return f"Array({body}, dtype={self.dtype.name}, device={self._device!r})"

    __str__ = __repr__

    def _host(self) -> np.ndarray:
        """The data as a NumPy array (evaluates; no copy on the CPU where possible)."""
        return to_numpy(self._array)

    def __array__(
        self, dtype: np.dtype[np.generic] | None = None, copy: bool | None = None
    ) -> np.ndarray:
        if copy is False:
            raise ValueError(
                "__array__(copy=False): MLX memory cannot be exported to NumPy without a "
                "copy here; use copy=None or True"
            )
        a = np.array(self._host(), copy=True)
        return a if dtype is None else a.astype(dtype, copy=False)

    def _scalar(self, kind: str) -> Any:  # MLX's ``item()``: a Python scalar
        if self._array.ndim != 0:
            raise TypeError(
                f"only 0-dimensional arrays can be converted to Python {kind}; this "
                f"array has shape {self.shape}"
            )
        evaluate(self._array)
        return self._array.item()

    def __bool__(self) -> bool:
        return builtins.bool(self._scalar("bool"))

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

    def __iter__(self) -> Iterator[Array]:
        # Not a generator: iter() of a 0-d array must raise at once (np.iterable relies
        # on it).
        if self._array.ndim == 0:
            raise TypeError("iteration over a 0-dimensional array")
        return (self[i] for i in range(self._array.shape[0]))

    def __hash__(self) -> int:
        raise TypeError("arrays are not hashable")

    # --- pickling and copying ----------------------------------------------------------
    def __reduce__(self) -> tuple[object, ...]:
        """Pickle by value (a NumPy array: protocol 5 sends it out of band), with the
        dtype's name and the device; lazy arrays are evaluated first. bfloat16, which NumPy
        lacks, travels as float32 (exact)."""
        d = self._device
        return _rebuild, (self._host(), self.dtype.name, d.kind, d.index)

    def __copy__(self) -> Array:
        """A new array of the same values on the same device (MLX data is immutable: the
        new handle shares it until either array is written)."""
        return Array._new(self._array.__copy__(), self._device)

    def __deepcopy__(self, memo: object) -> Array:
        return self.__copy__()

    # --- DLPack -------------------------------------------------------------------------
    def __dlpack__(
        self,
        /,
        *,
        stream: int | object | None = None,
        max_version: tuple[int, int] | None = None,
        dl_device: tuple[int, int] | None = None,
        copy: bool | None = None,
    ) -> CapsuleType:
        """Export the current values (of a view too). In-place operators and
        ``__setitem__`` give an array new MLX data rather than change the old, so later
        writes to ``x`` (or to a view or the source of ``x``) do not reach the export."""
        return _dlpack.export(self, stream=stream, max_version=max_version, dl_device=dl_device, copy=copy)

    def __dlpack_device__(self) -> tuple[int, int]:
        return _dlpack.dlpack_device(self)

    # --- operators, bound by ``_operators.install`` ---------------------------------------
    if TYPE_CHECKING:

        def __getitem__(self, key: _Key, /) -> Array: ...
        def __setitem__(self, key: _Key, value: _Operand, /) -> None: ...
        def __neg__(self, /) -> Array: ...
        def __pos__(self, /) -> Array: ...
        def __abs__(self, /) -> Array: ...
        def __invert__(self, /) -> Array: ...
        def __add__(self, other: _Operand, /) -> Array: ...
        def __radd__(self, other: _Scalar, /) -> Array: ...
        def __iadd__(self, other: _Operand, /) -> Array: ...
        def __sub__(self, other: _Operand, /) -> Array: ...
        def __rsub__(self, other: _Scalar, /) -> Array: ...
        def __isub__(self, other: _Operand, /) -> Array: ...
        def __mul__(self, other: _Operand, /) -> Array: ...
        def __rmul__(self, other: _Scalar, /) -> Array: ...
        def __imul__(self, other: _Operand, /) -> Array: ...
        def __truediv__(self, other: _Operand, /) -> Array: ...
        def __rtruediv__(self, other: _Scalar, /) -> Array: ...
        def __itruediv__(self, other: _Operand, /) -> Array: ...
        def __floordiv__(self, other: _Operand, /) -> Array: ...
        def __rfloordiv__(self, other: _Scalar, /) -> Array: ...
        def __ifloordiv__(self, other: _Operand, /) -> Array: ...
        def __mod__(self, other: _Operand, /) -> Array: ...
        def __rmod__(self, other: _Scalar, /) -> Array: ...
        def __imod__(self, other: _Operand, /) -> Array: ...
        def __pow__(self, other: _Operand, /) -> Array: ...
        def __rpow__(self, other: _Scalar, /) -> Array: ...
        def __ipow__(self, other: _Operand, /) -> Array: ...
        def __matmul__(self, other: Array, /) -> Array: ...
        def __rmatmul__(self, other: Array, /) -> Array: ...
        def __imatmul__(self, other: Array, /) -> Array: ...
        def __and__(self, other: Array | int | bool, /) -> Array: ...
        def __rand__(self, other: int | bool, /) -> Array: ...
        def __iand__(self, other: Array | int | bool, /) -> Array: ...
        def __or__(self, other: Array | int | bool, /) -> Array: ...
        def __ror__(self, other: int | bool, /) -> Array: ...
        def __ior__(self, other: Array | int | bool, /) -> Array: ...
        def __xor__(self, other: Array | int | bool, /) -> Array: ...
        def __rxor__(self, other: int | bool, /) -> Array: ...
        def __ixor__(self, other: Array | int | bool, /) -> Array: ...
        def __lshift__(self, other: Array | int, /) -> Array: ...
        def __rlshift__(self, other: int, /) -> Array: ...
        def __ilshift__(self, other: Array | int, /) -> Array: ...
        def __rshift__(self, other: Array | int, /) -> Array: ...
        def __rrshift__(self, other: int, /) -> Array: ...
        def __irshift__(self, other: Array | int, /) -> Array: ...
        def __lt__(self, other: Array | int | float, /) -> Array: ...
        def __le__(self, other: Array | int | float, /) -> Array: ...
        def __gt__(self, other: Array | int | float, /) -> Array: ...
        def __ge__(self, other: Array | int | float, /) -> Array: ...
        def __eq__(self, other: _Operand, /) -> Array: ...  # type: ignore[override]
        def __ne__(self, other: _Operand, /) -> Array: ...  # type: ignore[override]


def _rebuild(data: np.ndarray, dtype_name: str, kind: str, index: int) -> Array:
    """The array pickled by ``Array.__reduce__``, on its device again. An array saved on a
    device this machine lacks raises ValueError (placement is never silent, design §2)."""
    dtype = dt.BY_NAME.get(dtype_name)
    if dtype is None:
        raise ValueError(
            f"cannot load an array of dtype {dtype_name!r}: this version of array_api_mlx "
            "has no such dtype"
        )
    device = saved_device(kind, index)
    check_dtype_on(device, dtype)
    return Array._new(from_numpy(np.asarray(data), dtype._mx), device)


def saved_device(kind: str, index: int) -> Device:
    """The device a pickled array was saved on; ValueError where this machine lacks it."""
    try:
        return Device(kind, index)
    except ValueError as e:
        raise ValueError(
            f"cannot load an array saved on Device({kind!r}, {index}): this machine has "
            f"no such device (available: {', '.join(map(repr, _devices.DEVICES))}); save "
            "it after x.to_device(xp.cpu) to load it anywhere"
        ) from e


# --- views (design §9) ------------------------------------------------------------------
@final
class Axes:
    """A permutation of axes, ``axes`` as ``mx.transpose`` takes them: the key of a view
    that permutes its source's axes."""

    __slots__ = ("axes",)

    def __init__(self, axes: tuple[int, ...]) -> None:
        self.axes = axes

    def inverse(self) -> tuple[int, ...]:
        """The permutation that undoes this one (writes a view back into its source)."""
        return tuple(sorted(range(len(self.axes)), key=self.axes.__getitem__))


@final
class Permuted:
    """The key of a view that indexes its source with the basic key ``index``, then
    permutes the axes of the result by ``axes``."""

    __slots__ = ("index", "axes")

    def __init__(self, index: _Key, axes: Axes) -> None:
        self.index = index
        self.axes = axes


def read(a: mx.array, key: ViewKey, device: Device) -> mx.array:
    """The values of the view of ``a`` of key ``key`` (a basic index, ``Axes`` or
    ``Permuted``)."""
    if type(key) is Axes:
        return mx.transpose(a, key.axes, stream=device._mx)
    if type(key) is Permuted:
        return mx.transpose(read(a, key.index, device), key.axes.axes, stream=device._mx)
    with stream_context(device._mx):
        return a[key]


def store(
    x: Array, key: _Key, v: mx.array, ctx: AbstractContextManager[object], data: str = "_array"
) -> None:
    """``x[key] = v`` in MLX (``key`` already checked), run in ``ctx``, into ``x``'s data
    (the attribute ``data``: ``_pairs`` for complex128). MLX's setitem changes its
    ``mx.array`` in place: write into a new handle, which then replaces ``x``'s, so holders
    of the old one (views, other arrays) keep the old values."""
    a = getattr(x, data).__copy__()
    with ctx:
        a[key] = v
    setattr(x, data, a)


class View(Array):
    """A view of ``_source``: its values are ``read(source._array, _key)``; in-place
    operators and ``__setitem__`` on it write into the source. ``_cache`` holds the
    values last read, from ``_seen``, the source's ``mx.array`` then. Dtype and device
    are the source's. The fast paths of operators and functions test ``type(x) is Array``
    and leave views to the general paths, which accept any ``Array``.
    """

    __slots__ = ("_source", "_key", "_seen", "_cache")
    _source: Array
    _key: ViewKey
    _seen: mx.array
    _cache: mx.array

    @property
    def _array(self) -> mx.array:
        return read_through(self, self._source._array)

    @_array.setter
    def _array(self, value: mx.array) -> None:
        write_through(self, value, "_array")


class _ViewState(Protocol):
    """What ``read_through`` and ``write_through`` read and update: the state of a view of
    any dtype (its source's data is ``_array``, or ``_pairs`` for complex128)."""

    _source: Any
    _key: Any
    _device: Device
    _seen: mx.array
    _cache: mx.array


def read_through(v: _ViewState, current: mx.array) -> mx.array:
    """The values of the view ``v`` whose source's data is now ``current`` (its cache
    while the source keeps the data it was read from)."""
    if current is v._seen:
        return v._cache
    y = v._cache = read(current, v._key, v._device)
    v._seen = current
    return y


def write_through(v: _ViewState, value: mx.array, data: str) -> None:
    """Give the view ``v`` the values ``value`` by writing them into its source (``store``),
    whose data is the attribute ``data``."""
    source = v._source
    key = v._key
    s = source._device._mx
    if type(key) is Axes:
        setattr(source, data, mx.transpose(value, key.inverse(), stream=s))
    elif value.size:
        if type(key) is Permuted:
            value_in, key = mx.transpose(value, key.axes.inverse(), stream=s), key.index
        else:
            value_in = value
        store(source, key, value_in, stream_context(s), data)
    v._cache = value
    v._seen = getattr(source, data)


def new_view(x: Array, source: Array, key: ViewKey, seen: mx.array, y: mx.array) -> View:
    """A view of ``source`` holding ``y``, read from ``seen``; dtype and device are
    ``x``'s (``x`` is ``source`` or a view of it)."""
    v = _object_new(View)
    v._cache = y
    v._device = x._device
    v._dtype = x._dtype
    v._source = source
    v._key = key
    v._seen = seen
    return v


# The permutations of ``x.T`` and (by ndim) ``x.mT``.
_T = Axes((1, 0))
_MT: dict[int, Axes] = {}


def permuted(x: Array, a: mx.array, axes: Axes) -> View:
    """``x`` with its axes permuted (``a`` is ``x._array``), as a view. Of a view, it is
    a view of the same source, the keys composed (as NumPy's views share one base)."""
    y = mx.transpose(a, axes.axes, stream=x._device._mx)
    if type(x) is not View:
        return new_view(x, x, axes, a, y)
    key = x._key
    if type(key) is Axes:
        first = key.axes
        key = Axes(tuple(first[i] for i in axes.axes))
    elif type(key) is Permuted:
        first = key.axes.axes
        key = Permuted(key.index, Axes(tuple(first[i] for i in axes.axes)))
    else:
        key = Permuted(key, axes)
    return new_view(x, x._source, key, x._seen, y)
