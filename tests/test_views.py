"""Write-through views (design §9): basic indexing and axis permutations return views of
their source, as in NumPy. NumPy is the oracle: the same views are built and written on
both sides, and every array, source and views alike, must then hold NumPy's values."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import array_api_mlx as xp
from array_api_mlx._array_object import Array

from .test_fuzz import fuzz

DTYPES = {"float32": xp.float32, "int64": xp.int64}


def _source(data, device):
    """A random array on ``device`` and its NumPy twin (small integers: exact in both
    dtypes under the writes below)."""
    name = data.draw(st.sampled_from(sorted(DTYPES)), label="dtype")
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4))
    values = np.arange(int(np.prod(shape)), dtype=name).reshape(shape)
    return xp.asarray(values, device=device), values.copy()


def _derive(data, ours, theirs):
    """A view (or, where NumPy copies, a copy) of a node, built on both sides alike."""
    if theirs.ndim and data.draw(st.booleans(), label="permute"):
        axes = tuple(data.draw(st.permutations(range(theirs.ndim)), label="axes"))
        return xp.permute_dims(ours, axes), np.permute_dims(theirs, axes)
    key = data.draw(
        hnp.basic_indices(theirs.shape, min_dims=0, allow_newaxis=True, allow_ellipsis=True),
        label="key",
    )
    got, want = ours[key], theirs[key]
    if not isinstance(want, np.ndarray):  # NumPy returns a scalar: a copy
        assert type(got) is Array
        want = np.array(want)
    return got, want


def _write(data, ours, theirs):
    """One write on a node, the same on both sides; returns the node's objects after it
    (in-place operators may rebind)."""
    kind = data.draw(
        st.sampled_from(["iadd", "imul_array", "setitem_scalar", "setitem_array", "item_iadd"]),
        label="write",
    )
    if kind == "iadd":
        c = data.draw(st.integers(-3, 3), label="c")
        ours += c
        theirs += c
    elif kind == "imul_array":
        vals = np.asarray(
            data.draw(hnp.arrays(theirs.dtype, theirs.shape, elements=st.integers(-2, 2)))
        )
        ours *= xp.asarray(vals, device=ours.device)
        theirs *= vals
    else:
        key = data.draw(
            hnp.basic_indices(theirs.shape, min_dims=0, allow_newaxis=True, allow_ellipsis=True),
            label="key",
        )
        if kind == "setitem_scalar":
            c = data.draw(st.integers(-9, 9), label="c")
            ours[key] = float(c) if theirs.dtype.kind == "f" else c
            theirs[key] = c
        elif kind == "setitem_array":
            shape = np.shape(theirs[key])
            vals = np.asarray(
                data.draw(hnp.arrays(theirs.dtype, shape, elements=st.integers(-9, 9)))
            )
            ours[key] = xp.asarray(vals, device=ours.device)
            theirs[key] = vals
        else:
            ours[key] += 1
            theirs[key] += 1
    return ours, theirs


def _check(nodes):
    for i, (ours, theirs) in enumerate(nodes):
        got = np.asarray(ours)
        assert got.shape == theirs.shape, f"node {i}: shape {got.shape} != {theirs.shape}"
        np.testing.assert_array_equal(got, theirs, err_msg=f"node {i}")


@fuzz
@given(data=st.data())
def test_views_follow_numpy(device, data):
    """Views of views (index and permutation, any order), sibling views, the source: after
    each write on any of them, all hold what NumPy's hold."""
    nodes = [_source(data, device)]
    for _ in range(data.draw(st.integers(1, 4), label="views")):
        parent = data.draw(st.integers(0, len(nodes) - 1), label="parent")
        nodes.append(_derive(data, *nodes[parent]))
    _check(nodes)
    for _ in range(data.draw(st.integers(1, 4), label="writes")):
        i = data.draw(st.integers(0, len(nodes) - 1), label="written")
        note(f"write on node {i}")
        nodes[i] = _write(data, *nodes[i])
        _check(nodes)


@fuzz
@given(data=st.data())
def test_index_views_match_numpy_views(device, data):
    """A basic index gives a view exactly where NumPy gives one, with NumPy's values."""
    x, n = _source(data, device)
    key = data.draw(hnp.basic_indices(n.shape, min_dims=0, allow_newaxis=True, allow_ellipsis=True))
    got, want = x[key], n[key]
    np.testing.assert_array_equal(np.asarray(got), want)
    assert (type(got) is not Array) == isinstance(want, np.ndarray)
    assert got.dtype == x.dtype and got.device == x.device


