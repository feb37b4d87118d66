"""The hostile-input catalogue: every public function called with arguments a user's
library may hand it by mistake, and the exception types each case may raise.

``baseline(device)`` holds one valid call per public function. ``cases(device,
other_device)`` derives the hostile cases from it systematically (every argument replaced
by each hostile value of its kind), then adds the hand-written cases of ``HAND``. A case
either expects one exact exception type, or lists the exception types allowed when the
outcome depends on the argument (``ALLOWED``) and accepts success there too (an argument
the spec leaves open); a success must then evaluate without error.
"""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass, field

import numpy as np

import array_api_mlx as xp

from .reference import ELEMENTWISE

# The exception types the spec allows a function to raise for a bad argument.
ALLOWED = (TypeError, ValueError, IndexError, OverflowError, BufferError, MemoryError)


class _NoIndex:
    """An object without ``__index__`` / ``__float__`` / ``__array__``."""

    def __repr__(self):
        return "<no __index__>"


# Hostile values for an argument that must be an array.
NOT_ARRAYS = [
    ("None", None),
    ("str", "abc"),
    ("object", _NoIndex()),
    ("list", [1.0, 2.0]),
    ("dict", {"a": 1}),
]
# Hostile values for any other argument (sizes, axes, flags, dtypes, devices...).
NOT_PARAMS = [
    ("str", "abc"),
    ("object", _NoIndex()),
    ("float", 1.5),
    ("nan", math.nan),
    ("huge", 2**70),
    ("-huge", -(2**70)),
    ("neg", -7),
    ("big", 2**31 + 5),
    ("list", [0, 1]),
    ("None", None),
]

# Argument names that hold arrays (or sequences of arrays) in this namespace.
ARRAY_PARAMS = {"x", "x1", "x2", "condition", "indices", "sorter", "prepend", "append"}
# Functions whose x1/x2 may be a Python scalar (2024.12+): elementwise binaries, where, clip.
SCALAR_OK = {"x1", "x2"}


def _arrays(device):
    f = xp.asarray([[1.0, 2.0, 3.0], [4.0, 5.5, -6.0]], device=device)
    m = xp.asarray([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]], device=device)
    v = xp.asarray([1.0, 2.0, 3.0], device=device)
    i = xp.asarray([0, 2, 1], device=device)
    ii = xp.asarray([[0, 2, 1], [1, 1, 0]], device=device)
    b = xp.asarray([[True, False, True], [False, True, True]], device=device)
    u = xp.asarray([[1, 2, 3], [4, 5, 6]], dtype=xp.int32, device=device)
    c = xp.asarray([1 + 2j, 3 - 1j, 0.5j], dtype=xp.complex64, device=device)
    return f, m, v, i, ii, b, u, c


