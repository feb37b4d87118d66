"""Developer sessions: tests, lint, typecheck, docs, build, wheel_smoke, conformance,
sklearn_suite, bench, fuzz. The CI workflows under .github/workflows/ call these sessions and
nothing else."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint"]
ROOT = Path(__file__).parent
LINUX = sys.platform.startswith("linux")
BACKEND = "cpu" if LINUX else ""
# The subset of the suite that wheel_smoke runs against the installed wheel.
SMOKE_TESTS = [
    "tests/test_packaging.py",
    "tests/test_names.py",
    "tests/test_creation.py",
    "tests/test_devices.py",
    "tests/test_array_object.py",
    "tests/test_data_type_functions.py",
]


def _install(session, *extras):
    extras = ",".join(e for e in (BACKEND, *extras) if e)
    session.install("-e", f".[{extras}]" if extras else ".")


@nox.session
def tests(session):
    _install(session, "test")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def lint(session):
    session.install("ruff")
    session.run("ruff", "check", "src", "tests", "bench", "conformance", "docs", "noxfile.py")


@nox.session
def typecheck(session):
    """mypy under the configuration in pyproject.toml ([tool.mypy]: strict, on src/)."""
    _install(session, "dev")
    session.run("mypy", *session.posargs)


@nox.session
def conformance(session):
    """Run data-apis/array-api-tests (location in ARRAY_API_TESTS_DIR) against us."""
    suite = os.environ.get("ARRAY_API_TESTS_DIR")
    if not suite:
        session.error("set ARRAY_API_TESTS_DIR to a checkout of data-apis/array-api-tests")
    _install(session, "conformance")
    session.run("python", str(ROOT / "conformance" / "run.py"), suite, *session.posargs)


@nox.session
def sklearn_suite(session):
    """scikit-learn's own array API tests on us and on array-api-strict, summarised side by
    side in conformance/sklearn/RESULTS.md. Not run in CI: a report to read, not a gate
    (about 5 minutes on two cores)."""
    _install(session, "test")
    session.run("python", str(ROOT / "conformance" / "sklearn" / "run.py"), *session.posargs)


@nox.session
def bench(session):
    _install(session, "bench")
    session.run("python", "-m", "bench", *session.posargs)


@nox.session
def fuzz(session):
    """The property-based tests with 10x the CI examples."""
    _install(session, "test")
    session.run("python", "-m", "pytest", "tests", "--hypothesis-profile=fuzz", *session.posargs)


@nox.session
def docs(session):
    _install(session, "docs", "test")
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")


@nox.session
def build(session):
    """The sdist and the wheel into dist/, checked by ``twine check --strict``."""
    session.install("build", "twine>=7")  # twine 7 reads Metadata-Version 2.5 (hatchling 1.32+)
    shutil.rmtree(ROOT / "dist", ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", "dist")
    session.run("twine", "check", "--strict", *map(str, (ROOT / "dist").glob("*")))


@nox.session(venv_backend="venv")
def wheel_smoke(session):
    """The wheel alone in a fresh venv: the demo and a smoke subset of the tests.

    No system site packages and nothing of the checkout on sys.path. On Linux it first checks
    that a bare install, then one with mlx but no backend, fail with the ImportError naming
    the extra."""
    session.env["PYTHONPATH"] = None  # a developer's PYTHONPATH=src would hide the wheel
    tmp = Path(session.create_tmp()).resolve()
    outdir = tmp / "wheel"
    shutil.rmtree(outdir, ignore_errors=True)
    session.install("build")
    session.run("python", "-m", "build", "--wheel", "--outdir", str(outdir))
    (wheel,) = outdir.glob("array_api_mlx-*.whl")
    session.run("python", "-m", "pip", "uninstall", "-y", "build")
    session.chdir(tmp)  # nothing of the checkout on sys.path from here on
    if LINUX:
        # A bare install has no MLX backend on Linux: the import must name the extra.
        session.install(str(wheel))
        _expect_install_error(session)
        session.install("mlx")  # MLX without a backend package: the loader fails
        _expect_install_error(session)
    session.install(f"{wheel}[{BACKEND},test]" if BACKEND else f"{wheel}[test]")
    session.run(
        "python", "-c",
        "import pathlib, sysconfig, array_api_mlx as xp; "
        "site = pathlib.Path(sysconfig.get_paths()['purelib']).resolve(); "
        "assert site in pathlib.Path(xp.__file__).resolve().parents, xp.__file__; "
        "print('imported from', xp.__file__)",
    )  # fmt: skip
    session.run("python", "-m", "array_api_mlx")
    session.chdir(ROOT)  # the tests themselves come from the checkout; the package does not
    session.run(
        "python", "-m", "pytest", "-p", "no:cacheprovider", "-q", *SMOKE_TESTS, *session.posargs
    )  # fmt: skip


def _expect_install_error(session):
    out = session.run(
        "python", "-c",
        "import array_api_mlx\n"
        "raise SystemExit('array_api_mlx imported without an MLX backend')",
        success_codes=[1], silent=True,
    )  # fmt: skip
    last = out.strip().splitlines()[-1]
    if not (last.startswith("ImportError:") and 'pip install "array-api-mlx[cpu]"' in last):
        session.error(f"the import error does not name the extra:\n{out}")
    session.log(last)
