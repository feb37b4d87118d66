"""Edges where MLX crashes the process or returns a wrong answer without a word, and where
there is no GPU: each case gives NumPy's result or a clear exception. Cases that crashed
the interpreter run in a subprocess, so that a regression cannot take the suite down."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import array_api_strict
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import array_api_mlx as xp
from array_api_mlx import _arguments, _devices, _statistical

from .test_fuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _cpu_default():
    """These tests build their inputs from NumPy (CPU data) and from lists (the default
    device): on a machine whose default is the GPU, they keep both on the CPU."""
    with xp.default_device(xp.cpu):
        yield


def run_python(code: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter (the package found as in this one)."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
        env=None if env is None else {**os.environ, **env},
    )


def assert_survives(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 0, f"exit status {proc.returncode}: {proc.stderr[-600:]}"


# --- indexing -----------------------------------------------------------------------------
def test_setitem_selecting_nothing_is_a_no_op():
    """An index array with an empty slice, or a mask with ``0:0``, killed the process with
    SIGFPE at evaluation; other empty mixed selections raised MLX's "[scatter] Updates ...
    are too large". NumPy sets nothing."""
    proc = run_python(
        """
        import numpy as np
        import array_api_mlx as xp
        cases = [
            ((3, 4), lambda a: (a([1]), slice(4, None))),
            ((3, 4), lambda a: (a([True, False, True]), slice(0, 0))),
            ((2, 3, 4, 5), lambda a: (a([1]), slice(None), slice(0, 0))),
            ((2, 3, 4, 5), lambda a: (0, a([1]), Ellipsis, slice(2, 2))),
            ((2, 3, 4), lambda a: (a([[0], [1]]), slice(3, 1), a([0, 1]))),
            ((2, 3), lambda a: (a([[0, 1]])[:, :0], slice(None))),
        ]
        for shape, key in cases:
            n = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
            x = xp.asarray(n)
            nk, xk = key(np.asarray), key(lambda v: xp.asarray(v, device=xp.cpu))
            n[nk] = 1.0
            x[xk] = 1.0
            x[xk] = xp.ones(n[nk].shape, device=xp.cpu)
            assert np.array_equal(np.asarray(x), n), shape
        print("done")
        """
    )
    assert_survives(proc)
    assert "done" in proc.stdout


def test_setitem_selecting_nothing_still_checks_the_value_shape():
    x = xp.zeros((3, 4))
    with pytest.raises(ValueError, match=r"cannot be broadcast"):
        x[xp.asarray([1]), 4:] = xp.ones(3)
    with pytest.raises(ValueError):  # NumPy agrees
        np.zeros((3, 4))[[1], 4:] = np.ones(3)


def test_getitem_and_setitem_agree_on_int_slice_index_array():
    """``x[0, :, idx]``: the index dimension comes first (NumPy's rule for advanced indices
    separated by a slice). Getitem gave (2, 3), while setitem wanted a (3, 2) value."""
    n = np.arange(24.0, dtype=np.float32).reshape(2, 3, 4)
    x = xp.asarray(n)
    idx = [0, 3]
    assert x[0, :, xp.asarray(idx)].shape == n[0, :, idx].shape == (2, 3)
    value = np.arange(6.0, dtype=np.float32).reshape(2, 3) + 100
    n[0, :, idx] = value
    x[0, :, xp.asarray(idx)] = xp.asarray(value)
    np.testing.assert_array_equal(np.asarray(x), n)


@st.composite
def mixed_keys(draw):
    """A shape and a key mixing integers, slices (any step), integer arrays (1-d and 2-d),
    boolean masks, None and ``...``, with at least one index array."""
    shape = draw(st.lists(st.integers(1, 4), min_size=1, max_size=4).map(tuple))
    index_shape = draw(st.sampled_from([(1,), (2,), (3,), (2, 1)]))  # one per key: they broadcast
    key = []
    for n in shape[: draw(st.integers(1, len(shape)))]:
        kind = draw(st.sampled_from(["int", "slice", "slice", "array", "array", "mask"]))
        if kind == "int":
            key.append(draw(st.integers(-n, n - 1)))
        elif kind == "slice":
            bound = st.none() | st.integers(-5, 5)
            key.append(slice(draw(bound), draw(bound), draw(st.sampled_from([None, 1, 2, -1, -2]))))
        elif kind == "array":
            values = st.lists(st.integers(-n, n - 1), min_size=math.prod(index_shape),
                              max_size=math.prod(index_shape))  # fmt: skip
            key.append(np.asarray(draw(values)).reshape(index_shape))
        else:
            key.append(np.asarray(draw(st.lists(st.booleans(), min_size=n, max_size=n))))
    for extra in (None, Ellipsis):
        if draw(st.booleans()):
            key.insert(draw(st.integers(0, len(key))), extra)
    assume(any(isinstance(k, np.ndarray) for k in key))
    return shape, tuple(key)


