"""Manipulation functions against NumPy, on every device."""

from __future__ import annotations

import numpy as np
import pytest

import array_api_mlx as xp


@pytest.fixture
def elsewhere(device, other_device):
    """A device other than ``device`` (the GPU's counterpart is the CPU)."""
    return other_device if other_device is not device else xp.cpu


def _arr(shape, device, dtype=xp.float32, seed=0):
    rng = np.random.default_rng(seed)
    data = rng.integers(-5, 5, size=shape).astype(dtype._np)
    return xp.asarray(data, device=device), data


def _check(got, expected, device, dtype=None):
    assert got.device is device
    if dtype is not None:
        assert got.dtype is dtype
    np.testing.assert_array_equal(np.asarray(got), expected)
    assert got.shape == expected.shape


@pytest.mark.parametrize(
    "shapes", [[(2, 3), (3,)], [(1,), (4, 1)], [(0, 1), (1, 5)], [()], [(2, 1, 3), (4, 1)]]
)
def test_broadcast_arrays(device, shapes):
    arrays = [_arr(s, device, seed=i) for i, s in enumerate(shapes)]
    got = xp.broadcast_arrays(*(a for a, _ in arrays))
    expected = np.broadcast_arrays(*(n for _, n in arrays))
    assert type(got) is tuple
    for g, e in zip(got, expected):
        _check(g, e, device)


def test_broadcast_shapes():
    for shapes in [[(2, 3), (3,)], [(1, 0), (5, 1)], [], [()], [(4, 1, 2), (3, 1)]]:
        assert xp.broadcast_shapes(*shapes) == np.broadcast_shapes(*shapes)
    with pytest.raises(ValueError):
        xp.broadcast_shapes((2,), (3,))
    with pytest.raises(ValueError):
        xp.broadcast_shapes((0,), (2,))


@pytest.mark.parametrize(
    ("shape", "target"), [((3,), (2, 3)), ((1, 3), (4, 3)), ((), (2,)), ((0,), (2, 0))]
)
def test_broadcast_to(device, shape, target):
    x, n = _arr(shape, device)
    _check(xp.broadcast_to(x, target), np.broadcast_to(n, target), device)


def test_broadcast_to_errors(device):
    x, _ = _arr((3,), device)
    with pytest.raises(ValueError):
        xp.broadcast_to(x, (4,))
    with pytest.raises(ValueError):
        xp.broadcast_to(xp.ones((2, 3), device=device), (3,))


@pytest.mark.parametrize("axis", [0, 1, -1, None])
def test_concat(device, axis):
    a, na = _arr((2, 3), device, xp.int32)
    b, nb = _arr((2, 3), device, xp.int64, seed=1)
    got = xp.concat([a, b], axis=axis)
    _check(got, np.concatenate([na, nb], axis=axis), device, xp.int64)


def test_concat_flatten_and_errors(device, elsewhere):
    a, na = _arr((), device)
    b, nb = _arr((2, 2), device)
    _check(xp.concat((a, b), axis=None), np.concatenate([na, nb], axis=None), device)
    with pytest.raises(ValueError):
        xp.concat([a, a])
    with pytest.raises(ValueError):
        xp.concat([b, xp.ones((3, 3), device=device)], axis=0)
    with pytest.raises(ValueError):
        xp.concat([b, b], axis=2)
    with pytest.raises(ValueError):
        xp.concat([b, xp.ones((2, 2), device=elsewhere)])
    with pytest.raises(TypeError):
        xp.concat(b)
    with pytest.raises(TypeError):
        xp.concat([b, nb])


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3])
def test_stack(device, axis):
    a, na = _arr((2, 3), device)
    b, nb = _arr((2, 3), device, seed=1)
    _check(xp.stack((a, b), axis=axis), np.stack([na, nb], axis=axis), device)


def test_stack_errors(device, elsewhere):
    a, _ = _arr((2, 3), device)
    with pytest.raises(ValueError):
        xp.stack([a, xp.ones((3, 2), device=device)])
    with pytest.raises(ValueError):
        xp.stack([a, a], axis=3)
    with pytest.raises(ValueError):
        xp.stack([a, xp.ones((2, 3), device=elsewhere)])


@pytest.mark.parametrize(("shape", "axis"), [((2, 3), 0), ((2, 3), -1), ((4,), 0), ((0, 2), 1)])
def test_unstack(device, shape, axis):
    x, n = _arr(shape, device)
    got = xp.unstack(x, axis=axis)
    expected = [np.take(n, i, axis=axis) for i in range(n.shape[axis])]
    assert type(got) is tuple and len(got) == len(expected)
    for g, e in zip(got, expected):
        _check(g, e, device)
    with pytest.raises(ValueError):
        xp.unstack(xp.asarray(1.0, device=device))
    with pytest.raises(ValueError):
        xp.unstack(x, axis=len(shape))