# Compositions that random keys reach rarely: new axes around permuted axes, slices that
# empty an inserted axis, negative steps over slices, integers after newaxes.
CHAINS = {
    "newaxes-of-permuted": lambda m, a: m.permute_dims(a, (2, 0, 1))[None, 1, None, ..., None],
    "newaxes-between": lambda m, a: m.permute_dims(a, (1, 2, 0))[:, None, ::-1, None][1:, 0],
    "emptied-newaxis": lambda m, a: a[None][1:],
    "emptied-newaxis-of-permuted": lambda m, a: m.permute_dims(a[:, None], (1, 0, 2, 3))[0:0],
    "steps": lambda m, a: a[::-1, 1:, ::2][::-2, :, -1::-1][..., 0],
    "index-permute-index": lambda m, a: m.permute_dims(a[1, ::-1], (1, 0))[::2, None, -1],
    "int-after-newaxis": lambda m, a: a[None, ..., None][0, 1, :, :, -1],
}


@pytest.mark.parametrize("chain", CHAINS.values(), ids=CHAINS.keys())
def test_composed_views(device, chain):
    """A view of a view of ... reads its source's new values after the source is written,
    and writes into the source, as NumPy's."""
    n = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4)
    a = xp.asarray(n, device=device)
    v, w = chain(xp, a), chain(np, n)
    a += 1.0
    n += 1
    np.testing.assert_array_equal(np.asarray(v), w)
    v *= -1.0
    w *= -1
    np.testing.assert_array_equal(np.asarray(a), n)
    np.testing.assert_array_equal(np.asarray(v), w)


def test_issue_example(device):
    a = xp.zeros((2, 3), device=device)
    v = a[0, :]
    v += 1
    np.testing.assert_array_equal(np.asarray(a), [[1, 1, 1], [0, 0, 0]])


def test_sibling_views_see_each_others_writes(device):
    a = xp.zeros((4, 4), device=device)
    row, col = a[1], a[:, 2]
    row[...] = 5.0
    np.testing.assert_array_equal(np.asarray(col), [0, 5, 0, 0])
    col -= 1.0
    np.testing.assert_array_equal(np.asarray(row), [5, 5, 4, 5])


def test_view_of_view_writes_through_to_the_first_source(device):
    a = xp.reshape(xp.arange(24.0, device=device), (2, 3, 4))
    v = a[1][:, ::2][2]  # a[1, 2, ::2]
    v *= -1.0
    n = np.arange(24.0).reshape(2, 3, 4)
    n[1, 2, ::2] *= -1
    np.testing.assert_array_equal(np.asarray(a), n)


def test_overlapping_in_place_matches_numpy(device):
    x = xp.arange(6.0, device=device)
    x[1:] += x[:-1]
    n = np.arange(6.0)
    n[1:] += n[:-1]
    np.testing.assert_array_equal(np.asarray(x), n)


def test_permutations_are_views(device):
    a = xp.reshape(xp.arange(6.0, device=device), (2, 3))
    n = np.arange(6.0).reshape(2, 3)
    for ours, theirs in (
        (a.T, n.T),
        (a.mT, n.mT),
        (xp.matrix_transpose(a), np.matrix_transpose(n)),
        (xp.permute_dims(a, (1, 0)), np.permute_dims(n, (1, 0))),
        (xp.moveaxis(a, 0, -1), np.moveaxis(n, 0, -1)),
    ):
        ours[0] += 10.0
        theirs[0] += 10
    np.testing.assert_array_equal(np.asarray(a), n)


def test_integer_and_boolean_indexing_copy(device):
    a = xp.zeros((3,), device=device)
    c = a[xp.asarray([0, 1], device=device)]
    c += 1.0
    m = a[xp.asarray([True, False, True], device=device)]
    m += 1.0
    s = xp.zeros((2, 2), device=device)[0, 1]  # integers alone: a scalar in NumPy
    s += 1.0
    assert type(c) is Array and type(m) is Array and type(s) is Array
    np.testing.assert_array_equal(np.asarray(a), [0, 0, 0])
    # the augmented assignment writes through __setitem__, as in NumPy
    a[xp.asarray([0, 1], device=device)] += 1.0
    np.testing.assert_array_equal(np.asarray(a), [1, 1, 0])


def test_iteration_yields_views(device):
    a = xp.zeros((2, 2), device=device)
    for row in a:
        row += 1.0
    np.testing.assert_array_equal(np.asarray(a), np.ones((2, 2)))