@settings(fuzz, max_examples=300)
@given(case=mixed_keys())
def test_getitem_and_setitem_follow_numpy_with_index_arrays(case):
    """Differential against NumPy for keys with index arrays: the selection's values and
    shape, and an assignment of distinct values to it."""
    shape, key = case
    n = np.arange(1, math.prod(shape) + 1, dtype=np.float32).reshape(shape)
    try:
        want = n[key]
    except IndexError:
        return
    positions = np.arange(n.size).reshape(shape)[key]
    xkey = tuple(xp.asarray(k) if isinstance(k, np.ndarray) else k for k in key)
    x = xp.asarray(n)
    got = x[xkey]
    assert got.shape == want.shape
    np.testing.assert_array_equal(np.asarray(got), want)
    if not positions.size or np.unique(positions).size != positions.size:
        # selecting nothing crashed MLX (tested in a subprocess above); a position selected
        # twice: NumPy leaves which value lands unspecified
        return
    value = -np.arange(1, want.size + 1, dtype=np.float32).reshape(want.shape)
    n[key] = value
    x[xkey] = xp.asarray(value)
    np.testing.assert_array_equal(np.asarray(x), n)


# --- sizes: memory, dimensions, nesting ---------------------------------------------------
def test_allocation_beyond_memory_raises_memory_error():
    """``xp.zeros((2**20, 2**20))`` (4 TiB) then any use segfaulted."""
    proc = run_python(
        """
        import array_api_mlx as xp
        try:
            x = xp.zeros((2**20, 2**20))
            print(float(xp.sum(x)))
        except MemoryError as e:
            print("MemoryError", e)
        """
    )
    assert_survives(proc)
    assert "MemoryError zeros:" in proc.stdout
    assert "GiB" in proc.stdout


@pytest.mark.parametrize(
    "make",
    [
        lambda shape, d: xp.zeros(shape, dtype=d),
        lambda shape, d: xp.ones(shape, dtype=d),
        lambda shape, d: xp.empty(shape, dtype=d),
        lambda shape, d: xp.full(shape, 7, dtype=d),
    ],
    ids=["zeros", "ones", "empty", "full"],
)
def test_allocation_limit_is_the_machine_memory(make):
    """Arrays up to the machine's memory are created (lazily: nothing is allocated here);
    one row more raises MemoryError at the call."""
    limit = _arguments.memory_limit()
    assert limit >= os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    cols = 2**20
    for d in (xp.uint8, xp.float32, xp.int64):
        rows = limit // (cols * d._mx.size)
        assert make((rows, cols), d).shape == (rows, cols)
        with pytest.raises(MemoryError, match="GiB"):
            make((rows + 1, cols), d)
    with pytest.raises(MemoryError):
        xp.eye(2**20 + 1, 2**20 + 1)