@pytest.mark.parametrize(
    ("shape", "axis"),
    [
        ((2, 3), 0),
        ((2, 3), -1),
        ((2, 3), 2),
        ((), 0),
        ((2,), (0, 2)),
        ((2, 3), (-1, 1)),
        ((), (0, 1)),
    ],
)
def test_expand_dims(device, shape, axis):
    x, n = _arr(shape, device)
    _check(xp.expand_dims(x, axis), np.expand_dims(n, axis), device)


def test_expand_dims_errors(device):
    x, _ = _arr((2, 3), device)
    for axis in (3, -4, (0, 0), (0, 4), (0, -5)):
        with pytest.raises(ValueError):
            xp.expand_dims(x, axis)
    with pytest.raises(TypeError):
        xp.expand_dims(x, 1.0)


@pytest.mark.parametrize(
    ("shape", "axis"), [((1, 3), 0), ((3, 1), -1), ((1, 1), (0, 1)), ((1,), 0), ((2, 1, 0), 1)]
)
def test_squeeze(device, shape, axis):
    x, n = _arr(shape, device)
    _check(xp.squeeze(x, axis), np.squeeze(n, axis), device)


def test_squeeze_errors(device):
    x, _ = _arr((1, 3), device)
    with pytest.raises(ValueError):
        xp.squeeze(x, 1)
    with pytest.raises(ValueError):
        xp.squeeze(x, 2)
    with pytest.raises(ValueError):
        xp.squeeze(x, (0, 0))


@pytest.mark.parametrize(
    ("shape", "new"),
    [
        ((2, 3), (3, 2)),
        ((2, 3), (-1,)),
        ((6,), (1, -1, 2)),
        ((), (1, 1)),
        ((0, 3), (3, -1)),
        ((1,), ()),
    ],
)
@pytest.mark.parametrize("copy", [None, True])
def test_reshape(device, shape, new, copy):
    x, n = _arr(shape, device)
    _check(xp.reshape(x, new, copy=copy), np.reshape(n, new), device)


@pytest.mark.parametrize(
    ("make", "new", "nocopy"),
    [
        (lambda x: x, (4, 6), True),
        (lambda x: x.mT, (2, 3, 4), True),
        (lambda x: x.mT, (24,), False),
        (lambda x: x[:, :3], (4, 3, 1), True),
        (lambda x: x[:, :3], (12,), False),
        (lambda x: x[:, ::2], (2, 2, 3), True),
    ],
)
def test_reshape_copy_false(device, make, new, nocopy):
    """copy=False raises exactly when MLX's own reshape would copy the data."""
    import mlx.core as mx

    def address(a):
        mx.eval(a)
        return np.asarray(memoryview(a)).__array_interface__["data"][0]

    x = make(xp.reshape(xp.arange(24, device=device), (4, 6)))
    y = xp.reshape(x, new)
    assert (address(x._array) == address(y._array)) == nocopy
    expected = np.reshape(np.asarray(x), new)
    if nocopy:
        _check(xp.reshape(x, new, copy=False), expected, device)
    else:
        with pytest.raises(ValueError, match="copy"):
            xp.reshape(x, new, copy=False)
    copied = xp.reshape(x, new, copy=True)
    assert address(copied._array) != address(x._array)
    _check(copied, expected, device)


def test_reshape_errors(device):
    x, _ = _arr((2, 3), device)
    for new in [(4,), (-1, -1), (5, -1), (-2, -3)]:
        with pytest.raises(ValueError):
            xp.reshape(x, new)
    with pytest.raises(TypeError):
        xp.reshape(x, (2.0, 3))


@pytest.mark.parametrize("axes", [(1, 0, 2), (-1, 0, 1), (2, 1, 0)])
def test_permute_dims(device, axes):
    x, n = _arr((2, 3, 4), device)
    _check(xp.permute_dims(x, axes), np.transpose(n, axes), device)


def test_permute_dims_errors(device):
    x, _ = _arr((2, 3), device)
    for axes in [(0,), (0, 0), (0, 2), (0, 1, 2)]:
        with pytest.raises(ValueError):
            xp.permute_dims(x, axes)


@pytest.mark.parametrize(
    ("src", "dst"), [(0, -1), (-1, 0), ((0, 1), (2, 0)), ((0, 2), (1, 0)), ((), ())]
)
def test_moveaxis(device, src, dst):
    x, n = _arr((2, 3, 4), device)
    _check(xp.moveaxis(x, src, dst), np.moveaxis(n, src, dst), device)


def test_moveaxis_errors(device):
    x, _ = _arr((2, 3), device)
    for src, dst in [(2, 0), (0, -3), ((0, 1), (1,)), ((0, 0), (0, 1))]:
        with pytest.raises(ValueError):
            xp.moveaxis(x, src, dst)


@pytest.mark.parametrize("axis", [None, 0, -1, (0, 2), ()])
@pytest.mark.parametrize("shape", [(2, 3, 4), (0, 2, 1)])
def test_flip(device, axis, shape):
    x, n = _arr(shape, device)
    _check(xp.flip(x, axis=axis), np.flip(n, axis=axis), device)


def test_flip_0d(device):
    x, n = _arr((), device)
    _check(xp.flip(x), np.flip(n), device)
    with pytest.raises(ValueError):
        xp.flip(x, axis=0)


