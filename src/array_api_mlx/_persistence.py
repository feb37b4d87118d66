"""Pickling arrays (design §10): by value, with their device.

An array pickles as its data (a NumPy array, so pickle protocol 5 sends it out of band),
its dtype's name and its device's kind and index; loading places it on that device again.
Lazy arrays are evaluated first; a view pickles as the values it shows. bfloat16, which
NumPy lacks, travels as float32 (exact) and is cast back.

An array saved on a device the loading machine lacks (a GPU array loaded where MLX has no
GPU) raises ValueError rather than landing on another device: placement is never silent
(design §2). Move it before saving (``x.to_device(xp.cpu)``) to load it anywhere.
"""

from __future__ import annotations

import numpy as np

from . import _dtypes as dt
from ._devices import Device, _available

__all__ = ["rebuild", "reduce"]


def reduce(x) -> tuple:
    """``Array.__reduce__``: rebuild from the data, dtype name and device."""
    d = x.device
    return rebuild, (x._host(), x.dtype.name, d.kind, d.index)


def rebuild(data: np.ndarray, dtype_name: str, kind: str, index: int):
    """The array saved by ``reduce``."""
    from ._creation import asarray

    dtype = dt.BY_NAME.get(dtype_name)
    if dtype is None:
        raise ValueError(
            f"cannot load an array of dtype {dtype_name!r}: this version of array_api_mlx "
            f"has no such dtype"
        )
    try:
        device = Device(kind, index)
    except ValueError as e:
        raise ValueError(
            f"cannot load an array saved on Device({kind!r}, {index}): this machine has "
            f"no such device (available: {_available()}); save it after "
            "x.to_device(xp.cpu) to load it anywhere"
        ) from e
    return asarray(data, dtype=dtype, device=device)