def test_more_than_64_dimensions_is_a_value_error():
    """Creation worked, then ``np.asarray``/``repr`` returned a 0-d object array (65 to 128
    dimensions) or aborted the process (129 and more)."""
    proc = run_python(
        """
        import numpy as np
        import array_api_mlx as xp
        for n in (65, 129):
            try:
                x = xp.reshape(xp.asarray(1.0), (1,) * n)
                print(repr(x), np.asarray(x).shape)
            except ValueError as e:
                print("ValueError", e)
        """
    )
    assert_survives(proc)
    assert proc.stdout.count("at most 64") == 2
    one = xp.asarray(1.0)
    deep = xp.reshape(one, (1,) * 64)
    assert np.asarray(deep).shape == (1,) * 64 and "Array(" in repr(deep)
    for make in (
        lambda: xp.reshape(one, (1,) * 65),
        lambda: xp.reshape(one, [1] * 65),
        lambda: xp.zeros((1,) * 65),
        lambda: xp.broadcast_to(one, (1,) * 65),
        lambda: xp.broadcast_shapes((1,) * 65),
        lambda: xp.tile(one, (1,) * 65),
        lambda: xp.expand_dims(deep, axis=0),
        lambda: xp.stack([deep]),
        lambda: deep[None],
        lambda: xp.zeros((1,) * 60)[xp.zeros((1,) * 6, dtype=xp.int64)],
        lambda: xp.meshgrid(*[xp.zeros(1)] * 65),
        lambda: xp.tensordot(xp.zeros((1,) * 33), xp.zeros((1,) * 33), axes=0),
        lambda: xp.asarray([np.zeros(1).reshape((1,) * 64).tolist()]),
    ):
        with pytest.raises(ValueError, match="at most 64"):
            make()
    assert xp.__array_namespace_info__().capabilities()["max dimensions"] == 64


def test_nested_lists_deeper_than_the_recursion_limit():
    """A list nested 100000 deep (with a raised recursion limit) segfaulted in asarray."""
    proc = run_python(
        """
        import sys
        import array_api_mlx as xp
        sys.setrecursionlimit(10**6)
        for leaf in (1, 2.5, xp.asarray(1.0)):
            obj = leaf
            for _ in range(100000):
                obj = [obj]
            for device in (None, xp.cpu):
                try:
                    xp.asarray(obj, device=device)
                except ValueError as e:
                    print("ValueError", e)
        """
    )
    assert_survives(proc)
    assert proc.stdout.count("ValueError asarray: the result would have 65 dimensions") == 6


# --- reductions over more than 2**31 - 1 elements -----------------------------------------
def test_full_sum_beyond_int32_count_is_exact():
    """MLX counts the elements of one reduction in 32 bits: the sum of 2**31 + 2**15
    broadcast ones was 0 (and of 2**32 + 2**16 ones, 65536)."""
    x = xp.broadcast_to(xp.asarray(1, dtype=xp.int64), (2**15, 2**16 + 1))
    assert int(xp.sum(x)) == 2**15 * (2**16 + 1)


@pytest.mark.parametrize("axis", [None, (0, 2), (1, 2), 1, (0, 1, 2)])
def test_reductions_in_parts_match_numpy(monkeypatch, axis):
    """The rule that splits a reduction (tested at a lowered threshold: 7 elements per
    part) gives NumPy's results for every reduction that uses it."""
    monkeypatch.setattr(_statistical, "_MAX_COUNT", 7)
    a = np.random.default_rng(0).integers(-5, 6, size=(5, 4, 6))
    x, f = xp.asarray(a), xp.asarray(a.astype(np.float32))
    for got, want in [
        (xp.sum(x, axis=axis), np.sum(a, axis=axis)),
        (xp.sum(f, axis=axis, keepdims=True), np.sum(a, axis=axis, keepdims=True)),
        (xp.prod(xp.asarray(np.sign(a)), axis=axis), np.prod(np.sign(a), axis=axis)),
        (xp.max(x, axis=axis), np.max(a, axis=axis)),
        (xp.min(x, axis=axis, keepdims=True), np.min(a, axis=axis, keepdims=True)),
        (xp.any(x > 4, axis=axis), np.any(a > 4, axis=axis)),
        (xp.all(x > -5, axis=axis), np.all(a > -5, axis=axis)),
        (xp.count_nonzero(x, axis=axis), np.count_nonzero(a, axis=axis)),
        (xp.mean(f, axis=axis), np.mean(a, axis=axis)),
        (xp.var(f, axis=axis), np.var(a, axis=axis)),
        (xp.linalg.vector_norm(f, axis=axis, ord=1), np.sum(np.abs(a), axis=axis)),
        (xp.linalg.vector_norm(f, axis=axis, ord=math.inf), np.max(np.abs(a), axis=axis)),
    ]:
        assert got.shape == np.shape(want)
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-6)


