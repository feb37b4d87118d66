"""The operator methods of ``Array``, made from the namespace's functions.

Each operator family is one factory call: the forward, reflected and in-place methods of
``x + y`` all compute ``add``, so operators and functions cannot disagree. Where the
function declares its MLX kernel and category (``_operands.binary_function``), the
methods call ``binary`` with them (one Python call fewer per operator), and the forward
method takes the function's first branch itself, with the same kernel table; unary
operators call their function. Operands other than our arrays and Python (or NumPy)
scalars raise TypeError naming ``xp.asarray`` (design §11), on either side, comparisons
included: a NumPy array never computes a NumPy result from our array, and
``x == [1, 2]`` is no silent False.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, TypeAlias

from . import _elementwise as ew
from . import _indexing
from ._array_object import Array
from ._complex128 import HostComputation, assign_host, on_host
from ._linalg_functions import matmul
from ._operands import OPERAND_SCALARS, binary, kernels

__all__ = ["install"]

# A namespace function of two operands, and an operator method made from one.
_Function: TypeAlias = Callable[[Any, Any], Array]
_Method: TypeAlias = Callable[..., Any]

_object_new = object.__new__
# Operands of the operators: Python and NumPy scalars, and our arrays (views included).
_OPERANDS = (*OPERAND_SCALARS, Array)


def _foreign(other: object) -> bool:
    """Another library's array, or a sequence: refused with a TypeError (other objects
    get ``NotImplemented``, Python's protocol)."""
    return isinstance(other, (list, tuple)) or any(
        hasattr(other, attr) for attr in ("__array_namespace__", "__array__", "__dlpack__")
    )


def _refuse(name: str, other: object) -> Any:  # NotImplemented, or raises
    if not _foreign(other):
        return NotImplemented
    raise TypeError(
        f"{name}: expected an array_api_mlx array or a Python scalar, got "
        f"{type(other).__module__}.{type(other).__name__}; convert it with xp.asarray"
    )


def _forward(fn: _Function, symbol: str) -> _Method:
    """``x <op> other`` for ``fn``."""
    name = f"operator {symbol}"
    host_op = _HOST_OPERATORS[symbol]
    mx_fn = getattr(fn, "mx_fn", None)
    if mx_fn is None:

        def general(self: Array, other: object, /) -> Any:
            if type(other) is not Array and not isinstance(other, _OPERANDS):
                return _refuse(name, other)
            try:
                return fn(self, other)
            except HostComputation:  # complex128 (design §14)
                return on_host(host_op, (self, other), {})

        return general
    category: str = getattr(fn, "category")  # noqa: B009  (set by binary_function)
    kernel, direct = kernels(mx_fn, category, 2)
    fname = fn.__name__

    def forward(self: Array, other: Any, /) -> Any:  # tested by type below
        if type(other) is Array:
            dev = self._device
            if other._device is dev:
                d = self._dtype
                if d is None:
                    d = self.dtype
                d2 = other._dtype
                if d2 is None:
                    d2 = other.dtype
                if d is d2:  # binary's first branch
                    try:
                        rd = direct[d]
                    except KeyError:  # not called directly for this dtype
                        pass
                    else:
                        out = _object_new(Array)
                        out._array = kernel(self._array, other._array, stream=dev._mx)
                        out._device = dev
                        out._dtype = rd
                        return out
        elif type(other) is not float and type(other) is not int:
            if not isinstance(other, _OPERANDS):
                return _refuse(name, other)
        try:
            return binary(self, other, mx_fn, category, fname)
        except HostComputation:  # complex128 (design §14)
            return on_host(host_op, (self, other), {})

    return forward


def _reflected(fn: _Function, symbol: str) -> _Method:
    """``other <op> x`` for ``fn`` (Python calls it for a scalar ``other``; called
    directly, it takes an array too, as the standard says)."""
    name = f"operator {symbol}"
    host_op = _HOST_OPERATORS[symbol]
    mx_fn = getattr(fn, "mx_fn", None)
    category: str = getattr(fn, "category", "")
    fname = fn.__name__

    def reflected(self: Array, other: object, /) -> Any:
        t = type(other)
        if t is not float and t is not int and t is not Array:
            if not isinstance(other, _OPERANDS):  # views too
                return _refuse(name, other)
        try:
            if mx_fn is None:
                return fn(other, self)
            return binary(other, self, mx_fn, category, fname)
        except HostComputation:  # complex128 (design §14)
            return on_host(host_op, (other, self), {})

    return reflected


