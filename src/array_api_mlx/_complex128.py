"""complex128, the dtype of the standard that MLX lacks (design §14).

Storage: a complex128 array keeps its values in MLX memory as float64 pairs, shape
``(*shape, 2)``: the bytes of NumPy's complex128, so that the host reads them without a
copy on the CPU. ``Complex128Array`` is an ``Array`` whose ``_array`` raises
``HostComputation`` (and whose dtype's ``_mx`` does too): any MLX code path that meets
complex128 data, or a promotion to complex128, stops before computing.

Computation: every public function and operator catches ``HostComputation`` and calls
``on_host``, which runs the same function of ``array_api_compat.numpy`` (NumPy with the
standard's names and semantics) on the host and wraps the results on the inputs' device.
Before that, the function's own argument checks run on lazy complex64 stand-ins of the
complex128 arrays (``_check_arguments``), so bad arguments get this package's errors.
Functions with a first branch catch it in their general path only (``general_path``).
Basic indexing and axis permutations return write-through views, as for every dtype
(design §9). complex128 lives where float64 does: not on a GPU.
"""

from __future__ import annotations

import functools
import operator
import types
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar, cast

import mlx.core as mx
import numpy as np

from . import _devices
from . import _dtypes as dt
from ._array_object import Array, Axes, read, read_through, saved_device, write_through
from ._devices import Device, check_dtype_on
from ._dlpack import foreign_device
from ._dtypes import HostComputation
from ._host import from_numpy, pairs_from_numpy, pairs_to_numpy
from ._threads import CHECKING
from ._trace import TRACE, untraceable

if TYPE_CHECKING:
    from typing_extensions import CapsuleType

__all__ = [
    "Complex128Array", "HostComputation", "assign_host", "data", "general_path",
    "host_engine", "host_fallback", "host_function", "host_key", "new", "on_host",
    "permuted_view", "wrap_host",
]  # fmt: skip

_object_new = object.__new__
_F = TypeVar("_F", bound=Callable[..., Any])


class Complex128Array(Array):
    """An array of complex128: float64 pairs in MLX memory, computed on the host."""

    __slots__ = ("_pairs",)
    _pairs: mx.array

    @property  # an Array attribute that raises for this dtype
    def _array(self) -> mx.array:
        raise HostComputation("complex128 data")

    @_array.setter
    def _array(self, value: mx.array) -> None:
        raise HostComputation("complex128 data")

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self._pairs.shape[:-1])

    @property
    def ndim(self) -> int:
        return self._pairs.ndim - 1

    @property
    def size(self) -> int:
        return self._pairs.size // 2

    @property
    def T(self) -> Array:
        if self.ndim != 2:
            raise ValueError(
                f"x.T requires a 2-dimensional array, got {self.ndim} dimensions; "
                "use x.mT or xp.permute_dims for other ranks"
            )
        return permuted_view(self, (1, 0))

    @property
    def mT(self) -> Array:
        n = self.ndim
        if n < 2:
            raise ValueError(f"x.mT requires at least 2 dimensions, got {n}")
        return permuted_view(self, (*range(n - 2), n - 1, n - 2))

    def _moved(self, device: Device) -> Array:
        return new(self._pairs, device)

    def _host(self) -> np.ndarray:
        return pairs_to_numpy(self._pairs)

    def _scalar(self, kind: str) -> Any:
        if self.ndim != 0:
            raise TypeError(
                f"only 0-dimensional arrays can be converted to Python {kind}; this "
                f"array has shape {self.shape}"
            )
        return self._host().item()

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of a 0-dimensional array")
        return self.shape[0]

    def __iter__(self) -> Iterator[Array]:
        if self.ndim == 0:
            raise TypeError("iteration over a 0-dimensional array")
        return (self[i] for i in range(self.shape[0]))

    def __reduce__(self) -> tuple[object, ...]:
        d = self._device
        return _rebuild, (self._host(), d.kind, d.index)

    def __copy__(self) -> Array:
        # The pairs are never changed in place (writes give the array new pairs).
        return self._moved(self._device)

    def __dlpack__(
        self,
        /,
        *,
        stream: int | object | None = None,
        max_version: tuple[int, int] | None = None,
        dl_device: tuple[int, int] | None = None,
        copy: bool | None = None,
    ) -> CapsuleType:
        """Exported by NumPy from the host values (``kDLComplex``, 128 bits, on the CPU)."""
        if stream is not None and stream != -1:
            raise BufferError("__dlpack__: complex128 data lives on the CPU; pass stream=None")
        if dl_device is not None and tuple(dl_device) != (1, 0):
            raise BufferError(
                f"__dlpack__: complex128 data can be exported to the CPU (1, 0) only, not "
                f"{dl_device}"
            )
        # As ``_dlpack.export``: DLPack 1.x capsules of shared data say read-only (other
        # arrays may share the pairs); a copy is writable; legacy capsules share the data.
        host = self._host()
        if copy:
            host = np.array(host)
        if max_version is None or max_version[0] < 1:
            return host.__dlpack__()
        if not copy:
            host = host.view()
            host.flags.writeable = False
        return host.__dlpack__(max_version=(max_version[0], max_version[1]))

    def __dlpack_device__(self) -> tuple[int, int]:
        return (1, 0)

    def __getitem__(self, key: Any, /) -> Array:
        _check_arguments(Array.__getitem__, (self, key), {})  # the key's rules, as for any dtype
        basic = _basic_key(key)
        if basic is None:
            return cast(Array, on_host(operator.getitem, (self, key), {}))
        key = (*basic, slice(None))
        if len(basic) == self.ndim and all(type(k) is int for k in basic):
            return new(read(self._pairs, key, self._device), self._device)  # a scalar: a copy
        return _view(self, key)

    def __setitem__(self, key: Any, value: Any, /) -> None:
        _check_value(value)
        # The key's checks (the value: any real or complex, as NumPy casts it).
        _check_arguments(Array.__getitem__, (self, key), {})
        host = np.array(self._host())
        with np.errstate(all="ignore"):
            host[host_key(key)] = _to_host(value)
        self._pairs = pairs_from_numpy(host)


