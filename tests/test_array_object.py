"""The Array object: attributes, operators, conversion, indexing (docs/design.md §1, §5, 7)."""

from __future__ import annotations

import operator

import mlx.core as mx
import numpy as np
import pytest

import array_api_mlx as xp


def test_constructor_points_to_asarray():
    with pytest.raises(TypeError, match="asarray"):
        xp.Array([1, 2])


def test_attributes(device):
    x = xp.asarray(np.arange(6, dtype=np.int32).reshape(2, 3), device=device)
    assert x.shape == (2, 3)
    assert x.ndim == 2
    assert x.size == 6
    assert x.dtype == xp.int32
    assert x.device == device
    np.testing.assert_array_equal(np.asarray(x.T), np.arange(6).reshape(2, 3).T)
    np.testing.assert_array_equal(np.asarray(x.mT), np.arange(6).reshape(2, 3).T)
    with pytest.raises(ValueError, match="2-dimensional"):
        _ = xp.ones((2, 2, 2)).T
    with pytest.raises(ValueError, match="at least 2"):
        _ = xp.ones(3).mT


def test_array_namespace_versions():
    x = xp.asarray([1.0])
    for v in (None, "2025.12"):
        assert x.__array_namespace__(api_version=v) is xp
    assert isinstance(xp.meshgrid(x, x), tuple)
    assert isinstance(xp.__array_namespace_info__().devices(), tuple)
    for v in ("2023.12", "2024.12"):
        ns = x.__array_namespace__(api_version=v)
        assert ns.__array_api_version__ == v
        assert ns.add is xp.add and ns.linalg is xp.linalg
        # the earlier revisions return lists where 2025.12 returns tuples
        assert isinstance(ns.meshgrid(x, x), list)
        assert isinstance(ns.broadcast_arrays(x, x), list)
        assert isinstance(ns.__array_namespace_info__().devices(), list)
        import importlib

        assert importlib.import_module(f"array_api_mlx.api_{v.replace('.', '_')}") is ns
    with pytest.raises(ValueError, match="api_version"):
        x.__array_namespace__(api_version="2021.12")


def test_array_api_compat_resolves():
    array_api_compat = pytest.importorskip("array_api_compat")
    x = xp.asarray([1.0])
    assert array_api_compat.array_namespace(x) is xp
    assert array_api_compat.device(x) == x.device
    assert array_api_compat.is_array_api_obj(x)


# --- operators ---------------------------------------------------------------------------
# function -> (operator, in-place operator, reflected method): every operator of the array
# object; comparisons have no in-place form, and mirror each other instead of reflecting.
BINARY_OPERATORS = {
    "add": (operator.add, operator.iadd, "__radd__"),
    "subtract": (operator.sub, operator.isub, "__rsub__"),
    "multiply": (operator.mul, operator.imul, "__rmul__"),
    "divide": (operator.truediv, operator.itruediv, "__rtruediv__"),
    "floor_divide": (operator.floordiv, operator.ifloordiv, "__rfloordiv__"),
    "remainder": (operator.mod, operator.imod, "__rmod__"),
    "pow": (operator.pow, operator.ipow, "__rpow__"),
    "matmul": (operator.matmul, operator.imatmul, "__rmatmul__"),
    "bitwise_and": (operator.and_, operator.iand, "__rand__"),
    "bitwise_or": (operator.or_, operator.ior, "__ror__"),
    "bitwise_xor": (operator.xor, operator.ixor, "__rxor__"),
    "bitwise_left_shift": (operator.lshift, operator.ilshift, "__rlshift__"),
    "bitwise_right_shift": (operator.rshift, operator.irshift, "__rrshift__"),
    "equal": (operator.eq, None, None),
    "not_equal": (operator.ne, None, None),
    "less": (operator.lt, None, None),
    "less_equal": (operator.le, None, None),
    "greater": (operator.gt, None, None),
    "greater_equal": (operator.ge, None, None),
}
UNARY_OPERATORS = {
    "negative": operator.neg, "positive": operator.pos, "abs": operator.abs,
    "bitwise_invert": operator.invert,
}  # fmt: skip
# Python scalars of each kind, out of range of the small integer dtypes, negative.
SCALARS = [2, -1, 300, 2.5, True, 1j]


def _outcome(fn, *args):
    """The result of ``fn(*args)``, or the type of the exception it raised (a special
    method returning NotImplemented is a TypeError, as in Python's operator dispatch)."""
    try:
        result = fn(*args)
    except Exception as e:  # noqa: BLE001 - the exception type is the outcome compared
        return type(e)
    return TypeError if result is NotImplemented else result


