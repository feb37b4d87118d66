"""The namespace exports every name of the standard, for each supported api_version, with
signatures whose parameter kinds match the standard's.

The lists below are copied facts from the standard's own function stubs
(``array_api_stubs/_2023_12``, ``_2024_12``, ``_2025_12`` in data-apis/array-api). Each test
reports every missing or mismatched name at once.
"""

from __future__ import annotations

import inspect
import math
from pathlib import Path

import pytest

import array_api_mlx as xp

VERSIONS = ("2023.12", "2024.12", "2025.12")

# Functions and constants of the main namespace in 2023.12 (the stubs" __all__ lists).
NAMESPACE_2023_12 = [
    "__array_namespace_info__", "abs", "acos", "acosh", "add", "all", "any", "arange",
    "argmax", "argmin", "argsort", "asarray", "asin", "asinh", "astype", "atan", "atan2",
    "atanh", "bitwise_and", "bitwise_invert", "bitwise_left_shift", "bitwise_or",
    "bitwise_right_shift", "bitwise_xor", "broadcast_arrays", "broadcast_to", "can_cast",
    "ceil", "clip", "concat", "conj", "copysign", "cos", "cosh", "cumulative_sum", "divide",
    "e", "empty", "empty_like", "equal", "exp", "expand_dims", "expm1", "eye", "finfo",
    "flip", "floor", "floor_divide", "from_dlpack", "full", "full_like", "greater",
    "greater_equal", "hypot", "iinfo", "imag", "inf", "isdtype", "isfinite", "isinf",
    "isnan", "less", "less_equal", "linspace", "log", "log10", "log1p", "log2", "logaddexp",
    "logical_and", "logical_not", "logical_or", "logical_xor", "matmul", "matrix_transpose",
    "max", "maximum", "mean", "meshgrid", "min", "minimum", "moveaxis", "multiply", "nan",
    "negative", "newaxis", "nonzero", "not_equal", "ones", "ones_like", "permute_dims",
    "pi", "positive", "pow", "prod", "real", "remainder", "repeat", "reshape",
    "result_type", "roll", "round", "searchsorted", "sign", "signbit", "sin", "sinh",
    "sort", "sqrt", "square", "squeeze", "stack", "std", "subtract", "sum", "take", "tan",
    "tanh", "tensordot", "tile", "tril", "triu", "trunc", "unique_all", "unique_counts",
    "unique_inverse", "unique_values", "unstack", "var", "vecdot", "where", "zeros",
    "zeros_like",
]  # fmt: skip

ADDED_2024_12 = [
    "count_nonzero", "cumulative_prod", "diff", "nextafter", "reciprocal", "take_along_axis",
]  # fmt: skip

ADDED_2025_12 = [
    "broadcast_shapes", "isin",
]  # fmt: skip

# The linalg and fft extensions (unchanged from 2023.12 to 2025.12).
LINALG = [
    "cholesky", "cross", "det", "diagonal", "eigh", "eigvalsh", "inv", "matmul",
    "matrix_norm", "matrix_power", "matrix_rank", "matrix_transpose", "outer", "pinv", "qr",
    "slogdet", "solve", "svd", "svdvals", "tensordot", "trace", "vecdot", "vector_norm",
]  # fmt: skip

FFT = [
    "fft", "fftfreq", "fftn", "fftshift", "hfft", "ifft", "ifftn", "ifftshift", "ihfft",
    "irfft", "irfftn", "rfft", "rfftfreq", "rfftn",
]  # fmt: skip

# Attributes and methods of the array object (unchanged from 2023.12 to 2025.12).
ARRAY_ATTRIBUTES = [
    "T", "__abs__", "__add__", "__and__", "__array_namespace__", "__bool__", "__complex__",
    "__dlpack__", "__dlpack_device__", "__eq__", "__float__", "__floordiv__", "__ge__",
    "__getitem__", "__gt__", "__index__", "__int__", "__invert__", "__le__", "__lshift__",
    "__lt__", "__matmul__", "__mod__", "__mul__", "__ne__", "__neg__", "__or__", "__pos__",
    "__pow__", "__rshift__", "__setitem__", "__sub__", "__truediv__", "__xor__", "device",
    "dtype", "mT", "ndim", "shape", "size", "to_device",
]  # fmt: skip

