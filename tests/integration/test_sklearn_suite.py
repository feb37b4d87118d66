"""The harness of conformance/sklearn/ against the installed scikit-learn: the plugin makes
scikit-learn's own array API tests run on the namespace it names, and the summary matches
a test of one run with the same test of the other."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("sklearn", reason="scikit-learn is not installed")

HERE = Path(__file__).resolve().parents[2] / "conformance" / "sklearn"


def load_run():
    spec = importlib.util.spec_from_file_location("sklearn_suite_run", HERE / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ids_of_both_runs_match():
    run = load_run()
    ours = run.normalise("test_x[42-array_api_mlx-cpu-float32]")
    assert ours == run.normalise("test_x[42-array_api_strict-device1-float32]")
    assert ours != run.normalise("test_x[42-array_api_strict-CPU_DEVICE-float64]")
    mixed = "NamespaceAndDevice(xp='{}', device='{}'),X=NamespaceAndDevice(xp='numpy')"
    assert run.normalise(mixed.format("array_api_mlx", "cpu")) == run.normalise(
        mixed.format("array_api_strict", "CPU_DEVICE")
    )


@pytest.mark.parametrize("namespace", ["array_api_mlx", "array_api_strict"])
def test_plugin_runs_sklearn_tests_on_the_namespace(namespace, tmp_path):
    pytest.importorskip(namespace)
    junit = tmp_path / "junit.xml"
    env = dict(
        os.environ,
        SKLEARN_SUITE_NAMESPACE=namespace,
        SCIPY_ARRAY_API="1",
        PYTHONPATH=os.pathsep.join([str(HERE), *sys.path]),
    )
    cmd = [
        sys.executable, "-m", "pytest", "-c", str(HERE / "pytest.ini"),
        "--pyargs", "sklearn.utils.tests.test_stats", "-p", "namespace_plugin",
        "-p", "no:cacheprovider", "-p", "no:benchmark", "-k", "array_api", "-q",
        "--junitxml", str(junit),
    ]  # fmt: skip
    proc = subprocess.run(cmd, cwd=HERE, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    names = [case.get("name") for case in ET.parse(junit).getroot().iter("testcase")]
    assert names and all(namespace in name for name in names), names
    for dtype in ("float32", "float64"):
        assert any(dtype in name for name in names), names