@pytest.mark.parametrize(
    ("shift", "axis"),
    [(1, None), (-7, None), (2, 0), (-1, 1), ((1, 2), (0, 1)), (5, (0, 1)), ((1, 1), (1, 1))],
)
def test_roll(device, shift, axis):
    x, n = _arr((3, 4), device)
    _check(xp.roll(x, shift, axis=axis), np.roll(n, shift, axis=axis), device)


def test_roll_edge_cases(device):
    for shape in [(), (0,), (0, 3)]:
        x, n = _arr(shape, device)
        _check(xp.roll(x, 2), np.roll(n, 2), device)
    x, _ = _arr((3,), device)
    with pytest.raises(ValueError):
        xp.roll(x, 1, axis=1)
    with pytest.raises(ValueError):
        xp.roll(x, (1, 2), axis=0)


@pytest.mark.parametrize(
    ("shape", "reps"),
    [
        ((2, 3), (2, 1)),
        ((2,), (3, 2)),
        ((), (2, 3)),
        ((2, 3), (0,)),
        ((2, 3), (2,)),
        ((0, 2), (2, 2)),
        ((2, 2), ()),
    ],
)
def test_tile(device, shape, reps):
    x, n = _arr(shape, device)
    _check(xp.tile(x, reps), np.tile(n, reps), device)
    with pytest.raises(ValueError):
        xp.tile(x, (-1,))


@pytest.mark.parametrize(
    ("shape", "repeats", "axis"),
    [
        ((2, 3), 2, None),
        ((2, 3), 3, 1),
        ((2, 3), 0, 0),
        ((), 3, None),
        ((0, 2), 2, 1),
        ((2, 3), [1, 0, 2], 1),
        ((2, 3), [2], 0),
        ((3,), [0, 0, 0], None),
    ],
)
def test_repeat(device, shape, repeats, axis):
    x, n = _arr(shape, device)
    r = xp.asarray(repeats, device=device) if isinstance(repeats, list) else repeats
    _check(xp.repeat(x, r, axis=axis), np.repeat(n, repeats, axis=axis), device)


def test_repeat_errors(device, elsewhere):
    x, _ = _arr((2, 3), device)
    with pytest.raises(ValueError):
        xp.repeat(x, -1)
    with pytest.raises(ValueError):
        xp.repeat(x, xp.asarray([1, -1, 1], device=device), axis=1)
    with pytest.raises(ValueError):
        xp.repeat(x, xp.asarray([1, 2], device=device), axis=1)
    with pytest.raises(TypeError):
        xp.repeat(x, xp.asarray([1.0], device=device))
    with pytest.raises(ValueError):
        xp.repeat(x, xp.asarray([1], device=elsewhere))
    with pytest.raises(ValueError):
        xp.repeat(x, 2, axis=2)


def test_wrong_types(device):
    for fn in (xp.flip, xp.unstack, lambda a: xp.squeeze(a, 0), lambda a: xp.tile(a, (1,))):
        with pytest.raises(TypeError):
            fn(np.ones(3))
    x, _ = _arr((2,), device)
    with pytest.raises(TypeError):
        xp.flip(x, axis=0.5)
    with pytest.raises(TypeError):
        xp.broadcast_arrays(x, [1, 2])


def test_broadcast_arrays_mixed_devices(device, elsewhere):
    with pytest.raises(ValueError):
        xp.broadcast_arrays(xp.ones((2,), device=device), xp.ones((2,), device=elsewhere))
    with pytest.raises(ValueError):
        xp.broadcast_arrays(xp.ones((2,), device=device), xp.ones((3,), device=device))
    assert xp.broadcast_arrays() == ()


@pytest.mark.parametrize("call", [
    lambda x: xp.expand_dims(x, axis=3),
    lambda x: xp.squeeze(x, axis=-3),
    lambda x: xp.flip(x, axis=2),
    lambda x: xp.stack([x], axis=4),
    lambda x: xp.argsort(x, axis=2),
    lambda x: xp.argmax(x, axis=-3),
    lambda x: xp.take(x, xp.asarray([0], device=x.device), axis=2),
])  # fmt: skip
def test_out_of_bounds_axis_is_value_and_index_error(device, call):
    """As NumPy's AxisError: a ValueError (the spec) that is also an IndexError."""
    x, _ = _arr((1, 2), device)
    with pytest.raises(ValueError) as info:
        call(x)
    assert isinstance(info.value, IndexError)


def test_dimensions_beyond_int32_raise(device):
    x, _ = _arr((3,), device)
    for call in [
        lambda: xp.repeat(x, 2**31),
        lambda: xp.repeat(x, xp.asarray([1, 2**40, 1], device=device)),
        lambda: xp.tile(x, (2**31,)),
        lambda: xp.broadcast_to(x, (2**62, 3)),
        lambda: xp.reshape(xp.ones((0,), device=device), (2**40, 0)),
    ]:
        with pytest.raises(ValueError, match="2\\*\\*31"):
            call()
