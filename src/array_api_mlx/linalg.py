"""The ``linalg`` extension of the standard (2025.12), batched over leading dimensions.

Device: where the LAPACK work runs is the routing table's decision (``_routing``): MLX runs
its LAPACK-backed primitives (qr, svd, inv, eigh, solve, ...) only on the CPU, and NumPy's
LAPACK on the host computes complex64 (and, on Linux, every non-empty input). Results keep
the input's device.

Differences from the standard, and why:

- complex64 ``cholesky``, ``det``, ``inv``, ``qr``, ``slogdet`` and ``solve``: MLX's LAPACK
  bindings for these are real-only, so complex input is computed by NumPy on the host (it
  evaluates the input; the result is an array on the input's device again).
- ``eig``/``eigvals`` of float64 input would have to return complex128, which MLX lacks:
  they raise TypeError (cast to float32 for complex64 results).
- ``det`` of real input is the product of the LU diagonal, not MLX's ``det`` (whose float64
  result is only accurate to about 1e-7).
- A singular or not positive-definite input raises ``LinAlgError``, a subclass of
  ``numpy.linalg.LinAlgError`` and so of the standard's ValueError: code that catches
  NumPy's error (SciPy, scikit-learn) catches ours.
- ``svd(x, full_matrices=False)`` is computed from a reduced QR (MLX's ``svd`` has no reduced
  mode), so the full M x M U of a tall matrix is never formed.
- float32 ``matmul`` on CUDA: MLX's CUDA backend may use TF32 tensor cores for float32
  matrix products (about 10 mantissa bits per input); see ``_linalg_functions``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

import mlx.core as mx
import numpy as np

from . import _dtypes as dt
from ._arguments import negative_axis, reduction_axes
from ._array_object import Array
from ._creation import mx_eye
from ._devices import Device, same_device
from ._dtypes import HostComputation
from ._host import from_numpy, to_numpy
from ._linalg_functions import _matmul_mx, matmul, matrix_transpose, tensordot, vecdot
from ._operands import as_operands, check_array
from ._routing import HOST, on_input_device, route
from ._statistical import _accumulation_dtype, mx_reduce, reduced_shape
from ._threads import evaluate

if TYPE_CHECKING:
    from ._routing import _Host

__all__ = [
    "cholesky", "cross", "det", "diagonal", "eig", "eigh", "eigvals", "eigvalsh", "inv",
    "matmul", "matrix_norm", "matrix_power", "matrix_rank", "matrix_transpose", "outer",
    "pinv", "qr", "slogdet", "solve", "svd", "svdvals", "tensordot", "trace", "vecdot",
    "vector_norm", "LinAlgError",
]  # fmt: skip


class LinAlgError(np.linalg.LinAlgError):
    """Raised for a singular or not positive-definite input (``inv``, ``solve``,
    ``cholesky``, ...).

    *Not in the standard*, which asks only for a ValueError: this subclasses NumPy's
    ``numpy.linalg.LinAlgError`` (itself a ValueError), so code written for NumPy (SciPy,
    scikit-learn) catches it too.
    """

    __module__ = "array_api_mlx.linalg"


class EigResult(NamedTuple):
    eigenvalues: Array
    eigenvectors: Array


class EighResult(NamedTuple):
    eigenvalues: Array
    eigenvectors: Array


class QRResult(NamedTuple):
    Q: Array
    R: Array


class SlogdetResult(NamedTuple):
    sign: Array
    logabsdet: Array


class SVDResult(NamedTuple):
    U: Array
    S: Array
    Vh: Array


# --- argument rules ---------------------------------------------------------------------
def _floating(x: Array, name: str, min_ndim: int = 2, square: bool = False) -> Array:
    """Check ``x`` is a floating-point array with at least ``min_ndim`` dimensions."""
    check_array(x, f"linalg.{name}")
    if x.dtype not in dt.FLOATING:
        raise TypeError(
            f"linalg.{name}: expected a floating-point array, got {x.dtype.name}; cast it "
            f"with xp.astype(x, xp.float32)"
        )
    if x.ndim < min_ndim:
        raise ValueError(
            f"linalg.{name}: x must have at least {min_ndim} dimensions, got shape {x.shape}"
        )
    if square and x.shape[-1] != x.shape[-2]:
        raise ValueError(
            f"linalg.{name}: x must be a (stack of) square matrices, got shape {x.shape}"
        )
    return x


def _lapack_dtype(a: mx.array, device: Device) -> mx.array:
    """LAPACK works in float32/float64/complex64: half precision is computed in float32."""
    if a.dtype in (mx.float16, mx.bfloat16):
        return a.astype(mx.float32, stream=device._mx)
    return a


def _wrap(a: mx.array, x: Array, dtype: dt.DType | None = None) -> Array:
    """Wrap ``a`` on ``x``'s device, cast back to ``x``'s dtype (or ``dtype``) if needed."""
    target = (dtype or x.dtype)._mx
    if a.dtype != target:
        a = a.astype(target, stream=x._device._mx)
    return Array._new(a, x._device)


def _lapack_route(
    op: str, a: mx.array, device: Device, size: int | None = None
) -> mx.Stream | _Host:
    """Where ``op``'s LAPACK work on ``a`` (``size`` elements, default ``a.size``) runs, by
    the routing table: ``HOST`` (NumPy's LAPACK, ``_on_host``) or the MLX stream to pass
    (MLX's CPU stream for GPU arrays)."""
    return route(op, a.dtype, device._mx, a.size if size is None else size)


def _on_host(
    fn: Callable[..., Any], *arrays: mx.array, name: str | None = None, problem: str | None = None
) -> Any:
    """Compute ``fn`` with NumPy's LAPACK on the host (where ``_lapack_route`` says HOST).

    Evaluates the inputs; returns ``mx.array``s with NumPy's dtypes (float32, float64,
    complex64): one, or a tuple of them where ``fn`` returns a tuple (hence ``Any``).
    NumPy's LinAlgError becomes ours, with ``problem`` as its message.
    """
    try:
        out = fn(*(to_numpy(a) for a in arrays))
    except np.linalg.LinAlgError as e:
        where = f"linalg.{name or getattr(fn, '__name__', 'function')}"
        raise LinAlgError(f"{where}: {problem} ({e})" if problem else f"{where}: {e}") from e
    if isinstance(out, tuple):
        return tuple(from_numpy(o) for o in out)
    return from_numpy(out)


def _checked(out: mx.array, name: str, problem: str) -> mx.array:
    """Evaluate a LAPACK result now: MLX reports a singular or indefinite input only at
    evaluation (RuntimeError), and NumPy with its LinAlgError; both become our
    ``LinAlgError`` (a ValueError) at call time (docs/design.md §8)."""
    try:
        evaluate(out)
    except RuntimeError as e:
        raise LinAlgError(f"linalg.{name}: {problem} ({e})") from e
    return out


def _real_dtype(d: dt.DType) -> dt.DType:
    return dt.REAL_OF.get(d, d)


def _eps(a: mx.array) -> float:
    """Machine epsilon of the precision LAPACK computes ``a`` in."""
    return float(np.finfo(np.float64 if a.dtype == mx.float64 else np.float32).eps)


# --- decompositions and solvers -----------------------------------------------------------
_NOT_PD = "x is not positive definite (or not symmetric/Hermitian)"

@on_input_device
def cholesky(x: Array, /, *, upper: bool = False) -> Array:
    """Cholesky factor (lower, or upper with ``upper=True``)."""
    x = _floating(x, "cholesky", square=True)
    a = _lapack_dtype(x._array, x._device)
    s = _lapack_route("cholesky", a, x._device)
    if s is HOST:
        low = _on_host(np.linalg.cholesky, a, problem=_NOT_PD)
        ds = x._device._mx
        out = mx.swapaxes(low, -1, -2, stream=ds) if upper else low
        if upper and a.dtype == mx.complex64:
            out = mx.conj(out, stream=ds)
    else:
        out = mx.linalg.cholesky(a, upper=bool(upper), stream=s)
        # MLX returns LAPACK's partial factor for a matrix that is not positive definite;
        # the failing step leaves a diagonal entry that is not positive (or NaN).
        diag = mx.diagonal(out, 0, -2, -1, stream=s)
        if diag.size:
            positive = mx.all(mx.greater(diag, 0, stream=s), stream=s)
            evaluate(positive)
            if not positive.item():
                raise LinAlgError(f"linalg.cholesky: {_NOT_PD}")
    return _wrap(out, x)


@on_input_device
def det(x: Array, /) -> Array:
    """Determinant: the product of the LU factor's diagonal with the permutation's sign."""
    x = _floating(x, "det", square=True)
    a = _lapack_dtype(x._array, x._device)
    if _lapack_route("det", a, x._device) is HOST:
        return _wrap(_on_host(np.linalg.det, a), x)
    return _wrap(_det_real(a, x._device), x)


def _det_real(a: mx.array, device: Device) -> mx.array:
    n = a.shape[-1]
    s = cast(mx.Stream, route("lu_factor", a.dtype, device._mx))  # never on the host
    if n == 0:
        return mx.ones(a.shape[:-2], dtype=a.dtype, stream=s)
    lu, piv = mx.linalg.lu_factor(a, stream=s)
    diag = mx.diagonal(lu, axis1=-2, axis2=-1, stream=s)
    swaps = mx.sum(piv != mx.arange(n, dtype=piv.dtype), axis=-1, stream=s)
    sign = 1 - 2 * (swaps % 2).astype(a.dtype, stream=s)
    return mx.prod(diag, axis=-1, stream=s) * sign


@on_input_device
def slogdet(x: Array, /) -> SlogdetResult:
    """Sign and natural log of the absolute value of the determinant."""
    x = _floating(x, "slogdet", square=True)
    a = _lapack_dtype(x._array, x._device)
    s = _lapack_route("slogdet", a, x._device)
    if s is HOST:
        sign, logabs = _on_host(np.linalg.slogdet, a)
    elif a.shape[-1] == 0:
        sign = mx.ones(a.shape[:-2], dtype=a.dtype, stream=x._device._mx)
        logabs = mx.zeros(a.shape[:-2], dtype=a.dtype, stream=x._device._mx)
    else:
        sign, logabs = mx.linalg.slogdet(a, stream=s)
    return SlogdetResult(_wrap(sign, x), _wrap(logabs, x, _real_dtype(x.dtype)))


@on_input_device
def eigh(x: Array, /) -> EighResult:
    """Eigenvalues (ascending) and eigenvectors of symmetric/Hermitian matrices; only the
    lower triangle is read."""
    x = _floating(x, "eigh", square=True)
    a = _lapack_dtype(x._array, x._device)
    s = _lapack_route("eigh", a, x._device)
    if s is HOST:
        w, v = _on_host(np.linalg.eigh, a)
    else:
        w, v = mx.linalg.eigh(a, UPLO="L", stream=s)
    return EighResult(_wrap(w, x, _real_dtype(x.dtype)), _wrap(v, x))


@on_input_device
def eigvalsh(x: Array, /) -> Array:
    """Eigenvalues (ascending) of symmetric/Hermitian matrices; only the lower triangle is
    read."""
    x = _floating(x, "eigvalsh", square=True)
    a = _lapack_dtype(x._array, x._device)
    s = _lapack_route("eigvalsh", a, x._device)
    if s is HOST:
        w = _on_host(np.linalg.eigvalsh, a)
    else:
        w = mx.linalg.eigvalsh(a, UPLO="L", stream=s)
    return _wrap(w, x, _real_dtype(x.dtype))


def _check_eig_dtype(x: Array, name: str) -> None:
    if x.dtype is dt.float64:  # complex128 results: NumPy's LAPACK computes (design §14)
        raise HostComputation(f"linalg.{name} of float64")


@on_input_device
def eig(x: Array, /) -> EigResult:
    """Eigenvalues and eigenvectors of general square matrices (complex results).

    float64 input, whose results are complex128 (which MLX lacks), is computed by NumPy.
    """
    x = _floating(x, "eig", square=True)
    _check_eig_dtype(x, "eig")
    a = _lapack_dtype(x._array, x._device)
    s = cast(mx.Stream, _lapack_route("eig", a, x._device))  # never on the host
    w, v = mx.linalg.eig(a, stream=s)
    if a.dtype == mx.complex64:
        # MLX 0.32 returns the complex conjugates of the eigenvectors for complex input
        # (eigenvalues are right); tests/test_linalg.py::test_eig_eigvals checks A v = w v.
        v = mx.conj(v, stream=s)
    return EigResult(_wrap(w, x, dt.complex64), _wrap(v, x, dt.complex64))


@on_input_device
def eigvals(x: Array, /) -> Array:
    """Eigenvalues of general square matrices (complex results).

    float64 input, whose results are complex128 (which MLX lacks), is computed by NumPy.
    """
    x = _floating(x, "eigvals", square=True)
    _check_eig_dtype(x, "eigvals")
    a = _lapack_dtype(x._array, x._device)
    s = cast(mx.Stream, _lapack_route("eigvals", a, x._device))  # never on the host
    w = mx.linalg.eigvals(a, stream=s)
    return _wrap(w, x, dt.complex64)


@on_input_device
def inv(x: Array, /) -> Array:
    """Inverse of square matrices."""
    x = _floating(x, "inv", square=True)
    a = _lapack_dtype(x._array, x._device)
    s = _lapack_route("inv", a, x._device)
    if s is HOST:
        out = _on_host(np.linalg.inv, a, problem="x is singular")
    elif a.shape[-1] == 0:
        out = a
    else:
        out = _checked(mx.linalg.inv(a, stream=s), "inv", "x is singular")
    return _wrap(out, x)


@on_input_device
def qr(x: Array, /, *, mode: Literal["reduced", "complete"] = "reduced") -> QRResult:
    """QR decomposition, ``mode`` "reduced" or "complete"."""
    x = _floating(x, "qr")
    if mode not in ("reduced", "complete"):
        raise ValueError(f"linalg.qr: mode must be 'reduced' or 'complete', not {mode!r}")
    a = _lapack_dtype(x._array, x._device)
    m, n = a.shape[-2:]
    s = _lapack_route("qr", a, x._device)
    if s is HOST:
        q, r = _on_host(lambda v: tuple(np.linalg.qr(v, mode=mode)), a, name="qr")
    elif m == 0 or n == 0:
        k = m if mode == "complete" else min(m, n)
        ds = x._device._mx
        eye = mx.broadcast_to(
            mx_eye(m, k, dtype=a.dtype, stream=ds), (*a.shape[:-2], m, k), stream=ds
        )
        q, r = eye, mx.zeros((*a.shape[:-2], k, n), dtype=a.dtype, stream=ds)
    else:
        if mode == "complete" and m > n:
            # The QR of [A | I] has an m x m Q whose first n columns, with R's first n
            # columns, are A's factorisation (Householder works column by column).
            eye = mx.broadcast_to(
                mx_eye(m, dtype=a.dtype, stream=s), (*a.shape[:-2], m, m), stream=s
            )
            q, r = mx.linalg.qr(mx.concatenate([a, eye], axis=-1, stream=s), stream=s)
            r = r[..., :n]
        else:
            q, r = mx.linalg.qr(a, stream=s)
    return QRResult(_wrap(q, x), _wrap(r, x))


@on_input_device
def svd(x: Array, /, *, full_matrices: bool = True) -> SVDResult:
    """Singular value decomposition ``x = U @ diag(S) @ Vh``.

    ``full_matrices=False`` never forms the full U or Vh (MLX's ``svd`` has no reduced
    mode): a tall matrix is reduced by QR first, a wide one through its transpose.
    """
    x = _floating(x, "svd")
    a = _lapack_dtype(x._array, x._device)
    m, n = a.shape[-2:]
    k = min(m, n)
    batch = a.shape[:-2]
    if k == 0:
        mu, nv = (m, n) if full_matrices else (k, k)
        ds = x._device._mx
        u = mx.broadcast_to(mx_eye(m, mu, dtype=a.dtype, stream=ds), (*batch, m, mu), stream=ds)
        vh = mx.broadcast_to(mx_eye(nv, n, dtype=a.dtype, stream=ds), (*batch, nv, n), stream=ds)
        s = mx.zeros((*batch, 0), dtype=_real_dtype(x.dtype)._mx, stream=ds)
    elif not full_matrices:
        u, s, vh = _thin_svd(a, x._device)
    elif (where := _lapack_route("svd", a, x._device)) is HOST:
        u, s, vh = _on_host(lambda v: tuple(np.linalg.svd(v)), a, name="svd")
    else:
        u, s, vh = mx.linalg.svd(a, compute_uv=True, stream=where)
    return SVDResult(_wrap(u, x), _wrap(s, x, _real_dtype(x.dtype)), _wrap(vh, x))


def _thin_svd(a: mx.array, device: Device) -> tuple[mx.array, mx.array, mx.array]:
    """Reduced SVD of non-empty ``a``: U (..., M, K), S (..., K), Vh (..., K, N).

    For M > N, ``a = Q R`` (reduced QR: verified CholeskyQR2, else Householder) and
    ``R = U_r S Vh`` give ``U = Q U_r``: only M x N and N x N matrices are formed. M < N
    uses the transpose. Where CholeskyQR2 does not apply, NumPy's LAPACK computes it on the
    host where ``_lapack_route`` says so.
    """
    m, n = a.shape[-2:]
    where = _lapack_route("svd", a, device)
    s_svd = device._mx if where is HOST else where
    wide = m < n
    if wide:
        a = mx.swapaxes(a, -1, -2, stream=s_svd)
    qr = _cholesky_qr2(a, device)  # None for square, batched, complex or unverified
    if qr is None and where is HOST:
        u, s, vh = _on_host(lambda v: tuple(np.linalg.svd(v, full_matrices=False)), a,
                            name="svd")  # fmt: skip
    elif m == n:
        return mx.linalg.svd(a, compute_uv=True, stream=s_svd)
    elif qr is None:
        # qr routes as svd, which does not run on the host here
        s_qr = cast(mx.Stream, _lapack_route("qr", a, device))
        q, r = mx.linalg.qr(a, stream=s_qr)
        u_r, s, vh = mx.linalg.svd(r, compute_uv=True, stream=s_svd)
        u = _matmul_mx(q, u_r, s_qr)
    else:  # R (N x N, float64) is on the host already: its SVD is NumPy's
        q, r_host = qr
        u_r, s, vh = (from_numpy(v, a.dtype) for v in np.linalg.svd(r_host))
        u = _matmul_mx(q, u_r, device._mx)
    if wide:  # a.T = U S Vh, so the input is Vh.T S U.T
        u, vh = mx.swapaxes(vh, -1, -2, stream=s_svd), mx.swapaxes(u, -1, -2, stream=s_svd)
    return u, s, vh


# Matrices of fewer elements are factored directly (``_thin_svd``): one host read of the
# whole matrix costs less than CholeskyQR2's three synchronisations (bench/RESULTS.md).
_CHOLESKY_QR2_MIN_SIZE = 1 << 14


def _cholesky_qr2(a: mx.array, device: Device) -> tuple[mx.array, np.ndarray] | None:
    """Reduced QR ``(Q, R)`` of a large tall real matrix by CholeskyQR2 (R a float64
    NumPy array), or None.

    MLX's Householder QR (LAPACK, CPU only) of tall matrices was nearly all the time of
    scikit-learn's LDA and Ridge (bench/RESULTS.md).
    CholeskyQR2 is two passes of: the Gram matrix ``G = Q^T Q`` (a product on the array's
    device), its Cholesky factor ``G = R^T R`` on the host (N x N, float64), ``Q = Q R^-1``.
    The result is used only when verified: both factorisations succeed (they fail once
    cond(A)^2 nears 1/eps), Q is orthonormal and ``Q R`` reproduces A to working
    precision. A factorisation passing both checks is backward stable like Householder's,
    and so is the SVD computed from it. Otherwise the caller uses Householder QR.
    Three synchronisations: the two Gram matrices, then the checks, reduced on the device
    to three numbers read together.
    """
    m, n = a.shape[-2:]
    if (
        a.ndim != 2 or m < 2 * n or a.dtype not in (mx.float32, mx.float64)
        or a.size < _CHOLESKY_QR2_MIN_SIZE
    ):  # fmt: skip
        return None
    s = device._mx
    np_dtype = np.float32 if a.dtype == mx.float32 else np.float64
    eps = float(np.finfo(np_dtype).eps)

    def gram(q: mx.array) -> mx.array:  # Q^T Q on the array's device
        return _matmul_mx(mx.swapaxes(q, 0, 1, stream=s), q, s)

    q, r = a, np.eye(n)
    for _ in range(2):
        g = to_numpy(gram(q)).astype(np.float64)
        try:
            rk = np.linalg.cholesky(g).T
            rk_inv = np.linalg.inv(rk)
        except np.linalg.LinAlgError:
            return None
        if not (np.all(np.isfinite(rk_inv)) and np.all(np.diag(rk) > 0)):
            return None
        q = _matmul_mx(q, from_numpy(rk_inv.astype(np_dtype), a.dtype), s)
        r = rk @ r
    r_mx = from_numpy(r, a.dtype)
    # max |Q^T Q - I|, max |A - Q R| and max |A|: one evaluation, one read of three numbers
    eye = mx_eye(n, dtype=a.dtype, stream=s)
    orth = mx.max(mx.abs(mx.subtract(gram(q), eye, stream=s), stream=s), stream=s)
    resid = mx.abs(mx.subtract(a, _matmul_mx(q, r_mx, s), stream=s), stream=s)
    scale = mx.max(mx.abs(a, stream=s), stream=s)
    checks = to_numpy(mx.stack([orth, mx.max(resid, stream=s), scale], stream=s))
    orth_err, resid_err, scale_max = checks.astype(np.float64).tolist()
    tol = 8 * n * eps
    # written so that NaN fails them
    if not (orth_err <= tol and resid_err <= tol * scale_max):
        return None
    return q, r


def _svdvals(a: mx.array, device: Device) -> mx.array:
    if min(a.shape[-2:]) == 0:
        rd = mx.float32 if a.dtype == mx.complex64 else a.dtype
        return mx.zeros((*a.shape[:-2], 0), dtype=rd, stream=device._mx)
    where = _lapack_route("svd", a, device)
    if where is HOST:
        out: mx.array = _on_host(lambda v: np.linalg.svd(v, compute_uv=False), a, name="svdvals")
        return out
    # MLX's stubs: svd(compute_uv=False) returns the singular values alone, not a tuple.
    return mx.linalg.svd(a, compute_uv=False, stream=where)  # type: ignore[return-value]


@on_input_device
def svdvals(x: Array, /) -> Array:
    """Singular values, in descending order."""
    x = _floating(x, "svdvals")
    return _wrap(_svdvals(_lapack_dtype(x._array, x._device), x._device), x, _real_dtype(x.dtype))


def _broadcast_batch(
    a: mx.array, b: mx.array, b_tail: int, name: str, device: Device
) -> tuple[mx.array, mx.array]:
    """Broadcast the batch dimensions of ``a`` (matrices) and ``b`` (``b_tail`` core dims)."""
    try:
        batch = np.broadcast_shapes(a.shape[:-2], b.shape[: b.ndim - b_tail])
    except ValueError:
        raise ValueError(
            f"linalg.{name}: the batch dimensions of shapes {tuple(a.shape)} and "
            f"{tuple(b.shape)} cannot be broadcast together"
        ) from None
    s = device._mx
    a = mx.broadcast_to(a, (*batch, *a.shape[-2:]), stream=s)
    b = mx.broadcast_to(b, (*batch, *b.shape[b.ndim - b_tail :]), stream=s)
    return a, b


@on_input_device
def solve(x1: Array, x2: Array, /) -> Array:
    """Solve ``x1 @ x = x2``; a 1-D ``x2`` is one vector (shape (M,))."""
    a, b, d, dev = as_operands(x1, x2, "floating-point", "linalg.solve")
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(
            f"linalg.solve: x1 must be a (stack of) square matrices, got shape {tuple(a.shape)}"
        )
    if b.ndim == 0:
        raise ValueError("linalg.solve: x2 must have at least one dimension")
    m = a.shape[-1]
    vector = b.ndim == 1
    if vector:
        b = mx.expand_dims(b, -1, stream=dev._mx)
    if b.shape[-2] != m:
        raise ValueError(
            f"linalg.solve: x2's shape {tuple(x2.shape)} does not match x1's {tuple(a.shape)}"
        )
    a, b = _broadcast_batch(_lapack_dtype(a, dev), _lapack_dtype(b, dev), 2, "solve", dev)
    s = _lapack_route("solve", a, dev, min(a.size, b.size))
    if s is HOST:
        out = _on_host(np.linalg.solve, a, b, problem="x1 is singular")
    elif m == 0 or b.shape[-1] == 0:
        out = mx.zeros(b.shape, dtype=b.dtype, stream=dev._mx)
    else:
        out = _checked(mx.linalg.solve(a, b, stream=s), "solve", "x1 is singular")
    if vector:
        out = mx.squeeze(out, -1, stream=dev._mx)
    return Array._new(out.astype(d._mx, stream=dev._mx) if out.dtype != d._mx else out, dev)


def _rtol_cutoff(
    x: Array, a: mx.array, s: mx.array, rtol: object, name: str
) -> mx.array:
    """``rtol * max(S)`` per matrix, shape (..., 1); rtol defaults to ``max(M, N) * eps``."""
    rd = s.dtype
    ds = x._device._mx
    if rtol is None:
        r = mx.array(max(a.shape[-2:]) * _eps(a), dtype=rd)
    elif isinstance(rtol, Array):
        if rtol.dtype not in dt.REAL_FLOATING:
            raise TypeError(f"linalg.{name}: rtol must be a real floating array or a float")
        same_device(x._device, rtol._device)
        r = rtol._array.astype(rd, stream=ds)[..., None]
    elif isinstance(rtol, (int, float)) and not isinstance(rtol, bool):
        r = mx.array(float(rtol), dtype=rd)
    else:
        raise TypeError(f"linalg.{name}: rtol must be a float or a real floating array")
    if s.shape[-1]:
        smax = mx.max(s, axis=-1, keepdims=True, stream=ds)
    else:
        smax = mx.zeros((*s.shape[:-1], 1), dtype=rd, stream=ds)
    return mx.multiply(r, smax, stream=ds)


@on_input_device
def matrix_rank(x: Array, /, *, rtol: float | Array | None = None) -> Array:
    """Number of singular values greater than ``rtol * largest singular value``."""
    x = _floating(x, "matrix_rank")
    a = _lapack_dtype(x._array, x._device)
    s = _svdvals(a, x._device)
    cutoff = _rtol_cutoff(x, a, s, rtol, "matrix_rank")
    ds = x._device._mx
    count = mx.sum(mx.greater(s, cutoff, stream=ds), axis=-1, stream=ds)
    return Array._new(count.astype(mx.int64, stream=ds), x._device)


@on_input_device
def pinv(x: Array, /, *, rtol: float | Array | None = None) -> Array:
    """Moore-Penrose pseudo-inverse, from the SVD (singular values at or below
    ``rtol * largest`` are treated as zero)."""
    x = _floating(x, "pinv")
    a = _lapack_dtype(x._array, x._device)
    m, n = a.shape[-2:]
    ds = x._device._mx
    if min(m, n) == 0:
        return _wrap(mx.zeros((*a.shape[:-2], n, m), dtype=a.dtype, stream=ds), x)
    u, s, vh = _thin_svd(a, x._device)
    cutoff = _rtol_cutoff(x, a, s, rtol, "pinv")
    keep = mx.greater(s, cutoff, stream=ds)
    sinv = mx.where(keep, mx.reciprocal(mx.where(keep, s, 1, stream=ds), stream=ds), 0, stream=ds)
    if a.dtype == mx.complex64:
        u, vh = mx.conj(u, stream=ds), mx.conj(vh, stream=ds)
    vs = mx.swapaxes(vh, -1, -2, stream=ds) * sinv[..., None, :].astype(a.dtype, stream=ds)
    out = _matmul_mx(vs, mx.swapaxes(u, -1, -2, stream=ds), ds)
    return _wrap(out, x)


# --- products and norms -----------------------------------------------------------------
@on_input_device
def cross(x1: Array, x2: Array, /, *, axis: int = -1) -> Array:
    """Cross product of 3-element vectors along ``axis``."""
    a, b, d, dev = as_operands(x1, x2, "numeric", "linalg.cross")
    s = dev._mx
    n = min(a.ndim, b.ndim)
    if n == 0:
        raise ValueError("linalg.cross: x1 and x2 must have at least one dimension")
    axis = negative_axis(axis, n, "linalg.cross")
    if a.shape[axis] != 3 or b.shape[axis] != 3:
        raise ValueError(
            f"linalg.cross: x1 and x2 must have size 3 along axis {axis}, got shapes "
            f"{tuple(a.shape)} and {tuple(b.shape)}"
        )
    a = mx.moveaxis(a, axis, -1, stream=s)
    b = mx.moveaxis(b, axis, -1, stream=s)
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(
            f"linalg.cross: shapes {tuple(x1.shape)} and {tuple(x2.shape)} cannot be "
            f"broadcast together"
        ) from None
    a0, a1, a2 = (a[..., i] for i in range(3))
    b0, b1, b2 = (b[..., i] for i in range(3))
    out = mx.stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], axis=-1, stream=s)
    out = mx.moveaxis(out, -1, axis, stream=s)
    return Array._new(out.astype(d._mx, stream=s), dev)


