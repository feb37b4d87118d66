"""What a user meets before the code: the import error without a usable MLX, the command
line of ``python -m array_api_mlx``, and one version everywhere.

The import errors are provoked in a subprocess that imports this same package with MLX made
unimportable: either absent (``sys.modules["mlx"] = None``) or present without a backend (a
stand-in ``mlx`` package whose ``mlx.core`` raises the loader's error, as ``pip install mlx``
without ``mlx[cpu]`` does on Linux).
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import array_api_mlx as xp
from array_api_mlx.__main__ import main

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
# The directory holding the array_api_mlx under test (src/ of a checkout, or site-packages).
PACKAGE_PARENT = str(Path(xp.__file__).resolve().parents[1])
LOADER_ERROR = "libmlx.so: cannot open shared object file: No such file or directory"


def _run(code: str, *path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([*map(str, path), PACKAGE_PARENT]))
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True, text=True, env=env, timeout=120, cwd=ROOT,
    )  # fmt: skip


@pytest.fixture
def mlx_without_backend(tmp_path):
    """A path entry with an ``mlx`` package whose ``mlx.core`` fails as on Linux without a
    backend package."""
    (tmp_path / "mlx").mkdir()
    (tmp_path / "mlx" / "__init__.py").write_text("")
    (tmp_path / "mlx" / "core.py").write_text(f"raise ImportError({LOADER_ERROR!r})\n")
    return tmp_path


# The fix each platform's message must name, and what it must not suggest there.
FIXES = {
    "linux": (['pip install "array-api-mlx[cpu]"', '"array-api-mlx[cuda]"'], []),
    "darwin": (["pip install array-api-mlx"], ["[cpu]", "[cuda]"]),
    "win32": (["install MLX", "supports Linux and macOS"], ["[cpu]", "[cuda]"]),
}


@pytest.mark.parametrize("platform", sorted(FIXES))
def test_import_without_a_backend_names_the_fix_for_the_platform(platform, mlx_without_backend):
    result = _run(
        f"""
        import json, sys
        sys.platform = {platform!r}  # only the message depends on it
        try:
            import array_api_mlx
        except ImportError as e:
            print(json.dumps([str(e), type(e.__cause__).__name__, str(e.__cause__)]))
        """,
        mlx_without_backend,
    )
    assert result.returncode == 0, result.stderr
    message, cause_type, cause = json.loads(result.stdout)
    assert (cause_type, cause) == ("ImportError", LOADER_ERROR)
    assert LOADER_ERROR in message and f"({platform})" in message
    needed, wrong = FIXES[platform]
    for text in needed:
        assert text in message
    for text in wrong:
        assert text not in message


def test_import_without_mlx_raises_importerror_chained_to_the_original():
    result = _run("import sys; sys.modules['mlx'] = None; import array_api_mlx")
    assert result.returncode == 1
    err = result.stderr
    assert "ModuleNotFoundError: " in err and "mlx" in err.split("ModuleNotFoundError: ")[1]
    assert "The above exception was the direct cause of the following exception" in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("ImportError: array_api_mlx needs MLX with a backend")
    for text in FIXES.get(sys.platform, FIXES["win32"])[0]:
        assert text in last


def test_help_prints_usage_and_does_not_run_the_demo():
    result = subprocess.run(
        [sys.executable, "-m", "array_api_mlx", "--help"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=PACKAGE_PARENT),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: python -m array_api_mlx [-h] [--version]")
    assert "--version" in result.stdout
    assert "devices:" not in result.stdout and "placement" not in result.stdout


def test_version_option_and_unknown_options(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"array_api_mlx {xp.__version__}\n"
    with pytest.raises(SystemExit) as exc:
        main(["--device", "gpu"])
    assert exc.value.code == 2
    assert "unrecognized arguments: --device gpu" in capsys.readouterr().err


def test_demo_reports_versions_and_every_device(capsys):
    main([])
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        f"array_api_mlx {xp.__version__}  (array API standard {xp.__array_api_version__})"
    )
    info = xp.__array_namespace_info__()
    assert f"default device: {info.default_device()!r}" in out
    for d in info.devices():
        assert f"  {d!r}\n" in out
    # NumPy data lands on the CPU, an explicit device= where it says.
    assert re.search(r"xp\.asarray\(numpy_array\) +-> Device\('cpu', 0\), float64", out)


def test_version_is_declared_once():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    source = ROOT / project["tool"]["hatch"]["version"]["path"]
    assert source == ROOT / "src" / "array_api_mlx" / "__init__.py"
    declared = re.findall(r'^__version__ = "([^"]+)"$', source.read_text(), flags=re.M)
    assert declared == [xp.__version__]


def test_installed_metadata_matches_the_package():
    """The distribution's metadata (the wheel's, or an editable install's) carries the
    package's own version; a stale editable install fails here until reinstalled."""
    try:
        installed = importlib.metadata.version("array-api-mlx")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("array-api-mlx is not installed: the tests import it from a source tree")
    assert installed == xp.__version__


def test_package_is_typed():
    assert importlib.resources.files("array_api_mlx").joinpath("py.typed").is_file()