# Parameters of every function in 2025.12: names before "/" are positional-only, after
# "*" keyword-only (fft.fftfreq/rfftfreq gained dtype in 2024.12).
SIGNATURES = {
    "__array_namespace_info__": "",
    "abs": "x, /",
    "acos": "x, /",
    "acosh": "x, /",
    "add": "x1, x2, /",
    "all": "x, /, *, axis, keepdims",
    "any": "x, /, *, axis, keepdims",
    "arange": "start, /, stop, step, *, dtype, device",
    "argmax": "x, /, *, axis, keepdims",
    "argmin": "x, /, *, axis, keepdims",
    "argsort": "x, /, *, axis, descending, stable",
    "asarray": "obj, /, *, dtype, device, copy",
    "asin": "x, /",
    "asinh": "x, /",
    "astype": "x, dtype, /, *, copy, device",
    "atan": "x, /",
    "atan2": "x1, x2, /",
    "atanh": "x, /",
    "bitwise_and": "x1, x2, /",
    "bitwise_invert": "x, /",
    "bitwise_left_shift": "x1, x2, /",
    "bitwise_or": "x1, x2, /",
    "bitwise_right_shift": "x1, x2, /",
    "bitwise_xor": "x1, x2, /",
    "broadcast_arrays": "*arrays",
    "broadcast_shapes": "*shapes",
    "broadcast_to": "x, /, shape",
    "can_cast": "from_, to, /",
    "ceil": "x, /",
    "clip": "x, /, min, max",
    "concat": "arrays, /, *, axis",
    "conj": "x, /",
    "copysign": "x1, x2, /",
    "cos": "x, /",
    "cosh": "x, /",
    "count_nonzero": "x, /, *, axis, keepdims",
    "cumulative_prod": "x, /, *, axis, dtype, include_initial",
    "cumulative_sum": "x, /, *, axis, dtype, include_initial",
    "diff": "x, /, *, axis, n, prepend, append",
    "divide": "x1, x2, /",
    "empty": "shape, *, dtype, device",
    "empty_like": "x, /, *, dtype, device",
    "equal": "x1, x2, /",
    "exp": "x, /",
    "expand_dims": "x, /, axis",
    "expm1": "x, /",
    "eye": "n_rows, n_cols, /, *, k, dtype, device",
    "fft.fft": "x, /, *, n, axis, norm",
    "fft.fftfreq": "n, /, *, d, dtype, device",
    "fft.fftn": "x, /, *, s, axes, norm",
    "fft.fftshift": "x, /, *, axes",
    "fft.hfft": "x, /, *, n, axis, norm",
    "fft.ifft": "x, /, *, n, axis, norm",
    "fft.ifftn": "x, /, *, s, axes, norm",
    "fft.ifftshift": "x, /, *, axes",
    "fft.ihfft": "x, /, *, n, axis, norm",
    "fft.irfft": "x, /, *, n, axis, norm",
    "fft.irfftn": "x, /, *, s, axes, norm",
    "fft.rfft": "x, /, *, n, axis, norm",
    "fft.rfftfreq": "n, /, *, d, dtype, device",
    "fft.rfftn": "x, /, *, s, axes, norm",
    "finfo": "type, /",
    "flip": "x, /, *, axis",
    "floor": "x, /",
    "floor_divide": "x1, x2, /",
    "from_dlpack": "x, /, *, device, copy",
    "full": "shape, fill_value, *, dtype, device",
    "full_like": "x, /, fill_value, *, dtype, device",
    "greater": "x1, x2, /",
    "greater_equal": "x1, x2, /",
    "hypot": "x1, x2, /",
    "iinfo": "type, /",
    "imag": "x, /",
    "isdtype": "dtype, kind",
    "isfinite": "x, /",
    "isin": "x1, x2, /, *, invert",
    "isinf": "x, /",
    "isnan": "x, /",
    "less": "x1, x2, /",
    "less_equal": "x1, x2, /",
    "linalg.cholesky": "x, /, *, upper",
    "linalg.cross": "x1, x2, /, *, axis",
    "linalg.det": "x, /",
    "linalg.diagonal": "x, /, *, offset",
    "linalg.eigh": "x, /",
    "linalg.eigvalsh": "x, /",
    "linalg.inv": "x, /",
    "linalg.matmul": "x1, x2, /",
    "linalg.matrix_norm": "x, /, *, keepdims, ord",
    "linalg.matrix_power": "x, n, /",
    "linalg.matrix_rank": "x, /, *, rtol",
    "linalg.matrix_transpose": "x, /",
    "linalg.outer": "x1, x2, /",
    "linalg.pinv": "x, /, *, rtol",
    "linalg.qr": "x, /, *, mode",
    "linalg.slogdet": "x, /",
    "linalg.solve": "x1, x2, /",
    "linalg.svd": "x, /, *, full_matrices",
    "linalg.svdvals": "x, /",
    "linalg.tensordot": "x1, x2, /, *, axes",
    "linalg.trace": "x, /, *, offset, dtype",
    "linalg.vecdot": "x1, x2, /, *, axis",
    "linalg.vector_norm": "x, /, *, axis, keepdims, ord",
    "linspace": "start, stop, /, num, *, dtype, device, endpoint",
    "log": "x, /",
    "log10": "x, /",
    "log1p": "x, /",
    "log2": "x, /",
    "logaddexp": "x1, x2, /",
    "logical_and": "x1, x2, /",
    "logical_not": "x, /",
    "logical_or": "x1, x2, /",
    "logical_xor": "x1, x2, /",
    "matmul": "x1, x2, /",
    "matrix_transpose": "x, /",
    "max": "x, /, *, axis, keepdims",
    "maximum": "x1, x2, /",
    "mean": "x, /, *, axis, keepdims",
    "meshgrid": "*arrays, indexing",
    "min": "x, /, *, axis, keepdims",
    "minimum": "x1, x2, /",
    "moveaxis": "x, source, destination, /",
    "multiply": "x1, x2, /",
    "negative": "x, /",
    "nextafter": "x1, x2, /",
    "nonzero": "x, /",
    "not_equal": "x1, x2, /",
    "ones": "shape, *, dtype, device",
    "ones_like": "x, /, *, dtype, device",
    "permute_dims": "x, /, axes",
    "positive": "x, /",
    "pow": "x1, x2, /",
    "prod": "x, /, *, axis, dtype, keepdims",
    "real": "x, /",
    "reciprocal": "x, /",
    "remainder": "x1, x2, /",
    "repeat": "x, repeats, /, *, axis",
    "reshape": "x, /, shape, *, copy",
    "result_type": "*arrays_and_dtypes",
    "roll": "x, /, shift, *, axis",
    "round": "x, /",
    "searchsorted": "x1, x2, /, *, side, sorter",
    "sign": "x, /",
    "signbit": "x, /",
    "sin": "x, /",
    "sinh": "x, /",
    "sort": "x, /, *, axis, descending, stable",
    "sqrt": "x, /",
    "square": "x, /",
    "squeeze": "x, /, axis",
    "stack": "arrays, /, *, axis",
    "std": "x, /, *, axis, correction, keepdims",
    "subtract": "x1, x2, /",
    "sum": "x, /, *, axis, dtype, keepdims",
    "take": "x, indices, /, *, axis",
    "take_along_axis": "x, indices, /, *, axis",
    "tan": "x, /",
    "tanh": "x, /",
    "tensordot": "x1, x2, /, *, axes",
    "tile": "x, repetitions, /",
    "tril": "x, /, *, k",
    "triu": "x, /, *, k",
    "trunc": "x, /",
    "unique_all": "x, /",
    "unique_counts": "x, /",
    "unique_inverse": "x, /",
    "unique_values": "x, /",
    "unstack": "x, /, *, axis",
    "var": "x, /, *, axis, correction, keepdims",
    "vecdot": "x1, x2, /, *, axis",
    "where": "condition, x1, x2, /",
    "zeros": "shape, *, dtype, device",
    "zeros_like": "x, /, *, dtype, device",
}  # fmt: skip