def baseline(device) -> dict:
    """One valid call ``name -> (fn, args, kwargs)`` per public function."""
    f, m, v, i, ii, b, u, c = _arrays(device)
    calls = {
        "arange": (xp.arange, (0, 10, 2), {"device": device}),
        "asarray": (xp.asarray, ([1, 2, 3],), {"dtype": xp.int32, "device": device}),
        "empty": (xp.empty, ((2, 3),), {"dtype": xp.float32, "device": device}),
        "empty_like": (xp.empty_like, (f,), {"dtype": xp.int32}),
        "eye": (xp.eye, (3, 4), {"k": 1, "dtype": xp.float32, "device": device}),
        "from_dlpack": (xp.from_dlpack, (np.arange(3.0, dtype=np.float32),), {"device": device}),
        "full": (xp.full, ((2, 3), 7), {"dtype": xp.int16, "device": device}),
        "full_like": (xp.full_like, (f, 2.5), {"dtype": xp.float32}),
        "linspace": (xp.linspace, (0.0, 1.0, 5), {"device": device, "endpoint": False}),
        "meshgrid": (xp.meshgrid, (v, v), {"indexing": "ij"}),
        "ones": (xp.ones, ((2, 3),), {"dtype": xp.uint8, "device": device}),
        "ones_like": (xp.ones_like, (f,), {}),
        "tril": (xp.tril, (f,), {"k": 1}),
        "triu": (xp.triu, (f,), {"k": -1}),
        "zeros": (xp.zeros, ((2, 3),), {"dtype": xp.float32, "device": device}),
        "zeros_like": (xp.zeros_like, (f,), {}),
        "astype": (xp.astype, (f, xp.int32), {"copy": True}),
        "can_cast": (xp.can_cast, (xp.int8, xp.int16), {}),
        "finfo": (xp.finfo, (xp.float32,), {}),
        "iinfo": (xp.iinfo, (xp.int8,), {}),
        "isdtype": (xp.isdtype, (xp.float32, "real floating"), {}),
        "result_type": (xp.result_type, (f, xp.float32), {}),
        "take": (xp.take, (f, i), {"axis": 1}),
        "take_along_axis": (xp.take_along_axis, (f, ii), {"axis": 1}),
        "matmul": (xp.matmul, (f, m), {}),
        "matrix_transpose": (xp.matrix_transpose, (f,), {}),
        "tensordot": (xp.tensordot, (f, m), {"axes": 1}),
        "vecdot": (xp.vecdot, (f, v), {"axis": -1}),
        "broadcast_arrays": (xp.broadcast_arrays, (f, v), {}),
        "broadcast_shapes": (xp.broadcast_shapes, ((2, 1), (3,)), {}),
        "broadcast_to": (xp.broadcast_to, (v, (2, 3)), {}),
        "concat": (xp.concat, ([f, f],), {"axis": 0}),
        "expand_dims": (xp.expand_dims, (f, 1), {}),
        "flip": (xp.flip, (f,), {"axis": 1}),
        "moveaxis": (xp.moveaxis, (f, 0, 1), {}),
        "permute_dims": (xp.permute_dims, (f, (1, 0)), {}),
        "repeat": (xp.repeat, (f, 2), {"axis": 0}),
        "reshape": (xp.reshape, (f, (3, 2)), {"copy": None}),
        "roll": (xp.roll, (f, 1), {"axis": 1}),
        "squeeze": (xp.squeeze, (xp.expand_dims(f, 0), 0), {}),
        "stack": (xp.stack, ([f, f],), {"axis": 1}),
        "tile": (xp.tile, (f, (2, 1)), {}),
        "unstack": (xp.unstack, (f,), {"axis": 1}),
        "argmax": (xp.argmax, (f,), {"axis": 1, "keepdims": True}),
        "argmin": (xp.argmin, (f,), {"axis": 0, "keepdims": False}),
        "count_nonzero": (xp.count_nonzero, (f,), {"axis": 1, "keepdims": False}),
        "nonzero": (xp.nonzero, (f,), {}),
        "searchsorted": (xp.searchsorted, (v, f), {"side": "right"}),
        "where": (xp.where, (b, f, 0.0), {}),
        "isin": (xp.isin, (f, v), {"invert": False}),
        "unique_all": (xp.unique_all, (f,), {}),
        "unique_counts": (xp.unique_counts, (f,), {}),
        "unique_inverse": (xp.unique_inverse, (f,), {}),
        "unique_values": (xp.unique_values, (f,), {}),
        "argsort": (xp.argsort, (f,), {"axis": 1, "descending": True, "stable": True}),
        "sort": (xp.sort, (f,), {"axis": 0, "descending": False, "stable": True}),
        "cumulative_prod": (xp.cumulative_prod, (f,), {"axis": 1, "include_initial": True}),
        "cumulative_sum": (xp.cumulative_sum, (u,), {"axis": 0, "dtype": xp.int64}),
        "max": (xp.max, (f,), {"axis": 1, "keepdims": True}),
        "min": (xp.min, (f,), {"axis": 0}),
        "mean": (xp.mean, (f,), {"axis": 1}),
        "prod": (xp.prod, (u,), {"axis": 1, "dtype": xp.int64}),
        "sum": (xp.sum, (f,), {"axis": 0, "keepdims": True}),
        "std": (xp.std, (f,), {"axis": 1, "correction": 1.0}),
        "var": (xp.var, (f,), {"axis": 0, "correction": 1}),
        "all": (xp.all, (b,), {"axis": 1}),
        "any": (xp.any, (b,), {"axis": 0, "keepdims": True}),
        "diff": (xp.diff, (f,), {"axis": 1, "n": 1, "prepend": f[:, :1]}),
        "clip": (xp.clip, (f,), {"min": 0.0, "max": 3.0}),
        # linalg
        "linalg.cholesky": (xp.linalg.cholesky, (m,), {"upper": False}),
        "linalg.cross": (xp.linalg.cross, (f, f), {"axis": -1}),
        "linalg.det": (xp.linalg.det, (m,), {}),
        "linalg.diagonal": (xp.linalg.diagonal, (f,), {"offset": 1}),
        "linalg.eig": (xp.linalg.eig, (m,), {}),
        "linalg.eigvals": (xp.linalg.eigvals, (m,), {}),
        "linalg.eigh": (xp.linalg.eigh, (m,), {}),
        "linalg.eigvalsh": (xp.linalg.eigvalsh, (m,), {}),
        "linalg.inv": (xp.linalg.inv, (m,), {}),
        "linalg.matmul": (xp.linalg.matmul, (f, m), {}),
        "linalg.matrix_norm": (xp.linalg.matrix_norm, (m,), {"keepdims": True, "ord": "fro"}),
        "linalg.matrix_power": (xp.linalg.matrix_power, (m, 2), {}),
        "linalg.matrix_rank": (xp.linalg.matrix_rank, (m,), {"rtol": None}),
        "linalg.matrix_transpose": (xp.linalg.matrix_transpose, (f,), {}),
        "linalg.outer": (xp.linalg.outer, (v, v), {}),
        "linalg.pinv": (xp.linalg.pinv, (f,), {"rtol": None}),
        "linalg.qr": (xp.linalg.qr, (m,), {"mode": "reduced"}),
        "linalg.slogdet": (xp.linalg.slogdet, (m,), {}),
        "linalg.solve": (xp.linalg.solve, (m, v), {}),
        "linalg.svd": (xp.linalg.svd, (f,), {"full_matrices": False}),
        "linalg.svdvals": (xp.linalg.svdvals, (f,), {}),
        "linalg.tensordot": (xp.linalg.tensordot, (f, m), {"axes": 1}),
        "linalg.trace": (xp.linalg.trace, (m,), {"offset": 0}),
        "linalg.vecdot": (xp.linalg.vecdot, (f, v), {"axis": -1}),
        "linalg.vector_norm": (xp.linalg.vector_norm, (f,), {"axis": 1, "ord": 2}),
        # fft
        "fft.fft": (xp.fft.fft, (c,), {"n": 4, "axis": -1, "norm": "ortho"}),
        "fft.ifft": (xp.fft.ifft, (c,), {"n": 2, "axis": 0, "norm": "forward"}),
        "fft.fftn": (xp.fft.fftn, (c,), {"s": (4,), "axes": (0,), "norm": "backward"}),
        "fft.ifftn": (xp.fft.ifftn, (c,), {"s": (4,), "axes": (0,)}),
        "fft.rfft": (xp.fft.rfft, (f,), {"n": 4, "axis": 1}),
        "fft.irfft": (xp.fft.irfft, (c,), {"n": 4, "axis": 0}),
        "fft.rfftn": (xp.fft.rfftn, (f,), {"s": (2, 4), "axes": (0, 1)}),
        "fft.irfftn": (xp.fft.irfftn, (c,), {"s": (4,), "axes": (0,)}),
        "fft.hfft": (xp.fft.hfft, (c,), {"n": 4}),
        "fft.ihfft": (xp.fft.ihfft, (v,), {"n": 4}),
        "fft.fftfreq": (xp.fft.fftfreq, (5,), {"d": 0.5, "device": device}),
        "fft.rfftfreq": (xp.fft.rfftfreq, (5,), {"d": 2.0, "device": device}),
        "fft.fftshift": (xp.fft.fftshift, (f,), {"axes": (1,)}),
        "fft.ifftshift": (xp.fft.ifftshift, (f,), {"axes": 0}),
    }
    for name, ref in ELEMENTWISE.items():
        if name == "clip":
            continue
        # a float operand where the function takes one, else an integer, else a bool one
        x = next(a for a in (f, u, b) if a.dtype in ref.dtypes(device))
        calls[name] = (ref.function, (x,) * ref.arity, {})
    return calls


