"""The device model: placement rules (docs/design.md §2, §5) as a table, and mixing devices."""

from __future__ import annotations

import mlx.core as mx
import numpy as np
import pytest

import array_api_mlx as xp
from array_api_mlx import _devices

from . import hostile_catalogue as hc
from .reference import ELEMENTWISE
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


def test_operators_and_indexing_keep_device(other_device):
    x = xp.asarray([1.0, 2.0], device=other_device)
    for y in (x + 1, x * x, -x, x[0], x[xp.asarray([1], device=other_device)], x @ x):
        assert y.device == other_device


# --- every public function: the result stays on the input's device -----------------------
# Public functions whose results hold no array (dtypes, info objects, shapes, flags) or that
# manage the namespace itself.
NO_ARRAY_RESULT = {
    "can_cast", "finfo", "iinfo", "isdtype", "result_type", "broadcast_shapes",
    *hc.NOT_CATALOGUED,
}  # fmt: skip
# One valid call per function (the hostile-input catalogue's baseline, whose creation
# functions are given ``device=``), for the functions that return arrays.
PLACED = sorted(set(hc.public_functions()) - NO_ARRAY_RESULT)


def _arrays_in(result):
    if isinstance(result, xp.Array):
        yield result
    elif isinstance(result, (tuple, list)):
        for r in result:
            yield from _arrays_in(r)


def _as(value, dtype):
    """``value`` with its float32 arrays (also inside a list or tuple) made ``dtype``."""
    if type(value) is xp.Array and value.dtype == xp.float32:
        return xp.astype(value, dtype)
    if isinstance(value, (list, tuple)) and any(type(v) is xp.Array for v in value):
        return type(value)(_as(v, dtype) for v in value)
    return value


def _calls(name, device):
    """``(label, call, may_reject_dtype)`` for each valid call of ``name`` on ``device``:
    an elementwise function on every dtype it takes there (and with a Python scalar on
    either side), any other function as the catalogue calls it and with its float32 arrays
    made each dtype the device holds, where the function takes that dtype."""
    ref = ELEMENTWISE.get(name)
    if ref is not None and ref.arity <= 2:
        base = xp.asarray([[1.0, 2.0, 3.0], [4.0, 5.5, -6.0]], device=device)
        for d in ref.dtypes(device):
            x = xp.astype(base, d)
            yield d.name, lambda x=x: ref.function(*(x,) * ref.arity), False
            if ref.arity == 2:
                s = {"b": True, "i": 1, "u": 1}.get(d.kind, 1.0)
                yield f"{d.name}, scalar", lambda x=x, s=s: ref.function(x, s), False
                yield f"scalar, {d.name}", lambda x=x, s=s: ref.function(s, x), False
        return
    fn, args, kwargs = hc.baseline(device)[name]
    yield "as catalogued", lambda: fn(*args, **kwargs), False
    for d in xp.__array_namespace_info__().dtypes(device=device).values():
        if d is not xp.float32 and any(_as(a, d) is not a for a in (*args, *kwargs.values())):
            a2, k2 = [_as(a, d) for a in args], {k: _as(v, d) for k, v in kwargs.items()}
            yield d.name, lambda a2=a2, k2=k2: fn(*a2, **k2), True


def _check_placement(name, device):
    checked = 0
    for label, call, may_reject_dtype in _calls(name, device):
        try:
            result = call()
        except TypeError:
            if may_reject_dtype:  # a dtype the function does not take
                continue
            raise
        arrays = list(_arrays_in(result))
        assert arrays, f"{name} ({label}) returned no array"
        for r in arrays:
            assert r.device == device, f"{name} ({label}): result on {r.device}, not {device}"
        checked += 1
    assert checked


@pytest.mark.parametrize("name", PLACED)
def test_result_stays_on_input_device(name, device, other_device):
    """The result of every public function is on the device of its input arrays (or of
    its ``device=`` argument), whatever path computes it (MLX on either stream, or NumPy on
    the host for float64 and LAPACK), for every dtype: on each device, and on the fixture's
    other device (a second CPU-backed device on a CPU-only machine)."""
    _check_placement(name, device)
    _check_placement(name, other_device)


def test_placement_covers_every_public_function():
    """A public function added to the namespace needs a baseline call in the catalogue (or
    a place in ``NO_ARRAY_RESULT``)."""
    missing = set(PLACED) - set(hc.baseline(xp.cpu)) - set(ELEMENTWISE)
    assert not missing, f"no valid call for {sorted(missing)}"
    for name in NO_ARRAY_RESULT - hc.NOT_CATALOGUED:
        fn, args, kwargs = hc.baseline(xp.cpu)[name]
        assert not list(_arrays_in(fn(*args, **kwargs))), f"{name} returns arrays"


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
