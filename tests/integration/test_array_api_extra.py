"""Every public function of array-api-extra on our arrays, against the same call on NumPy.

Each case is a function ``(xp, device, dtype_name)`` building its inputs with ``xp``; it is
run once with NumPy and once with the namespace under test, and the results compared.
"""

from __future__ import annotations

import numpy as np
import pytest

from .conftest import (
    assert_same_namespace_and_device,
    combo_params,
    namespace_module,
    rtol_for,
    to_numpy,
)

xpx = pytest.importorskip("array_api_extra", reason="array-api-extra is not installed")

# broadcast_shapes and expand_dims are deprecated in favour of the 2025.12 standard's own.
pytestmark = pytest.mark.filterwarnings(
    "ignore:`xpx.*is deprecated and will be removed:DeprecationWarning"
)


def _data(xp, device, dtype_name, shape=(3, 4)):
    n = int(np.prod(shape))
    base = np.linspace(-2.0, 3.0, n).reshape(shape).astype(dtype_name)
    return xp.asarray(base, device=device)


def _nan_data(xp, device, dtype_name):
    base = np.array([[1.0, np.nan, 3.0], [np.nan, 5.0, -1.0]], dtype=dtype_name)
    return xp.asarray(base, device=device)


def _ints(xp, device, values):
    return xp.asarray(np.asarray(values, dtype=np.int64), device=device)


def _dtype(xp, dtype_name):
    return getattr(xp, dtype_name)


def _partition_check(a, kth):
    """partition's result: element kth in place, smaller before, larger after (sorted to
    compare, as the order within each side is unspecified)."""
    a = np.asarray(a)
    return (a[..., kth], np.sort(a[..., :kth], axis=-1), np.sort(a[..., kth + 1 :], axis=-1))


CASES = {
    "angle": lambda xp, d, f: xpx.angle(
        xp.asarray(np.array([1 + 1j, -1, 1j], dtype=np.complex64), device=d), deg=True, xp=xp
    ),
    "apply_where": lambda xp, d, f: xpx.apply_where(
        _data(xp, d, f) > 0, (_data(xp, d, f),), xp.sqrt, fill_value=-1.0, xp=xp
    ),
    "argpartition": lambda xp, d, f: _partition_check(
        np.take_along_axis(
            to_numpy(_data(xp, d, f))[..., ::-1],
            to_numpy(xpx.argpartition(_data(xp, d, f)[..., ::-1], 2, xp=xp)),
            axis=-1,
        ),
        2,
    ),
    "at": lambda xp, d, f: (
        xpx.at(_data(xp, d, f), (0, slice(None))).set(7.0),
        xpx.at(_data(xp, d, f), (1, 2)).add(1.5),
        xpx.at(_data(xp, d, f))[_data(xp, d, f) > 1].multiply(2.0),
        xpx.at(_data(xp, d, f), (slice(None), 0)).min(0.0),
    ),
    "atleast_nd": lambda xp, d, f: xpx.atleast_nd(_data(xp, d, f), ndim=4, xp=xp),
    "broadcast_shapes": lambda xp, d, f: xpx.broadcast_shapes((3, 1), (1, 4), (4,)),
    "cov": lambda xp, d, f: xpx.cov(_data(xp, d, f) ** 2, xp=xp),
    "create_diagonal": lambda xp, d, f: xpx.create_diagonal(
        _data(xp, d, f)[0, ...], offset=1, xp=xp
    ),
    "default_dtype": lambda xp, d, f: str(xpx.default_dtype(xp, "indexing", device=d)),
    "deg2rad": lambda xp, d, f: xpx.deg2rad(_data(xp, d, f) * 30, xp=xp),
    "diag_indices": lambda xp, d, f: xpx.diag_indices(3, ndim=2, device=d, xp=xp),
    "expand_dims": lambda xp, d, f: xpx.expand_dims(_data(xp, d, f), axis=(0, 3), xp=xp),
    "isclose": lambda xp, d, f: xpx.isclose(_data(xp, d, f), _data(xp, d, f) + 1e-6, xp=xp),
    "isin": lambda xp, d, f: xpx.isin(
        _ints(xp, d, [1, 2, 3, 4, 5]), _ints(xp, d, [2, 4, 9]), xp=xp
    ),
    "kron": lambda xp, d, f: xpx.kron(_data(xp, d, f, (2, 2)), _data(xp, d, f, (2, 3)), xp=xp),
    "lazy_apply": lambda xp, d, f: (
        xpx.lazy_apply(lambda a: a * 2, _data(xp, d, f), xp=xp),
        xpx.lazy_apply(lambda a: np.cumsum(a, axis=1), _data(xp, d, f), as_numpy=True, xp=xp),
    ),
    "nan_to_num": lambda xp, d, f: xpx.nan_to_num(_nan_data(xp, d, f), fill_value=-9.0, xp=xp),
    "nanmax": lambda xp, d, f: xpx.nanmax(_nan_data(xp, d, f), axis=0, xp=xp),
    "nanmean": lambda xp, d, f: xpx.nanmean(_nan_data(xp, d, f), axis=1, xp=xp),
    "nanmin": lambda xp, d, f: xpx.nanmin(_nan_data(xp, d, f), xp=xp),
    "nansum": lambda xp, d, f: xpx.nansum(_nan_data(xp, d, f), axis=1, xp=xp),
    "nunique": lambda xp, d, f: xpx.nunique(_ints(xp, d, [3, 1, 3, 2, 1]), xp=xp),
    "one_hot": lambda xp, d, f: xpx.one_hot(
        _ints(xp, d, [0, 2, 1, 2]), 3, dtype=_dtype(xp, f), xp=xp
    ),
    "pad": lambda xp, d, f: xpx.pad(_data(xp, d, f), ((1, 0), (0, 2)), constant_values=4, xp=xp),
    "partition": lambda xp, d, f: _partition_check(
        to_numpy(xpx.partition(_data(xp, d, f)[..., ::-1], 1, xp=xp)), 1
    ),
    "rad2deg": lambda xp, d, f: xpx.rad2deg(_data(xp, d, f), xp=xp),
    "searchsorted": lambda xp, d, f: xpx.searchsorted(
        _data(xp, d, f)[0, ...], _data(xp, d, f)[1:, ...], side="right", xp=xp
    ),
    "setdiff1d": lambda xp, d, f: xpx.setdiff1d(
        _ints(xp, d, [5, 1, 3, 3, 7]), _ints(xp, d, [3, 9]), xp=xp
    ),
    "sinc": lambda xp, d, f: xpx.sinc(_data(xp, d, f), xp=xp),
    "tril_indices": lambda xp, d, f: xpx.tril_indices(4, offset=-1, m=5, device=d, xp=xp),
    "triu_indices": lambda xp, d, f: xpx.triu_indices(4, offset=1, device=d, xp=xp),
    "union1d": lambda xp, d, f: xpx.union1d(
        _ints(xp, d, [5, 1, 3]), _ints(xp, d, [3, 9, 0]), xp=xp
    ),
    "unravel_index": lambda xp, d, f: xpx.unravel_index(_ints(xp, d, [0, 5, 11]), (3, 4), xp=xp),
}


