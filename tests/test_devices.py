"""The device model: placement rules (DESIGN 2, 5) as a table, and mixing devices."""

from __future__ import annotations

import mlx.core as mx
import numpy as np
import pytest

import array_api_mlx as xp
from array_api_mlx import _devices

from .virtual_device import VIRTUAL_CPU

try:
    import torch
except ImportError:  # pragma: no cover - optional
    torch = None


def test_device_is_value_object():
    assert xp.Device("cpu") == xp.cpu
    assert xp.Device("cpu", 0) is xp.cpu
    assert hash(xp.Device("cpu")) == hash(xp.cpu)
    assert {xp.cpu: 1}[xp.Device("cpu")] == 1
    assert repr(xp.cpu) == "Device('cpu', 0)"
    with pytest.raises(AttributeError):
        xp.cpu.kind = "gpu"
    with pytest.raises(ValueError, match="kind"):
        xp.Device("tpu")


def test_devices_listed():
    info = xp.__array_namespace_info__()
    devs = info.devices()
    assert isinstance(devs, tuple)
    assert devs[0] == xp.cpu
    assert bool(xp.gpu) == mx.is_available(mx.gpu)
    assert info.default_device() in devs


def test_default_device_context(other_device):
    before = xp.__array_namespace_info__().default_device()
    with xp.default_device(other_device):
        assert xp.asarray([1.0]).device == other_device
        assert xp.zeros(3).device == other_device
        assert xp.__array_namespace_info__().default_device() == other_device
    assert xp.asarray([1.0]).device == before


def test_set_default_device(other_device):
    before = xp.__array_namespace_info__().default_device()
    try:
        xp.set_default_device(other_device)
        assert xp.ones(2).device == other_device
    finally:
        xp.set_default_device(before)
    assert xp.ones(2).device == before


def _sources():
    """(name, factory, own device) for each kind of input data."""
    default = xp.__array_namespace_info__().default_device()
    out = [
        ("numpy", lambda: np.arange(3, dtype=np.float32), xp.cpu),
        ("list", lambda: [0.0, 1.0, 2.0], default),
        ("mx.array", lambda: mx.array([0.0, 1.0, 2.0]), default),
        ("ours-cpu", lambda: xp.asarray([0.0, 1.0, 2.0], device=xp.cpu), xp.cpu),
    ]
    if torch is not None:
        out.append(("torch-cpu", lambda: torch.arange(3.0), xp.cpu))
    return out


@pytest.mark.parametrize("name,make,own", _sources(), ids=[s[0] for s in _sources()])
def test_placement_table(name, make, own, other_device):
    # asarray: the data's own device, unless device= says otherwise
    assert xp.asarray(make()).device == own
    assert xp.asarray(make(), device=other_device).device == other_device
    assert xp.asarray(make(), device=xp.cpu).device == xp.cpu
    # from_dlpack: the producer's device (for DLPack producers)
    if hasattr(make(), "__dlpack__") and name != "mx.array":
        assert xp.from_dlpack(make()).device == own
        assert xp.from_dlpack(make(), device=other_device).device == other_device
    x = xp.asarray(make())
    # to_device and astype(device=)
    assert x.to_device(other_device).device == other_device
    assert x.to_device(x.device) is x
    assert xp.astype(x, xp.float32, device=other_device).device == other_device
    assert xp.astype(x, xp.float32).device == x.device
    np.testing.assert_array_equal(np.asarray(x.to_device(other_device)), [0, 1, 2])


def test_operations_keep_device(other_device):
    x = xp.asarray([1.0, 2.0], device=other_device)
    for y in (x + 1, x * x, -x, xp.exp(x), x[0], x @ x, xp.zeros_like(x), xp.astype(x, xp.int32)):
        assert y.device == other_device


def test_mixing_devices_raises(other_device):
    a = xp.asarray([1.0, 2.0], device=xp.cpu)
    b = xp.asarray([1.0, 2.0], device=other_device)
    for fn in (lambda: a + b, lambda: xp.add(a, b), lambda: xp.matmul(a, b),
               lambda: a[xp.asarray([0], device=other_device)],
               lambda: xp.asarray([a, b])):  # fmt: skip
        with pytest.raises(ValueError, match="to_device"):
            fn()
    with pytest.raises(ValueError, match="different devices"):
        a[0] = b[0]


def test_virtual_device_not_listed():
    v = VIRTUAL_CPU
    assert v not in xp.__array_namespace_info__().devices()
    assert v != xp.cpu
    # The test-only device does not make a second CPU device public.
    with pytest.raises(ValueError, match="only one CPU"):
        xp.Device("cpu", 1)


def test_device_argument_validated():
    with pytest.raises(ValueError, match="device"):
        xp.zeros(3, device="tpu")
    with pytest.raises(ValueError, match="device"):
        xp.asarray([1], device=3)


def test_float64_rejected_on_gpu_like_device(monkeypatch):
    # The per-device dtype rule, exercised with a GPU-kind device object routed to the CPU.
    fake = _devices.Device._interned.get(("gpu", 99)) or _devices.Device._make(
        "gpu", 99, mx.Device(mx.cpu, 0)
    )
    with pytest.raises(ValueError, match="float64 is not supported"):
        xp.zeros(3, dtype=xp.float64, device=fake)
    with pytest.raises(ValueError, match="float64 is not supported"):
        xp.asarray(np.arange(3.0), device=fake)
    with pytest.raises(ValueError, match="float64 is not supported"):
        xp.astype(xp.ones(3), xp.float64, device=fake)
    x = xp.ones(3, device=fake)
    with pytest.raises(ValueError, match="float64 is not supported"):
        xp.astype(x, xp.float64)
    assert "float64" not in xp.__array_namespace_info__().dtypes(device=fake)
    assert "float64" in xp.__array_namespace_info__().dtypes(device=xp.cpu)
