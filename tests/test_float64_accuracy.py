"""float64 means float64 accuracy (docs/design.md §3): every float64 elementwise function measured
in ulps against NumPy, over wide ranges (float32: test_float32_accuracy.py); every complex128
function (design §14) in ulps of the result's modulus."""

from __future__ import annotations

import math

import numpy as np
import pytest

import array_api_mlx as xp
from array_api_mlx import _elementwise

from .reference import ELEMENTWISE


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


def _returns_float(ref) -> bool:
    with np.errstate(all="ignore"):
        return np.asarray(ref.numpy(*[np.ones(2)] * ref.arity)).dtype.kind == "f"


# Every elementwise function of real floating input and result (reference.py).
FLOAT = {
    n: r for n, r in ELEMENTWISE.items()
    if r.arity <= 2 and xp.float64 in r.dtypes(xp.cpu) and _returns_float(r)
}  # fmt: skip
UNARY = sorted(n for n, r in FLOAT.items() if r.arity == 1)
BINARY = sorted(n for n, r in FLOAT.items() if r.arity == 2)


# Where the domain alone does not say where the work is: the arguments with finite,
# non-zero results of exp and friends, large arguments of sin/cos/tan, and pow and
# logaddexp over ranges where most results are finite.
def _uniform(lo, hi, n=4000, small=True):
    """Uniform in [lo, hi], and |x| log-uniform in [1e-8, 30] with random signs if ``small``."""
    return lambda rng: np.concatenate(
        [rng.uniform(lo, hi, n)] + [log_uniform(rng, -8, 1.5, 4000)] * small
    )


STRESS = {
    "exp": (_uniform(-745, 710),), "expm1": (_uniform(-40, 709),),
    "sinh": (_uniform(-710, 710),), "cosh": (_uniform(-710, 710),),
    "sin": (_uniform(-1e4, 1e4),), "cos": (_uniform(-1e4, 1e4),), "tan": (_uniform(-1e4, 1e4),),
    "pow": (
        lambda rng: log_uniform(rng, -3, 3, 8000, signed=False),
        _uniform(-100, 100, 8000, False),
    ),
    "logaddexp": (_uniform(-800, 800, 8000, False), _uniform(-800, 800, 8000, False)),
}  # fmt: skip


def _argument(rng, domain, stress, dtype):
    """Values of one argument inside ``domain``: the ``stress`` values when given, uniform
    over a bounded domain, else |x| log-uniform over the dtype's range and over [1e-8, 30]
    with random signs, and shifted to start at a finite lower end of the domain."""
    if stress is not None:
        x = stress(rng)
    elif math.isfinite(domain.lo) and domain.hi != math.inf:
        x = rng.uniform(*domain.bounds(dtype), 8000)
    else:
        big = 300 if dtype == np.float64 else 37
        x = np.concatenate([log_uniform(rng, -big, big, 4000), log_uniform(rng, -8, 1.5, 4000)])
        if math.isfinite(domain.lo):
            x = np.concatenate([x, domain.lo + np.abs(x)])
    x = x[np.abs(x) < float(np.finfo(dtype).max) / 2]
    return x.astype(dtype)


def _inputs(name: str, dtype) -> list[np.ndarray]:
    """One array per argument of ``name``, equally long, inside its domain."""
    ref = FLOAT[name]
    rng = np.random.default_rng(42 if ref.arity == 1 else 7)
    stress = STRESS.get(name, (None,) * ref.arity)
    args = [_argument(rng, d, s, dtype) for d, s in zip(ref.domain, stress)]
    n = min(len(a) for a in args)
    args = [a[:n] for a in args]
    ok = np.logical_and.reduce([d.valid(a) for d, a in zip(ref.domain, args)])
    return [a[ok] for a in args]


# Worst measured float64 errors of MLX (not rerouted) are 1 ulp, tanh/acosh 3 ulps,
# the scaled hypot 2 ulps.
F64_BOUND = 4


@pytest.mark.parametrize("name", UNARY + BINARY)
def test_float64_ulps(name):
    """Exact functions match NumPy bit for bit, the others within ``F64_BOUND`` ulps."""
    args = _inputs(name, np.float64)
    got = np.asarray(FLOAT[name].function(*(xp.asarray(a, device=xp.cpu) for a in args)))
    with np.errstate(all="ignore"):
        ref = FLOAT[name].numpy(*args)
    assert ulp_error(got, ref) <= (0 if FLOAT[name].exact else F64_BOUND), name


