"""float32 accuracy (docs/design.md §3): every inexact float32 elementwise function measured in
ulps against NumPy computed in float64 and rounded to float32 (an oracle more accurate than
float32), over the ranges libraries use, on every device.

``python -m tests.test_float32_accuracy`` prints the table published in docs/design.md:
MLX's own kernel, this namespace and NumPy's float32 function, on the inputs below.
"""

from __future__ import annotations

import functools
import math
import zlib
from collections.abc import Callable

import mlx.core as mx
import numpy as np
import pytest

import array_api_mlx as xp

from .reference import ELEMENTWISE
from .test_float64_accuracy import ulp_error

# Every elementwise function of float32 input that is not exact (the exact ones are compared
# bit for bit by the fuzz tests).
NAMES = sorted(
    n for n, r in ELEMENTWISE.items()
    if not r.exact and r.arity <= 2 and xp.float32 in r.dtypes(xp.cpu)
)  # fmt: skip

# MLX's names where they differ from the standard's (for the table's "MLX" column).
_MLX_NAME = {
    "acos": "arccos", "acosh": "arccosh", "asin": "arcsin", "asinh": "arcsinh",
    "atan": "arctan", "atan2": "arctan2", "atanh": "arctanh", "pow": "power",
}  # fmt: skip

Args = tuple[np.ndarray, ...]
N = 20000


def uniform(lo: float, hi: float) -> Callable[[np.random.Generator], np.ndarray]:
    return lambda rng: rng.uniform(lo, hi, N)


def log_uniform(lo: float, hi: float, signed: bool = True):
    """|x| log-uniform in [10**lo, 10**hi], random signs if ``signed``."""

    def gen(rng):
        x = 10.0 ** rng.uniform(lo, hi, N)
        return x * rng.choice([-1.0, 1.0], N) if signed else x

    return gen


def near(base: Callable, spread: float):
    """Pairs (a, a + d) with |d| <= spread: the arguments of logaddexp that libraries pass."""

    def gen(rng):
        a = base(rng)
        return a, a + rng.uniform(-spread, spread, N)

    return gen


def near_half_pi(kmin: float, kmax: float):
    """The float32 values within 2 ulps of k * pi/2 for k log-uniform in [kmin, kmax], random
    signs: where sin, cos and tan are 0 or infinite, their results the hardest to get right."""

    def gen(rng):
        k = np.round(10.0 ** rng.uniform(np.log10(kmin), np.log10(kmax), N))
        bits = (k * np.pi / 2).astype(np.float32).view(np.int32) + rng.integers(-2, 3, N)
        return bits.astype(np.int32).view(np.float32) * rng.choice([-1.0, 1.0], N)

    return gen


def closest_to_half_pi(rng):
    """The N float32 values below 2**23 closest to a multiple of pi/2 (a zero of sin or cos):
    the hardest arguments of sin and cos there."""
    k = np.arange(1, 2**23 / (np.pi / 2))
    x = (k * np.pi / 2).astype(np.float32)
    x = np.concatenate([x, np.nextafter(x, np.float32(0)), np.nextafter(x, np.float32(np.inf))])
    dist = np.abs(np.sin(x.astype(np.float64) * 2))  # 0 at every multiple of pi/2
    return x[np.argpartition(dist, N)[:N]].astype(np.float64) * rng.choice([-1.0, 1.0], N)


def _pair(g1: Callable, g2: Callable):
    return lambda rng: (g1(rng), g2(rng))


