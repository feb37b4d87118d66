"""Elementwise functions of the standard.

Each is ``unary``/``binary`` from ``_array_object`` (the operand rules: device, dtype
category, scalars, promotion) around the MLX function, run on the inputs' device.
"""

from __future__ import annotations

import mlx.core as mx

from . import _dtypes as dt
from ._array_object import Array, as_operands, binary, check_array, unary

__all__ = [
    "abs", "acos", "acosh", "add", "asin", "asinh", "atan", "atan2", "atanh",
    "bitwise_and", "bitwise_invert", "bitwise_left_shift", "bitwise_or",
    "bitwise_right_shift", "bitwise_xor", "ceil", "clip", "conj", "copysign", "cos",
    "cosh", "divide", "equal", "exp", "expm1", "floor", "floor_divide", "greater",
    "greater_equal", "hypot", "imag", "isfinite", "isinf", "isnan", "less",
    "less_equal", "log", "log1p", "log2", "log10", "logaddexp", "logical_and",
    "logical_not", "logical_or", "logical_xor", "maximum", "minimum", "multiply",
    "negative", "nextafter", "not_equal", "positive", "pow", "real", "reciprocal",
    "remainder", "round", "sign", "signbit", "sin", "sinh", "sqrt", "square",
    "subtract", "tan", "tanh", "trunc",
]  # fmt: skip


# --- arithmetic -------------------------------------------------------------------------
def add(x1, x2, /) -> Array:
    return binary(x1, x2, mx.add, "numeric", "add")


def subtract(x1, x2, /) -> Array:
    return binary(x1, x2, mx.subtract, "numeric", "subtract")


def multiply(x1, x2, /) -> Array:
    return binary(x1, x2, mx.multiply, "numeric", "multiply")


def divide(x1, x2, /) -> Array:
    """Integer inputs give the default floating-point dtype (as MLX and NumPy do)."""
    return binary(x1, x2, mx.divide, "numeric", "divide")


def floor_divide(x1, x2, /) -> Array:
    return binary(x1, x2, mx.floor_divide, "real numeric", "floor_divide")


def remainder(x1, x2, /) -> Array:
    return binary(x1, x2, mx.remainder, "real numeric", "remainder")


def pow(x1, x2, /) -> Array:
    return binary(x1, x2, mx.power, "numeric", "pow")


def negative(x, /) -> Array:
    return unary(x, mx.negative, "numeric", "negative")


def positive(x, /) -> Array:
    check_array(x, "positive")
    if x.dtype not in dt.NUMERIC:
        raise TypeError(f"positive: expected a numeric array, got {x.dtype.name}")
    return x


def abs(x, /) -> Array:
    return unary(x, mx.abs, "numeric", "abs")


def square(x, /) -> Array:
    return unary(x, mx.square, "numeric", "square")


def sqrt(x, /) -> Array:
    return unary(x, mx.sqrt, "floating", "sqrt")


def reciprocal(x, /) -> Array:
    return unary(x, mx.reciprocal, "floating", "reciprocal")


def sign(x, /) -> Array:
    return unary(x, mx.sign, "numeric", "sign")


def _keep_integers(fn, name):
    def f(a, stream):
        if a.dtype in dt.MX_CATEGORIES["integer"]:
            return a
        return fn(a, stream=stream)

    f.__name__ = name
    return f


_ceil = _keep_integers(mx.ceil, "ceil")
_floor = _keep_integers(mx.floor, "floor")


def _trunc_mx(a, stream):
    return mx.where(a < 0, mx.ceil(a, stream=stream), mx.floor(a, stream=stream), stream=stream)


_trunc = _keep_integers(_trunc_mx, "trunc")


def ceil(x, /) -> Array:
    return unary(x, _ceil, "real numeric", "ceil")


def floor(x, /) -> Array:
    return unary(x, _floor, "real numeric", "floor")


def trunc(x, /) -> Array:
    return unary(x, _trunc, "real numeric", "trunc")


def round(x, /) -> Array:
    return unary(x, mx.round, "numeric", "round")


