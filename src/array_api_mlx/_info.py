"""``__array_namespace_info__()``: built from the device and dtype rules of ``_devices``."""

from __future__ import annotations

from . import _devices
from . import _dtypes as dt
from ._arguments import MAX_NDIM
from ._devices import Device

__all__ = ["__array_namespace_info__"]


class Info:
    """Inspection API of the namespace (spec 2023.12+)."""

    __module__ = "array_api_mlx"

    def capabilities(self) -> dict[str, bool | int | None]:
        return {
            "boolean indexing": True,
            "data-dependent shapes": True,
            "max dimensions": MAX_NDIM,
        }

    def default_device(self) -> Device:
        return _devices.get_default_device()

    def default_dtypes(self, *, device: Device | None = None) -> dict[str, dt.DType]:
        dev = _devices.resolve_device(device)
        return _devices.default_dtypes(dev)

    def dtypes(
        self, *, device: Device | None = None, kind: dt.Kind | None = None
    ) -> dict[str, dt.DType]:
        """The standard's dtypes available on ``device`` (no float64 on a GPU); the extras
        float16/bfloat16 are never listed."""
        dev = _devices.resolve_device(device)
        out = {}
        for d in dt.STANDARD_DTYPES:
            if not _devices.supports_dtype(dev, d):
                continue
            if kind is None or dt.is_kind(d, kind):
                out[d.name] = d
        return out

    def devices(self) -> tuple[Device, ...]:
        return _devices.DEVICES


_INFO = Info()


def __array_namespace_info__() -> Info:
    return _INFO
