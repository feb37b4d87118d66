"""fft extension: differential tests against numpy.fft for every function, norm mode,
n/s padding and truncation, and axis/axes choice; float64 refusal; placement."""

from __future__ import annotations

import mlx.core as mx
import numpy as np
import pytest

import array_api_mlx as xp
from array_api_mlx import _devices

SPEC_NAMES = [
    "fft", "fftfreq", "fftn", "fftshift", "hfft", "ifft", "ifftn", "ifftshift", "ihfft",
    "irfft", "irfftn", "rfft", "rfftfreq", "rfftn",
]  # fmt: skip
NORMS = ["backward", "ortho", "forward"]


def signal(shape, complex_=True, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape)
    if complex_:
        return (a + 1j * rng.standard_normal(shape)).astype(np.complex64)
    return a.astype(np.float32)


def close(actual, expected, dtype):
    got = np.asarray(actual)
    assert actual.dtype is dtype
    assert got.shape == expected.shape
    scale = max(1.0, float(np.max(np.abs(expected), initial=0)))
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=2e-5 * scale)


def test_all_spec_names_exported():
    assert sorted(xp.fft.__all__) == sorted(SPEC_NAMES)
    for name in SPEC_NAMES:
        assert callable(getattr(xp.fft, name))


@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("n", [None, 3, 5, 9])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_one_dimensional(device, norm, n, axis):
    c = signal((3, 5, 4))
    r = signal((3, 5, 4), complex_=False, seed=1)
    xc, xr = xp.asarray(c, device=device), xp.asarray(r, device=device)
    kw = dict(n=n, axis=axis, norm=norm)
    cases = [
        (xp.fft.fft(xc, **kw), np.fft.fft(c, **kw), xp.complex64),
        (xp.fft.ifft(xc, **kw), np.fft.ifft(c, **kw), xp.complex64),
        (xp.fft.rfft(xr, **kw), np.fft.rfft(r, **kw), xp.complex64),
        (xp.fft.irfft(xc, **kw), np.fft.irfft(c, **kw), xp.float32),
        (xp.fft.hfft(xc, **kw), np.fft.hfft(c, **kw), xp.float32),
        (xp.fft.ihfft(xr, **kw), np.fft.ihfft(r, **kw), xp.complex64),
        # real float32 input to the complex transforms, as NumPy accepts it
        (xp.fft.fft(xr, **kw), np.fft.fft(r, **kw), xp.complex64),
    ]
    for res, expected, dtype in cases:
        assert res.device is device
        close(res, expected, dtype)


@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize(
    ("s", "axes"),
    [(None, None), (None, (1,)), ((3, 7), (0, 2)), ((7, 3), (2, 0)), ((2, 6, 5), None),
     ((4,), (0,)), ((-1, 3), (1, 2))],
)  # fmt: skip
def test_n_dimensional(device, norm, s, axes):
    c = signal((3, 4, 5))
    r = signal((3, 4, 5), complex_=False, seed=1)
    xc, xr = xp.asarray(c, device=device), xp.asarray(r, device=device)
    kw = dict(s=s, axes=axes, norm=norm)
    np_axes = axes if axes is not None or s is None else tuple(range(3 - len(s), 3))
    np_s = None
    if s is not None:
        np_s = [c.shape[a] if v == -1 else v for v, a in zip(s, np_axes)]
    nkw = dict(s=np_s, axes=np_axes, norm=norm)
    np_s_irfft = np_s
    if np_s is not None and s[-1] == -1:
        np_s_irfft = [*np_s[:-1], 2 * (c.shape[np_axes[-1]] - 1)]
    cases = [
        (xp.fft.fftn(xc, **kw), np.fft.fftn(c, **nkw), xp.complex64),
        (xp.fft.ifftn(xc, **kw), np.fft.ifftn(c, **nkw), xp.complex64),
        (xp.fft.rfftn(xr, **kw), np.fft.rfftn(r, **nkw), xp.complex64),
        (xp.fft.irfftn(xc, **kw), np.fft.irfftn(c, **{**nkw, "s": np_s_irfft}), xp.float32),
    ]
    for res, expected, dtype in cases:
        assert res.device is device
        close(res, expected, dtype)


