"""float64 means float64 accuracy (DESIGN 3): every float64 elementwise function measured
in ulps against NumPy, over wide ranges; float32 at float32 tolerances."""

from __future__ import annotations

import numpy as np
import pytest

import array_api_mlx as xp
from array_api_mlx import _elementwise


def ulp_error(got: np.ndarray, ref: np.ndarray) -> float:
    """Largest error in units of the last place of ``ref``'s dtype (NaN == NaN, inf == inf)."""
    got = np.asarray(got)
    assert got.dtype == ref.dtype
    same = (got == ref) | (np.isnan(got) & np.isnan(ref))
    spacing = np.spacing(np.abs(ref)).astype(np.float64)
    with np.errstate(all="ignore"):
        err = np.abs(got.astype(np.float64) - ref.astype(np.float64)) / spacing
    err = np.where(same, 0.0, err)
    return float(np.max(err, initial=0.0))


def log_uniform(rng, lo, hi, n, signed=True):
    """|x| log-uniform in [10**lo, 10**hi] (random signs if ``signed``)."""
    x = 10.0 ** rng.uniform(lo, hi, n)
    return x * rng.choice([-1.0, 1.0], n) if signed else x


def _inputs(name: str, dtype):
    rng = np.random.default_rng(42)
    big = 300 if dtype == np.float64 else 37
    wide = log_uniform(rng, -big, big, 4000)
    small = log_uniform(rng, -8, 1.5, 4000)
    domains = {
        "exp": np.concatenate([rng.uniform(-745, 710, 4000), small]),
        "expm1": np.concatenate([rng.uniform(-40, 709, 4000), small]),
        "sinh": rng.uniform(-710, 710, 4000),
        "cosh": rng.uniform(-710, 710, 4000),
        "log": np.abs(wide), "log2": np.abs(wide), "log10": np.abs(wide), "sqrt": np.abs(wide),
        "log1p": np.concatenate([np.abs(wide), rng.uniform(-1, 1, 4000)]),
        "asin": rng.uniform(-1, 1, 8000), "acos": rng.uniform(-1, 1, 8000),
        "atanh": rng.uniform(-1, 1, 8000),
        "acosh": 1 + np.abs(wide),
        "sin": np.concatenate([rng.uniform(-1e4, 1e4, 4000), small]),
        "cos": np.concatenate([rng.uniform(-1e4, 1e4, 4000), small]),
        "tan": np.concatenate([rng.uniform(-1e4, 1e4, 4000), small]),
    }  # fmt: skip
    x = domains.get(name, np.concatenate([wide, small]))
    if dtype == np.float32:
        x = x[np.abs(x) < 3e38]
    return x.astype(dtype)


UNARY = {
    "exp": np.exp, "expm1": np.expm1, "log": np.log, "log1p": np.log1p, "log2": np.log2,
    "log10": np.log10, "sqrt": np.sqrt, "sin": np.sin, "cos": np.cos, "tan": np.tan,
    "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan, "sinh": np.sinh,
    "cosh": np.cosh, "tanh": np.tanh, "asinh": np.arcsinh, "acosh": np.arccosh,
    "atanh": np.arctanh, "reciprocal": np.reciprocal, "square": np.square,
}  # fmt: skip

BINARY = {
    "atan2": np.arctan2, "logaddexp": np.logaddexp, "hypot": np.hypot, "pow": np.power,
    "divide": np.divide, "multiply": np.multiply, "add": np.add, "subtract": np.subtract,
    # Python's algorithm from the exact remainder; quotients beyond 2**52 can differ
    # from NumPy's by its last place.
    "floor_divide": np.floor_divide,
}  # fmt: skip

# Correctly rounded or exact in float64: must match NumPy bit for bit (0 ulps).
EXACT_UNARY = {
    "abs": np.abs, "negative": np.negative, "floor": np.floor, "ceil": np.ceil,
    "trunc": np.trunc, "round": np.round, "sign": np.sign,
}  # fmt: skip
EXACT_BINARY = {
    "copysign": np.copysign, "nextafter": np.nextafter, "maximum": np.maximum,
    "minimum": np.minimum, "remainder": np.remainder,
}  # fmt: skip