@on_input_device
def outer(x1: Array, x2: Array, /) -> Array:
    """Outer product of two 1-D arrays."""
    a, b, d, dev = as_operands(x1, x2, "numeric", "linalg.outer")
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError(
            f"linalg.outer: x1 and x2 must be 1-D, got shapes {tuple(a.shape)} and {tuple(b.shape)}"
        )
    s = dev._mx
    out = mx.multiply(mx.expand_dims(a, 1, stream=s), mx.expand_dims(b, 0, stream=s), stream=s)
    return Array._new(out.astype(d._mx, stream=s), dev)


def _diagonal(a: mx.array, offset: int, stream: mx.Stream) -> mx.array:
    """The ``offset``-th diagonals of the last two axes.

    An empty diagonal (an offset beyond the matrix) is built directly: MLX 0.32's
    ``diagonal`` view of it makes a later reduction loop for minutes.
    """
    n, m = a.shape[-2:]
    length = min(n, m - offset) if offset >= 0 else min(n + offset, m)
    if length <= 0:
        return mx.zeros((*a.shape[:-2], 0), dtype=a.dtype, stream=stream)
    return mx.diagonal(a, offset, -2, -1, stream=stream)


@on_input_device
def diagonal(x: Array, /, *, offset: int = 0) -> Array:
    """The ``offset``-th diagonals of the last two dimensions."""
    check_array(x, "linalg.diagonal")
    if x.ndim < 2:
        raise ValueError(f"linalg.diagonal: x must have at least 2 dimensions, got {x.shape}")
    offset = operator.index(offset)
    s = x._device._mx
    return Array._new(_diagonal(x._array, offset, s), x._device)


