"""``xp.compile`` against raw ``mx.compile`` and eager code, in one run.

``python -m bench.compile [--device cpu|gpu] [--size N] [--samples N] [--features F]``

Two cases, each timed in interleaved rounds (``bench._timer.compare``; the minimum is the
figure to compare on a loaded machine):

- **chain**: eleven small element-wise operations on two float32 arrays of ``--size``
  elements, per call: ``xp.compile`` of the chain written against this namespace, raw
  ``mx.compile`` of the same chain written against ``mlx.core``, and the eager chain of
  each. With evaluation (``eval``: what a caller waits for) and without (``dispatch``:
  building the graph, which is all that the Python layers add to).
- **kmeans**: ``--iters`` Lloyd iterations (k = ``--k``) on ``--samples`` x ``--features``
  float32 data, evaluated at the end: one iteration compiled with ``xp.compile`` or
  ``mx.compile``, against the same loops eager.
"""

from __future__ import annotations

import argparse
import functools
import json

import numpy as np

from ._timer import compare
from .workloads import lloyd_step


def chain(ns, x, y):
    """Eleven element-wise operations, written once for ``mlx.core`` and this namespace.

    Each is one MLX kernel in both, so both compile the same graph (this namespace's
    float32 ``exp``, ``sin`` and ``cos`` on the CPU are the accurate kernels of
    docs/design.md §3, three MLX operations each: not used here).
    """
    a = x * y
    a = a + 1.0
    a = ns.tanh(a)
    a = a * 0.5
    a = ns.log1p(ns.abs(a))
    a = a - y
    a = ns.abs(a)
    a = ns.sqrt(a)
    a = ns.maximum(a, x)
    return ns.tanh(a)


def lloyd_step_mlx(X, x2, classes, centers):
    """``lloyd_step`` in raw ``mlx.core``."""
    import mlx.core as mx

    c2 = mx.sum(centers * centers, axis=1)
    d = x2 - 2.0 * (X @ centers.T) + c2[None, :]
    labels = mx.argmin(d, axis=1)
    onehot = (labels[:, None] == classes[None, :]).astype(X.dtype)
    counts = mx.sum(onehot, axis=0)
    counts = mx.where(counts > 0, counts, mx.ones_like(counts))
    return (onehot.T @ X) / counts[:, None], labels


def _loop(step, X, x2, classes, centers, iters, evaluate):
    for _ in range(iters):
        centers, labels = step(X, x2, classes, centers)
    evaluate(centers, labels)


