"""The device model (docs/design.md §2, §3): placement and per-device dtype rules."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from typing import NoReturn, Protocol, cast

import mlx.core as mx

from . import _dtypes as dt
from ._threads import stream

__all__ = ["Device", "cpu", "default_device", "set_default_device"]


class Device:
    """Where operations on an array run: ``Device("cpu")`` or ``Device("gpu", i)``.

    Immutable, hashable and equal by value (instances are interned, so equal devices are
    the same object). MLX's own ``mx.Device`` hashes by identity, hence this class.
    """

    __slots__ = ("kind", "index", "_mx", "__weakref__")
    kind: str
    index: int
    # The package's stream on this device (``_threads``).
    _mx: mx.Stream
    _interned: dict[tuple[str, int], Device] = {}

    def __new__(cls, kind: str, index: int = 0) -> Device:
        key = (kind, index)
        dev = cls._interned.get(key)
        if dev is not None:
            return dev
        if kind not in ("cpu", "gpu"):
            raise ValueError(f"device kind must be 'cpu' or 'gpu', not {kind!r}")
        if type(index) is not int or index < 0:
            raise ValueError(f"device index must be a non-negative int, not {index!r}")
        if kind == "gpu":
            if index >= usable_gpu_count():
                if index < _mlx_gpu_count():
                    raise ValueError(
                        f"GPU {index} cannot be used through MLX {mx.__version__}: its CUDA "  # type: ignore[attr-defined]  # MLX's stubs lack __version__
                        "backend runs and allocates the work of every GPU stream on GPU 0, "
                        "so an array on Device('gpu', 1) would compute on the first card. "
                        "Use one process per GPU (CUDA_VISIBLE_DEVICES=<i>) and Device('gpu', 0)"
                    )
                raise ValueError(
                    f"no GPU {index} is available to MLX here; available devices: "
                    f"{_available()}"
                )
            mx_device = mx.Device(mx.gpu, index)
        elif index == 0:
            mx_device = mx.Device(mx.cpu, 0)
        else:
            raise ValueError(
                f"there is only one CPU device, Device('cpu', 0); got index {index}"
            )
        return cls._make(kind, index, mx_device)

    @classmethod
    def _make(cls, kind: str, index: int, mx_device: mx.Device) -> Device:
        dev = object.__new__(cls)
        object.__setattr__(dev, "kind", kind)
        object.__setattr__(dev, "index", index)
        object.__setattr__(dev, "_mx", stream(mx_device))
        cls._interned[(kind, index)] = dev
        return dev

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Device objects are immutable")

    def __bool__(self) -> bool:
        """True (``xp.gpu or xp.cpu`` picks the GPU where there is one; the placeholder
        ``xp.gpu`` of a machine without one is false)."""
        return True

    def __repr__(self) -> str:
        return f"Device({self.kind!r}, {self.index})"

    def __reduce__(self) -> tuple[type[Device], tuple[str, int]]:
        return (Device, (self.kind, self.index))

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other

    __hash__ = object.__hash__


def _mlx_gpu_count() -> int:
    return mx.device_count(mx.gpu) if mx.is_available(mx.gpu) else 0


def usable_gpu_count() -> int:
    """The GPUs an array can truly be placed on. MLX 0.32's CUDA backend makes every GPU
    stream on GPU 0 (measured on two H200s: work and memory of ``Device(gpu, 1)`` streams
    landed on the first card; docs/devices.md), so only the first is offered there."""
    n = _mlx_gpu_count()
    if n > 1 and not mx.metal.is_available():
        return 1
    return n


class _NoGPU:
    """``xp.gpu`` where MLX has no GPU (its Linux CPU build): false in a boolean context
    (``xp.gpu or xp.cpu`` is the GPU where there is one), and passing it as a device raises
    ValueError. Not None, because ``device=None`` means "not given" in the standard, so
    ``device=xp.gpu`` would silently mean the default device."""

    __slots__ = ()
    kind = "gpu"
    index = 0

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "<no GPU: MLX has none here>"

    def __reduce__(self) -> str:
        return "gpu"  # the module attribute: the GPU where the pickle is loaded, if any


cpu = Device("cpu", 0)
GPUS = tuple(Device("gpu", i) for i in range(usable_gpu_count()))
# Typed as a Device so that ``device=xp.gpu`` type-checks everywhere; using the
# placeholder as a device raises ValueError at run time.
gpu: Device = GPUS[0] if GPUS else cast("Device", _NoGPU())
DEVICES = (cpu, *GPUS)


def _available() -> str:
    return ", ".join(map(repr, DEVICES))


# --- default device -------------------------------------------------------------------
# A process-wide default set with set_default_device(), overridden per thread by the
# default_device() context manager.
# ARRAY_API_MLX_DEFAULT_DEVICE=cpu|gpu overrides it at import (used by the conformance runs).
_global_default: Device = gpu if (GPUS and mx.default_device() == GPUS[0]._mx.device) else cpu
_env_default = os.environ.get("ARRAY_API_MLX_DEFAULT_DEVICE")
if _env_default:
    if _env_default not in ("cpu", "gpu") or (_env_default == "gpu" and not GPUS):
        raise ValueError(
            f"ARRAY_API_MLX_DEFAULT_DEVICE={_env_default!r} is not a device here; set it "
            f"to 'cpu'{' or ' + repr('gpu') if GPUS else ' (MLX has no GPU here)'}, or "
            "unset it for MLX's default device"
        )
    _global_default = Device(_env_default)


class _Local(threading.local):
    device: Device | None = None  # a class default: reading it needs no AttributeError when unset


_local = _Local()


def get_default_device() -> Device:
    return _local.device or _global_default


def set_default_device(device: Device) -> None:
    """Set the process-wide default device (MLX's default device when never set)."""
    global _global_default
    _global_default = check_device(device)


@contextlib.contextmanager
def default_device(device: Device) -> Iterator[Device]:
    """``with xp.default_device(d):`` makes ``d`` the default device in this thread."""
    device = check_device(device)
    previous = _local.device
    _local.device = device
    try:
        yield device
    finally:
        _local.device = previous


def check_device(device: object, argname: str = "device") -> Device:
    """Validate a ``device=`` argument (ours, or MLX's ``mx.Device``) and return ours."""
    if type(device) is Device:
        return device
    if isinstance(device, mx.Device):
        # mx.Device exposes its type but not its index, which only its repr shows
        kind = "gpu" if device.type == mx.gpu else "cpu"
        return Device(kind, int(repr(device).rstrip(")").rsplit(",", 1)[1]))
    if isinstance(device, str) and device in ("cpu", "gpu"):
        return Device(device)
    if type(device) is _NoGPU:
        raise ValueError(
            f"{argname}=xp.gpu, but MLX has no GPU here; pass xp.cpu, or "
            f"`xp.gpu or xp.cpu` for the GPU wherever there is one"
        )
    raise ValueError(
        f"{argname} must be a Device of array_api_mlx (e.g. xp.cpu), not {device!r}; "
        f"available devices: {_available()}"
    )


def resolve_device(device: object) -> Device:
    """``device=`` if given, else the default device."""
    if device is None:
        return get_default_device()
    return check_device(device)


def same_device(d1: Device, d2: Device) -> Device:
    """``d1`` when ``d2`` is the same device; the mixed-devices ValueError otherwise."""
    if d2 is not d1:
        raise_mixed(d1, d2)
    return d1


class _Placed(Protocol):
    """An array (``_array_object`` is a later layer): what ``common_device`` reads."""

    @property
    def _device(self) -> Device: ...


def common_device(*arrays: _Placed) -> Device:
    """The device shared by all array operands; ValueError if they differ."""
    dev = arrays[0]._device
    for a in arrays[1:]:
        same_device(dev, a._device)
    return dev


def raise_mixed(d1: Device, d2: Device) -> NoReturn:
    raise ValueError(
        f"arrays are on different devices, {d1!r} and {d2!r}; move one with "
        f"x.to_device(...) before combining them"
    )


# --- dtypes per device ----------------------------------------------------------------
def supports_dtype(device: Device, dtype: dt.DType) -> bool:
    """MLX's GPU backends have no float64 (so no complex128, its pairs)."""
    return device.kind != "gpu" or (dtype is not dt.float64 and dtype is not dt.complex128)


def check_dtype_on(device: Device, dtype: dt.DType) -> None:
    """ValueError at call time for a dtype the device lacks (design §3): never a silent
    conversion, never a deferred failure at evaluation."""
    if not supports_dtype(device, dtype):
        lower = "complex64" if dtype.kind == "c" else "float32"
        raise ValueError(
            f"{dtype.name} is not supported on {device!r}; use dtype=xp.{lower} or "
            f"device=xp.cpu"
        )


def default_dtypes(device: Device | None = None) -> dict[str, dt.DType]:
    """The same on every device (``_dtypes``' defaults)."""
    return {
        "real floating": dt.DEFAULT_REAL,
        "complex floating": dt.DEFAULT_COMPLEX,
        "integral": dt.DEFAULT_INT,
        "indexing": dt.DEFAULT_INDEX,
    }
