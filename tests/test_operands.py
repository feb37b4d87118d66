"""Operands of operators (design §11): our arrays and Python (or NumPy) scalars; anything
array-like from another library, on either side, raises TypeError naming xp.asarray."""

from __future__ import annotations

import inspect
import operator

import numpy as np
import pytest

import array_api_mlx as xp
from array_api_mlx import _dtypes as dt

from .conftest import float_dtypes

BINARY = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv,
          operator.mod, operator.pow, operator.matmul, operator.lt, operator.le,
          operator.gt, operator.ge, operator.eq, operator.ne]  # fmt: skip


@pytest.mark.parametrize("op", BINARY, ids=lambda op: op.__name__)
@pytest.mark.parametrize(
    "foreign",
    [np.array([1.0, 2.0, 3.0], dtype=np.float32), [1.0, 2.0, 3.0], (1.0, 2.0, 3.0)],
    ids=["ndarray", "list", "tuple"],
)
def test_foreign_operands_raise_on_either_side(op, foreign, device):
    x = xp.asarray([1.0, 2.0, 3.0], device=device)
    with pytest.raises(TypeError, match="xp.asarray"):
        op(x, foreign)
    with pytest.raises(TypeError, match="xp.asarray"):
        op(foreign, x)


def test_numpy_functions_convert_our_arrays_explicitly():
    """An explicit NumPy call converts through ``__array__`` (SciPy's NumPy fallbacks call
    ufuncs on arrays they were given); only operators refuse to mix."""
    x = xp.asarray([1.0, 4.0])
    got = np.sqrt(x)
    assert type(got) is np.ndarray
    np.testing.assert_array_equal(got, [1.0, 2.0])
    np.testing.assert_array_equal(np.add(np.ones(2), x), [2.0, 5.0])


def test_numpy_scalars_are_operands(device):
    x = xp.asarray([1.0, 2.0], device=device)
    y = x + np.float32(1)
    assert y.dtype == xp.float32 and y.device == device
    np.testing.assert_array_equal(np.asarray(np.float64(2) * x), [2.0, 4.0])
    assert bool(xp.all((x == np.float32(1.0)) == xp.asarray([True, False], device=device)))


def test_inplace_operators_take_what_forward_ones_take(device):
    """``y += np.float32(1)`` updates ``y`` itself (it used to rebind ``y`` to a new
    array, leaving other references to the old one unchanged)."""
    y = xp.asarray([1.0, 2.0], device=device)
    alias = y
    y += np.float32(1)
    assert y is alias
    np.testing.assert_array_equal(np.asarray(alias), [2.0, 3.0])
    i = xp.asarray([1, 2], device=device)
    i *= np.int64(3)
    np.testing.assert_array_equal(np.asarray(i), [3, 6])
    with pytest.raises(TypeError, match="xp.asarray"):
        y += np.ones(2)


def test_other_objects_get_pythons_protocol():
    x = xp.asarray([1.0])
    assert (x == None) is False  # noqa: E711 - no array-like: Python's identity fallback
    assert x != "text"
    with pytest.raises(TypeError):
        x + object()


# --- the dtype a fast path records on its result ------------------------------------------
# Fast paths set a result's dtype from tables filled once per function (``kernels``) instead
# of asking MLX: each must be the dtype of the MLX array it holds.
ELEMENTWISE = sorted(
    (name for name in dir(xp) if hasattr(getattr(xp, name), "mx_fn")),
)


def _recorded_dtype_is_mlx_dtype(r):
    assert isinstance(r, xp.Array)
    assert r._dtype is None or r._dtype is dt.FROM_MX[r._array.dtype], (r._dtype, r._array.dtype)
    return r._dtype is not None


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_results_record_mlx_dtype(name, device):
    fn = getattr(xp, name)
    arity = len(inspect.signature(fn).parameters)
    recorded = 0
    for d in xp.__array_namespace_info__().dtypes(device=device).values():
        if d not in dt.CATEGORIES[fn.category] or d is xp.complex128:
            continue
        x = xp.asarray(np.ones(3, dtype=np.float32), device=device)
        x = xp.astype(x, d)
        results = [fn(x)] if arity == 1 else [fn(x, x)]
        if arity == 2 and d.kind in "iuf":
            results += [fn(x, 1), fn(2, x)] + ([fn(x, 0.5), fn(0.5, x)] if d.kind == "f" else [])
        recorded += sum(_recorded_dtype_is_mlx_dtype(r) for r in results)
    assert recorded  # the fast paths ran


def test_operator_and_first_branch_results_record_mlx_dtype(device):
    for d in float_dtypes(device) + [xp.int32, xp.int64, xp.uint8, xp.bool]:
        x = xp.astype(xp.asarray(np.arange(6).reshape(2, 3) % 2, device=device), d)
        ops = [operator.eq, operator.ne]
        if d is not xp.bool:
            ops += [operator.add, operator.sub, operator.mul, operator.truediv, operator.lt]
        for op in ops:
            assert _recorded_dtype_is_mlx_dtype(op(x, x))
        if d is not xp.bool:
            assert _recorded_dtype_is_mlx_dtype(-x)
            assert _recorded_dtype_is_mlx_dtype(xp.max(x, axis=1))
            assert _recorded_dtype_is_mlx_dtype(x[1][0])
        assert _recorded_dtype_is_mlx_dtype(xp.reshape(x, (3, 2)))
    for d in float_dtypes(device):
        x = xp.asarray(np.arange(6, dtype=np.float32).reshape(2, 3), device=device, dtype=d)
        for r in (xp.sum(x), xp.mean(x, axis=0), xp.min(x, axis=-1, keepdims=True), x @ x.mT):
            assert _recorded_dtype_is_mlx_dtype(r)
