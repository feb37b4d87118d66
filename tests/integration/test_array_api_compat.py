"""array-api-compat's helpers on our arrays: the entry points libraries use to find the
namespace and device of an array."""

from __future__ import annotations

import numpy as np
import pytest

from .conftest import combo_params, namespace_module

compat = pytest.importorskip("array_api_compat", reason="array-api-compat is not installed")

PARAMS = combo_params()


@pytest.mark.parametrize("ns_name, device, dtype_name", PARAMS)
def test_array_namespace(ns_name, device, dtype_name, row):
    row("array-api-compat", "array_namespace", ns_name, device, dtype_name)
    xp = namespace_module(ns_name)
    x = xp.ones((2, 3), dtype=getattr(xp, dtype_name), device=device)
    assert compat.array_namespace(x) is xp
    assert compat.array_namespace(x, x[0, ...], 1.0, None) is xp
    older = compat.array_namespace(x, api_version="2024.12")
    # the namespace of that revision (array_api_mlx.api_2024_12 for us; the same module
    # for namespaces that serve every revision from one)
    assert older.__array_api_version__ == "2024.12" or older is xp
    assert older.add is xp.add
    with pytest.raises(TypeError):
        compat.array_namespace(x, np.ones(2))


@pytest.mark.parametrize("ns_name, device, dtype_name", PARAMS)
def test_device(ns_name, device, dtype_name, row):
    row("array-api-compat", "device", ns_name, device, dtype_name)
    xp = namespace_module(ns_name)
    x = xp.ones((2, 3), dtype=getattr(xp, dtype_name), device=device)
    assert compat.device(x) == device
    assert compat.device(x + 1) == device


@pytest.mark.parametrize("ns_name, device, dtype_name", PARAMS)
def test_to_device(ns_name, device, dtype_name, row):
    row("array-api-compat", "to_device", ns_name, device, dtype_name)
    xp = namespace_module(ns_name)
    x = xp.asarray(np.arange(6, dtype=dtype_name).reshape(2, 3), device=device)
    y = compat.to_device(x, device)
    assert compat.device(y) == device
    np.testing.assert_array_equal(
        np.asarray(y) if ns_name == "array_api_mlx" else np.from_dlpack(y),
        np.arange(6).reshape(2, 3),
    )
    for other in xp.__array_namespace_info__().devices():
        if dtype_name in xp.__array_namespace_info__().dtypes(device=other):
            assert compat.device(compat.to_device(x, other)) == other


@pytest.mark.parametrize("ns_name, device, dtype_name", PARAMS)
def test_size(ns_name, device, dtype_name, row):
    row("array-api-compat", "size", ns_name, device, dtype_name)
    xp = namespace_module(ns_name)
    assert compat.size(xp.zeros((2, 3, 4), dtype=getattr(xp, dtype_name), device=device)) == 24
    assert compat.size(xp.zeros((0, 3), dtype=getattr(xp, dtype_name), device=device)) == 0
    assert compat.size(xp.asarray(1.0, device=device)) == 1


@pytest.mark.parametrize("ns_name, device, dtype_name", PARAMS)
def test_is_array_api_obj(ns_name, device, dtype_name, row):
    row("array-api-compat", "is_array_api_obj", ns_name, device, dtype_name)
    xp = namespace_module(ns_name)
    assert compat.is_array_api_obj(xp.zeros(2, dtype=getattr(xp, dtype_name), device=device))
    assert not compat.is_array_api_obj(xp)
    assert not compat.is_array_api_obj(getattr(xp, dtype_name))
    # none of the library-specific predicates claims our arrays
    x = xp.zeros(2, dtype=getattr(xp, dtype_name), device=device)
    for pred in (
        "is_numpy_array",
        "is_cupy_array",
        "is_torch_array",
        "is_dask_array",
        "is_jax_array",
        "is_pydata_sparse_array",
        "is_ndonnx_array",
    ):
        assert not getattr(compat, pred)(x), pred


@pytest.mark.parametrize("ns_name, device, dtype_name", PARAMS)
def test_is_writeable_array(ns_name, device, dtype_name, row):
    row("array-api-compat", "is_writeable_array", ns_name, device, dtype_name)
    xp = namespace_module(ns_name)
    x = xp.zeros(3, dtype=getattr(xp, dtype_name), device=device)
    assert compat.is_writeable_array(x)
    x[1] = 2.0  # and it is: __setitem__ works
    assert float(x[1]) == 2.0


@pytest.mark.parametrize("ns_name, device, dtype_name", PARAMS)
def test_is_lazy_array(ns_name, device, dtype_name, row):
    """MLX evaluates lazily, but every array can be read eagerly (bool(), float(), shapes
    are known): array-api-compat's "lazy" (JAX under jit, Dask) does not apply."""
    row("array-api-compat", "is_lazy_array", ns_name, device, dtype_name)
    xp = namespace_module(ns_name)
    x = xp.ones(3, dtype=getattr(xp, dtype_name), device=device) * 2
    assert compat.is_lazy_array(x) is False
    assert bool(xp.all(x == 2))