@on_input_device
def trace(x: Array, /, *, offset: int = 0, dtype: dt.DType | None = None) -> Array:
    """Sum of the ``offset``-th diagonals; the result dtype follows ``sum``'s rules."""
    check_array(x, "linalg.trace")
    if x.ndim < 2:
        raise ValueError(f"linalg.trace: x must have at least 2 dimensions, got {x.shape}")
    offset = operator.index(offset)
    d = _accumulation_dtype(x, dtype, "linalg.trace")
    s = x._device._mx
    a = x._array
    if a.dtype != d._mx:
        a = a.astype(d._mx, stream=s)
    diag = _diagonal(a, offset, s)
    return Array._new(mx.sum(diag, axis=-1, stream=s).astype(d._mx, stream=s), x._device)


@on_input_device
def matrix_power(x: Array, n: int, /) -> Array:
    """``x`` raised to the integer power ``n`` (negative powers invert first)."""
    check_array(x, "linalg.matrix_power")
    if isinstance(n, bool):
        raise TypeError("linalg.matrix_power: n must be an int")
    n = operator.index(n)
    if x.dtype not in dt.NUMERIC:
        raise TypeError(f"linalg.matrix_power: expected a numeric array, got {x.dtype.name}")
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(
            f"linalg.matrix_power: x must be a (stack of) square matrices, got shape {x.shape}"
        )
    s = x._device._mx
    if n == 0:
        eye = mx_eye(x.shape[-1], dtype=x._array.dtype, stream=s)
        return Array._new(mx.broadcast_to(eye, x.shape, stream=s), x._device)
    if n < 0:
        if x.dtype not in dt.FLOATING:
            raise TypeError(
                "linalg.matrix_power: negative powers need a floating-point array; cast "
                "x with xp.astype(x, xp.float32)"
            )
        base = inv(x)._array
        n = -n
    else:
        base = x._array
    result: mx.array | None = None
    while n:
        if n & 1:
            result = base if result is None else _matmul_mx(result, base, s)
        n >>= 1
        if n:
            base = _matmul_mx(base, base, s)
    assert result is not None  # n != 0: the loop ran
    return Array._new(result, x._device)


