"""The NumPy oracle for the tests: every elementwise function of the standard with its NumPy
reference, the dtype category its operands must have (worded as the standard words it), the
valid values of each argument, and how computed results are compared with NumPy's.

The elementwise, fuzz, float64-accuracy, hostile-input and device tests read this table; a
function of the standard is added here once.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

import array_api_mlx as xp

# --- dtype categories -------------------------------------------------------------------
INTEGER = (xp.int8, xp.int16, xp.int32, xp.int64, xp.uint8, xp.uint16, xp.uint32, xp.uint64)
REAL_FLOATING = (xp.float32, xp.float64)
COMPLEX_FLOATING = (xp.complex64,)

# The standard's wording ("Should have a ... data type") -> its dtypes (no complex128 here).
CATEGORIES = {
    "boolean": (xp.bool,),
    "integer": INTEGER,
    "integer or boolean": INTEGER + (xp.bool,),
    "real-valued floating-point": REAL_FLOATING,
    "complex floating-point": COMPLEX_FLOATING,
    "floating-point": REAL_FLOATING + COMPLEX_FLOATING,
    "real-valued": INTEGER + REAL_FLOATING,
    "numeric": INTEGER + REAL_FLOATING + COMPLEX_FLOATING,
    "any": (xp.bool,) + INTEGER + REAL_FLOATING + COMPLEX_FLOATING,
}
ALL_DTYPES = CATEGORIES["any"]


def dtypes_of(category: str, device) -> list:
    """The dtypes of ``category`` that ``device`` holds (a GPU has no float64)."""
    return [d for d in CATEGORIES[category] if device.kind == "cpu" or d is not xp.float64]


# --- valid values -----------------------------------------------------------------------
BIT_WIDTH = "bit width"  # an upper bound: the dtype's width in bits


@dataclass(frozen=True)
class Domain:
    """The values of one argument for which the standard defines a finite result without a
    special case: ``lo <= x <= hi`` (``<`` at an open end), and not 0 when ``nonzero``."""

    lo: float = -math.inf
    hi: float | str = math.inf
    lo_open: bool = False
    hi_open: bool = False
    nonzero: bool = False

    def bounds(self, dtype) -> tuple:
        """The closed bounds within ``dtype`` (a NumPy or our dtype): Python ints for
        integer dtypes, floats of the dtype's precision otherwise."""
        npd = np.dtype(getattr(dtype, "_np", dtype))
        hi = 8 * npd.itemsize if self.hi == BIT_WIDTH else self.hi
        if npd.kind in "iu":
            info = np.iinfo(npd)
            lo = info.min if self.lo == -math.inf else math.ceil(self.lo) + self.lo_open
            hi = info.max if hi == math.inf else math.floor(hi) - self.hi_open
            return max(lo, int(info.min)), min(hi, int(info.max))
        big = float(np.finfo(npd).max)
        lo, hi = max(self.lo, -big), min(hi, big)
        if self.lo_open:
            lo = float(np.nextafter(npd.type(lo), npd.type(math.inf)))
        if self.hi_open:
            hi = float(np.nextafter(npd.type(hi), npd.type(-math.inf)))
        return lo, hi

    def valid(self, a: np.ndarray) -> np.ndarray:
        """Where the elements of ``a`` are valid values."""
        lo, hi = self.bounds(a.dtype)
        ok = (a >= lo) & (a <= hi)
        return ok & (a != 0) if self.nonzero else ok


ANY = Domain()
POSITIVE = Domain(0, lo_open=True)
NONNEGATIVE = Domain(0)
NONZERO = Domain(nonzero=True)
UNIT = Domain(-1, 1)
SHIFT = Domain(0, BIT_WIDTH, hi_open=True)


# --- the table --------------------------------------------------------------------------
def _sign(a):
    """NumPy 2's sign, also for complex input under NumPy 1 (``z / |z|``, 0 at 0)."""
    if np.asarray(a).dtype.kind != "c":
        return np.sign(a)
    with np.errstate(all="ignore"):
        return np.where(a == 0, 0, a / np.abs(a)).astype(np.asarray(a).dtype)


