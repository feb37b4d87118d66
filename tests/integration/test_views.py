"""Library code that writes through views (design §9), against its NumPy result.

scikit-learn's ``GaussianMixture(covariance_type="full")`` adds ``reg_covar`` to each
``covariances[k, :, :]`` in place (``_add_to_diagonal``); SciPy's ``oaconvolve`` adds the
overlapping parts of its blocks into a slice of a swapped-axes array. Where indexing or
``permute_dims`` copied, both returned wrong results without an error.
"""

from __future__ import annotations

import numpy as np
import pytest

from .conftest import combo_params, namespace_module, to_numpy

pytestmark = pytest.mark.usefixtures("scipy_array_api")

ATTRIBUTES = ("weights_", "means_", "covariances_", "precisions_cholesky_")


def _mixture(dtype_name):
    rng = np.random.default_rng(0)
    X = np.concatenate([
        rng.normal(0.0, 1.0, (80, 3)),
        rng.normal(4.0, 0.5, (60, 3)) @ rng.normal(size=(3, 3)),
    ])  # fmt: skip
    return X.astype(dtype_name)


@pytest.mark.parametrize("ns_name, device, dtype_name", combo_params())
def test_gaussian_mixture_full_covariance(ns_name, device, dtype_name):
    sklearn = pytest.importorskip("sklearn", reason="scikit-learn is not installed")
    from sklearn.mixture import GaussianMixture

    xp = namespace_module(ns_name)
    X = _mixture(dtype_name)

    def fit(data):
        gm = GaussianMixture(
            n_components=2, covariance_type="full", init_params="random_from_data",
            max_iter=20, random_state=0,
        )  # fmt: skip
        return gm.fit(data)

    want = fit(X)
    with sklearn.config_context(array_api_dispatch=True):
        got = fit(xp.asarray(X, device=device))
    rtol = 1e-3 if dtype_name == "float32" else 1e-8
    for name in ATTRIBUTES:
        np.testing.assert_allclose(
            to_numpy(getattr(got, name)), getattr(want, name), rtol=rtol, atol=rtol,
            err_msg=name,
        )  # fmt: skip


# float32: float64 FFTs need complex128, which this namespace does not have yet.
FLOAT32 = [p for p in combo_params() if p.values[2] == "float32"]


@pytest.mark.parametrize("ns_name, device, dtype_name", FLOAT32)
@pytest.mark.parametrize("shapes", [((1000,), (100,)), ((40, 300), (5, 30))], ids=["1d", "2d"])
def test_oaconvolve(ns_name, device, dtype_name, shapes):
    """Overlap-add (several blocks per axis: more than a plain FFT convolution)."""
    from scipy import signal

    xp = namespace_module(ns_name)
    rng = np.random.default_rng(1)
    a, b = (rng.standard_normal(s).astype(dtype_name) for s in shapes)
    want = signal.oaconvolve(a, b)
    got = signal.oaconvolve(xp.asarray(a, device=device), xp.asarray(b, device=device))
    np.testing.assert_allclose(to_numpy(got), want, rtol=1e-4, atol=1e-4 * np.abs(want).max())