def _assert_same(got, want, what):
    if isinstance(want, type):
        assert got is want, f"{what}: {got!r}, but the function raises {want.__name__}"
        return
    assert isinstance(got, xp.Array), f"{what}: {got!r}, but the function returns an array"
    assert (got.dtype, got.device, got.shape) == (want.dtype, want.device, want.shape), what
    np.testing.assert_array_equal(np.asarray(got), np.asarray(want), err_msg=what)


def _operands(device, other_device):
    """A 2x2 array of each dtype on ``device``, and one on ``other_device``."""
    values = np.array([[1, 0], [3, 2]])
    arrays = [
        xp.asarray(values.astype(d._np), device=device)
        for d in xp.__array_namespace_info__().dtypes(device=device).values()
    ]
    return arrays, xp.asarray(values.astype(np.float32), device=other_device)


def test_operators_agree_with_functions(device, other_device):
    """Every operator -- forward, reflected, in-place, comparison, unary -- gives what its
    function gives (dtype, device, values, or the exception type) for every dtype pair,
    mixed devices and Python scalars on either side. In place, the left operand is updated
    and returned where the function's result has its dtype and shape, and the operator
    raises otherwise."""
    arrays, elsewhere = _operands(device, other_device)
    with np.errstate(all="ignore"):
        for name, (op, iop, _) in BINARY_OPERATORS.items():
            fn = getattr(xp, name)
            for x in arrays:
                for y in [*arrays, elsewhere, *SCALARS]:
                    what = f"{name}({x.dtype}, {y.dtype if type(y) is xp.Array else y!r})"
                    want = _outcome(fn, x, y)
                    _assert_same(_outcome(op, x, y), want, what)
                    if type(y) is not xp.Array:  # through the reflected method
                        _assert_same(_outcome(op, y, x), _outcome(fn, y, x), f"{what} reflected")
                    if iop is not None:
                        _assert_inplace_agrees(iop, x, y, want, f"in-place {what}")
        for name, op in UNARY_OPERATORS.items():
            for x in arrays:
                want = _outcome(getattr(xp, name), x)
                _assert_same(_outcome(op, x), want, f"{name}({x.dtype})")


def test_reflected_methods_take_arrays(device):
    """The standard: reflected operators match their non-reflected equivalents, also when
    called directly with an array (``y.__radd__(x)`` is ``x + y``)."""
    arrays, _ = _operands(device, device)
    for name, (_, _, reflected) in BINARY_OPERATORS.items():
        if reflected is None:
            continue
        for x in arrays:
            for y in arrays:
                want = _outcome(getattr(xp, name), x, y)
                if not isinstance(want, type):
                    got = _outcome(getattr(y, reflected), x)
                    _assert_same(got, want, f"{reflected} of {name}({x.dtype}, {y.dtype})")


def _assert_inplace_agrees(iop, x, y, want, what):
    z = xp.asarray(x, copy=True)
    got = _outcome(iop, z, y)
    if isinstance(want, type):
        assert got is want, f"{what}: {got!r}, but the function raises {want.__name__}"
    elif want.dtype.kind != x.dtype.kind:
        assert got is TypeError, f"{what}: {got!r}, but the result is {want.dtype}"
    elif want.shape != x.shape:
        assert got is ValueError, f"{what}: {got!r}, but the result has shape {want.shape}"
    else:
        # a result of another dtype of the same kind is cast to x's, as NumPy does
        assert got is z, f"{what}: {got!r} is not the left operand updated in place"
        _assert_same(z, xp.astype(want, x.dtype), what)


def test_inplace_casts_within_a_kind(device):
    """``float32 += float64`` (scikit-learn's CalibratedClassifierCV adds float64
    probabilities into a default-dtype array) keeps x's dtype, as NumPy, PyTorch and CuPy
    do; across kinds it raises."""
    if device.kind != "cpu":
        pytest.skip("float64 exists on the CPU device only")
    x = xp.zeros(3, device=device)
    alias = x
    x += xp.asarray([0.25, 0.5, 1e-9], dtype=xp.float64, device=device)
    assert x is alias and x.dtype == xp.float32
    np.testing.assert_array_equal(np.asarray(x), np.float32([0.25, 0.5, 1e-9]))
    i = xp.asarray([1, 2], dtype=xp.int8, device=device)
    i += xp.asarray([300, 1], dtype=xp.int64, device=device)
    np.testing.assert_array_equal(np.asarray(i), np.array([301, 3]).astype(np.int8))
    with pytest.raises(TypeError, match="kind"):
        i += xp.asarray([0.5, 1.0], device=device)


