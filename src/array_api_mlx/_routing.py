"""Where MLX work runs: one table, op x dtype x device -> an MLX stream or the host.

An array's operations run on its device (docs/design.md §2): call sites pass its MLX device as
``stream=``. ``route(op, dtype, stream)`` says where ``op`` on data of ``dtype`` placed on
``stream``'s device runs instead, when somewhere else:

- ``CPU``: MLX's CPU stream. MLX lacks the GPU kernel (or it is wrong); the result keeps
  the array's device, and MLX's unified or CUDA-managed memory is read by both.
- ``HOST``: NumPy on the host memory (evaluates the inputs). MLX's result is not accurate
  enough, MLX lacks the function, or NumPy's BLAS/LAPACK is much faster.

Everything else runs on ``stream`` itself. Placement takes one form per layer: hot paths
pass ``stream=`` to every MLX call; ``stream_context`` and ``on_input_device`` put MLX calls
that take no ``stream=`` (indexing, operators inside whole linalg and fft functions) on a
device. An op that gains a correct GPU kernel in MLX leaves the table.
"""

from __future__ import annotations

import enum
import functools
import math
import sys
from collections.abc import Callable, Iterable
from typing import Final, ParamSpec, TypeAlias, TypeVar

import mlx.core as mx

from ._devices import cpu
from ._trace import TRACE, untraceable

__all__ = [
    "CPU", "HOST", "ROUTED_DTYPES", "ROUTED_OPS", "TABLE", "on_input_device", "route",
    "stream_context",
]  # fmt: skip

CPU = cpu._mx  # the package's CPU stream (``_threads``)


class _Host(enum.Enum):
    # An enum member, so that ``where is HOST`` narrows ``where`` for type checkers.
    HOST = "HOST"

    def __repr__(self) -> str:
        return "HOST"


HOST: Final = _Host.HOST

_ANY = frozenset({
    mx.bool_, mx.int8, mx.int16, mx.int32, mx.int64, mx.uint8, mx.uint16, mx.uint32,
    mx.uint64, mx.float16, mx.bfloat16, mx.float32, mx.float64, mx.complex64,
})  # fmt: skip
_F32_F64 = frozenset({mx.float32, mx.float64})
_C64 = frozenset({mx.complex64})
_BOTH = (mx.cpu, mx.gpu)
# MLX's CPU BLAS and LAPACK in its Linux wheels (mlx[cpu], and the CPU side of mlx[cuda])
# are not tuned ones: NumPy's (OpenBLAS) is several times faster (bench/RESULTS.md). macOS
# builds use Accelerate and keep MLX's.
_SLOW_MLX_BLAS = sys.platform.startswith("linux")

# MLX's linalg primitives that exist only on the CPU (LAPACK; a GPU stream raises "not yet
# supported on the GPU" at evaluation). Names are those of ``mx.linalg``; ``svdvals`` is
# ``svd(compute_uv=False)``.
_MLX_CPU_ONLY_LINALG = (
    "cholesky", "cholesky_inv", "det", "eig", "eigh", "eigvals", "eigvalsh", "inv", "lu",
    "lu_factor", "pinv", "qr", "slogdet", "solve", "solve_triangular", "svd", "tri_inv",
)  # fmt: skip
# linalg functions computed by NumPy's LAPACK where the host route applies (``eig`` and
# ``eigvals`` stay with MLX: NumPy returns real dtypes for real eigenvalues).
_HOST_LAPACK = (
    "cholesky", "det", "eigh", "eigvalsh", "inv", "qr", "slogdet", "solve", "svd",
)  # fmt: skip

# GPU kernels that lack complex64 (MLX 0.32, CUDA: "Can not do unary op ArcTanh on input
# of complex64") or get it wrong (measured on an H200 by the conformance suite: arcsin and
# arccos of large |z| overflow to inf, tanh(+0 + inf j) gives NaN + NaN j where the spec says
# +0 + NaN j, sqrt(-0 + 0j) loses the zero's sign).
_GPU_COMPLEX_GAPS = ("arcsinh", "arccosh", "arctanh", "arcsin", "arccos", "tanh", "sqrt")

