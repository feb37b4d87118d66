"""complex128 as users use it (design §14): every chapter of the standard on complex128
data, with NumPy as the oracle.

complex128 arrays keep float64 pairs in MLX memory and compute with NumPy, so every result
must be NumPy's own: the same dtype and, for the elementwise functions, the same bits.
complex128 lives where float64 does: on the CPU device.
"""

from __future__ import annotations

import copy
import operator
import pickle
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import array_api_mlx as xp
from array_api_mlx._array_object import Array

from .reference import ELEMENTWISE
from .strategies import fuzz, xps
from .virtual_device import VIRTUAL_CPU

C128 = xp.complex128
CPU = xp.cpu


# --- data and comparison ------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _cpu_by_default():
    """complex128 lives on the CPU device (design §14): calls here that name no device
    use it also where the default device is a GPU."""
    with xp.default_device(CPU):
        yield


def cplx(shape=(), seed=0):
    """Random complex128 NumPy data of ``shape``."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


def _parts(values):
    """Every complex number whose real and imaginary parts are both in ``values``, built
    part by part (``x + 1j * y`` would turn ``inf * 0j`` into NaN)."""
    re, im = np.meshgrid(values, values, indexing="ij")
    z = np.empty(re.size, np.complex128)
    z.real, z.imag = re.ravel(), im.ravel()
    return z


# Special values (zeros of both signs, tiny, huge, infinities, NaN) in every combination,
# and moduli over 20 decades in every direction.
SPECIAL = _parts([0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 1e-300, -1e300, np.inf, -np.inf, np.nan])
_rng = np.random.default_rng(128)
WIDE = 10.0 ** _rng.uniform(-10, 10, 300) * np.exp(2j * np.pi * _rng.uniform(size=300))
VALUES = np.concatenate([SPECIAL, WIDE])


def ours(a, **kw):
    """``a`` (NumPy data or a scalar) as our array on the CPU."""
    return xp.asarray(a, device=CPU, **kw)


def same(got, want):
    """``got`` (ours) is exactly NumPy's ``want``: dtype, shape, and every value (NaN in
    the same parts, -0.0 and 0.0 told apart)."""
    assert isinstance(got, Array), type(got)
    want = np.asarray(want)
    assert got.dtype.name == want.dtype.name, f"dtype {got.dtype.name} != {want.dtype.name}"
    assert got.device == CPU
    g = np.asarray(got)
    assert g.shape == want.shape, f"shape {g.shape} != {want.shape}"
    if want.dtype.kind in "fc":
        for part in (np.real, np.imag):
            gp, wp = part(g), part(want)
            np.testing.assert_array_equal(np.isnan(gp), np.isnan(wp))
            ok = np.isnan(wp) | ((gp == wp) & (np.signbit(gp) == np.signbit(wp)))
            assert ok.all(), f"{g[~ok][:5]} != {want[~ok][:5]}"
    else:
        np.testing.assert_array_equal(g, want)


def close(got, want, rtol=1e-12, atol=1e-12):
    """``got`` is NumPy's ``want`` in dtype and shape, within float64 tolerances."""
    assert isinstance(got, Array), type(got)
    want = np.asarray(want)
    assert got.dtype.name == want.dtype.name, f"dtype {got.dtype.name} != {want.dtype.name}"
    np.testing.assert_allclose(np.asarray(got), want, rtol=rtol, atol=atol)


def _accepts_complex(ref):
    return xp.complex64 in ref.dtypes(CPU)


COMPLEX_UNARY = sorted(n for n, r in ELEMENTWISE.items() if r.arity == 1 and _accepts_complex(r))
COMPLEX_BINARY = sorted(n for n, r in ELEMENTWISE.items() if r.arity == 2 and _accepts_complex(r))
REAL_ONLY = sorted(n for n, r in ELEMENTWISE.items() if r.arity <= 2 and not _accepts_complex(r))


# --- elementwise functions ---------------------------------------------------------------
def test_the_table_covers_the_complex_functions():
    # The standard's complex-capable elementwise functions (a guard against a table that
    # silently lost its complex rows).
    assert {"exp", "log", "sqrt", "sin", "tanh", "abs", "real", "imag", "conj", "sign"} <= set(
        COMPLEX_UNARY
    )
    assert {"add", "multiply", "divide", "pow", "equal", "not_equal"} <= set(COMPLEX_BINARY)


# Where the standard's special cases differ from NumPy's (NumPy follows C99 there), the
# oracle is NumPy's with the standard's rule.
def _by_parts(re, im):
    out = np.empty(np.shape(re), np.complex128)
    out.real, out.imag = re, im
    return out


def _standard_tanh(z):
    """NumPy's tanh; an infinite real part with a finite imaginary part y gives
    +-1 + copysign(0, y) j (NumPy: +-1 + 0j whatever y's sign)."""
    r = np.array(np.tanh(z), dtype=np.complex128)
    edge = np.isinf(z.real) & np.isfinite(z.imag)
    r[edge] = _by_parts(np.sign(z.real[edge]), np.copysign(0.0, z.imag[edge]))
    return r


def _standard_expm1(z):
    """For non-finite input, the standard's special cases: exp's minus 1 on the real part
    alone (the imaginary part keeps exp's, its zero signs too). Finite input: NumPy's."""
    e = np.exp(z)
    return np.where(np.isfinite(z), np.expm1(z), _by_parts(e.real - 1.0, e.imag))


ORACLES = {"tanh": _standard_tanh, "expm1": _standard_expm1}


def check_elementwise(name, got, *args):
    """``got`` is the oracle's result for ``args`` (NumPy arrays): bit for bit, except
    complex expm1 of finite input (its own algorithm: within 4 ulps of NumPy's modulus)
    and the zero signs the standard leaves open (expm1 of an infinite real part with an
    infinite or NaN imaginary part)."""
    with np.errstate(all="ignore"):
        want = ORACLES.get(name, ELEMENTWISE[name].numpy)(*args)
    if name != "expm1":
        same(got, want)
        return
    z = np.asarray(args[0])
    assert got.dtype is C128 and got.shape == want.shape
    g = np.array(np.asarray(got))
    # the standard leaves these signs open: compare magnitudes
    open_sign = np.isinf(z.real) & ~np.isfinite(z.imag)
    for a in (g, want):
        a[open_sign] = _by_parts(np.abs(a.real[open_sign]), np.abs(a.imag[open_sign]))
    fin = np.isfinite(z) & np.isfinite(want)
    same(ours(g[~fin]), want[~fin])
    err = np.abs(g[fin] - want[fin]) / np.spacing(np.abs(want[fin]))
    assert np.all(err <= 4), f"{z[fin][err > 4]}: {g[fin][err > 4]} != {want[fin][err > 4]}"
    # a zero imaginary part keeps the input's sign (expm1(conj(z)) == conj(expm1(z)))
    zero = fin & (z.imag == 0)
    np.testing.assert_array_equal(np.signbit(g.imag[zero]), np.signbit(z.imag[zero]))


@pytest.mark.parametrize("name", COMPLEX_UNARY)
def test_unary_matches_numpy_bit_for_bit(name):
    ref = ELEMENTWISE[name]
    check_elementwise(name, ref.function(ours(VALUES)), VALUES)
    # 0-d and empty arrays keep their shapes
    got = ref.function(ours(VALUES[3]))
    assert got.shape == ()
    check_elementwise(name, got, VALUES[3])
    empty = np.zeros((0, 3), np.complex128)
    check_elementwise(name, ref.function(ours(empty)), empty)


@pytest.mark.parametrize("name", COMPLEX_BINARY)
def test_binary_matches_numpy_bit_for_bit(name):
    ref = ELEMENTWISE[name]
    a, b = np.repeat(SPECIAL, SPECIAL.size), np.tile(SPECIAL, SPECIAL.size)
    with np.errstate(all="ignore"):
        same(ref.function(ours(a), ours(b)), ref.numpy(a, b))
        # broadcasting
        a, b = WIDE[:12].reshape(3, 1, 4), WIDE[12:16]
        same(ref.function(ours(a), ours(b)), ref.numpy(a, b))


