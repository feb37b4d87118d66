"""Throughput: large arrays, evaluated, raw MLX against ``array_api_mlx``.

Only operations whose work grows with the data are timed here: slicing and reshaping
return views in MLX (O(1) whatever the size), so on large arrays they would measure
dispatch again, which ``dispatch`` already does.
"""

from __future__ import annotations

import numpy as np

from ._timer import compare

CASES = ("add", "add_scalar", "multiply", "less", "sum", "getitem_intarray",
         "asarray_numpy", "matmul")  # fmt: skip
TARGET = 1.05


def run(device, *, size: int = 2**24, matmul_n: int = 2048, repeats: int = 7,
        target: float = 0.05, cases=None) -> list[dict]:
    import mlx.core as mx

    import array_api_mlx as xp

    cases = list(CASES) if cases is None else list(cases)
    rng = np.random.default_rng(1)
    xn = rng.standard_normal(size, dtype=np.float32)
    yn = rng.standard_normal(size, dtype=np.float32)
    idxn = rng.integers(0, size, max(size // 16, 1))
    An = rng.standard_normal((matmul_n, matmul_n), dtype=np.float32)
    Bn = rng.standard_normal((matmul_n, matmul_n), dtype=np.float32)
    numpy_kw = {} if device is xp.cpu else {"device": device}

    old = mx.default_device()
    mx.set_default_device(device._mx.device)
    try:
        a, b, ia = mx.array(xn), mx.array(yn), mx.array(idxn)
        A, B = mx.array(An), mx.array(Bn)
        mx.eval(a, b, ia, A, B)
        x, y, ix = (xp.asarray(v, device=device) for v in (xn, yn, idxn))
        X, Y = xp.asarray(An, device=device), xp.asarray(Bn, device=device)
        xp.eval(x, y, ix, X, Y)
        raw = {
            "add": lambda: mx.eval(a + b),
            "add_scalar": lambda: mx.eval(a + 2.0),
            "multiply": lambda: mx.eval(a * b),
            "less": lambda: mx.eval(a < b),
            "sum": lambda: mx.eval(mx.sum(a)),
            "getitem_intarray": lambda: mx.eval(a[ia]),
            "asarray_numpy": lambda: mx.eval(mx.array(xn)),
            "matmul": lambda: mx.eval(A @ B),
        }
        ours = {
            "add": lambda: xp.eval(x + y),
            "add_scalar": lambda: xp.eval(x + 2.0),
            "multiply": lambda: xp.eval(x * y),
            "less": lambda: xp.eval(x < y),
            "sum": lambda: xp.eval(xp.sum(x)),
            "getitem_intarray": lambda: xp.eval(x[ix]),
            "asarray_numpy": lambda: xp.eval(xp.asarray(xn, **numpy_kw)),
            "matmul": lambda: xp.eval(X @ Y),
        }
        rows = []
        for case in cases:
            times = compare({"mlx": raw[case], "ours": ours[case]}, repeats=repeats,
                            target=target)
            r = None
            if "min" in times["mlx"] and "min" in times["ours"] and times["mlx"]["min"] > 0:
                r = times["ours"]["min"] / times["mlx"]["min"]
            rows.append({
                "case": case,
                "size": matmul_n * matmul_n if case == "matmul" else size,
                "shape": [matmul_n, matmul_n] if case == "matmul" else [size],
                "times": times,
                "ratio": r,
                "target": TARGET,
            })
    finally:
        mx.set_default_device(old)
    return rows
