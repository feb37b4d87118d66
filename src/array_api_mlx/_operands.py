"""The operand rules (design §2, §4): one place where arrays and Python scalars become MLX
operands of one dtype on one device.

``as_operands`` is the general rule (device check, dtype category, scalars, promotion);
``binary`` and ``unary`` apply an MLX function after it and re-wrap on the device.
``binary_function`` and ``unary_function`` declare an elementwise function by its MLX
kernel and its category, written once, where the function is defined; the declared
function takes the rule's first branch (arrays of one device and one dtype of the kernel
table) before ``binary``/``unary``, and ``binary`` the first branch for a Python scalar
that MLX converts as we would: fast paths of the same rule, not second implementations.
The operator factory reads the kernel and category too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NoReturn, TypeAlias, TypeVar, cast

import mlx.core as mx
import numpy as np

from . import _dtypes as dt
from ._arguments import check_int_fits, int_bounds
from ._array_object import Array, View
from ._complex128 import HostComputation, host_function, on_host
from ._devices import Device, cpu, same_device
from ._promotion import promote, scalar_dtype

__all__ = [
    "as_operands", "binary", "binary_function", "check_array", "kernels", "mx_scalar",
    "scalar_operand", "unary", "unary_function", "SCALARS", "OPERAND_SCALARS",
]  # fmt: skip

# An MLX function called as ``fn(a1, a2, stream=...)`` or ``fn(a, stream=...)``.
MxFunction: TypeAlias = Callable[..., mx.array]
# A Python scalar operand.
Scalar: TypeAlias = "bool | int | float | complex"
# A function declared by ``binary_function`` or ``unary_function``.
_F = TypeVar("_F", bound=Callable[..., Array])

_object_new = object.__new__
_CATEGORIES = dt.CATEGORIES
SCALARS = (bool, int, float, complex)
# NumPy scalars (``np.float32(2.0)``) are operands too: the Python scalars they hold.
OPERAND_SCALARS = (bool, int, float, complex, np.generic)


def check_array(x: object, name: str, argname: str = "x") -> Array:
    if type(x) is not Array and not isinstance(x, Array):  # views are arrays too
        raise TypeError(
            f"{name}: {argname} must be an array_api_mlx array, got "
            f"{type(x).__name__}; convert it with xp.asarray"
        )
    return x


def _category_error(name: str, category: str, d: dt.DType) -> NoReturn:
    raise TypeError(f"{name}: expected an array of {category} dtype, got {d.name}")


def mx_scalar(value: Scalar, d: dt.DType) -> mx.array:
    """A 0-d ``mx.array`` of dtype ``d`` holding a Python scalar (MLX cannot build uint64
    values above 2**63 - 1 from a Python int: go through NumPy for those)."""
    if d is dt.uint64 and type(value) is int and value > 2**63 - 1:
        return mx.array(np.array(value, dtype=np.uint64))
    if type(value) is int and d.kind in "fc" and not -(2**63) <= value < 2**63:
        # MLX fails with std::bad_cast on ints beyond 64 bits: convert them here
        value = float(value)
    return mx.array(value, dtype=d._mx)


def scalar_operand(value: Scalar, like: Array, category: str, name: str) -> mx.array:
    """A Python scalar operand as an ``mx.array`` of the dtype it takes with ``like``
    (design §4)."""
    d = scalar_dtype(value, like.dtype)
    if d not in _CATEGORIES[category]:
        _category_error(name, category, d)
    if isinstance(value, int):
        check_int_fits(value, d, name)
    if type(value) is complex and d.kind != "c":
        raise TypeError(f"{name}: a complex scalar cannot be combined with {d.name}")
    return mx_scalar(value, d)


def _foreign_operand(name: str, bad: object) -> TypeError:
    return TypeError(
        f"{name}: expected an array_api_mlx array or a Python scalar, got "
        f"{type(bad).__module__}.{type(bad).__name__}; convert it with xp.asarray"
    )


# The operand functions below take ``Any``: they are the rule that checks their operands
# (arrays, Python and NumPy scalars, anything else refused), and their fast paths branch on
# ``type(x) is Array`` tests held in variables, which type checkers do not follow.
def as_operands(
    x1: Any, x2: Any, category: str, name: str
) -> tuple[mx.array, mx.array, dt.DType, Device]:
    """Normalise two operands (arrays or Python scalars) to ``mx.array``s of one dtype.

    Returns ``(a1, a2, dtype, device)``; raises TypeError / ValueError per the spec.
    """
    t1, t2 = isinstance(x1, Array), isinstance(x2, Array)
    if t1 and t2:
        dev = x1._device
        d = x1._dtype or x1.dtype
        if x2._device is dev and (x2._dtype or x2.dtype) is d and d in _CATEGORIES[category]:
            return x1._array, x2._array, d, dev
    if isinstance(x1, np.generic):
        x1 = x1.item()
    if isinstance(x2, np.generic):
        x2 = x2.item()
    allowed = _CATEGORIES[category]
    if t1 and t2:
        dev = x1._device
        same_device(dev, x2._device)
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
    if t1 and isinstance(x2, SCALARS):
        d1 = x1.dtype
        if d1 not in allowed:
            _category_error(name, category, d1)
        a2 = scalar_operand(x2, x1, category, name)
        d = dt.FROM_MX[a2.dtype]
        a1 = x1._array if d is d1 else x1._array.astype(d._mx, stream=x1._device._mx)
        return a1, a2, d, x1._device
    if t2 and isinstance(x1, SCALARS):
        a2, a1, d, dev = as_operands(x2, x1, category, name)
        return a1, a2, d, dev
    if not t1 and not t2 and isinstance(x1, SCALARS) and isinstance(x2, SCALARS):
        raise TypeError(f"{name}: at least one argument must be an array, got two scalars")
    raise _foreign_operand(name, x2 if t1 else x1)


# What ``binary`` and ``unary`` run, per MLX function and category: ``(kernel, direct)``,
# ``direct`` mapping each dtype for which ``kernel`` is called directly to the dtype of its
# result (the fast paths set it on the array they return, so the next operation need not
# ask MLX). ``{category: {fn: (kernel, direct)}}``; ``kernels`` fills it.
_Entry: TypeAlias = "tuple[MxFunction, dict[dt.DType, dt.DType]]"
_KERNELS: dict[str, dict[MxFunction, _Entry]] = {category: {} for category in _CATEGORIES}


def kernels(fn: MxFunction, category: str, arity: int) -> _Entry:
    """``(kernel, direct)`` for ``fn`` applied to ``arity`` operands of ``category``.

    ``kernel`` is ``fn`` and ``direct`` holds the category's dtypes, except for a routed
    function (``_elementwise._routed``: it carries ``kernel``, MLX's own function, and
    ``routed_dtypes``, those with rows in the routing table): its kernel runs directly for
    the other dtypes, which the table sends nowhere else. The result dtypes are MLX's, read
    from lazy results of the kernel on 1-element arrays (nothing is evaluated); a dtype
    MLX refuses is left out (the general path then says so).
    """
    by_fn = _KERNELS[category]
    entry = by_fn.get(fn)
    if entry is None:
        routed = {dt.FROM_MX[m] for m in getattr(fn, "routed_dtypes", ())}
        kernel: MxFunction = getattr(fn, "kernel", fn)
        direct = {}
        for d in _CATEGORIES[category]:
            if d in routed or d not in _MLX_DTYPES:
                continue
            a = mx.zeros((1,), dtype=d._mx, stream=_PROBE)
            try:
                r = kernel(*(a,) * arity, stream=_PROBE)
            except Exception:  # noqa: BLE001  (MLX refuses the dtype: the general path says why)
                continue
            direct[d] = dt.FROM_MX[r.dtype]
        entry = by_fn[fn] = (kernel, direct)
    return entry


_MLX_DTYPES = frozenset(dt.MLX_DTYPES)
_PROBE = cpu._mx


# MLX functions that take a Python scalar operand by the rule of design §4: with a real
# floating array the scalar (float, or int exact in float64) takes the array's dtype; with
# an integer array an int scalar in the dtype's range takes the array's dtype (not for
# ``divide``, whose integer result is a float). ``binary`` passes such scalars straight to
# MLX instead of building a 0-d array first; every other case takes ``as_operands``.
_MX_SCALAR_FNS = frozenset[MxFunction]((
    mx.add, mx.subtract, mx.multiply, mx.divide, mx.maximum, mx.minimum,
    mx.equal, mx.not_equal, mx.less, mx.less_equal, mx.greater, mx.greater_equal,
))  # fmt: skip
_F_EXACT = 2**53
# The int scalars MLX converts to each dtype as we would: ints exact in float64 for real
# floating dtypes; the dtype's range for integer dtypes, int64's upper bound for uint64
# (MLX converts Python ints through int64).
_INT_PASSES = {
    **{d: (-_F_EXACT, _F_EXACT) for d in dt.REAL_FLOATING},
    **{d: (int_bounds(d)[0], min(int_bounds(d)[1], 2**63 - 1)) for d in dt.INTEGER},
}
_REAL_FLOATING = dt.REAL_FLOATING


# ``{category: {fn: (floats, ints)}}``: for each dtype ``d`` of an array that takes a
# Python scalar straight to ``fn`` (the rule above), the dtype of the result with a float
# (``floats[d]``) and, with an int in ``[lo, hi]``, ``ints[d] = (lo, hi, result dtype)``.
_ScalarEntry: TypeAlias = (
    "tuple[dict[dt.DType, dt.DType], dict[dt.DType, tuple[int, int, dt.DType]]]"
)
_SCALAR_KERNELS: dict[str, dict[MxFunction, _ScalarEntry]] = {c: {} for c in _CATEGORIES}


def _scalar_kernels(fn: MxFunction, category: str) -> _ScalarEntry:
    """``(floats, ints)`` of ``fn`` for ``category`` (empty where ``fn`` takes no scalar
    straight to MLX)."""
    by_fn = _SCALAR_KERNELS[category]
    entry = by_fn.get(fn)
    if entry is None:
        floats: dict[dt.DType, dt.DType] = {}
        ints: dict[dt.DType, tuple[int, int, dt.DType]] = {}
        if fn in _MX_SCALAR_FNS:
            direct = kernels(fn, category, 2)[1]
            for d, rd in direct.items():
                if d in _REAL_FLOATING:
                    floats[d] = rd
                bounds = _INT_PASSES.get(d)
                if bounds is not None and not (fn is mx.divide and d not in _REAL_FLOATING):
                    ints[d] = (*bounds, rd)
        entry = by_fn[fn] = (floats, ints)
    return entry


def binary(x1: Any, x2: Any, fn: MxFunction, category: str, name: str) -> Array:
    """Apply ``fn(a1, a2, stream=...)`` to two operands after the operand rules.

    Its callers (``binary_function``'s functions, the operators) first take the rule's
    first branch themselves: two arrays of one dtype on one device, called directly.
    """
    t1 = type(x1)
    t2 = type(x2)
    # An array and a Python float or int that MLX converts as we would (``_INT_PASSES``).
    if t1 is Array and (t2 is float or t2 is int):
        x, value, tv = x1, x2, t2
    elif t2 is Array and (t1 is float or t1 is int):
        x, value, tv = x2, x1, t1
    else:
        x = None
    if x is not None:
        try:
            floats, ints = _SCALAR_KERNELS[category][fn]
        except KeyError:  # first use
            floats, ints = _scalar_kernels(fn, category)
        d = x._dtype
        if d is None:
            d = x.dtype
        if tv is float:
            sd = floats.get(d)
        else:
            b = ints.get(d)
            sd = b[2] if b is not None and b[0] <= value <= b[1] else None
        if sd is not None:
            dev = x._device
            out = _object_new(Array)
            if x is x1:
                out._array = fn(x1._array, x2, stream=dev._mx)
            else:
                out._array = fn(x1, x2._array, stream=dev._mx)
            out._device = dev
            out._dtype = sd
            return out
    if t1 is View or t2 is View:
        # A view (design §9) is an operand by its values: the rule above, as plain arrays.
        return binary(_values(x1), _values(x2), fn, category, name)
    a1, a2, _, dev = as_operands(x1, x2, category, name)
    return Array._new(fn(a1, a2, stream=dev._mx), dev)


def _values(x: Any) -> Any:
    """A view's current values as a plain array; anything else as it is."""
    if type(x) is not View:
        return x
    out = _object_new(Array)
    out._array = x._array
    out._device = x._device
    out._dtype = x._dtype
    return out


def unary(x: Any, fn: MxFunction, category: str, name: str) -> Array:
    """Apply ``fn(a, stream=...)`` to an array of ``category``; ``unary_function``'s
    functions first take the rule's first branch (the kernel table's dtypes)."""
    if not isinstance(x, Array):  # views are arrays too
        raise TypeError(
            f"{name}: expected an array_api_mlx array, got {type(x).__name__}; convert it "
            "with xp.asarray"
        )
    d = x.dtype
    if d not in _CATEGORIES[category]:
        _category_error(name, category, d)
    dev = x._device
    return Array._new(fn(x._array, stream=dev._mx), dev)


def binary_function(mx_fn: MxFunction, category: str) -> Callable[[_F], _F]:
    """Declare ``f(x1, x2, /)`` as ``binary(x1, x2, mx_fn, category)`` after the rule's
    first branch (two arrays of one dtype on one device, the kernel table's dtypes); the
    declared function's own body is not run. ``mx_fn`` and ``category`` stay readable as
    attributes of the result (the operators take the same first branch with them)."""

    def declare(f: _F) -> _F:
        name = f.__name__
        kernel, direct = kernels(mx_fn, category, 2)

        @functools.wraps(f)
        def fn(x1: Any, x2: Any, /) -> Array:
            if type(x1) is Array and type(x2) is Array:
                dev = x1._device
                d = x1._dtype
                if d is None:
                    d = x1.dtype
                d2 = x2._dtype
                if d2 is None:
                    d2 = x2.dtype
                if x2._device is dev and d2 is d:
                    try:
                        rd = direct[d]
                    except KeyError:  # not called directly for this dtype
                        pass
                    else:
                        out = _object_new(Array)
                        out._array = kernel(x1._array, x2._array, stream=dev._mx)
                        out._device = dev
                        out._dtype = rd
                        return out
            try:
                return binary(x1, x2, mx_fn, category, name)
            except HostComputation:  # complex128 (design §14)
                return on_host(host_function(name), (x1, x2), {})  # type: ignore[no-any-return]

        fn.__dict__.update(mx_fn=mx_fn, category=category)
        return cast(_F, fn)  # the declared signature is the public one

    return declare


def unary_function(mx_fn: MxFunction, category: str) -> Callable[[_F], _F]:
    """Declare ``f(x, /)`` as ``unary(x, mx_fn, category)`` after the rule's first branch
    (an array of a dtype of the kernel table); the declared function's own body is not
    run."""

    def declare(f: _F) -> _F:
        name = f.__name__
        kernel, direct = kernels(mx_fn, category, 1)

        @functools.wraps(f)
        def fn(x: Any, /) -> Array:
            if type(x) is Array:
                d = x._dtype
                if d is None:
                    d = x.dtype
                try:
                    rd = direct[d]
                except KeyError:  # not called directly for this dtype
                    pass
                else:
                    dev = x._device
                    out = _object_new(Array)
                    out._array = kernel(x._array, stream=dev._mx)
                    out._device = dev
                    out._dtype = rd
                    return out
            try:
                return unary(x, mx_fn, category, name)
            except HostComputation:  # complex128 (design §14)
                return on_host(host_function(name), (x,), {})  # type: ignore[no-any-return]

        fn.__dict__.update(mx_fn=mx_fn, category=category)
        return cast(_F, fn)  # the declared signature is the public one

    return declare
