"""The ``fft`` extension of the standard (2025.12).

Transforms run on the input's device (MLX has FFT kernels on every backend; the CPU
routing table is consulted all the same). Differences from the standard, and why:

- MLX has no complex128, so a float64 input, whose transform would be complex128, raises
  TypeError: cast it to float32 (or complex64) first. Nothing is downcast silently.
  ``fftfreq``/``rfftfreq``/``fftshift``/``ifftshift`` are real-valued and accept float64.
- Complex-input transforms (``fft``, ``ifft``, ``fftn``, ``ifftn``, ``irfft``, ``irfftn``,
  ``hfft``) also accept real float32 input, as NumPy does (treated as complex64).
"""

from __future__ import annotations

import operator

import mlx.core as mx

from . import _dtypes as dt
from ._arguments import MAX_DIM, normalize_axis
from ._array_object import Array, check_array
from ._cpu_routing import stream_for
from ._devices import check_dtype_on, on_input_device, resolve_device

__all__ = [
    "fft", "fftfreq", "fftn", "fftshift", "hfft", "ifft", "ifftn", "ifftshift", "ihfft",
    "irfft", "irfftn", "rfft", "rfftfreq", "rfftn",
]  # fmt: skip

_NORMS = ("backward", "ortho", "forward")
_SWAP = {"backward": "forward", "ortho": "ortho", "forward": "backward"}


# --- argument rules ---------------------------------------------------------------------
def _input(x, name: str, complex_input: bool) -> mx.array:
    """The input as an ``mx.array`` of complex64 (``complex_input``) or float32."""
    check_array(x, f"fft.{name}")
    d = x.dtype
    if d is dt.float64:
        raise TypeError(
            f"fft.{name}: float64 input is not supported because MLX has no complex128 for "
            f"the result; cast the input to float32 (or complex64) with "
            f"xp.astype(x, xp.float32)"
        )
    if complex_input:
        ok = d in dt.FLOATING
    else:
        ok = d in dt.REAL_FLOATING
    if not ok:
        want = "a complex64 or float32" if complex_input else "a real floating-point (float32)"
        raise TypeError(f"fft.{name}: expected {want} array, got {d.name}")
    a = x._array
    target = mx.complex64 if complex_input else mx.float32
    if a.dtype != target:
        a = a.astype(target, stream=x._device._mx)
    return a


def _norm(norm, name: str) -> str:
    if norm not in _NORMS:
        raise ValueError(f"fft.{name}: norm must be 'backward', 'ortho' or 'forward', not {norm!r}")
    return norm


def _length(n, name: str, argname: str = "n") -> int:
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


def _axis(x: Array, axis, name: str) -> int:
    if x.ndim == 0:
        raise ValueError(f"fft.{name}: x must have at least one dimension")
    return normalize_axis(axis, x.ndim, f"fft.{name}")


def _n_default(x: Array, n, axis: int, name: str) -> int:
    if n is None:
        if x.shape[axis] == 0:
            raise ValueError(f"fft.{name}: axis {axis} of x has no elements; pass n >= 1")
        return x.shape[axis]
    return _length(n, name)


def _s_axes(x: Array, s, axes, name: str):
    """Normalise ``s`` and ``axes`` to two lists (``s`` entries may be None: default)."""
    if axes is None:
        axes = list(range(x.ndim)) if s is None else list(range(x.ndim - len(s), x.ndim))
        if s is not None and len(s) > x.ndim:
            raise ValueError(f"fft.{name}: s has more entries ({len(s)}) than x has axes")
    else:
        if isinstance(axes, int):
            axes = [axes]
        axes = [normalize_axis(a, x.ndim, f"fft.{name}", "axes") for a in axes]
    if len(set(axes)) != len(axes):
        raise ValueError(f"fft.{name}: axes {tuple(axes)} contains repeated axes")
    if s is None:
        sizes = [None] * len(axes)
    else:
        s = list(s)
        if len(s) != len(axes):
            raise ValueError(
                f"fft.{name}: s and axes must have the same length, got {len(s)} and {len(axes)}"
            )
        sizes = [None if v == -1 else _length(v, name, "s") for v in s]
    return sizes, axes


