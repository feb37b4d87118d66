"""Shared setup for the integration tests: SciPy's array API switch, the namespaces under
test, and the helpers that compare a library's result on our arrays with its NumPy result.

``SCIPY_ARRAY_API`` must be in the environment before SciPy (or scikit-learn, which imports
SciPy) is first imported; this module sets it at import time, before anything imports them.
"""

from __future__ import annotations

import os

os.environ.setdefault("SCIPY_ARRAY_API", "1")

import importlib  # noqa: E402
import re  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

# The namespaces the harness runs on. CI runs ours only; the report script
# (``python -m tests.integration.report --namespaces array_api_mlx,array_api_strict``)
# also runs the reference implementation on the same list, as the bar to match.
NAMESPACES = os.environ.get("ARRAY_API_MLX_INTEGRATION_NAMESPACES", "array_api_mlx").split(",")


def namespace_module(name):
    return importlib.import_module(name)


def combos(namespaces=None):
    """(namespace name, device, dtype name) for every device of every namespace: float32
    everywhere, float64 where the device supports it."""
    out = []
    for ns_name in namespaces or NAMESPACES:
        ns = namespace_module(ns_name)
        info = ns.__array_namespace_info__()
        # array-api-strict's extra devices are fakes of its CPU: its default one suffices
        devices = [info.default_device()] if ns_name == "array_api_strict" else info.devices()
        for device in devices:
            floats = info.dtypes(kind="real floating", device=device)
            for dtype_name in ("float32", "float64"):
                if dtype_name in floats:
                    out.append((ns_name, device, dtype_name))
    return out


def device_label(device):
    """'cpu' or 'gpu' for a device of any namespace (array-api-strict's devices are CPUs)."""
    kind = getattr(device, "kind", None)
    if kind is not None:
        return f"{kind}{getattr(device, 'index', 0) or ''}"
    return "cpu"


def combo_params(namespaces=None):
    return [
        pytest.param(ns, dev, dt, id=f"{ns}-{device_label(dev)}-{dt}")
        for ns, dev, dt in combos(namespaces)
    ]


@pytest.fixture
def row(record_property):
    """Record which table row and column a test fills (read by ``report.py``)."""

    def _row(library, subject, namespace, device, dtype_name):
        record_property("library", library)
        record_property("subject", subject)
        record_property("namespace", namespace)
        record_property("device", device_label(device))
        record_property("dtype", dtype_name)

    return _row


def scipy_array_api_on():
    from scipy._lib import _array_api

    return bool(_array_api.SCIPY_ARRAY_API)


@pytest.fixture(scope="session")
def scipy_array_api():
    """Skip (with the reason) when SciPy's array API switch could not be turned on."""
    pytest.importorskip("scipy", reason="SciPy is not installed")
    if not scipy_array_api_on():
        pytest.skip(
            "SciPy was imported before SCIPY_ARRAY_API=1 was set (it is read once, at "
            "import); run the integration tests in a fresh process"
        )


def to_numpy(x):
    """Host copy of an array of any namespace (ours through ``__array__``, others through
    DLPack)."""
    if isinstance(x, np.ndarray | np.generic | float | int | bool | complex):
        return np.asarray(x)
    if type(x).__module__.startswith("array_api_mlx"):
        return np.asarray(x)
    return np.from_dlpack(x)


def rtol_for(dtype_name):
    """scikit-learn's own tolerances: rtol 1e-4 for float32, 1e-7 for float64."""
    return 1e-4 if dtype_name == "float32" else 1e-7


def atol_for(dtype_name):
    """scikit-learn's ``_atol_for_type``: 1000 machine epsilons."""
    return float(np.finfo(dtype_name).eps * 1000)


def assert_same_namespace_and_device(out, xp, device):
    import array_api_compat

    assert array_api_compat.array_namespace(out) is xp, (
        f"result is a {type(out).__module__}.{type(out).__name__}, not an array of {xp.__name__}"
    )
    assert array_api_compat.device(out) == device, (
        f"result is on {array_api_compat.device(out)!r}, the input on {device!r}"
    )


@pytest.fixture(autouse=True)
def _tested_device_is_default(request):
    """Libraries create some arrays without ``device=`` (SciPy's NumPy fallbacks,
    scikit-learn's ``xp.asarray(0.0)``); a user computing on CPU arrays on a machine whose
    default is the GPU sets ``xp.set_default_device(xp.cpu)``. Do the same per test."""
    callspec = getattr(request.node, "callspec", None)
    device = callspec.params.get("device") if callspec else None
    if callspec and callspec.params.get("ns_name") == "array_api_mlx" and device is not None:
        import array_api_mlx as xp

        with xp.default_device(device):
            yield
    else:
        yield


# Failures on a GPU that come from the other library, given this package's documented
# rules, recorded as expected failures with the reason (the report counts them apart).
# Matched on the message with any GPU's index: the same rules hold on every GPU.
_ANY_GPU = r"Device\('gpu', \d+\)"
GPU_UPSTREAM = (
    (re.compile(r"float64 is not supported on " + _ANY_GPU),
     "the library asks for float64 on the GPU, which has none ([design §3](design.md#3-dtypes-per-device); scikit-learn's "
     "_max_precision_float_dtype and friends special-case only PyTorch 'mps')"),
    (re.compile(r"complex128 is not supported on " + _ANY_GPU),
     "the library asks for complex128 on the GPU, which has none ([design §3](design.md#3-dtypes-per-device); "
     "SciPy's signal filter design casts its zeros and poles to complex128 by name)"),
    (re.compile(r"Device\('cpu', 0\) == " + _ANY_GPU),
     "the library computes through NumPy and converts back without device=, so the "
     "result is CPU data (NumPy data keeps its device, as torch.asarray does)"),
    (re.compile(r"arrays are on different devices"),
     "the library creates an array without device= and combines it with the GPU input"),
)


def gpu_upstream_reason(device, text):
    """The reason a failure of a test on ``device`` is upstream, or None."""
    if getattr(device, "kind", "") != "gpu":
        return None
    for pattern, reason in GPU_UPSTREAM:
        if pattern.search(text):
            return reason
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    callspec = getattr(item, "callspec", None)
    if report.when != "call" or not report.failed or callspec is None:
        return
    if callspec.params.get("ns_name") != "array_api_mlx":
        return
    text = str(call.excinfo.value) if call.excinfo else ""
    reason = gpu_upstream_reason(callspec.params.get("device"), text)
    if reason is not None:
        report.outcome = "skipped"
        report.wasxfail = f"upstream on the GPU: {reason}"
