"""The one adapter between MLX arrays and NumPy arrays on the host.

Every conversion of an ``mx.array`` to NumPy, and of NumPy data back to MLX, goes through
``to_numpy`` and ``from_numpy``: they carry MLX's conversion gaps, which a bare
``np.asarray(mx_array)`` or ``mx.array(numpy_array)`` would hit.
"""

from __future__ import annotations

import mlx.core as mx
import numpy as np

from . import _dtypes as dt
from ._devices import cpu
from ._threads import evaluate

__all__ = ["to_numpy", "from_numpy", "pairs_to_numpy", "pairs_from_numpy"]

_FROM_MX = dt.FROM_MX
_BF16 = mx.bfloat16
# MLX exports int64 and uint64 as C 'long long' ('q', 'Q'); NumPy's own are 'long' ('l',
# 'L') on Linux. Same bits, but C code that checks the type number (SciPy's ndimage)
# rejects 'q': such arrays are viewed as NumPy's own dtype (type number -> dtype).
_RENUMBER = {
    np.dtype(c).num: np.dtype(t)
    for c, t in (("q", np.int64), ("Q", np.uint64))
    if np.dtype(c).num != np.dtype(t).num
}


def to_numpy(a: mx.array) -> np.ndarray:
    """The data of ``a`` as a NumPy array (evaluates ``a``; no copy where MLX can share
    its memory). bfloat16 comes back as float32, NumPy having no bfloat16."""
    if a.size == 0:
        # MLX's CUDA backend crashes converting an empty GPU array to NumPy.
        return np.empty(tuple(a.shape), dtype=_FROM_MX[a.dtype]._np)
    if a.dtype == _BF16:  # no buffer format NumPy reads
        a = a.astype(mx.float32, stream=cpu._mx)
    evaluate(a)
    n = np.asarray(a)
    native = _RENUMBER.get(n.dtype.num)
    return n if native is None else n.view(native)


def from_numpy(n: object, dtype: mx.Dtype | None = None) -> mx.array:
    """A new ``mx.array`` holding the NumPy array (or scalar) ``n``, of ``dtype`` (default:
    ``n``'s own; MLX alone would turn float64 into float32). Data with negative strides,
    which MLX cannot import, is copied contiguous; bfloat16 is built from float32."""
    if type(n) is not np.ndarray:
        n = np.asarray(n)
    if dtype is None:
        dtype = dt.FROM_NP[n.dtype]._mx
    if dtype == _BF16:
        return mx.array(n.astype(np.float32), dtype=mx.float32).astype(_BF16, stream=cpu._mx)
    try:
        return mx.array(n, dtype=dtype)
    except ValueError:
        if not n.ndim or min(n.strides) >= 0:
            raise
        return mx.array(np.ascontiguousarray(n), dtype=dtype)


def pairs_to_numpy(pairs: mx.array) -> np.ndarray:
    """complex128 data held as float64 pairs (shape ``(..., 2)``, NumPy's complex128 bytes)
    as a NumPy complex128 array (no copy where the pairs are contiguous)."""
    n = to_numpy(pairs)
    if n.strides[-1] != 8:  # the pair axis of a lazily permuted MLX array
        n = np.ascontiguousarray(n)
    return n.view(np.complex128).reshape(n.shape[:-1])


def pairs_from_numpy(n: object) -> mx.array:
    """NumPy data (complex128, or anything castable to it) as float64 pairs in MLX."""
    c = np.asarray(n, dtype=np.complex128, order="C")
    return mx.array(c.reshape(-1).view(np.float64).reshape(*c.shape, 2), dtype=mx.float64)
