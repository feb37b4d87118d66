"""dtypes, promotion (docs/design.md §4), and the data type functions."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import array_api_mlx as xp
from array_api_mlx import _dtypes

STD = [xp.bool, xp.int8, xp.int16, xp.int32, xp.int64, xp.uint8, xp.uint16, xp.uint32,
       xp.uint64, xp.float32, xp.float64, xp.complex64, xp.complex128]  # fmt: skip


def test_dtype_objects_compare_safely():
    assert xp.float32 == xp.float32
    assert xp.float32 != xp.float64
    assert (xp.float32 == None) is False  # noqa: E711
    assert (xp.float32 == "float32") is False
    assert (xp.float32 == np.float32) is False
    assert len({*STD}) == len(STD)
    assert xp.complex128 != xp.complex64 and xp.complex128 == xp.complex128


def test_spec_promotion_table_same_kind():
    ints = [xp.int8, xp.int16, xp.int32, xp.int64]
    uints = [xp.uint8, xp.uint16, xp.uint32, xp.uint64]
    for a, b in itertools.product(ints + uints, repeat=2):
        if {a, b} & {xp.uint64} and {a, b} & set(ints):
            with pytest.raises(TypeError, match="cannot be type promoted"):
                xp.result_type(a, b)
            continue
        ref = np.result_type(a.name, b.name).name
        assert xp.result_type(a, b).name == ref, (a, b)
    assert xp.result_type(xp.float32, xp.float64) == xp.float64
    assert xp.result_type(xp.complex64, xp.float32) == xp.complex64


def test_promotion_is_applied_by_operations():
    for a, b in [(xp.int8, xp.uint8), (xp.int16, xp.int32), (xp.uint8, xp.uint32), (xp.float32, xp.float64)]:
        x, y = xp.ones(2, dtype=a, device=xp.cpu), xp.ones(2, dtype=b, device=xp.cpu)
        assert (x + y).dtype == xp.result_type(a, b)


def test_cross_kind_extension():
    assert xp.result_type(xp.int64, xp.float32) == xp.float32
    assert xp.result_type(xp.bool, xp.int8) == xp.int8
    assert xp.result_type(xp.float32, xp.complex64) == xp.complex64
    assert (xp.ones(2, dtype=xp.int32) + xp.ones(2, dtype=xp.float32)).dtype == xp.float32


def test_scalar_promotion():
    i8 = xp.ones(2, dtype=xp.int8)
    assert (i8 + 1).dtype == xp.int8
    assert (i8 + 1.5).dtype == xp.float32
    assert (xp.ones(2) + 1j).dtype == xp.complex64
    assert (xp.ones(2, dtype=xp.float64, device=xp.cpu) + 1.5).dtype == xp.float64
    assert xp.result_type(xp.int8, 1) == xp.int8
    assert xp.result_type(xp.int8, 1.0) == xp.float32
    with pytest.raises(ValueError):
        xp.result_type(1, 2.0)


def test_astype(device):
    x = xp.asarray([1.7, -2.2], device=device)
    y = xp.astype(x, xp.int32)
    assert y.dtype == xp.int32 and y.device == device
    np.testing.assert_array_equal(np.asarray(y), np.array([1.7, -2.2], np.float32).astype(np.int32))
    assert xp.astype(x, xp.float32, copy=False) is x
    z = xp.astype(x, xp.float32)
    assert z is not x
    with pytest.raises(TypeError, match="imaginary"):
        xp.astype(xp.asarray([1j], device=device), xp.float32)
    with pytest.raises(TypeError, match="dtype"):
        xp.astype(x, "int32")


def test_can_cast():
    assert xp.can_cast(xp.int8, xp.int16)
    assert not xp.can_cast(xp.int16, xp.int8)
    assert xp.can_cast(xp.uint8, xp.int16)
    assert not xp.can_cast(xp.float64, xp.float32)
    assert xp.can_cast(xp.asarray([1], dtype=xp.int8), xp.int64)
    assert xp.can_cast(xp.bool, xp.bool)


def test_finfo_iinfo():
    for d in (xp.float32, xp.float64):
        fi, ref = xp.finfo(d), np.finfo(d.name)
        assert (fi.bits, fi.eps, fi.max, fi.min, fi.smallest_normal) == (
            ref.bits, float(ref.eps), float(ref.max), float(ref.min), float(ref.smallest_normal))
        assert fi.dtype == d
    assert xp.finfo(xp.complex64).dtype == xp.float32
    assert xp.finfo(xp.complex64).bits == 32
    for d in STD[1:9]:
        ii, ref = xp.iinfo(d), np.iinfo(d.name)
        assert (ii.bits, ii.min, ii.max, ii.dtype) == (ref.bits, ref.min, ref.max, d)
    assert xp.iinfo(xp.ones(1, dtype=xp.int8)).max == 127
    with pytest.raises(TypeError):
        xp.finfo(xp.int32)
    with pytest.raises(TypeError):
        xp.iinfo(xp.float32)


def test_isdtype():
    assert xp.isdtype(xp.int8, "signed integer")
    assert xp.isdtype(xp.uint8, "integral")
    assert not xp.isdtype(xp.uint8, "signed integer")
    assert xp.isdtype(xp.float64, ("integral", "real floating"))
    assert xp.isdtype(xp.complex64, "numeric")
    assert xp.isdtype(xp.bool, xp.bool)
    assert not xp.isdtype(xp.bool, "numeric")
    with pytest.raises(ValueError, match="unknown kind"):
        xp.isdtype(xp.int8, "floating-ish")
    with pytest.raises(TypeError):
        xp.isdtype(np.float32, "numeric")


def test_info_dtypes():
    info = xp.__array_namespace_info__()
    d = info.dtypes(device=xp.cpu)
    assert list(d) == [t.name for t in STD]
    assert "float16" not in d and "bfloat16" not in d
    assert set(info.dtypes(kind="integral").values()) == {t for t in STD if _dtypes.INTEGER.__contains__(t)}
    assert info.dtypes(kind=("bool", "complex floating"), device=xp.cpu) == {
        "bool": xp.bool, "complex64": xp.complex64, "complex128": xp.complex128
    }
    dd = info.default_dtypes(device=xp.cpu)
    assert dd == {"real floating": xp.float32, "complex floating": xp.complex64,
                  "integral": xp.int64, "indexing": xp.int64}  # fmt: skip
    caps = info.capabilities()
    assert caps["boolean indexing"] and caps["data-dependent shapes"]