def _compare(got, expected, xp, device, dtype_name):
    if isinstance(expected, tuple):
        assert isinstance(got, tuple) and len(got) == len(expected)
        for g, e in zip(got, expected):
            _compare(g, e, xp, device, dtype_name)
        return
    if isinstance(expected, np.ndarray) and not isinstance(got, np.ndarray):
        assert_same_namespace_and_device(got, xp, device)
        g = to_numpy(got)
        assert g.dtype == expected.dtype or (g.dtype.kind == expected.dtype.kind), (
            f"dtype {g.dtype} vs NumPy's {expected.dtype}"
        )
        assert g.shape == expected.shape
        np.testing.assert_allclose(g, expected, rtol=rtol_for(dtype_name) * 10, atol=1e-6)
        return
    if isinstance(expected, np.ndarray):
        np.testing.assert_allclose(got, expected, rtol=rtol_for(dtype_name) * 10, atol=1e-6)
        return
    if isinstance(expected, str):
        expected = expected.replace("numpy.", "").replace("dtype(", "").strip("')")
        got = got.replace("array_api_mlx.", "").replace("array_api_strict.", "")
    assert got == expected


def test_every_public_function_has_a_case():
    public = {n for n in xpx.__all__ if callable(getattr(xpx, n)) and n != "testing"}
    assert public <= set(CASES), f"no case for {sorted(public - set(CASES))}"


@pytest.mark.parametrize("ns_name, device, dtype_name", combo_params())
@pytest.mark.parametrize("name", sorted(CASES))
def test_function(name, ns_name, device, dtype_name, row):
    row("array-api-extra", name, ns_name, device, dtype_name)
    xp = namespace_module(ns_name)
    expected = CASES[name](np, "cpu", dtype_name)
    got = CASES[name](xp, device, dtype_name)
    _compare(got, _to_np_tree(expected), xp, device, dtype_name)


def _to_np_tree(v):
    if isinstance(v, tuple):
        return tuple(_to_np_tree(e) for e in v)
    if isinstance(v, np.generic):
        return np.asarray(v)
    return v
