"""Property-based differential tests against NumPy: statistical, linear algebra and FFT
functions (floating results compared with tolerances for the dtype and the size)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import array_api_mlx as xp

from .reference import assert_matches
from .strategies import arrays, dtypes, fuzz, shapes, small_complex

MODERATE = {"min_value": -1e3, "max_value": 1e3, "allow_nan": False}
SMALL = {"min_value": -10, "max_value": 10, "allow_nan": False}


def _axis(data, ndim):
    if not ndim or data.draw(st.booleans()):
        return None
    return data.draw(st.integers(-ndim, ndim - 1))


def _reduce_tol(dtype, n):
    if dtype.kind in "iub":
        return {"rtol": 0, "atol": 0}
    eps = 1e-15 if dtype is xp.float64 else 1e-6
    return {"rtol": 50 * eps * max(n, 1), "atol": 1e-3 * eps * max(n, 1) * 1e3}


@fuzz
@given(data=st.data())
def test_sum_prod_min_max_match_numpy(device, data):
    d = data.draw(dtypes("real-valued", device))
    kw = MODERATE if d.kind == "f" else {}
    x = data.draw(arrays(device, dtype=d, shape=shapes(max_dims=3), **kw))
    a = np.asarray(x)
    ax = _axis(data, x.ndim)
    keep = data.draw(st.booleans())
    n = a.size if ax is None else a.shape[ax]
    with np.errstate(all="ignore"):
        acc = {"i": np.int64, "u": np.uint64}.get(d.kind, d._np)
        assert_matches(
            xp.sum(x, axis=ax, keepdims=keep),
            np.sum(a, axis=ax, keepdims=keep, dtype=acc),
            **_reduce_tol(d, n),
        )
        if d.kind == "f":
            assume(np.all(np.abs(a) < 4))
        assert_matches(
            xp.prod(x, axis=ax, keepdims=keep),
            np.prod(a, axis=ax, keepdims=keep, dtype=acc),
            **_reduce_tol(d, n),
        )
    if n and a.size:
        assert_matches(xp.max(x, axis=ax, keepdims=keep), np.max(a, axis=ax, keepdims=keep))
        assert_matches(xp.min(x, axis=ax, keepdims=keep), np.min(a, axis=ax, keepdims=keep))


@fuzz
@given(data=st.data())
def test_mean_var_std_match_numpy(device, data):
    d = data.draw(dtypes("real-valued floating-point", device))
    x = data.draw(arrays(device, dtype=d, shape=shapes(max_dims=3, min_side=1), **MODERATE))
    a = np.asarray(x)
    ax = _axis(data, x.ndim)
    n = a.size if ax is None else a.shape[ax]
    corr = data.draw(st.sampled_from([0, 1]))
    assume(n > corr)
    tol = _reduce_tol(d, n)
    tol["atol"] = max(tol["atol"], 1e-4 if d is xp.float32 else 1e-10)
    assert_matches(xp.mean(x, axis=ax), np.mean(a, axis=ax), **tol)
    assert_matches(xp.var(x, axis=ax, correction=corr), np.var(a, axis=ax, ddof=corr), **tol)
    assert_matches(xp.std(x, axis=ax, correction=corr), np.std(a, axis=ax, ddof=corr), **tol)


@fuzz
@given(data=st.data())
def test_cumulative_diff_all_any_match_numpy(device, data):
    d = data.draw(dtypes("real-valued", device))
    kw = {"min_value": -4, "max_value": 4} if d.kind in "f" else {}
    x = data.draw(arrays(device, dtype=d, shape=shapes(min_dims=1, max_dims=3), **kw))
    a = np.asarray(x)
    ax = data.draw(st.integers(-x.ndim, x.ndim - 1))
    acc = {"i": np.int64, "u": np.uint64}.get(d.kind, d._np)
    tol = _reduce_tol(d, a.shape[ax])
    with np.errstate(all="ignore"):
        assert_matches(
            xp.cumulative_sum(x, axis=ax), np.cumulative_sum(a, axis=ax, dtype=acc), **tol
        )
        assert_matches(
            xp.cumulative_sum(x, axis=ax, include_initial=True),
            np.cumulative_sum(a, axis=ax, dtype=acc, include_initial=True),
            **tol,
        )
        assert_matches(
            xp.cumulative_prod(x, axis=ax), np.cumulative_prod(a, axis=ax, dtype=acc), **tol
        )
        if d.kind != "u":
            assert_matches(xp.diff(x, axis=ax), np.diff(a, axis=ax), **tol)
    assert_matches(xp.all(x, axis=ax), np.all(a, axis=ax))
    assert_matches(xp.any(x, axis=ax), np.any(a, axis=ax))


# --- linear algebra -------------------------------------------------------------------
def _lin_tol(dtype, n):
    return {
        "rtol": (1e-12 if dtype is xp.float64 else 2e-4) * max(n, 1),
        "atol": 1e-3 if dtype is xp.float32 else 1e-9,
    }


@fuzz
@given(data=st.data())
def test_matmul_vecdot_tensordot_match_numpy(device, data):
    d = data.draw(dtypes("numeric", device))
    kw = {"min_value": -100 if d.kind == "i" else 0, "max_value": 100} if d.kind in "iu" else {}
    if d.kind == "f":
        kw = MODERATE
    m, k, n = (data.draw(st.integers(0, 5)) for _ in range(3))
    batch = data.draw(shapes(max_dims=2, max_side=3))

    def draw(shape):
        if d.kind == "c":
            return data.draw(small_complex(device, shape))
        return data.draw(arrays(device, dtype=d, shape=shape, **kw))

    x1 = draw((*batch, m, k))
    x2 = draw((k, n))
    a, b = np.asarray(x1), np.asarray(x2)
    with np.errstate(all="ignore"):
        tol = _lin_tol(d, k) if d.kind in "fc" else {"rtol": 0, "atol": 0}
        tol["atol"] = tol["atol"] * 1e3 if d.kind in "fc" else 0
        assert_matches(xp.matmul(x1, x2), np.matmul(a, b), **tol)
        assert_matches(xp.tensordot(x1, x2, axes=1), np.tensordot(a, b, axes=1), **tol)
        y = draw((k,))
        want = np.sum(np.conj(a) * np.asarray(y), axis=-1, dtype=a.dtype)
        assert_matches(xp.vecdot(x1, y), want, **tol)
    assert_matches(xp.matrix_transpose(x1), np.swapaxes(a, -1, -2))


@fuzz
@given(data=st.data())
def test_linalg_on_well_conditioned_matrices_match_numpy(device, data):
    """Decompositions and solves on symmetric positive definite matrices (A Aᵀ + nI)."""
    d = data.draw(dtypes("real-valued floating-point", device))
    n = data.draw(st.integers(1, 5))
    batch = data.draw(shapes(max_dims=1, max_side=3))
    b = data.draw(
        arrays(device, dtype=d, shape=(*batch, n, n), min_value=-2, max_value=2, allow_nan=False)
    )
    bn = np.asarray(b).astype(np.float64)
    spd = (bn @ np.swapaxes(bn, -1, -2) + n * np.eye(n)).astype(d._np)
    x = xp.asarray(spd, device=device)
    tol = _lin_tol(d, n)
    la = xp.linalg
    assert_matches(la.det(x), np.linalg.det(spd), **tol)
    assert_matches(la.inv(x), np.linalg.inv(spd), **tol)
    assert_matches(la.cholesky(x), np.linalg.cholesky(spd), **tol)
    assert_matches(la.eigvalsh(x), np.linalg.eigvalsh(spd), **tol)
    assert_matches(la.svdvals(x), np.linalg.svd(spd, compute_uv=False), **tol)
    sign, logdet = la.slogdet(x)
    ws, wl = np.linalg.slogdet(spd)
    assert_matches(sign, ws, **tol)
    assert_matches(logdet, wl, **tol)
    rhs = spd[..., :1] if n else spd
    assert_matches(la.solve(x, xp.asarray(rhs, device=device)), np.linalg.solve(spd, rhs), **tol)
    q, r = la.qr(x)
    np.testing.assert_allclose(
        np.asarray(q) @ np.asarray(r), spd, rtol=tol["rtol"] * 10, atol=tol["atol"] * 10
    )
    assert_matches(la.matrix_norm(x), np.linalg.norm(spd, axis=(-2, -1)), **tol)
    assert_matches(la.trace(x), np.trace(spd, axis1=-2, axis2=-1), **tol)
    assert_matches(la.diagonal(x), np.diagonal(spd, axis1=-2, axis2=-1), **tol)
    assert_matches(la.matrix_power(x, 2), np.linalg.matrix_power(spd, 2), **tol)
    assert_matches(la.matrix_rank(x), np.linalg.matrix_rank(spd), dtype_exact=False)


@fuzz
@given(data=st.data())
def test_vector_norm_outer_cross_match_numpy(device, data):
    d = data.draw(dtypes("real-valued floating-point", device))
    x = data.draw(arrays(device, dtype=d, shape=shapes(min_dims=1, max_dims=3), **MODERATE))
    a = np.asarray(x)
    ord_ = data.draw(st.sampled_from([1, 2, np.inf, -np.inf, 3] if a.size else [1, 2, 3]))
    ax = _axis(data, x.ndim)
    want = np.linalg.norm(a.ravel() if ax is None else a, ord=ord_, axis=None if ax is None else ax)
    if ax is None and ord_ in (np.inf, -np.inf, 1, 3):
        want = np.linalg.norm(a.ravel(), ord=ord_)
    assert_matches(xp.linalg.vector_norm(x, axis=ax, ord=ord_), want, **_lin_tol(d, a.size))
    v = data.draw(arrays(device, dtype=d, shape=(data.draw(st.integers(0, 4)),), **MODERATE))
    assert_matches(xp.linalg.outer(v, v), np.outer(np.asarray(v), np.asarray(v)), **_lin_tol(d, 1))
    c1 = data.draw(arrays(device, dtype=d, shape=(2, 3), **MODERATE))
    c2 = data.draw(arrays(device, dtype=d, shape=(2, 3), **MODERATE))
    tol = _lin_tol(d, 3)
    tol["atol"] *= 1e3
    assert_matches(xp.linalg.cross(c1, c2), np.cross(np.asarray(c1), np.asarray(c2)), **tol)


# --- fft ------------------------------------------------------------------------------
FFT_TOL = {"rtol": 1e-4, "atol": 1e-3}


@pytest.mark.parametrize("name", ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"])
@fuzz
@given(data=st.data())
def test_fft_1d_matches_numpy(name, device, data):
    real_in = name in ("rfft", "ihfft")
    d = xp.float32 if real_in else xp.complex64
    shape = data.draw(shapes(min_dims=1, max_dims=2, min_side=1, max_side=8))
    if real_in:
        x = data.draw(arrays(device, dtype=d, shape=shape, **SMALL))
    else:
        x = data.draw(small_complex(device, shape))
    a = np.asarray(x)
    ax = data.draw(st.integers(-x.ndim, x.ndim - 1))
    n = data.draw(st.one_of(st.none(), st.integers(1, 9)))
    if name in ("irfft", "hfft") and n is None:
        assume(2 * (a.shape[ax] - 1) > 0)
    norm = data.draw(st.sampled_from(["backward", "ortho", "forward"]))
    got = getattr(xp.fft, name)(x, n=n, axis=ax, norm=norm)
    want = getattr(np.fft, name)(a, n=n, axis=ax, norm=norm)
    assert_matches(got, want.astype(got.dtype._np), dtype_exact=False, **FFT_TOL)


@fuzz
@given(data=st.data())
def test_fftn_freq_shift_match_numpy(device, data):
    shape = data.draw(shapes(min_dims=1, max_dims=3, min_side=1, max_side=6))
    x = data.draw(small_complex(device, shape))
    a = np.asarray(x)
    assert_matches(xp.fft.fftn(x), np.fft.fftn(a).astype(np.complex64), **FFT_TOL)
    assert_matches(xp.fft.ifftn(x), np.fft.ifftn(a).astype(np.complex64), **FFT_TOL)
    r = xp.real(x)
    assert_matches(xp.fft.rfftn(r), np.fft.rfftn(np.real(a)).astype(np.complex64), **FFT_TOL)
    assert_matches(xp.fft.fftshift(x), np.fft.fftshift(a))
    assert_matches(xp.fft.ifftshift(x), np.fft.ifftshift(a))
    n = data.draw(st.integers(1, 20))
    dd = data.draw(st.floats(0.1, 10))
    assert_matches(
        xp.fft.fftfreq(n, d=dd, device=device),
        np.fft.fftfreq(n, d=dd).astype(np.float32),
        rtol=1e-6,
        atol=1e-7,
    )
    assert_matches(
        xp.fft.rfftfreq(n, d=dd, device=device),
        np.fft.rfftfreq(n, d=dd).astype(np.float32),
        rtol=1e-6,
        atol=1e-7,
    )
