"""Developer sessions: tests, lint, conformance, bench, docs, fuzz."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint"]
ROOT = Path(__file__).parent
BACKEND = "cpu" if sys.platform.startswith("linux") else ""


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
def conformance(session):
    """Run data-apis/array-api-tests (location in ARRAY_API_TESTS_DIR) against us."""
    suite = os.environ.get("ARRAY_API_TESTS_DIR")
    if not suite:
        session.error("set ARRAY_API_TESTS_DIR to a checkout of data-apis/array-api-tests")
    _install(session, "conformance")
    session.run("python", str(ROOT / "conformance" / "run.py"), suite, *session.posargs)


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