@pytest.mark.parametrize("name", COMPLEX_BINARY)
@pytest.mark.parametrize(
    "other",
    ["complex64", "float64", "float32", "int64", "int8", "uint16", 2, -1.5, 0.5 - 3j],
    ids=str,
)
def test_binary_with_other_dtypes_and_scalars(name, other):
    """complex128 with any numeric dtype or Python scalar, on either side, is complex128
    (bool results for comparisons), as NumPy computes it."""
    ref = ELEMENTWISE[name]
    a = WIDE[:6]
    if isinstance(other, str):
        b = (np.arange(1, 7) * (1 + 1j if other.startswith("complex") else 1)).astype(other)
        ob = ours(b)
    else:
        b = ob = other
    with np.errstate(all="ignore"):
        same(ref.function(ours(a), ob), ref.numpy(a, b))
        same(ref.function(ob, ours(a)), ref.numpy(b, a))


@pytest.mark.parametrize("name", REAL_ONLY)
def test_real_only_functions_refuse_complex128_like_complex64(name):
    """A function the standard defines for real (or integer) input raises TypeError for
    complex128, as for complex64."""
    ref = ELEMENTWISE[name]
    for dtype in (xp.complex64, C128):
        x = ours([1 + 2j, 3 - 1j], dtype=dtype)
        with pytest.raises(TypeError):
            ref.function(*([x] * ref.arity))


@fuzz
@given(data=st.data())
def test_elementwise_on_random_complex128(data):
    """Any complex128 array (NaN, infinities, -0.0, empty, 0-d) through any complex
    elementwise function: NumPy's result bit for bit (``check_elementwise``)."""
    name = data.draw(st.sampled_from(COMPLEX_UNARY + COMPLEX_BINARY), label="function")
    ref = ELEMENTWISE[name]
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
    args = [data.draw(xps.arrays(dtype=C128, shape=shape), label=f"x{i}") for i in range(ref.arity)]
    check_elementwise(name, ref.function(*args), *(np.asarray(a) for a in args))


# --- operators ----------------------------------------------------------------------------
BINARY_OPERATORS = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "**": operator.pow, "==": operator.eq, "!=": operator.ne,
}  # fmt: skip


@pytest.mark.parametrize("symbol", BINARY_OPERATORS)
def test_operators_match_numpy(symbol):
    op = BINARY_OPERATORS[symbol]
    a, b = WIDE[:8].reshape(2, 4), WIDE[8:12]
    c = np.arange(1.0, 5.0)
    with np.errstate(all="ignore"):
        same(op(ours(a), ours(b)), op(a, b))
        same(op(ours(a), 2), op(a, 2))
        same(op(3.5, ours(a)), op(3.5, a))  # reflected, Python scalar
        same(op(ours(a), -1j), op(a, -1j))
        same(op(1 + 1j, ours(a)), op(1 + 1j, a))
        same(op(ours(c), ours(b)), op(c, b))  # float64 with complex128
        same(op(ours(a), ours(c.astype(np.complex64))), op(a, c.astype(np.complex64)))


def test_unary_operators_and_matmul():
    a = WIDE[:9].reshape(3, 3)
    same(-ours(a), -a)
    same(+ours(a), +a)
    same(abs(ours(a)), abs(a))
    close(ours(a) @ ours(a), a @ a)
    close(ours(a) @ ours(np.eye(3)), a @ np.eye(3))
    close(ours(np.ones((2, 3))) @ ours(a), np.ones((2, 3)) @ a)
    with pytest.raises(TypeError):
        ~ours(a)
    for op in (operator.floordiv, operator.mod, operator.and_, operator.lshift):
        with pytest.raises(TypeError):
            op(ours(a), ours(a))


@pytest.mark.parametrize("op", [operator.lt, operator.le, operator.gt, operator.ge])
def test_ordering_comparisons_raise_type_error(op):
    a = ours([1 + 1j, 2 + 0j])
    with pytest.raises(TypeError):
        op(a, a)
    with pytest.raises(TypeError):
        op(a, 1.0)
    with pytest.raises(TypeError):
        op(ours([1.0, 2.0]), a)
    fn = {operator.lt: xp.less, operator.le: xp.less_equal,
          operator.gt: xp.greater, operator.ge: xp.greater_equal}[op]  # fmt: skip
    with pytest.raises(TypeError):
        fn(a, a)
    for f in (xp.max, xp.min, xp.argmax, xp.argmin):
        with pytest.raises(TypeError):
            f(a)
    for f in (xp.maximum, xp.minimum):
        with pytest.raises(TypeError):
            f(a, a)
    with pytest.raises(TypeError):
        xp.clip(a, 0, 1)


# --- type promotion -----------------------------------------------------------------------
PROMOTIONS = [
    # (left, right, result): the standard's table, and this namespace's int-with-float rule
    ("float64", "complex64", "complex128"),
    ("float32", "complex128", "complex128"),
    ("complex64", "complex128", "complex128"),
    ("float64", "complex128", "complex128"),
    ("int64", "complex128", "complex128"),
    ("int8", "complex128", "complex128"),
    ("uint64", "complex128", "complex128"),
    ("float32", "complex64", "complex64"),
]


@pytest.mark.parametrize(("left", "right", "result"), PROMOTIONS)
def test_promotion_table(left, right, result):
    lt, rt, want = getattr(xp, left), getattr(xp, right), getattr(xp, result)
    assert xp.result_type(lt, rt) is want
    assert xp.result_type(rt, lt) is want
    a = np.arange(1, 4).astype(left)
    b = (np.arange(1, 4) * (1 - 2j)).astype(right)
    for got, expect in ((ours(a) + ours(b), a + b), (ours(b) * ours(a), b * a)):
        assert got.dtype is want
        same(got, expect.astype(result))


def test_python_scalars_join_by_kind():
    """2024.12: a Python complex with a float64 array gives complex128; with float32,
    complex64; a Python float or int with complex128 keeps complex128."""
    f64, f32 = ours(np.arange(3.0)), ours(np.arange(3.0, dtype=np.float32))
    assert (f64 * 1j).dtype is C128 and (1j + f64).dtype is C128
    assert xp.multiply(f64, 2 + 0j).dtype is C128
    assert (f32 * 1j).dtype is xp.complex64
    assert xp.result_type(f64, 1j) is C128
    assert xp.result_type(xp.float32, 1j) is xp.complex64
    c = ours(cplx(3))
    for s in (2, 2.5, -1j):
        assert (c * s).dtype is C128
    same(f64 * 1j, np.arange(3.0) * 1j)
    assert xp.can_cast(xp.complex64, C128) and xp.can_cast(xp.float64, C128)
    assert not xp.can_cast(C128, xp.complex64) and not xp.can_cast(C128, xp.float64)


def test_bool_with_complex128_follows_complex64():
    b = ours([True, False])
    outcomes = []
    for dtype in (xp.complex64, C128):
        try:
            outcomes.append((b + ours([1j, 2j], dtype=dtype)).dtype.kind)
        except TypeError:
            outcomes.append("TypeError")
    assert outcomes[0] == outcomes[1]


# --- in-place operators -------------------------------------------------------------------
def test_inplace_complex128_takes_complex64_and_scalars():
    a = cplx(4)
    x = ours(a)
    x += ours(np.arange(4, dtype=np.complex64))
    a += np.arange(4, dtype=np.complex64)
    x *= 2.5
    a *= 2.5
    x -= 1j
    a -= 1j
    x /= ours(np.arange(1.0, 5.0))
    a /= np.arange(1.0, 5.0)
    x **= 2
    a **= 2
    assert x.dtype is C128
    same(x, a)


def test_inplace_complex64_with_complex128_casts_back():
    a = np.arange(4, dtype=np.complex64)
    b = cplx(4)
    x = ours(a)
    x += ours(b)
    assert x.dtype is xp.complex64
    same(x, (a + b).astype(np.complex64))
    x *= 1 + 1e-12j  # a Python complex is weak: stays complex64
    assert x.dtype is xp.complex64