# --- transcendental ---------------------------------------------------------------------
def exp(x, /) -> Array:
    return unary(x, mx.exp, "floating", "exp")


def expm1(x, /) -> Array:
    return unary(x, mx.expm1, "floating", "expm1")


def log(x, /) -> Array:
    return unary(x, mx.log, "floating", "log")


def log1p(x, /) -> Array:
    return unary(x, mx.log1p, "floating", "log1p")


def log2(x, /) -> Array:
    return unary(x, mx.log2, "floating", "log2")


def log10(x, /) -> Array:
    return unary(x, mx.log10, "floating", "log10")


def logaddexp(x1, x2, /) -> Array:
    return binary(x1, x2, mx.logaddexp, "real floating", "logaddexp")


def sin(x, /) -> Array:
    return unary(x, mx.sin, "floating", "sin")


def cos(x, /) -> Array:
    return unary(x, mx.cos, "floating", "cos")


def tan(x, /) -> Array:
    return unary(x, mx.tan, "floating", "tan")


def asin(x, /) -> Array:
    return unary(x, mx.arcsin, "floating", "asin")


def acos(x, /) -> Array:
    return unary(x, mx.arccos, "floating", "acos")


def atan(x, /) -> Array:
    return unary(x, mx.arctan, "floating", "atan")


def atan2(x1, x2, /) -> Array:
    return binary(x1, x2, mx.arctan2, "real floating", "atan2")


def sinh(x, /) -> Array:
    return unary(x, mx.sinh, "floating", "sinh")


def cosh(x, /) -> Array:
    return unary(x, mx.cosh, "floating", "cosh")


def tanh(x, /) -> Array:
    return unary(x, mx.tanh, "floating", "tanh")


def asinh(x, /) -> Array:
    return unary(x, mx.arcsinh, "floating", "asinh")


def acosh(x, /) -> Array:
    return unary(x, mx.arccosh, "floating", "acosh")


def atanh(x, /) -> Array:
    return unary(x, mx.arctanh, "floating", "atanh")


def hypot(x1, x2, /) -> Array:
    def _hypot(a, b, stream):
        return mx.sqrt(mx.add(mx.square(a, stream=stream), mx.square(b, stream=stream), stream=stream), stream=stream)

    return binary(x1, x2, _hypot, "real floating", "hypot")


def copysign(x1, x2, /) -> Array:
    def _copysign(a, b, stream):
        neg = _signbit_mx(b, stream)
        mag = mx.abs(a, stream=stream)
        return mx.where(neg, mx.negative(mag, stream=stream), mag, stream=stream)

    return binary(x1, x2, _copysign, "real floating", "copysign")


def _signbit_mx(a, stream):
    # -0.0 and negative NaN have the sign bit set: read it from the bits.
    bits = {mx.float32: mx.int32, mx.float64: mx.int64, mx.float16: mx.int16, mx.bfloat16: mx.int16}[a.dtype]
    return mx.less(mx.view(a, bits, stream=stream), 0, stream=stream)


def signbit(x, /) -> Array:
    return unary(x, _signbit_mx, "real floating", "signbit")


def nextafter(x1, x2, /) -> Array:
    def _nextafter(a, b, stream):
        import numpy as np

        r = np.nextafter(np.asarray(a), np.asarray(b))
        return mx.array(r, dtype=a.dtype)

    return binary(x1, x2, _nextafter, "real floating", "nextafter")


# --- comparison -------------------------------------------------------------------------
def equal(x1, x2, /) -> Array:
    return binary(x1, x2, mx.equal, "all", "equal")


def not_equal(x1, x2, /) -> Array:
    return binary(x1, x2, mx.not_equal, "all", "not_equal")


def less(x1, x2, /) -> Array:
    return binary(x1, x2, mx.less, "real numeric", "less")


def less_equal(x1, x2, /) -> Array:
    return binary(x1, x2, mx.less_equal, "real numeric", "less_equal")


def greater(x1, x2, /) -> Array:
    return binary(x1, x2, mx.greater, "real numeric", "greater")