def test_inplace_operator_errors(device):
    x = xp.asarray([1.0, 2.0], device=device)
    i = xp.asarray([1, 2], dtype=xp.int32, device=device)
    with pytest.raises(TypeError, match="in-place"):
        i += 1.5
    with pytest.raises(ValueError, match="shape"):
        x += xp.ones((2, 2), device=device)


def test_operator_type_errors():
    x = xp.asarray([1.0, 2.0])
    b = xp.asarray([True, False])
    with pytest.raises(TypeError, match="numeric"):
        b + b
    with pytest.raises(TypeError, match="integer or boolean"):
        x & x
    with pytest.raises(TypeError):
        x + "a"
    with pytest.raises(TypeError):
        x + [1.0, 2.0]
    with pytest.raises(TypeError, match="cannot be type promoted"):
        xp.asarray([1], dtype=xp.uint64) + xp.asarray([1], dtype=xp.int64)
    with pytest.raises(OverflowError, match="int8"):
        xp.asarray([1], dtype=xp.int8) + 1000


def test_numpy_defers_to_our_operators():
    x = xp.asarray([1.0, 2.0])
    res = np.float32(2.0) * x
    assert isinstance(res, xp.Array)


def test_python_conversions():
    assert bool(xp.asarray(True)) is True
    assert int(xp.asarray(7)) == 7
    assert float(xp.asarray(2.5)) == 2.5
    assert complex(xp.asarray(1 + 2j)) == 1 + 2j
    assert operator.index(xp.asarray(3, dtype=xp.int16)) == 3
    assert [1, 2, 3][xp.asarray(1)] == 2
    with pytest.raises(TypeError, match="0-dimensional"):
        bool(xp.asarray([1, 2]))
    with pytest.raises(TypeError, match="integer"):
        operator.index(xp.asarray(1.0))
    with pytest.raises(ValueError, match="NaN"):
        int(xp.asarray(float("nan")))
    with pytest.raises(OverflowError):
        int(xp.asarray(float("inf")))


def test_array_protocol_and_repr(device):
    x = xp.asarray([[1, 2], [3, 4]], dtype=xp.int16, device=device)
    a = np.asarray(x)
    assert a.dtype == np.int16
    # NumPy's own type number (MLX exports int64 as 'q', which C code may reject)
    i64 = np.asarray(xp.asarray([1, 2], dtype=xp.int64, device=device))
    assert i64.dtype.num == np.dtype(np.int64).num
    np.testing.assert_array_equal(a, [[1, 2], [3, 4]])
    assert np.asarray(x, dtype=np.float64).dtype == np.float64
    r = repr(x)
    assert "int16" in r and repr(device) in r
    with pytest.raises(ValueError, match="copy=False"):
        x.__array__(copy=False)


def test_iteration_and_len():
    x = xp.asarray([[1, 2], [3, 4]])
    rows = list(x)
    assert len(rows) == len(x) == 2
    np.testing.assert_array_equal(np.asarray(rows[1]), [3, 4])
    with pytest.raises(TypeError):
        iter(xp.asarray(1))
    assert not np.iterable(xp.asarray(1))
    assert np.iterable(x)


def test_dlpack_roundtrip_numpy(device):
    x = xp.asarray([1.0, 2.0, 3.0], device=device)
    # NumPy takes host data: a GPU array exports it when asked for the CPU device
    y = np.from_dlpack(x, device="cpu")
    np.testing.assert_array_equal(y, [1, 2, 3])
    assert xp.asarray(1.0, device=xp.cpu).__dlpack_device__() == (1, 0)
    with pytest.raises(BufferError):
        x.__dlpack__(dl_device=(4, 0))  # OpenCL: neither the array's device nor the host


# --- indexing ---------------------------------------------------------------------------
A = np.arange(24, dtype=np.int64).reshape(2, 3, 4)
KEYS = [
    0, -1, (1, 2), (slice(None), 1), slice(1, None), (..., 2), (None, 0), (0, None, ..., None),
    (slice(None, None, -1), slice(0, 3, 2)), (), ..., (1, -3, -4), (slice(5, 10),),
]  # fmt: skip


@pytest.mark.parametrize("key", KEYS, ids=repr)
def test_basic_indexing_matches_numpy(key, device):
    x = xp.asarray(A, device=device)
    res = x[key]
    np.testing.assert_array_equal(np.asarray(res), A[key])
    assert res.device == device


def test_integer_array_indexing(device):
    x = xp.asarray(A, device=device)
    i = np.array([1, 0, -1])
    res = x[:, xp.asarray(i, device=device)]
    np.testing.assert_array_equal(np.asarray(res), A[:, i])
    j = np.array([[0, 1], [1, 0]])
    res = x[xp.asarray(j, device=device), 0, xp.asarray(j, device=device)]
    np.testing.assert_array_equal(np.asarray(res), A[j, 0, j])