def test_rerouted_functions_are_elementwise_functions():
    # The routing table names functions of this module (a typo would silently do nothing).
    for name in _elementwise.F64_VIA_NUMPY:
        assert name in _elementwise.__all__


def test_rerouted_float64_keeps_shape_dtype_and_zero_d():
    for name in _elementwise.F64_VIA_NUMPY:
        fn = getattr(xp, name)
        args = (xp.asarray(0.5, dtype=xp.float64, device=xp.cpu),) * ELEMENTWISE[name].arity
        r = fn(*args)
        assert r.dtype == xp.float64 and r.shape == () and r.device == xp.cpu
        x = xp.ones((2, 3), dtype=xp.float64, device=xp.cpu)
        r = fn(*((x,) * len(args)))
        assert r.shape == (2, 3) and r.dtype == xp.float64


# --- complex128 -------------------------------------------------------------------------
# Every elementwise function of complex input with an inexact (complex or real) result.
# complex128 computes with NumPy on the host (design §14), so its results are NumPy's: the
# bound is the float64 one, and the exact functions must match bit for bit.
def _complex_result(ref) -> bool:
    with np.errstate(all="ignore"):
        z = np.full(2, 0.5 + 0.25j)
        return np.asarray(ref.numpy(*[z] * ref.arity)).dtype.kind in "fc"


COMPLEX = sorted(
    n for n, r in ELEMENTWISE.items()
    if r.arity <= 2 and xp.complex64 in r.dtypes(xp.cpu) and _complex_result(r)
)  # fmt: skip
# Where the interesting results are: moduli of exp and friends limited by overflow, and
# powers of moderate bases.
COMPLEX_REAL_RANGE = {"exp": 700, "expm1": 700, "sinh": 700, "cosh": 700, "sin": 700,
                      "cos": 700, "tan": 700, "tanh": 700, "pow": 30}  # fmt: skip


def complex_ulp_error(got: np.ndarray, ref: np.ndarray) -> float:
    """Largest error of ``got`` in units of the last place of ``|ref|`` (complex or real
    results); non-finite parts must match exactly."""
    got = np.asarray(got)
    assert got.dtype == ref.dtype
    fin = np.isfinite(ref)
    for part in (np.real, np.imag):
        g, r = part(got[~fin]), part(ref[~fin])
        np.testing.assert_array_equal(np.isnan(g), np.isnan(r))
        np.testing.assert_array_equal(g[~np.isnan(r)], r[~np.isnan(r)])
    g, r = got[fin], ref[fin]
    spacing = np.spacing(np.abs(r).astype(np.float64))
    with np.errstate(all="ignore"):
        err = np.abs(g - r) / spacing
    return float(np.max(np.where(g == r, 0.0, err), initial=0.0))


def _complex_argument(rng, name: str, n: int = 4000) -> np.ndarray:
    """Moduli log-uniform over float64's range and over [1e-8, 30], any angle, with the
    real part bounded where ``COMPLEX_REAL_RANGE`` says."""
    modulus = np.concatenate([10.0 ** rng.uniform(-300, 300, n), 10.0 ** rng.uniform(-8, 1.5, n)])
    z = modulus * np.exp(2j * np.pi * rng.uniform(size=2 * n))
    bound = COMPLEX_REAL_RANGE.get(name)
    if bound is not None:
        z = z[(np.abs(z.real) < bound) & (np.abs(z.imag) < 1e6)]
    return z


@pytest.mark.parametrize("name", COMPLEX)
def test_complex128_ulps(name):
    ref = ELEMENTWISE[name]
    rng = np.random.default_rng(128)
    args = [_complex_argument(rng, name) for _ in range(ref.arity)]
    m = min(len(a) for a in args)
    args = [a[:m] for a in args]
    with np.errstate(all="ignore"):
        want = ref.numpy(*args)
    got = ref.function(*(xp.asarray(a, device=xp.cpu) for a in args))
    assert got.dtype.name == want.dtype.name
    assert complex_ulp_error(np.asarray(got), want) <= (0 if ref.exact else F64_BOUND), name
