"""DLPack import and export (docs/design.md §5), truthful about where the data lives.

MLX 0.32 exports every array as CPU data ``(1, 0)``. On the CUDA backend GPU arrays live
in CUDA managed memory, which CUDA consumers (PyTorch, CuPy) can use directly: we export
GPU-placed arrays as ``kDLCUDA`` with the same pointer (zero copy), and as host data when
``dl_device=(1, 0)`` is asked (managed memory is host-accessible). On Metal the unified
memory is exported as MLX itself reports it. MLX cannot import CUDA capsules, so CUDA
producers are imported through one host copy (``copy=False`` raises BufferError).
"""

from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING, Any, Protocol, cast

import mlx.core as mx
import numpy as np

from ._devices import GPUS, Device, cpu
from ._threads import evaluate, synchronize

if TYPE_CHECKING:
    from typing_extensions import CapsuleType


class _Exported(Protocol):
    """What export reads of an array (``_array_object`` is a later layer)."""

    @property
    def _array(self) -> mx.array: ...
    @property
    def _device(self) -> Device: ...
    def _host(self) -> np.ndarray: ...

# DLPack device types
KDLCPU, KDLCUDA, KDLCUDAHOST, KDLMETAL, KDLCUDAMANAGED = 1, 2, 3, 8, 13

_CUDA_BACKEND = bool(GPUS) and not mx.metal.is_available()

_get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_get_pointer.restype = ctypes.c_void_p
_get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
_get_name = ctypes.pythonapi.PyCapsule_GetName
_get_name.restype = ctypes.c_char_p
_get_name.argtypes = [ctypes.py_object]

# Offset of DLTensor.device in the managed structs of the DLPack ABI:
# DLManagedTensor starts with the DLTensor (data pointer, then device);
# DLManagedTensorVersioned has version (8 bytes), manager_ctx, deleter, flags first.
_DEVICE_OFFSET = {b"dltensor": 8, b"dltensor_versioned": 8 + 8 + 8 + 8 + 8}


def dlpack_device(x: _Exported) -> tuple[int, int]:
    """CPU-placed arrays are CPU data; GPU-placed arrays on CUDA are CUDA data (managed
    memory); on Metal, what MLX reports."""
    if x._device.kind == "cpu":
        return (KDLCPU, 0)
    if _CUDA_BACKEND:
        return (KDLCUDA, x._device.index)
    dev_type, dev_id = x._array.__dlpack_device__()
    return (int(dev_type), int(dev_id))


def _set_capsule_device(capsule: CapsuleType, device_type: int, device_id: int) -> None:
    name = _get_name(capsule)
    ptr = _get_pointer(capsule, name)
    dev = (ctypes.c_int32 * 2).from_address(ptr + _DEVICE_OFFSET[name])
    dev[0], dev[1] = device_type, device_id


def export(
    x: _Exported,
    *,
    stream: object = None,
    max_version: tuple[int, int] | None = None,
    dl_device: tuple[int, int] | None = None,
    copy: bool | None = None,
) -> CapsuleType:
    target: tuple[int, ...] = dlpack_device(x)
    if dl_device is not None:
        wanted = tuple(dl_device)
        if wanted not in (target, (KDLCPU, 0)):
            raise BufferError(
                f"__dlpack__: cannot export an array on {x._device!r} to DLPack device "
                f"{wanted}; use dl_device=None or (1, 0) for host memory"
            )
        target = wanted
    if (
        max_version is not None
        and tuple(max_version)[0] >= 1
        and target[0] == KDLCPU
        and x._array.dtype != mx.bfloat16
    ):
        capsule = _versioned_host(x, max_version, copy)
        if capsule is not None:
            return capsule
    a = x._array
    if copy:
        with mx.stream(x._device._mx):  # copy on the array's device, not MLX's default
            a = mx.array(a)
    evaluate(a)
    kwargs: dict[str, Any] = {} if max_version is None else {"max_version": max_version}
    # MLX's stubs declare that ``__dlpack__`` returns an NDArray: it returns a capsule.
    if target[0] == KDLCUDA:
        # The consumer reads on its own CUDA stream: finish MLX's work first.
        synchronize(x._device._mx)
        capsule = cast("CapsuleType", a.__dlpack__(**kwargs))
        _set_capsule_device(capsule, KDLCUDA, target[1])
        return capsule
    if target[0] == KDLCPU and x._device.kind == "gpu":
        synchronize(x._device._mx)
    return cast("CapsuleType", a.__dlpack__(**kwargs))


