"""Workloads: scikit-learn estimators with ``array_api_dispatch=True`` and a k-means loop
written against the namespace, NumPy against ``array_api_mlx`` on each device (and PyTorch
CUDA through array-api-compat where there is one).

scikit-learn's array API support needs ``SCIPY_ARRAY_API=1`` in the environment before
scipy is first imported; ``python -m bench`` sets it. An estimator that fails (a missing
namespace function, an unsupported path) is reported with its error, not raised.
"""

from __future__ import annotations

import traceback
import warnings

import numpy as np

from ._timer import once

ESTIMATORS = ("PCA", "LinearDiscriminantAnalysis", "Ridge")


def lloyd_step(xp, X, x2, classes, centers):
    """One k-means iteration against the standard: (new centers, labels)."""
    c2 = xp.sum(centers * centers, axis=1)
    d = x2 - 2.0 * (X @ centers.T) + c2[None, :]
    labels = xp.argmin(d, axis=1)
    onehot = xp.astype(labels[:, None] == classes[None, :], X.dtype)
    counts = xp.sum(onehot, axis=0)
    counts = xp.where(counts > 0, counts, xp.ones_like(counts))
    return (onehot.T @ X) / counts[:, None], labels


def kmeans(xp, X, k: int, iters: int):
    """Lloyd's k-means in pure array API code: returns (centers, labels)."""
    n = X.shape[0]
    centers = X[:k, :]
    x2 = xp.sum(X * X, axis=1, keepdims=True)
    classes = xp.arange(k, device=X.device)
    labels = xp.zeros(n, dtype=xp.int64, device=X.device)
    for _ in range(iters):
        centers, labels = lloyd_step(xp, X, x2, classes, centers)
    return centers, labels


def make_data(n_samples: int, n_features: int, n_classes: int = 5, seed: int = 0) -> dict:
    """Gaussian classes whose noise has a distinct variance per feature, so that every
    principal component is well defined (equal variances would make PCA's components past
    the class means an arbitrary rotation, different in every library); the first rows
    hold one sample of each class, k-means' starting centers."""
    rng = np.random.default_rng(seed)
    yc = rng.integers(0, n_classes, n_samples)
    yc[:n_classes] = np.arange(n_classes)
    means = rng.standard_normal((n_classes, n_features)) * 4.0
    scales = np.linspace(2.0, 0.5, n_features)
    noise = rng.standard_normal((n_samples, n_features)) * scales
    X = (means[yc] + noise).astype(np.float32)
    w = rng.standard_normal(n_features).astype(np.float32)
    yr = (X @ w + 0.1 * rng.standard_normal(n_samples)).astype(np.float32)
    return {"X": X, "yc": yc.astype(np.int64), "yr": yr}


def _estimator(name: str):
    if name == "PCA":
        from sklearn.decomposition import PCA

        return PCA(n_components=10), "transform", "X"
    if name == "LinearDiscriminantAnalysis":
        from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

        return LinearDiscriminantAnalysis(), "predict", "yc"
    if name == "Ridge":
        from sklearn.linear_model import Ridge

        return Ridge(alpha=1.0), "predict", "yr"
    raise ValueError(name)


def _sync(result):
    """Wait for the work behind ``result``: evaluate our (lazy) arrays, wait for CUDA."""
    import array_api_mlx as xp

    items = result if isinstance(result, tuple) else (result,)
    arrays = [a for a in items if type(a) is xp.Array]
    if arrays:
        xp.eval(*arrays)
    if any(type(a).__module__ == "torch" and a.is_cuda for a in items):
        import torch

        torch.cuda.synchronize()


def torch_cuda():
    """``array_api_compat.torch`` and the CUDA device when PyTorch has one, else None."""
    try:
        import torch
        from array_api_compat import torch as xtorch
    except ImportError:
        return None
    return (xtorch, torch.device("cuda")) if torch.cuda.is_available() else None


def _peers(devices) -> dict:
    """name -> (namespace, device) of every implementation a workload runs on besides
    NumPy: ours on each device, PyTorch CUDA through array-api-compat when present."""
    import array_api_mlx as xp

    peers = {f"ours_{dev.kind}": (xp, dev) for dev in devices}
    if (tc := torch_cuda()) is not None:
        peers["torch_cuda"] = tc
    return peers


