"""Data type objects of the namespace and their MLX counterparts.

MLX's own dtypes cannot be exported: ``mx.float32 == None`` raises TypeError, and
libraries (and the conformance suite) compare dtypes with arbitrary objects. Ours are
small objects, equal only to themselves, hashable, and map to MLX in one dict lookup.
"""

from __future__ import annotations

import mlx.core as mx
import numpy as np

__all__ = [
    "bool",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float16",
    "bfloat16",
    "float32",
    "float64",
    "complex64",
]


class DType:
    """A data type of the namespace (one instance per MLX dtype)."""

    __slots__ = ("name", "_mx", "_np", "kind", "bits")

    def __init__(self, name: str, mx_dtype: mx.Dtype, np_dtype, kind: str, bits: int):
        self.name = name
        self._mx = mx_dtype
        self._np = np_dtype
        # kind: "b" bool, "i" signed, "u" unsigned, "f" real float, "c" complex float
        self.kind = kind
        self.bits = bits

    def __repr__(self) -> str:
        return f"array_api_mlx.{self.name}"

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    __hash__ = object.__hash__

    def __reduce__(self):
        return self.name

    @property
    def dtype(self):
        """The matching NumPy dtype: NumPy reads a ``dtype`` attribute, so
        ``np.asarray(a, dtype=xp.float32)`` and ``np_array.astype(x.dtype)`` work (code
        such as scikit-learn's takes ``x.dtype`` to NumPy when dispatch is off).
        bfloat16 has none."""
        if self._mx == mx.bfloat16:
            raise AttributeError("NumPy has no bfloat16 dtype")
        return self._np


bool = DType("bool", mx.bool_, np.dtype(np.bool_), "b", 8)
int8 = DType("int8", mx.int8, np.dtype(np.int8), "i", 8)
int16 = DType("int16", mx.int16, np.dtype(np.int16), "i", 16)
int32 = DType("int32", mx.int32, np.dtype(np.int32), "i", 32)
int64 = DType("int64", mx.int64, np.dtype(np.int64), "i", 64)
uint8 = DType("uint8", mx.uint8, np.dtype(np.uint8), "u", 8)
uint16 = DType("uint16", mx.uint16, np.dtype(np.uint16), "u", 16)
uint32 = DType("uint32", mx.uint32, np.dtype(np.uint32), "u", 32)
uint64 = DType("uint64", mx.uint64, np.dtype(np.uint64), "u", 64)
float16 = DType("float16", mx.float16, np.dtype(np.float16), "f", 16)
# NumPy has no bfloat16: conversions of it go through float32.
bfloat16 = DType("bfloat16", mx.bfloat16, np.dtype(np.float32), "f", 16)
float32 = DType("float32", mx.float32, np.dtype(np.float32), "f", 32)
float64 = DType("float64", mx.float64, np.dtype(np.float64), "f", 64)
complex64 = DType("complex64", mx.complex64, np.dtype(np.complex64), "c", 64)

ALL_DTYPES = (
    bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
    float16, bfloat16, float32, float64, complex64,
)  # fmt: skip
# The dtypes of the standard that MLX has (no complex128); float16/bfloat16 are extras.
STANDARD_DTYPES = (
    bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, complex64,
)  # fmt: skip

FROM_MX = {d._mx: d for d in ALL_DTYPES}
FROM_NP = {np.dtype(n): d for n, d in [
    ("bool", bool), ("int8", int8), ("int16", int16), ("int32", int32), ("int64", int64),
    ("uint8", uint8), ("uint16", uint16), ("uint32", uint32), ("uint64", uint64),
    ("float16", float16), ("float32", float32), ("float64", float64),
    ("complex64", complex64),
]}  # fmt: skip
BY_NAME = {d.name: d for d in ALL_DTYPES}

# Categories as sets of our dtypes (spec "Data Types" page, plus the extras).
BOOLEAN = frozenset({bool})
SIGNED = frozenset({int8, int16, int32, int64})
UNSIGNED = frozenset({uint8, uint16, uint32, uint64})
INTEGER = SIGNED | UNSIGNED
REAL_FLOATING = frozenset({float16, bfloat16, float32, float64})
COMPLEX_FLOATING = frozenset({complex64})
FLOATING = REAL_FLOATING | COMPLEX_FLOATING
REAL_NUMERIC = INTEGER | REAL_FLOATING
NUMERIC = REAL_NUMERIC | COMPLEX_FLOATING
INTEGER_OR_BOOLEAN = INTEGER | BOOLEAN
ALL = frozenset(ALL_DTYPES)

CATEGORIES = {
    "all": ALL,
    "bool": BOOLEAN,
    "boolean": BOOLEAN,
    "signed integer": SIGNED,
    "unsigned integer": UNSIGNED,
    "integer": INTEGER,
    "integral": INTEGER,
    "real floating": REAL_FLOATING,
    "complex floating": COMPLEX_FLOATING,
    "floating-point": FLOATING,
    "floating": FLOATING,
    "real numeric": REAL_NUMERIC,
    "numeric": NUMERIC,
    "integer or boolean": INTEGER_OR_BOOLEAN,
}

# The same categories as sets of MLX dtypes, for fast checks on raw arrays.
MX_CATEGORIES = {name: frozenset(d._mx for d in cat) for name, cat in CATEGORIES.items()}

COMPLEX_OF = {float32: complex64, float16: complex64, bfloat16: complex64}
REAL_OF = {complex64: float32}


def dtype_of(x) -> DType:
    """Our dtype for an ``mx.array`` (one dict lookup)."""
    return FROM_MX[x.dtype]


def check_dtype(dtype, argname: str = "dtype") -> DType:
    """Validate a user-supplied dtype argument and return it."""
    if isinstance(dtype, DType):
        return dtype
    if dtype is complex or (isinstance(dtype, str) and dtype == "complex128"):
        raise TypeError(
            f"{argname}=complex128 is not available: MLX has no complex128; use complex64"
        )
    raise TypeError(
        f"{argname} must be a dtype of array_api_mlx (e.g. xp.float32), not {dtype!r}"
    )