@dataclass(frozen=True)
class Elementwise:
    """One elementwise function. ``category`` is the standard's; ``accepts`` is wider where
    this namespace takes more (a documented extension). ``domain`` has one entry per array
    argument, ``int_domain`` replaces it for integer dtypes where the rule differs.
    ``exact``: the result equals NumPy's bit for bit (for real dtypes), because the
    operation is exact or correctly rounded by IEEE 754 on every device."""

    name: str
    numpy: Callable
    category: str
    domain: tuple[Domain, ...]
    exact: bool
    accepts: str = ""
    int_domain: tuple[Domain, ...] = ()

    @property
    def arity(self) -> int:
        return len(self.domain)

    @property
    def function(self) -> Callable:
        return getattr(xp, self.name)

    def dtypes(self, device) -> list:
        """The dtypes this namespace accepts for the operands on ``device``."""
        return dtypes_of(self.accepts or self.category, device)

    def domains(self, dtype) -> tuple[Domain, ...]:
        """The valid values of each argument for operands of ``dtype``."""
        if self.int_domain and np.dtype(getattr(dtype, "_np", dtype)).kind in "iu":
            return self.int_domain
        return self.domain


def _table(*rows) -> dict[str, Elementwise]:
    return {r.name: r for r in rows}


E = Elementwise
FP, RFP, NUM, REAL = "floating-point", "real-valued floating-point", "numeric", "real-valued"
X, XX = (ANY,), (ANY, ANY)

ELEMENTWISE = _table(
    E("abs", np.abs, NUM, X, True),
    E("acos", np.arccos, FP, (UNIT,), False),
    E("acosh", np.arccosh, FP, (Domain(1),), False),
    E("add", np.add, NUM, XX, True),
    E("asin", np.arcsin, FP, (UNIT,), False),
    E("asinh", np.arcsinh, FP, X, False),
    E("atan", np.arctan, FP, X, False),
    E("atan2", np.arctan2, RFP, XX, False),
    E("atanh", np.arctanh, FP, (Domain(-1, 1, lo_open=True, hi_open=True),), False),
    E("bitwise_and", np.bitwise_and, "integer or boolean", XX, True),
    E("bitwise_invert", np.invert, "integer or boolean", X, True),
    E("bitwise_left_shift", np.left_shift, "integer", (ANY, SHIFT), True),
    E("bitwise_or", np.bitwise_or, "integer or boolean", XX, True),
    E("bitwise_right_shift", np.right_shift, "integer", (ANY, SHIFT), True),
    E("bitwise_xor", np.bitwise_xor, "integer or boolean", XX, True),
    E("ceil", np.ceil, REAL, X, True),
    # clip(x, min, max): the bounds are optional
    E("clip", np.clip, REAL, (ANY, ANY, ANY), True),
    E("conj", np.conj, NUM, X, True),
    E("copysign", np.copysign, RFP, XX, True),
    E("cos", np.cos, FP, X, False),
    E("cosh", np.cosh, FP, X, False),
    E("divide", np.divide, NUM, (ANY, NONZERO), False),
    E("equal", np.equal, "any", XX, True),
    E("exp", np.exp, FP, X, False),
    E("expm1", np.expm1, FP, X, False),
    E("floor", np.floor, REAL, X, True),
    # Python's algorithm from the exact remainder: huge quotients may differ in the last place
    E("floor_divide", np.floor_divide, REAL, (ANY, NONZERO), False),
    E("greater", np.greater, REAL, XX, True),
    E("greater_equal", np.greater_equal, REAL, XX, True),
    E("hypot", np.hypot, RFP, XX, False),
    # real input gives zeros, like conj and real (which 2024.12 extended to numeric input)
    E("imag", np.imag, "complex floating-point", X, True, accepts=NUM),
    E("isfinite", np.isfinite, NUM, X, True),
    E("isinf", np.isinf, NUM, X, True),
    E("isnan", np.isnan, NUM, X, True),
    E("less", np.less, REAL, XX, True),
    E("less_equal", np.less_equal, REAL, XX, True),
    E("log", np.log, FP, (POSITIVE,), False),
    E("log1p", np.log1p, FP, (Domain(-1, lo_open=True),), False),
    E("log2", np.log2, FP, (POSITIVE,), False),
    E("log10", np.log10, FP, (POSITIVE,), False),
    E("logaddexp", np.logaddexp, RFP, XX, False),
    E("logical_and", np.logical_and, "any", XX, True),
    E("logical_not", np.logical_not, "any", X, True),
    E("logical_or", np.logical_or, "any", XX, True),
    E("logical_xor", np.logical_xor, "any", XX, True),
    E("maximum", np.maximum, REAL, XX, True),
    E("minimum", np.minimum, REAL, XX, True),
    E("multiply", np.multiply, NUM, XX, True),
    E("negative", np.negative, NUM, X, True),
    E("nextafter", np.nextafter, RFP, XX, True),
    E("not_equal", np.not_equal, "any", XX, True),
    E("positive", np.positive, NUM, X, True),
    # integer exponents must not be negative; a negative float base is a special case
    E("pow", np.power, NUM, (POSITIVE, ANY), False, int_domain=(ANY, NONNEGATIVE)),
    E("real", np.real, NUM, X, True),
    E("reciprocal", np.reciprocal, FP, (NONZERO,), False),
    E("remainder", np.remainder, REAL, (ANY, NONZERO), True),
    E("round", np.round, NUM, X, True),
    E("sign", _sign, NUM, X, True),
    E("signbit", np.signbit, RFP, X, True),
    E("sin", np.sin, FP, X, False),
    E("sinh", np.sinh, FP, X, False),
    E("sqrt", np.sqrt, FP, (NONNEGATIVE,), False),
    E("square", np.square, NUM, X, True),
    E("subtract", np.subtract, NUM, XX, True),
    E("tan", np.tan, FP, X, False),
    E("tanh", np.tanh, FP, X, False),
    E("trunc", np.trunc, REAL, X, True),
)
UNARY = {n: e for n, e in ELEMENTWISE.items() if e.arity == 1}
BINARY = {n: e for n, e in ELEMENTWISE.items() if e.arity == 2}