def _to_numpy(a):
    return a.cpu().numpy() if type(a).__module__ == "torch" else np.asarray(a)


def _fit_predict(name: str, X, y):
    def run():
        est, method, _ = _estimator(name)
        if name == "PCA":
            est.fit(X)
        else:
            est.fit(X, y)
        out = getattr(est, method)(X)
        _sync(out)
        return out

    return run


def _short_error(e: BaseException) -> str:
    frames = traceback.extract_tb(e.__traceback__)
    where = f" ({frames[-1].name} in {frames[-1].filename.rsplit('/', 1)[-1]})" if frames else ""
    msg = str(e).splitlines()[0] if str(e) else ""
    return f"{type(e).__name__}: {msg[:160]}{where}"


def _time(fn, repeats: int) -> dict:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            t = once(fn, repeats=repeats, warmup=1)
        except Exception as e:  # report in the table, keep going
            return {"error": _short_error(e)}
    if caught:
        t["warnings"] = sorted({f"{w.category.__name__}: {str(w.message)[:120]}" for w in caught})
    return t


def _quiet(fn):
    """``fn()`` with warnings silenced, or None if it raised (the timing reports why)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn()
        except Exception:
            return None


def _close(ref, got, rtol: float) -> bool | None:
    """Does ``got`` agree with the NumPy result (up to sign for PCA components)?"""
    try:
        a = np.asarray(ref, dtype=np.float64)
        b = np.asarray(got, dtype=np.float64)
    except Exception:
        return None
    if a.shape != b.shape:
        return False
    if a.dtype.kind == "f" and a.ndim == 2:  # PCA scores: columns defined up to sign
        signs = np.sign(np.sum(a * b, axis=0))
        signs[signs == 0] = 1
        b = b * signs
    scale = max(float(np.max(np.abs(a))), 1e-30)
    return bool(np.max(np.abs(a - b)) <= rtol * scale)


def run(devices, *, n_samples: int = 100_000, n_features: int = 100, k: int = 5,
        iters: int = 10, repeats: int = 3, estimators=ESTIMATORS) -> list[dict]:
    import sklearn

    data = make_data(n_samples, n_features)
    peers = _peers(devices)
    rows = []
    with sklearn.config_context(array_api_dispatch=True):
        for name in estimators:
            row = {"workload": name, "shape": [n_samples, n_features], "times": {},
                   "agrees": {}}
            yname = _estimator(name)[2]
            ref = _quiet(_fit_predict(name, data["X"], data[yname]))
            row["times"]["numpy"] = _time(_fit_predict(name, data["X"], data[yname]), repeats)
            for key, (ns, dev) in peers.items():
                X = ns.asarray(data["X"], device=dev)
                y = ns.asarray(data[yname], device=dev)
                row["times"][key] = _time(_fit_predict(name, X, y), repeats)
                if "error" not in row["times"][key] and ref is not None:
                    got = _quiet(_fit_predict(name, X, y))
                    row["agrees"][key] = None if got is None else _close(ref, _to_numpy(got),
                                                                         1e-3)
            rows.append(row)

    row = {"workload": f"k-means (k={k}, {iters} iterations)", "shape": [n_samples, n_features],
           "times": {}, "agrees": {}}

    def km(ns, X):
        def f():
            c, lab = kmeans(ns, X, k, iters)
            _sync((c, lab))
            return c, lab

        return f

    row["times"]["numpy"] = _time(km(np, data["X"]), repeats)
    ref = _quiet(km(np, data["X"]))
    for key, (ns, dev) in peers.items():
        X = ns.asarray(data["X"], device=dev)
        row["times"][key] = _time(km(ns, X), repeats)
        got = _quiet(km(ns, X)) if "error" not in row["times"][key] else None
        if ref is not None and got is not None:
            row["agrees"][key] = _close(ref[0], _to_numpy(got[0]), 1e-3)
    rows.append(row)
    for row in rows:
        base = row["times"].get("numpy", {}).get("min")
        row["speedup"] = {
            key: base / t["min"]
            for key, t in row["times"].items()
            if key != "numpy" and base and t.get("min")
        }
    return rows
