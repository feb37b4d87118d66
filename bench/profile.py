"""Where a workload's time goes: our layer, MLX's computation, or the caller.

``python -m bench.profile [--device cpu|gpu] [--samples N] [--features F]`` runs each
workload of ``bench.workloads`` once with every public function and operator of
``array_api_mlx`` wrapped: the wrapper times the call (our Python layer building MLX's
lazy graph) and then evaluates the result (MLX computing that one operation); the work
NumPy does on Linux (large CPU matmuls, linalg's LAPACK) is timed apart. Evaluating
after every operation removes the laziness that would otherwise bill all the work to
whichever call first needs a value, so each MLX operation's cost lands on the namespace
function that asked for it. The rest of the wall time is the caller's own Python
(scikit-learn, the k-means loop) and NumPy. Nested calls count in the outermost one.
"""

from __future__ import annotations

import argparse
import functools
import os
import time
from collections import defaultdict

# Operators and methods of Array that do work (attributes such as .shape are not timed).
_METHODS = (
    "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
    "__rtruediv__", "__matmul__", "__rmatmul__", "__pow__", "__rpow__", "__neg__",
    "__getitem__", "__setitem__", "__lt__", "__le__", "__gt__", "__ge__", "__eq__",
    "__ne__", "__and__", "__or__", "__invert__", "__abs__", "__float__", "__int__",
    "__bool__", "__array__", "__dlpack__", "to_device", "mT", "T",
)  # fmt: skip


class Profile:
    """Per-function seconds, collected while active: our layer's Python, MLX evaluation,
    and NumPy (on Linux: large CPU matmuls by its BLAS, ``_linalg_functions.host_matmul``, and
    the LAPACK work of ``linalg``, ``linalg._on_host``)."""

    def __init__(self):
        # name -> [calls, layer_s, mlx_s, blas_s]
        self.stats = defaultdict(lambda: [0, 0.0, 0.0, 0.0])
        self._depth = 0
        self._saved = []
        self._inner_mlx = 0.0  # MLX evaluation and BLAS time inside the current call
        self._blas = 0.0

    def _wrap(self, name, fn):
        import array_api_mlx as xp

        prof = self

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if prof._depth:
                return fn(*args, **kwargs)
            prof._depth += 1
            prof._inner_mlx = prof._blas = 0.0
            try:
                t0 = time.perf_counter()
                out = fn(*args, **kwargs)
                t1 = time.perf_counter()
                items = out if isinstance(out, tuple) else (out,)
                arrays = [a for a in items if type(a) is xp.Array]
                if arrays:
                    xp.eval(*arrays)
                t2 = time.perf_counter()
            finally:
                prof._depth -= 1
            s = prof.stats[name]
            s[0] += 1
            s[1] += t1 - t0 - prof._inner_mlx - prof._blas
            s[2] += t2 - t1 + prof._inner_mlx
            s[3] += prof._blas
            return out

        return wrapper

    def _wrap_numpy(self, fn):
        """``fn(*mx_arrays, ...)`` (``host_matmul``, ``linalg._on_host``) timed as NumPy,
        after its inputs' pending MLX work, timed as MLX."""
        import mlx.core as mx

        prof = self

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            mx.eval(*(a for a in args if isinstance(a, mx.array)))
            t1 = time.perf_counter()
            out = fn(*args, **kwargs)
            t2 = time.perf_counter()
            prof._inner_mlx += t1 - t0
            prof._blas += t2 - t1
            return out

        return wrapper

    def __enter__(self):
        import array_api_mlx as xp
        from array_api_mlx import _linalg_functions, linalg

        for mod, prefix in ((xp, "xp."), (xp.linalg, "xp.linalg."), (xp.fft, "xp.fft.")):
            for name in mod.__all__:
                fn = getattr(mod, name)
                if callable(fn) and not isinstance(fn, type) and name != "eval":
                    self._saved.append((mod, name, fn))
                    setattr(mod, name, self._wrap(prefix + name, fn))
        for name in _METHODS:
            attr = xp.Array.__dict__.get(name)
            if attr is None:
                continue
            self._saved.append((xp.Array, name, attr))
            if isinstance(attr, property):
                wrapped = property(self._wrap(f"Array.{name}", attr.fget))
            else:
                wrapped = self._wrap(f"Array.{name}", attr)
            setattr(xp.Array, name, wrapped)
        for mod, name in ((_linalg_functions, "host_matmul"), (linalg, "_on_host")):
            fn = getattr(mod, name)
            self._saved.append((mod, name, fn))
            setattr(mod, name, self._wrap_numpy(fn))
        return self

    def __exit__(self, *exc):
        for owner, name, fn in reversed(self._saved):
            setattr(owner, name, fn)
        self._saved.clear()

    def report(self, wall: float, top: int = 8) -> dict:
        layer = sum(s[1] for s in self.stats.values())
        mlx = sum(s[2] for s in self.stats.values())
        blas = sum(s[3] for s in self.stats.values())
        ranked = sorted(self.stats.items(), key=lambda kv: -sum(kv[1][1:]))
        return {
            "wall_s": wall, "our_layer_s": layer, "mlx_eval_s": mlx, "numpy_s": blas,
            "caller_s": wall - layer - mlx - blas,
            "top": [{"function": n, "calls": s[0], "layer_s": s[1], "mlx_eval_s": s[2],
                     "numpy_s": s[3]} for n, s in ranked[:top]],
        }  # fmt: skip