NAMESPACE = {
    "2023.12": NAMESPACE_2023_12,
    "2024.12": NAMESPACE_2023_12 + ADDED_2024_12,
    "2025.12": NAMESPACE_2023_12 + ADDED_2024_12 + ADDED_2025_12,
}

# The standard's dtypes.
DTYPES = [
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float32", "float64", "complex64", "complex128",
]  # fmt: skip
CONSTANTS = {"e": math.e, "inf": math.inf, "pi": math.pi}
INFO_SIGNATURES = {
    "capabilities": "",
    "default_device": "",
    "default_dtypes": "*, device",
    "devices": "",
    "dtypes": "*, device, kind",
}
# Array methods (``self`` left out).
ARRAY_SIGNATURES = {
    **{
        name: "other, /"
        for name in (
            "__add__", "__and__", "__eq__", "__floordiv__", "__ge__", "__gt__", "__le__",
            "__lshift__", "__lt__", "__matmul__", "__mod__", "__mul__", "__ne__", "__or__",
            "__pow__", "__rshift__", "__sub__", "__truediv__", "__xor__",
        )
    },
    **{
        name: "/"
        for name in (
            "__abs__", "__bool__", "__complex__", "__dlpack_device__", "__float__",
            "__index__", "__int__", "__invert__", "__neg__", "__pos__",
        )
    },
    "__array_namespace__": "/, *, api_version",
    "__dlpack__": "/, *, stream, max_version, dl_device, copy",
    "__getitem__": "key, /",
    "__setitem__": "key, value, /",
    "to_device": "device, /, *, stream",
}  # fmt: skip


