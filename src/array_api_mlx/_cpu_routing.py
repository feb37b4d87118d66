"""Which MLX operations run on the CPU stream whatever the array's device (DESIGN 2).

MLX implements several linear-algebra primitives only on the CPU (LAPACK): on a GPU stream
they raise "not yet supported on the GPU" when evaluated. ``CPU_ONLY`` is the one table that
says which; ``stream_for(op, device)`` is the stream to pass to MLX for ``op`` on an array
placed on ``device``. The caller wraps the result with the input's device, so placement is
unchanged: later operations on the result run on the array's own device (MLX memory is
unified on Apple silicon and managed on CUDA, so no copy is made).

Ops not listed run on the array's device. An op that later gains a GPU kernel in MLX is
simply removed from the table.
"""

from __future__ import annotations

import sys

import mlx.core as mx
import numpy as np

from ._devices import Device, cpu
from ._threads import evaluate

__all__ = [
    "CPU_ONLY", "CPU_ONLY_COMPLEX", "stream_for", "runs_on_cpu", "complex_on_cpu",
    "blas_matmul", "HOST_LAPACK",
]  # fmt: skip

# Names are those of ``mx.linalg`` functions (``svdvals`` is ``svd(compute_uv=False)``).
CPU_ONLY = frozenset({
    "cholesky", "cholesky_inv", "det", "eig", "eigh", "eigvals", "eigvalsh", "inv", "lu",
    "lu_factor", "pinv", "qr", "slogdet", "solve", "solve_triangular", "svd", "tri_inv",
})  # fmt: skip

# Elementwise ops and scatters whose GPU kernels lack complex64 (MLX 0.32, CUDA: "Can not
# do unary op ArcTanh on input of complex64", "GPU scatter does not yet support complex64"),
# or get it wrong (measured on an H200 by the conformance suite: arcsin/arccos of large |z|
# overflow to inf, tanh(+0 + inf j) gives NaN + NaN j where the spec says +0 + NaN j,
# sqrt(-0 + 0j) loses the zero's sign).
CPU_ONLY_COMPLEX = frozenset(
    {"arcsinh", "arccosh", "arctanh", "arcsin", "arccos", "tanh", "sqrt", "scatter"}
)

_CPU = cpu._mx


def runs_on_cpu(op: str, device: Device) -> bool:
    """Whether ``op`` on an array placed on ``device`` is sent to the CPU stream."""
    return device.kind == "gpu" and op in CPU_ONLY


def stream_for(op: str, device: Device):
    """The MLX stream to pass as ``stream=`` for ``op`` on an array placed on ``device``."""
    return _CPU if runs_on_cpu(op, device) else device._mx


def complex_on_cpu(op: str, fn):
    """``fn(a, stream=...)`` that sends complex64 input of ``op`` (in
    ``CPU_ONLY_COMPLEX``) from a GPU stream to the CPU stream."""

    def f(a, stream):
        if a.dtype == mx.complex64 and stream.device.type == mx.gpu:
            stream = _CPU
        return fn(a, stream=stream)

    f.__name__ = op
    return f


# MLX's CPU matmul in its Linux wheels (mlx 0.32, mlx[cpu] and the CPU side of mlx[cuda])
# is not a tuned BLAS: measured on a 2-core EPYC, 500x500 float32 took 54 ms against
# NumPy's 1.4 ms (OpenBLAS), 100000x100 by 100x100 352 ms against 24 ms, and it was most of
# every scikit-learn workload's time. Large float32/float64 products on the CPU therefore go
# through NumPy's BLAS there. That evaluates the operands (the one exception to DESIGN 6's
# laziness, for products of at least _BLAS_MIN_FLOPS multiply-adds); macOS builds use
# Accelerate and keep MLX's matmul.
BLAS_MATMUL = sys.platform.startswith("linux")
_BLAS_MIN_FLOPS = 2**18  # 64x64x64: below this MLX's lazy graph is kept
_BLAS_DTYPES = frozenset({mx.float32, mx.float64})


def blas_matmul(a: mx.array, b: mx.array, stream) -> mx.array | None:
    """``a @ b`` through NumPy's BLAS for a large float32/float64 product on the CPU
    (``stream``: the MLX stream the product runs on), else None: MLX's matmul then. The
    operands have one dtype and shapes MLX accepted."""
    if not BLAS_MATMUL or stream.device.type != mx.cpu or a.dtype not in _BLAS_DTYPES:
        return None
    n = b.shape[-1] if b.ndim > 1 else 1
    if a.size * n < _BLAS_MIN_FLOPS:
        return None
    evaluate(a, b)
    out = np.matmul(np.asarray(a), np.asarray(b))
    return mx.array(out, dtype=a.dtype)


# Its CPU LAPACK there is slow as well: measured on a 2-core EPYC against NumPy's (OpenBLAS)
# for 500 x 500 float32, eigh 126 vs 19 ms, svd 245 vs 54 ms, inv 48 vs 11 ms, cholesky
# 15 vs 3 ms, and on an H200's host eigh of 100 x 100 took 3.4 ms. On Linux, linalg's
# LAPACK-backed functions (cholesky, det, slogdet, eigh, eigvalsh, inv, qr, solve, svd,
# svdvals) therefore run NumPy's LAPACK on the host, as they did already for complex64,
# which MLX's LAPACK lacks: for CPU arrays and for GPU ones (unified or CUDA-managed memory
# the host reads). They evaluate their input at call time (inv, solve and cholesky did
# already, to raise LinAlgError then). eig and eigvals keep MLX's (NumPy returns real
# dtypes for real eigenvalues).
HOST_LAPACK = sys.platform.startswith("linux")
