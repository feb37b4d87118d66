"""Property-based differential tests against NumPy: creation, indexing, manipulation,
searching, sorting and set functions."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import array_api_mlx as xp

from .reference import assert_matches
from .strategies import arrays, dtypes, fuzz, shapes, xps

EXACT = {"rtol": 0, "atol": 0}


def axis_of(draw, ndim):
    return draw(st.integers(-ndim, ndim - 1)) if ndim else None


# --- creation -------------------------------------------------------------------------
@fuzz
@given(data=st.data())
def test_arange_matches_numpy(device, data):
    start = data.draw(st.integers(-50, 50))
    stop = data.draw(st.integers(-50, 50))
    step = data.draw(st.integers(-7, 7).filter(bool))
    got = xp.arange(start, stop, step, device=device)
    assert got.device is device
    assert_matches(got, np.arange(start, stop, step, dtype=np.int64), **EXACT)
    fstart, fstep = start / 4, step / 3
    got = xp.arange(fstart, stop, fstep, device=device)
    want = np.arange(fstart, stop, fstep)
    assert got.shape == want.shape
    assert_matches(got, want.astype(np.float32), rtol=1e-5, atol=1e-5)


@fuzz
@given(data=st.data())
def test_linspace_eye_full_match_numpy(device, data):
    a = data.draw(st.floats(-1e6, 1e6))
    b = data.draw(st.floats(-1e6, 1e6))
    n = data.draw(st.integers(0, 20))
    endpoint = data.draw(st.booleans())
    got = xp.linspace(a, b, n, endpoint=endpoint, device=device)
    want = np.linspace(a, b, n, endpoint=endpoint).astype(np.float32)
    assert_matches(got, want, rtol=1e-6, atol=1e-6 * max(abs(a), abs(b), 1))
    r, c, k = (
        data.draw(st.integers(0, 6)),
        data.draw(st.integers(0, 6)),
        data.draw(st.integers(-8, 8)),
    )
    assert_matches(xp.eye(r, c, k=k, device=device), np.eye(r, c, k=k, dtype=np.float32), **EXACT)
    d = data.draw(dtypes("any", device))
    shape = data.draw(shapes())
    with xp.default_device(device):  # hypothesis checks values with arrays of its own
        v = data.draw(xps.from_dtype(d))
    got = xp.full(shape, v.item() if hasattr(v, "item") else v, dtype=d, device=device)
    assert_matches(got, np.full(shape, v, dtype=d._np), **EXACT)


@fuzz
@given(data=st.data())
def test_tril_triu_like_match_numpy(device, data):
    x = data.draw(arrays(device, shape=shapes(min_dims=2, max_dims=4)))
    k = data.draw(st.integers(-7, 7))
    a = np.asarray(x)
    assert_matches(xp.tril(x, k=k), np.tril(a, k=k), **EXACT)
    assert_matches(xp.triu(x, k=k), np.triu(a, k=k), **EXACT)
    assert_matches(xp.zeros_like(x), np.zeros_like(a), **EXACT)
    assert_matches(xp.ones_like(x), np.ones_like(a), **EXACT)
    assert xp.empty_like(x).shape == a.shape and xp.empty_like(x).device is device


@fuzz
@given(data=st.data())
def test_meshgrid_matches_numpy(device, data):
    d = data.draw(dtypes("numeric", device))
    n = data.draw(st.integers(1, 3))
    xs = [data.draw(arrays(device, dtype=d, shape=shapes(1, 1))) for _ in range(n)]
    indexing = data.draw(st.sampled_from(["xy", "ij"]))
    got = xp.meshgrid(*xs, indexing=indexing)
    want = np.meshgrid(*(np.asarray(x) for x in xs), indexing=indexing)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert_matches(g, w, **EXACT)


# --- indexing -------------------------------------------------------------------------
@fuzz
@given(data=st.data())
def test_getitem_basic_matches_numpy(device, data):
    x = data.draw(arrays(device, shape=shapes(max_dims=4)))
    idx = data.draw(xps.indices(x.shape, allow_newaxis=True, allow_ellipsis=True))
    assert_matches(x[idx], np.asarray(x)[idx], **EXACT)


@fuzz
@given(data=st.data())
def test_getitem_setitem_arrays_match_numpy(device, data):
    x = data.draw(arrays(device, shape=shapes(min_dims=1, max_dims=3, min_side=1)))
    a = np.asarray(x).copy()
    n = x.shape[0]
    ind = data.draw(st.lists(st.integers(-n, n - 1), max_size=6))
    i = xp.asarray(ind, dtype=xp.int64, device=device)
    assert_matches(x[i], a[np.asarray(ind, dtype=np.int64)], **EXACT)
    mask = data.draw(xps.arrays(xp.bool, x.shape)).to_device(device)
    assert_matches(x[mask], a[np.asarray(mask)], **EXACT)
    v = data.draw(arrays(device, dtype=x.dtype, shape=()))
    x[mask] = v
    a[np.asarray(mask)] = np.asarray(v)
    assert_matches(x, a, **EXACT)
    j = data.draw(st.integers(-n, n - 1))
    x[j] = v
    a[j] = np.asarray(v)
    assert_matches(x, a, **EXACT)


@fuzz
@given(data=st.data())
def test_take_and_take_along_axis_match_numpy(device, data):
    x = data.draw(arrays(device, shape=shapes(min_dims=1, max_dims=3, min_side=1)))
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    n = x.shape[axis]
    ind = data.draw(st.lists(st.integers(-n, n - 1), max_size=5))
    i = xp.asarray(ind, dtype=xp.int64, device=device)
    a = np.asarray(x)
    assert_matches(
        xp.take(x, i, axis=axis), np.take(a, np.asarray(ind, np.int64), axis=axis), **EXACT
    )
    shape = list(x.shape)
    shape[axis] = data.draw(st.integers(0, 4))
    ii = data.draw(
        xps.arrays(xp.int64, tuple(shape), elements={"min_value": -n, "max_value": n - 1})
    )
    got = xp.take_along_axis(x, ii.to_device(device), axis=axis)
    assert_matches(got, np.take_along_axis(a, np.asarray(ii), axis=axis), **EXACT)


# --- manipulation ---------------------------------------------------------------------
@fuzz
@given(data=st.data())
def test_shape_functions_match_numpy(device, data):
    x = data.draw(arrays(device, shape=shapes(max_dims=4)))
    a = np.asarray(x)
    nd = x.ndim
    ax = axis_of(data.draw, nd)
    assert_matches(xp.flip(x, axis=ax), np.flip(a, axis=ax), **EXACT)
    shift = data.draw(st.integers(-10, 10))
    assert_matches(xp.roll(x, shift, axis=ax), np.roll(a, shift, axis=ax), **EXACT)
    perm = data.draw(st.permutations(range(nd)))
    assert_matches(xp.permute_dims(x, tuple(perm)), np.transpose(a, perm), **EXACT)
    e = data.draw(st.integers(-nd - 1, nd))
    assert_matches(xp.expand_dims(x, e), np.expand_dims(a, e), **EXACT)
    ones = tuple(i for i, s in enumerate(x.shape) if s == 1)
    if ones:
        assert_matches(xp.squeeze(x, ones), np.squeeze(a, ones), **EXACT)
    new = data.draw(st.permutations(a.shape)) if nd else []
    assert_matches(xp.reshape(x, tuple(new)), a.reshape(tuple(new)), **EXACT)
    assert_matches(xp.reshape(x, (-1,)), a.reshape(-1), **EXACT)
    if nd:
        src, dst = data.draw(st.integers(-nd, nd - 1)), data.draw(st.integers(-nd, nd - 1))
        assert_matches(xp.moveaxis(x, src, dst), np.moveaxis(a, src, dst), **EXACT)
        parts = xp.unstack(x, axis=ax)
        assert len(parts) == a.shape[ax]
        for g, w in zip(parts, np.moveaxis(a, ax, 0)):
            assert_matches(g, w, **EXACT)


@fuzz
@given(data=st.data())
def test_join_repeat_tile_broadcast_match_numpy(device, data):
    d = data.draw(dtypes("any", device))
    shape = data.draw(shapes(min_dims=1, max_dims=3))
    k = data.draw(st.integers(1, 3))
    xs = [data.draw(arrays(device, dtype=d, shape=shape)) for _ in range(k)]
    ns = [np.asarray(x) for x in xs]
    ax = data.draw(st.integers(-len(shape), len(shape) - 1))
    assert_matches(xp.concat(xs, axis=ax), np.concatenate(ns, axis=ax), **EXACT)
    sax = data.draw(st.integers(-len(shape) - 1, len(shape)))
    assert_matches(xp.stack(xs, axis=sax), np.stack(ns, axis=sax), **EXACT)
    assert_matches(xp.concat(xs, axis=None), np.concatenate(ns, axis=None), **EXACT)
    reps = tuple(data.draw(st.lists(st.integers(0, 3), max_size=4)))
    assert_matches(xp.tile(xs[0], reps), np.tile(ns[0], reps), **EXACT)
    r = data.draw(st.integers(0, 3))
    assert_matches(xp.repeat(xs[0], r, axis=ax), np.repeat(ns[0], r, axis=ax), **EXACT)
    rs = data.draw(st.lists(st.integers(0, 3), min_size=shape[ax], max_size=shape[ax]))
    got = xp.repeat(xs[0], xp.asarray(rs, dtype=xp.int64, device=device), axis=ax)
    assert_matches(got, np.repeat(ns[0], rs, axis=ax), **EXACT)
    target = data.draw(xps.mutually_broadcastable_shapes(1, base_shape=shape)).result_shape
    assert_matches(xp.broadcast_to(xs[0], target), np.broadcast_to(ns[0], target), **EXACT)


# --- searching ------------------------------------------------------------------------
@fuzz
@given(data=st.data())
def test_searching_matches_numpy(device, data):
    x = data.draw(arrays(device, "real-valued", shape=shapes(max_dims=3)))
    a = np.asarray(x)
    ax = axis_of(data.draw, x.ndim) if data.draw(st.booleans()) else None
    keep = data.draw(st.booleans())
    if a.size and (ax is None or a.shape[ax]):
        for ours, theirs in ((xp.argmax, np.argmax), (xp.argmin, np.argmin)):
            got = ours(x, axis=ax, keepdims=keep)
            assert_matches(got, theirs(a, axis=ax, keepdims=keep), dtype_exact=False, **EXACT)
    got = xp.count_nonzero(x, axis=ax, keepdims=keep)
    assert_matches(got, np.count_nonzero(a, axis=ax, keepdims=keep), dtype_exact=False, **EXACT)
    if x.ndim:
        for g, w in zip(xp.nonzero(x), np.nonzero(a), strict=True):
            assert_matches(g, w, dtype_exact=False, **EXACT)
    cond = data.draw(xps.arrays(xp.bool, x.shape)).to_device(device)
    y = data.draw(arrays(device, dtype=x.dtype, shape=x.shape))
    assert_matches(xp.where(cond, x, y), np.where(np.asarray(cond), a, np.asarray(y)), **EXACT)


@fuzz
@given(data=st.data())
def test_searchsorted_matches_numpy(device, data):
    d = data.draw(dtypes("real-valued", device))
    x1 = data.draw(arrays(device, dtype=d, shape=shapes(1, 1), allow_nan=False))
    x2 = data.draw(arrays(device, dtype=d, shape=shapes(0, 2), allow_nan=False))
    side = data.draw(st.sampled_from(["left", "right"]))
    s = xp.sort(x1)
    got = xp.searchsorted(s, x2, side=side)
    assert_matches(got, np.searchsorted(np.asarray(s), np.asarray(x2), side=side), dtype_exact=False, **EXACT)
    got = xp.searchsorted(x1, x2, side=side, sorter=xp.argsort(x1))
    want = np.searchsorted(
        np.asarray(x1), np.asarray(x2), side=side, sorter=np.argsort(np.asarray(x1), kind="stable")
    )
    assert_matches(got, want, dtype_exact=False, **EXACT)


# --- sorting --------------------------------------------------------------------------
@fuzz
@given(data=st.data())
def test_sort_argsort_match_numpy(device, data):
    x = data.draw(arrays(device, "real-valued", shape=shapes(min_dims=1, max_dims=3)))
    a = np.asarray(x)
    ax = data.draw(st.integers(-x.ndim, x.ndim - 1))
    assert_matches(xp.sort(x, axis=ax), np.sort(a, axis=ax, kind="stable"), **EXACT)
    got = xp.argsort(x, axis=ax, stable=True)
    assert_matches(got, np.argsort(a, axis=ax, kind="stable"), dtype_exact=False, **EXACT)
    if not np.isnan(a).any() and x.dtype.kind == "f":
        # stable descending: equal elements keep their order
        got = xp.argsort(x, axis=ax, descending=True, stable=True)
        sorted_desc = np.take_along_axis(a, np.asarray(got), axis=ax)
        np.testing.assert_array_equal(sorted_desc, -np.sort(-a, axis=ax))
        # stability: among equal values, indices increase
        idx = np.asarray(got)
        # neighbours compared directly (inf - inf would warn)
        n = sorted_desc.shape[ax]
        same = np.take(sorted_desc, range(1, n), axis=ax) == np.take(sorted_desc, range(n - 1), axis=ax)
        assert np.all(np.diff(idx, axis=ax)[same] > 0)


# --- sets -----------------------------------------------------------------------------
@fuzz
@given(data=st.data())
def test_unique_functions_match_numpy(device, data):
    x = data.draw(arrays(device, "real-valued", shape=shapes(max_dims=3)))
    a = np.asarray(x)
    want_vals, want_idx, want_inv, want_counts = np.unique(
        a, return_index=True, return_inverse=True, return_counts=True, equal_nan=False
    )
    vals = xp.unique_values(x)
    order = np.argsort(np.asarray(vals), kind="stable")
    assert_matches(vals[xp.asarray(order, device=device)], want_vals, **EXACT)
    res = xp.unique_all(x)
    v = np.asarray(res.values)
    # every value found, counts add up, indices point at the value, inverse rebuilds x
    assert_matches(xp.sort(res.values), np.sort(want_vals), **EXACT)
    assert int(np.sum(np.asarray(res.counts))) == a.size
    np.testing.assert_array_equal(a.reshape(-1)[np.asarray(res.indices)], v)
    np.testing.assert_array_equal(v[np.asarray(res.inverse_indices)], a)
    assert res.inverse_indices.shape == a.shape
    counts = xp.unique_counts(x)
    c = dict(zip(np.asarray(counts.values).tolist(), np.asarray(counts.counts).tolist(), strict=True))
    for value, n in zip(want_vals.tolist(), want_counts.tolist(), strict=True):
        if value == value:  # NaNs are each distinct
            assert c[value] == n
    inv = xp.unique_inverse(x)
    np.testing.assert_array_equal(np.asarray(inv.values)[np.asarray(inv.inverse_indices)], a)


@fuzz
@given(data=st.data())
def test_isin_matches_numpy(device, data):
    d = data.draw(dtypes("real-valued", device))
    x1 = data.draw(arrays(device, dtype=d, shape=shapes(max_dims=2)))
    x2 = data.draw(arrays(device, dtype=d, shape=shapes(max_dims=2)))
    invert = data.draw(st.booleans())
    got = xp.isin(x1, x2, invert=invert)
    assert_matches(got, np.isin(np.asarray(x1), np.asarray(x2), invert=invert), **EXACT)
