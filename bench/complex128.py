"""complex128 beside NumPy, in one run: what computing it on the host costs (design §14).

``python -m bench.complex128 [--fft-sizes N ...] [--sizes N ...] [--json PATH]``

Two cases, each timed in interleaved rounds (``bench._timer.compare``), per call:

- **fft**: ``fft.fft`` of float64 data (a complex128 result) at ``--fft-sizes`` points.
- **elementwise**: ``multiply`` of two complex128 arrays and ``exp`` of one, at
  ``--sizes`` elements.

Columns: ``numpy``, NumPy's call; ``ours``, our call, whose complex128 result is computed
on the host and copied into MLX memory before the call returns (nothing is left to
evaluate); ``ours+asarray``, the same followed by ``np.asarray`` of the result (the copy
that ``__array__`` makes for every dtype), what a caller who goes back to NumPy pays;
``ours c64``, the same operation on complex64 data, which MLX computes, with ``xp.eval``
(elementwise only), for scale. Ratios are ours / NumPy from the same run.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from ._timer import compare

FFT_SIZES = (2**10, 2**16, 2**20)
SIZES = (1, 10**3, 10**6)


def _complex(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.standard_normal(n) + 1j * rng.standard_normal(n)


def _ratio(times: dict, a: str, b: str) -> float | None:
    ta, tb = times[a].get("min"), times[b].get("min")
    return ta / tb if ta is not None and tb else None


def _fft_case(xp, a: np.ndarray) -> dict:
    x = xp.asarray(a, device=xp.cpu)
    return {
        "numpy": lambda: np.fft.fft(a),
        "ours": lambda: xp.fft.fft(x),
        "ours+asarray": lambda: np.asarray(xp.fft.fft(x)),
    }


def _elementwise_case(xp, name: str, a: np.ndarray, b: np.ndarray) -> dict:
    x, y = xp.asarray(a, device=xp.cpu), xp.asarray(b, device=xp.cpu)
    x64, y64 = xp.astype(x, xp.complex64), xp.astype(y, xp.complex64)
    xp.eval(x64, y64)
    if name == "multiply":
        return {
            "numpy": lambda: np.multiply(a, b),
            "ours": lambda: xp.multiply(x, y),
            "ours+asarray": lambda: np.asarray(xp.multiply(x, y)),
            "ours c64": lambda: xp.eval(xp.multiply(x64, y64)),
        }
    return {
        "numpy": lambda: np.exp(a),
        "ours": lambda: xp.exp(x),
        "ours+asarray": lambda: np.asarray(xp.exp(x)),
        "ours c64": lambda: xp.eval(xp.exp(x64)),
    }


def _row(case: str, n: int, times: dict) -> dict:
    return {
        "case": case,
        "size": n,
        "times": times,
        "ratio": _ratio(times, "ours", "numpy"),
        "ratio_asarray": _ratio(times, "ours+asarray", "numpy"),
    }


def run(*, fft_sizes=FFT_SIZES, sizes=SIZES, repeats: int = 7, target: float = 0.02) -> dict:
    """``{"fft": rows, "elementwise": rows}``, each row with per-call seconds of each
    implementation and the ratios to NumPy. Our results are checked against NumPy's
    first."""
    import array_api_mlx as xp

    rng = np.random.default_rng(0)
    fft_rows = []
    for n in fft_sizes:
        fns = _fft_case(xp, rng.standard_normal(n))
        got, want = np.asarray(fns["ours"]()), fns["numpy"]()
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12 * n)
        fft_rows.append(_row("fft float64", n, compare(fns, repeats=repeats, target=target)))
    ew_rows = []
    for n in sizes:
        a, b = _complex(rng, n), _complex(rng, n)
        for case in ("multiply", "exp"):
            fns = _elementwise_case(xp, case, a, b)
            assert np.array_equal(np.asarray(fns["ours"]()), fns["numpy"](), equal_nan=True), case
            ew_rows.append(_row(case, n, compare(fns, repeats=repeats, target=target)))
    return {"fft": fft_rows, "elementwise": ew_rows}


def _us(t: dict | None) -> str:
    if t is None:
        return "-"
    return f"{t['min'] * 1e6:.2f}" if "min" in t else t.get("error", "?")


def _x(r: float | None) -> str:
    return "-" if r is None else f"{r:.2f}x"


def table(result: dict) -> str:
    """The results as a Markdown table (µs per call, best of the rounds)."""
    lines = [
        "| case                | size    | numpy     | ours      | ratio  "
        "| ours+asarray | ratio  | ours c64 (MLX) |",
        "|---------------------|---------|-----------|-----------|--------"
        "|--------------|--------|----------------|",
    ]
    for r in result["fft"] + result["elementwise"]:
        t = r["times"]
        name = r["case"] if r["case"].startswith("fft") else f"{r['case']} complex128"
        lines.append(
            f"| {name:19s} | {r['size']:<7d} | {_us(t['numpy']):>9s} | {_us(t['ours']):>9s} "
            f"| {_x(r['ratio']):>6s} | {_us(t['ours+asarray']):>12s} "
            f"| {_x(r['ratio_asarray']):>6s} | {_us(t.get('ours c64')):>14s} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.complex128", description=__doc__)
    p.add_argument("--fft-sizes", type=int, nargs="+", default=list(FFT_SIZES))
    p.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    p.add_argument("--repeats", type=int, default=7, help="timed rounds per case")
    p.add_argument("--target", type=float, default=0.02, help="seconds per timed batch")
    p.add_argument("--json", metavar="PATH", help="write the times as JSON to PATH")
    args = p.parse_args(argv)
    from . import _machine

    result = run(
        fft_sizes=args.fft_sizes, sizes=args.sizes, repeats=args.repeats, target=args.target
    )
    print("complex128 beside NumPy, µs per call (best of rounds)")
    print(table(result))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                {"machine": _machine.describe(), "options": vars(args), **result}, f, indent=1
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