# The inputs of each function: (label, generator of one array per argument); ±[a, b] is
# [-b, -a] and [a, b]. Values outside the function's domain, and those whose result float32
# cannot hold, are dropped.
INPUTS: dict[str, list[tuple[str, Callable]]] = {
    "exp": [("[-87.3, 88.7]", uniform(-87.3, 88.72)), ("[30, 88.7]", uniform(30, 88.72)),
            ("[-103.9, -87.3] (subnormal results)", uniform(-103.97, -87.34)),
            ("±[1e-8, 1]", log_uniform(-8, 0))],
    "expm1": [("±[1e-8, 1]", log_uniform(-8, 0)), ("[-20, 88.7]", uniform(-20, 88.72))],
    "log": [("(0, max] log-uniform", log_uniform(-45, 38.5, False)),
            ("[0.5, 2]", uniform(0.5, 2))],
    "log2": [("(0, max] log-uniform", log_uniform(-45, 38.5, False)),
             ("[0.5, 2]", uniform(0.5, 2))],
    "log10": [("(0, max] log-uniform", log_uniform(-45, 38.5, False)),
              ("[0.5, 2]", uniform(0.5, 2))],
    "log1p": [("±[1e-8, 1]", log_uniform(-8, 0)), ("[1, max] log-uniform",
              log_uniform(0, 38.5, False))],
    "sin": [("[-1e3, 1e3]", uniform(-1e3, 1e3)), ("±[1e-8, 1]", log_uniform(-8, 0)),
            ("near k pi/2, ±(0, 100)", near_half_pi(1, 63)),
            ("near k pi/2, ±[100, 2^23]", near_half_pi(64, 5.3e6)),
            ("closest to k pi/2, ±(0, 2^23)", closest_to_half_pi),
            ("±[1e3, 2^23]", log_uniform(3, 6.92)),
            ("±[2^23, max]", log_uniform(6.93, 38.5))],
    "cos": [("[-1e3, 1e3]", uniform(-1e3, 1e3)), ("±[1e-8, 1]", log_uniform(-8, 0)),
            ("near k pi/2, ±(0, 100)", near_half_pi(1, 63)),
            ("near k pi/2, ±[100, 2^23]", near_half_pi(64, 5.3e6)),
            ("closest to k pi/2, ±(0, 2^23)", closest_to_half_pi),
            ("±[1e3, 2^23]", log_uniform(3, 6.92)),
            ("±[2^23, max]", log_uniform(6.93, 38.5))],
    "tan": [("[-1e3, 1e3]", uniform(-1e3, 1e3)), ("±[1e-8, 1]", log_uniform(-8, 0)),
            ("near k pi/2, ±(0, 2^23)", near_half_pi(1, 5.3e6)),
            ("±[1e3, max]", log_uniform(3, 38.5))],
    "sinh": [("[-89, 89]", uniform(-89, 89)), ("±[1e-8, 1]", log_uniform(-8, 0))],
    "cosh": [("[-89, 89]", uniform(-89, 89)), ("±[1e-8, 1]", log_uniform(-8, 0))],
    "tanh": [("[-10, 10]", uniform(-10, 10)), ("±[1e-8, 1]", log_uniform(-8, 0))],
    "asin": [("[-1, 1]", uniform(-1, 1)), ("±[1e-8, 1e-2]", log_uniform(-8, -2))],
    "acos": [("[-1, 1]", uniform(-1, 1))],
    "atan": [("±[1e-8, max]", log_uniform(-8, 38.5))],
    "asinh": [("±[1e-8, max]", log_uniform(-8, 38.5))],
    "acosh": [("1 + [1e-8, max]", lambda rng: 1 + log_uniform(-8, 38.5, False)(rng))],
    "atanh": [("(-1, 1)", uniform(-1, 1)), ("±[1e-8, 1e-2]", log_uniform(-8, -2))],
    "sqrt": [("[0, max] log-uniform", log_uniform(-45, 38.5, False))],
    "reciprocal": [("±[1e-37, 1e37]", log_uniform(-37, 37))],
    "divide": [("x1, x2 in ±[1e-18, 1e18]", _pair(log_uniform(-18, 18), log_uniform(-18, 18)))],
    "floor_divide": [("x1, x2 in ±[1e-3, 1e3]", _pair(log_uniform(-3, 3), log_uniform(-3, 3)))],
    "atan2": [("x1, x2 in ±[1e-8, 1e8]", _pair(log_uniform(-8, 8), log_uniform(-8, 8)))],
    "hypot": [("x1, x2 in ±[1e-18, 1e18]", _pair(log_uniform(-18, 18), log_uniform(-18, 18)))],
    "logaddexp": [("x1 in [-100, 100], x2 - x1 in [-20, 20]", near(uniform(-100, 100), 20)),
                  ("x1 in [-3, 3], x2 - x1 in [-1, 1]", near(uniform(-3, 3), 1))],
    "pow": [("x1 in [1e-3, 1e3], x2 in [-12, 12]",
             _pair(log_uniform(-3, 3, False), uniform(-12, 12))),
            ("x1 in [0.5, 2], x2 in [-120, 120]", _pair(uniform(0.5, 2), uniform(-120, 120))),
            ("x1 in [0.5, 0.6], x2 in [128, 150] (subnormal results)",
             _pair(uniform(0.5, 0.6), uniform(128, 150)))],
}  # fmt: skip

# Largest error in ulps allowed: 4, and 1 for the CPU's exp, sin and cos, rounded once from
# float64 (_accurate). Keyed by (function, input range, device kind).
BOUND = 4
BOUNDS: dict[tuple[str, str, str], float] = {
    (f, label, "cpu"): 1 for f in ("exp", "sin", "cos") for label, _ in INPUTS[f]
}


@functools.cache
def _args(name: str, label: str) -> Args:
    """float32 arguments of ``name`` for the input range ``label``: inside the domain, with
    finite float32 results (cached: do not write into them)."""
    ref = ELEMENTWISE[name]
    gen = dict(INPUTS[name])[label]
    rng = np.random.default_rng(zlib.crc32(f"{name} {label}".encode()))
    out = gen(rng)
    args = tuple(
        np.asarray(a).astype(np.float32) for a in (out if isinstance(out, tuple) else (out,))
    )
    ok = np.logical_and.reduce([d.valid(a) for d, a in zip(ref.domain, args)])
    ok &= np.isfinite(_oracle(name, args))
    if name == "logaddexp":
        # Near 0 the result cancels (x1 + log1p(exp(x2 - x1))) in any float32 computation,
        # NumPy's too: measure where the result is at least 0.5 in magnitude.
        ok &= np.abs(_exact(name, args)) >= 0.5
    return tuple(a[ok] for a in args)