def _fill_sizes(x: Array, sizes, axes, name: str) -> list[int]:
    out = []
    for v, ax in zip(sizes, axes):
        if v is None:
            if x.shape[ax] == 0:
                raise ValueError(f"fft.{name}: axis {ax} of x has no elements; pass s")
            v = x.shape[ax]
        out.append(v)
    return out


def _wrap(a: mx.array, x: Array) -> Array:
    return Array._new(a, x._device)


# --- one-dimensional transforms ---------------------------------------------------------
def _fft1(fn, x, n, axis, norm, name, complex_input=True):
    a = _input(x, name, complex_input)
    axis = _axis(x, axis, name)
    n = _n_default(x, n, axis, name)
    out = fn(a, n=n, axis=axis, norm=_norm(norm, name), stream=stream_for(name, x._device))
    return _wrap(out, x)


@on_input_device
def fft(x, /, *, n=None, axis=-1, norm="backward") -> Array:
    """One-dimensional discrete Fourier transform."""
    return _fft1(mx.fft.fft, x, n, axis, norm, "fft")


@on_input_device
def ifft(x, /, *, n=None, axis=-1, norm="backward") -> Array:
    """One-dimensional inverse discrete Fourier transform."""
    return _fft1(mx.fft.ifft, x, n, axis, norm, "ifft")


@on_input_device
def rfft(x, /, *, n=None, axis=-1, norm="backward") -> Array:
    """One-dimensional transform of real input (the non-negative frequencies)."""
    return _fft1(mx.fft.rfft, x, n, axis, norm, "rfft", complex_input=False)


@on_input_device
def irfft(x, /, *, n=None, axis=-1, norm="backward") -> Array:
    """Inverse of ``rfft``: real output of length ``n`` (default ``2 * (m - 1)``)."""
    a = _input(x, "irfft", True)
    axis = _axis(x, axis, "irfft")
    n = _irfft_length(x, n, axis, "irfft")
    out = mx.fft.irfft(
        a, n=n, axis=axis, norm=_norm(norm, "irfft"), stream=stream_for("irfft", x._device)
    )
    return _wrap(out, x)


def _irfft_length(x: Array, n, axis: int, name: str) -> int:
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
def hfft(x, /, *, n=None, axis=-1, norm="backward") -> Array:
    """Transform of a Hermitian-symmetric signal given by its first half: real output."""
    a = _input(x, "hfft", True)
    axis = _axis(x, axis, "hfft")
    n = _irfft_length(x, n, axis, "hfft")
    s = stream_for("hfft", x._device)
    # hfft(a) = irfft(conj(a)) with the normalisation direction swapped.
    out = mx.fft.irfft(
        mx.conj(a, stream=s), n=n, axis=axis, norm=_SWAP[_norm(norm, "hfft")], stream=s
    )
    return _wrap(out, x)


@on_input_device
def ihfft(x, /, *, n=None, axis=-1, norm="backward") -> Array:
    """Inverse of ``hfft``: the first half of the spectrum of a real signal."""
    a = _input(x, "ihfft", False)
    axis = _axis(x, axis, "ihfft")
    n = _n_default(x, n, axis, "ihfft")
    s = stream_for("ihfft", x._device)
    out = mx.fft.rfft(a, n=n, axis=axis, norm=_SWAP[_norm(norm, "ihfft")], stream=s)
    return _wrap(mx.conj(out, stream=s), x)


# --- n-dimensional transforms -----------------------------------------------------------
def _fftn(fn, x, s, axes, norm, name, complex_input=True):
    a = _input(x, name, complex_input)
    sizes, axes = _s_axes(x, s, axes, name)
    norm = _norm(norm, name)
    if not axes:
        if not complex_input:
            raise ValueError(f"fft.{name}: at least one axis is needed")
        return _wrap(a, x)
    sizes = _fill_sizes(x, sizes, axes, name)
    out = fn(a, s=sizes, axes=axes, norm=norm, stream=stream_for(name, x._device))
    return _wrap(out, x)


@on_input_device
def fftn(x, /, *, s=None, axes=None, norm="backward") -> Array:
    """n-dimensional discrete Fourier transform over ``axes``."""
    return _fftn(mx.fft.fftn, x, s, axes, norm, "fftn")