def _norm_input(x: Array, name: str) -> Array:
    check_array(x, f"linalg.{name}")
    if x.dtype not in dt.FLOATING:
        raise TypeError(
            f"linalg.{name}: expected a floating-point array, got {x.dtype.name}; cast it "
            f"with xp.astype(x, xp.float32)"
        )
    return x


@on_input_device
def vector_norm(
    x: Array,
    /,
    *,
    axis: int | tuple[int, ...] | None = None,
    keepdims: bool = False,
    ord: int | float = 2,
) -> Array:
    """Vector ``ord``-norm over ``axis`` (None: all elements; a tuple: those axes)."""
    x = _norm_input(x, "vector_norm")
    if isinstance(ord, bool) or not isinstance(ord, (int, float)):
        raise ValueError(f"linalg.vector_norm: ord must be an int or float, not {ord!r}")
    axes = list(reduction_axes(axis, x.ndim, "linalg.vector_norm"))
    s = x._device._mx
    keepdims = bool(keepdims)
    a = mx.abs(x._array, stream=s)
    empty = [i for i in axes if a.shape[i] == 0]
    if ord == -math.inf and empty:
        raise ValueError(
            f"linalg.vector_norm: ord=-inf over axis {empty[0]}, which has size 0, is "
            "undefined (the minimum of no elements); reduce over non-empty axes only"
        )
    if ord == math.inf and empty:  # the maximum of no absolute values: 0, as NumPy gives
        out = mx.zeros(reduced_shape(a.shape, axes, keepdims), dtype=a.dtype, stream=s)
    elif ord in (math.inf, -math.inf):
        out = mx_reduce(mx.max if ord > 0 else mx.min, a, axes, keepdims, stream=s)
    elif ord == 0:
        out = mx_reduce(mx.sum, a != 0, axes, keepdims, stream=s).astype(a.dtype, stream=s)
    elif ord == 1:
        out = mx_reduce(mx.sum, a, axes, keepdims, stream=s)
    elif ord == 2:
        out = mx.sqrt(mx_reduce(mx.sum, mx.multiply(a, a, stream=s), axes, keepdims, stream=s), stream=s)
    else:
        p = float(ord)
        total = mx_reduce(mx.sum, mx.power(a, p, stream=s), axes, keepdims, stream=s)
        out = mx.power(total, 1.0 / p, stream=s)
    return _wrap(out, x, _real_dtype(x.dtype))


