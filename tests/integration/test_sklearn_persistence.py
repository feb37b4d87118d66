"""Fitted scikit-learn estimators on our arrays survive joblib, and model selection runs in
a process pool (design §10).

Each estimator is fitted with ``array_api_dispatch=True``, saved with ``joblib.dump`` and
loaded again: its fitted arrays come back as our arrays on their device and its predictions
are the same. ``cross_val_score`` and ``GridSearchCV`` with ``n_jobs=2`` send the data to
joblib's worker processes (loky) pickled, and their results back the same way; the scores
are those of ``n_jobs=1``.
"""

from __future__ import annotations

import pickle

import pytest

from .conftest import assert_same_namespace_and_device, combo_params, namespace_module

sklearn = pytest.importorskip("sklearn", reason="scikit-learn is not installed")
joblib = pytest.importorskip("joblib", reason="joblib is not installed")

pytestmark = pytest.mark.usefixtures("scipy_array_api")

import numpy as np  # noqa: E402
from sklearn import config_context  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis  # noqa: E402
from sklearn.linear_model import Ridge  # noqa: E402
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score  # noqa: E402

# estimator factory, method compared before and after, classification target or not
ESTIMATORS = {
    "PCA": (lambda: PCA(n_components=2, svd_solver="full"), "transform", False),
    "LinearDiscriminantAnalysis": (LinearDiscriminantAnalysis, "predict_proba", True),
    "Ridge": (lambda: Ridge(alpha=0.5, solver="svd"), "predict", False),
}


def _data(dtype_name, classes: bool, n=48, p=5):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, p)).astype(dtype_name)
    if classes:
        y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(np.int64) + (X[:, 2] > 1.0)
    else:
        y = (X @ rng.standard_normal(p) + 0.1 * rng.standard_normal(n)).astype(dtype_name)
    return X, y


def _fitted_arrays(est, array_type):
    """The fitted attributes (``name_``) that are arrays of the namespace under test."""
    return {k: v for k, v in vars(est).items() if k.endswith("_") and type(v) is array_type}


@pytest.mark.parametrize("ns_name, device, dtype_name", combo_params())
@pytest.mark.parametrize("name", list(ESTIMATORS))
def test_joblib_dump_load(name, ns_name, device, dtype_name, row, tmp_path):
    row("scikit-learn", f"joblib dump/load {name}", ns_name, device, dtype_name)
    xp = namespace_module(ns_name)
    make, method, classes = ESTIMATORS[name]
    X, y = _data(dtype_name, classes)
    Xx, yx = xp.asarray(X, device=device), xp.asarray(y, device=device)
    with config_context(array_api_dispatch=True):
        est = make().fit(Xx, yx)
        before = getattr(est, method)(Xx)
        fitted = _fitted_arrays(est, type(Xx))
        assert fitted, f"{name} has no fitted arrays of {ns_name}"
        path = tmp_path / f"{name}.joblib"
        joblib.dump(est, path)
        for loaded in (joblib.load(path), pickle.loads(pickle.dumps(est))):
            for attr, value in fitted.items():
                got = getattr(loaded, attr)
                assert_same_namespace_and_device(got, xp, device)
                assert got.dtype == value.dtype, attr
                np.testing.assert_array_equal(np.asarray(got), np.asarray(value), err_msg=attr)
            after = getattr(loaded, method)(Xx)
            assert_same_namespace_and_device(after, xp, device)
            np.testing.assert_array_equal(np.asarray(after), np.asarray(before))


def _default_device_combos():
    """Worker processes start with the default device (a ``default_device`` context of
    this process does not reach them): the combos on it."""
    out = []
    for p in combo_params():
        ns_name, device, _ = p.values
        if device == namespace_module(ns_name).__array_namespace_info__().default_device():
            out.append(p)
    return out


@pytest.mark.parametrize("ns_name, device, dtype_name", _default_device_combos())
def test_model_selection_in_process_pool(ns_name, device, dtype_name, row):
    row("scikit-learn", "cross_val_score / GridSearchCV n_jobs=2", ns_name, device, dtype_name)
    xp = namespace_module(ns_name)
    X, y = _data(dtype_name, classes=False)
    Xx, yx = xp.asarray(X, device=device), xp.asarray(y, device=device)
    cv = KFold(n_splits=3)
    with config_context(array_api_dispatch=True):
        serial = cross_val_score(Ridge(alpha=0.5, solver="svd"), Xx, yx, cv=cv, n_jobs=1)
        pooled = cross_val_score(Ridge(alpha=0.5, solver="svd"), Xx, yx, cv=cv, n_jobs=2)
        np.testing.assert_allclose(np.asarray(pooled), np.asarray(serial), rtol=1e-6)
        grid = {"alpha": [0.1, 10.0]}
        search = GridSearchCV(Ridge(solver="svd"), grid, cv=cv, n_jobs=2).fit(Xx, yx)
        serial_search = GridSearchCV(Ridge(solver="svd"), grid, cv=cv, n_jobs=1).fit(Xx, yx)
    assert search.best_params_ == serial_search.best_params_
    np.testing.assert_allclose(
        search.cv_results_["mean_test_score"],
        serial_search.cv_results_["mean_test_score"],
        rtol=1e-6,
    )
    assert_same_namespace_and_device(search.best_estimator_.coef_, xp, device)