@pytest.mark.parametrize(
    ("dtype", "other"),
    [
        ("float64", 1j),
        ("float64", "complex64"),
        ("float64", "complex128"),
        ("float32", "complex128"),
        ("int64", "complex128"),
    ],
    ids=str,
)
def test_inplace_real_with_complex_raises_type_error(dtype, other):
    x = ours(np.arange(3).astype(dtype))
    o = other if not isinstance(other, str) else ours(np.ones(3, other))
    with pytest.raises(TypeError, match="in-place operator"):
        x += o
    np.testing.assert_array_equal(np.asarray(x), np.arange(3).astype(dtype))


def test_inplace_shape_must_not_change():
    x = ours(cplx(4))
    with pytest.raises(ValueError, match="shape"):
        x += ours(cplx((2, 4)))
    x = ours(np.eye(2) * 1j)
    x @= ours(np.eye(2) * (1 + 1j))
    same(x, (np.eye(2) * 1j) @ (np.eye(2) * (1 + 1j)))


# --- creation -----------------------------------------------------------------------------
def test_creation_with_dtype_complex128():
    same(xp.zeros((2, 3), dtype=C128), np.zeros((2, 3), np.complex128))
    same(xp.ones(4, dtype=C128, device=CPU), np.ones(4, np.complex128))
    same(xp.full((2, 2), 1 - 2j, dtype=C128), np.full((2, 2), 1 - 2j, np.complex128))
    same(xp.full(3, 7, dtype=C128), np.full(3, 7, np.complex128))
    same(xp.full(3, 1e-30 + 1e30j, dtype=C128), np.full(3, 1e-30 + 1e30j))  # not complex64
    e = xp.empty((3, 0, 2), dtype=C128)
    assert e.dtype is C128 and e.shape == (3, 0, 2) and e.device == CPU
    assert xp.empty(5, dtype=C128).shape == (5,)
    for k in (-2, 0, 1, 5):
        same(xp.eye(3, 4, k=k, dtype=C128), np.eye(3, 4, k=k, dtype=np.complex128))
    for endpoint in (True, False):
        same(
            xp.linspace(1 - 1j, 3 + 5j, 7, dtype=C128, endpoint=endpoint),
            np.linspace(1 - 1j, 3 + 5j, 7, dtype=np.complex128, endpoint=endpoint),
        )
    same(xp.linspace(0, 1, 5, dtype=C128), np.linspace(0, 1, 5, dtype=np.complex128))
    with pytest.raises(TypeError):
        xp.full(2, 1j, dtype=xp.float64)


def test_like_functions():
    a = cplx((2, 3))
    x = ours(a)
    same(xp.zeros_like(x), np.zeros_like(a))
    same(xp.ones_like(x), np.ones_like(a))
    same(xp.full_like(x, 2 - 1j), np.full_like(a, 2 - 1j))
    e = xp.empty_like(x)
    assert e.dtype is C128 and e.shape == (2, 3) and e.device == CPU
    f = ours(np.ones(3))
    same(xp.zeros_like(f, dtype=C128), np.zeros(3, np.complex128))
    same(xp.ones_like(f, dtype=C128), np.ones(3, np.complex128))
    same(xp.full_like(f, 1j, dtype=C128), np.full(3, 1j))
    same(xp.zeros_like(x, dtype=xp.float64), np.zeros((2, 3)))  # to a real dtype: allowed
    assert xp.empty_like(f, dtype=C128).dtype is C128


def test_asarray_sources():
    a = cplx((2, 3))
    same(ours(a), a)  # NumPy's dtype is kept
    same(ours(a[:, ::-2]), a[:, ::-2])  # a strided NumPy view
    same(ours(np.complex128(1 - 2j)), np.asarray(1 - 2j))  # NumPy scalar
    same(ours([[1 + 2j, 3], [4.5, -1j]], dtype=C128), np.array([[1 + 2j, 3], [4.5, -1j]]))
    same(ours(1e-30 + 1e30j, dtype=C128), np.asarray(1e-30 + 1e30j))  # Python scalar
    same(ours(3, dtype=C128), np.asarray(3 + 0j))
    same(ours([1, 2], dtype=C128), np.array([1, 2], np.complex128))
    same(ours(a, dtype=xp.complex64), a.astype(np.complex64))
    same(ours(a.astype(np.complex64), dtype=C128), a.astype(np.complex64).astype(np.complex128))
    same(ours(ours(np.arange(3.0)), dtype=C128), np.arange(3.0).astype(np.complex128))
    # Python complex values alone take the default complex dtype (complex64)
    assert ours([1j, 2]).dtype is xp.complex64
    # asarray copies NumPy data: later writes to the NumPy array are not seen
    b = a.copy()
    x = ours(b)
    b[0, 0] = 99
    same(x, a)


def test_asarray_of_a_list_of_complex128_arrays_keeps_complex128():
    a = cplx(3)
    x = ours(a)
    assert ours([ours(np.arange(2.0))[0], 1.5]).dtype is xp.float64  # the rule for float64
    same(ours([x[0], x[1]]), a[:2])


def test_asarray_copy_false_returns_the_array():
    x = ours(cplx(3))
    assert xp.asarray(x, copy=False) is x
    assert xp.asarray(x, dtype=C128, device=CPU) is x
    v = x[1:]
    w = xp.asarray(v, copy=False)
    w[0] = 5
    assert complex(x[1]) == 5


def test_astype_copy_false_does_not_copy():
    x = ours(cplx(3))
    z = xp.astype(x, C128, copy=False)
    z[1] = 6
    assert complex(x[1]) == 6


def test_copies_are_independent():
    a = cplx(3)
    x = ours(a)
    for y in (xp.asarray(x, copy=True), xp.astype(x, C128), copy.copy(x), copy.deepcopy(x)):
        y[0] = 42
        same(x, a)
    with pytest.raises(ValueError):
        xp.asarray(x, dtype=xp.complex64, copy=False)


def test_tril_triu_meshgrid_arange():
    a = cplx((3, 4))
    same(xp.tril(ours(a), k=-1), np.tril(a, k=-1))
    same(xp.triu(ours(a), k=1), np.triu(a, k=1))
    gx, gy = xp.meshgrid(ours(a[0]), ours(a[1, :2]))
    wx, wy = np.meshgrid(a[0], a[1, :2])
    same(gx, wx)
    same(gy, wy)


# --- data type functions -------------------------------------------------------------------
def test_astype():
    a = cplx(4)
    x = ours(a)
    same(xp.astype(x, xp.complex64), a.astype(np.complex64))
    same(xp.astype(ours(np.arange(4, dtype=np.int16)), C128), np.arange(4).astype(complex))
    same(xp.astype(ours(a.astype(np.complex64)), C128), a.astype(np.complex64).astype(complex))
    same(xp.astype(ours([True, False]), C128), np.array([1 + 0j, 0j]))
    for real in (xp.float64, xp.float32, xp.int64, xp.bool):
        with pytest.raises(TypeError, match="imaginary"):
            xp.astype(x, real)


def test_astype_message_names_the_dtype():
    with pytest.raises(TypeError, match="complex128 to float64"):
        xp.astype(ours(cplx(2)), xp.float64)


def test_dtype_queries():
    info = xp.__array_namespace_info__()
    assert info.dtypes(device=CPU)["complex128"] is C128
    assert info.dtypes(kind="complex floating", device=CPU) == {
        "complex64": xp.complex64,
        "complex128": C128,
    }
    assert info.default_dtypes(device=CPU)["complex floating"] is xp.complex64
    assert xp.isdtype(C128, "complex floating") and xp.isdtype(C128, "numeric")
    assert not xp.isdtype(C128, "real floating")
    fi = xp.finfo(C128)
    assert fi.bits == 64 and fi.dtype is xp.float64 and fi.eps == np.finfo(np.float64).eps
    assert xp.finfo(ours(cplx(2))).dtype is xp.float64
    assert pickle.loads(pickle.dumps(C128)) is C128
    assert C128 == C128 and C128 != xp.complex64 and hash(C128) == hash(C128)