class Complex128View(Complex128Array):
    """A view of ``_source`` (a complex128 array or view) of key ``_key`` (a basic key
    extended over the pair axis, or ``Axes``): reads follow the source's current values,
    writes go into the source (design §9)."""

    __slots__ = ("_source", "_key", "_seen", "_cache")
    _source: Complex128Array
    _key: Any
    _seen: mx.array
    _cache: mx.array

    @property
    def _pairs(self) -> mx.array:
        return read_through(self, self._source._pairs)

    @_pairs.setter
    def _pairs(self, value: mx.array) -> None:
        write_through(self, value, "_pairs")


def data(x: Array) -> mx.array:
    """The MLX data of an array of any dtype (complex128: its pairs)."""
    return x._pairs if isinstance(x, Complex128Array) else x._array


def new(pairs: mx.array, device: Device) -> Complex128Array:
    """A complex128 array of the float64 pairs ``pairs`` on ``device``."""
    out = _object_new(Complex128Array)
    out._pairs = pairs
    out._device = device
    out._dtype = dt.complex128
    return out


def _view(x: Complex128Array, key: Any) -> Complex128View:
    v = _object_new(Complex128View)
    v._device = x._device
    v._dtype = dt.complex128
    v._source = x
    v._key = key
    v._seen = a = x._pairs
    v._cache = read(a, key, x._device)
    return v


def permuted_view(x: Complex128Array, axes: tuple[int, ...]) -> Complex128View:
    """``x`` with its axes permuted by ``axes``, as a view (the pair axis stays last)."""
    return _view(x, Axes((*axes, len(axes))))


def _basic_key(key: Any) -> tuple[Any, ...] | None:
    """``key`` as a tuple if it is a basic index (ints, slices, ``...``, None), else None."""
    items = key if type(key) is tuple else (key,)
    for k in items:
        if not (k is None or k is Ellipsis or type(k) in (int, slice)):
            return None
    return items


def _rebuild(data: np.ndarray, kind: str, index: int) -> Array:
    """A complex128 array pickled by ``Complex128Array.__reduce__``."""
    device = saved_device(kind, index)
    check_dtype_on(device, dt.complex128)
    return new(pairs_from_numpy(data), device)


# --- the host computation --------------------------------------------------------------
@functools.cache
def host_engine() -> types.ModuleType:
    """``array_api_compat.numpy``: NumPy with the standard's names and semantics."""
    import array_api_compat.numpy

    return array_api_compat.numpy


def _to_host(v: Any) -> Any:
    """An argument as the host engine takes it: arrays as NumPy arrays, dtypes as NumPy
    dtypes, inside lists and tuples too."""
    if isinstance(v, Array):
        return v._host()
    if isinstance(v, dt.DType):
        return v._np
    if type(v) in (list, tuple):
        return type(v)(_to_host(e) for e in v)
    return v


def _arrays(v: Any) -> Iterator[Array]:
    if isinstance(v, Array):
        yield v
    elif type(v) in (list, tuple):
        for e in v:
            yield from _arrays(e)


def host_key(key: Any) -> Any:
    """An index as NumPy takes it (index arrays as NumPy arrays)."""
    return _to_host(key)