def run(device, *, size: int, samples: int, features: int, k: int, iters: int,
        repeats: int, target: float) -> dict:  # fmt: skip
    import mlx.core as mx

    import array_api_mlx as xp

    rng = np.random.default_rng(0)
    xn, yn = rng.standard_normal((2, size)).astype(np.float32)
    x, y = xp.asarray(xn, device=device), xp.asarray(yn, device=device)
    with mx.stream(device._mx):
        mx_x, mx_y = mx.array(xn), mx.array(yn)
    xp.eval(x, y)
    mx.eval(mx_x, mx_y)
    raw = mx.compile(functools.partial(chain, mx))
    ours = xp.compile(functools.partial(chain, xp))
    np.testing.assert_allclose(np.asarray(raw(mx_x, mx_y)), np.asarray(ours(x, y)), rtol=1e-6)
    with mx.stream(device._mx):  # raw MLX on the array's device, as our code runs there
        chain_times = compare(
            {
                "mx.compile eval": lambda: mx.eval(raw(mx_x, mx_y)),
                "xp.compile eval": lambda: xp.eval(ours(x, y)),
                "xp eager eval": lambda: xp.eval(chain(xp, x, y)),
                "mlx eager eval": lambda: mx.eval(chain(mx, mx_x, mx_y)),
                "mx.compile dispatch": lambda: raw(mx_x, mx_y),
                "xp.compile dispatch": lambda: ours(x, y),
                "xp eager dispatch": lambda: chain(xp, x, y),
            },
            repeats=repeats,
            target=target,
        )

    Xn = rng.standard_normal((samples, features)).astype(np.float32)
    X = xp.asarray(Xn, device=device)
    x2 = xp.sum(X * X, axis=1, keepdims=True)
    classes = xp.arange(k, device=device)
    start = X[:k, :]
    xp.eval(X, x2, classes, start)
    with mx.stream(device._mx):
        mX = mx.array(Xn)
        mx2 = mx.sum(mX * mX, axis=1, keepdims=True)
        mclasses = mx.arange(k)
        mstart = mX[:k, :]
    mx.eval(mX, mx2, mclasses, mstart)
    eager = functools.partial(lloyd_step, xp)
    compiled = xp.compile(eager)
    raw_step = mx.compile(lloyd_step_mlx)
    with mx.stream(device._mx):
        kmeans_times = compare(
            {
                "mx.compile": lambda: _loop(raw_step, mX, mx2, mclasses, mstart, iters, mx.eval),
                "xp.compile": lambda: _loop(compiled, X, x2, classes, start, iters, xp.eval),
                "xp eager": lambda: _loop(eager, X, x2, classes, start, iters, xp.eval),
                "mlx eager": lambda: _loop(
                    lloyd_step_mlx, mX, mx2, mclasses, mstart, iters, mx.eval
                ),
            },
            repeats=max(3, repeats // 4),
            target=0.0,
        )
    return {"chain": chain_times, "kmeans": kmeans_times}


def _ratio(times, a, b):
    return times[a]["min"] / times[b]["min"]


def report(result: dict, args) -> str:
    c, km = result["chain"], result["kmeans"]
    lines = [f"chain of 11 element-wise ops, {args.size} float32, per call (min / median us):"]
    for name, t in c.items():
        lines.append(f"  {name:22s} {t['min'] * 1e6:9.2f} {t['median'] * 1e6:9.2f}")
    lines += [
        f"  xp.compile / mx.compile   eval {_ratio(c, 'xp.compile eval', 'mx.compile eval'):.2f}x"
        f"   dispatch {_ratio(c, 'xp.compile dispatch', 'mx.compile dispatch'):.2f}x"
        "   (target <= 1.25x)",
        f"  xp.compile / xp eager     eval {_ratio(c, 'xp.compile eval', 'xp eager eval'):.2f}x"
        f"   dispatch {_ratio(c, 'xp.compile dispatch', 'xp eager dispatch'):.2f}x"
        "   (target < 1x)",
        f"k-means, {args.iters} iterations, k={args.k}, {args.samples} x {args.features} "
        "float32 (min / median ms):",
    ]
    for name, t in km.items():
        lines.append(f"  {name:22s} {t['min'] * 1e3:9.2f} {t['median'] * 1e3:9.2f}")
    lines += [
        f"  xp.compile / xp eager {_ratio(km, 'xp.compile', 'xp eager'):.2f}x,"
        f" xp.compile / mx.compile {_ratio(km, 'xp.compile', 'mx.compile'):.2f}x",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.compile", description=__doc__)
    p.add_argument("--device", choices=("cpu", "gpu"), default="cpu")
    p.add_argument("--size", type=int, default=1000, help="chain array size")
    p.add_argument("--samples", type=int, default=20000, help="k-means rows")
    p.add_argument("--features", type=int, default=32, help="k-means columns")
    p.add_argument("--k", type=int, default=16, help="k-means clusters")
    p.add_argument("--iters", type=int, default=20, help="k-means iterations")
    p.add_argument("--repeats", type=int, default=100, help="timed rounds of the chain")
    p.add_argument("--target", type=float, default=0.005, help="seconds per timed batch")
    p.add_argument("--json", metavar="PATH", help="write the times as JSON to PATH")
    args = p.parse_args(argv)

    import array_api_mlx as xp

    device = xp.cpu if args.device == "cpu" else xp.gpu
    if device is None:
        p.error("this MLX has no GPU")
    result = run(
        device, size=args.size, samples=args.samples, features=args.features, k=args.k,
        iters=args.iters, repeats=args.repeats, target=args.target,
    )  # fmt: skip
    print(f"device {device!r}")
    print(report(result, args))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"device": repr(device), "options": vars(args), **result}, f, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