def test_numpy_reads_the_dtype():
    assert C128.dtype == np.complex128
    assert np.asarray([1, 2], dtype=C128).dtype == np.complex128
    assert np.zeros(2).astype(ours(cplx(2)).dtype).dtype == np.complex128


# --- reductions -------------------------------------------------------------------------
AXES = [None, 0, 1, (0, 2), -1]


@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("name", ["sum", "prod", "mean"])
def test_reductions(name, axis, keepdims):
    a = cplx((3, 4, 2), seed=1)
    got = getattr(xp, name)(ours(a), axis=axis, keepdims=keepdims)
    same(got, getattr(np, name)(a, axis=axis, keepdims=keepdims))


def test_reduction_dtypes_and_special_values():
    a = cplx((3, 4))
    same(xp.sum(ours(a), dtype=xp.complex64), np.sum(a, dtype=np.complex64))
    same(xp.sum(ours(np.arange(4.0)), dtype=C128), np.sum(np.arange(4.0), dtype=np.complex128))
    same(xp.prod(ours(a.astype(np.complex64)), dtype=C128), np.prod(a.astype(np.complex64),
                                                                     dtype=np.complex128))  # fmt: skip
    with np.errstate(invalid="ignore"):
        same(xp.sum(ours(SPECIAL)), np.sum(SPECIAL))
    same(xp.sum(ours(np.zeros((0, 3), complex)), axis=0), np.zeros(3, complex))
    same(xp.prod(ours(np.zeros((0,), complex))), np.asarray(1 + 0j))
    with pytest.raises(TypeError):
        xp.sum(ours(a), dtype=xp.float64)


@pytest.mark.parametrize("name", ["cumulative_sum", "cumulative_prod"])
@pytest.mark.parametrize("include_initial", [False, True])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_cumulative(name, axis, include_initial):
    a = cplx((3, 4), seed=2)
    np_fn = {"cumulative_sum": np.cumulative_sum, "cumulative_prod": np.cumulative_prod}[name]
    got = getattr(xp, name)(ours(a), axis=axis, include_initial=include_initial)
    same(got, np_fn(a, axis=axis, include_initial=include_initial))
    same(getattr(xp, name)(ours(a[0])), np_fn(a[0]))
    same(xp.cumulative_sum(ours(np.arange(4.0)), dtype=C128),
         np.cumulative_sum(np.arange(4.0), dtype=np.complex128))  # fmt: skip


@pytest.mark.parametrize("name", ["std", "var"])
def test_std_var_refuse_complex_like_complex64(name):
    # The standard defines std and var for real floating input only.
    for dtype in (xp.complex64, C128):
        with pytest.raises(TypeError):
            getattr(xp, name)(ours(cplx(4), dtype=dtype))


def test_other_statistics_and_utilities():
    a = cplx((3, 4))
    a[0, 1] = 0
    a[2, :] = 0
    x = ours(a)
    same(xp.vecdot(x, ours(a[::-1])), np.vecdot(a, a[::-1]))
    same(xp.vecdot(x, x, axis=0), np.vecdot(a, a, axis=0))
    same(xp.all(x, axis=1), np.all(a, axis=1))
    same(xp.any(x, axis=1), np.any(a, axis=1))
    same(xp.all(x), np.all(a))
    same(xp.count_nonzero(x, axis=0), np.count_nonzero(a, axis=0))
    same(xp.count_nonzero(x), np.asarray(np.count_nonzero(a)))
    same(xp.diff(x, axis=1, n=2), np.diff(a, axis=1, n=2))
    same(xp.diff(x, axis=0, prepend=ours(a[:1])), np.diff(a, axis=0, prepend=a[:1]))


# --- manipulation -------------------------------------------------------------------------
def test_manipulation_matches_numpy():
    a = cplx((2, 3, 4))
    x = ours(a)
    same(xp.reshape(x, (4, -1)), a.reshape(4, -1))
    same(xp.reshape(x, (24,), copy=True), a.reshape(24))
    same(xp.permute_dims(x, (2, 0, 1)), np.permute_dims(a, (2, 0, 1)))
    same(xp.moveaxis(x, 0, -1), np.moveaxis(a, 0, -1))
    same(xp.flip(x), np.flip(a))
    same(xp.flip(x, axis=(0, 2)), np.flip(a, axis=(0, 2)))
    same(xp.roll(x, 2), np.roll(a, 2))
    same(xp.roll(x, (1, -1), axis=(0, 2)), np.roll(a, (1, -1), axis=(0, 2)))
    same(xp.squeeze(ours(a[:, :1]), axis=1), np.squeeze(a[:, :1], axis=1))
    same(xp.expand_dims(x, axis=1), np.expand_dims(a, 1))
    same(xp.expand_dims(x, axis=(0, -1)), np.expand_dims(a, (0, -1)))
    same(xp.broadcast_to(ours(a[0, 0]), (3, 4)), np.broadcast_to(a[0, 0], (3, 4)))
    same(xp.tile(x, (2, 1, 1)), np.tile(a, (2, 1, 1)))
    same(xp.repeat(x, 2, axis=1), np.repeat(a, 2, axis=1))
    same(xp.repeat(ours(a[0, 0]), ours(np.array([1, 0, 2, 1]))), np.repeat(a[0, 0], [1, 0, 2, 1]))
    for got, want in zip(xp.unstack(x, axis=1), np.unstack(a, axis=1)):
        same(got, want)
    b1, b2 = xp.broadcast_arrays(x, ours(np.arange(4.0)))
    same(b1, a)
    same(b2, np.broadcast_to(np.arange(4.0), a.shape))  # each keeps its dtype


def _part(dtype, seed):
    if dtype.startswith("complex"):
        return cplx((2, 3), seed).astype(dtype)
    return np.arange(6).reshape(2, 3).astype(dtype)


@pytest.mark.parametrize(
    "dtypes",
    [
        ("complex128", "complex64"),
        ("complex64", "float64"),
        ("float64", "complex128", "int32"),
        ("complex128", "complex128"),
    ],
    ids="-".join,
)
def test_concat_and_stack_promote(dtypes):
    parts = [_part(d, i) for i, d in enumerate(dtypes)]
    xs = [ours(p) for p in parts]
    want = np.concatenate(parts, axis=0)
    assert want.dtype == np.complex128
    same(xp.concat(xs, axis=0), want)
    same(xp.concat(xs, axis=None), np.concatenate(parts, axis=None))
    same(xp.stack(xs, axis=1), np.stack(parts, axis=1))


def test_where_mixes_dtypes():
    a = cplx(5)
    cond = np.array([True, False, True, True, False])
    same(xp.where(ours(cond), ours(a), 0), np.where(cond, a, 0))
    same(xp.where(ours(cond), 1j, ours(np.arange(5.0))), np.where(cond, 1j, np.arange(5.0)))
    got = xp.where(ours(cond), ours(a.astype(np.complex64)), ours(np.arange(5.0)))
    same(got, np.where(cond, a.astype(np.complex64), np.arange(5.0)))


# --- indexing -------------------------------------------------------------------------------
def _source(data):
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4))
    n = int(np.prod(shape))
    values = (np.arange(n) + 1j * np.arange(n)[::-1]).reshape(shape)
    return ours(values), values.copy()


def _derive(data, x, n):
    """A view (basic index or axis reversal, on both sides alike)."""
    if n.ndim >= 2 and data.draw(st.booleans(), label="mT"):
        return x.mT, np.matrix_transpose(n)
    key = data.draw(
        hnp.basic_indices(n.shape, min_dims=0, allow_newaxis=True, allow_ellipsis=True),
        label="key",
    )
    got, want = x[key], n[key]
    if not isinstance(want, np.ndarray):
        # NumPy returns a scalar, a copy: ours must hold its value; the copy is
        # test_full_integer_index_is_a_copy's subject
        same(got, np.array(want))
        want = np.array(want)
        return ours(want), want
    return got, want


