"""Data type functions: astype, can_cast, finfo, iinfo, isdtype, result_type."""

from __future__ import annotations

from dataclasses import dataclass

import mlx.core as mx
import numpy as np

from . import _dtypes as dt
from ._array_object import Array
from ._devices import Device, check_device, check_dtype_on
from ._operands import check_array
from ._promotion import promote, result_type_of, scalar_dtype

__all__ = ["astype", "can_cast", "finfo", "iinfo", "isdtype", "result_type"]


def astype(
    x: Array, dtype: dt.DType, /, *, copy: bool = True, device: Device | None = None
) -> Array:
    """Cast ``x`` to ``dtype`` (on ``device`` if given). Any cast is allowed, as in the
    standard; complex to real raises TypeError (use ``xp.real``) rather than drop the
    imaginary part silently."""
    check_array(x, "astype")
    dtype = dt.check_dtype(dtype)
    dev = x._device if device is None else check_device(device)
    check_dtype_on(dev, dtype)
    if x.dtype.kind == "c" and dtype.kind != "c":
        raise TypeError(
            f"astype: casting {x.dtype.name} to {dtype.name} would drop the imaginary part; "
            "use xp.real(x) or xp.abs(x) first"
        )
    if dtype is x.dtype and not copy and dev is x._device:
        return x
    a = x._array
    if dtype is x.dtype:
        if not copy:
            return x if dev is x._device else Array._new(a, dev)
        with mx.stream(dev._mx):  # copy on the target device, not MLX's default
            return Array._new(mx.array(a), dev)
    return Array._new(a.astype(dtype._mx, stream=dev._mx), dev)


def _dtype_of(arg: object, name: str) -> dt.DType:
    if isinstance(arg, dt.DType):
        return arg
    if isinstance(arg, Array):
        return arg.dtype
    raise TypeError(f"{name}: expected a dtype or an array, got {arg!r}")


def can_cast(from_: dt.DType | Array, to: dt.DType, /) -> bool:
    """True when promoting ``from_`` with ``to`` gives ``to`` (the promotion rules)."""
    f = _dtype_of(from_, "can_cast")
    to = dt.check_dtype(to, "to")
    try:
        return promote(f, to) is to
    except TypeError:
        return False


@dataclass(frozen=True)
class finfo_object:
    bits: int
    eps: float
    max: float
    min: float
    smallest_normal: float
    dtype: dt.DType


@dataclass(frozen=True)
class iinfo_object:
    bits: int
    max: int
    min: int
    dtype: dt.DType


def finfo(type: dt.DType | Array, /) -> finfo_object:
    d = _dtype_of(type, "finfo")
    if d.kind not in "fc":
        raise TypeError(f"finfo: expected a floating-point dtype, got {d.name}")
    real = dt.REAL_OF.get(d, d)
    if real is dt.bfloat16:
        fi = mx.finfo(mx.bfloat16)
        return finfo_object(16, float(fi.eps), float(fi.max), float(fi.min),
                            float(2.0**-126), d)  # fmt: skip
    fi = np.finfo(real._np)
    return finfo_object(int(fi.bits), float(fi.eps), float(fi.max), float(fi.min),
                        float(fi.smallest_normal), real)  # fmt: skip


def iinfo(type: dt.DType | Array, /) -> iinfo_object:
    d = _dtype_of(type, "iinfo")
    if d.kind not in "iu":
        raise TypeError(f"iinfo: expected an integer dtype, got {d.name}")
    ii = np.iinfo(d._np)
    return iinfo_object(int(ii.bits), int(ii.max), int(ii.min), d)


def isdtype(dtype: dt.DType, kind: dt.Kind) -> bool:
    """Whether ``dtype`` is of ``kind``: a dtype, one of the standard's kind names, or a
    tuple of those (operand categories such as "integer" are not kinds)."""
    if not isinstance(dtype, dt.DType):
        raise TypeError(f"isdtype: expected a dtype of array_api_mlx, got {dtype!r}")
    return dt.is_kind(dtype, kind)


def result_type(*arrays_and_dtypes: Array | dt.DType | bool | int | float | complex) -> dt.DType:
    """The promoted dtype; Python scalars (2024.12) join after the arrays and dtypes."""
    dtypes = []
    scalars = []
    for a in arrays_and_dtypes:
        if isinstance(a, (bool, int, float, complex)):
            scalars.append(a)
        else:
            dtypes.append(_dtype_of(a, "result_type"))
    if not dtypes:
        raise ValueError("result_type: at least one array or dtype is required")
    r = result_type_of(dtypes)
    for s in scalars:
        r = scalar_dtype(s, r)
    return r
