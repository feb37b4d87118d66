"""Command line, tables and JSON of ``python -m bench``."""

from __future__ import annotations

import argparse
import json
import statistics
import sys

SECTIONS = ("dispatch", "throughput", "workloads")
QUICK = {"size": 2**20, "matmul_n": 256, "samples": 5_000, "features": 20, "iters": 5,
         "repeats": 3, "target": 0.005, "workload_repeats": 1}  # fmt: skip
FULL = {"size": 2**24, "matmul_n": 2048, "samples": 100_000, "features": 100, "iters": 10,
        "repeats": 7, "target": 0.02, "workload_repeats": 3}  # fmt: skip


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--quick", action="store_true",
                   help="small sizes and few repeats (a smoke run of a minute or so)")
    p.add_argument("--json", metavar="PATH", help="write the results as JSON to PATH")
    p.add_argument("--device", choices=("cpu", "gpu"),
                   help="device for dispatch and throughput (default: the default device); "
                        "workloads run on every device present unless this is given")
    p.add_argument("--only", metavar="SECTIONS", default=",".join(SECTIONS),
                   help=f"comma-separated sections to run, of {', '.join(SECTIONS)}")
    p.add_argument("--runs", type=int, default=1,
                   help="repeat dispatch and throughput this many times and report the "
                        "median ratio (for noisy, shared machines)")
    p.add_argument("--sizes", default="1,1000", help="dispatch sizes (comma-separated)")
    p.add_argument("--size", type=int, help="throughput array size (default 2**24)")
    p.add_argument("--matmul-n", type=int, help="throughput matmul side (default 2048)")
    p.add_argument("--samples", type=int, help="workload rows (default 100000)")
    p.add_argument("--features", type=int, help="workload columns (default 100)")
    p.add_argument("--iters", type=int, help="k-means iterations (default 10)")
    p.add_argument("--repeats", type=int, help="timed rounds per case (default 7)")
    p.add_argument("--target", type=float,
                   help="seconds per timed batch of calls (default 0.02; --quick 0.005)")
    args = p.parse_args(argv)
    preset = QUICK if args.quick else FULL
    for key, value in preset.items():
        if getattr(args, key, None) is None:
            setattr(args, key, value)
    args.sections = [s.strip() for s in args.only.split(",") if s.strip()]
    bad = [s for s in args.sections if s not in SECTIONS]
    if bad:
        p.error(f"unknown section(s) {bad}; choose from {SECTIONS}")
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.runs < 1:
        p.error("--runs must be at least 1")
    return args


def _devices(args):
    import array_api_mlx as xp

    present = xp.__array_namespace_info__().devices()
    if args.device is None:
        return xp.__array_namespace_info__().default_device(), present
    if args.device == "gpu" and not xp.gpu:
        raise SystemExit("--device gpu: MLX has no GPU on this machine")
    dev = xp.cpu if args.device == "cpu" else xp.gpu
    return dev, [dev]


def _median_rows(runs: list[list[dict]], keys: tuple[str, ...], ratio_keys: tuple[str, ...]):
    """Merge repeated runs: per row, median of the per-run minimum times and ratios."""
    merged = []
    for rows in zip(*runs):
        row = dict(rows[0])
        times = {}
        for impl, t in rows[0]["times"].items():
            if "error" in t:
                times[impl] = t
                continue
            mins = [r["times"][impl]["min"] for r in rows if "min" in r["times"][impl]]
            times[impl] = {"min": statistics.median(mins), "runs": mins}
        row["times"] = times
        for rk in ratio_keys:
            vals = [r[rk] for r in rows if r.get(rk) is not None]
            row[rk] = statistics.median(vals) if vals else None
            row[rk + "_runs"] = vals
        merged.append(row)
    return merged


