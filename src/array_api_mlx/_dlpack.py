"""DLPack import and export (DESIGN 5), truthful about where the data lives."""

from __future__ import annotations

import mlx.core as mx
import numpy as np

from . import _dtypes as dt
from ._devices import Device, cpu

# DLPack device types
KDLCPU, KDLCUDA, KDLCUDAHOST, KDLMETAL, KDLCUDAMANAGED = 1, 2, 3, 8, 13


def dlpack_device(x) -> tuple[int, int]:
    """CPU arrays are CPU data; GPU arrays report what MLX's backend holds."""
    if x._device.kind == "cpu":
        return (KDLCPU, 0)
    if mx.metal.is_available():
        return (KDLMETAL, x._device.index)
    return (KDLCUDAMANAGED, x._device.index)


def export(x, *, stream=None, max_version=None, dl_device=None, copy=None):
    a = x._array
    if dl_device is not None and tuple(dl_device) not in (dlpack_device(x), (KDLCPU, 0)):
        raise BufferError(
            f"__dlpack__: cannot export an array on {x._device!r} to DLPack device "
            f"{tuple(dl_device)}; use dl_device=None or (1, 0) for host memory"
        )
    mx.eval(a)
    if copy:
        a = mx.array(a)
        mx.eval(a)
    kwargs = {}
    if max_version is not None:
        kwargs["max_version"] = max_version
    return a.__dlpack__(**kwargs)


class _HostCapsule:
    """Presents a DLPack capsule already made for host memory to ``np.from_dlpack``."""

    def __init__(self, capsule):
        self._capsule = capsule

    def __dlpack__(self, **kwargs):
        return self._capsule

    def __dlpack_device__(self):
        return (KDLCPU, 0)


def import_host(obj, copy) -> np.ndarray:
    """Host data of a DLPack producer as a NumPy array (asks for a host copy when the
    producer's data is on an accelerator)."""
    dev_type, _ = obj.__dlpack_device__()
    if dev_type in (KDLCPU, KDLCUDAHOST):
        return np.from_dlpack(obj)
    if copy is False:
        raise BufferError(
            f"from_dlpack: the producer's data is on DLPack device type {dev_type}, "
            "which MLX cannot import without a copy; pass copy=None or True"
        )
    try:
        capsule = obj.__dlpack__(dl_device=(KDLCPU, 0), copy=True)
    except (TypeError, BufferError, NotImplementedError) as e:
        raise BufferError(
            f"from_dlpack: the producer cannot give a host copy of its data ({e})"
        ) from e
    return np.from_dlpack(_HostCapsule(capsule))


def source_device(obj) -> Device:
    """The device that data of a DLPack producer is on, in our terms."""
    dev_type, dev_id = obj.__dlpack_device__()
    if dev_type in (KDLCPU, KDLCUDAHOST):
        return cpu
    from ._devices import GPUS

    if GPUS and dev_type in (KDLCUDA, KDLCUDAMANAGED, KDLMETAL) and dev_id < len(GPUS):
        return GPUS[dev_id]
    return cpu