# --- conversions that lied ----------------------------------------------------------------
def test_python_int_beyond_int64_raises_overflow_error():
    """``asarray([1, 2**63])`` silently became float32 (NumPy makes float64 of it); the
    spec's dtype for ints is the default integer dtype, int64, which cannot hold it."""
    for obj in ([1, 2**63], [-1, 2**63], [[1, 2**63]], (1, 2**63), [2**63], [2**64]):
        with pytest.raises(OverflowError, match="does not fit in int64"):
            xp.asarray(obj)
    assert xp.asarray([1, 2**63 - 1]).dtype == xp.int64
    assert xp.asarray([2**63], dtype=xp.uint64).dtype == xp.uint64
    # with floats, ints of any size are floats (NumPy gives an object array here)
    assert float(xp.asarray([1.0, 2**70])[1]) == float(np.float32(2.0**70))


def test_int_out_of_range_names_the_requested_dtype():
    """``asarray([-1], dtype=uint8)`` said "does not fit in int64"."""
    for obj, d in (([-1], xp.uint8), ([256], xp.uint8), ([[300]], xp.int8), ([-1], xp.uint64)):
        with pytest.raises(OverflowError, match=rf"out of range for {d.name}"):
            xp.asarray(obj, dtype=d)


def test_from_dlpack_copy_is_writable():
    """A consumer asking for DLPack 1.0 got a legacy capsule, which NumPy must mark
    read-only even for ``copy=True``."""
    x = xp.asarray([1.0, 2.0], device=xp.cpu)  # host data: NumPy imports no CUDA data
    y = np.from_dlpack(x, copy=True)
    assert y.flags.writeable
    y[0] = 5.0
    assert float(x[0]) == 1.0  # a copy
    assert not np.from_dlpack(x).flags.writeable  # MLX's memory, which others may share
    assert "dltensor_versioned" in repr(x.__dlpack__(max_version=(1, 0)))
    assert '"dltensor"' in repr(x.__dlpack__())  # legacy consumers get what they know
    for d in (xp.int64, xp.bool, xp.uint8, xp.complex64):
        z = xp.asarray([1, 0], dtype=d, device=xp.cpu)
        np.testing.assert_array_equal(np.from_dlpack(z, copy=True), np.asarray(z))


@pytest.mark.parametrize(("shape", "axis"), [((0,), None), ((2, 0), 1), ((0, 3), 0)])
def test_vector_norm_of_nothing(shape, axis):
    """Over an empty axis ord=inf leaked MLX's "[max] Cannot max reduce" text. The max-norm
    of no elements is 0 (array-api-strict and NumPy's ``linalg.norm`` agree); the min-norm
    is undefined and raises ValueError, as there."""
    got = xp.linalg.vector_norm(xp.zeros(shape), ord=math.inf, axis=axis)
    s = array_api_strict
    want = s.linalg.vector_norm(s.zeros(shape), ord=math.inf, axis=axis)
    np.testing.assert_array_equal(np.asarray(got), np.asarray(want))
    with pytest.raises(ValueError, match="vector_norm: ord=-inf over axis") as e:
        xp.linalg.vector_norm(xp.zeros(shape), ord=-math.inf, axis=axis)
    assert "[min]" not in str(e.value)
    with pytest.raises(ValueError):
        s.linalg.vector_norm(s.zeros(shape), ord=-math.inf, axis=axis)


def test_bad_default_device_variable_is_named():
    for value in ("cuda", "gpu:0"):
        proc = run_python("import array_api_mlx", env={"ARRAY_API_MLX_DEFAULT_DEVICE": value})
        assert proc.returncode != 0
        assert f"ARRAY_API_MLX_DEFAULT_DEVICE={value!r}" in proc.stderr
        assert "'cpu'" in proc.stderr
    proc = run_python(
        "import array_api_mlx as xp; print(xp.__array_namespace_info__().default_device())",
        env={"ARRAY_API_MLX_DEFAULT_DEVICE": "cpu"},
    )
    assert_survives(proc)
    assert "Device('cpu', 0)" in proc.stdout


