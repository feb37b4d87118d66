"""array_api_mlx: the Python array API standard (2025.12) on Apple's MLX, with honest
device placement.

    import array_api_mlx as xp
    x = xp.asarray([1.0, 2.0], device=xp.cpu)

See the README and docs/ for the device model and what differs from the standard.
"""

from __future__ import annotations

import math as _math
import os as _os
import sys as _sys

# float32 means float32: MLX's CUDA backend uses TF32 for float32 matmul unless
# MLX_ENABLE_TF32=0 (errors near 1e-3 relative; bench/RESULTS.md). Opt back in by
# setting MLX_ENABLE_TF32=1 before importing this package.
_os.environ.setdefault("MLX_ENABLE_TF32", "0")

try:
    import mlx.core as _mx
except ImportError as _error:  # no MLX, or MLX without a backend (Linux: plain `pip install mlx`)
    _fix = {
        "linux": 'pip install "array-api-mlx[cpu]" for the CPU, or "array-api-mlx[cuda]" for an '
        'NVIDIA GPU with CUDA 13 (from a clone: pip install -e ".[cpu]" or ".[cuda]")',
        "darwin": "pip install array-api-mlx, which installs MLX (Apple silicon only; from a "
        "clone: pip install -e .)",
    }.get(_sys.platform, "install MLX for this platform (array-api-mlx supports Linux and macOS)")
    raise ImportError(
        f"array_api_mlx needs MLX with a backend for this platform ({_sys.platform}), and "
        f"importing mlx.core failed: {_error}. To fix: {_fix}."
    ) from _error

__array_api_version__ = "2025.12"
__version__ = "0.1.0"

import types as _types

from . import _complex128, _operators, _threads, fft, linalg
from ._array_object import Array
from ._compile import compile
from ._creation import *  # noqa: F403
from ._creation import __all__ as _creation_all
from ._data_type_functions import *  # noqa: F403
from ._data_type_functions import __all__ as _data_type_all
from ._devices import Device, cpu, default_device, gpu, set_default_device
from ._dtypes import (
    bfloat16,
    bool,
    complex64,
    complex128,
    float16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    uint8,
    uint16,
    uint32,
    uint64,
)  # fmt: skip
from ._elementwise import *  # noqa: F403
from ._elementwise import __all__ as _elementwise_all
from ._indexing_functions import *  # noqa: F403
from ._indexing_functions import __all__ as _indexing_all
from ._info import __array_namespace_info__
from ._linalg_functions import *  # noqa: F403
from ._linalg_functions import __all__ as _linalg_functions_all
from ._manipulation import *  # noqa: F403
from ._manipulation import __all__ as _manipulation_all
from ._searching import *  # noqa: F403
from ._searching import __all__ as _searching_all
from ._set import *  # noqa: F403
from ._set import __all__ as _set_all
from ._sorting import *  # noqa: F403
from ._sorting import __all__ as _sorting_all
from ._statistical import *  # noqa: F403
from ._statistical import __all__ as _statistical_all
from ._utility import *  # noqa: F403
from ._utility import __all__ as _utility_all

_operators.install()


def _install_host_fallbacks() -> None:
    """Make every public function compute complex128 on the host (design §14). Functions
    declared by their MLX kernel (``_operands.binary_function``) catch it themselves, and
    those with a first branch do in their general path (``_complex128.general_path``)."""
    wrapped: dict[object, object] = {}  # one wrapper per function (xp.linalg.matmul too)

    def wrap(fn: object, module: str) -> object:
        if (
            not isinstance(fn, _types.FunctionType)
            or hasattr(fn, "mx_fn")
            or fn in _complex128.GENERAL_PATHS
        ):
            return fn
        if fn not in wrapped:
            wrapped[fn] = _complex128.host_fallback(fn, module)
        return wrapped[fn]

    g = globals()
    for name in __all__:
        if name not in _NO_HOST:
            g[name] = wrap(g[name], "")
    for module, mname in ((linalg, "linalg"), (fft, "fft")):
        for name in module.__all__:
            setattr(module, name, wrap(getattr(module, name), mname))


# Functions that never meet array data of their own.
_NO_HOST = frozenset({
    "default_device", "set_default_device", "eval", "compile", "isdtype", "result_type",
    "can_cast", "finfo", "iinfo", "__array_namespace_info__",
})  # fmt: skip

e = _math.e
inf = _math.inf
nan = _math.nan
pi = _math.pi
newaxis = None


def eval(*arrays: Array) -> None:
    """Evaluate the arrays' lazy MLX graphs now (``mx.eval``, under the package's
    evaluation lock: ``_threads``)."""
    _threads.evaluate(*(_complex128.data(a) for a in arrays))


__all__ = [
    "__array_api_version__", "__array_namespace_info__", "fft", "linalg", "Array", "Device", "cpu", "gpu",
    "default_device", "set_default_device", "eval", "compile", "e", "inf", "nan", "pi", "newaxis",
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "bfloat16", "float32", "float64", "complex64", "complex128",
    *_creation_all, *_data_type_all, *_elementwise_all, *_indexing_all,
    *_linalg_functions_all, *_manipulation_all, *_searching_all, *_set_all,
    *_sorting_all, *_statistical_all, *_utility_all,
]  # fmt: skip

_install_host_fallbacks()

from . import _versions  # noqa: E402

_versions.install(_sys.modules[__name__])
