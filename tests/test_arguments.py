"""One rule per argument kind (``_arguments``): every function that takes the argument
refuses a bad value the same way. Each case below was accepted or worded differently by
some function before the rules were shared."""

from __future__ import annotations

import numpy as np
import pytest

import array_api_mlx as xp
from array_api_mlx._arguments import AxisError


@pytest.mark.parametrize(
    "call",
    [
        lambda x: xp.sum(x, axis=5),
        lambda x: xp.argmax(x, axis=5),
        lambda x: xp.vecdot(x, x, axis=5),
        lambda x: xp.linalg.cross(x, x, axis=5),
        lambda x: xp.cumulative_sum(x, axis=5),
    ],
    ids=["sum", "argmax", "vecdot", "cross", "cumulative_sum"],
)
def test_axis_out_of_bounds_is_one_error(call):
    x = xp.ones((2, 3))
    with pytest.raises(AxisError, match=r"axis=5 is out of bounds for an array of \d dim"):
        call(x)


def test_axis_error_is_value_and_index_error():
    with pytest.raises(ValueError):
        xp.linalg.cross(xp.ones((2, 3)), xp.ones((2, 3)), axis=-3)
    with pytest.raises(IndexError):
        xp.vecdot(xp.ones(3), xp.ones(3), axis=1)


def test_cross_and_vecdot_count_axes_from_the_end():
    a = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    b = a[::-1].copy()
    x, y = xp.asarray(a), xp.asarray(b)
    np.testing.assert_allclose(np.asarray(xp.linalg.cross(x, y, axis=1)), np.cross(a, b, axis=1))
    np.testing.assert_allclose(np.asarray(xp.vecdot(x, y, axis=0)), (a * b).sum(axis=0))


@pytest.mark.parametrize(
    "fn",
    [xp.sum, xp.prod, xp.max, xp.min, xp.mean, xp.var, xp.std, xp.argmax, xp.argmin,
     xp.all, xp.any, xp.count_nonzero],
)  # fmt: skip
def test_keepdims_must_be_bool(fn):
    x = xp.ones((2, 3))
    with pytest.raises(TypeError, match="keepdims must be a bool"):
        fn(x, keepdims=1)
    assert fn(x, axis=0, keepdims=True).shape == (1, 3)


def test_tensordot_axes_bool_refused():
    x = xp.ones((2, 2))
    with pytest.raises(TypeError, match="tensordot: axes"):
        xp.tensordot(x, x, axes=True)
    with pytest.raises(TypeError, match="tensordot: axes"):
        xp.tensordot(x, x, axes=([True], [0]))
    np.testing.assert_allclose(np.asarray(xp.tensordot(x, x, axes=1)), np.full((2, 2), 2.0))


def test_shape_arguments_share_one_rule():
    for call in (lambda: xp.zeros((2, 1.5)), lambda: xp.reshape(xp.ones(4), (2, 2.0)),
                 lambda: xp.broadcast_to(xp.ones(2), (2, "2"))):  # fmt: skip
        with pytest.raises(TypeError, match="shape must be an int"):
            call()
    assert xp.zeros(np.int64(3)).shape == (3,)
    assert xp.reshape(xp.ones(4), (np.int32(2), 2)).shape == (2, 2)


@pytest.mark.parametrize(
    "call",
    [
        lambda: xp.asarray(300, dtype=xp.uint8),
        lambda: xp.full(2, 300, dtype=xp.int8),
        lambda: xp.ones(2, dtype=xp.int8) + 300,
        lambda: xp.arange(0, 300, dtype=xp.int8),
    ],
    ids=["asarray", "full", "operand", "arange"],
)
def test_int_fits_dtype_is_one_rule(call):
    with pytest.raises(OverflowError, match=r"out of range for u?int8"):
        call()


def test_isdtype_takes_only_the_standards_kinds():
    assert xp.isdtype(xp.int8, "integral")
    assert xp.isdtype(xp.float32, ("bool", "real floating"))
    for internal in ("integer", "floating-point", "all", "boolean"):
        with pytest.raises(ValueError, match="unknown kind"):
            xp.isdtype(xp.int8, internal)
    assert set(xp.__array_namespace_info__().dtypes(kind="integral")) == {
        "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    }  # fmt: skip


def test_default_dtypes_come_from_one_table():
    info = xp.__array_namespace_info__()
    for device in info.devices():
        d = info.default_dtypes(device=device)
        assert xp.asarray(1.0, device=device).dtype == d["real floating"]
        assert xp.asarray(1j, device=device).dtype == d["complex floating"]
        assert xp.asarray(1, device=device).dtype == d["integral"]
        assert xp.zeros(2, device=device).dtype == d["real floating"]
        assert xp.arange(3, device=device).dtype == d["integral"]
        assert xp.argmax(xp.ones(3, device=device)).dtype == d["indexing"]
        assert xp.mean(xp.ones(3, dtype=xp.int32, device=device)).dtype == d["real floating"]
