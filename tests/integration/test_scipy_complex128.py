"""SciPy's FFT and signal functions on float64 arrays of this namespace, whose results are
complex128 (design §14), compared with the same calls on NumPy arrays (the oracle).

Each call runs twice, on NumPy input and on ours: our results must be arrays of this
namespace on the input's device, of NumPy's dtypes (complex128 where NumPy gives
complex128), and of NumPy's values within rtol 1e-10 (roots, whose order SciPy leaves open,
are compared as sorted sets; a multiple root, which no float64 algorithm resolves to better
than about eps**(1/m), through the polynomial it defines).
"""

from __future__ import annotations

import numpy as np
import pytest

import array_api_mlx as xp

from .conftest import assert_same_namespace_and_device

pytest.importorskip("scipy", reason="SciPy is not installed")
import scipy.fft  # noqa: E402
import scipy.signal  # noqa: E402

# SciPy dispatches to our namespace only with SCIPY_ARRAY_API=1 (set by conftest.py).
pytestmark = pytest.mark.usefixtures("scipy_array_api")



@pytest.fixture(autouse=True)
def _cpu_by_default():
    """float64 and complex128 live on the CPU device (design §3, §14). SciPy creates some
    arrays without ``device=`` (``freqz``'s frequencies, ``butter``'s coefficients): they
    go to the default device, which must then be the CPU, as users of these dtypes set it
    where the default is a GPU (``xp.set_default_device(xp.cpu)``)."""
    with xp.default_device(xp.cpu):
        yield


RTOL = 1e-10
_rng = np.random.default_rng(2026)
SIGNAL = _rng.standard_normal(256)
KERNEL = _rng.standard_normal(31)
IMAGE = _rng.standard_normal((12, 10))
BUTTER_B, BUTTER_A = (np.asarray(c) for c in scipy.signal.butter(4, 0.2))
BUTTER_SOS = np.asarray(scipy.signal.butter(4, 0.2, output="sos"))


def _ours(v):
    return xp.asarray(v, device=xp.cpu) if isinstance(v, np.ndarray) else v


def _both(fn, *args, **kwargs):
    """``fn`` on NumPy arrays and on ours: (NumPy's results, ours), as tuples."""
    want = fn(*args, **kwargs)
    got = fn(*(_ours(a) for a in args), **{k: _ours(v) for k, v in kwargs.items()})
    if not isinstance(want, tuple):
        want, got = (want,), (got,)
    assert len(got) == len(want)
    return want, got


def _check(got, want, rtol=RTOL):
    """One result: our namespace and device, NumPy's dtype, NumPy's values."""
    want = np.asarray(want)
    assert_same_namespace_and_device(got, xp, xp.cpu)
    assert got.dtype.name == want.dtype.name, f"{got.dtype.name} != {want.dtype.name}"
    scale = float(np.max(np.abs(want), initial=0.0))
    np.testing.assert_allclose(np.asarray(got), want, rtol=rtol, atol=rtol * scale)


FFT_CASES = {
    "fft": (scipy.fft.fft, (SIGNAL,), {}),
    "fft n axis norm": (scipy.fft.fft, (IMAGE,), {"n": 16, "axis": 0, "norm": "ortho"}),
    "ifft": (scipy.fft.ifft, (SIGNAL,), {}),
    "rfft": (scipy.fft.rfft, (SIGNAL,), {}),
    "irfft": (scipy.fft.irfft, (scipy.fft.rfft(SIGNAL),), {"n": SIGNAL.size}),
    "irfft of real": (scipy.fft.irfft, (SIGNAL[:65],), {}),
    "fftn": (scipy.fft.fftn, (IMAGE,), {}),
    "fftn s axes": (scipy.fft.fftn, (IMAGE,), {"s": (8, 16), "axes": (1, 0)}),
    "ifftn": (scipy.fft.ifftn, (IMAGE,), {}),
    "rfftn": (scipy.fft.rfftn, (IMAGE,), {}),
    "hfft": (scipy.fft.hfft, (SIGNAL[:65],), {}),
    "hfft of complex": (scipy.fft.hfft, (scipy.fft.ifft(SIGNAL)[:129],), {"n": 256}),
    "ihfft": (scipy.fft.ihfft, (SIGNAL,), {}),
}


@pytest.mark.parametrize("case", FFT_CASES.values(), ids=FFT_CASES.keys())
def test_fft(case):
    fn, args, kwargs = case
    want, got = _both(fn, *args, **kwargs)
    for g, w in zip(got, want):
        _check(g, w)