def test_boolean_mask_indexing(device):
    a = np.array([[1.0, np.nan, 3.0], [-0.0, 5.0, 6.0]])
    x = xp.asarray(a, dtype=xp.float32, device=device)
    m = a > 2
    np.testing.assert_array_equal(np.asarray(x[xp.asarray(m, device=device)]), a[m].astype(np.float32))
    row = np.array([True, False])
    np.testing.assert_array_equal(np.asarray(x[xp.asarray(row, device=device)]), a[row].astype(np.float32))
    empty = np.zeros((2, 3), bool)
    assert x[xp.asarray(empty, device=device)].shape == (0,)
    assert x[xp.asarray(True, device=device)].shape == (1, 2, 3)
    assert x[xp.asarray(False, device=device)].shape == (0, 2, 3)


def test_boolean_mask_indexing_on_the_device_route(device, positions_on_device):
    """As on a GPU, where a mask's positions are found on the device: NumPy's results, one
    evaluation per mask (its count) and nothing read through the host."""
    rng = np.random.default_rng(1)
    a = rng.standard_normal((6, 4, 3)).astype(np.float32)
    x = xp.asarray(a, device=device)
    for key in (a[:, 0, 0] > 0, a[..., 0] > 0, a > 0, (slice(None), a[0, :, 0] > 0),
                (a[:, :, 0] > 9,), (1, a[1] > 0), (a[:, 0, 0] > -9, slice(1, 3))):  # fmt: skip
        parts = key if isinstance(key, tuple) else (key,)
        k = tuple(xp.asarray(p, device=device) if isinstance(p, np.ndarray) else p for p in parts)
        positions_on_device.clear()
        got = x[k]
        assert positions_on_device == ["evaluate"], key
        np.testing.assert_array_equal(np.asarray(got), a[parts])


def test_setitem_with_a_mask_and_one_value_evaluates_nothing(device, positions_on_device):
    """``x[mask] = v`` with a mask of x's shape and a single value needs no count: it is a
    ``where`` (nothing evaluated), also through a view, with NumPy's result."""
    a = np.array([[1.5, -2.0, 0.0], [4.0, 0.0, -6.0]], np.float32)
    for value, v in ((9.0, 9.0), (3, 3), (xp.asarray(5.0, device=device), 5.0),
                     (xp.asarray([7.0], device=device), 7.0)):  # fmt: skip
        x = xp.asarray(a, device=device)
        x[x == 0] = value
        x[(x < -5,)] = value
        expected = a.copy()
        expected[a == 0] = v
        expected[expected < -5] = v
        assert x.dtype is xp.float32 and x.device is device
        np.testing.assert_array_equal(np.asarray(x), expected)
    x = xp.asarray(a, device=device)
    row = x[1]  # a view: the assignment writes through into x
    row[row < 0] = 0.0
    expected = a.copy()
    expected[1][expected[1] < 0] = 0.0
    np.testing.assert_array_equal(np.asarray(x), expected)
    i = xp.arange(6, device=device)
    i[i % 2 == 1] = -1
    np.testing.assert_array_equal(np.asarray(i), [0, -1, 2, -1, 4, -1])
    assert positions_on_device == []
    with pytest.raises(TypeError, match="cannot assign a Python float"):
        i[i > 2] = 1.5  # the value rules are setitem's, before any shortcut
    x[:, xp.asarray(a[0] > 0, device=device)] = 1.0  # not the whole shape: positions
    assert positions_on_device == ["evaluate"]
    expected[:, a[0] > 0] = 1.0
    np.testing.assert_array_equal(np.asarray(x), expected)


def test_setitem_mask_on_another_device_raises(device, other_device):
    x = xp.zeros(3, device=device)
    with pytest.raises(ValueError, match="device"):
        x[xp.ones(3, dtype=xp.bool, device=other_device)] = 1.0


@pytest.mark.parametrize("key", [3, -4, (0, 5), (0, 0, 4), (slice(None), -4)], ids=repr)
def test_out_of_range_int_raises(key):
    x = xp.asarray(np.zeros((3, 3, 4)))
    with pytest.raises(IndexError, match="out of bounds"):
        x[key]
    with pytest.raises(IndexError, match="out of bounds"):
        x[key] = 1.0