def greater_equal(x1, x2, /) -> Array:
    return binary(x1, x2, mx.greater_equal, "real numeric", "greater_equal")


def maximum(x1, x2, /) -> Array:
    return binary(x1, x2, mx.maximum, "real numeric", "maximum")


def minimum(x1, x2, /) -> Array:
    return binary(x1, x2, mx.minimum, "real numeric", "minimum")


def isnan(x, /) -> Array:
    return unary(x, mx.isnan, "numeric", "isnan")


def isinf(x, /) -> Array:
    return unary(x, mx.isinf, "numeric", "isinf")


def isfinite(x, /) -> Array:
    return unary(x, mx.isfinite, "numeric", "isfinite")


# --- logical and bitwise ----------------------------------------------------------------
def logical_and(x1, x2, /) -> Array:
    return binary(x1, x2, mx.logical_and, "bool", "logical_and")


def logical_or(x1, x2, /) -> Array:
    return binary(x1, x2, mx.logical_or, "bool", "logical_or")


def logical_xor(x1, x2, /) -> Array:
    return binary(x1, x2, mx.not_equal, "bool", "logical_xor")


def logical_not(x, /) -> Array:
    return unary(x, mx.logical_not, "bool", "logical_not")


def bitwise_and(x1, x2, /) -> Array:
    return binary(x1, x2, mx.bitwise_and, "integer or boolean", "bitwise_and")


def bitwise_or(x1, x2, /) -> Array:
    return binary(x1, x2, mx.bitwise_or, "integer or boolean", "bitwise_or")


def bitwise_xor(x1, x2, /) -> Array:
    return binary(x1, x2, mx.bitwise_xor, "integer or boolean", "bitwise_xor")


def bitwise_invert(x, /) -> Array:
    def _invert(a, stream):
        if a.dtype == mx.bool_:
            return mx.logical_not(a, stream=stream)
        return mx.bitwise_invert(a, stream=stream)

    return unary(x, _invert, "integer or boolean", "bitwise_invert")


def bitwise_left_shift(x1, x2, /) -> Array:
    return binary(x1, x2, mx.left_shift, "integer", "bitwise_left_shift")


def bitwise_right_shift(x1, x2, /) -> Array:
    return binary(x1, x2, mx.right_shift, "integer", "bitwise_right_shift")


# --- complex ----------------------------------------------------------------------------
def conj(x, /) -> Array:
    def _conj(a, stream):
        return mx.conj(a, stream=stream) if a.dtype == mx.complex64 else a

    return unary(x, _conj, "numeric", "conj")


def real(x, /) -> Array:
    def _real(a, stream):
        return mx.real(a, stream=stream) if a.dtype == mx.complex64 else a

    return unary(x, _real, "numeric", "real")


def imag(x, /) -> Array:
    def _imag(a, stream):
        if a.dtype == mx.complex64:
            return mx.imag(a, stream=stream)
        return mx.zeros_like(a, stream=stream)

    return unary(x, _imag, "numeric", "imag")


# --- clip -------------------------------------------------------------------------------
def clip(x, /, min=None, max=None) -> Array:
    """``min``/``max`` may be arrays or scalars; the result keeps ``x``'s dtype."""
    check_array(x, "clip")
    if x.dtype not in dt.REAL_NUMERIC:
        raise TypeError(f"clip: expected a real numeric array, got {x.dtype.name}")
    a = x._array
    dev = x._device
    for bound, fn in ((min, mx.maximum), (max, mx.minimum)):
        if bound is None:
            continue
        _, b, _, _ = as_operands(x, bound, "real numeric", "clip")
        if type(bound) is Array and bound.dtype.kind != x.dtype.kind and not (x.dtype.kind in "iu" and bound.dtype.kind in "iu"):
            raise TypeError("clip: min and max must have the same kind of dtype as x")
        a = fn(a, b.astype(a.dtype, stream=dev._mx), stream=dev._mx)
    if a.shape != x._array.shape:
        a = mx.broadcast_to(a, x._array.shape, stream=dev._mx) if a.ndim <= x.ndim else a
    return Array._new(a, dev)
