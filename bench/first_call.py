"""First-call latency per operation: what a fresh process pays the first time.

``python -m bench.first_call [--device cpu|gpu] [--dtypes float32,int64,bool|all]
[--groups elementwise,...] [--worst N] [--json PATH]`` calls every case of ``CASES`` (or of
the chosen groups) twice, in this fresh process, on
small arrays, evaluating the result each time: the first call pays what a process pays
once per operation and dtype (MLX compiling or loading its kernels, the first use of a
code path of this layer), the second what every later call costs. It prints the table,
the total, and the worst first calls.

This is what the conformance suite's hypothesis deadline meets in each fresh worker: an
example whose first call exceeds the deadline fails as a deadline or "unreliable timing"
error, although its second call is fast. Cases run in table order in one process, as a
worker runs many tests: a kernel compiled by an earlier case (a cast, a copy) is already
there for the later ones. The process's start (import, the device's first array and first
kernel) is measured before the table and reported apart. A second run of the command shows
what persists between processes (compiled kernels kept on disk, where a backend keeps them).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

# Kinds of dtype a case applies to, as in ``DType.kind``: "b" bool, "i" signed and "u"
# unsigned integer, "f" real floating, "c" complex floating.
ALL = "biufc"
NUMERIC = "iufc"
REAL = "iuf"
FLOATING = "fc"
INTEGER = "iu"


class Case(NamedTuple):
    group: str
    name: str
    kinds: str  # the dtype kinds the case runs for
    call: Callable[[Any, dict], Any]  # (xp, inputs) -> the result


def _unary(name: str, kinds: str) -> Case:
    return Case("elementwise", name, kinds, lambda xp, i: getattr(xp, name)(i["a"]))


def _binary(name: str, kinds: str) -> Case:
    return Case("elementwise", name, kinds, lambda xp, i: getattr(xp, name)(i["a"], i["b"]))


def _setitem(key: Callable[[Any, dict], Any]) -> Callable[[Any, dict], Any]:
    def call(xp, i):
        y = xp.asarray(i["a"], copy=True)
        y[key(xp, i)] = i["a"][0, 0]
        return y

    return call


# Every elementwise function of the standard, with the dtype kinds it accepts.
_ELEMENTWISE = [
    *(_unary(n, FLOATING) for n in (
        "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "exp", "expm1",
        "log", "log1p", "log2", "log10", "reciprocal", "sin", "sinh", "sqrt", "tan", "tanh")),
    *(_unary(n, NUMERIC) for n in (
        "abs", "conj", "imag", "isfinite", "isinf", "isnan", "negative", "positive", "real",
        "round", "sign", "square")),
    *(_unary(n, REAL) for n in ("ceil", "floor", "trunc")),
    _unary("signbit", "f"),
    _unary("bitwise_invert", "biu"),
    _unary("logical_not", "b"),
    *(_binary(n, NUMERIC) for n in ("add", "divide", "multiply", "pow", "subtract")),
    *(_binary(n, REAL) for n in (
        "floor_divide", "greater", "greater_equal", "less", "less_equal", "maximum",
        "minimum", "remainder")),
    *(_binary(n, "f") for n in ("atan2", "copysign", "hypot", "logaddexp", "nextafter")),
    *(_binary(n, ALL) for n in ("equal", "not_equal")),
    *(_binary(n, "biu") for n in ("bitwise_and", "bitwise_or", "bitwise_xor")),
    *(_binary(n, INTEGER) for n in ("bitwise_left_shift", "bitwise_right_shift")),
    *(_binary(n, "b") for n in ("logical_and", "logical_or", "logical_xor")),
    Case("elementwise", "clip", REAL, lambda xp, i: xp.clip(i["a"], i["b"][0, 0], i["a"][1, 1])),
]  # fmt: skip

CASES: list[Case] = [
    # creation
    Case("creation", "arange", "if", lambda xp, i: xp.arange(0, 6, 1, dtype=i["dtype"])),
    Case("creation", "asarray (list)", ALL, lambda xp, i: xp.asarray(i["list"], dtype=i["dtype"])),
    Case("creation", "asarray (NumPy)", ALL, lambda xp, i: xp.asarray(i["np"])),
    Case("creation", "empty", ALL, lambda xp, i: xp.empty((3, 4), dtype=i["dtype"])),
    Case("creation", "empty_like", ALL, lambda xp, i: xp.empty_like(i["a"])),
    Case("creation", "eye", ALL, lambda xp, i: xp.eye(3, 4, k=1, dtype=i["dtype"])),
    Case("creation", "from_dlpack", ALL, lambda xp, i: xp.from_dlpack(i["np"])),
    Case("creation", "full", ALL, lambda xp, i: xp.full((3, 4), i["scalar"], dtype=i["dtype"])),
    Case("creation", "full_like", ALL, lambda xp, i: xp.full_like(i["a"], i["scalar"])),
    Case("creation", "linspace", FLOATING, lambda xp, i: xp.linspace(0, 1, 7, dtype=i["dtype"])),
    Case("creation", "meshgrid", ALL, lambda xp, i: xp.meshgrid(i["v"], i["v"])),
    Case("creation", "ones", ALL, lambda xp, i: xp.ones((3, 4), dtype=i["dtype"])),
    Case("creation", "ones_like", ALL, lambda xp, i: xp.ones_like(i["a"])),
    Case("creation", "tril", ALL, lambda xp, i: xp.tril(i["a"], k=1)),
    Case("creation", "triu", ALL, lambda xp, i: xp.triu(i["a"])),
    Case("creation", "zeros", ALL, lambda xp, i: xp.zeros((3, 4), dtype=i["dtype"])),
    Case("creation", "zeros_like", ALL, lambda xp, i: xp.zeros_like(i["a"])),
    # data types
    Case("data-types", "astype", ALL, lambda xp, i: xp.astype(i["a"], i["cast_to"])),
    Case("data-types", "result_type", ALL, lambda xp, i: xp.result_type(i["a"], i["b"])),
    Case("data-types", "can_cast", ALL, lambda xp, i: xp.can_cast(i["a"], xp.float32)),
    Case("data-types", "isdtype", ALL, lambda xp, i: xp.isdtype(i["dtype"], "numeric")),
    Case("data-types", "finfo", FLOATING, lambda xp, i: xp.finfo(i["dtype"])),
    Case("data-types", "iinfo", INTEGER, lambda xp, i: xp.iinfo(i["dtype"])),
    *_ELEMENTWISE,
    # reductions and statistics
    *(Case("reductions", n, REAL, lambda xp, i, n=n: getattr(xp, n)(i["a"], axis=0))
      for n in ("max", "min", "argmax", "argmin")),
    *(Case("reductions", n, NUMERIC, lambda xp, i, n=n: getattr(xp, n)(i["a"], axis=1))
      for n in ("sum", "prod", "cumulative_sum", "cumulative_prod")),
    *(Case("reductions", n, "f", lambda xp, i, n=n: getattr(xp, n)(i["a"], axis=0))
      for n in ("mean", "std", "var")),
    Case("reductions", "sum (all axes)", NUMERIC, lambda xp, i: xp.sum(i["a"])),
    *(Case("reductions", n, ALL, lambda xp, i, n=n: getattr(xp, n)(i["a"], axis=1))
      for n in ("all", "any", "count_nonzero")),
    Case("reductions", "diff", NUMERIC, lambda xp, i: xp.diff(i["a"], axis=1)),
    # manipulation
    Case("manipulation", "broadcast_arrays", ALL, lambda xp, i: xp.broadcast_arrays(i["a"], i["v"])),
    Case("manipulation", "broadcast_shapes", ALL, lambda xp, i: xp.broadcast_shapes((3, 1), (4,))),
    Case("manipulation", "broadcast_to", ALL, lambda xp, i: xp.broadcast_to(i["v"], (3, 4))),
    Case("manipulation", "concat", ALL, lambda xp, i: xp.concat([i["a"], i["b"]], axis=0)),
    Case("manipulation", "expand_dims", ALL, lambda xp, i: xp.expand_dims(i["a"], axis=1)),
    Case("manipulation", "flip", ALL, lambda xp, i: xp.flip(i["a"], axis=1)),
    Case("manipulation", "moveaxis", ALL, lambda xp, i: xp.moveaxis(i["a"], 0, 1)),
    Case("manipulation", "permute_dims", ALL, lambda xp, i: xp.permute_dims(i["a"], (1, 0))),
    Case("manipulation", "repeat", ALL, lambda xp, i: xp.repeat(i["a"], 2, axis=0)),
    Case("manipulation", "reshape", ALL, lambda xp, i: xp.reshape(i["a"], (4, 3))),
    Case("manipulation", "roll", ALL, lambda xp, i: xp.roll(i["a"], 1, axis=1)),
    Case("manipulation", "squeeze", ALL, lambda xp, i: xp.squeeze(i["a"][None], axis=0)),
    Case("manipulation", "stack", ALL, lambda xp, i: xp.stack([i["a"], i["b"]])),
    Case("manipulation", "tile", ALL, lambda xp, i: xp.tile(i["a"], (2, 1))),
    Case("manipulation", "unstack", ALL, lambda xp, i: xp.unstack(i["a"])),
    # indexing
    Case("indexing", "x[int, slice]", ALL, lambda xp, i: i["a"][1, 1:3]),
    Case("indexing", "x[index array]", ALL, lambda xp, i: i["a"][i["idx"]]),
    Case("indexing", "x[mask]", ALL, lambda xp, i: i["a"][i["mask"]]),
    Case("indexing", "x[...] = v (slice)", ALL, _setitem(lambda xp, i: (slice(None), 1))),
    Case("indexing", "x[...] = v (index array)", ALL, _setitem(lambda xp, i: i["idx"])),
    Case("indexing", "x[...] = v (mask)", ALL, _setitem(lambda xp, i: i["mask"])),
    Case("indexing", "take", ALL, lambda xp, i: xp.take(i["a"], i["idx"], axis=0)),
    Case("indexing", "take_along_axis", ALL,
         lambda xp, i: xp.take_along_axis(i["a"], xp.zeros_like(i["a"], dtype=xp.int64), axis=1)),
    # searching, sorting, sets
    Case("searching", "nonzero", ALL, lambda xp, i: xp.nonzero(i["a"])),
    Case("searching", "where", ALL, lambda xp, i: xp.where(i["mask2"], i["a"], i["b"])),
    Case("searching", "searchsorted", REAL, lambda xp, i: xp.searchsorted(xp.sort(i["v"]), i["v"])),
    Case("sorting", "sort", REAL, lambda xp, i: xp.sort(i["a"], axis=1)),
    Case("sorting", "argsort", REAL, lambda xp, i: xp.argsort(i["a"], axis=1)),
    Case("sets", "isin", REAL, lambda xp, i: xp.isin(i["a"], i["b"])),
    *(Case("sets", n, ALL, lambda xp, i, n=n: getattr(xp, n)(i["a"]))
      for n in ("unique_all", "unique_counts", "unique_inverse", "unique_values")),
    # products and linalg
    Case("linalg", "matmul", NUMERIC, lambda xp, i: xp.matmul(i["a"], xp.matrix_transpose(i["b"]))),
    Case("linalg", "matrix_transpose", ALL, lambda xp, i: xp.matrix_transpose(i["a"])),
    Case("linalg", "tensordot", NUMERIC, lambda xp, i: xp.tensordot(i["a"], i["b"], axes=2)),
    Case("linalg", "vecdot", NUMERIC, lambda xp, i: xp.vecdot(i["a"], i["b"])),
    *(Case("linalg", n, FLOATING, lambda xp, i, n=n: getattr(xp.linalg, n)(i["spd"]))
      for n in ("cholesky", "det", "eigh", "eigvalsh", "inv", "slogdet", "matrix_rank", "pinv")),
    *(Case("linalg", n, FLOATING, lambda xp, i, n=n: getattr(xp.linalg, n)(i["a"]))
      for n in ("qr", "svd", "svdvals", "matrix_norm", "vector_norm")),
    Case("linalg", "eig", "f", lambda xp, i: xp.linalg.eig(i["spd"])),
    Case("linalg", "eigvals", "f", lambda xp, i: xp.linalg.eigvals(i["spd"])),
    Case("linalg", "solve", FLOATING, lambda xp, i: xp.linalg.solve(i["spd"], i["v3"])),
    Case("linalg", "cross", NUMERIC, lambda xp, i: xp.linalg.cross(i["v3"], i["v3"][::-1])),
    Case("linalg", "outer", NUMERIC, lambda xp, i: xp.linalg.outer(i["v"], i["v"])),
    Case("linalg", "diagonal", ALL, lambda xp, i: xp.linalg.diagonal(i["a"])),
    Case("linalg", "trace", NUMERIC, lambda xp, i: xp.linalg.trace(i["a"])),
    Case("linalg", "matrix_power", FLOATING, lambda xp, i: xp.linalg.matrix_power(i["spd"], 3)),
    # fft
    *(Case("fft", n, "c", lambda xp, i, n=n: getattr(xp.fft, n)(i["signal"]))
      for n in ("fft", "ifft", "fftn", "ifftn", "hfft", "irfft", "irfftn")),
    *(Case("fft", n, "f", lambda xp, i, n=n: getattr(xp.fft, n)(i["signal"]))
      for n in ("rfft", "rfftn", "ihfft")),
    *(Case("fft", n, FLOATING, lambda xp, i, n=n: getattr(xp.fft, n)(i["signal"]))
      for n in ("fftshift", "ifftshift")),
    Case("fft", "fftfreq", "f", lambda xp, i: xp.fft.fftfreq(8, dtype=i["dtype"])),
    Case("fft", "rfftfreq", "f", lambda xp, i: xp.fft.rfftfreq(8, dtype=i["dtype"])),
]  # fmt: skip


GROUPS = tuple(dict.fromkeys(c.group for c in CASES))


def _inputs(xp, dtype, device) -> dict:
    """Small inputs of ``dtype`` on ``device``, made from NumPy data (a copy, no kernel)."""
    base = np.array([[1, 2, 3, 4], [5, 6, 7, 1], [2, 3, 1, 2]])
    kind = dtype.kind
    if kind == "b":
        a, b = base % 2 == 0, base % 3 == 0
    elif kind in "iu":
        a, b = base, base[::-1] % 3 + 1
    else:
        a, b = base / 8.0, base[::-1] / 9.0 + 0.05
        if kind == "c":
            a, b = a + 0.25j, b - 0.5j
    nd = np.dtype(dtype._np) if hasattr(dtype, "_np") else None

    def arr(n):
        n = np.asarray(n)
        return xp.asarray(n.astype(nd) if nd is not None else n, dtype=dtype, device=device)

    spd = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]])
    idx = xp.asarray(np.array([2, 0, 1]), device=device)
    inputs = {
        "dtype": dtype, "a": arr(a), "b": arr(b), "v": arr(a[0]), "v3": arr(a[0, :3]),
        "spd": arr(spd + (0.1j * np.triu(spd, 1) - 0.1j * np.tril(spd, -1) if kind == "c"
                          else 0)),
        "signal": arr(np.concatenate([a[0], b[0]])),
        "idx": idx, "mask": xp.asarray(base[:, 0] > 1, device=device),
        "mask2": xp.asarray(base > 2, device=device), "list": a.tolist(),
        "np": np.asarray(a).astype(nd) if nd is not None else np.asarray(a),
        "scalar": a.flat[1].item(), "cast_to": xp.complex64 if kind == "c" else xp.float32,
    }  # fmt: skip
    _evaluate(xp, list(inputs.values()))
    return inputs


def _evaluate(xp, out) -> None:
    items = out if isinstance(out, (tuple, list)) else (out,)
    arrays = [a for a in items if isinstance(a, xp.Array)]
    if arrays:
        xp.eval(*arrays)


def _once(xp, case: Case, inputs: dict) -> float:
    """Seconds of one call of ``case``, its result evaluated."""
    t0 = time.perf_counter()
    _evaluate(xp, case.call(xp, inputs))
    return time.perf_counter() - t0


def startup(device_name: str | None) -> tuple[Any, Any, dict]:
    """Import the package and make the device's first array and kernel: (xp, device,
    seconds of each step)."""
    t0 = time.perf_counter()
    import array_api_mlx as xp

    t1 = time.perf_counter()
    if device_name == "gpu" and not xp.gpu:
        raise SystemExit("--device gpu: MLX has no GPU on this machine")
    device = xp.__array_namespace_info__().default_device() if device_name is None else (
        xp.gpu if device_name == "gpu" else xp.cpu
    )
    first = xp.asarray(np.arange(3, dtype=np.uint8), device=device)
    xp.eval(first)
    t2 = time.perf_counter()
    # a kernel no case uses (uint8 addition): the device's kernel machinery starts here
    xp.eval(first + first)
    t3 = time.perf_counter()
    return xp, device, {"import": t1 - t0, "first array": t2 - t1, "first kernel": t3 - t2}


def run(xp, device, dtype_names: list[str], groups: list[str] | None = None) -> list[dict]:
    """One row per case (of ``groups``, default all) and dtype: first and second call
    seconds, or the error."""
    supported = xp.__array_namespace_info__().dtypes(device=device)
    dtypes = [supported[n] for n in dtype_names if n in supported]
    rows = []
    with xp.default_device(device):
        inputs = {d: _inputs(xp, d, device) for d in dtypes}
        for case in CASES:
            if groups is not None and case.group not in groups:
                continue
            for d in dtypes:
                if d.kind not in case.kinds:
                    continue
                i = inputs[d]
                row: dict[str, Any] = {"group": case.group, "case": case.name, "dtype": d.name}
                try:
                    row["first_s"] = _once(xp, case, i)
                    row["second_s"] = _once(xp, case, i)
                except Exception as e:  # reported in the table
                    row["error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:100]}"
                rows.append(row)
    return rows


def format_table(rows: list[dict], start: dict, worst: int) -> str:
    ok = [r for r in rows if "first_s" in r]
    lines = [f"{'group':<13}{'case':<28}{'dtype':<11}{'first ms':>10}{'second ms':>11}"]
    for r in rows:
        if "error" in r:
            lines.append(f"{r['group']:<13}{r['case']:<28}{r['dtype']:<11}  {r['error']}")
        else:
            lines.append(f"{r['group']:<13}{r['case']:<28}{r['dtype']:<11}"
                         f"{r['first_s'] * 1e3:>10.2f}{r['second_s'] * 1e3:>11.3f}")  # fmt: skip
    first = sum(r["first_s"] for r in ok)
    second = sum(r["second_s"] for r in ok)
    lines += [
        "",
        "start: " + ", ".join(f"{k} {v * 1e3:.0f} ms" for k, v in start.items()),
        f"total over {len(ok)} cases: first calls {first:.2f} s, second calls {second:.3f} s"
        + (f"; {len(rows) - len(ok)} cases raised" if len(ok) < len(rows) else ""),
    ]
    if ok:
        top = max(r["first_s"] for r in ok)
        over = sum(r["first_s"] > 0.2 for r in ok)
        lines.append(f"slowest first call {top * 1e3:.0f} ms; {over} first calls over 200 ms "
                     "(hypothesis' default deadline)")  # fmt: skip
        lines += ["", f"worst {min(worst, len(ok))} first calls:"]
        for r in sorted(ok, key=lambda r: -r["first_s"])[:worst]:
            lines.append(f"  {r['first_s'] * 1e3:9.2f} ms  (second {r['second_s'] * 1e3:.3f} ms)"
                         f"  {r['group']}: {r['case']} [{r['dtype']}]")  # fmt: skip
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.first_call",
                                description=__doc__.split("\n")[0])  # fmt: skip
    p.add_argument("--device", choices=("cpu", "gpu"), default=None,
                   help="the device (default: the default device)")
    p.add_argument("--dtypes", default="float32,int64,bool",
                   help="comma-separated dtype names, or 'all' for every dtype of the device")
    p.add_argument("--groups", help="comma-separated groups of cases (default: all), of "
                   + ", ".join(GROUPS))
    p.add_argument("--worst", type=int, default=15, help="how many of the slowest to list")
    p.add_argument("--json", metavar="PATH", help="write the rows as JSON to PATH")
    args = p.parse_args(argv)
    groups = None if args.groups is None else [g.strip() for g in args.groups.split(",")]
    if groups is not None and (bad := [g for g in groups if g not in GROUPS]):
        p.error(f"unknown group(s) {bad}; choose from {', '.join(GROUPS)}")
    xp, device, start = startup(args.device)  # first: the process is fresh only once
    names = [n.strip() for n in args.dtypes.split(",") if n.strip()]
    if names == ["all"]:
        names = list(xp.__array_namespace_info__().dtypes(device=device))
    t0 = time.perf_counter()
    rows = run(xp, device, names, groups)
    print(f"device: {device}; dtypes: {', '.join(names)}")
    print(format_table(rows, start, args.worst))
    print(f"run time {time.perf_counter() - t0:.1f} s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"device": str(device), "dtypes": names, "start_s": start, "rows": rows},
                      f, indent=1)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