@pytest.mark.parametrize("n", [1, 2, 7, 8])
@pytest.mark.parametrize("d", [1.0, 0.25, 3])
def test_freq(device, n, d):
    dtypes = [None, xp.float32] + ([xp.float64] if device.kind == "cpu" else [])
    for dtype in dtypes:
        f = xp.fft.fftfreq(n, d=d, dtype=dtype, device=device)
        rf = xp.fft.rfftfreq(n, d=d, dtype=dtype, device=device)
        want = dtype or xp.float32
        assert f.device is device and rf.device is device
        assert f.dtype is want and rf.dtype is want
        np.testing.assert_allclose(np.asarray(f), np.fft.fftfreq(n, d), rtol=1e-6)
        np.testing.assert_allclose(np.asarray(rf), np.fft.rfftfreq(n, d), rtol=1e-6)
    if device.kind == "cpu":
        f64 = np.asarray(xp.fft.fftfreq(n, d=d, dtype=xp.float64, device=device))
        np.testing.assert_allclose(f64, np.fft.fftfreq(n, d), rtol=1e-15)


def test_freq_arguments():
    with pytest.raises(ValueError):
        xp.fft.fftfreq(0)
    with pytest.raises(ValueError):
        xp.fft.rfftfreq(4, dtype=xp.int32)
    with pytest.raises(TypeError):
        xp.fft.fftfreq(4.0)


@pytest.mark.parametrize("axes", [None, 0, (1, 2), (-1,), ()])
@pytest.mark.parametrize("shape", [(4, 5, 6), (3, 1, 7)])
def test_shift(device, axes, shape):
    a = signal(shape)
    x = xp.asarray(a, device=device)
    close(xp.fft.fftshift(x, axes=axes), np.fft.fftshift(a, axes=axes), xp.complex64)
    close(xp.fft.ifftshift(x, axes=axes), np.fft.ifftshift(a, axes=axes), xp.complex64)
    np.testing.assert_array_equal(
        np.asarray(xp.fft.ifftshift(xp.fft.fftshift(x, axes=axes), axes=axes)), a
    )


def test_shift_float64():
    a = np.arange(7.0)
    res = xp.fft.fftshift(xp.asarray(a))
    assert res.dtype is xp.float64
    np.testing.assert_array_equal(np.asarray(res), np.fft.fftshift(a))


@pytest.mark.parametrize(
    "name", ["fft", "ifft", "fftn", "ifftn", "rfft", "irfft", "rfftn", "irfftn", "hfft", "ihfft"]
)
def test_float64_and_complex128_match_numpy(name):
    """float64 and complex128 transforms are complex128 (float64 for the complex-to-real
    ones), computed by NumPy (design §14)."""
    rng = np.random.default_rng(5)
    real = rng.standard_normal((4, 6))
    inputs = [real]
    if name not in ("rfft", "rfftn", "ihfft"):
        inputs.append(real + 1j * rng.standard_normal((4, 6)))
    for a in inputs:
        got = getattr(xp.fft, name)(xp.asarray(a, device=xp.cpu))
        want = getattr(np.fft, name)(a)
        assert got.dtype.name == want.dtype.name
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-13, atol=1e-13)


def test_argument_errors():
    x = xp.asarray(signal((4, 4)))
    with pytest.raises(ValueError, match="norm"):
        xp.fft.fft(x, norm="none")
    with pytest.raises(ValueError):
        xp.fft.fft(x, n=0)
    with pytest.raises(ValueError):
        xp.fft.fft(x, axis=2)
    with pytest.raises(ValueError, match="repeated"):
        xp.fft.fftn(x, axes=(0, 0))
    with pytest.raises(ValueError):
        xp.fft.fftn(x, s=(4, 4), axes=(0,))
    with pytest.raises(TypeError):
        xp.fft.rfft(x)  # complex input to a real transform
    with pytest.raises(TypeError):
        xp.fft.fft(xp.asarray([1, 2, 3]))
    with pytest.raises(ValueError):
        xp.fft.irfft(xp.asarray(signal((1,))))  # default n = 2 * (1 - 1) = 0


def test_gpu_kind_placement():
    g = xp.gpu
    if not g:
        g = _devices.Device._interned.get(("gpu", 99)) or _devices.Device._make(
            "gpu", 99, mx.Device(mx.cpu, 0)
        )
    x = xp.asarray(signal((4, 6)), device=g)
    for res in (xp.fft.fft(x), xp.fft.irfftn(x), xp.fft.fftshift(x),
                xp.fft.fftfreq(4, device=g)):  # fmt: skip
        assert res.device is g
    with pytest.raises(ValueError, match="float64"):
        xp.fft.fftfreq(4, dtype=xp.float64, device=g)