def profile_workloads(device, *, n_samples: int, n_features: int, k: int = 5,
                      iters: int = 10) -> dict:
    """One profiled (eagerly evaluated) run of each workload on ``device``, after a warm-up."""
    import sklearn

    import array_api_mlx as xp

    from . import workloads as W

    data = W.make_data(n_samples, n_features)
    X = xp.asarray(data["X"], device=device)
    jobs = {}
    for name in W.ESTIMATORS:
        y = xp.asarray(data[W._estimator(name)[2]], device=device)
        jobs[name] = W._fit_predict(name, X, y)
    jobs[f"k-means (k={k}, {iters} iterations)"] = lambda: W._sync(W.kmeans(xp, X, k, iters))
    out = {}
    with sklearn.config_context(array_api_dispatch=True):
        for name, job in jobs.items():
            W._quiet(job)  # warm-up: compiled kernels, caches
            prof = Profile()
            t0 = time.perf_counter()
            with prof:
                W._quiet(job)
            out[name] = prof.report(time.perf_counter() - t0)
    return out


def format_profile(results: dict) -> str:
    lines = []
    for name, r in results.items():
        lines.append(
            f"{name}: {r['wall_s'] * 1e3:.1f} ms = our layer {r['our_layer_s'] * 1e3:.1f} ms"
            f" + MLX evaluation {r['mlx_eval_s'] * 1e3:.1f} ms + NumPy BLAS/LAPACK"
            f" {r['numpy_s'] * 1e3:.1f} ms + caller (library Python, NumPy)"
            f" {r['caller_s'] * 1e3:.1f} ms"
        )
        for t in r["top"]:
            lines.append(
                f"    {t['function']:<28} {t['calls']:>5} calls  layer "
                f"{t['layer_s'] * 1e3:8.2f} ms  MLX {t['mlx_eval_s'] * 1e3:8.2f} ms  NumPy "
                f"{t['numpy_s'] * 1e3:8.2f} ms"
            )
    return "\n".join(lines)


def main(argv=None) -> int:
    os.environ.setdefault("SCIPY_ARRAY_API", "1")
    p = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n")[0])
    p.add_argument("--device", choices=("cpu", "gpu"), default=None)
    p.add_argument("--samples", type=int, default=100_000)
    p.add_argument("--features", type=int, default=100)
    args = p.parse_args(argv)
    import array_api_mlx as xp

    from ._machine import limit_gpu_memory

    limit_gpu_memory()

    device = xp.__array_namespace_info__().default_device() if args.device is None else (
        xp.cpu if args.device == "cpu" else xp.gpu
    )
    print(f"device: {device}")
    print(format_profile(profile_workloads(device, n_samples=args.samples,
                                           n_features=args.features)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