@on_input_device
def matrix_norm(
    x: Array,
    /,
    *,
    keepdims: bool = False,
    ord: int | float | Literal["fro", "nuc"] | None = "fro",
) -> Array:
    """Matrix norm of the last two dimensions: ord in 'fro', 'nuc', 1, -1, 2, -2, inf,
    -inf."""
    x = _norm_input(x, "matrix_norm")
    if x.ndim < 2:
        raise ValueError(f"linalg.matrix_norm: x must have at least 2 dimensions, got {x.shape}")
    s = x._device._mx
    a = _lapack_dtype(x._array, x._device)
    if ord == "fro":
        m = mx.abs(a, stream=s)
        out = mx.sqrt(mx.sum(mx.multiply(m, m, stream=s), axis=(-2, -1), stream=s), stream=s)
    elif ord == "nuc":
        out = mx.sum(_svdvals(a, x._device), axis=-1, stream=s)
    elif ord in (2, -2) and not isinstance(ord, bool):
        sv = _svdvals(a, x._device)
        out = (mx.max if ord == 2 else mx.min)(sv, axis=-1, stream=s)
    elif ord in (1, -1, math.inf, -math.inf) and not isinstance(ord, bool):
        # 1: max column sum (sum over rows, axis -2); inf: max row sum (axis -1).
        sum_axis = -2 if ord in (1, -1) else -1
        sums = mx.sum(mx.abs(a, stream=s), axis=sum_axis, stream=s)
        out = (mx.max if ord > 0 else mx.min)(sums, axis=-1, stream=s)
    else:
        raise ValueError(
            f"linalg.matrix_norm: ord must be one of 'fro', 'nuc', 1, -1, 2, -2, inf, -inf; "
            f"got {ord!r}"
        )
    if keepdims:
        out = mx.expand_dims(out, (-2, -1), stream=s)
    return _wrap(out, x, _real_dtype(x.dtype))
