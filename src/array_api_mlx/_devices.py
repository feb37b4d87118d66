"""The device model (DESIGN 2, 3): one place for placement and per-device dtype rules."""

from __future__ import annotations

import contextlib
import functools
import os
import threading

import mlx.core as mx

from . import _dtypes as dt

__all__ = ["Device", "cpu", "default_device", "set_default_device"]


class Device:
    """Where operations on an array run: ``Device("cpu")`` or ``Device("gpu", i)``.

    Immutable, hashable and equal by value (instances are interned, so equal devices are
    the same object). MLX's own ``mx.Device`` hashes by identity, hence this class.
    """

    __slots__ = ("kind", "index", "_mx", "__weakref__")
    _interned: dict = {}

    def __new__(cls, kind: str, index: int = 0):
        key = (kind, index)
        dev = cls._interned.get(key)
        if dev is not None:
            return dev
        if kind not in ("cpu", "gpu"):
            raise ValueError(f"device kind must be 'cpu' or 'gpu', not {kind!r}")
        if type(index) is not int or index < 0:
            raise ValueError(f"device index must be a non-negative int, not {index!r}")
        if kind == "gpu":
            if not mx.is_available(mx.gpu) or index >= mx.device_count(mx.gpu):
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
    def _make(cls, kind, index, mx_device):
        dev = object.__new__(cls)
        object.__setattr__(dev, "kind", kind)
        object.__setattr__(dev, "index", index)
        object.__setattr__(dev, "_mx", mx_device)
        cls._interned[(kind, index)] = dev
        return dev

    def __setattr__(self, name, value):
        raise AttributeError("Device objects are immutable")

    def __repr__(self) -> str:
        return f"Device({self.kind!r}, {self.index})"

    def __reduce__(self):
        return (Device, (self.kind, self.index))

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    __hash__ = object.__hash__


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

    def __reduce__(self):
        return "gpu"  # the module attribute: the GPU where the pickle is loaded, if any


cpu = Device("cpu", 0)
GPUS = (
    tuple(Device("gpu", i) for i in range(mx.device_count(mx.gpu)))
    if mx.is_available(mx.gpu)
    else ()
)
gpu = GPUS[0] if GPUS else _NoGPU()
DEVICES = (cpu, *GPUS)
# MLX has only the CPU here: every stream runs there, so ``stream=`` and stream contexts
# change nothing and the hottest paths may leave them out.
NO_GPU = not GPUS


def _available() -> str:
    return ", ".join(map(repr, DEVICES))


# --- default device -------------------------------------------------------------------
# A process-wide default set with set_default_device(), overridden per thread by the
# default_device() context manager.
# ARRAY_API_MLX_DEFAULT_DEVICE=cpu|gpu overrides it at import (used by the conformance runs).
_global_default = gpu if (GPUS and mx.default_device() == gpu._mx) else cpu
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
    device = None  # a class default: reading it needs no AttributeError when unset


_local = _Local()


def get_default_device() -> Device:
    return _local.device or _global_default


def set_default_device(device: Device) -> None:
    """Set the process-wide default device (MLX's default device when never set)."""
    global _global_default
    _global_default = check_device(device)


@contextlib.contextmanager
def default_device(device: Device):
    """``with xp.default_device(d):`` makes ``d`` the default device in this thread."""
    device = check_device(device)
    previous = _local.device
    _local.device = device
    try:
        yield device
    finally:
        _local.device = previous


def check_device(device, argname: str = "device") -> Device:
    """Validate a ``device=`` argument (ours, or MLX's ``mx.Device``) and return ours."""
    if type(device) is Device:
        return device
    if isinstance(device, mx.Device):
        kind = "gpu" if device.type == mx.gpu else "cpu"
        return Device(kind, device.index)
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


def resolve_device(device) -> Device:
    """``device=`` if given, else the default device."""
    if device is None:
        return get_default_device()
    return check_device(device)


def same_device(d1: Device, d2: Device) -> Device:
    """``d1`` when ``d2`` is the same device; the mixed-devices ValueError otherwise."""
    if d2 is not d1:
        raise_mixed(d1, d2)
    return d1


def common_device(*arrays) -> Device:
    """The device shared by all array operands; ValueError if they differ."""
    dev = arrays[0]._device
    for a in arrays[1:]:
        if a._device is not dev:
            raise_mixed(dev, a._device)
    return dev


def raise_mixed(d1: Device, d2: Device):
    raise ValueError(
        f"arrays are on different devices, {d1!r} and {d2!r}; move one with "
        f"x.to_device(...) before combining them"
    )


# --- dtypes per device ----------------------------------------------------------------
def supports_dtype(device: Device, dtype: dt.DType) -> bool:
    """MLX's GPU backends have no float64."""
    return dtype is not dt.float64 or device.kind != "gpu"


def check_dtype_on(device: Device, dtype: dt.DType) -> None:
    """ValueError at call time for a dtype the device lacks (design §3): never a silent
    conversion, never a deferred failure at evaluation."""
    if not supports_dtype(device, dtype):
        raise ValueError(
            f"{dtype.name} is not supported on {device!r}; use dtype=xp.float32 or "
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


def on_input_device(fn):
    """Run ``fn`` with MLX's default stream on the device of its first array argument.

    For functions built from many MLX operations (linalg, fft), where an operator or an
    index without ``stream=`` would otherwise run on MLX's default device (the GPU), and
    float64 CPU data would fail there. Costs one device comparison when the device is
    already MLX's default.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        dev = getattr(args[0], "_device", None) if args else None
        if dev is None or mx.default_device() == dev._mx:
            return fn(*args, **kwargs)
        with mx.stream(dev._mx):
            return fn(*args, **kwargs)

    return wrapper
