"""``compile``: a function written against this namespace, traced and compiled by
``mx.compile`` (docs/compile.md).

The compiled function takes and returns our arrays, also inside tuples, lists, named
tuples and dicts. Every other argument (Python and NumPy scalars, strings, None, dtypes,
devices, any hashable object) is a constant of the trace, as in ``mx.compile``: a new value
traces the function again. A trace serves one device, the device of the array arguments
(the default device without any), because each traced MLX operation keeps the stream it
was recorded on; the function is traced with that device as its default. MLX keys each
trace further by the arguments' shapes and dtypes (docs/design.md §13).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec, TypeVar

import mlx.core as mx
import numpy as np

from . import _dtypes as dt
from ._array_object import Array
from ._devices import Device, default_device, get_default_device, raise_mixed
from ._dtypes import HostComputation
from ._trace import TRACE, untraceable

__all__ = ["compile"]

_P = ParamSpec("_P")
_R = TypeVar("_R")

_new = Array._new
_object_new = object.__new__
_MX_ARRAY = mx.array
# Tags in a call's key, which is also the template its arguments are rebuilt from.
_ARRAY = object()  # an array argument
_SEQ = object()  # (_SEQ, type, parts): a tuple, list or named tuple
_MAP = object()  # (_MAP, ((key, part), ...)): a dict


def compile(fn: Callable[_P, _R], /, *, shapeless: bool = False) -> Callable[_P, _R]:
    """Compile ``fn``, a function of arrays of this namespace, with ``mx.compile``.

    The result is called like ``fn`` and returns what ``fn`` returns, arrays on their
    devices with their dtypes. ``fn`` runs on the device of its array arguments (arrays it
    creates too), or on the default device without any. A call traces ``fn`` when no
    earlier trace fits: a new device, structure or constant argument (Python scalars are
    constants of the trace, as in ``mx.compile``), or new shapes or dtypes (unless
    ``shapeless``, as in ``mx.compile``). What needs array values cannot be traced
    (data-dependent shapes, ``bool(x)``, host computations, writes into arguments) and
    raises ValueError naming ``fn``; integer index arrays computed inside ``fn`` are
    clamped into range instead of bounds-checked.
    """
    if not callable(fn):
        raise TypeError(f"compile: fn must be callable, got {type(fn).__name__}")
    if type(shapeless) is not bool:
        raise TypeError(f"compile: shapeless must be a bool, got {type(shapeless).__name__}")
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)
    name = name.replace("<locals>.", "")
    traces: dict[tuple[Any, ...], _Compiled] = {}
    # The last call of arrays only: (their count, their device, its results' device, its
    # MLX call).
    last: tuple[int, Device | None, Any, Any] = (0, None, None, None)

    def general(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """The rule: the call's key (structure, constants, device) picks its trace."""
        nonlocal last
        arrays: list[mx.array] = []
        devices: list[Device] = []
        key = tuple([_key(a, arrays, devices, name) for a in args])
        kwkey = (
            tuple([(k, _key(v, arrays, devices, name)) for k, v in kwargs.items()])
            if kwargs
            else None
        )
        if devices:
            device = devices[0]
            for d in devices:
                if d is not device:
                    raise_mixed(device, d)
        else:
            device = get_default_device()
        full = (key, kwkey, device)
        trace = traces.get(full)
        if trace is None:
            trace = traces[full] = _Compiled(fn, name, key, kwkey, device, shapeless)
        out = trace.call(*arrays)  # traces ``fn`` on first use: ``trace.device`` is then known
        if kwkey is None and len(arrays) == len(args):
            last = (len(args), device, trace.device, trace.call)
        return _wrap(out, trace.device)

    @functools.wraps(fn)
    def compiled(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not kwargs:
            # The first branch of the rule (``general``): as many arrays as the last call
            # of arrays only, on its device, take its trace (MLX checks shapes and dtypes).
            # Only this package's arrays have a ``_device``; a complex128 array has no
            # ``_array`` (``general`` says why it cannot be compiled).
            n, device, out_device, call = last
            if len(args) == n:
                arrays = []
                a: Any
                try:
                    for a in args:
                        if a._device is not device:
                            break
                        arrays.append(a._array)
                except (AttributeError, HostComputation):
                    pass
                if len(arrays) == n:
                    out = call(*arrays)
                    if type(out) is _MX_ARRAY:
                        y = _object_new(Array)
                        y._array = out
                        y._device = out_device
                        y._dtype = None
                        return y  # type: ignore[return-value]
                    return _wrap(out, out_device)  # type: ignore[no-any-return]
        return general(args, kwargs)  # type: ignore[no-any-return]

    return compiled


def _key(obj: Any, arrays: list[mx.array], devices: list[Device], name: str) -> object:
    """The part of a call's key for one argument; its arrays go to ``arrays``."""
    t = type(obj)
    if t is Array or isinstance(obj, Array):  # views too: their current values
        if obj.dtype is dt.complex128:
            raise ValueError(
                f"xp.compile({name}): complex128 arguments cannot be compiled (MLX has no "
                "complex128; NumPy computes it on the host); call the function uncompiled"
            )
        arrays.append(obj._array)
        devices.append(obj._device)
        return _ARRAY
    if t is float:  # by its bits: -0.0 and 0.0 differ, and NaN equals NaN
        return (float, obj.hex())
    if t is int or t is bool or t is str or obj is None:
        return (t, obj)
    if t is tuple or t is list or (isinstance(obj, tuple) and hasattr(t, "_make")):
        return (_SEQ, t, tuple([_key(o, arrays, devices, name) for o in obj]))
    if t is dict:
        return (_MAP, tuple([(k, _key(v, arrays, devices, name)) for k, v in obj.items()]))
    if t is complex:
        return (complex, obj.real.hex(), obj.imag.hex())
    if isinstance(obj, np.generic):  # the Python scalar it holds, as everywhere
        return _key(obj.item(), arrays, devices, name)
    if isinstance(obj, (mx.array, np.ndarray)) or hasattr(obj, "__dlpack__"):
        raise TypeError(
            f"xp.compile({name}): an argument is a {t.__module__}.{t.__name__}; pass "
            "arrays of this namespace (convert it with xp.asarray)"
        )
    try:
        hash(obj)
    except TypeError:
        raise TypeError(
            f"xp.compile({name}): an argument of type {t.__name__} is neither an array nor "
            "a hashable constant (arguments other than arrays are constants of the trace)"
        ) from None
    return (t, obj)


def _build(part: Any, arrays: Iterator[Array]) -> Any:
    """The argument that ``part`` of a key stands for, taking arrays from ``arrays``."""
    if part is _ARRAY:
        return next(arrays)
    tag = part[0]
    if tag is _SEQ:
        t, items = part[1], [_build(p, arrays) for p in part[2]]
        return t(items) if t is tuple or t is list else t._make(items)
    if tag is _MAP:
        return {k: _build(p, arrays) for k, p in part[1]}
    if tag is float:
        return float.fromhex(part[1])
    if tag is complex:
        return complex(float.fromhex(part[1]), float.fromhex(part[2]))
    return part[1]


def _wrap(out: Any, device: Device) -> Any:
    """The compiled function's MLX results as our arrays on ``device``."""
    t = type(out)
    if t is mx.array:
        return _new(out, device)
    if t is tuple or t is list:
        return t([_wrap(o, device) for o in out])
    if t is dict:
        return {k: _wrap(v, device) for k, v in out.items()}
    if isinstance(out, tuple) and hasattr(t, "_make"):
        return t._make([_wrap(o, device) for o in out])
    return out


def _unwrap(out: Any, devices: list[Device], name: str) -> Any:
    """``fn``'s results with our arrays replaced by their MLX arrays (in a trace)."""
    t = type(out)
    if t is Array or isinstance(out, Array):  # a view returns its values
        devices.append(out._device)
        return out._array
    if t is tuple or t is list:
        return t([_unwrap(o, devices, name) for o in out])
    if t is dict:
        return {k: _unwrap(v, devices, name) for k, v in out.items()}
    if isinstance(out, tuple) and hasattr(t, "_make"):
        return t._make([_unwrap(o, devices, name) for o in out])
    if isinstance(out, mx.array):
        raise TypeError(
            f"xp.compile({name}): the function returns an mlx.core.array; return arrays of "
            "this namespace"
        )
    return out


class _Compiled:
    """The ``mx.compile``-d function of one key, and the device of its results."""

    __slots__ = ("call", "device", "_recorded")
    call: Callable[..., Any]
    device: Device
    _recorded: bool

    def __init__(
        self,
        fn: Callable[..., Any],
        name: str,
        key: tuple[Any, ...],
        kwkey: tuple[Any, ...] | None,
        device: Device,
        shapeless: bool,
    ) -> None:
        self.device = device
        self._recorded = False

        def traced(*tracers: mx.array) -> Any:
            arguments = tuple([_new(t, device) for t in tracers])
            it = iter(arguments)
            args = [_build(p, it) for p in key]
            kwargs = {k: _build(p, it) for k, p in kwkey} if kwkey else {}
            previous = TRACE.name
            TRACE.name = name
            try:
                try:
                    # The function runs on the device of its array arguments (design §2's
                    # rule, for the function as one operation): arrays it creates too.
                    with default_device(device):
                        out = fn(*args, **kwargs)
                except Exception as e:
                    if _evaluates(e):
                        raise _explain(e) from e
                    raise
                # Writes give an array a new mx.array (``_array_object.store``), also
                # through views: an argument holding another one was written into.
                for a, t in zip(arguments, tracers):
                    if a._array is not t:
                        raise untraceable(
                            "a write into an argument (x[...] = v, x += ..., or through a "
                            "view of x)",
                            "a compiled function cannot change the arrays passed to it",
                            "write into a copy (xp.asarray(x, copy=True)) and return it",
                        )
                devices: list[Device] = []
                result = _unwrap(out, devices, name)
                if devices:
                    self._record(devices, name)
                return result
            finally:
                TRACE.name = previous

        self.call = mx.compile(traced, shapeless=shapeless)

    def _record(self, devices: list[Device], name: str) -> None:
        d = devices[0]
        if any(o is not d for o in devices):
            raise ValueError(
                f"xp.compile({name}): the function returns arrays on several devices "
                f"({', '.join(sorted({repr(o) for o in devices}))}); a compiled function's "
                "results must be on one device"
            )
        if self._recorded and d is not self.device:
            raise ValueError(
                f"xp.compile({name}): the device of the function's results ({d!r}, before "
                f"{self.device!r}) depends on the shapes of its arguments; a compiled "
                "function's results must be on the same device for every shape"
            )
        self.device = d
        self._recorded = True


# MLX's errors for an evaluation inside a trace ("[eval] Attempting to eval an array
# during function transformations like compile or vmap is not allowed.").
_MLX_EVAL_ERRORS = ("[eval] Attempting to eval", "[async_eval] Not allowed inside")


def _evaluates(e: BaseException | None) -> bool:
    """Was ``e`` caused by an evaluation inside the trace (MLX's error, or one raised
    ``from`` it by this package with another message)?"""
    for _ in range(8):
        if e is None or str(e).startswith("xp.compile("):  # ours, from a nested trace
            return False
        if isinstance(e, (ValueError, RuntimeError)) and any(m in str(e) for m in _MLX_EVAL_ERRORS):
            return True
        e = e.__cause__
    return False


_SHAPES = "the shape of its result depends on the values of its input"
_VALUES = "it needs the values of an array"
_NO_VALUES = "and while the function is traced, arrays computed from its arguments have none"
# What each entry point of the package that evaluates is, and why it cannot be traced.
_ENTRIES = {
    "getitem": ("indexing with a boolean array (x[mask])", _SHAPES),
    "nonzero": ("xp.nonzero", _SHAPES),
    "unique_all": ("xp.unique_all", _SHAPES),
    "unique_counts": ("xp.unique_counts", _SHAPES),
    "unique_inverse": ("xp.unique_inverse", _SHAPES),
    "unique_values": ("xp.unique_values", _SHAPES),
    "repeat": ("xp.repeat with an array of repeats", _SHAPES),
    "__bool__": ("bool(x) (an if or while on an array)", _VALUES),
    "__int__": ("int(x)", _VALUES),
    "__float__": ("float(x)", _VALUES),
    "__complex__": ("complex(x)", _VALUES),
    "__index__": ("operator.index(x)", _VALUES),
    "__array__": ("conversion to NumPy (np.asarray(x))", _VALUES),
    "__dlpack__": ("DLPack export (x.__dlpack__())", _VALUES),
    "__repr__": ("printing an array", _VALUES),
    "__reduce__": ("pickling an array", _VALUES),
    "eval": ("xp.eval", _VALUES),
}


# Modules whose frames are not entry points: this one, and the complex128 wrappers.
_NOT_ENTRIES = frozenset({__name__, "array_api_mlx._complex128"})


def _entry(e: BaseException) -> str | None:
    """The function of this package (outside this module) that the traced function called
    on the way to the error, as ``xp.name``, ``xp.linalg.name`` or a method name."""
    tb = e.__traceback__
    while tb is not None:
        module = tb.tb_frame.f_globals.get("__name__", "")
        if (module == "array_api_mlx" or module.startswith("array_api_mlx.")) and (
            module not in _NOT_ENTRIES
        ):
            name = tb.tb_frame.f_code.co_name
            if name in _ENTRIES or name.startswith("_"):
                return name
            sub = module.removeprefix("array_api_mlx").lstrip(".")
            return f"xp.{name}" if not sub or sub.startswith("_") else f"xp.{sub}.{name}"
        tb = tb.tb_next
    return None


def _explain(e: BaseException) -> ValueError:
    entry = _entry(e)
    what, why = _ENTRIES.get(entry or "", (entry or "evaluating an array", _VALUES))
    if why is _SHAPES:
        fix = (
            "call it outside the compiled function, or keep shapes fixed (e.g. "
            "xp.where(mask, x, 0) instead of x[mask])"
        )
    else:
        fix = (
            "keep the computation in arrays (e.g. xp.where instead of an if on a value) "
            "and convert results after the compiled function returns"
        )
    return untraceable(what, f"{why}, {_NO_VALUES}", fix)