# --- comparing with NumPy ---------------------------------------------------------------
def tolerance(dtype):
    """(rtol, atol) for comparing a computed result of ``dtype`` with NumPy's."""
    if dtype in (xp.float64,):
        return 1e-12, 1e-300
    if dtype in (xp.float32, xp.complex64):
        return 2e-5, 1e-30
    return 0, 0


def assert_matches(got, want, *, rtol=None, atol=None, dtype_exact=True, err=""):
    """``got`` (our array) equals NumPy's ``want``: same shape, same dtype (unless told),
    NaN in the same places, infinities equal, finite values within the dtype's tolerance."""
    assert isinstance(got, xp.Array), type(got)
    g = np.asarray(got)
    w = np.asarray(want)
    assert g.shape == w.shape, f"shape {g.shape} != {w.shape} {err}"
    if dtype_exact:
        assert g.dtype == w.dtype, f"dtype {g.dtype} != {w.dtype} {err}"
    r, a = tolerance(got.dtype)
    rtol = r if rtol is None else rtol
    atol = a if atol is None else atol
    if g.dtype.kind in "fc" or w.dtype.kind in "fc":
        with np.errstate(all="ignore"):
            w = w.astype(g.dtype)
        if g.dtype.kind == "c":
            # complex: NaN parts in the same places, then closeness by modulus (a part that
            # is rounding noise in NumPy's result may be exact in ours, or the reverse)
            for part in (np.real, np.imag):
                np.testing.assert_array_equal(
                    np.isnan(part(g)), np.isnan(part(w)), err_msg=f"NaN {err}"
                )
            fin = np.isfinite(w)
            np.testing.assert_array_equal(g[~fin], w[~fin], err_msg=err)
            diff = np.abs(g[fin].astype(np.complex128) - w[fin])
            bound = rtol * np.abs(w[fin]) + atol
            assert np.all(diff <= bound), f"{err}: {g[fin][diff > bound]} != {w[fin][diff > bound]}"
        else:
            np.testing.assert_array_equal(np.isnan(g), np.isnan(w), err_msg=f"NaN {err}")
            fin = ~np.isnan(w)
            np.testing.assert_allclose(g[fin], w[fin], rtol=rtol, atol=atol, err_msg=err)
    else:
        np.testing.assert_array_equal(g, w.astype(g.dtype) if not dtype_exact else w, err)