def _exact(name: str, args: Args) -> np.ndarray:
    """NumPy's result in float64 (not rounded), beyond float32's range included."""
    with np.errstate(all="ignore"):
        return ELEMENTWISE[name].numpy(*(a.astype(np.float64) for a in args))


def _oracle(name: str, args: Args) -> np.ndarray:
    with np.errstate(all="ignore"):
        return _exact(name, args).astype(np.float32)


def rel_error(got: np.ndarray, exact: np.ndarray) -> float:
    """Largest relative error against the unrounded result, where float32 holds it as a
    normal number (subnormal results have fewer significant bits)."""
    fin = (np.abs(exact) >= np.finfo(np.float32).tiny) & np.isfinite(got)
    with np.errstate(all="ignore"):
        err = np.abs(got[fin].astype(np.float64) - exact[fin]) / np.abs(exact[fin])
    bad = np.isfinite(exact) & ~np.isfinite(got)
    return math.inf if bad.any() else float(np.max(err, initial=0.0))


CASES = [(n, label) for n in NAMES for label, _ in INPUTS.get(n, [])]


def test_every_inexact_function_is_measured():
    assert set(INPUTS) == set(NAMES)
    assert {(n, label) for n, label, _ in BOUNDS} <= set(CASES)


@pytest.mark.parametrize(("name", "label"), CASES, ids=[f"{n}-{lbl}" for n, lbl in CASES])
def test_float32_ulps(name, label, device):
    args = _args(name, label)
    assert len(args[0]) > N // 4, "the input range lies mostly outside the domain"
    got = np.asarray(ELEMENTWISE[name].function(*(xp.asarray(a, device=device) for a in args)))
    assert got.dtype == np.float32
    err = ulp_error(got, _oracle(name, args))
    assert err <= BOUNDS.get((name, label, device.kind), BOUND), f"{name} on {label}: {err} ulps"


def test_exp_thresholds(device):
    # The float32 neighbours of exp's overflow threshold (88.7228), of its smallest normal
    # result (-87.3365) and of its smallest subnormal one (-103.972), and special values.
    edges = np.array(
        [88.72283, 88.722839, -87.33654, -87.33655, -103.97207, -103.97208], np.float32
    )
    x = np.concatenate(
        [
            edges,
            np.nextafter(edges, np.float32(np.inf)),
            np.nextafter(edges, np.float32(-np.inf)),
            np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-30, -1e-30], np.float32),
        ]
    )
    got = np.asarray(xp.exp(xp.asarray(x, device=device)))
    assert ulp_error(got, _oracle("exp", (x,))) <= 1


def _columns(name: str, args: Args, devices) -> list[np.ndarray | None]:
    """The results of MLX's kernel (None where MLX has none) and of this namespace on each
    device, then of NumPy's float32 function."""
    mx_fn = getattr(mx, _MLX_NAME.get(name, name), None)
    cols: list[np.ndarray | None] = []
    for d in devices:
        raw = None if mx_fn is None else mx_fn(*(mx.array(a) for a in args), stream=d._mx)
        cols.append(None if raw is None else np.asarray(raw))
        cols.append(
            np.asarray(ELEMENTWISE[name].function(*(xp.asarray(a, device=d) for a in args)))
        )
    with np.errstate(all="ignore"):
        cols.append(ELEMENTWISE[name].numpy(*args))
    return cols


def table(devices) -> str:
    """The markdown table of docs/design.md §3: per function, the largest error in ulps (and
    the largest relative error) over all its input ranges, of each column of ``_columns``."""
    head = ["function", "inputs"]
    for d in devices:
        head += [f"MLX, {d.kind}", f"array_api_mlx, {d.kind}"]
    head.append("NumPy float32")
    rows = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for name in NAMES:
        worst: list[tuple[float, float] | None] = [None] * (2 * len(devices) + 1)
        for label, _ in INPUTS[name]:
            args = _args(name, label)
            ref, exact = _oracle(name, args), _exact(name, args)
            for i, got in enumerate(_columns(name, args, devices)):
                if got is not None:
                    u, e = ulp_error(got, ref), rel_error(got, exact)
                    w = worst[i] or (0.0, 0.0)
                    worst[i] = (max(w[0], u), max(w[1], e))
        cells = ["—" if w is None else f"{w[0]:.0f} ({w[1]:.1e})" for w in worst]
        labels = "; ".join(label for label, _ in INPUTS[name])
        rows.append("| " + " | ".join([f"`{name}`", labels, *cells]) + " |")
    return "\n".join(rows).replace("inf (inf)", "inf")


if __name__ == "__main__":
    print(table(xp.__array_namespace_info__().devices()))