def _report(what: str, problems: list[str]) -> None:
    assert not problems, f"{len(problems)} {what}:\n  " + "\n  ".join(problems)


@pytest.fixture(params=VERSIONS)
def namespace(request):
    """The namespace returned for each api_version (the package itself)."""
    ns = xp.asarray([1.0]).__array_namespace__(api_version=request.param)
    return request.param, ns


def test_api_version():
    assert xp.__array_api_version__ == "2025.12"
    with pytest.raises(ValueError, match="api_version"):
        xp.asarray([1.0]).__array_namespace__(api_version="2021.12")


def test_namespace_functions_and_constants(namespace):
    version, ns = namespace
    missing = [n for n in NAMESPACE[version] if not hasattr(ns, n)]
    _report(f"names of the {version} namespace missing", missing)
    not_exported = [n for n in NAMESPACE[version] if n not in ns.__all__]
    _report("names missing from __all__ (star-import)", not_exported)
    not_callable = [
        n for n in NAMESPACE[version] if n not in (*CONSTANTS, "nan", "newaxis")
        if not callable(getattr(ns, n))
    ]  # fmt: skip
    _report("names that are not callable", not_callable)


def test_constants():
    for name, value in CONSTANTS.items():
        assert type(getattr(xp, name)) is float and getattr(xp, name) == value
    assert type(xp.nan) is float and math.isnan(xp.nan)
    assert xp.newaxis is None


def test_dtypes(namespace):
    _, ns = namespace
    _report("dtypes missing", [n for n in DTYPES if not hasattr(ns, n)])
    dtypes = [getattr(ns, n) for n in DTYPES]
    # Each is a distinct object equal only to itself.
    assert len(set(dtypes)) == len(DTYPES)
    assert all(d == d and d != None for d in dtypes)  # noqa: E711
    info = ns.__array_namespace_info__()
    assert set(info.dtypes(device=xp.cpu)) == set(DTYPES)


def test_complex128_on_the_cpu_only():
    # complex128 lives where float64 does (design §14): listed for the CPU, not the GPU.
    info = xp.__array_namespace_info__()
    assert "complex128" in xp.__all__
    assert info.dtypes(device=xp.cpu, kind="complex floating") == {
        "complex64": xp.complex64, "complex128": xp.complex128,
    }
    assert info.default_dtypes(device=xp.cpu)["complex floating"] is xp.complex64
    with pytest.raises(TypeError, match="dtype"):
        xp.zeros(1, dtype="complex128")


@pytest.mark.parametrize("ext, names", [("linalg", LINALG), ("fft", FFT)])
def test_extensions(namespace, ext, names):
    _, ns = namespace
    module = getattr(ns, ext)
    _report(f"{ext} functions missing", [n for n in names if not hasattr(module, n)])
    _report(
        f"{ext} names missing from {ext}.__all__", [n for n in names if n not in module.__all__]
    )


def test_array_attributes():
    x = xp.asarray([[1.0, 2.0]], device=xp.cpu)
    missing = [n for n in ARRAY_ATTRIBUTES if not hasattr(x, n)]
    _report("array attributes/methods missing", missing)
    assert (x.dtype, x.device, x.ndim, x.shape, x.size) == (xp.float32, xp.cpu, 2, (1, 2), 2)
    assert x.T.shape == x.mT.shape == (2, 1)


def test_info_object():
    info = xp.__array_namespace_info__()
    missing = [n for n in INFO_SIGNATURES if not callable(getattr(info, n, None))]
    _report("__array_namespace_info__() methods missing", missing)


# --- signatures -------------------------------------------------------------------------
def _parse(spec: str):
    """The spec's parameters as (positional-only count, positional-or-keyword names,
    *args present, keyword-only names)."""
    names = [p for p in spec.split(", ") if p]
    posonly, pos_or_kw, kwonly, star = 0, [], [], False
    if "/" in names:
        posonly = names.index("/")
        names = names[posonly + 1 :]
    section = pos_or_kw
    for p in names:
        if p == "*":
            section = kwonly
        elif p.startswith("*"):
            star = True
            section = kwonly
        else:
            section.append(p)
    return posonly, pos_or_kw, star, kwonly