def _write(data, x, n):
    kind = data.draw(
        st.sampled_from(["iadd", "imul_array", "setitem_scalar", "setitem_array", "item_iadd"]),
        label="write",
    )
    if kind == "iadd":
        c = data.draw(st.sampled_from([1, -2.5, 1j, 2 - 1j]), label="c")
        x += c
        n += c
    elif kind == "imul_array":
        v = np.arange(n.size).reshape(n.shape) % 3 - 1j
        x *= ours(v)
        n *= v
    else:
        key = data.draw(
            hnp.basic_indices(n.shape, min_dims=0, allow_newaxis=True, allow_ellipsis=True),
            label="key",
        )
        if kind == "setitem_scalar":
            c = data.draw(st.sampled_from([0, 4.5, -1j, 3 + 3j]), label="c")
            x[key] = c
            n[key] = c
        elif kind == "setitem_array":
            shape = np.shape(n[key])
            v = (np.arange(int(np.prod(shape))) * (2 - 1j)).reshape(shape)
            x[key] = ours(v)
            n[key] = v
        else:
            x[key] += 1j
            n[key] += 1j
    return x, n


def _check(nodes):
    for i, (x, n) in enumerate(nodes):
        got = np.asarray(x)
        assert got.shape == n.shape, f"node {i}: shape {got.shape} != {n.shape}"
        np.testing.assert_array_equal(got, n, err_msg=f"node {i}")


@fuzz
@given(data=st.data())
def test_views_follow_numpy(data):
    """Basic indexing and .mT give write-through views of complex128 arrays, views of views
    too: after each write on any node, every node holds what NumPy's does."""
    nodes = [_source(data)]
    for _ in range(data.draw(st.integers(1, 4), label="views")):
        parent = data.draw(st.integers(0, len(nodes) - 1), label="parent")
        nodes.append(_derive(data, *nodes[parent]))
    _check(nodes)
    for _ in range(data.draw(st.integers(1, 3), label="writes")):
        i = data.draw(st.integers(0, len(nodes) - 1), label="written")
        note(f"write on node {i}")
        nodes[i] = _write(data, *nodes[i])
        _check(nodes)


def test_view_chains_and_transposes():
    n = cplx((2, 3, 4))
    a = ours(n)
    v = a[1][:, ::2]  # a[1, :, ::2]
    w = v.mT[::-1]
    v[...] = 7j
    n[1][:, ::2] = 7j
    same(a, n)
    a[1, 0, 0] = -1
    n[1, 0, 0] = -1
    same(w, n[1][:, ::2].mT[::-1])
    w *= 2
    n[1][:, ::2].mT[::-1] *= 2
    same(a, n)
    m = xp.reshape(ours(np.arange(6) * 1j), (2, 3))
    mn = (np.arange(6) * 1j).reshape(2, 3)
    for view, nview in ((m.T, mn.T), (m.mT, mn.mT), (xp.matrix_transpose(m), mn.mT)):
        view[0] += 10
        nview[0] += 10
    same(m, mn)
    row, col = m[1], m[:, 2]
    row[...] = 5 + 5j
    same(col, np.array([mn[0, 2], 5 + 5j]))


def test_permute_dims_and_moveaxis_are_views():
    n = np.arange(24).reshape(2, 3, 4) * (1 + 1j)
    a = ours(n)
    xp.permute_dims(a, (2, 0, 1))[0, 1] = 100
    np.permute_dims(n, (2, 0, 1))[0, 1] = 100
    xp.moveaxis(a, 0, -1)[1, 0] = 200
    np.moveaxis(n, 0, -1)[1, 0] = 200
    v = xp.moveaxis(xp.permute_dims(a, (1, 0, 2)), -1, 0)[::-1]  # a view of a view
    v *= 1j
    np.moveaxis(np.permute_dims(n, (1, 0, 2)), -1, 0)[::-1] *= 1j
    same(a, n)
    a[0, 0, 0] = -5
    n[0, 0, 0] = -5
    same(v, np.moveaxis(np.permute_dims(n, (1, 0, 2)), -1, 0)[::-1])


def test_full_integer_index_is_a_copy():
    for dtype in (xp.float64, C128):
        a = ours(np.arange(6.0).reshape(2, 3), dtype=dtype)
        v = a[1, 2]
        v += 1
        w = a[0][1]
        w *= 0
        np.testing.assert_array_equal(np.asarray(a), np.arange(6.0).reshape(2, 3))


def test_advanced_indexing_and_setitem():
    n = cplx((4, 5))
    a = ours(n)
    idx = np.array([3, 0, 0, -1])
    same(a[ours(idx)], n[idx])
    same(a[ours(idx), 1:], n[idx, 1:])
    same(a[ours(idx), ours(idx[::-1])], n[idx, idx[::-1]])
    mask = n.real > 0
    same(a[ours(mask)], n[mask])
    same(a[ours(mask[:, 0])], n[mask[:, 0]])
    same(xp.take(a, ours(idx), axis=1), np.take(n, idx, axis=1))
    ti = np.array([[0, 1], [4, 2], [1, 1], [3, 0]])
    same(xp.take_along_axis(a, ours(ti), axis=1), np.take_along_axis(n, ti, axis=1))
    a[ours(mask)] = 9 - 9j
    n[mask] = 9 - 9j
    same(a, n)
    a[ours(np.array([1, 3]))] = ours(np.arange(5.0))  # float64 value, broadcast
    n[[1, 3]] = np.arange(5.0)
    same(a, n)
    a[0] = ours(np.arange(5, dtype=np.complex64) * 1j)
    n[0] = np.arange(5, dtype=np.complex64) * 1j
    same(a, n)
    a[..., 2] = np.complex128(1e-300 + 1e300j)  # a NumPy scalar, not rounded to complex64
    n[..., 2] = 1e-300 + 1e300j
    same(a, n)
    with pytest.raises(IndexError):
        a[ours(np.array([7]))]
    with pytest.raises(IndexError):
        a[4]
    with pytest.raises(IndexError):
        a[ours(np.array([7]))] = 1
    with pytest.raises(TypeError):
        a[0] = "text"


def test_setitem_across_dtypes_follows_the_real_rule():
    """Storing complex128 into complex64 behaves like float64 into float32; complex values
    never go into a real array."""
    f32 = ours(np.zeros(3, np.float32))
    c64 = ours(np.zeros(3, np.complex64))
    try:
        f32[0] = ours(1.5, dtype=xp.float64)
    except TypeError:
        with pytest.raises(TypeError):
            c64[0] = ours(1.5j, dtype=C128)
    else:
        c64[0] = ours(1.5j, dtype=C128)
        same(c64, np.array([1.5j, 0, 0], np.complex64))
    f64 = ours(np.zeros(3))
    with pytest.raises(TypeError):
        f64[0] = 1j
    with pytest.raises(TypeError):
        f64[0] = ours(1j, dtype=C128)
    np.testing.assert_array_equal(np.asarray(f64), np.zeros(3))


# --- searching, sorting, sets -------------------------------------------------------------
def test_sorting_matches_numpy():
    n = np.array([2 + 1j, 1 - 1j, 2 - 3j, 1 - 1j, -1j, 2 + 1j, 0.5])
    a = ours(n)
    same(xp.sort(a), np.sort(n))
    same(xp.argsort(a, stable=True), np.argsort(n, stable=True))
    same(xp.sort(a, descending=True), np.sort(n)[::-1])
    m = cplx((3, 4))
    same(xp.sort(ours(m), axis=0), np.sort(m, axis=0))
    # complex64 through MLX and complex128 through NumPy order alike
    e = n.astype(np.complex64)
    np.testing.assert_array_equal(np.asarray(xp.sort(ours(e))), np.asarray(xp.sort(a)))