# A row of the table: (ops, MLX dtypes, device types, where, least work).
_Row: TypeAlias = "tuple[Iterable[str], Iterable[mx.Dtype], Iterable[mx.DeviceType], mx.Stream | _Host, float]"
_Rows: TypeAlias = "tuple[tuple[float, mx.Stream | _Host], ...]"
# The table. Rows are read in order and the first that matches decides: (ops, MLX dtypes,
# device types, where, least work). A row applies only to calls whose ``work`` (elements,
# or multiply-adds for matmul) is at least its least work: below that, later rows (and in
# the end the array's own stream) decide.
TABLE: tuple[_Row, ...] = (
    # MLX's LAPACK bindings have no complex64.
    (_HOST_LAPACK, _C64, _BOTH, HOST, 0),
    # MLX computes these float64 functions in float32 precision on the CPU (exp overflows
    # above 88.7; logaddexp inherits exp's error): tests/test_float64_accuracy.py measures
    # every float64 function in ulps against NumPy. The GPU has no float64.
    (("exp", "sin", "cos", "logaddexp"), frozenset({mx.float64}), (mx.cpu,), HOST, 0),
    *(
        [
            # NumPy's LAPACK, for CPU and GPU arrays alike (the host reads unified or
            # CUDA-managed memory); empty input stays with MLX, which builds it lazily.
            (_HOST_LAPACK, _F32_F64, _BOTH, HOST, 1),
            # NumPy's BLAS for products of at least 64 x 64 x 64 multiply-adds: below
            # that MLX's lazy graph is kept (docs/design.md §6's laziness is the rule).
            (("matmul",), _F32_F64, (mx.cpu,), HOST, 2**18),
        ]
        if _SLOW_MLX_BLAS
        else []
    ),
    # The positions of a boolean mask's True elements (``nonzero``, ``x[mask]``): NumPy
    # reads a CPU array's buffer without a copy and finds them several times faster than
    # MLX's prefix sum and scatter. On the GPU they stay on the device, so that neither the
    # mask nor the positions travel through the host.
    (("nonzero",), frozenset({mx.bool_}), (mx.cpu,), HOST, 0),
    (_MLX_CPU_ONLY_LINALG, _ANY, (mx.gpu,), CPU, 0),
    (_GPU_COMPLEX_GAPS, _C64, (mx.gpu,), CPU, 0),
    # MLX's GPU scatter (``__setitem__`` with index arrays, ``mx.eye``) has no 64-bit
    # integers or complex64 ("GPU scatter does not yet support complex64").
    (("scatter",), frozenset({mx.int64, mx.uint64, mx.complex64}), (mx.gpu,), CPU, 0),
)


def _compile(table: Iterable[_Row]) -> dict[str, dict[mx.Dtype, tuple[_Rows, _Rows]]]:
    """``{op: {dtype: (CPU rows, GPU rows)}}``, each row ``(least work, where)``, in table
    order."""
    out: dict[str, dict[mx.Dtype, tuple[list[tuple[float, mx.Stream | _Host]], ...]]] = {}
    for ops, dtypes, types, where, least in table:
        for op in ops:
            for d in dtypes:
                pair = out.setdefault(op, {}).setdefault(d, ([], []))
                for t in types:
                    pair[t == mx.gpu].append((least, where))
    return {
        op: {d: (tuple(c), tuple(g)) for d, (c, g) in by_dtype.items()}
        for op, by_dtype in out.items()
    }


_ROUTES = _compile(TABLE)
# Ops with at least one row (hot paths skip the lookup for the others).
ROUTED_OPS = frozenset(_ROUTES)
# For each op, the dtypes with at least one row.
ROUTED_DTYPES = {op: frozenset(by_dtype) for op, by_dtype in _ROUTES.items()}
_GPU = mx.gpu
_STREAM = mx.Stream
# HOST rows that exist for speed only: in an ``xp.compile`` trace, which cannot run
# anything on the host, these ops fall through to MLX (later rows, then the stream).
_HOST_FOR_SPEED = frozenset({"matmul", "nonzero"})


_S = TypeVar("_S", bound="mx.Stream | mx.Device")
_P = ParamSpec("_P")
_R = TypeVar("_R")


def route(
    op: str, dtype: mx.Dtype, stream: _S, work: float = math.inf
) -> _S | mx.Stream | _Host:
    """Where ``op`` on ``dtype`` data placed on ``stream`` (the MLX device of the array's
    device) runs: ``stream`` itself, ``CPU`` or ``HOST``. ``work`` is the call's size in the
    table's units (elements; multiply-adds for matmul): rows needing more are skipped."""
    by_dtype = _ROUTES.get(op)
    if by_dtype is not None:
        pair = by_dtype.get(dtype)
        if pair is not None:
            kind = stream.device.type if isinstance(stream, _STREAM) else stream.type
            for least, where in pair[kind is _GPU]:
                if work >= least:
                    if where is HOST and TRACE.name is not None:
                        if op in _HOST_FOR_SPEED:
                            continue
                        raise untraceable(
                            f"{op} of {str(dtype).rsplit('.', 1)[-1]} data",
                            "it runs on the host through NumPy here",
                        )
                    return where
    return stream


def stream_context(stream: mx.Stream) -> mx.StreamContext:
    """A context (``mx.stream``) that runs the MLX calls inside it that take no ``stream=``
    (operators, indexing) on ``stream``, also where that is MLX's default device: MLX's
    default stream would bind the lazy result to this thread (``_threads``)."""
    return mx.stream(stream)


def on_input_device(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fn`` with MLX's default stream on the device of its first array argument.

    For functions built from many MLX operations (linalg, fft), where an operator or an
    index without ``stream=`` would otherwise run on MLX's default stream: on MLX's default
    device (the GPU, where float64 CPU data would fail), bound to the calling thread.
    """

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        dev = getattr(args[0], "_device", None) if args else None
        if dev is None:
            return fn(*args, **kwargs)
        with stream_context(dev._mx):
            return fn(*args, **kwargs)

    return wrapper