def test_float64_with_complex_gives_complex128():
    """The spec promotes float64 with complex to complex128; ``x64 * 1j`` once silently gave
    complex64. float32 with complex stays complex64."""
    x64 = xp.asarray([1.0, 2.0], dtype=xp.float64, device=xp.cpu)
    c64 = xp.asarray([1j, 2j], device=xp.cpu)
    n64, nc64 = np.asarray([1.0, 2.0]), np.asarray([1j, 2j], dtype=np.complex64)
    for make, want in (
        (lambda: x64 * 1j, n64 * 1j),
        (lambda: 1j * x64, 1j * n64),
        (lambda: xp.add(x64, 2 + 0j), n64 + (2 + 0j)),
        (lambda: x64 + c64, n64 + nc64),
        (lambda: xp.multiply(c64, x64), nc64 * n64),
    ):
        got = make()
        assert got.dtype == xp.complex128
        np.testing.assert_array_equal(np.asarray(got), want)
    assert xp.result_type(xp.float64, xp.complex64) == xp.complex128
    assert xp.result_type(x64, 1j) == xp.complex128
    assert (xp.asarray([1.0], device=xp.cpu) * 1j).dtype == xp.complex64
    assert xp.result_type(xp.float32, xp.complex64) == xp.complex64


# --- where there is no GPU ----------------------------------------------------------------
def test_missing_gpu_is_never_the_cpu():
    """``xp.gpu`` was None without a GPU, so ``device=xp.gpu`` meant the default device
    (float64 accepted) and ``to_device(xp.gpu)`` complained about None."""
    missing = xp.gpu if not xp.gpu else _devices._NoGPU()
    assert not missing
    x = xp.asarray([1.0], device=xp.cpu)
    for make in (
        lambda: xp.asarray([1.0], device=missing),
        lambda: xp.zeros(2, dtype=xp.float64, device=missing),
        lambda: xp.ones_like(x, device=missing),
        lambda: x.to_device(missing),
        lambda: xp.from_dlpack(np.ones(2), device=missing),
        lambda: xp.set_default_device(missing),
        lambda: xp.__array_namespace_info__().dtypes(device=missing),
    ):
        with pytest.raises(ValueError, match="no GPU here; pass xp.cpu"):
            make()
    assert xp.gpu or not xp.__array_namespace_info__().devices()[1:]
    assert (xp.gpu or xp.cpu) in xp.__array_namespace_info__().devices()


def test_readme_python_snippets_run():
    """The README's Python blocks run as written here (Linux CPU, or a GPU machine)."""
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)
    assert blocks
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {})


# --- what libraries call that NumPy, PyTorch and CuPy accept ------------------------------
def test_diff_takes_n_and_axis_by_position():
    """scikit-learn's roc_curve calls ``xp.diff(fps, 2)`` (NumPy's order: n, then axis)."""
    a = np.array([[1, 4, 9, 16], [2, 3, 5, 8]])
    x = xp.asarray(a)
    np.testing.assert_array_equal(np.asarray(xp.diff(x, 2)), np.diff(a, 2))
    np.testing.assert_array_equal(np.asarray(xp.diff(x, 1, 0)), np.diff(a, 1, 0))
    np.testing.assert_array_equal(np.asarray(xp.diff(x, axis=0, n=1)), np.diff(a, axis=0))


def test_where_with_the_condition_alone_is_nonzero():
    """scikit-learn's roc_curve calls ``xp.where(condition)[0]``."""
    c = np.array([[True, False, True], [False, False, True]])
    got = xp.where(xp.asarray(c))
    assert isinstance(got, tuple) and len(got) == 2
    for g, w in zip(got, np.where(c)):
        np.testing.assert_array_equal(np.asarray(g), w)
    with pytest.raises(TypeError, match="both x1 and x2, or neither"):
        xp.where(xp.asarray(c), 1.0)


def test_logical_functions_take_any_dtype():
    """roc_curve passes floats (second differences) to ``xp.logical_or``; NumPy, PyTorch
    and CuPy take non-zero as True."""
    a = np.array([0.0, 1.5, np.nan, -0.0, 2.0], dtype=np.float32)
    b = np.array([0.0, 0.0, 0.0, 2.0, -3.0], dtype=np.float32)
    for name in ("logical_and", "logical_or", "logical_xor"):
        got = getattr(xp, name)(xp.asarray(a), xp.asarray(b))
        assert got.dtype == xp.bool
        np.testing.assert_array_equal(np.asarray(got), getattr(np, name)(a, b))
    np.testing.assert_array_equal(np.asarray(xp.logical_not(xp.asarray(a))), np.logical_not(a))
    i = np.array([0, 3, -1])
    np.testing.assert_array_equal(
        np.asarray(xp.logical_or(xp.asarray(i), xp.asarray([True, False, False], device=xp.cpu))),
        np.logical_or(i, [True, False, False]),
    )
