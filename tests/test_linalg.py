"""linalg extension and the main namespace's matmul/tensordot/vecdot: differential tests
against numpy.linalg, batched, per device and dtype; CPU routing of LAPACK-only ops."""

from __future__ import annotations

import math
import sys

import mlx.core as mx
import numpy as np
import pytest

import array_api_mlx as xp
from array_api_mlx import _devices, _routing

SPEC_NAMES = [
    "cholesky", "cross", "det", "diagonal", "eig", "eigh", "eigvals", "eigvalsh", "inv",
    "matmul", "matrix_norm", "matrix_power", "matrix_rank", "matrix_transpose", "outer",
    "pinv", "qr", "slogdet", "solve", "svd", "svdvals", "tensordot", "trace", "vecdot",
    "vector_norm",
]  # fmt: skip

TOL = {xp.float32: 2e-4, xp.float64: 1e-11, xp.complex64: 5e-4}


def dtypes(device, complex_ok=True):
    out = [xp.float32]
    if device.kind == "cpu":
        out.append(xp.float64)
    if complex_ok:
        out.append(xp.complex64)
    return out


def rand(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape)
    if dtype is xp.complex64:
        a = a + 1j * rng.standard_normal(shape)
    return a.astype(dtype._np)


def well_conditioned(shape, dtype, seed=0):
    n = shape[-1]
    return (rand(shape, dtype, seed) + 3 * n**0.5 * np.eye(n)).astype(dtype._np)


def hermitian_pd(shape, dtype, seed=0):
    a = rand(shape, dtype, seed)
    h = a @ np.conj(np.swapaxes(a, -1, -2)) + shape[-1] * np.eye(shape[-1])
    return h.astype(dtype._np)


def close(actual, expected, dtype, scale=1.0):
    got = np.asarray(actual)
    assert got.shape == np.shape(expected)
    np.testing.assert_allclose(
        got,
        expected,
        rtol=TOL[dtype] * scale,
        atol=TOL[dtype] * scale * max(1.0, np.max(np.abs(expected), initial=0)),
    )


def on(a, device):
    return xp.asarray(a, device=device)


def gpu_kind_device():
    """``xp.gpu`` where there is one, else a GPU-kind device whose work MLX runs on the CPU
    (to test the routing decision and result placement on a CPU-only machine)."""
    if xp.gpu:
        return xp.gpu
    return _devices.Device._interned.get(("gpu", 99)) or _devices.Device._make(
        "gpu", 99, mx.Device(mx.cpu, 0)
    )


def test_all_spec_names_exported():
    assert sorted(xp.linalg.__all__) == sorted([*SPEC_NAMES, "LinAlgError"])
    for name in SPEC_NAMES:
        assert callable(getattr(xp.linalg, name))
    assert xp.linalg.matmul is xp.matmul


# --- decompositions -----------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(4, 4), (2, 3, 5, 5)])
@pytest.mark.parametrize("upper", [False, True])
def test_cholesky(device, shape, upper):
    for dtype in dtypes(device):
        h = hermitian_pd(shape, dtype)
        low = np.linalg.cholesky(h)
        expected = np.conj(np.swapaxes(low, -1, -2)) if upper else low
        res = xp.linalg.cholesky(on(h, device), upper=upper)
        assert res.dtype is dtype and res.device is device
        close(res, expected, dtype)


@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4), (0, 3, 3)])
def test_inv_det_slogdet(device, shape):
    for dtype in dtypes(device):
        a = well_conditioned(shape, dtype)
        x = on(a, device)
        close(xp.linalg.inv(x), np.linalg.inv(a), dtype, scale=10)
        close(xp.linalg.det(x), np.linalg.det(a), dtype, scale=10)
        sign, logabs = xp.linalg.slogdet(x)
        nsign, nlogabs = np.linalg.slogdet(a)
        assert sign.dtype is dtype and logabs.dtype is xp.real(sign).dtype
        close(sign, nsign, dtype, scale=10)
        close(logabs, nlogabs, dtype, scale=10)
        assert xp.linalg.det(x).dtype is dtype


def test_det_sign_and_singular():
    a = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    assert float(xp.linalg.det(xp.asarray(a))) == -1.0
    z = xp.zeros((3, 3))
    assert float(xp.linalg.det(z)) == 0.0
    sign, logabs = xp.linalg.slogdet(z)
    assert float(sign) == 0.0 and float(logabs) == -math.inf


def test_slogdet_fields():
    res = xp.linalg.slogdet(xp.eye(3))
    assert type(res) is not tuple and res._fields == ("sign", "logabsdet")


