"""Shared fixtures: every device present, and a second CPU-backed device for the
multi-device rules on machines with only a CPU."""

from __future__ import annotations

import math
import os

import mlx.core as mx
import pytest
from hypothesis import settings

import array_api_mlx as xp
from array_api_mlx import _devices

from .virtual_device import VIRTUAL_CPU

# A shared GPU must not let MLX grow without bound (docs/design.md §2; GPU runs).
if mx.is_available(mx.gpu):
    mx.set_memory_limit(int(os.environ.get("ARRAY_API_MLX_TEST_MEMORY_LIMIT", 16 * 2**30)))

settings.register_profile("ci", max_examples=50, deadline=None, derandomize=True)
settings.register_profile("fuzz", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

DEVICES = xp.__array_namespace_info__().devices()


@pytest.fixture(params=DEVICES, ids=lambda d: f"{d.kind}{d.index}")
def device(request):
    """Each device MLX has here: the CPU and every GPU."""
    return request.param


@pytest.fixture
def other_device(request):
    """A device different from the test's ``device`` (or from ``xp.cpu`` when the test has
    no ``device``): for a GPU, another GPU where there is one, else the CPU; for the CPU,
    the first GPU, else a test-only second CPU-backed device (same MLX stream, a different
    device to the placement rules)."""
    base = request.getfixturevalue("device") if "device" in request.fixturenames else xp.cpu
    if base.kind == "gpu":
        others = [g for g in _devices.GPUS if g is not base]
        return others[0] if others else xp.cpu
    return xp.gpu or VIRTUAL_CPU


def float_dtypes(device):
    """The real floating dtypes the device supports."""
    return [xp.float32] + ([xp.float64] if device.kind == "cpu" else [])


@pytest.fixture
def positions_on_device(monkeypatch):
    """Boolean-mask positions found as the routing table has them found on a GPU: by a
    prefix sum and a scatter on the device, never through NumPy. Returns the list of
    ``_indexing``'s evaluations ("evaluate") and host reads ("to_numpy") from then on."""
    from array_api_mlx import _indexing

    calls = []
    route, evaluate, to_numpy = _indexing.route, _indexing.evaluate, _indexing.to_numpy

    def on_device(op, dtype, stream, work=math.inf):
        return stream if op == "nonzero" else route(op, dtype, stream, work)

    monkeypatch.setattr(_indexing, "route", on_device)
    monkeypatch.setattr(_indexing, "evaluate", lambda *a: calls.append("evaluate") or evaluate(*a))
    monkeypatch.setattr(_indexing, "to_numpy", lambda a: calls.append("to_numpy") or to_numpy(a))
    return calls
