"""A second CPU-backed device for testing the multi-device rules on a machine with only a
CPU. It sends work to MLX's CPU stream like ``xp.cpu`` but is a different device to the
placement rules. It exists only in the tests: ``Device("cpu", 1)`` stays an error."""

from __future__ import annotations

import array_api_mlx as xp
from array_api_mlx._devices import Device


def _make() -> Device:
    dev = object.__new__(Device)
    object.__setattr__(dev, "kind", "cpu")
    object.__setattr__(dev, "index", 1)
    object.__setattr__(dev, "_mx", xp.cpu._mx)  # the CPU stream every thread may use
    return dev


VIRTUAL_CPU = _make()
