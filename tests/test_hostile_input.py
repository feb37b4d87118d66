"""Hostile input: every public function, called with the wrong types, ranks, sizes,
indices, axes, devices and dtypes, raises one of the spec's exception types with our own
message at call time -- never an MLX RuntimeError, C++ ``std::`` text, a pybind signature
dump, a deferred error at evaluation, or a crash. The cases live in ``hostile_catalogue``."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import mlx.core as mx
import numpy as np
import pytest

import array_api_mlx as xp

from . import hostile_catalogue as hc
from .virtual_device import VIRTUAL_CPU

# Text that betrays an error we did not translate.
_FOREIGN = ("std::", "incompatible function arguments", "Integer value ", "[malloc]")

# Crashed the interpreter before it was fixed: kept in a subprocess
# (test_rfftfreq_huge_n_does_not_crash) so a regression cannot take the suite down.
CRASHES = {"fft.rfftfreq[n=big]"}


def _evaluate(result):
    if type(result) is xp.Array:
        mx.eval(result._array)
    elif isinstance(result, tuple):
        for r in result:
            _evaluate(r)


def check_case(case) -> str | None:
    """Run one case; return a description of what went wrong, or None."""
    try:
        result = case.fn(*case.args, **case.kwargs)
    except Exception as e:  # noqa: BLE001 - classifying every exception is the point
        msg = str(e)
        if not isinstance(e, hc.ALLOWED) or type(e).__module__.startswith(("numpy", "mlx")):
            return f"{type(e).__module__}.{type(e).__name__}: {msg[:120]}"
        if case.raises is not None and not isinstance(e, case.raises):
            return f"expected {case.raises.__name__}, got {type(e).__name__}: {msg[:120]}"
        if any(f in msg for f in _FOREIGN):
            return f"untranslated message: {type(e).__name__}: {msg[:120]}"
        if not msg:
            return f"{type(e).__name__} without a message"
        return None
    try:
        _evaluate(result)
    except Exception as e:  # noqa: BLE001
        return f"error deferred to evaluation: {type(e).__name__}: {str(e)[:120]}"
    if case.raises is not None:
        return f"expected {case.raises.__name__}, but the call succeeded"
    return None


def _by_function(device, other_device):
    groups: dict[str, list] = {}
    for case in hc.cases(device, other_device):
        groups.setdefault(case.id.split("[")[0], []).append(case)
    return groups


FUNCTIONS = sorted(set(hc.public_functions()) - hc.NOT_CATALOGUED)


def test_catalogue_covers_every_public_function(device):
    """A function added to the namespace must be added to the catalogue too."""
    missing = set(FUNCTIONS) - set(hc.baseline(device))
    assert not missing, f"no baseline call in hostile_catalogue for {sorted(missing)}"


def test_baseline_calls_succeed(device):
    for fn, args, kwargs in hc.baseline(device).values():
        _evaluate(fn(*args, **kwargs))


@pytest.mark.parametrize("name", FUNCTIONS)
def test_hostile_cases(name, device, other_device):
    cases = _by_function(device, other_device).get(name, [])
    assert cases, f"no hostile cases for {name}"
    failures = []
    for case in cases:
        if case.id in CRASHES:
            continue
        problem = check_case(case)
        if problem:
            failures.append(f"{case.id}: {problem}")
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures)


def test_rfftfreq_huge_n_does_not_crash():
    """fft.rfftfreq(2**31 + 5) crashed the interpreter (segfault in MLX)."""
    fn = "rfftfreq"
    code = textwrap.dedent(
        f"""
        import array_api_mlx as xp
        try:
            xp.fft.{fn}(2**31 + 5)
        except (ValueError, OverflowError, MemoryError) as e:
            print("raised", type(e).__name__)
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"exit status {proc.returncode}: {proc.stderr[-300:]}"
    assert "raised" in proc.stdout


def test_case_count():
    """The catalogue is systematic: thousands of cases over every public function."""

    n = len(hc.cases(xp.cpu, VIRTUAL_CPU))
    assert n >= 3000, n


# --- regression tests for the bugs this catalogue found (values checked against NumPy) ---
def test_regression_int_scalar_beyond_64_bits_with_float_array(device):
    """``x + 2**70`` with a float array raised RuntimeError std::bad_cast."""
    x = xp.asarray([1.0, -2.0], device=device)
    for got, want in (
        (x + 2**70, np.asarray([1.0, -2.0], np.float32) + np.float32(2.0**70)),
        (xp.multiply(-(2**70), x), np.float32(-(2.0**70)) * np.asarray([1.0, -2.0], np.float32)),
        (xp.clip(x, max=2**70), np.asarray([1.0, -2.0], np.float32)),
        (xp.full_like(x, 2**70), np.full(2, 2.0**70, np.float32)),
    ):
        assert got.dtype == xp.float32
        np.testing.assert_array_equal(np.asarray(got), want)
    with pytest.raises(OverflowError):
        x + 10**400


def test_regression_tril_triu_huge_k(device):
    """tril/triu with |k| beyond int32 raised MLX's signature error (TypeError)."""
    a = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    x = xp.asarray(a, device=device)
    for k in (2**31 + 5, 2**70, -(2**70), 2**40):
        np.testing.assert_array_equal(
            np.asarray(xp.tril(x, k=k)), np.tril(a, k=max(-10, min(k, 10)))
        )
        np.testing.assert_array_equal(
            np.asarray(xp.triu(x, k=k)), np.triu(a, k=max(-10, min(k, 10)))
        )


def test_regression_sizes_beyond_int32(device):
    """Shapes above MLX's int32 dimension limit raised MLX's OverflowError text (ones) or
    signature error (eye), or tried to allocate 16 GiB (linspace): now ValueError."""
    for fn in (
        lambda: xp.ones((2**62,), device=device),
        lambda: xp.zeros((2**31 + 5,), device=device),
        lambda: xp.full((2, 2**31), 1, device=device),
        lambda: xp.eye(2**31 + 5, device=device),
        lambda: xp.eye(3, 2**70, device=device),
        lambda: xp.linspace(0.0, 1.0, 2**31 + 5, device=device),
    ):
        with pytest.raises(ValueError, match="MLX"):
            fn()


def test_regression_arange_linspace_bounds(device):
    """arange with an infinite bound raised Python's OverflowError text, with a step beyond
    int32 MLX's signature error; linspace with an int bound beyond 64 bits a NumPy
    UFuncTypeError."""
    with pytest.raises(ValueError, match="finite"):
        xp.arange(0, float("inf"), device=device)
    with pytest.raises(ValueError, match="finite"):
        xp.arange(0.0, 1.0, float("-inf"), device=device)
    for args in ((0, 10, 2**70), (5, 3, 2**70), (0, 10, -(2**70)), (3, 4, 2**40)):
        np.testing.assert_array_equal(np.asarray(xp.arange(*args, device=device)), np.arange(*args))
    got = xp.linspace(2**70, 1, 3, device=device)
    np.testing.assert_allclose(
        np.asarray(got), np.linspace(2.0**70, 1.0, 3).astype(np.float32), rtol=1e-6
    )