def public_functions() -> list[str]:
    """Every public function (any callable but a class) of the namespace and its linalg/fft
    submodules."""
    names = []
    for mod, prefix in ((xp, ""), (xp.linalg, "linalg."), (xp.fft, "fft.")):
        for n in mod.__all__:
            obj = getattr(mod, n)
            if callable(obj) and not isinstance(obj, type):
                names.append(prefix + n)
    return names


# Functions that are not computations on arrays: namespace and device management, and
# ``compile`` (a function of functions: its arguments are checked in test_compile.py).
NOT_CATALOGUED = {
    "__array_namespace_info__", "default_device", "set_default_device", "eval", "compile",
}  # fmt: skip


@dataclass
class Case:
    id: str
    fn: object
    args: tuple
    kwargs: dict
    # exact exception type expected, or None when ``allowed`` (or success) is accepted
    raises: type | None = None
    allowed: tuple = field(default=ALLOWED)


def _mutations(name, fn, args, kwargs):
    """Every argument replaced by each hostile value of its kind."""
    params = list(inspect.signature(fn).parameters.values())
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    for pos, value in enumerate(args):
        pname = positional[pos].name if pos < len(positional) else f"arg{pos}"
        is_array = pname in ARRAY_PARAMS or (
            type(value) is xp.Array and name not in ("result_type",)
        )
        hostile = NOT_ARRAYS if is_array else NOT_PARAMS
        for label, h in hostile:
            new = args[:pos] + (h,) + args[pos + 1 :]
            # a required array given a non-array (a list included) is a TypeError
            exact = TypeError if is_array else None
            yield Case(f"{name}[{pname}={label}]", fn, new, dict(kwargs), exact)
    for key in kwargs:
        for label, h in NOT_PARAMS:
            if key in ARRAY_PARAMS and label == "None":
                continue
            new = dict(kwargs)
            new[key] = h
            yield Case(f"{name}[{key}={label}]", fn, tuple(args), new, None)


