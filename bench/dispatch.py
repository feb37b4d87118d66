"""Dispatch overhead: small operations in raw ``mlx.core``, ``array_api_mlx`` and other
array API namespaces.

MLX is lazy, so each MLX case is timed twice: without evaluation (pure dispatch: building
the graph node, which is all the Python layer adds to) and followed by ``mx.eval`` (what a
user waits for). NumPy, ``array_api_strict`` and PyTorch are eager.
"""

from __future__ import annotations

import numpy as np

from ._timer import compare

# name -> (group, target ratio ours/raw MLX); the groups are the rows of the targets table.
# Every small operation's target is 1.5x; ``asarray`` of a Python list is exempt (the
# standard's dtype inference reads every element) and keeps its own row.
CASES = {
    "add": ("binary", 1.5),
    "add_fn": ("binary", 1.5),
    "add_scalar": ("binary", 1.5),
    "scalar_multiply": ("binary", 1.5),
    "multiply": ("binary", 1.5),
    "less": ("binary", 1.5),
    "sqrt": ("unary", 1.5),
    "exp": ("unary", 1.5),
    "sum": ("reduction", 1.5),
    "mean": ("reduction", 1.5),
    "max": ("reduction", 1.5),
    "getitem_int": ("indexing", 1.5),
    "getitem_slice": ("indexing", 1.5),
    "getitem_intarray": ("indexing", 1.5),
    "asarray_list": ("creation from a list (exempt)", 2.5),
    "asarray_numpy": ("creation", 1.5),
    "reshape": ("manipulation", 1.5),
    "permute_dims": ("manipulation", 1.5),
    "matmul": ("linalg", 1.5),
}


