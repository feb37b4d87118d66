"""Property-based differential tests (shared strategies and comparison), and the
data type functions. Hypothesis draws arrays of every dtype and shape (empty and 0-d
included) with NaN, infinities, -0.0 and extreme integers; NumPy is the oracle.

The number of examples comes from the hypothesis profile (tests/conftest.py): "ci" by
default, "fuzz" (``HYPOTHESIS_PROFILE=fuzz`` or ``nox -s fuzz``) for ten times more.
The other chapters are in ``test_fuzz_*.py``.
"""

from __future__ import annotations

import warnings

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.array_api import make_strategies_namespace

import array_api_mlx as xp

with warnings.catch_warnings():
    # the namespace has no complex128 (DESIGN 1), which hypothesis warns about
    warnings.simplefilter("ignore")
    xps = make_strategies_namespace(xp)

# ``device`` is an immutable parameter: safe to share between hypothesis examples.
fuzz = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

INTS = [xp.int8, xp.int16, xp.int32, xp.int64, xp.uint8, xp.uint16, xp.uint32, xp.uint64]
FLOATS = [xp.float32, xp.float64]
DTYPES = {
    "bool": [xp.bool],
    "integer": INTS,
    "integer or boolean": INTS + [xp.bool],
    "real floating": FLOATS,
    "floating": FLOATS + [xp.complex64],
    "real numeric": INTS + FLOATS,
    "numeric": INTS + FLOATS + [xp.complex64],
    "all": [xp.bool] + INTS + FLOATS + [xp.complex64],
}


def dtypes(category, device):
    """The dtypes of ``category`` that ``device`` holds."""
    return st.sampled_from(
        [d for d in DTYPES[category] if device.kind == "cpu" or d is not xp.float64]
    )


def shapes(min_dims=0, max_dims=3, min_side=0, max_side=5):
    return xps.array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
    )


@st.composite
def arrays(draw, device, category="all", shape=None, dtype=None, **elements):
    """An array of ``category`` on ``device``: any shape (empty, 0-d) unless given."""
    d = dtype if dtype is not None else draw(dtypes(category, device))
    s = shape if shape is not None else draw(shapes())
    if isinstance(s, st.SearchStrategy):
        s = draw(s)
    # hypothesis creates some arrays without device=: make the tested device the default
    # (float64 data for the CPU on a machine whose default is the GPU)
    with xp.default_device(device):
        x = draw(xps.arrays(dtype=d, shape=s, elements=elements or None))
    return x.to_device(device)


def to_np(x) -> np.ndarray:
    return np.asarray(x)


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
    g = to_np(got)
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


# --- data type functions ------------------------------------------------------------
NP_OF = {d: d._np for d in DTYPES["all"]}


@fuzz
@given(data=st.data())
def test_astype_matches_numpy(device, data):
    src = data.draw(dtypes("all", device), label="from")
    dst = data.draw(dtypes("all", device), label="to")
    assume(not (src is xp.complex64 and dst.kind != "c"))
    # values representable in the target: the spec leaves overflowing casts unspecified
    if dst.kind in "iu" and src.kind in "iuf":
        lo, hi = np.iinfo(dst._np).min, np.iinfo(dst._np).max
        info = np.iinfo(src._np) if src.kind in "iu" else None
        lo = max(lo, info.min) if info else max(lo, -(2**24))
        hi = min(hi, info.max) if info else min(hi, 2**24)
        x = data.draw(arrays(device, shape=shapes(), dtype=src, min_value=lo, max_value=hi))
    elif src is xp.float64 and dst is xp.float32:
        # within float32's normal range (its subnormals are flushed by some backends)
        x = data.draw(arrays(device, dtype=src, min_value=-3.0e38, max_value=3.0e38,
                             allow_subnormal=False))  # fmt: skip
    else:
        x = data.draw(arrays(device, dtype=src))
    got = xp.astype(x, dst)
    assert got.device is device
    with np.errstate(all="ignore"):
        want = to_np(x).astype(dst._np)
    assert_matches(got, want, rtol=0, atol=0)


@fuzz
@given(data=st.data())
def test_result_type_and_can_cast_match_numpy_within_kinds(device, data):
    d1 = data.draw(dtypes("all", device))
    d2 = data.draw(dtypes("all", device))
    same_kind = (d1.kind in "iu") == (d2.kind in "iu") and (d1.kind == "b") == (d2.kind == "b")
    if same_kind and not ({d1.kind, d2.kind} == {"i", "u"}) and d1.kind not in "fc":
        want = np.result_type(d1._np, d2._np)
        assert xp.result_type(d1, d2)._np == want
    if d1.kind == d2.kind or {d1.kind, d2.kind} <= {"f", "c"}:
        if not (d1 is xp.float64 and d2 is xp.complex64):
            assert xp.can_cast(d1, d2) == np.can_cast(d1._np, d2._np), (d1, d2)


@fuzz
@given(data=st.data())
def test_finfo_iinfo_match_numpy(device, data):
    d = data.draw(dtypes("numeric", device))
    if d.kind in "iu":
        info, want = xp.iinfo(d), np.iinfo(d._np)
        assert (info.min, info.max, info.bits) == (want.min, want.max, want.bits)
    elif d.kind == "f":
        info, want = xp.finfo(d), np.finfo(d._np)
        assert (info.eps, info.max, info.min, info.bits) == (
            float(want.eps), float(want.max), float(want.min), want.bits
        )
