"""``python -m array_api_mlx``: versions, devices and their dtypes, and a live
demonstration of where arrays are placed."""

from __future__ import annotations

import argparse
from collections.abc import Callable

import mlx.core as mx
import numpy as np

import array_api_mlx as xp


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m array_api_mlx",
        description="Print the versions, the devices MLX has here with their dtypes, and a "
        "demonstration of where arrays are placed (explicit device= first, then the data's own "
        "device, then the default device).",
    )
    p.add_argument("--version", action="version", version=f"array_api_mlx {xp.__version__}")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    parse_args(argv)
    info = xp.__array_namespace_info__()
    print(f"array_api_mlx {xp.__version__}  (array API standard {xp.__array_api_version__})")
    print(f"mlx {mx.__version__}, numpy {np.__version__}")  # type: ignore[attr-defined]  # MLX's stubs lack __version__
    print(f"default device: {info.default_device()!r}")
    print()
    print("devices:")
    for d in info.devices():
        names = ", ".join(info.dtypes(device=d))
        defaults = ", ".join(f"{k}={v.name}" for k, v in info.default_dtypes(device=d).items())
        print(f"  {d!r}")
        print(f"    dtypes:   {names}")
        print(f"    defaults: {defaults}")
    print()
    print("placement (explicit device= first, then the data's own device, then the default):")
    a = np.arange(3.0)
    target = xp.gpu or xp.cpu
    demos: list[tuple[str, Callable[[], xp.Array]]] = [
        ("xp.asarray(numpy_array)", lambda: xp.asarray(a)),
        ("xp.from_dlpack(numpy_array)", lambda: xp.from_dlpack(a)),
        ("xp.asarray([1.0, 2.0])", lambda: xp.asarray([1.0, 2.0])),
        (
            f"xp.asarray(numpy_array, dtype=xp.float32, device={_name(target)})",
            lambda: xp.asarray(a, dtype=xp.float32, device=target),
        ),
        (
            f"xp.asarray(numpy_array, dtype=xp.float32).to_device({_name(target)})",
            lambda: xp.asarray(a, dtype=xp.float32).to_device(target),
        ),
    ]
    for text, make in demos:
        x = make()
        print(f"  {text:<62} -> {x.device!r}, {x.dtype.name}")
    x = xp.asarray(a, dtype=xp.float32, device=target)
    y = xp.exp(x) + 1
    print(f"  {'xp.exp(x) + 1  (computed on x.device)':<62} -> {y.device!r}")
    z = xp.fft.fft(xp.asarray(np.arange(4.0), device=xp.cpu))
    text = "xp.fft.fft(float64 data)  (complex128: NumPy on the host)"
    print(f"  {text:<62} -> {z.device!r}, {z.dtype.name}")
    print()
    if not xp.gpu:
        print("No GPU is available to MLX here: only xp.cpu is listed. On a Mac (Metal) or a")
        print("Linux machine with CUDA, pass device=xp.gpu or call x.to_device(xp.gpu).")
    else:
        print("NumPy data is CPU data: it stays on xp.cpu unless you pass device=xp.gpu or call")
        print("x.to_device(xp.gpu).")


def _name(d: xp.Device) -> str:
    return "xp.gpu" if d.kind == "gpu" else "xp.cpu"


if __name__ == "__main__":
    main()
