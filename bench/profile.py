"""Where a workload's time goes: our layer, MLX's evaluation, host round trips, the caller.

``python -m bench.profile [--device cpu|gpu] [--samples N] [--features F]
[--workloads LDA,k-means] [--k 16] [--iters 20] [--repeats 5] [--eager] [--json PATH]``
times each workload of ``bench.workloads`` (best of ``--repeats`` lazy runs, as a user
runs it), beside the same workload in PyTorch through ``array_api_compat.torch`` (on CUDA
where PyTorch has it, else on its CPU) when PyTorch is installed, and then profiles one more
run. In that run every public function and operator of ``array_api_mlx`` is wrapped, and
so are the package's evaluations (``_threads.evaluate``) and host crossings (``_host``'s
``to_numpy``/``from_numpy``, NumPy's BLAS and LAPACK where the routing table sends work to
the host). Each moment of the run is billed to one of:

- our layer: the Python of this package (recording MLX's lazy graph, checks);
- MLX evaluation: waiting in ``mx.eval`` for MLX's kernels, at each synchronisation (a
  value or a shape the host needs, and the workload's final result);
- host: copies between MLX and NumPy and the NumPy work on them (BLAS, LAPACK, ``nonzero``);
- the caller: everything outside the namespace's functions (scikit-learn, the k-means loop).

The number of evaluations and of host reads (``to_numpy``) and writes (``from_numpy``) is
counted. Lazily, MLX runs the work recorded since the last synchronisation at the next one,
so the MLX time lands on the function that synchronises. ``--eager`` evaluates the result of
every call instead, billing each MLX operation to the function that asked for it (this
removes MLX's batching of kernels, so the totals are higher).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from collections import defaultdict

# Operators and methods of Array that do work (attributes such as .shape are not timed).
_METHODS = (
    "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
    "__rtruediv__", "__matmul__", "__rmatmul__", "__pow__", "__rpow__", "__neg__",
    "__getitem__", "__setitem__", "__lt__", "__le__", "__gt__", "__ge__", "__eq__",
    "__ne__", "__and__", "__or__", "__invert__", "__abs__", "__float__", "__int__",
    "__bool__", "__index__", "__array__", "__dlpack__", "to_device", "mT", "T",
)  # fmt: skip
# NumPy functions this package runs on the host: billed as host time inside our calls.
_NUMPY_HOST = {
    "numpy": ("nonzero", "flatnonzero"),
    "numpy.linalg": ("cholesky", "det", "eigh", "eigvalsh", "inv", "qr", "slogdet", "solve",
                     "svd"),
}  # fmt: skip
WORKLOADS = ("PCA", "LDA", "Ridge", "k-means")
_ESTIMATOR = {"PCA": "PCA", "LDA": "LinearDiscriminantAnalysis", "Ridge": "Ridge"}
CATEGORIES = ("layer", "mlx", "host")


class Profile:
    """Exclusive seconds per category (``CATEGORIES``, the rest is the caller's) and counts,
    in total and per outermost namespace function, collected while active."""

    def __init__(self, eager: bool = False):
        self.eager = eager
        self.stats: dict[str, dict] = defaultdict(
            lambda: {"calls": 0, "evaluations": 0, "host_reads": 0, "host_writes": 0,
                     **{c: 0.0 for c in CATEGORIES}}  # fmt: skip
        )
        self.totals = {c: 0.0 for c in CATEGORIES}
        self.counts = {"evaluations": 0, "host_reads": 0, "host_writes": 0}
        self._stack: list[str] = []  # categories of the instrumented calls in progress
        self._entry: dict = {}  # the stats of the outermost namespace call in progress
        self._t = 0.0
        self._saved: list[tuple[object, str, object]] = []

    def _charge(self) -> None:
        now = time.perf_counter()
        if self._stack:
            cat = self._stack[-1]
            self.totals[cat] += now - self._t
            self._entry[cat] += now - self._t
        self._t = now

    def _entry_point(self, name, fn):
        """A namespace function or Array method: our layer, unless called from inside."""
        import array_api_mlx as xp

        prof = self

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if prof._stack:
                return fn(*args, **kwargs)
            prof._entry = prof.stats[name]
            prof._entry["calls"] += 1
            prof._charge()
            prof._stack.append("layer")
            try:
                out = fn(*args, **kwargs)
                if prof.eager:
                    items = out if isinstance(out, tuple) else (out,)
                    arrays = [a for a in items if isinstance(a, xp.Array)]
                    if arrays:
                        xp.eval(*arrays)  # its evaluation is billed as MLX's
            finally:
                prof._charge()
                prof._stack.pop()
            return out

        return wrapper

    def _inner(self, category: str, fn, count: str | None = None):
        """A step inside our layer billed to ``category`` (outside it: not ours)."""
        prof = self

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if not prof._stack:
                return fn(*args, **kwargs)
            if count:
                prof.counts[count] += 1
                prof._entry[count] += 1
            prof._charge()
            prof._stack.append(category)
            try:
                return fn(*args, **kwargs)
            finally:
                prof._charge()
                prof._stack.pop()

        return wrapper

    def _patch(self, owner, name, new) -> None:
        self._saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, new)

    def __enter__(self):
        import importlib

        import array_api_mlx as xp
        from array_api_mlx import _host, _linalg_functions, _threads, linalg

        for mod, prefix in ((xp, "xp."), (xp.linalg, "xp.linalg."), (xp.fft, "xp.fft.")):
            for name in mod.__all__:
                fn = getattr(mod, name)
                if callable(fn) and not isinstance(fn, type):
                    self._patch(mod, name, self._entry_point(prefix + name, fn))
        for name in _METHODS:
            attr = xp.Array.__dict__.get(name)
            if attr is None:
                continue
            if isinstance(attr, property):
                assert attr.fget is not None
                new = property(self._entry_point(f"Array.{name}", attr.fget))
            else:
                new = self._entry_point(f"Array.{name}", attr)
            self._patch(xp.Array, name, new)
        # Every module's own binding of the package's evaluation and host crossings.
        inner = [
            (_threads.evaluate, self._inner("mlx", _threads.evaluate, "evaluations")),
            (_host.to_numpy, self._inner("host", _host.to_numpy, "host_reads")),
            (_host.from_numpy, self._inner("host", _host.from_numpy, "host_writes")),
            (_linalg_functions.host_matmul, self._inner("host", _linalg_functions.host_matmul)),
            (linalg._on_host, self._inner("host", linalg._on_host)),
        ]
        for modname, mod in list(sys.modules.items()):
            if modname.split(".")[0] != "array_api_mlx" or mod is None:
                continue
            for name, value in list(vars(mod).items()):
                for fn, wrapped in inner:
                    if value is fn:
                        self._patch(mod, name, wrapped)
        for modname, names in _NUMPY_HOST.items():
            mod = importlib.import_module(modname)
            for name in names:
                self._patch(mod, name, self._inner("host", getattr(mod, name)))
        self._t = time.perf_counter()
        return self

    def __exit__(self, *exc):
        for owner, name, value in reversed(self._saved):
            setattr(owner, name, value)
        self._saved.clear()

    def report(self, wall: float, top: int = 10) -> dict:
        layer, mlx, host = (self.totals[c] for c in CATEGORIES)
        ranked = sorted(self.stats.items(), key=lambda kv: -sum(kv[1][c] for c in CATEGORIES))
        return {
            "wall_s": wall, "our_layer_s": layer, "mlx_eval_s": mlx, "host_s": host,
            "caller_s": wall - layer - mlx - host, **self.counts,
            "top": [{"function": n, "calls": s["calls"], "evaluations": s["evaluations"],
                     "host_reads": s["host_reads"], "host_writes": s["host_writes"],
                     "layer_s": s["layer"], "mlx_eval_s": s["mlx"], "host_s": s["host"]}
                    for n, s in ranked[:top]],
        }  # fmt: skip


def torch_peer():
    """``(array_api_compat.torch, device)``: CUDA when PyTorch has it, else its CPU; None
    without PyTorch."""
    try:
        import torch
        from array_api_compat import torch as xtorch
    except ImportError:
        return None
    return xtorch, torch.device("cuda" if torch.cuda.is_available() else "cpu")


def _jobs(xp, device, data, workloads, k: int, iters: int) -> dict:
    """name -> a function running the workload on ``xp`` arrays of ``device``, evaluated."""
    from . import workloads as W

    X = xp.asarray(data["X"], device=device)
    jobs = {}
    for w in workloads:
        if w == "k-means":
            jobs[f"k-means (k={k}, {iters} iterations)"] = (
                lambda: W._sync(W.kmeans(xp, X, k, iters))
            )
        else:
            name = _ESTIMATOR[w]
            y = xp.asarray(data[W._estimator(name)[2]], device=device)
            jobs[name] = W._fit_predict(name, X, y)
    return jobs


def profile_workloads(device, *, n_samples: int, n_features: int, workloads=WORKLOADS,
                      k: int = 16, iters: int = 20, repeats: int = 3, eager: bool = False,
                      torch: bool = True) -> dict:  # fmt: skip
    """For each workload: its best lazy time on ``device``, PyTorch's (when installed and
    ``torch``), and the profile of one more run (``Profile.report``)."""
    import sklearn

    import array_api_mlx as xp

    from . import workloads as W

    data = W.make_data(n_samples, n_features)
    jobs = _jobs(xp, device, data, workloads, k, iters)
    peer = torch_peer() if torch else None
    peer_jobs = _jobs(peer[0], peer[1], data, workloads, k, iters) if peer else {}
    out = {}
    with sklearn.config_context(array_api_dispatch=True):
        for name, job in jobs.items():
            r: dict = {"shape": [n_samples, n_features], "device": str(device)}
            r["ours"] = W._time(job, repeats)
            if peer:
                r["torch_device"] = str(peer[1])
                r["torch"] = W._time(peer_jobs[name], repeats)
            prof = Profile(eager=eager)
            t0 = time.perf_counter()
            with prof:
                W._quiet(job)
            r["profile"] = prof.report(time.perf_counter() - t0)
            out[name] = r
    return out


def _ms(t: dict | None) -> str:
    if not t:
        return "-"
    return f"{t['min'] * 1e3:.1f} ms" if "min" in t else t["error"]


def format_profile(results: dict) -> str:
    lines = []
    for name, r in results.items():
        n, f = r["shape"]
        head = f"{name}, {n} x {f} on {r['device']}: {_ms(r['ours'])} (best run)"
        if "torch" in r:
            head += f"; PyTorch on {r['torch_device']}: {_ms(r['torch'])}"
            if "min" in r["ours"] and "min" in r["torch"]:
                head += f" (ours takes {r['ours']['min'] / r['torch']['min']:.2f}x)"
        p = r["profile"]
        lines += [
            head,
            f"  profiled run {p['wall_s'] * 1e3:.1f} ms = our layer {p['our_layer_s'] * 1e3:.1f}"
            f" + MLX evaluation {p['mlx_eval_s'] * 1e3:.1f} ({p['evaluations']} evaluations)"
            f" + host {p['host_s'] * 1e3:.1f} ({p['host_reads']} reads, {p['host_writes']}"
            f" writes) + caller {p['caller_s'] * 1e3:.1f}",
            f"    {'function':<26}{'calls':>6}{'evals':>6}{'reads':>6}{'writes':>7}"
            f"{'layer ms':>10}{'MLX ms':>9}{'host ms':>9}",
        ]
        for t in p["top"]:
            lines.append(
                f"    {t['function']:<26}{t['calls']:>6}{t['evaluations']:>6}"
                f"{t['host_reads']:>6}{t['host_writes']:>7}{t['layer_s'] * 1e3:>10.2f}"
                f"{t['mlx_eval_s'] * 1e3:>9.2f}{t['host_s'] * 1e3:>9.2f}"
            )
    return "\n".join(lines)


def main(argv=None) -> int:
    os.environ.setdefault("SCIPY_ARRAY_API", "1")
    p = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n")[0])
    p.add_argument("--device", choices=("cpu", "gpu"), default=None)
    p.add_argument("--samples", type=int, default=100_000)
    p.add_argument("--features", type=int, default=100)
    p.add_argument("--workloads", default=",".join(WORKLOADS),
                   help=f"comma-separated, of {', '.join(WORKLOADS)}")  # fmt: skip
    p.add_argument("--k", type=int, default=16, help="k-means clusters")
    p.add_argument("--iters", type=int, default=20, help="k-means iterations")
    p.add_argument("--repeats", type=int, default=5, help="timed runs of each workload")
    p.add_argument("--eager", action="store_true",
                   help="evaluate every call's result (bill kernels to the function)")
    p.add_argument("--no-torch", action="store_true", help="skip the PyTorch column")
    p.add_argument("--json", metavar="PATH", help="write the results as JSON to PATH")
    args = p.parse_args(argv)
    workloads = [w.strip() for w in args.workloads.split(",") if w.strip()]
    if bad := [w for w in workloads if w not in WORKLOADS]:
        p.error(f"unknown workload(s) {bad}; choose from {', '.join(WORKLOADS)}")
    import array_api_mlx as xp

    from ._machine import limit_gpu_memory

    limit_gpu_memory()
    if args.device == "gpu" and not xp.gpu:
        raise SystemExit("--device gpu: MLX has no GPU on this machine")
    device = xp.__array_namespace_info__().default_device() if args.device is None else (
        xp.cpu if args.device == "cpu" else xp.gpu
    )
    results = profile_workloads(
        device, n_samples=args.samples, n_features=args.features, workloads=workloads,
        k=args.k, iters=args.iters, repeats=args.repeats, eager=args.eager,
        torch=not args.no_torch,
    )  # fmt: skip
    if torch_peer() is None and not args.no_torch:
        print("PyTorch (with array_api_compat) is not installed: no PyTorch column")
    print(format_profile(results))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