# Keyword-only parameters of the spec that we also take by position, in the order NumPy,
# PyTorch and CuPy take them, because libraries call them so (listed in docs/api.md).
POSITIONAL_EXTENSIONS = {"diff": ("n", "axis")}


def _mismatch(fn, spec: str, skip_self: bool = False, positional=()) -> str | None:
    """Why ``fn``'s signature differs from the spec's parameter kinds (with the spec's
    keyword-only ``positional`` parameters taken by position too), or None."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError) as e:
        return f"no inspectable signature ({e})"
    if skip_self:
        params = params[1:]
    P = inspect.Parameter
    posonly, pos_or_kw, star, kwonly = _parse(spec)
    assert all(k in kwonly for k in positional), (spec, positional)
    pos_or_kw = pos_or_kw + list(positional)
    kwonly = [k for k in kwonly if k not in positional]
    ours_posonly = [p for p in params if p.kind is P.POSITIONAL_ONLY]
    ours_pos_or_kw = [p.name for p in params if p.kind is P.POSITIONAL_OR_KEYWORD]
    ours_star = any(p.kind is P.VAR_POSITIONAL for p in params)
    ours_kwonly = {p.name: p for p in params if p.kind is P.KEYWORD_ONLY}
    problems = []
    if len(ours_posonly) != posonly:
        problems.append(f"{len(ours_posonly)} positional-only parameters, spec has {posonly}")
    if ours_pos_or_kw != pos_or_kw:
        problems.append(f"positional-or-keyword {ours_pos_or_kw}, spec has {pos_or_kw}")
    if ours_star != star:
        problems.append(f"*args {'present' if ours_star else 'absent'}, spec differs")
    missing_kw = [k for k in kwonly if k not in ours_kwonly]
    if missing_kw:
        problems.append(f"keyword-only {missing_kw} missing")
    extra = [k for k, p in ours_kwonly.items() if k not in kwonly and p.default is P.empty]
    if extra:
        problems.append(f"extra required keyword-only {extra}")
    if problems:
        return f"{inspect.signature(fn)}: " + "; ".join(problems) + f" (spec: ({spec}))"
    return None


def _lookup(name: str):
    module, _, attr = name.rpartition(".")
    return getattr(getattr(xp, module) if module else xp, attr, None)


def test_function_signatures():
    problems = []
    for name, spec in SIGNATURES.items():
        fn = _lookup(name)
        if fn is None:
            continue  # reported by the names tests
        why = _mismatch(fn, spec, positional=POSITIONAL_EXTENSIONS.get(name, ()))
        if why:
            problems.append(f"{name}{why}")
    _report("functions whose signature differs from the standard", problems)


def test_positional_extensions_are_documented():
    text = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text()
    section = text.split("## Calls accepted beyond the standard")[1]
    for name, params in POSITIONAL_EXTENSIONS.items():
        assert f"`{name}(x, {', '.join(params)})`" in section, name


def test_info_signatures():
    info = xp.__array_namespace_info__()
    problems = []
    for name, spec in INFO_SIGNATURES.items():
        method = getattr(info, name, None)
        if method is not None and (why := _mismatch(method, spec)):
            problems.append(f"info.{name}{why}")
    _report("info methods whose signature differs from the standard", problems)


def test_array_method_signatures():
    problems = []
    for name, spec in ARRAY_SIGNATURES.items():
        method = getattr(xp.Array, name, None)
        if method is not None and (why := _mismatch(method, spec, skip_self=True)):
            problems.append(f"Array.{name}{why}")
    _report("array methods whose signature differs from the standard", problems)


def test_signature_check_detects_mismatches():
    # The checker itself: each of these differs from "x, /, *, axis, keepdims".
    def keyword_x(x, *, axis=None, keepdims=False): ...

    def positional_axis(x, /, axis=None, *, keepdims=False): ...

    def missing_keepdims(x, /, *, axis=None): ...

    def extra_required(x, /, *, axis=None, keepdims=False, stream): ...

    def good(x, /, *, axis=None, keepdims=False, stream=None): ...

    spec = "x, /, *, axis, keepdims"
    for bad in (keyword_x, positional_axis, missing_keepdims, extra_required):
        assert _mismatch(bad, spec) is not None, bad.__name__
    assert _mismatch(good, spec) is None
    assert _mismatch(lambda *arrays: None, "*arrays") is None
    assert _mismatch(lambda arrays: None, "*arrays") is not None