@pytest.mark.parametrize("shape", [(4, 4), (2, 3, 3)])
def test_eigh_eigvalsh(device, shape):
    for dtype in dtypes(device):
        h = hermitian_pd(shape, dtype)
        res = xp.linalg.eigh(on(h, device))
        assert res._fields == ("eigenvalues", "eigenvectors")
        w, v = np.asarray(res.eigenvalues), np.asarray(res.eigenvectors)
        real = xp.float64 if dtype is xp.float64 else xp.float32
        assert res.eigenvalues.dtype is real and res.eigenvectors.dtype is dtype
        close(w, np.linalg.eigvalsh(h), dtype, scale=10)
        recon = (v * w[..., None, :]) @ np.conj(np.swapaxes(v, -1, -2))
        close(recon, h, dtype, scale=10)
        close(xp.linalg.eigvalsh(on(h, device)), np.linalg.eigvalsh(h), dtype, scale=10)


@pytest.mark.parametrize("shape", [(4, 4), (2, 3, 3)])
def test_eig_eigvals(device, shape):
    for dtype in (xp.float32, xp.complex64):
        a = rand(shape, dtype)
        res = xp.linalg.eig(on(a, device))
        assert res._fields == ("eigenvalues", "eigenvectors")
        assert res.eigenvalues.dtype is xp.complex64 and res.eigenvectors.dtype is xp.complex64
        w, v = np.asarray(res.eigenvalues), np.asarray(res.eigenvectors)
        close(a @ v, v * w[..., None, :], xp.complex64, scale=10)
        got = np.sort_complex(np.asarray(xp.linalg.eigvals(on(a, device))))
        close(got, np.sort_complex(np.linalg.eigvals(a)), xp.complex64, scale=10)


def test_eig_float64_gives_complex128():
    a = np.array([[0.0, -1.0, 0.5], [1.0, 0.0, 0.25], [0.0, 0.0, 2.0]])
    w, v = xp.linalg.eig(xp.asarray(a, device=xp.cpu))
    assert w.dtype == v.dtype == xp.complex128
    w, v = np.asarray(w), np.asarray(v)
    np.testing.assert_allclose(a @ v, v * w, atol=1e-12)  # A v = w v, in float64 precision
    got = np.sort_complex(np.asarray(xp.linalg.eigvals(xp.asarray(a, device=xp.cpu))))
    np.testing.assert_allclose(got, np.sort_complex(np.linalg.eigvals(a)), rtol=1e-13)


@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (2, 4, 4), (2, 1, 5, 2), (0, 3)])
@pytest.mark.parametrize("mode", ["reduced", "complete"])
def test_qr(device, shape, mode):
    for dtype in dtypes(device):
        a = rand(shape, dtype)
        q, r = xp.linalg.qr(on(a, device), mode=mode)
        nq, nr = np.linalg.qr(a, mode=mode)
        assert q.shape == nq.shape and r.shape == nr.shape
        assert q.dtype is dtype and r.dtype is dtype
        q, r = np.asarray(q), np.asarray(r)
        assert np.all(np.tril(r, -1) == 0)
        close(q @ r, a, dtype, scale=10)
        eye = np.eye(q.shape[-1])
        close(
            np.conj(np.swapaxes(q, -1, -2)) @ q,
            np.broadcast_to(eye, (*shape[:-2], *eye.shape)),
            dtype,
            10,
        )


def test_qr_bad_mode():
    with pytest.raises(ValueError, match="mode"):
        xp.linalg.qr(xp.eye(3), mode="r")


@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (2, 4, 4), (0, 2)])
@pytest.mark.parametrize("full_matrices", [True, False])
def test_svd_svdvals(device, shape, full_matrices):
    for dtype in dtypes(device):
        a = rand(shape, dtype)
        res = xp.linalg.svd(on(a, device), full_matrices=full_matrices)
        assert res._fields == ("U", "S", "Vh")
        nu, ns, nvh = np.linalg.svd(a, full_matrices=full_matrices)
        assert res.U.shape == nu.shape and res.S.shape == ns.shape and res.Vh.shape == nvh.shape
        real = xp.float64 if dtype is xp.float64 else xp.float32
        assert res.U.dtype is dtype and res.S.dtype is real and res.Vh.dtype is dtype
        u, s, vh = (np.asarray(t) for t in res)
        close(s, ns, dtype, scale=10)
        k = min(shape[-2:])
        close((u[..., :, :k] * s[..., None, :]) @ vh[..., :k, :], a, dtype, scale=10)
        close(xp.linalg.svdvals(on(a, device)), ns, dtype, scale=10)


