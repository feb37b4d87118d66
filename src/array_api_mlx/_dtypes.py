"""Data type objects of the namespace and their MLX counterparts.

MLX's own dtypes cannot be exported: ``mx.float32 == None`` raises TypeError, and
libraries (and the conformance suite) compare dtypes with arbitrary objects. Ours are
small objects, equal only to themselves, hashable, and map to MLX in one dict lookup.
"""

from __future__ import annotations

import builtins
from typing import Any, TypeAlias

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
    "complex128",
]


class DType:
    """A data type of the namespace (one instance per MLX dtype)."""

    __slots__ = ("name", "_mx", "_np", "kind", "bits")
    name: str
    _mx: mx.Dtype
    _np: np.dtype[Any]
    kind: str
    bits: int

    def __init__(
        self, name: str, mx_dtype: mx.Dtype, np_dtype: np.dtype[Any], kind: str, bits: int
    ) -> None:
        self.name = name
        self._mx = mx_dtype
        self._np = np_dtype
        # kind: "b" bool, "i" signed, "u" unsigned, "f" real float, "c" complex float
        self.kind = kind
        self.bits = bits

    def __repr__(self) -> str:
        return f"array_api_mlx.{self.name}"

    def __eq__(self, other: object) -> builtins.bool:
        return self is other

    def __ne__(self, other: object) -> builtins.bool:
        return self is not other

    __hash__ = object.__hash__

    def __reduce__(self) -> str:
        return self.name

    @property
    def dtype(self) -> np.dtype[Any]:
        """The matching NumPy dtype: NumPy reads a ``dtype`` attribute, so
        ``np.asarray(a, dtype=xp.float32)`` and ``np_array.astype(x.dtype)`` work (code
        such as scikit-learn's takes ``x.dtype`` to NumPy when dispatch is off).
        bfloat16 has none."""
        if self.name == "bfloat16":
            raise AttributeError("NumPy has no bfloat16 dtype")
        return self._np


class HostComputation(Exception):
    """Raised where data of a dtype MLX lacks (complex128) reaches MLX: the public function
    or operator catches it and computes on the host (``_complex128``, design §14). A user
    sees it only through a bug in this package."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what} has no MLX representation and reached MLX; array_api_mlx computes it "
            "on the host. Please report this as a bug."
        )


class _HostDType(DType):
    """A dtype of the standard that MLX lacks (complex128): ``_mx`` raises HostComputation,
    so the MLX code path of any function that meets it stops before computing anything."""

    __slots__ = ()

    def __init__(self, name: str, np_dtype: np.dtype[Any], kind: str, bits: int) -> None:
        self.name = name
        self._np = np_dtype
        self.kind = kind
        self.bits = bits

    @property
    def _mx(self) -> mx.Dtype:  # type: ignore[override]  # read-only: DType's is an attribute
        raise HostComputation(f"the dtype {self.name}")


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
# MLX has no complex128: arrays of it keep float64 pairs in MLX memory, NumPy computes.
complex128 = _HostDType("complex128", np.dtype(np.complex128), "c", 128)

ALL_DTYPES = (
    bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
    float16, bfloat16, float32, float64, complex64, complex128,
)  # fmt: skip
# The dtypes of the standard (float16/bfloat16 are extras).
STANDARD_DTYPES = (
    bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64,
    complex64, complex128,
)  # fmt: skip
# The dtypes MLX has (all but complex128).
MLX_DTYPES = tuple(d for d in ALL_DTYPES if d is not complex128)

FROM_MX = {d._mx: d for d in MLX_DTYPES}
BY_NAME = {d.name: d for d in ALL_DTYPES}
FROM_NP = {np.dtype(n): d for n, d in [
    ("bool", bool), ("int8", int8), ("int16", int16), ("int32", int32), ("int64", int64),
    ("uint8", uint8), ("uint16", uint16), ("uint32", uint32), ("uint64", uint64),
    ("float16", float16), ("float32", float32), ("float64", float64),
    ("complex64", complex64), ("complex128", complex128),
]}  # fmt: skip

# Operand categories as sets of our dtypes: the spec's names for what a function accepts
# ("numeric", "integer or boolean", ...), plus the extras.
BOOLEAN = frozenset({bool})
SIGNED = frozenset({int8, int16, int32, int64})
UNSIGNED = frozenset({uint8, uint16, uint32, uint64})
INTEGER = SIGNED | UNSIGNED
REAL_FLOATING = frozenset({float16, bfloat16, float32, float64})
COMPLEX_FLOATING = frozenset({complex64, complex128})
FLOATING = REAL_FLOATING | COMPLEX_FLOATING
REAL_NUMERIC = INTEGER | REAL_FLOATING
NUMERIC = REAL_NUMERIC | COMPLEX_FLOATING
INTEGER_OR_BOOLEAN = INTEGER | BOOLEAN
ALL = frozenset(ALL_DTYPES)

CATEGORIES = {
    "all": ALL,
    "boolean": BOOLEAN,
    "integer": INTEGER,
    "real floating": REAL_FLOATING,
    "floating-point": FLOATING,
    "real numeric": REAL_NUMERIC,
    "numeric": NUMERIC,
    "integer or boolean": INTEGER_OR_BOOLEAN,
}

# The kinds of ``isdtype`` and ``info.dtypes(kind=)``: the standard's names only.
KINDS = {
    "bool": BOOLEAN,
    "signed integer": SIGNED,
    "unsigned integer": UNSIGNED,
    "integral": INTEGER,
    "real floating": REAL_FLOATING,
    "complex floating": COMPLEX_FLOATING,
    "numeric": NUMERIC,
}

# The same as sets of MLX dtypes, for checks on raw arrays.
MX_FLOATING = frozenset(d._mx for d in FLOATING if d is not complex128)
MX_REAL_FLOATING = frozenset(d._mx for d in REAL_FLOATING)
MX_SIGNED = frozenset(d._mx for d in SIGNED)
MX_INTEGER = frozenset(d._mx for d in INTEGER)

# Default dtypes, the same on every device: float32 and complex64 because the GPU has no
# float64; int64 (as NumPy and PyTorch) so that sums and indices do not overflow.
DEFAULT_REAL = float32
DEFAULT_COMPLEX = complex64
DEFAULT_INT = int64
DEFAULT_INDEX = int64
REAL_OF = {complex64: float32, complex128: float64}


# ``isdtype``'s ``kind``: a dtype, a kind name, or a tuple of those.
Kind: TypeAlias = "DType | str | tuple[DType | str, ...]"


def is_kind(dtype: DType, kind: Kind) -> builtins.bool:
    """Whether ``dtype`` is of ``kind``: a dtype, one of the standard's kind names, or a
    tuple of those (the rule of ``isdtype``)."""
    if isinstance(kind, tuple):
        return any(is_kind(dtype, k) for k in kind)
    if isinstance(kind, DType):
        return dtype is kind
    if isinstance(kind, str):
        try:
            return dtype in KINDS[kind]
        except KeyError:
            raise ValueError(
                f"isdtype: unknown kind {kind!r}; use one of {', '.join(map(repr, KINDS))}, "
                "or a dtype"
            ) from None
    raise TypeError(f"isdtype: kind must be a dtype, a string or a tuple, not {kind!r}")


def check_dtype(dtype: object, argname: str = "dtype") -> DType:
    """Validate a user-supplied dtype argument and return it."""
    if isinstance(dtype, DType):
        return dtype
    raise TypeError(
        f"{argname} must be a dtype of array_api_mlx (e.g. xp.float32), not {dtype!r}"
    )
