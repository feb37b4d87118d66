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
    """``bench.profile``: each workload's profiled run splits into our layer, MLX
    evaluation, host round trips and the caller, with the evaluations and host crossings
    counted per namespace function; every wrapper is removed afterwards."""
    env = dict(os.environ, SCIPY_ARRAY_API="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    code = (
        "import json, numpy as np, array_api_mlx as xp\n"
        "from array_api_mlx import _host, _indexing, _threads, linalg\n"
        "from bench.profile import profile_workloads, torch_peer\n"
        "before = (xp.Array.__matmul__, xp.sum, _indexing.evaluate, linalg.to_numpy,\n"
        "          linalg._on_host, np.linalg.svd, np.flatnonzero)\n"
        "r = profile_workloads(xp.cpu, n_samples=300, n_features=12, k=3, iters=2, repeats=1)\n"
        "assert (xp.Array.__matmul__, xp.sum, _indexing.evaluate, linalg.to_numpy,\n"
        "        linalg._on_host, np.linalg.svd, np.flatnonzero) == before\n"
        "assert _indexing.evaluate is _threads.evaluate and linalg.to_numpy is _host.to_numpy\n"
        "print(json.dumps({'torch': torch_peer() is not None, 'results': r}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout)
    results = out["results"]
    assert list(results) == ["PCA", "LinearDiscriminantAnalysis", "Ridge",
                             "k-means (k=3, 2 iterations)"]  # fmt: skip
    for name, r in results.items():
        assert "min" in r["ours"], (name, r["ours"])
        assert ("torch" in r) == out["torch"]
        p = r["profile"]
        parts = p["our_layer_s"] + p["mlx_eval_s"] + p["host_s"] + p["caller_s"]
        assert abs(parts - p["wall_s"]) < 1e-6 and p["mlx_eval_s"] > 0, name
        assert p["evaluations"] >= 1 and p["top"], name  # at least the final result's
        assert all(t["function"].startswith(("xp.", "Array.")) for t in p["top"]), name
        assert sum(t["evaluations"] for t in p["top"]) <= p["evaluations"], name
    lda = {t["function"]: t for t in results["LinearDiscriminantAnalysis"]["profile"]["top"]}
    assert lda["Array.__getitem__"]["evaluations"] >= 10  # a mask per class, twice
    kmeans = results["k-means (k=3, 2 iterations)"]["profile"]
    # operators are counted as themselves (which ones rank in the top 10 depends on speed)
    assert any(t["function"].startswith("Array.__") for t in kmeans["top"])
    # the loop has no data-dependent step: its one evaluation is the final result's
    assert kmeans["evaluations"] == 1 and kmeans["host_reads"] == 0


def test_profile_command(tmp_path):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-m", "bench.profile", "--device", "cpu", "--workloads", "LDA,k-means",
         "--samples", "300", "--features", "6", "--k", "3", "--iters", "2", "--repeats", "1",
         "--json", str(tmp_path / "p.json")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert list(json.loads((tmp_path / "p.json").read_text())) == [
        "LinearDiscriminantAnalysis", "k-means (k=3, 2 iterations)"]  # fmt: skip
    assert "evaluations" in proc.stdout and "host" in proc.stdout and "caller" in proc.stdout
    bad = subprocess.run([sys.executable, "-m", "bench.profile", "--workloads", "SVM"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert bad.returncode != 0 and "unknown workload" in bad.stderr


def test_first_call_covers_the_namespace():
    """``bench.first_call`` has a case for every public function of the chapters the
    conformance suite exercises (a new function cannot be left out of the table)."""
    import importlib

    from bench.first_call import CASES

    modules = [importlib.import_module(f"array_api_mlx.{m}") for m in (
        "_creation", "_data_type_functions", "_elementwise", "_indexing_functions",
        "_linalg_functions", "_manipulation", "_searching", "_set", "_sorting",
        "_statistical", "_utility", "linalg", "fft")]  # fmt: skip
    public = {n for m in modules for n in m.__all__ if callable(getattr(m, n))
              and not isinstance(getattr(m, n), type)}  # fmt: skip
    covered = {c.name.split()[0] for c in CASES}
    assert public - covered == set()
    assert {"x[mask]", "x[index", "x[int,"} <= covered


def test_first_call_table(tmp_path):
    """``python -m bench.first_call`` times each case's first and second call in a fresh
    process and lists the worst first calls."""
    from bench.first_call import CASES

    import array_api_mlx as xp

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-m", "bench.first_call", "--device", "cpu", "--dtypes",
         "float32,bool", "--worst", "4", "--json", str(tmp_path / "rows.json")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "worst 4 first calls:" in proc.stdout and "total over" in proc.stdout
    data = json.loads((tmp_path / "rows.json").read_text())
    assert data["device"] == str(xp.cpu) and data["dtypes"] == ["float32", "bool"]
    expected = [(c.name, d) for c in CASES for d, k in (("float32", "f"), ("bool", "b"))
                if k in c.kinds]  # fmt: skip
    assert [(r["case"], r["dtype"]) for r in data["rows"]] == expected
    for r in data["rows"]:
        assert "error" not in r, r
        assert r["first_s"] > 0 and r["second_s"] > 0


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