def _shape_error(name: str, result: Array, x: Array) -> ValueError:
    return ValueError(
        f"{name}: the result shape {result.shape} differs from x's shape {x.shape}; use "
        "the out-of-place form"
    )


def _inplace(fn: _Function, symbol: str) -> _Method:
    """``x <op>= other``: ``x`` takes the result, whose shape must be ``x``'s. A result of
    another dtype of the same kind is cast to ``x``'s (``float32 += float64``, as NumPy's
    same-kind casting, PyTorch and CuPy do; the standard leaves it to the library); one of
    another kind (``int32 += 1.5``) raises TypeError. Accepts the same operands as the
    forward operator (NumPy scalars included)."""
    name = f"in-place operator {symbol}="
    host_op = _HOST_OPERATORS[symbol]

    def inplace(self: Array, other: object, /) -> Any:
        if type(other) is not Array and not isinstance(other, _OPERANDS):
            return _refuse(name, other)
        try:
            result = fn(self, other)
        except HostComputation:  # complex128 (design §14)
            result = on_host(host_op, (self, other), {})
        d = self.dtype
        rd = result.dtype
        if rd is not d and rd.kind != d.kind:
            raise TypeError(
                f"{name} would change the kind of x's dtype from {d.name} to "
                f"{rd.name}; use the out-of-place form"
            )
        try:
            a = result._array
            if rd is not d:
                a = a.astype(d._mx, stream=self._device._mx)
            if a.shape != self._array.shape:
                raise _shape_error(name, result, self)
            self._array = a
        except HostComputation:  # complex128 on either side (design §14)
            if result.shape != self.shape:
                raise _shape_error(name, result, self) from None
            assign_host(self, result._host())
        return self

    return inplace


_ARITHMETIC = {
    "add": (ew.add, "+"), "sub": (ew.subtract, "-"), "mul": (ew.multiply, "*"),
    "truediv": (ew.divide, "/"), "floordiv": (ew.floor_divide, "//"),
    "mod": (ew.remainder, "%"), "pow": (ew.pow, "**"), "matmul": (matmul, "@"),
    "and": (ew.bitwise_and, "&"), "or": (ew.bitwise_or, "|"), "xor": (ew.bitwise_xor, "^"),
    "lshift": (ew.bitwise_left_shift, "<<"), "rshift": (ew.bitwise_right_shift, ">>"),
}  # fmt: skip
_COMPARISONS = {
    "lt": (ew.less, "<"), "le": (ew.less_equal, "<="), "gt": (ew.greater, ">"),
    "ge": (ew.greater_equal, ">="), "eq": (ew.equal, "=="), "ne": (ew.not_equal, "!="),
}  # fmt: skip
_UNARY = {
    "neg": ew.negative, "pos": ew.positive, "abs": ew.abs, "invert": ew.bitwise_invert,
}  # fmt: skip


# The host's operator for each symbol (complex128, design §14).
_HOST_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "@": operator.matmul,
    "&": operator.and_, "|": operator.or_, "^": operator.xor, "<<": operator.lshift,
    ">>": operator.rshift, "<": operator.lt, "<=": operator.le, ">": operator.gt,
    ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
}  # fmt: skip


def _bind(cls: type[Array], name: str, method: _Method) -> None:
    method.__name__ = name
    method.__qualname__ = f"{cls.__name__}.{name}"
    setattr(cls, name, method)


def _unary_method(fn: Callable[[Array], Array]) -> _Method:
    """``<op>x`` for ``fn``: the function itself (its first branch included)."""

    def method(self: Array, /) -> Array:
        return fn(self)

    return method


def install(cls: type[Array] = Array) -> None:
    """Bind the operator methods declared in ``Array``'s class body (once, at import)."""
    for op, (fn, symbol) in _ARITHMETIC.items():
        _bind(cls, f"__{op}__", _forward(fn, symbol))
        _bind(cls, f"__r{op}__", _reflected(fn, symbol))
        _bind(cls, f"__i{op}__", _inplace(fn, symbol))
    for op, (fn, symbol) in _COMPARISONS.items():
        _bind(cls, f"__{op}__", _forward(fn, symbol))
    for op, ufn in _UNARY.items():
        _bind(cls, f"__{op}__", _unary_method(ufn))
    # Binding the methods that the class body declares is this function's purpose.
    cls.__getitem__ = _indexing.getitem  # type: ignore[method-assign]
    cls.__setitem__ = _indexing.setitem  # type: ignore[method-assign]
