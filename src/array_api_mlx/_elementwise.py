"""Elementwise functions of the standard.

Each is ``unary``/``binary`` from ``_operands`` (the operand rules: device, dtype
category, Python scalars in either position, promotion) around an MLX function, run on
the inputs' device; most are declared by their kernel and category alone
(``binary_function``/``unary_function``). Where MLX's result differs from the standard (special cases, NaN,
signed zeros, integer edge cases) a few extra MLX operations fix it, on that path only.

Where an op runs when not on its array's device (docs/design.md §2, §3) is the routing table's
decision (``_routing``): complex64 functions whose GPU kernels are missing or wrong run on
MLX's CPU stream, and float64 functions MLX computes in float32 precision (``exp``
overflows at 88.7) are computed by NumPy on host memory (``F64_VIA_NUMPY`` holds its
functions); ``tests/test_float64_accuracy.py`` measures every float64 function against
NumPy in ulps.
"""

# The functions declared with ``binary_function``/``unary_function`` have only a docstring
# for a body: the decorator supplies the body, so their empty bodies are not errors.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

import math
from collections.abc import Callable

import mlx.core as mx
import numpy as np

from . import _accurate
from . import _dtypes as dt
from ._array_object import Array
from ._host import from_numpy, to_numpy
from ._operands import (
    MxFunction,
    as_operands,
    binary_function,
    check_array,
    unary_function,
)
from ._routing import HOST, ROUTED_DTYPES, route

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

# --- routing ----------------------------------------------------------------------------
# The NumPy functions for the float64 ops that the routing table sends to the host.
F64_VIA_NUMPY = {
    "exp": np.exp,
    "sin": np.sin,
    "cos": np.cos,
    "logaddexp": np.logaddexp,
}

_F64 = mx.float64
_FLOAT_MX = dt.MX_REAL_FLOATING
_SIGNED_MX = dt.MX_SIGNED
_INTEGER_MX = dt.MX_INTEGER
# Signed integer type of the same width, to read a float's bits.
_BITS_OF = {mx.float16: mx.int16, mx.bfloat16: mx.int16, mx.float32: mx.int32, mx.float64: mx.int64}
_WIDTH = {mx.int8: 8, mx.int16: 16, mx.int32: 32, mx.int64: 64,
          mx.uint8: 8, mx.uint16: 16, mx.uint32: 32, mx.uint64: 64}  # fmt: skip


def _routed(op: str, fn: MxFunction) -> MxFunction:
    """``fn(*arrays, stream=)`` run where the routing table sends ``op`` (named as in MLX)
    for the first array's dtype: ``stream``, MLX's CPU stream, or NumPy on the host
    (``F64_VIA_NUMPY[op]``, which evaluates the inputs)."""
    dtypes = ROUTED_DTYPES.get(op)
    if dtypes is None:
        return fn
    np_fn = F64_VIA_NUMPY.get(op)

    def f(*arrays: mx.array, stream: mx.Stream) -> mx.array:
        d = arrays[0].dtype
        if d in dtypes:
            where = route(op, d, stream)
            if where is HOST:
                assert np_fn is not None  # the table's host rows are F64_VIA_NUMPY's ops
                with np.errstate(all="ignore"):
                    r = np_fn(*(to_numpy(a) for a in arrays))
                return from_numpy(r, d)
            stream = where
        return fn(*arrays, stream=stream)

    f.__name__ = op
    # ``_operands.kernels`` calls ``fn`` directly for the dtypes the table sends nowhere.
    f.__dict__.update(kernel=fn, routed_dtypes=dtypes)
    return f


def _copy(a: mx.array, stream: mx.Stream) -> mx.array:
    # A new (lazy) array: results never alias their input, so ``y[...] = v`` cannot
    # change ``x``.
    return a.astype(a.dtype, stream=stream)


