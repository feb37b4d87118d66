"""What the numbers were measured on."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    if sys.platform == "darwin":
        try:
            out = subprocess.run(
                ["sysctl", "-n", "machdep.cpu.brand_string"],
                capture_output=True, text=True, timeout=5, check=False,
            )
            if out.stdout.strip():
                return out.stdout.strip()
        except OSError:
            pass
    return platform.processor() or platform.machine()


def gpu_name() -> str | None:
    """The name of MLX's GPU, or None without one."""
    import mlx.core as mx

    if not mx.is_available(mx.gpu):
        return None
    try:
        name = mx.device_info(mx.gpu).get("device_name")
        if name:
            return str(name)
    except Exception:
        pass
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
            capture_output=True, text=True, timeout=10, check=False,
        )
        if out.stdout.strip():
            return out.stdout.strip().splitlines()[0]
    except OSError:
        pass
    return "GPU"


def _version(module: str) -> str | None:
    try:
        mod = __import__(module)
    except Exception:
        return None
    return getattr(mod, "__version__", "?")


def describe() -> dict:
    import mlx.core as mx
    import numpy as np

    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu_model(),
        "cpu_count": os.cpu_count(),
        "gpu": gpu_name(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {
            "mlx": mx.__version__,
            "numpy": np.__version__,
            "array_api_mlx": _version("array_api_mlx"),
            "array_api_strict": _version("array_api_strict"),
            "scikit-learn": _version("sklearn"),
            "torch": _version("torch"),
        },
    }


def limit_gpu_memory() -> None:
    """Cap MLX's GPU memory (16 GiB, or BENCH_MLX_MEMORY_LIMIT bytes): MLX's CUDA allocator
    otherwise lets itself take 95% of a card that may be shared."""
    import mlx.core as mx

    if mx.is_available(mx.gpu):
        mx.set_memory_limit(int(os.environ.get("BENCH_MLX_MEMORY_LIMIT", 16 * 2**30)))
