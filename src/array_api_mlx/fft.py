"""The ``fft`` extension of the standard (2025.12).

Every function runs on its input's device (MLX has FFT kernels on every backend), placed
by one stream context (``_routing.on_input_device``); ``fftfreq``/``rfftfreq`` run on the
requested device. Differences from the standard, and why:

- float64 and complex128 input, whose transforms are complex128 (or float64 from it), which
  MLX lacks, are computed by NumPy's pocketfft on the host (design §14), on the CPU device.
- Complex-input transforms (``fft``, ``ifft``, ``fftn``, ``ifftn``, ``irfft``, ``irfftn``,
  ``hfft``) also accept real input, as NumPy does (treated as complex).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Literal, TypeAlias

import mlx.core as mx

from . import _dtypes as dt
from ._arguments import MAX_DIM, normalize_axis
from ._array_object import Array
from ._devices import Device, check_dtype_on, resolve_device
from ._dtypes import DType, HostComputation
from ._operands import MxFunction, check_array
from ._routing import on_input_device

__all__ = [
    "fft", "fftfreq", "fftn", "fftshift", "hfft", "ifft", "ifftn", "ifftshift", "ihfft",
    "irfft", "irfftn", "rfft", "rfftfreq", "rfftn",
]  # fmt: skip

Norm: TypeAlias = Literal["backward", "ortho", "forward"]

_NORMS = ("backward", "ortho", "forward")
_SWAP = {"backward": "forward", "ortho": "ortho", "forward": "backward"}


# --- argument rules ---------------------------------------------------------------------
def _input(x: Array, name: str, complex_input: bool) -> mx.array:
    """The input as an ``mx.array`` of complex64 (``complex_input``) or float32."""
    check_array(x, f"fft.{name}")
    d = x.dtype
    if complex_input:
        ok = d in dt.FLOATING
    else:
        ok = d in dt.REAL_FLOATING
    if not ok:
        want = "a floating-point" if complex_input else "a real floating-point"
        raise TypeError(f"fft.{name}: expected {want} array, got {d.name}")
    target = mx.complex64 if complex_input else mx.float32
    if d in _ON_HOST:
        # complex128 results (or input): NumPy computes (design §14) once the arguments
        # are checked on this lazy stand-in, never evaluated (``_wrap`` raises).
        return mx.zeros(tuple(x.shape), dtype=target, stream=x._device._mx)
    a = x._array
    if a.dtype != target:
        a = a.astype(target)
    return a


def _norm(norm: str, name: str) -> str:
    if norm not in _NORMS:
        raise ValueError(f"fft.{name}: norm must be 'backward', 'ortho' or 'forward', not {norm!r}")
    return norm


def _length(n: int, name: str, argname: str = "n") -> int:
    if isinstance(n, bool):
        raise TypeError(f"fft.{name}: {argname} must be an int, not bool")
    n = operator.index(n)
    if n < 1:
        raise ValueError(f"fft.{name}: {argname} must be at least 1, got {n}")
    if n > MAX_DIM:
        raise ValueError(
            f"fft.{name}: {argname}={n} is beyond MLX's limit for a dimension (2**31 - 1)"
        )
    return n


def _axis(x: Array, axis: int, name: str) -> int:
    if x.ndim == 0:
        raise ValueError(f"fft.{name}: x must have at least one dimension")
    return normalize_axis(axis, x.ndim, f"fft.{name}")


def _n_default(x: Array, n: int | None, axis: int, name: str) -> int:
    if n is None:
        if x.shape[axis] == 0:
            raise ValueError(f"fft.{name}: axis {axis} of x has no elements; pass n >= 1")
        return x.shape[axis]
    return _length(n, name)


def _s_axes(
    x: Array, s: Sequence[int] | None, axes: int | Sequence[int] | None, name: str
) -> tuple[list[int | None], list[int]]:
    """Normalise ``s`` and ``axes`` to two lists (``s`` entries may be None: default)."""
    if axes is None:
        ax = list(range(x.ndim)) if s is None else list(range(x.ndim - len(s), x.ndim))
        if s is not None and len(s) > x.ndim:
            raise ValueError(f"fft.{name}: s has more entries ({len(s)}) than x has axes")
    else:
        if isinstance(axes, int):
            axes = [axes]
        ax = [normalize_axis(a, x.ndim, f"fft.{name}", "axes") for a in axes]
    if len(set(ax)) != len(ax):
        raise ValueError(f"fft.{name}: axes {tuple(ax)} contains repeated axes")
    sizes: list[int | None]
    if s is None:
        sizes = [None] * len(ax)
    else:
        s = list(s)
        if len(s) != len(ax):
            raise ValueError(
                f"fft.{name}: s and axes must have the same length, got {len(s)} and {len(ax)}"
            )
        sizes = [None if v == -1 else _length(v, name, "s") for v in s]
    return sizes, ax


def _fill_sizes(x: Array, sizes: list[int | None], axes: list[int], name: str) -> list[int]:
    out = []
    for v, ax in zip(sizes, axes):
        if v is None:
            if x.shape[ax] == 0:
                raise ValueError(f"fft.{name}: axis {ax} of x has no elements; pass s")
            v = x.shape[ax]
        out.append(v)
    return out


# Input dtypes whose transforms NumPy computes on the host: their results are complex128
# (or float64 from complex128), which MLX lacks.
_ON_HOST = frozenset({dt.float64, dt.complex128})


def _wrap(a: mx.array, x: Array) -> Array:
    if x.dtype in _ON_HOST:
        raise HostComputation(f"an FFT of {x.dtype.name}")
    return Array._new(a, x._device)


# --- one-dimensional transforms ---------------------------------------------------------
def _fft1(
    fn: MxFunction,
    x: Array,
    n: int | None,
    axis: int,
    norm: str,
    name: str,
    complex_input: bool = True,
) -> Array:
    a = _input(x, name, complex_input)
    axis = _axis(x, axis, name)
    length = _n_default(x, n, axis, name)
    out = fn(a, n=length, axis=axis, norm=_norm(norm, name))
    return _wrap(out, x)


@on_input_device
def fft(x: Array, /, *, n: int | None = None, axis: int = -1, norm: Norm = "backward") -> Array:
    """One-dimensional discrete Fourier transform."""
    return _fft1(mx.fft.fft, x, n, axis, norm, "fft")


@on_input_device
def ifft(x: Array, /, *, n: int | None = None, axis: int = -1, norm: Norm = "backward") -> Array:
    """One-dimensional inverse discrete Fourier transform."""
    return _fft1(mx.fft.ifft, x, n, axis, norm, "ifft")


@on_input_device
def rfft(x: Array, /, *, n: int | None = None, axis: int = -1, norm: Norm = "backward") -> Array:
    """One-dimensional transform of real input (the non-negative frequencies)."""
    return _fft1(mx.fft.rfft, x, n, axis, norm, "rfft", complex_input=False)


@on_input_device
def irfft(x: Array, /, *, n: int | None = None, axis: int = -1, norm: Norm = "backward") -> Array:
    """Inverse of ``rfft``: real output of length ``n`` (default ``2 * (m - 1)``)."""
    a = _input(x, "irfft", True)
    axis = _axis(x, axis, "irfft")
    n = _irfft_length(x, n, axis, "irfft")
    out = mx.fft.irfft(a, n=n, axis=axis, norm=_norm(norm, "irfft"))
    return _wrap(out, x)


def _irfft_length(x: Array, n: int | None, axis: int, name: str) -> int:
    if n is None:
        n = 2 * (x.shape[axis] - 1)
        if n < 1:
            raise ValueError(
                f"fft.{name}: axis {axis} of x has {x.shape[axis]} element(s), too few for "
                f"the default output length 2 * (m - 1); pass n"
            )
        return n
    return _length(n, name)


@on_input_device
def hfft(x: Array, /, *, n: int | None = None, axis: int = -1, norm: Norm = "backward") -> Array:
    """Transform of a Hermitian-symmetric signal given by its first half: real output."""
    a = _input(x, "hfft", True)
    axis = _axis(x, axis, "hfft")
    n = _irfft_length(x, n, axis, "hfft")
    # hfft(a) = irfft(conj(a)) with the normalisation direction swapped.
    out = mx.fft.irfft(mx.conj(a), n=n, axis=axis, norm=_SWAP[_norm(norm, "hfft")])
    return _wrap(out, x)


@on_input_device
def ihfft(x: Array, /, *, n: int | None = None, axis: int = -1, norm: Norm = "backward") -> Array:
    """Inverse of ``hfft``: the first half of the spectrum of a real signal."""
    a = _input(x, "ihfft", False)
    axis = _axis(x, axis, "ihfft")
    n = _n_default(x, n, axis, "ihfft")
    out = mx.fft.rfft(a, n=n, axis=axis, norm=_SWAP[_norm(norm, "ihfft")])
    return _wrap(mx.conj(out), x)


# --- n-dimensional transforms -----------------------------------------------------------
def _fftn(
    fn: MxFunction,
    x: Array,
    s: Sequence[int] | None,
    axes: Sequence[int] | None,
    norm: str,
    name: str,
    complex_input: bool = True,
) -> Array:
    a = _input(x, name, complex_input)
    sizes, ax = _s_axes(x, s, axes, name)
    norm = _norm(norm, name)
    if not ax:
        if not complex_input:
            raise ValueError(f"fft.{name}: at least one axis is needed")
        return _wrap(a, x)
    out = fn(a, s=_fill_sizes(x, sizes, ax, name), axes=ax, norm=norm)
    return _wrap(out, x)


@on_input_device
def fftn(
    x: Array,
    /,
    *,
    s: Sequence[int] | None = None,
    axes: Sequence[int] | None = None,
    norm: Norm = "backward",
) -> Array:
    """n-dimensional discrete Fourier transform over ``axes``."""
    return _fftn(mx.fft.fftn, x, s, axes, norm, "fftn")


@on_input_device
def ifftn(
    x: Array,
    /,
    *,
    s: Sequence[int] | None = None,
    axes: Sequence[int] | None = None,
    norm: Norm = "backward",
) -> Array:
    """n-dimensional inverse discrete Fourier transform over ``axes``."""
    return _fftn(mx.fft.ifftn, x, s, axes, norm, "ifftn")


@on_input_device
def rfftn(
    x: Array,
    /,
    *,
    s: Sequence[int] | None = None,
    axes: Sequence[int] | None = None,
    norm: Norm = "backward",
) -> Array:
    """n-dimensional transform of real input (last axis: non-negative frequencies)."""
    return _fftn(mx.fft.rfftn, x, s, axes, norm, "rfftn", complex_input=False)


@on_input_device
def irfftn(
    x: Array,
    /,
    *,
    s: Sequence[int] | None = None,
    axes: Sequence[int] | None = None,
    norm: Norm = "backward",
) -> Array:
    """Inverse of ``rfftn``: real output; the last axis defaults to ``2 * (m - 1)``."""
    a = _input(x, "irfftn", True)
    sizes, ax = _s_axes(x, s, axes, "irfftn")
    checked_norm = _norm(norm, "irfftn")
    if not ax:
        raise ValueError("fft.irfftn: at least one axis is needed")
    if sizes[-1] is None:
        sizes[-1] = _irfft_length(x, None, ax[-1], "irfftn")
    s_ = tuple(_fill_sizes(x, sizes, ax, "irfftn"))
    out = mx.fft.irfftn(a, s=s_, axes=ax, norm=checked_norm)
    return _wrap(out, x)


# --- helpers ----------------------------------------------------------------------------
def _freq_args(
    n: int, d: float, dtype: DType | None, device: Device | None, name: str
) -> tuple[int, float, DType, Device]:
    n = _length(n, name)
    if isinstance(d, bool) or not isinstance(d, (int, float)):
        raise TypeError(f"fft.{name}: d must be a float, not {type(d).__name__}")
    dev = resolve_device(device)
    if dtype is None:
        dtype = dt.float32
    else:
        dtype = dt.check_dtype(dtype)
        if dtype not in (dt.float32, dt.float64):
            raise ValueError(
                f"fft.{name}: dtype must be a real floating-point dtype, not {dtype.name}"
            )
    check_dtype_on(dev, dtype)
    return n, float(d), dtype, dev


def fftfreq(
    n: int, /, *, d: float = 1.0, dtype: DType | None = None, device: Device | None = None
) -> Array:
    """Sample frequencies of ``fft``: ``[0, 1, ..., -1] / (d * n)``."""
    n, d, dt_, dev = _freq_args(n, d, dtype, device, "fftfreq")
    with mx.stream(dev._mx):
        k = mx.arange(n, dtype=mx.int64)
        k = mx.where(k < (n + 1) // 2, k, k - n)
        out = k.astype(dt_._mx) / mx.array(d * n, dtype=dt_._mx)
    return Array._new(out, dev)


def rfftfreq(
    n: int, /, *, d: float = 1.0, dtype: DType | None = None, device: Device | None = None
) -> Array:
    """Sample frequencies of ``rfft``: ``[0, 1, ..., n // 2] / (d * n)``."""
    n, d, dt_, dev = _freq_args(n, d, dtype, device, "rfftfreq")
    with mx.stream(dev._mx):
        k = mx.arange(n // 2 + 1, dtype=mx.int64)
        out = k.astype(dt_._mx) / mx.array(d * n, dtype=dt_._mx)
    return Array._new(out, dev)


def _shift(x: Array, axes: int | Sequence[int] | None, sign: int, name: str) -> Array:
    check_array(x, f"fft.{name}")
    if axes is None:
        ax = list(range(x.ndim))
    elif isinstance(axes, int):
        ax = [normalize_axis(axes, x.ndim, f"fft.{name}", "axes")]
    else:
        ax = [normalize_axis(a, x.ndim, f"fft.{name}", "axes") for a in axes]
    if not ax:
        return x
    shifts = tuple(sign * (x.shape[a] // 2) for a in ax)
    # MLX's stubs make roll's axis positional-only and its tuples 1-tuples.
    out = mx.roll(x._array, shifts, axis=tuple(ax))  # type: ignore[call-arg, arg-type]
    return Array._new(out, x._device)


@on_input_device
def fftshift(x: Array, /, *, axes: int | Sequence[int] | None = None) -> Array:
    """Move the zero-frequency term to the centre of ``axes`` (default: all)."""
    return _shift(x, axes, 1, "fftshift")


@on_input_device
def ifftshift(x: Array, /, *, axes: int | Sequence[int] | None = None) -> Array:
    """Inverse of ``fftshift``."""
    return _shift(x, axes, -1, "ifftshift")