def _devices_mismatch(name, fn, args, kwargs, other):
    """Array arguments of one call on two devices: ValueError naming both."""
    arr_pos = [k for k, a in enumerate(args) if type(a) is xp.Array]
    if len(arr_pos) >= 2:
        k = arr_pos[-1]
        new = args[:k] + (args[k].to_device(other),) + args[k + 1 :]
        yield Case(f"{name}[mixed-devices]", fn, new, dict(kwargs), ValueError)
    for key, a in kwargs.items():
        if type(a) is xp.Array and arr_pos:
            new = dict(kwargs)
            new[key] = a.to_device(other)
            yield Case(f"{name}[{key}-other-device]", fn, tuple(args), new, ValueError)


def _ranks_and_dtypes(name, fn, args, kwargs, device):
    """Each array argument replaced by a 0-d, a 4-d, an empty, a bool, a uint64 and a
    complex array: success or one of the spec's types, never an MLX error."""
    variants = [
        ("0d", xp.asarray(1.5, device=device)),
        ("4d", xp.ones((2, 1, 3, 2), device=device)),
        ("empty", xp.ones((0, 3), device=device)),
        ("bool", xp.asarray([True, False], device=device)),
        ("uint64", xp.asarray([2**64 - 1, 0, 5], dtype=xp.uint64, device=device)),
        ("int8", xp.asarray([-128, 127, 0], dtype=xp.int8, device=device)),
        ("complex", xp.asarray([1 + 1j, 2], dtype=xp.complex64, device=device)),
    ]
    for pos, a in enumerate(args):
        if type(a) is not xp.Array:
            continue
        for label, h in variants:
            new = args[:pos] + (h,) + args[pos + 1 :]
            yield Case(f"{name}[arg{pos}={label}]", fn, new, dict(kwargs), None)


def cases(device, other_device) -> list[Case]:
    out = []
    for name, (fn, args, kwargs) in baseline(device).items():
        out.extend(_mutations(name, fn, args, kwargs))
        out.extend(_devices_mismatch(name, fn, args, kwargs, other_device))
        out.extend(_ranks_and_dtypes(name, fn, args, kwargs, device))
    out.extend(hand_written(device, other_device))
    return out


