"""pytest plugin: scikit-learn's array API tests on one namespace only.

scikit-learn parametrises its array API tests with the generators of
``sklearn.utils._array_api`` (namespace, device name, dtype name), read when the test modules
are imported. Loaded with ``-p namespace_plugin`` this module replaces them, before any test
module is imported, so that they yield the namespace named by ``SKLEARN_SUITE_NAMESPACE``:

- ``array_api_mlx``: the CPU device (as the string ``"cpu"``, which scikit-learn passes to
  ``xp.asarray(..., device=)`` as it does for PyTorch) in float64 and float32;
- ``array_api_strict``: scikit-learn's own combinations for it (``CPU_DEVICE`` in float64,
  ``device1`` in float32).

NumPy, CuPy, PyTorch and dpnp are not yielded. The mixed-input permutations become the
namespace with NumPy, both ways round, and the estimator check that fits in one namespace and
predicts in another (hard-coded to array-api-strict) runs on the namespace under test. Only
tests whose id names the namespace under test are kept.
"""

from __future__ import annotations

import functools
import os

os.environ.setdefault("SCIPY_ARRAY_API", "1")  # before SciPy is first imported

import sklearn.utils._array_api as _array_api  # noqa: E402

NAMESPACE = os.environ.get("SKLEARN_SUITE_NAMESPACE", "array_api_mlx")
COMBINATIONS = {
    "array_api_mlx": [("cpu", "float64"), ("cpu", "float32")],
    "array_api_strict": [("CPU_DEVICE", "float64"), ("device1", "float32")],
}
if NAMESPACE not in COMBINATIONS:
    raise ValueError(
        f"SKLEARN_SUITE_NAMESPACE={NAMESPACE!r}: expected one of {sorted(COMBINATIONS)}"
    )
DEFAULT_DEVICE = COMBINATIONS[NAMESPACE][0][0]


def yield_namespaces(include_numpy_namespaces=True):
    yield NAMESPACE


def yield_namespace_device_dtype_combinations(include_numpy_namespaces=True):
    for device_name, dtype_name in COMBINATIONS[NAMESPACE]:
        yield NAMESPACE, device_name, dtype_name


def yield_mixed_namespace_input_permutations():
    ours = _array_api.NamespaceAndDevice(NAMESPACE, DEFAULT_DEVICE)
    numpy = _array_api.NamespaceAndDevice("numpy", None)
    yield ours, numpy, f"{NAMESPACE} to numpy"
    yield numpy, ours, f"numpy to {NAMESPACE}"


_array_api.yield_namespaces = yield_namespaces
_array_api.yield_namespace_device_dtype_combinations = yield_namespace_device_dtype_combinations
_array_api.yield_mixed_namespace_input_permutations = yield_mixed_namespace_input_permutations

# estimator_checks imports the generators by name, so it must be imported after the patch
# above; its fit-in-one-namespace check names array-api-strict in its body.
import sklearn.utils.estimator_checks as _estimator_checks  # noqa: E402

_yield_array_api_checks = _estimator_checks._yield_array_api_checks


@functools.wraps(_yield_array_api_checks)
def yield_array_api_checks(estimator, only_numpy=False):
    same_namespace = _estimator_checks.check_array_api_same_namespace
    for check in _yield_array_api_checks(estimator, only_numpy=only_numpy):
        if getattr(check, "func", None) is same_namespace:
            check = functools.partial(same_namespace, array_namespace=NAMESPACE)
        yield check


_estimator_checks._yield_array_api_checks = yield_array_api_checks


def pytest_collection_modifyitems(config, items):
    """Keep the tests whose id names the namespace under test: the NumPy-only checks and the
    tests hard-coded to another namespace are the same in every run."""
    keep = [item for item in items if NAMESPACE in item.nodeid]
    config.hook.pytest_deselected(items=[item for item in items if NAMESPACE not in item.nodeid])
    items[:] = keep


def pytest_report_header(config):
    return f"sklearn array API suite: namespace {NAMESPACE}"