# --- arithmetic -------------------------------------------------------------------------
@binary_function(mx.add, "numeric")
def add(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


@binary_function(mx.subtract, "numeric")
def subtract(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


@binary_function(mx.multiply, "numeric")
def multiply(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


@binary_function(mx.divide, "numeric")
def divide(x1: Array | complex, x2: Array | complex, /) -> Array:
    """Integer inputs give the default floating-point dtype, float32 (as MLX does)."""


def _int_guard(a: mx.array, b: mx.array, stream: mx.Stream) -> tuple[mx.array, mx.array]:
    """Divisors that would trap (x // 0, INT_MIN // -1 raise SIGFPE) and a safe divisor."""
    bad = mx.equal(b, 0, stream=stream)
    if a.dtype in _SIGNED_MX:
        bad = mx.logical_or(bad, mx.equal(b, -1, stream=stream), stream=stream)
    return bad, mx.where(bad, mx.array(1, a.dtype), b, stream=stream)


def _floor_divide(a: mx.array, b: mx.array, stream: mx.Stream) -> mx.array:
    if a.dtype in _INTEGER_MX:
        # x // 0 is 0 (as NumPy); x // -1 is -x, wrapping for the minimum value.
        bad, safe = _int_guard(a, b, stream)
        q = mx.floor_divide(a, safe, stream=stream)
        return mx.where(bad, mx.multiply(a, b, stream=stream), q, stream=stream)
    if a.dtype not in _FLOAT_MX:
        return mx.floor_divide(a, b, stream=stream)
    # Python's float floor division (as NumPy): from the exact remainder, so that
    # 1 // 0.1 == 9. Zero divisors and infinities keep floor(x1 / x2), the standard's
    # preferred special cases.
    mod = _float_remainder(a, b, stream)
    div = mx.divide(mx.subtract(a, mod, stream=stream), b, stream=stream)
    q = mx.round(div, stream=stream)
    q = mx.where(mx.equal(div, 0, stream=stream),
                 _copysign_mx(mx.zeros_like(div, stream=stream), mx.divide(a, b, stream=stream), stream),
                 q, stream=stream)  # fmt: skip
    finite = mx.logical_and(
        mx.isfinite(a, stream=stream),
        mx.logical_and(
            mx.isfinite(b, stream=stream), mx.not_equal(b, 0, stream=stream), stream=stream
        ),
        stream=stream,
    )
    return mx.where(finite, q, mx.floor_divide(a, b, stream=stream), stream=stream)


def _float_remainder(a: mx.array, b: mx.array, stream: mx.Stream) -> mx.array:
    r = mx.remainder(a, b, stream=stream)
    # A zero result takes the sign of the divisor (Python: -0.0 % 3 == 0.0).
    return mx.where(
        mx.equal(r, 0, stream=stream),
        _copysign_mx(mx.zeros_like(r, stream=stream), b, stream),
        r,
        stream=stream,
    )


def _remainder(a: mx.array, b: mx.array, stream: mx.Stream) -> mx.array:
    if a.dtype in _INTEGER_MX:
        # x % 0 is 0 (as NumPy); x % -1 is 0 (never traps).
        _, safe = _int_guard(a, b, stream)
        return mx.remainder(a, safe, stream=stream)
    if a.dtype in _FLOAT_MX:
        return _float_remainder(a, b, stream)
    return mx.remainder(a, b, stream=stream)


@binary_function(_floor_divide, "real numeric")
def floor_divide(x1: Array | complex, x2: Array | complex, /) -> Array:
    """Python semantics for finite operands (rounds towards -inf; 1.0 // 0.1 == 9.0).

    Integer division by zero gives 0 (as NumPy; no error, no crash), and
    ``INT_MIN // -1`` wraps to ``INT_MIN``. Floating-point infinities and zero divisors
    follow the standard's preferred ``floor(x1 / x2)`` special cases."""


@binary_function(_remainder, "real numeric")
def remainder(x1: Array | complex, x2: Array | complex, /) -> Array:
    """Python semantics: the result has the sign of ``x2``.

    Integer ``x % 0`` gives 0 (as NumPy; no error, no crash)."""


def _pow(a: mx.array, b: mx.array, stream: mx.Stream) -> mx.array:
    if a.dtype in _SIGNED_MX:
        # A negative integer exponent (unspecified by the standard; NumPy raises) gives
        # the integer part of the exact result: 1 and -1 to the power n are +-1, any
        # other base 0 (0 ** -n too).
        neg = mx.less(b, 0, stream=stream)
        e = mx.where(neg, mx.bitwise_and(b, mx.array(1, b.dtype), stream=stream), b, stream=stream)
        r = mx.power(a, e, stream=stream)
        unit = mx.equal(mx.abs(a, stream=stream), 1, stream=stream)
        return mx.where(mx.logical_and(neg, mx.logical_not(unit, stream=stream), stream=stream),
                        mx.array(0, a.dtype), r, stream=stream)  # fmt: skip
    return mx.power(a, b, stream=stream)


@binary_function(_pow, "numeric")
def pow(x1: Array | complex, x2: Array | complex, /) -> Array:
    """A negative integer exponent with integer dtypes gives 0 unless the base is 1 or -1
    (NumPy raises; the standard leaves it unspecified)."""


@unary_function(mx.negative, "numeric")
def negative(x: Array, /) -> Array:
    ...


@unary_function(_copy, "numeric")
def positive(x: Array, /) -> Array:
    ...


@unary_function(mx.abs, "numeric")
def abs(x: Array, /) -> Array:
    ...


@unary_function(mx.square, "numeric")
def square(x: Array, /) -> Array:
    ...


_sqrt = _routed("sqrt", mx.sqrt)


@unary_function(_sqrt, "floating-point")
def sqrt(x: Array, /) -> Array:
    ...


@unary_function(mx.reciprocal, "floating-point")
def reciprocal(x: Array, /) -> Array:
    ...


def _sign(a: mx.array, stream: mx.Stream) -> mx.array:
    r = mx.sign(a, stream=stream)
    if a.dtype in _FLOAT_MX:
        # MLX gives sign(NaN) == 0; the standard NaN.
        r = mx.where(mx.isnan(a, stream=stream), a, r, stream=stream)
    elif a.dtype == mx.complex64:
        # MLX can give a signed zero imaginary part for a zero; the standard 0 + 0j.
        r = mx.where(mx.equal(a, 0, stream=stream), mx.array(0j, mx.complex64), r, stream=stream)
    return r


@unary_function(_sign, "numeric")
def sign(x: Array, /) -> Array:
    """For complex ``x``, ``x / |x|`` (0 for 0)."""


def _keep_integers(fn: MxFunction, name: str) -> MxFunction:
    def f(a: mx.array, stream: mx.Stream) -> mx.array:
        if a.dtype in _INTEGER_MX:
            return _copy(a, stream)
        return fn(a, stream=stream)

    f.__name__ = name
    return f


def _trunc_mx(a: mx.array, stream: mx.Stream) -> mx.array:
    return mx.where(
        mx.less(a, 0, stream=stream),
        mx.ceil(a, stream=stream),
        mx.floor(a, stream=stream),
        stream=stream,
    )


_ceil = _keep_integers(mx.ceil, "ceil")
_floor = _keep_integers(mx.floor, "floor")
_trunc = _keep_integers(_trunc_mx, "trunc")
_round = _keep_integers(mx.round, "round")


@unary_function(_ceil, "real numeric")
def ceil(x: Array, /) -> Array:
    ...


@unary_function(_floor, "real numeric")
def floor(x: Array, /) -> Array:
    ...


@unary_function(_trunc, "real numeric")
def trunc(x: Array, /) -> Array:
    ...


@unary_function(_round, "numeric")
def round(x: Array, /) -> Array:
    """Halves round to even; complex ``x`` rounds both parts."""


# --- transcendental ---------------------------------------------------------------------
def _expm1(a: mx.array, stream: mx.Stream) -> mx.array:
    if a.dtype != mx.complex64:
        return mx.expm1(a, stream=stream)
    # MLX has no complex expm1: exp(x + iy) - 1 without cancellation for small |z|,
    # (expm1(x) cos y - 2 sin^2(y/2)) + i exp(x) sin y.
    x = mx.real(a, stream=stream)
    y = mx.imag(a, stream=stream)
    s = mx.sin(mx.multiply(y, 0.5, stream=stream), stream=stream)
    re = mx.subtract(
        mx.multiply(mx.expm1(x, stream=stream), mx.cos(y, stream=stream), stream=stream),
        mx.multiply(mx.multiply(s, s, stream=stream), 2.0, stream=stream),
        stream=stream,
    )
    im = mx.multiply(mx.exp(x, stream=stream), mx.sin(y, stream=stream), stream=stream)
    # Exact real inputs keep an exactly real result (no NaN from 0 * inf).
    im = mx.where(mx.equal(y, 0, stream=stream), y, im, stream=stream)
    # Infinite real part (the standard's special cases): -inf gives -1 + 0 cis(y),
    # +inf with an infinite or NaN imaginary part inf + NaN j.
    y_bad = mx.logical_not(mx.isfinite(y, stream=stream), stream=stream)
    neg_inf = mx.equal(x, -math.inf, stream=stream)
    pos_inf = mx.logical_and(mx.equal(x, math.inf, stream=stream), y_bad, stream=stream)
    re = mx.where(neg_inf, mx.array(-1.0, re.dtype), re, stream=stream)
    im = mx.where(
        mx.logical_and(neg_inf, y_bad, stream=stream), mx.array(0.0, im.dtype), im, stream=stream
    )
    re = mx.where(pos_inf, mx.array(math.inf, re.dtype), re, stream=stream)
    im = mx.where(pos_inf, mx.array(math.nan, im.dtype), im, stream=stream)
    # expm1(-0 + 0j) is +0 + 0j (adding +0 turns -0 into +0 and nothing else changes).
    return _complex(mx.add(re, 0.0, stream=stream), im, stream)


def _complex(re: mx.array, im: mx.array, stream: mx.Stream) -> mx.array:
    """``re + i im`` from float32 parts, exactly (arithmetic would turn inf into NaN)."""
    pair = mx.stack([re, im], axis=-1, stream=stream)
    return mx.squeeze(mx.view(pair, mx.complex64, stream=stream), -1, stream=stream)


_exp = _routed("exp", _accurate.exp)


def _sin_mx(a: mx.array, stream: mx.Stream) -> mx.array:
    r = _accurate.sin(a, stream=stream)
    if a.dtype in _FLOAT_MX:
        # MLX's float32 sin(-0.0) is +0.0; the standard keeps the zero's sign.
        r = mx.where(mx.equal(a, 0, stream=stream), a, r, stream=stream)
    return r


_sin = _routed("sin", _sin_mx)
_cos = _routed("cos", _accurate.cos)


@unary_function(_exp, "floating-point")
def exp(x: Array, /) -> Array:
    """float64 is computed by NumPy on host memory (evaluates ``x``): MLX's is float32-accurate."""


@unary_function(_expm1, "floating-point")
def expm1(x: Array, /) -> Array:
    ...


@unary_function(mx.log, "floating-point")
def log(x: Array, /) -> Array:
    ...


@unary_function(mx.log1p, "floating-point")
def log1p(x: Array, /) -> Array:
    ...


@unary_function(mx.log2, "floating-point")
def log2(x: Array, /) -> Array:
    ...


@unary_function(mx.log10, "floating-point")
def log10(x: Array, /) -> Array:
    ...


_logaddexp = _routed("logaddexp", mx.logaddexp)


@binary_function(_logaddexp, "real floating")
def logaddexp(x1: Array | complex, x2: Array | complex, /) -> Array:
    """float64 is computed by NumPy on host memory (evaluates the inputs): MLX's is not
    float64-accurate."""


@unary_function(_sin, "floating-point")
def sin(x: Array, /) -> Array:
    """float64 is computed by NumPy on host memory (evaluates ``x``): MLX's is float32-accurate."""


@unary_function(_cos, "floating-point")
def cos(x: Array, /) -> Array:
    """float64 is computed by NumPy on host memory (evaluates ``x``): MLX's is float32-accurate."""


@unary_function(mx.tan, "floating-point")
def tan(x: Array, /) -> Array:
    ...


_asin = _routed("arcsin", mx.arcsin)
_acos = _routed("arccos", mx.arccos)


@unary_function(_asin, "floating-point")
def asin(x: Array, /) -> Array:
    ...


@unary_function(_acos, "floating-point")
def acos(x: Array, /) -> Array:
    ...


@unary_function(mx.arctan, "floating-point")
def atan(x: Array, /) -> Array:
    ...


@binary_function(mx.arctan2, "real floating")
def atan2(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


@unary_function(mx.sinh, "floating-point")
def sinh(x: Array, /) -> Array:
    ...


@unary_function(mx.cosh, "floating-point")
def cosh(x: Array, /) -> Array:
    ...


def _tanh(a: mx.array, stream: mx.Stream) -> mx.array:
    r = mx.tanh(a, stream=stream)
    if a.dtype != mx.complex64:
        return r
    # An infinite real part with a finite imaginary part y gives +-1 + copysign(0, y) j
    # (MLX's imaginary part follows sin(2y) there).
    x = mx.real(a, stream=stream)
    y = mx.imag(a, stream=stream)
    edge = mx.logical_and(mx.isinf(x, stream=stream), mx.isfinite(y, stream=stream), stream=stream)
    limit = _complex(
        mx.sign(x, stream=stream), _copysign_mx(mx.zeros_like(y, stream=stream), y, stream), stream
    )
    return mx.where(edge, limit, r, stream=stream)


_tanh_routed = _routed("tanh", _tanh)


@unary_function(_tanh_routed, "floating-point")
def tanh(x: Array, /) -> Array:
    ...


_asinh = _routed("arcsinh", mx.arcsinh)
_acosh = _routed("arccosh", mx.arccosh)
_atanh = _routed("arctanh", mx.arctanh)


@unary_function(_asinh, "floating-point")
def asinh(x: Array, /) -> Array:
    ...


@unary_function(_acosh, "floating-point")
def acosh(x: Array, /) -> Array:
    ...


@unary_function(_atanh, "floating-point")
def atanh(x: Array, /) -> Array:
    ...


def _hypot(a: mx.array, b: mx.array, stream: mx.Stream) -> mx.array:
    # Scaled by the larger magnitude: no overflow or underflow in the squares.
    aa = mx.abs(a, stream=stream)
    ab = mx.abs(b, stream=stream)
    big = mx.maximum(aa, ab, stream=stream)
    small = mx.minimum(aa, ab, stream=stream)
    zero = mx.equal(big, 0, stream=stream)
    ratio = mx.divide(
        small, mx.where(zero, mx.array(1, big.dtype), big, stream=stream), stream=stream
    )
    r = mx.multiply(
        big,
        mx.sqrt(mx.add(mx.multiply(ratio, ratio, stream=stream), 1, stream=stream), stream=stream),
        stream=stream,
    )
    r = mx.where(mx.isinf(small, stream=stream), small, r, stream=stream)
    # An infinite operand gives +inf even with a NaN (maximum propagated the NaN).
    inf = mx.logical_or(mx.isinf(aa, stream=stream), mx.isinf(ab, stream=stream), stream=stream)
    return mx.where(inf, mx.array(float("inf"), big.dtype), r, stream=stream)


@binary_function(_hypot, "real floating")
def hypot(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


def _sign_mask(bits_dtype: mx.Dtype) -> mx.array:
    return mx.array(np.iinfo(dt.FROM_MX[bits_dtype]._np).min, bits_dtype)


def _copysign_mx(a: mx.array, b: mx.array, stream: mx.Stream) -> mx.array:
    # Bitwise: the magnitude bits of a with the sign bit of b (NaN signs included).
    bits = _BITS_OF[a.dtype]
    sign = _sign_mask(bits)
    ia = mx.view(a, bits, stream=stream)
    ib = mx.view(b, bits, stream=stream)
    mag = mx.bitwise_and(ia, mx.bitwise_invert(sign, stream=stream), stream=stream)
    r = mx.bitwise_or(mag, mx.bitwise_and(ib, sign, stream=stream), stream=stream)
    return mx.view(r, a.dtype, stream=stream)


@binary_function(_copysign_mx, "real floating")
def copysign(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


def _signbit_mx(a: mx.array, stream: mx.Stream) -> mx.array:
    # -0.0 and negative NaNs have the sign bit set: read it from the bits.
    return mx.less(mx.view(a, _BITS_OF[a.dtype], stream=stream), 0, stream=stream)


@unary_function(_signbit_mx, "real floating")
def signbit(x: Array, /) -> Array:
    ...


def _nextafter(a: mx.array, b: mx.array, stream: mx.Stream) -> mx.array:
    # Step the bits (signed view, sign-magnitude): +1 moves away from zero, -1 towards.
    bits = _BITS_OF[a.dtype]
    ia = mx.view(a, bits, stream=stream)
    a_pos = mx.greater(a, 0, stream=stream)
    away = mx.equal(mx.greater(b, a, stream=stream), a_pos, stream=stream)
    one = mx.array(1, bits)
    stepped = mx.where(
        away, mx.add(ia, one, stream=stream), mx.subtract(ia, one, stream=stream), stream=stream
    )
    # From zero: the smallest subnormal with b's sign.
    tiny = mx.where(
        mx.greater(b, 0, stream=stream),
        one,
        mx.bitwise_or(_sign_mask(bits), one, stream=stream),
        stream=stream,
    )
    stepped = mx.where(mx.equal(a, 0, stream=stream), tiny, stepped, stream=stream)
    r = mx.view(stepped, a.dtype, stream=stream)
    r = mx.where(mx.equal(a, b, stream=stream), b, r, stream=stream)
    nan = mx.logical_or(mx.isnan(a, stream=stream), mx.isnan(b, stream=stream), stream=stream)
    return mx.where(nan, mx.array(float("nan"), a.dtype), r, stream=stream)


@binary_function(_nextafter, "real floating")
def nextafter(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


# --- comparison -------------------------------------------------------------------------
@binary_function(mx.equal, "all")
def equal(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


@binary_function(mx.not_equal, "all")
def not_equal(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


@binary_function(mx.less, "real numeric")
def less(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


@binary_function(mx.less_equal, "real numeric")
def less_equal(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


@binary_function(mx.greater, "real numeric")
def greater(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


@binary_function(mx.greater_equal, "real numeric")
def greater_equal(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


@binary_function(mx.maximum, "real numeric")
def maximum(x1: Array | complex, x2: Array | complex, /) -> Array:
    """NaN-propagating."""


@binary_function(mx.minimum, "real numeric")
def minimum(x1: Array | complex, x2: Array | complex, /) -> Array:
    """NaN-propagating."""


@unary_function(mx.isnan, "numeric")
def isnan(x: Array, /) -> Array:
    ...


@unary_function(mx.isinf, "numeric")
def isinf(x: Array, /) -> Array:
    ...


@unary_function(mx.isfinite, "numeric")
def isfinite(x: Array, /) -> Array:
    ...


# --- logical and bitwise ----------------------------------------------------------------
# The logical functions take any dtype, non-zero meaning True, as NumPy, PyTorch and CuPy
# do (the standard asks for bool input; scikit-learn's roc_curve passes floats).
def _truth(a: mx.array, stream: mx.Stream) -> mx.array:
    return a if a.dtype == mx.bool_ else a.astype(mx.bool_, stream=stream)


def _logical(mx_fn: Callable[..., mx.array]) -> Callable[..., mx.array]:
    def kernel(a: mx.array, b: mx.array, stream: mx.Stream) -> mx.array:
        return mx_fn(_truth(a, stream), _truth(b, stream), stream=stream)

    return kernel


@binary_function(_logical(mx.logical_and), "all")
def logical_and(x1: Array | complex, x2: Array | complex, /) -> Array:
    """Any dtype is accepted: non-zero (NaN included) is True, as in NumPy."""


@binary_function(_logical(mx.logical_or), "all")
def logical_or(x1: Array | complex, x2: Array | complex, /) -> Array:
    """Any dtype is accepted: non-zero (NaN included) is True, as in NumPy."""


@binary_function(_logical(mx.not_equal), "all")
def logical_xor(x1: Array | complex, x2: Array | complex, /) -> Array:
    """Any dtype is accepted: non-zero (NaN included) is True, as in NumPy."""


@unary_function(lambda a, stream: mx.logical_not(_truth(a, stream), stream=stream), "all")
def logical_not(x: Array, /) -> Array:
    """Any dtype is accepted: non-zero (NaN included) is True, as in NumPy."""


@binary_function(mx.bitwise_and, "integer or boolean")
def bitwise_and(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


@binary_function(mx.bitwise_or, "integer or boolean")
def bitwise_or(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


@binary_function(mx.bitwise_xor, "integer or boolean")
def bitwise_xor(x1: Array | complex, x2: Array | complex, /) -> Array:
    ...


def _invert(a: mx.array, stream: mx.Stream) -> mx.array:
    if a.dtype == mx.bool_:
        return mx.logical_not(a, stream=stream)
    return mx.bitwise_invert(a, stream=stream)


@unary_function(_invert, "integer or boolean")
def bitwise_invert(x: Array, /) -> Array:
    ...


def _shift_guard(a: mx.array, b: mx.array, stream: mx.Stream) -> tuple[mx.array, mx.array]:
    """Shift amounts in [0, width) and a safe amount (C shifts are undefined outside)."""
    ok = mx.less(b, _WIDTH[a.dtype], stream=stream)
    if a.dtype in _SIGNED_MX:
        ok = mx.logical_and(ok, mx.greater_equal(b, 0, stream=stream), stream=stream)
    return ok, mx.where(ok, b, mx.array(0, b.dtype), stream=stream)


def _left_shift(a: mx.array, b: mx.array, stream: mx.Stream) -> mx.array:
    ok, safe = _shift_guard(a, b, stream)
    r = mx.left_shift(a, safe, stream=stream)
    return mx.where(ok, r, mx.array(0, a.dtype), stream=stream)


def _right_shift(a: mx.array, b: mx.array, stream: mx.Stream) -> mx.array:
    ok, safe = _shift_guard(a, b, stream)
    r = mx.right_shift(a, safe, stream=stream)
    if a.dtype in _SIGNED_MX:
        fill = mx.where(
            mx.less(a, 0, stream=stream), mx.array(-1, a.dtype), mx.array(0, a.dtype), stream=stream
        )
    else:
        fill = mx.array(0, a.dtype)
    return mx.where(ok, r, fill, stream=stream)


@binary_function(_left_shift, "integer")
def bitwise_left_shift(x1: Array | complex, x2: Array | complex, /) -> Array:
    """Shift amounts outside ``[0, bits)`` (negative or too large) give 0, as NumPy."""


@binary_function(_right_shift, "integer")
def bitwise_right_shift(x1: Array | complex, x2: Array | complex, /) -> Array:
    """Arithmetic shift; amounts outside ``[0, bits)`` give 0, or -1 for negative ``x1``,
    as NumPy."""


# --- complex ----------------------------------------------------------------------------
def _conj(a: mx.array, stream: mx.Stream) -> mx.array:
    if a.dtype == mx.complex64:
        return mx.conj(a, stream=stream)
    return _copy(a, stream)


def _real(a: mx.array, stream: mx.Stream) -> mx.array:
    if a.dtype == mx.complex64:
        return mx.real(a, stream=stream)
    return _copy(a, stream)


def _imag(a: mx.array, stream: mx.Stream) -> mx.array:
    if a.dtype == mx.complex64:
        return mx.imag(a, stream=stream)
    return mx.zeros_like(a, stream=stream)


@unary_function(_conj, "numeric")
def conj(x: Array, /) -> Array:
    ...


@unary_function(_real, "numeric")
def real(x: Array, /) -> Array:
    """Real ``x`` gives a copy of ``x`` (same dtype)."""


@unary_function(_imag, "numeric")
def imag(x: Array, /) -> Array:
    """Real ``x`` gives zeros of ``x``'s dtype."""


# --- clip -------------------------------------------------------------------------------
def _bound(x: Array, bound: Array | int | float | None, which: str) -> mx.array | None:
    """``bound`` as an ``mx.array`` to compare with ``x`` (None if it does not limit)."""
    if bound is None:
        return None
    d = x.dtype
    t = type(bound)
    if d.kind in "iu" and (t is int or (t is float and math.isfinite(bound))):
        # A scalar beyond the integer dtype's range does not limit (no overflow); a
        # float scalar limits at the nearest integer inside it.
        info = np.iinfo(d._np)
        if bound < info.min:
            return None if which == "min" else mx.array(info.min, d._mx)
        if bound > info.max:
            return None if which == "max" else mx.array(info.max, d._mx)
        bound = math.ceil(bound) if which == "min" else math.floor(bound)
        return mx.array(bound, d._mx)
    _, b, _, _ = as_operands(x, bound, "real numeric", "clip")
    return b


def clip(
    x: Array, /, min: Array | int | float | None = None, max: Array | int | float | None = None
) -> Array:
    """``min``/``max`` may be arrays or Python scalars; the result has ``x``'s dtype and the
    broadcast shape. Scalar bounds beyond an integer dtype's range are saturated."""
    check_array(x, "clip")
    if x.dtype not in dt.REAL_NUMERIC:
        raise TypeError(f"clip: expected an array of real numeric dtype, got {x.dtype.name}")
    stream = x._device._mx
    a = x._array
    lo = _bound(x, min, "min")
    hi = _bound(x, max, "max")
    if lo is not None:
        a = mx.maximum(
            a, lo.astype(a.dtype, stream=stream) if lo.dtype != a.dtype else lo, stream=stream
        )
    if hi is not None:
        a = mx.minimum(
            a, hi.astype(a.dtype, stream=stream) if hi.dtype != a.dtype else hi, stream=stream
        )
    if a is x._array:
        a = _copy(a, stream)
    return Array._new(a, x._device)
