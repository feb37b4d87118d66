"""Type promotion (docs/design.md §4): the spec's table plus the cross-kind extension."""

from __future__ import annotations

import builtins
from collections.abc import Iterable

from . import _dtypes as dt
from ._dtypes import (
    bfloat16,
    bool,
    complex64,
    complex128,
    float16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    uint8,
    uint16,
    uint32,
    uint64,
)  # fmt: skip

_SIGNED = (int8, int16, int32, int64)
_UNSIGNED = (uint8, uint16, uint32, uint64)


def _build_table() -> dict[tuple[dt.DType, dt.DType], dt.DType]:
    table = {}
    # Same-kind integer promotion: the wider type.
    for group in (_SIGNED, _UNSIGNED):
        for i, a in enumerate(group):
            for b in group[i:]:
                table[a, b] = table[b, a] = b
    # Mixed signed/unsigned: the smallest signed type that holds both (none for uint64).
    for u in _UNSIGNED[:3]:
        for s in _SIGNED:
            r = s if s.bits > u.bits else {8: int16, 16: int32, 32: int64}[u.bits]
            table[u, s] = table[s, u] = r
    # Floating point (float16/bfloat16 are extras: float16+bfloat16 -> float32 as in MLX).
    floats = (float16, float32, float64)
    for i, a in enumerate(floats):
        for b in floats[i:]:
            table[a, b] = table[b, a] = b
    table[bfloat16, bfloat16] = bfloat16
    for f in (float16,):
        table[f, bfloat16] = table[bfloat16, f] = float32
    table[bfloat16, float32] = table[float32, bfloat16] = float32
    table[bfloat16, float64] = table[float64, bfloat16] = float64
    table[complex64, complex64] = complex64
    table[complex64, complex128] = table[complex128, complex64] = complex128
    table[complex128, complex128] = complex128
    # Real with complex (the spec's table since 2023.12): the complex type that holds
    # both precisions.
    for f in (float16, bfloat16, float32):
        table[f, complex64] = table[complex64, f] = complex64
        table[f, complex128] = table[complex128, f] = complex128
    table[float64, complex64] = table[complex64, float64] = complex128
    table[float64, complex128] = table[complex128, float64] = complex128
    table[bool, bool] = bool
    return table


_TABLE = _build_table()


def _cross_kind(a: dt.DType, b: dt.DType) -> dt.DType | None:
    """The extension for pairs the spec leaves open (docs/design.md §4); None if undefined."""
    ka, kb = a.kind, b.kind
    if ka == kb:
        return None
    # bool with anything: the other type.
    if ka == "b":
        return b
    if kb == "b":
        return a
    # integer with floating: the floating type.
    if ka in "iu" and kb in "fc":
        return b
    if kb in "iu" and ka in "fc":
        return a
    return None


def promote(a: dt.DType, b: dt.DType) -> dt.DType:
    """The result dtype of a binary operation on arrays of dtypes ``a`` and ``b``."""
    if a is b:
        return a
    r = _TABLE.get((a, b))
    if r is None:
        r = _cross_kind(a, b)
        if r is None:
            raise TypeError(
                f"{a.name} and {b.name} cannot be type promoted together (uint64 with a "
                f"signed integer has no integer result); cast one explicitly with astype"
            )
    return r


def result_type_of(dtypes: Iterable[dt.DType]) -> dt.DType:
    it = iter(dtypes)
    r = next(it)
    for d in it:
        r = promote(r, d)
    return r


def scalar_dtype(
    value: object, array_dtype: dt.DType, default_float: dt.DType = float32
) -> dt.DType:
    """The dtype a Python scalar takes when combined with an array of ``array_dtype``.

    Scalars adopt the array's dtype when of a compatible kind; a float scalar with an
    integer or bool array gives the default float dtype; a complex scalar with a real
    array gives the complex dtype of the array's precision (complex128 for float64,
    complex64 otherwise); an int scalar with a bool array gives the default integer.
    """
    k = array_dtype.kind
    if isinstance(value, builtins.bool):  # the module name ``bool`` is our dtype
        return array_dtype
    if isinstance(value, int):
        if k == "b":
            return int64
        return array_dtype
    if isinstance(value, float):
        return array_dtype if k in "fc" else default_float
    if isinstance(value, complex):
        if k == "c":
            return array_dtype
        return complex128 if array_dtype is float64 else complex64
    raise TypeError(f"expected a Python scalar, got {type(value).__name__}")