def test_set_functions_match_numpy():
    """The values in NumPy's sorted order (the standard leaves the order open: NumPy's own
    unique_values does not sort complex values)."""
    n = np.array([2 + 1j, 1 - 1j, 2 - 3j, 1 - 1j, -1j, 2 + 1j, 0.5, 0.5])
    a = ours(n)
    values, index, inverse, counts = np.unique(
        n, return_index=True, return_inverse=True, return_counts=True
    )
    same(xp.sort(xp.unique_values(a)), values)
    r = xp.unique_all(a)
    order = np.argsort(np.asarray(r.values), stable=True)
    same(r.values[ours(order)], values)
    same(r.indices[ours(order)], index)
    same(r.counts[ours(order)], counts)
    same(r.values[r.inverse_indices], n)
    r = xp.unique_counts(a)
    order = np.argsort(np.asarray(r.values), stable=True)
    same(r.counts[ours(order)], counts)
    r = xp.unique_inverse(a)
    same(r.values[r.inverse_indices], n)
    same(xp.isin(a, ours(n[:2])), np.isin(n, n[:2]))


def test_searching_matches_numpy():
    n = cplx((3, 4))
    n[1, 1] = 0
    a = ours(n)
    for got, want in zip(xp.nonzero(a), np.nonzero(n)):
        same(got, want)
    same(xp.where(xp.real(a) > 0, a, -a), np.where(n.real > 0, n, -n))
    with pytest.raises(TypeError):
        xp.argmax(a)


def test_searchsorted_refuses_complex128_like_complex64():
    for dtype in (xp.complex64, C128):
        x = ours([1j, 2j], dtype=dtype)
        with pytest.raises(TypeError, match="order"):
            xp.searchsorted(x, x)
    # a float64 x1 with complex x2 promotes to complex128 too
    for dtype in (xp.complex64, C128):
        with pytest.raises(TypeError, match="order"):
            xp.searchsorted(ours([1.0, 2.0]), ours([1j], dtype=dtype))


# --- linalg -------------------------------------------------------------------------------
def _matrix(shape=(4, 4), seed=3):
    return cplx(shape, seed)


def _hpd(n=4, seed=4):
    a = cplx((n, n), seed)
    return a @ a.conj().T + n * np.eye(n)


def test_matmul_family():
    a, b = _matrix((2, 3, 4)), _matrix((4, 5), seed=5)
    close(xp.matmul(ours(a), ours(b)), np.matmul(a, b))
    close(xp.linalg.matmul(ours(a), ours(b.astype(np.complex64))),
          np.matmul(a, b.astype(np.complex64)))  # fmt: skip
    close(
        xp.matmul(ours(a.real), ours(b.astype(np.complex64))),
        np.matmul(a.real, b.astype(np.complex64)),
    )  # float64 @ complex64 -> complex128
    close(xp.tensordot(ours(a), ours(b), axes=1), np.tensordot(a, b, axes=1))
    close(xp.linalg.tensordot(ours(a), ours(a), axes=([1, 2], [1, 2])),
          np.tensordot(a, a, axes=([1, 2], [1, 2])))  # fmt: skip
    close(xp.linalg.vecdot(ours(a), ours(a)), np.vecdot(a, a))
    close(xp.linalg.outer(ours(b[0]), ours(b[1])), np.outer(b[0], b[1]))
    c, d = _matrix((4, 3)), _matrix((4, 3), seed=9)
    close(xp.linalg.cross(ours(c), ours(d)), np.cross(c, d))
    close(xp.linalg.trace(ours(a[0, :, :3])), np.trace(a[0, :, :3]))
    close(xp.linalg.trace(ours(a), offset=1), np.trace(a, offset=1, axis1=-2, axis2=-1))
    close(xp.linalg.diagonal(ours(a), offset=-1), np.diagonal(a, -1, -2, -1))
    close(xp.linalg.matrix_transpose(ours(a)), np.matrix_transpose(a))
    close(xp.linalg.matrix_power(ours(_matrix()), 3), np.linalg.matrix_power(_matrix(), 3))
    close(xp.linalg.matrix_power(ours(_matrix()), -2), np.linalg.matrix_power(_matrix(), -2),
          rtol=1e-10)  # fmt: skip


def test_linalg_solvers():
    a, h = _matrix(), _hpd()
    close(xp.linalg.inv(ours(a)), np.linalg.inv(a), rtol=1e-10)
    close(xp.linalg.solve(ours(a), ours(h)), np.linalg.solve(a, h), rtol=1e-10)
    b = np.arange(4.0)
    close(xp.linalg.solve(ours(a), ours(b)), np.linalg.solve(a, b.astype(complex)), rtol=1e-10)
    close(xp.linalg.det(ours(a)), np.linalg.det(a))
    close(xp.linalg.det(ours(_matrix((3, 2, 2)))), np.linalg.det(_matrix((3, 2, 2))))
    sign, logabs = xp.linalg.slogdet(ours(a))
    ws, wl = np.linalg.slogdet(a)
    close(sign, ws)
    close(logabs, wl)
    close(xp.linalg.pinv(ours(_matrix((4, 3)))), np.linalg.pinv(_matrix((4, 3))), rtol=1e-10)
    same(xp.linalg.matrix_rank(ours(a)), np.linalg.matrix_rank(a))
    low = _matrix((4, 2)) @ _matrix((2, 4), seed=6)
    same(xp.linalg.matrix_rank(ours(low)), np.linalg.matrix_rank(low))


def test_linalg_decompositions():
    a, h = _matrix((5, 3)), _hpd()
    for mode in ("reduced", "complete"):
        q, r = xp.linalg.qr(ours(a), mode=mode)
        wq, wr = np.linalg.qr(a, mode=mode)
        close(q, wq)
        close(r, wr)
    u, s, vh = xp.linalg.svd(ours(a), full_matrices=False)
    wu, ws, wvh = np.linalg.svd(a, full_matrices=False)
    close(u, wu)
    close(s, ws)
    close(vh, wvh)
    close(xp.linalg.svdvals(ours(a)), np.linalg.svd(a, compute_uv=False))
    u, s, vh = xp.linalg.svd(ours(a))
    assert u.shape == (5, 5) and vh.shape == (3, 3)
    w, v = xp.linalg.eigh(ours(h))
    ww, wv = np.linalg.eigh(h)
    close(w, ww)
    close(v, wv)
    close(xp.linalg.eigvalsh(ours(h)), np.linalg.eigvalsh(h))
    for upper in (False, True):
        c = xp.linalg.cholesky(ours(h), upper=upper)
        want = np.linalg.cholesky(h, upper=upper)
        close(c, want)
        cn = np.asarray(c)
        np.testing.assert_allclose(cn.conj().T @ cn if upper else cn @ cn.conj().T, h, rtol=1e-12)
    m = _matrix()
    w, v = xp.linalg.eig(ours(m))
    ww, wv = np.linalg.eig(m)
    close(w, ww)
    close(v, wv)
    close(xp.linalg.eigvals(ours(m)), np.linalg.eigvals(m))
    wn, vn = np.asarray(w), np.asarray(v)
    np.testing.assert_allclose(m @ vn, vn * wn, atol=1e-12)  # A v = w v


@pytest.mark.parametrize("ord", [None, 1, 2, -1, np.inf, -np.inf, 0, 3, 0.5])
def test_vector_norm(ord):
    a = _matrix((3, 4))
    kw = {} if ord is None else {"ord": ord}
    nk = {"ord": 2 if ord is None else ord}
    close(xp.linalg.vector_norm(ours(a), **kw), np.linalg.vector_norm(a, **nk))
    close(xp.linalg.vector_norm(ours(a), axis=1, keepdims=True, **kw),
          np.linalg.vector_norm(a, axis=1, keepdims=True, **nk))  # fmt: skip