def test_solve(device):
    for dtype in dtypes(device):
        a = well_conditioned((2, 3, 4, 4), dtype)
        b = rand((3, 4, 2), dtype, seed=1)  # batch dims broadcast against a's
        close(xp.linalg.solve(on(a, device), on(b, device)), np.linalg.solve(a, b), dtype, 10)
        v = rand((4,), dtype, seed=2)  # 1-D x2 is one vector
        close(xp.linalg.solve(on(a, device), on(v, device)), np.linalg.solve(a, v), dtype, 10)
    with pytest.raises(ValueError):
        xp.linalg.solve(xp.eye(3), xp.ones((4, 1)))
    with pytest.raises(ValueError):
        xp.linalg.solve(xp.ones((3, 4)), xp.ones((3, 1)))


def test_solve_promotes():
    a = xp.asarray(well_conditioned((3, 3), xp.float32))
    b = xp.asarray(np.ones((3,)))
    assert xp.linalg.solve(a, b).dtype is xp.float64


@pytest.mark.parametrize("shape", [(4, 3), (2, 3, 5)])
def test_pinv(device, shape):
    for dtype in dtypes(device):
        a = rand(shape, dtype)
        close(xp.linalg.pinv(on(a, device)), np.linalg.pinv(a), dtype, scale=10)
    # rtol cuts off small singular values
    a = np.diag([1.0, 1e-3, 0.0]).astype(np.float32)
    close(xp.linalg.pinv(xp.asarray(a), rtol=1e-2), np.linalg.pinv(a, rtol=1e-2), xp.float32)


def test_matrix_rank(device):
    rng = np.random.default_rng(0)
    a = (rng.standard_normal((3, 5, 2)) @ rng.standard_normal((3, 2, 4))).astype(np.float32)
    a[1, :, :] = 0
    a[2] = np.diag([1.0, 1e-3, 1e-5, 0.0, 0.0])[:, :4]
    for dtype in dtypes(device, complex_ok=False):
        x = on(a.astype(dtype._np), device)
        res = xp.linalg.matrix_rank(x)
        assert res.dtype is xp.int64
        np.testing.assert_array_equal(np.asarray(res), np.linalg.matrix_rank(a.astype(dtype._np)))
        got = np.asarray(xp.linalg.matrix_rank(x, rtol=1e-2))
        np.testing.assert_array_equal(got, np.linalg.matrix_rank(a.astype(dtype._np), rtol=1e-2))
        np.testing.assert_array_equal(got, [2, 0, 1])
        rtol = xp.asarray([0.5, 0.5, 1e-4], dtype=dtype, device=device)
        expected = np.linalg.matrix_rank(a.astype(dtype._np), rtol=np.array([0.5, 0.5, 1e-4]))
        np.testing.assert_array_equal(np.asarray(xp.linalg.matrix_rank(x, rtol=rtol)), expected)


# --- products, norms, others --------------------------------------------------------------
@pytest.mark.parametrize("n", [-3, -1, 0, 1, 2, 5])
def test_matrix_power(device, n):
    for dtype in dtypes(device):
        a = well_conditioned((2, 3, 3), dtype) / 4
        close(xp.linalg.matrix_power(on(a, device), n), np.linalg.matrix_power(a, n), dtype, 20)
    if n >= 0:
        ai = np.arange(9, dtype=np.int32).reshape(3, 3)
        res = xp.linalg.matrix_power(on(ai, device), n)
        assert res.dtype is xp.int32
        np.testing.assert_array_equal(np.asarray(res), np.linalg.matrix_power(ai, n))
    else:
        with pytest.raises(TypeError):
            xp.linalg.matrix_power(xp.asarray([[1, 2], [3, 4]]), n)