def make_data(n: int, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    r = 10 if n % 10 == 0 else 1
    return {
        "x": rng.standard_normal(n).astype(np.float32),
        "y": rng.standard_normal(n).astype(np.float32),
        "pos": rng.uniform(0.5, 2.0, n).astype(np.float32),
        "k": n // 2,
        "slice": slice(0, max(n // 2, 1)),
        "idx": rng.integers(0, n, max(n // 10, 1)).astype(np.int64),
        "list": rng.standard_normal(n).tolist(),
        "shape": (r, n // r),
        "A": rng.standard_normal((r, n // r)).astype(np.float32),
        "B": rng.standard_normal((n // r, r)).astype(np.float32),
    }


def mlx_cases(data: dict, device) -> dict:
    """Raw ``mlx.core`` equivalents (run on MLX's default device, set by the caller)."""
    import mlx.core as mx

    x, y, pos = mx.array(data["x"]), mx.array(data["y"]), mx.array(data["pos"])
    idx = mx.array(data["idx"])
    A, B = mx.array(data["A"]), mx.array(data["B"])
    mx.eval(x, y, pos, idx, A, B)
    k, s, shape, lst, npa = data["k"], data["slice"], data["shape"], data["list"], data["x"]
    return {
        "add": lambda: x + y,
        "add_fn": lambda: mx.add(x, y),
        "add_scalar": lambda: x + 2.0,
        "scalar_multiply": lambda: 2.0 * x,
        "multiply": lambda: x * y,
        "less": lambda: x < y,
        "sqrt": lambda: mx.sqrt(pos),
        "exp": lambda: mx.exp(x),
        "sum": lambda: mx.sum(x),
        "mean": lambda: mx.mean(x),
        "max": lambda: mx.max(x),
        "getitem_int": lambda: x[k],
        "getitem_slice": lambda: x[s],
        "getitem_intarray": lambda: x[idx],
        "asarray_list": lambda: mx.array(lst),
        "asarray_numpy": lambda: mx.array(npa),
        "reshape": lambda: mx.reshape(x, shape),
        "permute_dims": lambda: mx.transpose(A, (1, 0)),
        "matmul": lambda: A @ B,
    }


def mlx_stream_cases(data: dict, device) -> dict:
    """Raw ``mlx.core`` with the explicit ``stream=`` that device-correct code passes (as
    ``array_api_mlx`` does); indexing and ``mx.array`` take no stream."""
    import mlx.core as mx

    raw = mlx_cases(data, device)
    x, y, pos = mx.array(data["x"]), mx.array(data["y"]), mx.array(data["pos"])
    A, B = mx.array(data["A"]), mx.array(data["B"])
    mx.eval(x, y, pos, A, B)
    s, shape = device._mx, data["shape"]
    raw.update({
        "add": lambda: mx.add(x, y, stream=s),
        "add_fn": lambda: mx.add(x, y, stream=s),
        "add_scalar": lambda: mx.add(x, 2.0, stream=s),
        "scalar_multiply": lambda: mx.multiply(2.0, x, stream=s),
        "multiply": lambda: mx.multiply(x, y, stream=s),
        "less": lambda: mx.less(x, y, stream=s),
        "sqrt": lambda: mx.sqrt(pos, stream=s),
        "exp": lambda: mx.exp(x, stream=s),
        "sum": lambda: mx.sum(x, stream=s),
        "mean": lambda: mx.mean(x, stream=s),
        "max": lambda: mx.max(x, stream=s),
        "reshape": lambda: mx.reshape(x, shape, stream=s),
        "permute_dims": lambda: mx.transpose(A, (1, 0), stream=s),
        "matmul": lambda: mx.matmul(A, B, stream=s),
    })
    return raw


def api_cases(xp, data: dict, device=None, *, list_device=None, numpy_device=None) -> dict:
    """The same operations written against an array API namespace ``xp``.

    ``device`` places the operands; ``list_device`` / ``numpy_device`` are passed to
    ``asarray`` of a list / NumPy array only when the data would not land there anyway.
    """
    kw = {} if device is None else {"device": device}
    x, y = xp.asarray(data["x"], **kw), xp.asarray(data["y"], **kw)
    pos = xp.asarray(data["pos"], **kw)
    idx = xp.asarray(data["idx"], **kw)
    A, B = xp.asarray(data["A"], **kw), xp.asarray(data["B"], **kw)
    k, s, shape, lst, npa = data["k"], data["slice"], data["shape"], data["list"], data["x"]
    lkw = {} if list_device is None else {"device": list_device}
    nkw = {} if numpy_device is None else {"device": numpy_device}
    return {
        "add": lambda: x + y,
        "add_fn": lambda: xp.add(x, y),
        "add_scalar": lambda: x + 2.0,
        "scalar_multiply": lambda: 2.0 * x,
        "multiply": lambda: x * y,
        "less": lambda: x < y,
        "sqrt": lambda: xp.sqrt(pos),
        "exp": lambda: xp.exp(x),
        "sum": lambda: xp.sum(x),
        "mean": lambda: xp.mean(x),
        "max": lambda: xp.max(x),
        "getitem_int": lambda: x[k],
        "getitem_slice": lambda: x[s],
        "getitem_intarray": lambda: x[idx],
        "asarray_list": lambda: xp.asarray(lst, **lkw),
        "asarray_numpy": lambda: xp.asarray(npa, **nkw),
        "reshape": lambda: xp.reshape(x, shape),
        "permute_dims": lambda: xp.permute_dims(A, (1, 0)),
        "matmul": lambda: A @ B,
    }


def other_namespaces() -> dict:
    """The eager namespaces compared against: NumPy, array_api_strict, torch if present."""
    out = {"numpy": np}
    try:
        import array_api_strict

        out["strict"] = array_api_strict
    except ImportError:
        pass
    try:
        import torch  # noqa: F401
        from array_api_compat import torch as xtorch

        out["torch"] = xtorch
    except ImportError:
        pass
    return out


def run(device, *, sizes=(1, 1000), repeats: int = 7, target: float = 0.02,
        cases=None) -> list[dict]:
    """One row per (case, size) with per-call seconds of each implementation."""
    import mlx.core as mx

    import array_api_mlx as xp

    cases = list(CASES) if cases is None else list(cases)
    default = xp.__array_namespace_info__().default_device()
    list_device = None if device is default else device
    numpy_device = None if device is xp.cpu else device
    others = other_namespaces()
    rows = []
    old = mx.default_device()
    mx.set_default_device(device._mx.device)
    try:
        for n in sizes:
            data = make_data(n)
            raw = mlx_cases(data, device)
            raw_stream = mlx_stream_cases(data, device)
            ours = api_cases(xp, data, device, list_device=list_device,
                             numpy_device=numpy_device)
            eager = {name: api_cases(ns, data) for name, ns in others.items()}
            if "torch" in others and _torch_cuda():
                import torch

                # CUDA launches are asynchronous: like "ours" without eval, this is dispatch.
                eager["torch_cuda"] = api_cases(others["torch"], data, torch.device("cuda"))
            for case in cases:
                fns = {
                    "mlx": raw[case],
                    "mlx_stream": raw_stream[case],
                    "ours": ours[case],
                    "mlx_eval": _evaluated(mx.eval, raw[case]),
                    "ours_eval": _evaluated(xp.eval, ours[case]),
                }
                fns.update({name: c[case] for name, c in eager.items()})
                times = compare(fns, repeats=repeats, target=target)
                rows.append({
                    "case": case,
                    "group": CASES[case][0],
                    "target": CASES[case][1],
                    "size": n,
                    "times": times,
                    "ratio": _ratio(times, "ours", "mlx"),
                    "ratio_eval": _ratio(times, "ours_eval", "mlx_eval"),
                })
    finally:
        mx.set_default_device(old)
    return rows


def _torch_cuda() -> bool:
    try:
        import torch

        return torch.cuda.is_available()
    except ImportError:
        return False


def _evaluated(eval_fn, fn):
    def f():
        eval_fn(fn())

    return f


def _ratio(times: dict, num: str, den: str) -> float | None:
    a, b = times.get(num, {}), times.get(den, {})
    if "min" not in a or "min" not in b or b["min"] <= 0:
        return None
    return a["min"] / b["min"]
