"""Property-based differential tests of the elementwise functions against NumPy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import array_api_mlx as xp

from .reference import BINARY, ELEMENTWISE, UNARY, assert_matches
from .strategies import arrays, broadcastable_shapes, dtypes, elements, fuzz, shapes


def _float_tol(name, dtype):
    if not ELEMENTWISE[name].exact:
        # transcendental (MLX's kernels and NumPy's differ by a few ulps) or rounded
        # differently from NumPy's algorithm
        if dtype is xp.float64:
            return {"rtol": 1e-13, "atol": 1e-300}
        if dtype is xp.complex64:
            return {"rtol": 1e-4, "atol": 1e-6}
        return {"rtol": 1e-5, "atol": 1e-37}
    return {"rtol": 0, "atol": 0} if dtype.kind != "c" or name == "conj" else {}


@pytest.mark.parametrize("name", sorted(UNARY))
@fuzz
@given(data=st.data())
def test_unary_matches_numpy(name, device, data):
    ref = UNARY[name]
    x = data.draw(arrays(device, dtype=data.draw(st.sampled_from(ref.dtypes(device)))), label="x")
    a = np.asarray(x)
    if x.dtype is xp.complex64 and not ref.exact:
        # complex branch cuts, infinities and 1/0 are implementation-defined (spec):
        # compare finite, moderate, non-zero values only
        assume(np.all(np.abs(a) < 1e3) and np.all(a != 0))
        if device.kind == "gpu":
            # GPU kernels flush subnormals to zero (CUDA's fast math), NumPy does not
            assume(np.all(np.abs(a) > np.finfo(np.float32).tiny))
    got = ref.function(x)
    assert got.device is device
    with np.errstate(all="ignore"):
        want = ref.numpy(a)
    assert_matches(got, want, **_float_tol(name, x.dtype), err=name)


@pytest.mark.parametrize("name", sorted(BINARY))
@fuzz
@given(data=st.data())
def test_binary_matches_numpy(name, device, data):
    """Integer operands are drawn from the function's domain (the cases the standard
    defines: no division by zero, shifts within the width, no negative exponents); floating
    operands take any value."""
    ref = BINARY[name]
    d = data.draw(st.sampled_from(ref.dtypes(device)), label="dtype")
    s1, s2 = data.draw(broadcastable_shapes(), label="shapes")
    doms = ref.domains(d) if d.kind in "iu" else (None, None)
    x1 = data.draw(arrays(device, dtype=d, shape=s1, domain=doms[0]), label="x1")
    x2 = data.draw(arrays(device, dtype=d, shape=s2, domain=doms[1]), label="x2")
    a, b = np.asarray(x1), np.asarray(x2)
    if name == "floor_divide" and d.kind == "f":
        # the spec's special cases (inf // finite = ±inf) differ from NumPy's NaN; they
        # are tested case by case in test_elementwise.py
        assume(np.all(np.isfinite(a)) and np.all(np.isfinite(b)))
    if d.kind == "c" and not ref.exact:
        # complex division overflow for tiny divisors is implementation-defined
        assume(np.all(np.abs(b) > 1e-30))
        assume(np.all(np.abs(a) < 1e3) and np.all(np.abs(b) < 1e3))
        assume(not (name in ("pow", "divide") and (np.any(a == 0) or np.any(b == 0))))
    got = ref.function(x1, x2)
    assert got.device is device
    with np.errstate(all="ignore"):
        want = ref.numpy(a, b)
    # integer division gives the default floating dtype (NumPy's is float64)
    exact_dtype = not (name == "divide" and d.kind in "iu")
    tol = _float_tol(name, got.dtype if not exact_dtype else d)
    assert_matches(got, want, dtype_exact=exact_dtype, **tol, err=name)


@pytest.mark.parametrize("name", ["add", "multiply", "less", "maximum", "pow", "remainder"])
@fuzz
@given(data=st.data())
def test_python_scalar_operands_match_numpy(name, device, data):
    """A Python scalar takes the array's dtype (docs/design.md §4), as under NumPy 2's NEP 50."""
    ref = BINARY[name]
    d = data.draw(dtypes("real-valued", device))
    x = data.draw(arrays(device, dtype=d, shape=shapes(max_dims=2)))
    if d.kind in "iu":
        s = data.draw(elements(ref.domains(d)[1], d, -100, 100))
    else:
        s = data.draw(st.floats(allow_nan=True, allow_infinity=True, width=32))
    got = ref.function(x, s)
    with np.errstate(all="ignore"):
        want = ref.numpy(np.asarray(x), d._np.type(s))
    assert_matches(got, want, **_float_tol(name, d), err=name)


@fuzz
@given(data=st.data())
def test_clip_matches_numpy(device, data):
    ref = ELEMENTWISE["clip"]
    d = data.draw(st.sampled_from(ref.dtypes(device)))
    x = data.draw(arrays(device, dtype=d, shape=shapes(max_dims=2)))
    lo = data.draw(arrays(device, dtype=d, shape=()))
    hi = data.draw(arrays(device, dtype=d, shape=()))
    a, lo_, hi_ = np.asarray(x), np.asarray(lo), np.asarray(hi)
    assume(not np.isnan(lo_) and not np.isnan(hi_) and lo_ <= hi_)
    got = xp.clip(x, lo, hi)
    assert_matches(got, ref.numpy(a, lo_, hi_), rtol=0, atol=0)