@pytest.mark.parametrize("ord", ["fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf])
def test_matrix_norm(ord):
    a = _matrix((2, 3, 4))
    got = xp.linalg.matrix_norm(ours(a), ord=ord)
    close(got, np.linalg.matrix_norm(a, ord=ord))
    assert got.dtype is xp.float64


def test_float64_eig_and_mixed_solve_give_complex128():
    m = np.array([[0.0, -1.0], [1.0, 0.0]])
    w = xp.linalg.eigvals(ours(m))
    assert w.dtype is C128
    close(xp.sort(w), np.sort(np.linalg.eigvals(m)))
    close(xp.linalg.solve(ours(m), ours([1j, 2j])), np.linalg.solve(m, [1j, 2j]))


# --- fft ------------------------------------------------------------------------------------
FFT_1D = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"]
FFT_ND = ["fftn", "ifftn", "rfftn", "irfftn"]
REAL_INPUT_ONLY = {"rfft", "ihfft", "rfftn"}


@pytest.mark.parametrize("norm", ["backward", "ortho", "forward"])
@pytest.mark.parametrize("name", FFT_1D)
def test_fft_1d(name, norm):
    real = np.random.default_rng(7).standard_normal((3, 10))
    inputs = [real] if name in REAL_INPUT_ONLY else [real, cplx((3, 10), seed=8)]
    for a in inputs:
        fn, np_fn = getattr(xp.fft, name), getattr(np.fft, name)
        close(fn(ours(a), norm=norm), np_fn(a, norm=norm))
        close(fn(ours(a), n=7, axis=0, norm=norm), np_fn(a, n=7, axis=0, norm=norm))
    if name in REAL_INPUT_ONLY:
        with pytest.raises(TypeError):
            getattr(xp.fft, name)(ours(cplx(4)))


@pytest.mark.parametrize("name", FFT_ND)
@pytest.mark.parametrize(("s", "axes"), [(None, None), ((4, 6), (0, 2)), (None, (-1,))])
def test_fft_nd(name, s, axes):
    real = np.random.default_rng(9).standard_normal((4, 3, 6))
    inputs = [real] if name in REAL_INPUT_ONLY else [real, cplx((4, 3, 6), seed=10)]
    for a in inputs:
        got = getattr(xp.fft, name)(ours(a), s=s, axes=axes, norm="ortho")
        close(got, getattr(np.fft, name)(a, s=s, axes=axes, norm="ortho"))


def test_fft_helpers():
    a = cplx((4, 5))
    same(xp.fft.fftshift(ours(a)), np.fft.fftshift(a))
    same(xp.fft.ifftshift(ours(a), axes=1), np.fft.ifftshift(a, axes=1))
    same(xp.fft.fftfreq(8, d=0.1, dtype=xp.float64), np.fft.fftfreq(8, d=0.1))
    same(xp.fft.rfftfreq(9, device=CPU, dtype=xp.float64), np.fft.rfftfreq(9))
    # round trips in float64 precision
    r = np.random.default_rng(11).standard_normal(16)
    close(xp.fft.irfft(xp.fft.rfft(ours(r))), r, rtol=1e-14, atol=1e-14)
    close(xp.fft.ifft(xp.fft.fft(ours(a))), a, rtol=1e-14, atol=1e-14)


@pytest.mark.parametrize("dtype", ["float64", "complex128"])
def test_fft_argument_errors_name_the_function(dtype):
    x = ours(np.ones(4).astype(dtype))
    with pytest.raises(ValueError, match="fft.fft: n"):
        xp.fft.fft(x, n=0)
    with pytest.raises(ValueError, match="fft.fft: axis"):
        xp.fft.fft(x, axis=3)
    with pytest.raises(ValueError, match="fft.fft: norm"):
        xp.fft.fft(x, norm="none")


# --- errors ---------------------------------------------------------------------------------
def test_gpu_device_is_refused():
    """complex128 lives where float64 does: a GPU raises ValueError at call time (on a
    machine without a GPU, xp.gpu itself is refused with a sentence saying so)."""
    for make in (
        lambda: xp.zeros(2, dtype=C128, device=xp.gpu),
        lambda: xp.asarray(cplx(2), device=xp.gpu),
        lambda: xp.asarray([1j], dtype=C128, device=xp.gpu),
        lambda: ours(cplx(2)).to_device(xp.gpu),
        lambda: xp.astype(ours(np.ones(2)), C128, device=xp.gpu),
    ):
        with pytest.raises(ValueError) as e:
            make()
        msg = str(e.value)
        if xp.gpu:
            assert "complex128" in msg or "float64" in msg, msg
        else:
            assert "no GPU" in msg and "xp.cpu" in msg, msg
    if xp.gpu:
        assert "complex128" not in xp.__array_namespace_info__().dtypes(device=xp.gpu)


def test_numpy_data_is_on_the_cpu_whatever_the_default_device(other_device):
    """NumPy data keeps its device (design §5) for complex128 as for float64: with another
    default device (a GPU, where complex128 cannot go), NumPy complex128 data converts to
    the CPU; a complex128 dtype asked of a GPU is the dtype's ValueError, with no internal
    exception chained to it."""
    c = cplx(3)
    with xp.default_device(other_device):
        for x in (xp.asarray(c), xp.from_dlpack(c), xp.asarray(c[0])):
            assert x.device is xp.cpu and x.dtype is C128
        same(xp.asarray(c), c)
        # Python scalars have no device: the default device's
        if other_device.kind == "cpu":
            assert xp.asarray([1j, 2.0], dtype=C128).device is other_device
            assert xp.asarray(1j, dtype=C128).device is other_device
    if xp.gpu:
        with pytest.raises(ValueError, match="complex128 is not supported") as e:
            xp.asarray(c, dtype=C128, device=xp.gpu)
        assert e.value.__context__ is None


def test_python_conversions():
    z = ours(1.5 - 2j, dtype=C128)
    assert complex(z) == 1.5 - 2j
    assert bool(z) and not bool(ours(0j, dtype=C128))
    for conv in (int, float, operator.index):
        with pytest.raises(TypeError):
            conv(z)
    with pytest.raises(TypeError):
        complex(ours(cplx(2)))
    with pytest.raises(TypeError):
        len(z)
    with pytest.raises(TypeError):
        iter(z)
    assert len(ours(cplx((3, 2)))) == 3
    rows = list(ours(cplx((3, 2))))
    same(rows[2], cplx((3, 2))[2])


def test_devices_are_kept_and_checked():
    """Host results come back on the inputs' device; arrays on different devices are
    refused, as for MLX dtypes."""
    x = xp.asarray(cplx(3), device=VIRTUAL_CPU)
    assert x.device is VIRTUAL_CPU
    for r in (xp.exp(x), x * 2, xp.sum(x), xp.fft.fft(x), x[1:], xp.concat([x, x])):
        assert r.device is VIRTUAL_CPU
    assert xp.fft.fft(xp.asarray(np.ones(4), device=VIRTUAL_CPU)).device is VIRTUAL_CPU
    with pytest.raises(ValueError, match="device"):
        x + ours(cplx(3))
    with pytest.raises(ValueError, match="device"):
        xp.add(ours(np.ones(3)), x)
    assert x.to_device(CPU).device is CPU
    same(x.to_device(CPU), cplx(3))
    y = ours(cplx(3))
    assert y.to_device(CPU) is y


def test_eval_accepts_complex128():
    x = ours(cplx(3))
    xp.eval(x, xp.exp(x), ours(np.ones(2)))


def test_compile_refuses_complex128_with_a_sentence():
    """complex128 cannot be traced (NumPy computes it): a ValueError naming the function,
    and the uncompiled function works."""

    def double_exp(a):
        return xp.exp(a) * 2

    with pytest.raises(ValueError, match=r"xp.compile\(\S*double_exp\): complex128"):
        xp.compile(double_exp)(ours(cplx(3)))
    same(double_exp(ours(cplx(3))), np.exp(cplx(3)) * 2)


def test_roll_checks_shift_like_complex64():
    for dtype in (xp.complex64, C128):
        with pytest.raises(TypeError):
            xp.roll(ours(cplx(4), dtype=dtype), 1.5)


# Bad arguments with complex128 data raise what they raise with complex64: the same
# exception type (or a subclass) and a message naming the function (design §14: each
# function's own checks run on lazy complex64 stand-ins before NumPy computes).
ARGUMENT_ERRORS = {
    "sum axis": lambda a: xp.sum(a, axis=5),
    "mean axis": lambda a: xp.mean(a, axis=3),
    "reshape": lambda a: xp.reshape(a, (5,)),
    "concat shapes": lambda a: xp.concat([a, a[:, :1].T]),
    "matmul shapes": lambda a: a @ a[:, :1].T,
    "solve square": lambda a: xp.linalg.solve(a, a[:2]),
    "repeat negative": lambda a: xp.repeat(a, -1),
    "matrix_norm ord": lambda a: xp.linalg.matrix_norm(a, ord=3),
    "vecdot shapes": lambda a: xp.vecdot(a, a[:, :1].T),
    "zeros negative": lambda a: xp.zeros(-1, dtype=a.dtype),
    "permute_dims": lambda a: xp.permute_dims(a, (0, 0)),
    "squeeze": lambda a: xp.squeeze(a, axis=0),
    "broadcast_to": lambda a: xp.broadcast_to(a, (5, 7)),
    "take index": lambda a: xp.take(a, ours(np.array([9])), axis=0),
    "diff n": lambda a: xp.diff(a, n=-1),
    "inv square": lambda a: xp.linalg.inv(a[:, :2]),
    "eigh square": lambda a: xp.linalg.eigh(a[:, :2]),
    "where condition": lambda a: xp.where(a, a, a),
    "linspace num": lambda a: xp.linspace(0, 1, -1, dtype=a.dtype),
}


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=c[1]) if isinstance(c, tuple) else c for c in ARGUMENT_ERRORS.values()],
    ids=list(ARGUMENT_ERRORS),
)
def test_argument_errors_match_complex64(case):
    fn = case[0] if isinstance(case, tuple) else case
    errors = []
    for dtype in (xp.complex64, C128):
        a = ours(np.arange(12).reshape(3, 4) * (1 + 1j), dtype=dtype)
        with pytest.raises(Exception) as e:
            fn(a)
        errors.append(e.value)
    e64, e128 = errors
    assert isinstance(e128, type(e64)), f"{type(e128).__name__} is not a {type(e64).__name__}"
    name = str(e64).split(":")[0]
    assert str(e128).startswith(name + ":"), f"{e128!s} does not name {name}"


