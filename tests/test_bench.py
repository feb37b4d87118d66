"""The benchmark harness runs end to end in its quickest mode and writes valid JSON.

No timing is asserted: only that every section produces its rows and keys.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TINY = ["--quick", "--sizes", "1", "--size", "4096", "--matmul-n", "8", "--samples", "120",
        "--features", "4", "--iters", "2", "--repeats", "2", "--target", "0.0005"]  # fmt: skip


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "results.json"
    env = dict(os.environ, SCIPY_ARRAY_API="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-m", "bench", *TINY, "--json", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(out.read_text()), proc.stdout


def test_json_sections(results):
    data, _ = results
    assert {"machine", "device", "options", "dispatch", "throughput", "workloads",
            "targets"} <= data.keys()
    assert data["machine"]["cpu"]
    assert data["options"]["quick"] is True


def test_dispatch_rows(results):
    from bench.dispatch import CASES

    rows = results[0]["dispatch"]
    assert sorted(r["case"] for r in rows) == sorted(CASES)
    for r in rows:
        assert r["size"] == 1
        assert {"mlx", "ours", "mlx_eval", "ours_eval", "numpy"} <= r["times"].keys()
        for impl in ("mlx", "ours", "mlx_eval", "ours_eval"):
            assert r["times"][impl]["min"] >= 0, (r["case"], impl, r["times"][impl])
        assert r["ratio"] is None or r["ratio"] >= 0


def test_throughput_rows(results):
    from bench.throughput import CASES

    rows = results[0]["throughput"]
    assert [r["case"] for r in rows] == list(CASES)
    for r in rows:
        assert {"mlx", "ours"} <= r["times"].keys()
        assert r["shape"] == ([8, 8] if r["case"] == "matmul" else [4096])


def test_workload_rows(results):
    from bench.workloads import ESTIMATORS

    rows = results[0]["workloads"]
    assert [r["workload"] for r in rows][: len(ESTIMATORS)] == list(ESTIMATORS)
    assert rows[-1]["workload"].startswith("k-means")
    for r in rows:
        assert r["shape"] == [120, 4]
        assert "numpy" in r["times"]
        # each timing is a time or a reported error, never missing
        for t in r["times"].values():
            assert ("min" in t) != ("error" in t)
    # the k-means loop is pure array API code: it must run on our namespace
    assert "min" in rows[-1]["times"]["ours_cpu"]
    assert rows[-1]["agrees"]["ours_cpu"] is True


def test_targets_and_table(results):
    data, stdout = results
    groups = {t["group"] for t in data["targets"]}
    assert {"binary", "reduction", "indexing", "creation", "large arrays"} <= groups
    assert "## Dispatch" in stdout and "## Throughput" in stdout and "## Workloads" in stdout


def test_unknown_section_is_an_error():
    from bench.cli import parse_args

    with pytest.raises(SystemExit):
        parse_args(["--only", "nonsense"])


def test_profile_splits_the_time():
    """``python -m bench.profile``: each workload's wall time splits into our layer, MLX
    evaluation, NumPy and the caller, the namespace functions used are listed, and
    the wrappers are removed afterwards."""
    env = dict(os.environ, SCIPY_ARRAY_API="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    code = (
        "import json, array_api_mlx as xp\n"
        "from bench.profile import profile_workloads\n"
        "before = xp.Array.__matmul__, xp.sum\n"
        "r = profile_workloads(xp.cpu, n_samples=300, n_features=6)\n"
        "assert (xp.Array.__matmul__, xp.sum) == before\n"
        "print(json.dumps(r))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(proc.stdout)
    assert list(results)[:3] == ["PCA", "LinearDiscriminantAnalysis", "Ridge"]
    for name, r in results.items():
        parts = r["our_layer_s"] + r["mlx_eval_s"] + r["numpy_s"] + r["caller_s"]
        assert abs(parts - r["wall_s"]) < 1e-6 and r["mlx_eval_s"] > 0, name
        assert r["top"] and all(t["calls"] >= 1 for t in r["top"]), name
        assert all(t["function"].startswith(("xp.", "Array.")) for t in r["top"]), name
    kmeans = results[list(results)[-1]]
    assert "Array.__matmul__" in {t["function"] for t in kmeans["top"]}


def test_complex128_bench_rows():
    from bench import complex128

    result = complex128.run(fft_sizes=(64,), sizes=(1, 8), repeats=1, target=0.0005)
    assert [r["size"] for r in result["fft"]] == [64]
    assert [(r["case"], r["size"]) for r in result["elementwise"]] == [
        ("multiply", 1), ("exp", 1), ("multiply", 8), ("exp", 8)
    ]
    for r in result["fft"] + result["elementwise"]:
        assert r["times"]["ours"]["min"] >= 0 and r["ratio"] is not None
        assert r["ratio_asarray"] is not None
    assert "| fft float64" in complex128.table(result)