def run(args) -> dict:
    from . import _machine

    device, workload_devices = _devices(args)
    results = {
        "machine": _machine.describe(),
        "device": f"{device.kind}",
        "options": {
            "quick": args.quick, "runs": args.runs, "sizes": args.sizes, "size": args.size,
            "matmul_n": args.matmul_n, "samples": args.samples, "features": args.features,
            "iters": args.iters, "repeats": args.repeats,
        },
    }
    if "dispatch" in args.sections:
        from . import dispatch

        runs = [dispatch.run(device, sizes=args.sizes, repeats=args.repeats,
                             target=args.target) for _ in range(args.runs)]
        results["dispatch"] = _median_rows(runs, ("times",), ("ratio", "ratio_eval"))
    if "throughput" in args.sections:
        from . import throughput

        runs = [throughput.run(device, size=args.size, matmul_n=args.matmul_n,
                               repeats=max(args.repeats // 2, 2), target=args.target * 2)
                for _ in range(args.runs)]
        results["throughput"] = _median_rows(runs, ("times",), ("ratio",))
    if "workloads" in args.sections:
        from . import workloads

        results["workloads"] = workloads.run(
            workload_devices, n_samples=args.samples, n_features=args.features,
            iters=args.iters, repeats=args.workload_repeats,
        )
    results["targets"] = targets(results)
    return results


def targets(results: dict) -> list[dict]:
    """Each target with the worst measured ratio and whether it holds."""
    out = []
    groups: dict[tuple, list] = {}
    for row in results.get("dispatch", []):
        for rk, mode in (("ratio", "dispatch (no eval)"), ("ratio_eval", "with mx.eval")):
            groups.setdefault((row["group"], mode, row["target"]), []).append(
                (row[rk], f"{row['case']}[{row['size']}]")
            )
    for row in results.get("throughput", []):
        groups.setdefault(("large arrays", "with mx.eval", row["target"]), []).append(
            (row["ratio"], f"{row['case']}[{row['size']}]")
        )
    for (group, mode, limit), vals in groups.items():
        known = [(r, c) for r, c in vals if r is not None]
        worst = max(known) if known else (None, None)
        out.append({
            "group": group, "mode": mode, "limit": limit, "worst": worst[0],
            "worst_case": worst[1], "ok": bool(known) and worst[0] <= limit,
        })
    return out


# --- tables -----------------------------------------------------------------------------
def _us(t: dict | None) -> str:
    if not t:
        return "-"
    if "error" in t:
        return "error"
    return f"{t['min'] * 1e6:.2f}"


def _ms(t: dict | None) -> str:
    if not t:
        return "-"
    if "error" in t:
        return "error"
    return f"{t['min'] * 1e3:.1f}"


def _x(r) -> str:
    return "-" if r is None else f"{r:.2f}x"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(header)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), sep, *(line(r) for r in rows)])


def format_results(results: dict) -> str:
    m = results["machine"]
    parts = [
        f"Machine: {m['cpu']} ({m['cpu_count']} CPUs)"
        + (f", GPU: {m['gpu']}" if m["gpu"] else ", no GPU"),
        f"Device: {results['device']}; {m['date']}; Python {m['python']}, "
        + ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v),
        f"Runs: {results['options']['runs']} (ratios are the median over runs; times the "
        "median of each run's best)",
    ]
    if "dispatch" in results:
        rows = results["dispatch"]
        others = [k for k in ("numpy", "strict", "torch", "torch_cuda")
                  if rows and k in rows[0]["times"]]
        header = ["case", "size", "mlx", "mlx(stream=)", "ours", "ratio", "mlx+eval",
                  "ours+eval", "ratio", *others]
        body = [[r["case"], str(r["size"]), _us(r["times"]["mlx"]),
                 _us(r["times"].get("mlx_stream")), _us(r["times"]["ours"]),
                 _x(r["ratio"]), _us(r["times"]["mlx_eval"]), _us(r["times"]["ours_eval"]),
                 _x(r["ratio_eval"]), *(_us(r["times"].get(k)) for k in others)]
                for r in rows]
        parts += ["", "## Dispatch (µs per call, best of repeats)", "", _table(header, body)]
        errors = {(r["case"], k): t["error"] for r in rows for k, t in r["times"].items()
                  if "error" in t}
        parts += [f"- {c} / {k}: {e}" for (c, k), e in errors.items()]
    if "throughput" in results:
        rows = results["throughput"]
        body = [[r["case"], "x".join(map(str, r["shape"])), _ms(r["times"]["mlx"]),
                 _ms(r["times"]["ours"]), _x(r["ratio"])] for r in rows]
        parts += ["", "## Throughput (ms per call, evaluated)", "",
                  _table(["case", "shape", "mlx", "ours", "ratio"], body)]
    if "workloads" in results:
        rows = results["workloads"]
        keys = sorted({k for r in rows for k in r["times"]} - {"numpy"})
        header = ["workload", "shape", "numpy (ms)", *(f"{k} (ms)" for k in keys),
                  *(f"speedup {k}" for k in keys)]
        body = [[r["workload"], "x".join(map(str, r["shape"])), _ms(r["times"].get("numpy")),
                 *(_ms(r["times"].get(k)) for k in keys),
                 *(_x(r["speedup"].get(k)) for k in keys)] for r in rows]
        parts += ["", "## Workloads (fit + predict/transform, ms)", "", _table(header, body)]
        for r in rows:
            for k, t in r["times"].items():
                if "error" in t:
                    parts.append(f"- {r['workload']} / {k}: {t['error']}")
            for k, ok in r["agrees"].items():
                if ok is False:
                    parts.append(f"- {r['workload']} / {k}: result differs from NumPy's")
    if results.get("targets"):
        body = [[t["group"], t["mode"], f"<= {t['limit']:.2f}x", _x(t["worst"]),
                 t["worst_case"] or "-", "yes" if t["ok"] else "NO"] for t in results["targets"]]
        parts += ["", "## Targets (ours / raw mlx.core)", "",
                  _table(["group", "mode", "target", "worst", "worst case", "met"], body)]
    return "\n".join(parts)


def main(argv=None) -> int:
    args = parse_args(argv)
    from ._machine import limit_gpu_memory

    limit_gpu_memory()
    results = run(args)
    print(format_results(results))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, default=str)
        print(f"\nwrote {args.json}", file=sys.stderr)
    return 0