@pytest.mark.parametrize("ord", ["fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf])
@pytest.mark.parametrize("keepdims", [False, True])
def test_matrix_norm(device, ord, keepdims):
    for dtype in dtypes(device):
        a = rand((2, 3, 4), dtype)
        res = xp.linalg.matrix_norm(on(a, device), ord=ord, keepdims=keepdims)
        expected = np.linalg.matrix_norm(a, ord=ord, keepdims=keepdims)
        assert res.dtype is (xp.float64 if dtype is xp.float64 else xp.float32)
        close(res, expected, dtype, scale=10)
    with pytest.raises(ValueError):
        xp.linalg.matrix_norm(xp.eye(3), ord=3)


@pytest.mark.parametrize("ord", [2, 1, 0, -1, -2, math.inf, -math.inf, 3, 0.5, -1.5])
@pytest.mark.parametrize("axis", [None, 1, -1, (0, 2), (2, 0, 1)])
def test_vector_norm(device, ord, axis):
    for dtype in dtypes(device):
        a = rand((2, 3, 4), dtype)
        a.flat[3] = 0
        for keepdims in (False, True):
            res = xp.linalg.vector_norm(on(a, device), ord=ord, axis=axis, keepdims=keepdims)
            with np.errstate(divide="ignore"):  # negative ord with a zero entry
                expected = np.linalg.vector_norm(a, ord=ord, axis=axis, keepdims=keepdims)
            assert res.dtype is (xp.float64 if dtype is xp.float64 else xp.float32)
            close(res, expected, dtype, scale=10)


def test_norms_reject_integers():
    with pytest.raises(TypeError):
        xp.linalg.vector_norm(xp.asarray([1, 2]))
    with pytest.raises(TypeError):
        xp.linalg.matrix_norm(xp.asarray([[1, 2]]))
    with pytest.raises(TypeError):
        xp.linalg.inv(xp.asarray([[1, 2], [3, 4]]))


@pytest.mark.parametrize("offset", [-5, -1, 0, 2, 7])
def test_trace_diagonal(device, offset):
    for dtype in [*dtypes(device), xp.int8, xp.uint8, xp.int64]:
        a = (rand((2, 4, 5), xp.float64) * 10).astype(dtype._np)
        d = xp.linalg.diagonal(on(a, device), offset=offset)
        np.testing.assert_array_equal(np.asarray(d), np.diagonal(a, offset, -2, -1))
        t = xp.linalg.trace(on(a, device), offset=offset)
        expected = np.trace(a, offset, -2, -1)
        assert t.dtype.name == expected.dtype.name
        close(t, expected, dtype if dtype.kind in "fc" else xp.float64)
    t = xp.linalg.trace(on(np.ones((3, 3), np.int32), device), dtype=xp.int16)
    assert t.dtype is xp.int16 and int(t) == 3


def test_trace_diagonal_empty():
    """Offsets beyond the matrix give empty diagonals and zero traces (MLX's own diagonal
    view of this shape made the following sum loop for minutes)."""
    x = xp.ones((3, 3, 1, 1), dtype=xp.uint64)
    for offset in (-7, -1, 1, 7):
        assert xp.linalg.diagonal(x, offset=offset).shape == (3, 3, 0)
        t = xp.linalg.trace(x, offset=offset)
        assert t.dtype is xp.uint64
        np.testing.assert_array_equal(np.asarray(t), np.zeros((3, 3)))


@pytest.mark.parametrize(
    ("sa", "sb", "axis"),
    [((2, 4, 3), (4, 3), -1), ((2, 3, 4), (1, 3, 4), -2), ((3, 2, 4), (3, 1, 4), -3),
     ((3, 2), (3, 2), 0)],
)  # fmt: skip
def test_cross(device, sa, sb, axis):
    for dtype in [*dtypes(device), xp.int32]:
        a = (rand(sa, xp.float64) * 5).astype(dtype._np)
        b = (rand(sb, xp.float64, seed=1) * 5).astype(dtype._np)
        res = xp.linalg.cross(on(a, device), on(b, device), axis=axis)
        expected = np.cross(a, b, axis=axis)
        assert res.dtype is dtype
        close(res, expected, dtype if dtype.kind in "fc" else xp.float64)
    with pytest.raises(ValueError):
        xp.linalg.cross(xp.ones((2, 4)), xp.ones((2, 4)))


def test_outer(device):
    for dtype in [*dtypes(device), xp.int16]:
        a, b = rand((3,), xp.float64).astype(dtype._np), rand((4,), xp.float64, 1).astype(dtype._np)
        res = xp.linalg.outer(on(a, device), on(b, device))
        assert res.dtype is dtype
        close(res, np.outer(a, b), dtype if dtype.kind in "fc" else xp.float64)
    with pytest.raises(ValueError):
        xp.linalg.outer(xp.ones((2, 2)), xp.ones(2))


@pytest.mark.parametrize(
    ("sa", "sb"), [((3,), (3,)), ((2, 3), (3, 4)), ((2, 1, 3, 4), (5, 4, 2)), ((4,), (2, 4, 3))]
)
def test_matmul(device, sa, sb):
    for dtype in [*dtypes(device), xp.int32, xp.uint8]:
        a = (rand(sa, xp.float64) * 4).astype(dtype._np)
        b = (rand(sb, xp.float64, 1) * 4).astype(dtype._np)
        res = xp.linalg.matmul(on(a, device), on(b, device))
        assert res.dtype is dtype and res.device is device
        expected = np.matmul(a, b)
        if dtype.kind in "iu":
            np.testing.assert_array_equal(np.asarray(res), expected)
        else:
            close(res, expected, dtype)
    with pytest.raises(ValueError):
        xp.matmul(xp.ones((2, 3)), xp.ones((2, 3)))


def test_matmul_float32_accuracy(device):
    """float32 matmul against float64 NumPy within the float32 error bound of a dot product
    (k * eps * |a| @ |b|). A TF32 product (about 10 mantissa bits) exceeds it."""
    rng = np.random.default_rng(0)
    k = 256
    a = rng.standard_normal((64, k)).astype(np.float32)
    b = rng.standard_normal((k, 48)).astype(np.float32)
    got = np.asarray(xp.matmul(on(a, device), on(b, device))).astype(np.float64)
    exact = a.astype(np.float64) @ b.astype(np.float64)
    bound = k * np.finfo(np.float32).eps * (np.abs(a).astype(np.float64) @ np.abs(b))
    assert np.all(np.abs(got - exact) <= bound)


@pytest.mark.parametrize(
    ("sa", "sb", "axes"),
    [((2, 3, 4), (3, 4, 5), 2), ((2, 3), (3, 2), ((0, 1), (1, 0))), ((3,), (4,), 0),
     ((2, 3, 4), (4, 3), ([-1, 1], [0, -1]))],
)  # fmt: skip
def test_tensordot(device, sa, sb, axes):
    for dtype in [*dtypes(device), xp.int64]:
        a = (rand(sa, xp.float64) * 4).astype(dtype._np)
        b = (rand(sb, xp.float64, 1) * 4).astype(dtype._np)
        res = xp.linalg.tensordot(on(a, device), on(b, device), axes=axes)
        close(res, np.tensordot(a, b, axes=axes), dtype if dtype.kind in "fc" else xp.float64)


@pytest.mark.parametrize(
    ("sa", "sb", "axis"), [((3,), (3,), -1), ((2, 3), (4, 1, 3), -1), ((3, 2), (3, 2), -2)]
)
def test_vecdot(device, sa, sb, axis):
    for dtype in [*dtypes(device), xp.int32]:
        a = (rand(sa, xp.float64 if dtype.kind != "c" else dtype) * 4).astype(dtype._np)
        b = (rand(sb, xp.float64 if dtype.kind != "c" else dtype, 1) * 4).astype(dtype._np)
        res = xp.linalg.vecdot(on(a, device), on(b, device), axis=axis)
        expected = np.vecdot(a, b, axis=axis)  # conjugates the first argument
        assert res.dtype is dtype
        close(res, expected, dtype if dtype.kind in "fc" else xp.float64)


# --- float64 accuracy (docs/design.md §3) ----------------------------------------------------------
FLOAT64_CASES = {
    "det": (lambda m: xp.linalg.det(m), np.linalg.det),
    "inv": (lambda m: xp.linalg.inv(m), np.linalg.inv),
    "solve": (lambda m: xp.linalg.solve(m, m[..., :3]), lambda m: np.linalg.solve(m, m[..., :3])),
    "pinv": (lambda m: xp.linalg.pinv(m), np.linalg.pinv),
    "pinv_tall": (lambda m: xp.linalg.pinv(m[..., :7]), lambda m: np.linalg.pinv(m[..., :7])),
    "pinv_wide": (lambda m: xp.linalg.pinv(m[..., :7, :]), lambda m: np.linalg.pinv(m[..., :7, :])),
    "svd_reduced_tall_S": (lambda m: xp.linalg.svd(m[..., :7], full_matrices=False).S,
                           lambda m: np.linalg.svd(m[..., :7], compute_uv=False)),
    "svd_reduced_wide_S": (lambda m: xp.linalg.svd(m[..., :7, :], full_matrices=False).S,
                           lambda m: np.linalg.svd(m[..., :7, :], compute_uv=False)),
    "svdvals": (lambda m: xp.linalg.svdvals(m), lambda m: np.linalg.svd(m, compute_uv=False)),
    "eigvalsh": (lambda m: xp.linalg.eigvalsh(m + m.mT), lambda m: np.linalg.eigvalsh(m + m.mT)),
    "cholesky": (lambda m: xp.linalg.cholesky(m @ m.mT), lambda m: np.linalg.cholesky(m @ m.mT)),
    "slogdet": (lambda m: xp.linalg.slogdet(m).logabsdet, lambda m: np.linalg.slogdet(m)[1]),
    "matrix_norm_nuc": (lambda m: xp.linalg.matrix_norm(m, ord="nuc"),
                        lambda m: np.linalg.matrix_norm(m, ord="nuc")),
    "vector_norm_3.5": (lambda m: xp.linalg.vector_norm(m, ord=3.5, axis=-1),
                        lambda m: np.linalg.vector_norm(m, ord=3.5, axis=-1)),
    "matrix_power_-2": (lambda m: xp.linalg.matrix_power(m, -2), lambda m: np.linalg.matrix_power(m, -2)),
    "matmul": (lambda m: m @ m, lambda m: m @ m),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(FLOAT64_CASES))
def test_float64_accuracy_in_eps(name):
    """float64 results stay within 100 eps (relative to the result's largest entry) of
    NumPy's; scikit-learn compares float64 at about 1000 eps."""
    ours, ref = FLOAT64_CASES[name]
    a = well_conditioned((3, 20, 20), xp.float64) / 5
    got = np.asarray(ours(xp.asarray(a)))
    assert got.dtype == np.float64
    expected = ref(a)
    err = np.max(np.abs(got - expected)) / np.max(np.abs(expected)) / np.finfo(np.float64).eps
    assert err < 100, f"{name}: {err:.1f} eps"


# --- CPU routing (docs/design.md §2) -----------------------------------------------------------------
def test_routing_table():
    gpu_stream = mx.Device(mx.gpu, 0)  # a value: constructing it needs no GPU
    linux = sys.platform.startswith("linux")
    for op in ("qr", "svd", "inv", "eigh", "eigvalsh", "solve"):
        # MLX's LAPACK is CPU-only; on Linux NumPy's LAPACK on the host is used instead.
        want = _routing.HOST if linux else _routing.CPU
        assert _routing.route(op, mx.float32, gpu_stream, 9) is want
        assert _routing.route(op, mx.float32, gpu_stream, 0) is _routing.CPU  # empty
        assert _routing.route(op, mx.complex64, gpu_stream, 0) is _routing.HOST
        cpu_want = _routing.HOST if linux else xp.cpu._mx
        assert _routing.route(op, mx.float32, xp.cpu._mx, 9) is cpu_want
    for op in ("eig", "eigvals", "lu_factor"):
        assert _routing.route(op, mx.float32, gpu_stream) is _routing.CPU
        assert _routing.route(op, mx.float32, xp.cpu._mx) is xp.cpu._mx
    assert _routing.route("matmul", mx.float32, gpu_stream) is gpu_stream


def test_cpu_only_ops_keep_gpu_placement():
    g = gpu_kind_device()
    a = xp.asarray(well_conditioned((2, 3, 3), xp.float32), device=g)
    h = xp.asarray(hermitian_pd((2, 3, 3), xp.float32), device=g)
    results = [
        *xp.linalg.svd(a), xp.linalg.inv(a), xp.linalg.solve(a, a), *xp.linalg.qr(a),
        *xp.linalg.eigh(h), xp.linalg.pinv(a), xp.linalg.det(a), *xp.linalg.slogdet(a),
        xp.linalg.cholesky(h), xp.linalg.eigvals(a), xp.linalg.matrix_rank(a),
        xp.linalg.matrix_norm(a, ord=2), xp.linalg.matrix_power(a, -1),
        *xp.linalg.svd(a[..., :2], full_matrices=False), xp.linalg.pinv(a[..., :2, :]),
    ]  # fmt: skip
    for r in results:
        assert r.device is g
    # and the values are right
    an = np.asarray(a)
    close(xp.linalg.inv(a), np.linalg.inv(an), xp.float32)
    # later operations run on the array's own device again
    assert (xp.linalg.inv(a) @ a).device is g


def test_singular_and_indefinite_inputs_raise_at_call_time(device):
    """MLX fails only at evaluation (inv, solve) or returns LAPACK's partial factor
    silently (cholesky); NumPy raises LinAlgError: we raise ValueError at call time."""
    singular = xp.asarray([[1.0, 2.0], [2.0, 4.0]], device=device)
    indefinite = xp.asarray([[1.0, 2.0], [2.0, 1.0]], device=device)
    with pytest.raises(ValueError, match="singular"):
        xp.linalg.inv(singular)
    with pytest.raises(ValueError, match="singular"):
        xp.linalg.matrix_power(singular, -1)
    with pytest.raises(ValueError, match="singular"):
        xp.linalg.solve(singular, xp.asarray([1.0, 1.0], device=device))
    with pytest.raises(ValueError, match="positive definite"):
        xp.linalg.cholesky(indefinite)
    with pytest.raises(ValueError):
        xp.linalg.cholesky(xp.astype(indefinite, xp.complex64))
    good = xp.asarray([[4.0, 2.0], [2.0, 3.0]], device=device)
    np.testing.assert_allclose(
        np.asarray(xp.linalg.cholesky(good)),
        np.linalg.cholesky([[4.0, 2.0], [2.0, 3.0]]),
        rtol=1e-6,
    )


def test_singular_and_indefinite_inputs_raise_linalgerror(device):
    """The error is our LinAlgError: NumPy's LinAlgError (as SciPy and scikit-learn catch)
    and the standard's ValueError both catch it, and its class lives in our module."""
    assert issubclass(xp.linalg.LinAlgError, np.linalg.LinAlgError)
    assert issubclass(xp.linalg.LinAlgError, ValueError)
    assert xp.linalg.LinAlgError.__module__ == "array_api_mlx.linalg"
    singular = xp.asarray([[1.0, 2.0], [2.0, 4.0]], device=device)
    indefinite = xp.asarray([[1.0, 2.0], [2.0, 1.0]], device=device)
    calls = [
        lambda: xp.linalg.inv(singular),
        lambda: xp.linalg.solve(singular, xp.asarray([1.0, 1.0], device=device)),
        lambda: xp.linalg.cholesky(indefinite),
        lambda: xp.linalg.cholesky(xp.astype(indefinite, xp.complex64)),  # NumPy on the host
        lambda: xp.linalg.inv(xp.astype(singular, xp.complex64)),
    ]
    for call in calls:
        with pytest.raises(np.linalg.LinAlgError) as info:
            call()
        assert type(info.value) is xp.linalg.LinAlgError
        with pytest.raises(ValueError):
            call()


# --- reduced SVD: never the full U -----------------------------------------------------------
@pytest.mark.parametrize("shape", [(20000, 8), (8, 20000), (3, 500, 6), (2, 6, 500)])
def test_svd_reduced_large(shape):
    a = rand(shape, xp.float32, seed=3)
    res = xp.linalg.svd(xp.asarray(a), full_matrices=False)
    m, n = shape[-2:]
    k = min(m, n)
    batch = shape[:-2]
    assert (res.U.shape, res.S.shape, res.Vh.shape) == ((*batch, m, k), (*batch, k), (*batch, k, n))
    u, s, vh = (np.asarray(t) for t in res)
    expected = np.linalg.svd(a, compute_uv=False)
    np.testing.assert_allclose(s, expected, rtol=1e-4)
    close((u * s[..., None, :]) @ vh, a, xp.float32, scale=5)
    eye = np.broadcast_to(np.eye(k), (*batch, k, k))
    np.testing.assert_allclose(np.swapaxes(u, -1, -2) @ u, eye, atol=1e-4)
    np.testing.assert_allclose(vh @ np.swapaxes(vh, -1, -2), eye, atol=1e-4)


@pytest.mark.parametrize("shape", [(60000, 3), (3, 60000)])
def test_svd_reduced_never_forms_full_u(shape):
    """A full U (or Vh) of 60000 x 60000 float32 would be 14 GB: MLX fails or crashes on
    the allocation (or, with that much memory, breaks the peak-memory bound). The reduced
    SVD and pinv, built on it, finish with small memory."""
    a = rand(shape, xp.float32, seed=4)
    x = xp.asarray(a)
    mx.reset_peak_memory()
    u, s, vh = xp.linalg.svd(x, full_matrices=False)
    mx.eval(u._array, s._array, vh._array)
    assert mx.get_peak_memory() < 2**30  # a full U alone: 60000**2 * 4 bytes = 14.4 GB
    assert u.shape == (shape[0], 3) and vh.shape == (3, shape[1])
    np.testing.assert_allclose(np.asarray(s), np.linalg.svd(a, compute_uv=False), rtol=1e-4)
    np.testing.assert_allclose(
        np.asarray(xp.linalg.pinv(x)), np.linalg.pinv(a), rtol=1e-3, atol=1e-6
    )
    assert int(xp.linalg.matrix_rank(x)) == 3
    np.testing.assert_allclose(
        np.asarray(xp.linalg.svdvals(x)), np.linalg.svd(a, compute_uv=False), rtol=1e-4
    )


@pytest.mark.parametrize(
    ("sa", "sb"), [((300, 200), (200, 100)), ((3, 100, 64), (64, 50)), ((4096,), (4096, 80))]
)
def test_large_matmul_matches_numpy(device, sa, sb, monkeypatch):
    """Products large enough for NumPy's BLAS on a Linux CPU (the routing table's host
    row, ``_linalg_functions.host_matmul``) keep the dtype, the device and NumPy's result;
    elsewhere MLX computes them."""
    from array_api_mlx import _linalg_functions

    routed = []

    def spy(a, b):
        routed.append(True)
        return blas(a, b)

    blas = _linalg_functions.host_matmul
    monkeypatch.setattr(_linalg_functions, "host_matmul", spy)
    for dtype in dtypes(device):
        a, b = rand(sa, dtype), rand(sb, dtype, 1)
        res = on(a, device) @ on(b, device)
        assert res.dtype is dtype and res.device is device
        close(res, np.matmul(a, b), dtype)
    assert any(routed) == (sys.platform.startswith("linux") and device.kind == "cpu")
    with pytest.raises(ValueError, match="matmul"):
        on(rand((300, 200), xp.float32), device) @ on(rand((300, 200), xp.float32), device)


def test_thin_svd_of_tall_matrices(device, monkeypatch):
    """Tall real matrices factor by verified CholeskyQR2 on the array's device; a
    rank-deficient one (its Gram matrix has no Cholesky factor) falls back to Householder
    QR. Both give NumPy's singular values and a reconstruction of the input."""
    from array_api_mlx import linalg

    used = []
    cqr2 = linalg._cholesky_qr2
    monkeypatch.setattr(
        linalg, "_cholesky_qr2", lambda a, d: used.append(out := cqr2(a, d)) or out
    )
    rng = np.random.default_rng(0)
    good = rng.standard_normal((600, 40)) @ np.diag(np.logspace(0, -3, 40))
    deficient = good.copy()
    deficient[:, 1] = deficient[:, 0]
    for dtype in dtypes(device, complex_ok=False):
        for a in (good.astype(dtype._np), deficient.astype(dtype._np)):
            u, s, vh = xp.linalg.svd(on(a, device), full_matrices=False)
            assert u.shape == (600, 40) and s.shape == (40,) and vh.shape == (40, 40)
            assert u.device is device and u.dtype is dtype
            ref = np.linalg.svd(a.astype(np.float64), compute_uv=False)
            tol = TOL[dtype] * ref[0]
            np.testing.assert_allclose(np.asarray(s), ref, rtol=0, atol=tol)
            rebuilt = (np.asarray(u) * np.asarray(s)) @ np.asarray(vh)
            np.testing.assert_allclose(rebuilt, a, rtol=0, atol=10 * tol)
    # the well-conditioned matrix took CholeskyQR2, the rank-deficient one did not
    assert [out is not None for out in used] == [True, False] * len(dtypes(device, False))


def test_thin_svd_host_reads(device, monkeypatch):
    """CholeskyQR2 reads the host three times (two Gram matrices, then its three check
    values together) and evaluates nothing else; a matrix too small for it is factored
    directly, in one read, with the same results."""
    from array_api_mlx import linalg

    reads = []
    to_numpy = linalg.to_numpy
    monkeypatch.setattr(linalg, "to_numpy", lambda a: reads.append(tuple(a.shape)) or to_numpy(a))
    monkeypatch.setattr(linalg, "evaluate", lambda *a: reads.append("evaluate"))
    rng = np.random.default_rng(3)
    for shape, expected in (((600, 40), [(40, 40), (40, 40), (3,)]), ((99, 5), [(99, 5)])):
        for dtype in dtypes(device, complex_ok=False):
            a = rng.standard_normal(shape).astype(dtype._np)
            reads.clear()
            u, s, vh = xp.linalg.svd(on(a, device), full_matrices=False)
            # elsewhere than Linux, MLX's Householder QR factors the small one lazily
            host = sys.platform.startswith("linux") or shape == (600, 40)
            assert reads == (expected if host else []), shape
            ref = np.linalg.svd(a.astype(np.float64), compute_uv=False)
            np.testing.assert_allclose(np.asarray(s), ref, rtol=0, atol=TOL[dtype] * ref[0])
            rebuilt = (np.asarray(u) * np.asarray(s)) @ np.asarray(vh)
            np.testing.assert_allclose(rebuilt, a, rtol=0, atol=10 * TOL[dtype] * ref[0])