def test_index_array_out_of_bounds_is_an_index_error():
    """The bounds of an index array are checked by NumPy for complex128 (the check needs
    the index's values, which argument checks on stand-ins never evaluate): the same
    IndexError as for complex64, with NumPy's message."""
    for dtype in (xp.complex64, C128):
        a = ours(np.arange(12).reshape(3, 4) * (1 + 1j), dtype=dtype)
        with pytest.raises(IndexError):
            a[ours(np.array([5]))]
        with pytest.raises(IndexError):
            a[ours(np.array([5]))] = 1j


# --- interchange, persistence, repr ---------------------------------------------------------
def test_numpy_conversion():
    a = cplx((2, 3))
    x = ours(a)
    h = np.asarray(x)
    assert h.dtype == np.complex128
    np.testing.assert_array_equal(h, a)
    np.testing.assert_array_equal(x.__array__(), a)
    np.testing.assert_array_equal(x.__array__(dtype=np.complex64), a.astype(np.complex64))
    np.testing.assert_array_equal(np.array(x.mT), a.T)
    np.testing.assert_array_equal(np.asarray(x[:, ::-2]), a[:, ::-2])
    # NumPy functions on our arrays go through __array__
    np.testing.assert_array_equal(np.exp(np.asarray(x)), np.exp(a))


def test_dlpack_both_directions():
    a = cplx((3, 4))
    x = ours(a)
    assert x.__dlpack_device__() == (1, 0)
    for src, want in ((x, a), (x.mT, a.T), (x[::2, 1:], a[::2, 1:])):
        h = np.from_dlpack(src)
        assert h.dtype == np.complex128
        np.testing.assert_array_equal(h, want)
    same(xp.from_dlpack(a), a)
    same(xp.from_dlpack(a[:, ::-1]), a[:, ::-1])
    same(xp.from_dlpack(x), a)
    same(xp.from_dlpack(a, device=CPU), a)
    # shared data is exported read-only (other arrays may share the pairs), a copy writable
    shared, copied = np.from_dlpack(x, copy=False), np.from_dlpack(x, copy=True)
    np.testing.assert_array_equal(shared, a)
    assert not shared.flags.writeable and copied.flags.writeable
    copied[0, 0] = 9
    same(x, a)
    with pytest.raises(BufferError):
        x.__dlpack__(dl_device=(2, 0))
    capsule = x.__dlpack__(max_version=(1, 0))
    assert type(capsule).__name__ == "PyCapsule"


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_and_copy(protocol):
    a = cplx((3, 4))
    a[0, :4] = SPECIAL[[8, 40, 100, 120]]
    x = ours(a)
    for obj, want in ((x, a), (x[1:, ::2], a[1:, ::2]), (x.mT, a.T), (ours(2j, dtype=C128),
                      np.asarray(2j))):  # fmt: skip
        for back in (pickle.loads(pickle.dumps(obj, protocol)), copy.copy(obj), copy.deepcopy(obj)):
            same(back, want)
    v = x[0]
    d = copy.deepcopy(v)
    d[...] = 0
    same(x, a)  # a deep copy of a view is its own data


def test_joblib_persistence(tmp_path):
    joblib = pytest.importorskip("joblib")
    a = cplx((10, 20))
    x = ours(a)
    obj = {"x": x, "view": x[::2, 3:], "f": ours(a.real), "list": [x.mT]}
    path = tmp_path / "arrays.joblib"
    joblib.dump(obj, path)
    back = joblib.load(path)
    same(back["x"], a)
    same(back["view"], a[::2, 3:])
    same(back["f"], a.real)
    same(back["list"][0], a.T)


def test_repr():
    a = np.array([[1 + 2j, -0.5j], [np.inf, np.nan + 1j]])
    r = repr(ours(a))
    assert r.startswith("Array(") and "dtype=complex128" in r and "device=Device('cpu', 0)" in r
    assert np.array_repr(a)[len("array(") :].split("]]")[0] in r
    assert "complex128" in repr(ours(1j, dtype=C128))
    assert "complex128" in repr(ours(np.zeros((0, 2), complex)))


def test_threads():
    """complex128 work from many threads at once (host computation and MLX memory)."""
    data = [cplx(500, seed=s) for s in range(16)]

    def work(a):
        x = ours(a)
        y = xp.exp(x) * x + ours(a.real) * 1j
        return np.asarray(xp.sum(y)), np.asarray(xp.fft.fft(ours(a.real)))

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, data))
    for a, (s, f) in zip(data, results):
        np.testing.assert_allclose(s, np.sum(np.exp(a) * a + a.real * 1j), rtol=1e-12)
        np.testing.assert_allclose(f, np.fft.fft(a.real), rtol=1e-12, atol=1e-12)


def test_namespace_of_every_revision_has_complex128():
    x = ours(cplx(2))
    for version in ("2023.12", "2024.12", "2025.12"):
        ns = x.__array_namespace__(api_version=version)
        assert ns.complex128 is C128
        same(ns.exp(x), np.exp(cplx(2)))


def test_empty_is_zero_filled_like_every_dtype():
    """``empty`` fills with zeros for every dtype here (MLX has no uninitialised memory);
    complex128, computed by NumPy, does the same rather than return NumPy's garbage."""
    same(xp.empty((3, 2), dtype=C128), np.zeros((3, 2), np.complex128))
    same(xp.empty_like(ours(cplx((2, 2)))), np.zeros((2, 2), np.complex128))
    same(xp.empty_like(ours(np.ones(3)), dtype=C128), np.zeros(3, np.complex128))