def hand_written(device, other_device) -> list[Case]:
    f, m, v, i, ii, b, u, c = _arrays(device)
    d = {"device": device}
    C = Case
    return [
        # sizes
        C("ones[2**62]", xp.ones, ((2**62,),), d, ValueError),
        C("zeros[2**40*2**40]", xp.zeros, ((2**40, 2**40),), d, ValueError),
        C("empty[2**63]", xp.empty, ((2**63,),), d, ValueError),
        C("full[-1]", xp.full, ((-1, 2), 0), d, ValueError),
        C("ones[float shape]", xp.ones, ((2.0,),), d, TypeError),
        C("ones[str shape]", xp.ones, ("3",), d, TypeError),
        C("ones[bool shape]", xp.ones, (True,), d, TypeError),
        C("ones[None in shape]", xp.ones, ((2, None),), d, TypeError),
        C("zeros[no-index object]", xp.zeros, ((_NoIndex(),),), d, TypeError),
        C("eye[-1]", xp.eye, (-1,), d, ValueError),
        C("eye[float n]", xp.eye, (2.5,), d, TypeError),
        C("eye[huge k]", xp.eye, (3,), {"k": 2**70, **d}, None),
        C("eye[-huge k]", xp.eye, (3,), {"k": -(2**70), **d}, None),
        C("eye[k=2**40]", xp.eye, (3, 4), {"k": 2**40, **d}, None),
        C("eye[float k]", xp.eye, (3,), {"k": 1.0, **d}, TypeError),
        C("tril[huge k]", xp.tril, (f,), {"k": 2**70}, None),
        C("triu[-huge k]", xp.triu, (f,), {"k": -(2**70)}, None),
        C("tril[k=2**40]", xp.tril, (f,), {"k": 2**40}, None),
        C("triu[float k]", xp.triu, (f,), {"k": 0.5}, TypeError),
        C("tril[1-d]", xp.tril, (v,), {}, ValueError),
        C("arange[huge]", xp.arange, (2**62,), d, ValueError),
        C("arange[step 0]", xp.arange, (0, 5, 0), d, ValueError),
        C("arange[nan]", xp.arange, (0, math.nan), d, ValueError),
        C("arange[inf]", xp.arange, (0, math.inf), d, ValueError),
        C("arange[int64 overflow]", xp.arange, (2**63 - 2, 2**63 + 2), d, OverflowError),
        C("arange[tiny step]", xp.arange, (0.0, 1.0, 1e-300), d, ValueError),
        # linspace
        C("linspace[nan start]", xp.linspace, (math.nan, 1.0, 3), d, ValueError),
        C("linspace[inf stop]", xp.linspace, (0.0, math.inf, 3), d, ValueError),
        C("linspace[-inf]", xp.linspace, (-math.inf, 0.0, 3), d, ValueError),
        C("linspace[neg num]", xp.linspace, (0.0, 1.0, -1), d, ValueError),
        C("linspace[huge num]", xp.linspace, (0.0, 1.0, 2**62), d, ValueError),
        C("linspace[float num]", xp.linspace, (0.0, 1.0, 2.5), d, TypeError),
        C("linspace[int dtype]", xp.linspace, (0, 1, 3), {"dtype": xp.int32, **d}, TypeError),
        C("full[nan in int]", xp.full, ((2,), math.nan), {"dtype": xp.int32, **d}, TypeError),
        C("full[big int in int8]", xp.full, ((2,), 300), {"dtype": xp.int8, **d}, OverflowError),
        C("full[huge int]", xp.full, ((2,), 2**70), d, OverflowError),
        C("full[str fill]", xp.full, ((2,), "a"), d, TypeError),
        C("asarray[huge int]", xp.asarray, (2**70,), d, OverflowError),
        C("asarray[ragged]", xp.asarray, ([[1, 2], [3]],), d, TypeError),
        C("asarray[strings]", xp.asarray, (["a", "b"],), d, TypeError),
        C("asarray[object]", xp.asarray, (_NoIndex(),), d, TypeError),
        C("asarray[None]", xp.asarray, (None,), d, TypeError),
        C("asarray[-1 in uint8]", xp.asarray, ([-1],), {"dtype": xp.uint8, **d}, OverflowError),
        C("asarray[np str]", xp.asarray, (np.array(["a"]),), d, TypeError),
        C("asarray[np object]", xp.asarray, (np.array([None, 1]),), d, TypeError),
        C("asarray[copy=False list]", xp.asarray, ([1, 2],), {"copy": False}, ValueError),
        C("asarray[copy='yes']", xp.asarray, ([1, 2],), {"copy": "yes"}, ValueError),
        C("asarray[np dtype]", xp.asarray, ([1, 2],), {"dtype": np.float32}, TypeError),
        C("asarray[str dtype]", xp.asarray, ([1, 2],), {"dtype": "float32"}, TypeError),
        C("asarray[device str]", xp.asarray, ([1, 2],), {"device": "tpu"}, ValueError),
        C("from_dlpack[copy=False mx]", xp.from_dlpack, (f._array,), {"copy": False}, BufferError),
        C("from_dlpack[list]", xp.from_dlpack, ([1, 2],), {}, TypeError),
        # indexing through take / take_along_axis
        C("take[out of range]", xp.take, (v, xp.asarray([3], **d)), {}, IndexError),
        C("take[-4]", xp.take, (v, xp.asarray([-4], **d)), {}, IndexError),
        C("take[int64 max]", xp.take, (v, xp.asarray([2**63 - 1], **d)), {}, IndexError),
        C("take[float idx]", xp.take, (v, xp.asarray([0.0], **d)), {}, TypeError),
        C("take[bool idx]", xp.take, (v, xp.asarray([True], **d)), {}, TypeError),
        C("take[2-d idx]", xp.take, (v, ii), {}, None),
        C("take[axis 5]", xp.take, (f, i), {"axis": 5}, None),
        C("take[other device idx]", xp.take, (v, i.to_device(other_device)), {}, ValueError),
        C("take[empty x]", xp.take, (xp.ones((0,), **d), xp.asarray([0], **d)), {}, IndexError),
        C(
            "take_along_axis[out of range]", xp.take_along_axis,
            (f, xp.asarray([[3, 0, 0], [0, 0, 0]], **d)), {"axis": 1}, IndexError,
        ),
        C(
            "take_along_axis[-4]", xp.take_along_axis,
            (f, xp.asarray([[-4, 0, 0], [0, 0, 0]], **d)), {"axis": 1}, IndexError,
        ),
        C("take_along_axis[rank]", xp.take_along_axis, (f, i), {"axis": 1}, ValueError),
        C("take_along_axis[axis 2]", xp.take_along_axis, (f, ii), {"axis": 2}, None),
        # axes
        C("sum[axis 2]", xp.sum, (f,), {"axis": 2}, None),
        C("sum[axis -3]", xp.sum, (f,), {"axis": -3}, None),
        C("sum[dup axes]", xp.sum, (f,), {"axis": (0, 0)}, ValueError),
        C("sum[float axis]", xp.sum, (f,), {"axis": 1.0}, TypeError),
        C("max[empty]", xp.max, (xp.ones((0,), **d),), {}, ValueError),
        C("argmax[empty]", xp.argmax, (xp.ones((0,), **d),), {}, ValueError),
        C("permute_dims[dup]", xp.permute_dims, (f, (0, 0)), {}, ValueError),
        C("permute_dims[short]", xp.permute_dims, (f, (0,)), {}, ValueError),
        C("permute_dims[out]", xp.permute_dims, (f, (0, 5)), {}, None),
        C("expand_dims[axis 5]", xp.expand_dims, (f, 5), {}, None),
        C("squeeze[non-1]", xp.squeeze, (f, 0), {}, ValueError),
        C("moveaxis[out]", xp.moveaxis, (f, 4, 0), {}, None),
        C("stack[mismatch]", xp.stack, ([f, v],), {}, ValueError),
        C("stack[empty list]", xp.stack, ([],), {}, ValueError),
        C("concat[empty list]", xp.concat, ([],), {}, ValueError),
        C("concat[0-d]", xp.concat, ([xp.asarray(1.0, **d)],), {}, ValueError),
        C("concat[mixed dtypes]", xp.concat, ([f, u],), {}, None),
        C("concat[other device]", xp.concat, ([f, f.to_device(other_device)],), {}, ValueError),
        C("concat[str list]", xp.concat, (["a", "b"],), {}, TypeError),
        C("reshape[bad size]", xp.reshape, (f, (4, 2)), {}, ValueError),
        C("reshape[two -1]", xp.reshape, (f, (-1, -1)), {}, ValueError),
        C("reshape[-2]", xp.reshape, (f, (-2, -3)), {}, ValueError),
        C("reshape[huge]", xp.reshape, (f, (2**62, 0)), {}, ValueError),
        C("broadcast_to[bad]", xp.broadcast_to, (f, (3, 3)), {}, ValueError),
        C("broadcast_to[neg]", xp.broadcast_to, (v, (-1, 3)), {}, ValueError),
        C("broadcast_to[huge]", xp.broadcast_to, (v, (2**62, 3)), {}, ValueError),
        C("broadcast_shapes[bad]", xp.broadcast_shapes, ((2,), (3,)), {}, ValueError),
        C("broadcast_arrays[bad]", xp.broadcast_arrays, (f, xp.ones((4,), **d)), {}, ValueError),
        C("repeat[neg]", xp.repeat, (v, -1), {}, ValueError),
        C("repeat[huge]", xp.repeat, (v, 2**62), {}, ValueError),
        C("repeat[bad len]", xp.repeat, (v, xp.asarray([1, 2], **d)), {}, ValueError),
        C("repeat[neg array]", xp.repeat, (v, xp.asarray([1, -1, 1], **d)), {}, ValueError),
        C("tile[neg]", xp.tile, (v, (-1,)), {}, ValueError),
        C("tile[huge]", xp.tile, (v, (2**62,)), {}, ValueError),
        C("roll[huge shift]", xp.roll, (v, 2**70), {}, None),
        C("roll[mismatch]", xp.roll, (f, (1, 2)), {"axis": 0}, ValueError),
        C("unstack[0-d]", xp.unstack, (xp.asarray(1.0, **d),), {}, ValueError),
        C("matmul[mismatch]", xp.matmul, (f, f), {}, ValueError),
        C("matmul[0-d]", xp.matmul, (xp.asarray(1.0, **d), f), {}, ValueError),
        C("matmul[bool]", xp.matmul, (b, b.mT), {}, TypeError),
        C("tensordot[bad axes]", xp.tensordot, (f, f), {"axes": 3}, ValueError),
        C("tensordot[neg axes]", xp.tensordot, (f, f), {"axes": -1}, ValueError),
        C("vecdot[mismatch]", xp.vecdot, (f, xp.ones((4,), **d)), {}, ValueError),
        C("searchsorted[2-d x1]", xp.searchsorted, (f, v), {}, ValueError),
        C("searchsorted[side]", xp.searchsorted, (v, v), {"side": "middle"}, ValueError),
        C("searchsorted[sorter range]", xp.searchsorted, (v, v), {"sorter": xp.asarray([0, 1, 5], **d)}, IndexError),
        C("where[non-bool]", xp.where, (f, f, f), {}, TypeError),
        C("where[mismatch]", xp.where, (b, f, xp.ones((4,), **d)), {}, ValueError),
        C("where[two scalars]", xp.where, (b, 1.0, 2.0), {}, None),
        C("clip[min>max]", xp.clip, (f,), {"min": 3.0, "max": 1.0}, None),
        C("clip[int overflow]", xp.clip, (u,), {"min": 2**40}, None),
        C("astype[str]", xp.astype, (f, "int32"), {}, TypeError),
        C("astype[np]", xp.astype, (f, np.int32), {}, TypeError),
        C("can_cast[str]", xp.can_cast, ("int8", xp.int16), {}, TypeError),
        C("finfo[int]", xp.finfo, (xp.int32,), {}, TypeError),
        C("iinfo[float]", xp.iinfo, (xp.float32,), {}, TypeError),
        C("isdtype[bad kind]", xp.isdtype, (xp.float32, "reals"), {}, ValueError),
        C("isdtype[int kind]", xp.isdtype, (xp.float32, 3), {}, TypeError),
        C("result_type[none]", xp.result_type, (), {}, ValueError),
        C("result_type[two scalars]", xp.result_type, (1, 2.0), {}, ValueError),
        C("result_type[str]", xp.result_type, ("float32",), {}, TypeError),
        C("meshgrid[2-d]", xp.meshgrid, (f,), {}, ValueError),
        C("meshgrid[indexing]", xp.meshgrid, (v,), {"indexing": "xx"}, ValueError),
        C("cumulative_sum[2-d no axis]", xp.cumulative_sum, (f,), {}, ValueError),
        C("diff[neg n]", xp.diff, (f,), {"n": -1}, ValueError),
        C("diff[0-d]", xp.diff, (xp.asarray(1.0, **d),), {}, ValueError),
        C("std[huge correction]", xp.std, (f,), {"correction": 2**70}, None),
        C("unique_values[0-d]", xp.unique_values, (xp.asarray(1.0, **d),), {}, None),
        C("nonzero[0-d]", xp.nonzero, (xp.asarray(1.0, **d),), {}, ValueError),
        C("argsort[axis 2]", xp.argsort, (f,), {"axis": 2}, None),
        C("sort[0-d]", xp.sort, (xp.asarray(1.0, **d),), {}, None),
        C("pow[int neg exp]", xp.pow, (u, -1), {}, None),
        C("add[int overflow scalar]", xp.add, (u, 2**40), {}, OverflowError),
        C("add[uint64 neg]", xp.add, (xp.asarray([1], dtype=xp.uint64, **d), -1), {}, OverflowError),
        C("add[int beyond 64 bits]", xp.add, (f, 2**70), {}, None),
        C("multiply[-int beyond 64 bits]", xp.multiply, (-(2**70), f), {}, None),
        C("less[int beyond 64 bits]", xp.less, (f, 2**70), {}, None),
        C("add[int beyond float]", xp.add, (f, 10**400), {}, OverflowError),
        C("where[int beyond 64 bits]", xp.where, (b, f, 2**70), {}, None),
        C("add[two scalars]", xp.add, (1, 2), {}, TypeError),
        C("add[complex into float]", xp.add, (f, 1j), {}, None),
        C("add[np array]", xp.add, (f, np.ones(3)), {}, TypeError),
        C("bitwise_left_shift[neg]", xp.bitwise_left_shift, (u, -1), {}, None),
        C("bitwise_and[float]", xp.bitwise_and, (f, f), {}, TypeError),
        C("logical_and[float]", xp.logical_and, (f, f), {}, None),
        C("floor_divide[int by zero]", xp.floor_divide, (u, 0), {}, None),
        C("remainder[int by zero]", xp.remainder, (u, 0), {}, None),
        C("linalg.inv[singular]", xp.linalg.inv, (xp.zeros((2, 2), **d),), {}, None),
        C("linalg.inv[non-square]", xp.linalg.inv, (f,), {}, ValueError),
        C("linalg.cholesky[not pd]", xp.linalg.cholesky, (-m,), {}, None),
        C("linalg.solve[mismatch]", xp.linalg.solve, (m, xp.ones((4,), **d)), {}, ValueError),
        C("linalg.matrix_power[neg singular]", xp.linalg.matrix_power, (xp.zeros((2, 2), **d), -1), {}, None),
        C("linalg.matrix_power[float n]", xp.linalg.matrix_power, (m, 1.5), {}, TypeError),
        C("linalg.vector_norm[bad ord]", xp.linalg.vector_norm, (v,), {"ord": "fro"}, ValueError),
        C("linalg.matrix_norm[bad ord]", xp.linalg.matrix_norm, (m,), {"ord": 3}, ValueError),
        C("linalg.cross[size 2]", xp.linalg.cross, (f[:, :2], f[:, :2]), {}, ValueError),
        C("linalg.qr[mode]", xp.linalg.qr, (m,), {"mode": "r"}, ValueError),
        C("fft.fft[n=0]", xp.fft.fft, (c,), {"n": 0}, ValueError),
        C("fft.fft[n=-1]", xp.fft.fft, (c,), {"n": -1}, ValueError),
        C("fft.fft[n huge]", xp.fft.fft, (c,), {"n": 2**62}, ValueError),
        C("fft.fft[norm]", xp.fft.fft, (c,), {"norm": "none"}, ValueError),
        C("fft.fft[int64]", xp.fft.fft, (xp.asarray([1, 2], dtype=xp.int64, device=xp.cpu),), {}, TypeError),
        C("fft.fftn[s/axes]", xp.fft.fftn, (c,), {"s": (2, 2), "axes": (0,)}, ValueError),
        C("fft.fftfreq[n=0]", xp.fft.fftfreq, (0,), d, ValueError),
        C("fft.fftfreq[d=0]", xp.fft.fftfreq, (4,), {"d": 0.0, **d}, None),
        C("fft.rfftfreq[neg]", xp.fft.rfftfreq, (-3,), d, ValueError),
    ]  # fmt: skip