# Worst measured float64 errors of MLX (not rerouted) are 1 ulp, tanh/acosh 3 ulps,
# the scaled hypot 2 ulps.
F64_BOUND = 4
# float32 functions run on MLX on every device; its float32 exp is within ~60 ulps (a
# fast polynomial), everything else within 4.
F32_BOUND = {"exp": 64}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_float64_unary_ulps(name):
    x = _inputs(name, np.float64)
    got = np.asarray(getattr(xp, name)(xp.asarray(x, device=xp.cpu)))
    with np.errstate(all="ignore"):
        ref = UNARY[name](x)
    assert ulp_error(got, ref) <= F64_BOUND, name


def _binary_inputs(name, dtype):
    rng = np.random.default_rng(7)
    big = 300 if dtype == np.float64 else 37
    if name == "pow":
        a = log_uniform(rng, -3, 3, 8000, signed=False)
        b = rng.uniform(-100, 100, 8000)
    elif name == "logaddexp":
        a, b = rng.uniform(-800, 800, 8000), rng.uniform(-800, 800, 8000)
    else:
        a, b = log_uniform(rng, -big, big, 8000), log_uniform(rng, -big, big, 8000)
    return a.astype(dtype), b.astype(dtype)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_float64_binary_ulps(name):
    a, b = _binary_inputs(name, np.float64)
    got = np.asarray(getattr(xp, name)(xp.asarray(a, device=xp.cpu), xp.asarray(b, device=xp.cpu)))
    with np.errstate(all="ignore"):
        ref = BINARY[name](a, b)
    assert ulp_error(got, ref) <= F64_BOUND, name


@pytest.mark.parametrize("name", sorted(EXACT_UNARY))
def test_float64_exact_unary(name):
    x = _inputs(name, np.float64) * 1e-3  # also values with fractional parts
    got = np.asarray(getattr(xp, name)(xp.asarray(x, device=xp.cpu)))
    assert ulp_error(got, EXACT_UNARY[name](x)) == 0, name


@pytest.mark.parametrize("name", sorted(EXACT_BINARY))
def test_float64_exact_binary(name):
    a, b = _binary_inputs(name, np.float64)
    got = np.asarray(getattr(xp, name)(xp.asarray(a, device=xp.cpu), xp.asarray(b, device=xp.cpu)))
    with np.errstate(all="ignore"):
        ref = EXACT_BINARY[name](a, b)
    assert ulp_error(got, ref) == 0, name


def test_rerouted_functions_are_elementwise_functions():
    # The routing table names functions of this module (a typo would silently do nothing).
    for name in _elementwise.F64_VIA_NUMPY:
        assert name in _elementwise.__all__


def test_rerouted_float64_keeps_shape_dtype_and_zero_d():
    for name in _elementwise.F64_VIA_NUMPY:
        fn = getattr(xp, name)
        args = (xp.asarray(0.5, dtype=xp.float64, device=xp.cpu),) * (2 if name in BINARY else 1)
        r = fn(*args)
        assert r.dtype == xp.float64 and r.shape == () and r.device == xp.cpu
        x = xp.ones((2, 3), dtype=xp.float64, device=xp.cpu)
        r = fn(*((x,) * len(args)))
        assert r.shape == (2, 3) and r.dtype == xp.float64


@pytest.mark.parametrize("name", sorted(UNARY))
def test_float32_unary_ulps(name, device):
    x = _inputs(name, np.float32)
    if name in ("exp", "sinh", "cosh"):
        # MLX's float32 exp overflows slightly early (88.38 instead of 88.72) and flushes
        # subnormal results to zero: stay inside the normal range.
        x = x[(x > -87) & (x < 88)]
    got = np.asarray(getattr(xp, name)(xp.asarray(x, device=device)))
    with np.errstate(all="ignore"):
        ref = UNARY[name](x.astype(np.float64)).astype(np.float32)
    assert ulp_error(got, ref) <= F32_BOUND.get(name, 4), name


@pytest.mark.parametrize("name", sorted(BINARY))
def test_float32_binary_ulps(name, device):
    a, b = _binary_inputs(name, np.float32)
    if name == "pow":
        # Stay in float32's normal range (MLX flushes subnormal results).
        keep = np.abs(b * np.log(a)) < 85
        a, b = a[keep], b[keep]
    got = np.asarray(getattr(xp, name)(xp.asarray(a, device=device), xp.asarray(b, device=device)))
    with np.errstate(all="ignore"):
        ref = BINARY[name](a.astype(np.float64), b.astype(np.float64)).astype(np.float32)
    assert ulp_error(got, ref) <= F32_BOUND.get(name, 4), name