def assign_host(x: Array, values: np.ndarray) -> None:
    """Give ``x`` (of any dtype; a view writes into its source) the host ``values``, cast
    to ``x``'s dtype."""
    if isinstance(x, Complex128Array):
        x._pairs = pairs_from_numpy(values)
    else:
        x._array = from_numpy(np.asarray(values).astype(x.dtype._np, copy=False), x.dtype._mx)


def _check_value(value: Any) -> None:
    if not isinstance(value, (Array, bool, int, float, complex)):
        raise TypeError(
            f"setitem: the value must be an array_api_mlx array or a Python scalar, got "
            f"{type(value).__name__}; convert it with xp.asarray"
        )


def _placement(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Device:
    """Explicit ``device=`` first, then the inputs' (one) device, then the default."""
    device = kwargs.get("device")
    if device is not None:
        return _devices.check_device(device)
    arrays = [*_arrays(args), *_arrays(list(kwargs.values()))]
    if not arrays:
        # Creation from other data (``asarray(obj)``, ``from_dlpack(obj)``): that data's
        # device, as for every dtype (NumPy data is on the CPU; our arrays inside a
        # sequence were found above).
        obj = args[0] if args else None
        source = None if isinstance(obj, (list, tuple)) else foreign_device(obj)
        return source or _devices.get_default_device()
    return _devices.common_device(*arrays)


def wrap_host(r: Any, device: Device) -> Any:
    """A result of the host engine as this namespace's: NumPy arrays and scalars become
    arrays on ``device`` (complex128 as pairs), tuples and named tuples keep their type."""
    if isinstance(r, (np.ndarray, np.generic)):
        n = np.asarray(r)
        if n.dtype == np.complex128:
            check_dtype_on(device, dt.complex128)
            return new(pairs_from_numpy(n), device)
        d = dt.FROM_NP.get(n.dtype)
        if d is None:
            raise TypeError(f"the host computation gave NumPy dtype {n.dtype}, which has no match")
        check_dtype_on(device, d)
        return Array._new(from_numpy(n, d._mx), device)
    if isinstance(r, tuple):
        items = [wrap_host(e, device) for e in r]
        return type(r)(*items) if hasattr(r, "_fields") else tuple(items)
    if isinstance(r, list):
        return [wrap_host(e, device) for e in r]
    return r


def on_host(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``fn`` (a host engine function, or an ``operator`` function) of the arguments on
    the host, the results on the inputs' device (design §14)."""
    if TRACE.name is not None:
        raise untraceable("a complex128 computation", "NumPy computes it on the host here")
    device = _placement(args, kwargs)
    hargs = [_to_host(a) for a in args]
    hkwargs = {k: _to_host(v) for k, v in kwargs.items() if k != "device"}
    with np.errstate(all="ignore"):
        r = fn(*hargs, **hkwargs)
    return wrap_host(r, device)


def _expm1(z: np.ndarray) -> np.ndarray:
    """NumPy's complex expm1 is ``exp(z) - 1`` (cancellation near 0, wrong special cases):
    the standard's, as the complex64 kernel computes it (``_elementwise._expm1``)."""
    if not np.iscomplexobj(z):
        return cast(np.ndarray, np.expm1(z))
    x, y = z.real, z.imag
    s = np.sin(y * 0.5)
    re = np.expm1(x) * np.cos(y) - 2.0 * s * s
    im = np.where(y == 0, y, np.exp(x) * np.sin(y))
    y_bad = ~np.isfinite(y)
    neg_inf = x == -np.inf
    pos_inf = (x == np.inf) & y_bad
    re = np.where(neg_inf, -1.0, np.where(pos_inf, np.inf, re)) + 0.0
    im = np.where(neg_inf & y_bad, 0.0, np.where(pos_inf, np.nan, im))
    out = np.empty(np.shape(z), dtype=z.dtype)
    out.real = re
    out.imag = im
    return out


def _tanh(z: np.ndarray) -> np.ndarray:
    """NumPy's complex tanh with the standard's limits: an infinite real part with a finite
    imaginary part y gives +-1 + copysign(0, y) j."""
    r: np.ndarray = np.asarray(np.tanh(z))
    if not np.iscomplexobj(z):
        return r
    edge = np.isinf(z.real) & np.isfinite(z.imag)
    if edge.any():
        r = np.array(r)
        r.real[edge] = np.sign(z.real[edge])
        r.imag[edge] = np.copysign(0.0, z.imag[edge])
    return r


# Host functions that differ from ``array_api_compat.numpy``'s, by (module, name).
_OVERRIDES: dict[tuple[str, str], Callable[..., Any]] = {
    ("", "expm1"): _expm1,
    ("", "tanh"): _tanh,
    # zero-filled, as ``empty`` is for every dtype here (no uninitialised memory)
    ("", "empty"): lambda shape, **kw: np.zeros(shape, **kw),
    ("", "empty_like"): lambda x, /, **kw: np.zeros_like(x, **kw),
}


def host_function(name: str, module: str = "") -> Callable[..., Any]:
    """The host engine's function ``module.name`` (``module``: "", "linalg" or "fft")."""
    fn = _OVERRIDES.get((module, name))
    if fn is None:
        engine = host_engine()
        fn = getattr(getattr(engine, module) if module else engine, name)
    return fn


def _axes_view(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A function that permutes axes as a view of a complex128 array (design §9): NumPy
    checks the arguments on a dummy of ``x``'s shape; its strides give the permutation."""

    def view(x: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(x, Complex128Array):
            return None
        n = x.ndim
        # One byte per element along each axis, in C order, so strides name the axes.
        dummy = np.lib.stride_tricks.as_strided(
            np.empty(1, np.int8), shape=x.shape, strides=tuple(range(n - 1, -1, -1))
        )
        moved = fn(dummy, *args, **kwargs)
        return permuted_view(x, tuple(n - 1 - s for s in moved.strides))

    return view


def _asarray(obj: Any, /, *, dtype: Any = None, device: Any = None, copy: Any = None) -> Any:
    """``asarray`` of a complex128 array to its own dtype and device: ``obj`` itself, or
    for ``copy=True`` a new array sharing the pairs (they are never written in place)."""
    if not isinstance(obj, Complex128Array) or dtype not in (None, dt.complex128):
        return None
    if device is not None and _devices.check_device(device) is not obj._device:
        return None
    return new(obj._pairs, obj._device) if copy else obj


# Functions computed on our arrays rather than on the host, by name: views of complex128
# arrays, and ``asarray`` without a copy. Each returns None where it does not apply.
_ARRAY_LEVEL: dict[str, Callable[..., Any]] = {
    "asarray": _asarray,
    "permute_dims": _axes_view(np.transpose),
    "moveaxis": _axes_view(np.moveaxis),
    "matrix_transpose": _axes_view(lambda a: np.swapaxes(a, -1, -2)),
}


def _stand_in(v: Any) -> Any:
    """A complex128 array as a lazy complex64 array of its shape that holds no memory
    (a broadcast zero), inside lists and tuples too; anything else as it is."""
    if isinstance(v, Complex128Array):
        zero = mx.zeros((), dtype=mx.complex64)
        return Array._new(mx.broadcast_to(zero, v.shape, stream=v._device._mx), v._device)
    if type(v) in (list, tuple):
        return type(v)(_stand_in(e) for e in v)
    return v


def _check_arguments(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Run ``fn``'s own argument checks (axes, shapes, keywords: the standard's exception
    types and this package's messages) on complex64 stand-ins of the complex128 arrays,
    evaluating nothing (``_threads.CHECKING``); the lazy result is dropped. What meets
    complex128 again (a promotion, ``dtype=``) or needs values (data-dependent shapes,
    LAPACK) has been checked as far as it goes."""
    if not any(isinstance(a, Complex128Array) for a in _arrays([*args, *kwargs.values()])):
        return
    CHECKING.on = True
    try:
        fn(*(_stand_in(a) for a in args), **{k: _stand_in(v) for k, v in kwargs.items()})
    except HostComputation:
        pass
    finally:
        CHECKING.on = False


def host_fallback(fn: _F, module: str = "", name: str = "") -> _F:
    """``fn`` that computes on the host where it meets complex128 (``HostComputation``),
    with the function of the same name (``name``, or ``fn``'s) of
    ``array_api_compat.numpy`` (``module``: "linalg", "fft" or "" for the main
    namespace)."""
    name = name or fn.__name__

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except HostComputation:
            _check_arguments(fn, args, kwargs)
            direct = _ARRAY_LEVEL.get(name) if not module else None
            if direct is not None and (r := direct(*args, **kwargs)) is not None:
                return r
            return on_host(host_function(name, module), args, kwargs)

    return wrapper  # type: ignore[return-value]


# Public functions whose first branch meets no complex128 and whose general path is
# ``host_fallback``-wrapped (``general_path``): ``__init__`` leaves them unwrapped, so that
# their first branch does not pay for the wrapper's generic call.
GENERAL_PATHS: dict[Callable[..., Any], Callable[..., Any]] = {}


def general_path(public: Callable[..., Any]) -> Callable[[_F], _F]:
    """Declare the general path of ``public`` (same signature), which computes complex128
    on the host as ``public`` would under ``host_fallback``."""

    def declare(fn: _F) -> _F:
        general = GENERAL_PATHS[public] = host_fallback(fn, name=public.__name__)
        return general

    return declare