def test_out_of_range_index_array_raises(device):
    x = xp.zeros((3, 4), device=device)
    for bad in ([0, 3], [-4], [1, 2**40]):
        with pytest.raises(IndexError, match="out of bounds"):
            x[xp.asarray(bad, device=device)]
        with pytest.raises(IndexError, match="out of bounds"):
            x[xp.asarray(bad, device=device)] = 0.0


def test_an_index_array_used_again_is_checked_by_its_current_values(device):
    """The bounds of an index array are remembered by its data: a reused index array is
    not read again, a written one is (its values changed), and every axis size counts."""
    x = xp.asarray(np.arange(12.0).reshape(3, 4), dtype=xp.float32, device=device)
    idx = xp.asarray([2, 0, -1], device=device)
    for _ in range(3):
        np.testing.assert_array_equal(np.asarray(x[idx]), np.arange(12.0).reshape(3, 4)[[2, 0, -1]])
    np.testing.assert_array_equal(np.asarray(xp.take(x, idx, axis=1)), np.arange(12.0).reshape(3, 4)[:, [2, 0, -1]])
    idx[0] = 3  # in range for axis 1 (size 4), not for axis 0 (size 3)
    with pytest.raises(IndexError, match="index 3 is out of bounds for axis 0 with size 3"):
        x[idx]
    np.testing.assert_array_equal(np.asarray(xp.take(x, idx, axis=1)), np.arange(12.0).reshape(3, 4)[:, [3, 0, -1]])
    with pytest.raises(IndexError, match="out of bounds"):
        x[idx]  # remembered bounds are checked against each axis again
    idx[0] = 1
    np.testing.assert_array_equal(np.asarray(x[idx]), np.arange(12.0).reshape(3, 4)[[1, 0, -1]])


def test_invalid_keys():
    x = xp.zeros((3, 4))
    with pytest.raises(IndexError, match="too many"):
        x[0, 0, 0]
    with pytest.raises(IndexError, match="single ellipsis"):
        x[..., ...]
    with pytest.raises(IndexError):
        x[1.5]
    with pytest.raises(IndexError):
        x[[0, 1]]
    with pytest.raises(IndexError, match="integer or boolean"):
        x[xp.asarray([0.0])]
    with pytest.raises(IndexError, match="does not match"):
        x[xp.asarray([True, False])]
    with pytest.raises(ValueError, match="step"):
        x[::0]


def test_setitem_matches_numpy(device):
    a = np.zeros((3, 4), np.float32)
    x = xp.asarray(a, device=device)
    for key, value in [((0, 1), 5.0), ((slice(None), 2), 7.0), ((1,), -1.0)]:
        x[key] = value
        a[key] = value
    x[xp.asarray([0, 2], device=device), 0] = xp.asarray([8.0, 9.0], device=device)
    a[[0, 2], 0] = [8.0, 9.0]
    mask = a > 6
    x[xp.asarray(mask, device=device)] = 0.0
    a[mask] = 0.0
    np.testing.assert_array_equal(np.asarray(x), a)
    assert x.device == device


def test_setitem_dtype_rules():
    x = xp.zeros(3, dtype=xp.int32)
    with pytest.raises(TypeError):
        x[0] = 1.5
    with pytest.raises(TypeError):
        x[0] = xp.asarray(1.0)
    with pytest.raises(OverflowError):
        x[0] = 2**40
    with pytest.raises(TypeError):
        x[0] = "a"
    f = xp.zeros(3)
    f[0] = xp.asarray(2, dtype=xp.int32)  # int into float promotes to float: allowed
    assert float(f[0]) == 2.0


def test_to_device_shares_memory_and_places(other_device):
    x = xp.asarray([1.0, 2.0])
    y = x.to_device(other_device)
    assert y.device == other_device
    assert (x + 0).device == x.device
    with pytest.raises(ValueError, match="stream"):
        x.to_device(xp.cpu, stream=1)


def test_mx_array_wrapped_unchanged():
    m = mx.array([1, 2, 3], dtype=mx.uint16)
    x = xp.asarray(m)
    assert x.dtype == xp.uint16


def test_setitem_with_a_mask_selecting_nothing(device):
    # MLX's scatter rejects empty updates ("Updates with shape (0,1) are too large")
    x = xp.zeros((0, 1), device=device)
    x[xp.zeros((0, 1), dtype=xp.bool, device=device)] = 1.0
    assert x.shape == (0, 1)
    y = xp.arange(3, device=device)
    y[xp.zeros(3, dtype=xp.bool, device=device)] = 7
    np.testing.assert_array_equal(np.asarray(y), [0, 1, 2])
    y[xp.asarray([], dtype=xp.int64, device=device)] = 7
    np.testing.assert_array_equal(np.asarray(y), [0, 1, 2])