@on_input_device
def ifftn(x, /, *, s=None, axes=None, norm="backward") -> Array:
    """n-dimensional inverse discrete Fourier transform over ``axes``."""
    return _fftn(mx.fft.ifftn, x, s, axes, norm, "ifftn")


@on_input_device
def rfftn(x, /, *, s=None, axes=None, norm="backward") -> Array:
    """n-dimensional transform of real input (last axis: non-negative frequencies)."""
    return _fftn(mx.fft.rfftn, x, s, axes, norm, "rfftn", complex_input=False)


@on_input_device
def irfftn(x, /, *, s=None, axes=None, norm="backward") -> Array:
    """Inverse of ``rfftn``: real output; the last axis defaults to ``2 * (m - 1)``."""
    a = _input(x, "irfftn", True)
    sizes, axes = _s_axes(x, s, axes, "irfftn")
    norm = _norm(norm, "irfftn")
    if not axes:
        raise ValueError("fft.irfftn: at least one axis is needed")
    if sizes[-1] is None:
        sizes[-1] = _irfft_length(x, None, axes[-1], "irfftn")
    sizes = _fill_sizes(x, sizes, axes, "irfftn")
    out = mx.fft.irfftn(a, s=sizes, axes=axes, norm=norm, stream=stream_for("irfftn", x._device))
    return _wrap(out, x)


# --- helpers ----------------------------------------------------------------------------
def _freq_args(n, d, dtype, device, name: str):
    n = _length(n, name)
    if isinstance(d, bool) or not isinstance(d, (int, float)):
        raise TypeError(f"fft.{name}: d must be a float, not {type(d).__name__}")
    device = resolve_device(device)
    if dtype is None:
        dtype = dt.float32
    else:
        dtype = dt.check_dtype(dtype)
        if dtype not in (dt.float32, dt.float64):
            raise ValueError(
                f"fft.{name}: dtype must be a real floating-point dtype, not {dtype.name}"
            )
    check_dtype_on(device, dtype)
    return n, float(d), dtype, device


@on_input_device
def fftfreq(n: int, /, *, d: float = 1.0, dtype=None, device=None) -> Array:
    """Sample frequencies of ``fft``: ``[0, 1, ..., -1] / (d * n)``."""
    n, d, dtype, device = _freq_args(n, d, dtype, device, "fftfreq")
    s = device._mx
    k = mx.arange(n, dtype=mx.int64, stream=s)
    k = mx.where(mx.less(k, (n + 1) // 2, stream=s), k, mx.subtract(k, n, stream=s), stream=s)
    out = mx.divide(k.astype(dtype._mx, stream=s), mx.array(d * n, dtype=dtype._mx), stream=s)
    return Array._new(out, device)


@on_input_device
def rfftfreq(n: int, /, *, d: float = 1.0, dtype=None, device=None) -> Array:
    """Sample frequencies of ``rfft``: ``[0, 1, ..., n // 2] / (d * n)``."""
    n, d, dtype, device = _freq_args(n, d, dtype, device, "rfftfreq")
    s = device._mx
    k = mx.arange(n // 2 + 1, dtype=mx.int64, stream=s)
    out = mx.divide(k.astype(dtype._mx, stream=s), mx.array(d * n, dtype=dtype._mx), stream=s)
    return Array._new(out, device)


def _shift(x, axes, sign: int, name: str) -> Array:
    check_array(x, f"fft.{name}")
    if axes is None:
        axes = list(range(x.ndim))
    elif isinstance(axes, int):
        axes = [normalize_axis(axes, x.ndim, f"fft.{name}", "axes")]
    else:
        axes = [normalize_axis(a, x.ndim, f"fft.{name}", "axes") for a in axes]
    if not axes:
        return x
    shifts = tuple(sign * (x.shape[a] // 2) for a in axes)
    out = mx.roll(x._array, shifts, axis=tuple(axes), stream=x._device._mx)
    return Array._new(out, x._device)


@on_input_device
def fftshift(x, /, *, axes=None) -> Array:
    """Move the zero-frequency term to the centre of ``axes`` (default: all)."""
    return _shift(x, axes, 1, "fftshift")


@on_input_device
def ifftshift(x, /, *, axes=None) -> Array:
    """Inverse of ``fftshift``."""
    return _shift(x, axes, -1, "ifftshift")