def test_a_view_is_an_array_everywhere(device):
    """Functions and operators take views like any array, with the same results."""
    a = xp.reshape(xp.arange(12.0, device=device), (3, 4))
    v = a[1:, :]
    c = xp.asarray(v, copy=True)
    i = xp.asarray([[0, 1], [2, 3]], device=device)[0]
    cases = [
        lambda z: z + 1.0,
        lambda z: 2.0 * z,
        lambda z: z + a[1:],
        lambda z: a[1:] - z,
        lambda z: xp.add(c, z),
        lambda z: z @ xp.ones((4,), device=device),
        lambda z: xp.sum(z, axis=0),
        lambda z: xp.exp(-z),
        lambda z: xp.concat([z, z]),
        lambda z: xp.where(z > 5.0, z, 0.0),
        lambda z: xp.reshape(z, (-1,)),
        lambda z: xp.astype(z, xp.int64),
        lambda z: xp.searchsorted(z[0], z[1]),
        lambda z: xp.isin(z, c[0]),
        lambda z: z[i],
        lambda z: xp.take(z, i, axis=1),
    ]
    for f in cases:
        np.testing.assert_array_equal(np.asarray(f(v)), np.asarray(f(c)))
    assert xp.can_cast(v, xp.float64) == xp.can_cast(c, xp.float64)
    lo, hi = a[0, 0, ...], a[2, 3, ...]  # 0-d views
    np.testing.assert_array_equal(
        np.asarray(xp.linspace(lo, hi, 4)),
        np.asarray(xp.linspace(xp.asarray(lo, copy=True), xp.asarray(hi, copy=True), 4)),
    )
    assert v.__array_namespace__() is xp


def test_asarray_and_astype_of_a_view(device):
    a = xp.zeros((2, 3), device=device)
    v = a[0]
    assert xp.asarray(v) is v
    assert xp.asarray(v, copy=False) is v
    assert xp.astype(v, v.dtype, copy=False) is v
    for c in (xp.asarray(v, copy=True), xp.astype(v, v.dtype, copy=True)):
        assert type(c) is Array
        c += 1.0
    np.testing.assert_array_equal(np.asarray(a), np.zeros((2, 3)))


def test_to_device_of_a_view(device, other_device):
    """Same device: the view itself. Another device: an array of its own, which writes
    do not share (neither do they for plain arrays: to_device never aliases writes)."""
    a = xp.zeros((2, 3), device=device)
    v = a[0]
    assert v.to_device(device) is v
    w = v.to_device(other_device)
    assert type(w) is Array and w.device == other_device
    w += 1.0
    v -= 1.0
    np.testing.assert_array_equal(np.asarray(w), [1, 1, 1])
    np.testing.assert_array_equal(np.asarray(a), [[-1, -1, -1], [0, 0, 0]])


def test_dlpack_exports_a_snapshot():
    """DLPack exports the view's current values; later writes (to the view or its source)
    do not reach what was exported."""
    a = xp.zeros((2, 3), device=xp.cpu)
    v = a[:, 1]
    v += 1.0
    exported = np.from_dlpack(v)
    np.testing.assert_array_equal(exported, [1, 1])
    a += 1.0
    v += 1.0
    np.testing.assert_array_equal(exported, [1, 1])
    np.testing.assert_array_equal(np.from_dlpack(v), [3, 3])


def test_setitem_no_longer_leaks_into_arrays_sharing_data(other_device):
    """Two arrays sharing MLX data (here through to_device) are separate arrays: a write
    into one is not seen by the other."""
    x = xp.zeros((3,), device=xp.cpu)
    y = x.to_device(other_device)
    y[0] = 1.0
    np.testing.assert_array_equal(np.asarray(x), [0, 0, 0])


_PICKLES = "__reduce__" in vars(Array)


@pytest.mark.xfail(
    not _PICKLES, reason="arrays do not pickle yet (persistence, issue 14)", strict=True
)
def test_pickle_and_copy_of_a_view_are_plain_arrays():
    """By value: a plain array of the view's values on load; writing it leaves the source
    alone."""
    a = xp.reshape(xp.arange(6.0), (2, 3))
    v = a[:, 1:]
    for c in (pickle.loads(pickle.dumps(v)), copy.copy(v), copy.deepcopy(v)):
        assert type(c) is Array
        np.testing.assert_array_equal(np.asarray(c), [[1, 2], [4, 5]])
        c += 1.0
    np.testing.assert_array_equal(np.asarray(a), np.arange(6.0).reshape(2, 3))


def test_deep_chains_are_composed():
    """Views of views read from one source: alternating slices and transposes two
    thousand deep do not recurse."""
    a = xp.reshape(xp.arange(12.0), (3, 4))
    n = np.arange(12.0).reshape(3, 4)
    v, w = a, n
    for _ in range(1000):
        v, w = v.T[::-1], w.T[::-1]
    assert v._source is a
    v[0] += 100.0
    w[0] += 100
    np.testing.assert_array_equal(np.asarray(a), n)