SIGNAL_CASES = {
    "hilbert": (scipy.signal.hilbert, (SIGNAL,), {}),
    "hilbert N axis": (scipy.signal.hilbert, (IMAGE,), {"N": 16, "axis": 0}),
    "fftconvolve": (scipy.signal.fftconvolve, (SIGNAL, KERNEL), {}),
    "fftconvolve same": (scipy.signal.fftconvolve, (SIGNAL, KERNEL), {"mode": "same"}),
    "fftconvolve 2-d": (scipy.signal.fftconvolve, (IMAGE, IMAGE[:3, :4]), {"mode": "valid"}),
    "oaconvolve": (scipy.signal.oaconvolve, (SIGNAL, KERNEL), {}),
    "oaconvolve same": (scipy.signal.oaconvolve, (SIGNAL, KERNEL), {"mode": "same"}),
    "resample": (scipy.signal.resample, (SIGNAL, 300), {}),
    "resample down": (scipy.signal.resample, (SIGNAL, 100), {}),
    "freqz": (scipy.signal.freqz, (BUTTER_B, BUTTER_A), {}),
    "freqz worN whole": (scipy.signal.freqz, (BUTTER_B, BUTTER_A), {"worN": 64, "whole": True}),
    "freqz worN array": (
        scipy.signal.freqz,
        (BUTTER_B, BUTTER_A),
        {"worN": np.linspace(0, np.pi, 33)},
    ),
}
if hasattr(scipy.signal, "envelope"):  # SciPy 1.16+
    SIGNAL_CASES["envelope"] = (scipy.signal.envelope, (SIGNAL,), {})
_sosfreqz = getattr(scipy.signal, "sosfreqz", None) or getattr(scipy.signal, "freqz_sos", None)
if _sosfreqz is not None:
    SIGNAL_CASES["sosfreqz"] = (_sosfreqz, (BUTTER_SOS,), {})
    SIGNAL_CASES["sosfreqz worN"] = (_sosfreqz, (BUTTER_SOS,), {"worN": 64})


@pytest.mark.parametrize("case", SIGNAL_CASES.values(), ids=SIGNAL_CASES.keys())
def test_signal(case):
    fn, args, kwargs = case
    want, got = _both(fn, *args, **kwargs)
    for g, w in zip(got, want):
        _check(g, w)


def test_complex_results_are_complex128():
    """The results NumPy gives as complex128 are complex128 here too (complex64 before)."""
    for fn, args in (
        (scipy.fft.fft, (SIGNAL,)),
        (scipy.signal.hilbert, (SIGNAL,)),
        (lambda b, a: scipy.signal.freqz(b, a)[1], (BUTTER_B, BUTTER_A)),
    ):
        assert fn(*(_ours(a) for a in args)).dtype is xp.complex128


@pytest.mark.parametrize("output", ["ba", "zpk", "sos"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_butter_with_array_wn(output, dtype):
    """butter computes its poles as complex128 whatever the dtype of Wn."""
    wn = np.array([0.1, 0.4], dtype=dtype)
    want, got = _both(scipy.signal.butter, 4, wn, btype="band", output=output)
    for g, w in zip(got, want):
        if output == "zpk" and np.asarray(w).ndim:
            _check_roots(g, w)
        else:
            _check(g, w)


def _check_roots(got, want):
    """Roots: as ``_check``, in sorted order (SciPy leaves the order open)."""
    want = np.asarray(want)
    assert_same_namespace_and_device(got, xp, xp.cpu)
    assert got.dtype.name == want.dtype.name, f"{got.dtype.name} != {want.dtype.name}"
    np.testing.assert_allclose(
        np.sort_complex(np.asarray(got)), np.sort_complex(want), rtol=RTOL, atol=RTOL
    )


def test_tf2zpk_distinct_roots():
    b = np.array([1.0, -0.5, 0.25])
    a = np.array([1.0, 0.3, -0.1, 0.05])
    (wz, wp, wk), (z, p, k) = _both(scipy.signal.tf2zpk, b, a)
    assert z.dtype is p.dtype is xp.complex128
    _check_roots(z, wz)
    _check_roots(p, wp)
    _check(k, wk)


def test_tf2zpk_butterworth():
    """A Butterworth filter's zeros are one root of multiplicity 4 at -1: compared through
    the polynomial they define (well conditioned), the poles directly."""
    (wz, wp, wk), (z, p, k) = _both(scipy.signal.tf2zpk, BUTTER_B, BUTTER_A)
    assert z.dtype is p.dtype is xp.complex128
    np.testing.assert_allclose(np.poly(np.asarray(z)), np.poly(wz), rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(np.abs(np.asarray(z) + 1), 0, atol=1e-3)
    _check_roots(p, wp)
    _check(k, wk)