def _versioned_host(
    x: _Exported, max_version: tuple[int, int], copy: bool | None
) -> CapsuleType | None:
    """A DLPack 1.x capsule of ``x``'s host data, made by NumPy (MLX makes only legacy
    capsules, which consumers must treat as read-only: ``np.from_dlpack(x, copy=True)``
    was read-only). A copy is writable; otherwise the data is MLX's, which other arrays
    may share, and the capsule says read-only. None where NumPy cannot make one
    (NumPy < 2.1)."""
    if x._device.kind == "gpu":
        synchronize(x._device._mx)
    h = x._host()
    if not copy:
        h = h.view()
        h.flags.writeable = False
    try:
        return h.__dlpack__(max_version=(max_version[0], max_version[1]), copy=copy)
    except TypeError:
        return None


class _HostCapsule:
    """Presents a DLPack capsule already made for host memory to ``np.from_dlpack``."""

    def __init__(self, capsule: CapsuleType) -> None:
        self._capsule = capsule

    def __dlpack__(self, **kwargs: object) -> CapsuleType:
        return self._capsule

    def __dlpack_device__(self) -> tuple[int, int]:
        return (KDLCPU, 0)


# ``obj`` below: a DLPack producer, duck-typed (``__dlpack__``, ``__dlpack_device__``).
def import_host(obj: Any, copy: bool | None) -> np.ndarray:
    """Host data of a DLPack producer as a NumPy array (asks for a host copy when the
    producer's data is on an accelerator)."""
    dev_type, _ = obj.__dlpack_device__()
    if dev_type in (KDLCPU, KDLCUDAHOST):
        return np.from_dlpack(obj)
    if copy is False:
        raise BufferError(
            f"from_dlpack(copy=False): the data is on DLPack device type {dev_type}, "
            "which MLX cannot import without a copy; pass copy=None or True"
        )
    try:
        capsule = obj.__dlpack__(dl_device=(KDLCPU, 0), copy=True)
    except (TypeError, BufferError, NotImplementedError, ValueError, RuntimeError) as e:
        # Producers of DLPack < 1.0 cannot copy to the host themselves.
        for method in ("get", "cpu"):  # CuPy, PyTorch
            if hasattr(obj, method):
                return np.asarray(getattr(obj, method)())
        raise BufferError(
            f"from_dlpack: the producer cannot give a host copy of its data ({e})"
        ) from e
    return np.from_dlpack(_HostCapsule(capsule))


def foreign_device(obj: object) -> Device | None:
    """The device of data that is not an array of this package (nor a sequence), or None
    where it has none (Python scalars, raw ``mx.array``): NumPy data and buffers are on the
    CPU, a DLPack producer's data where it says. Part of the rule "data keeps its device"
    (``_creation.data_device`` adds our arrays and sequences)."""
    if type(obj) is np.ndarray or isinstance(obj, (np.generic, memoryview, bytes, bytearray)):
        return cpu
    if isinstance(obj, (mx.array, bool, int, float, complex)):
        return None
    if hasattr(obj, "__dlpack_device__"):
        return source_device(obj)
    return cpu  # buffer-protocol objects are host memory


def source_device(obj: Any) -> Device:
    """The device that data of a DLPack producer is on, in our terms."""
    dev_type: int
    dev_id: int
    dev_type, dev_id = obj.__dlpack_device__()
    if dev_type in (KDLCPU, KDLCUDAHOST):
        return cpu
    if GPUS and dev_type in (KDLCUDA, KDLCUDAMANAGED, KDLMETAL) and dev_id < len(GPUS):
        return GPUS[dev_id]
    return cpu
