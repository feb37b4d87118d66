"""Hypothesis strategies for the property-based tests: hypothesis' own array API strategies
bound to this namespace, placed on the tested device.

The number of examples comes from the hypothesis profile (tests/conftest.py): "ci" by
default, "fuzz" (``HYPOTHESIS_PROFILE=fuzz`` or ``nox -s fuzz``) for ten times more.
"""

from __future__ import annotations

import warnings

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.extra.array_api import make_strategies_namespace

import array_api_mlx as xp

from .reference import Domain, dtypes_of

with warnings.catch_warnings():
    # the namespace has no complex128 (docs/design.md §1), which hypothesis warns about
    warnings.simplefilter("ignore")
    xps = make_strategies_namespace(xp)

# ``device`` is an immutable parameter: safe to share between hypothesis examples.
fuzz = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def dtypes(category, device):
    """A dtype of ``category`` (the standard's wording, see ``reference.CATEGORIES``) that
    ``device`` holds."""
    return st.sampled_from(dtypes_of(category, device))


def shapes(min_dims=0, max_dims=3, min_side=0, max_side=5):
    return xps.array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
    )


def broadcastable_shapes(n=2, max_dims=3, max_side=4):
    """``n`` shapes that broadcast together (some may be 0-d or have length-1 axes)."""
    return (
        shapes(max_dims=max_dims)
        .flatmap(lambda s: xps.mutually_broadcastable_shapes(n, base_shape=s, max_side=max_side))
        .map(lambda b: b.input_shapes)
    )


def elements(domain: Domain, dtype, lo=None, hi=None):
    """Finite element values of ``dtype`` inside ``domain`` (and inside ``[lo, hi]``)."""
    dlo, dhi = domain.bounds(dtype)
    lo = dlo if lo is None else max(lo, dlo)
    hi = dhi if hi is None else min(hi, dhi)
    if dtype.kind in "iu":
        values = st.integers(lo, hi)
    else:
        values = xps.from_dtype(dtype, min_value=lo, max_value=hi, allow_nan=False)
    return values.filter(bool) if domain.nonzero else values


@st.composite
def arrays(draw, device, category="any", shape=None, dtype=None, domain=None, **kwargs):
    """An array on ``device`` of ``dtype`` (else of ``category``): any shape (empty, 0-d)
    unless given, elements inside ``domain`` or bounded by hypothesis' element ``kwargs``
    (``min_value``, ``allow_nan``, ...), else any value (NaN, infinities, -0.0 included)."""
    d = dtype if dtype is not None else draw(dtypes(category, device))
    s = shape if shape is not None else draw(shapes())
    if isinstance(s, st.SearchStrategy):
        s = draw(s)
    elems = elements(domain, d) if domain is not None else (kwargs or None)
    # hypothesis creates some arrays without device=: make the tested device the default
    # (float64 data for the CPU on a machine whose default is the GPU)
    with xp.default_device(device):
        x = draw(xps.arrays(dtype=d, shape=s, elements=elems))
    return x.to_device(device)


@st.composite
def small_complex(draw, device, shape):
    """complex64 values with finite parts in [-10, 10]."""
    part = {"min_value": -10, "max_value": 10, "allow_nan": False}
    re = draw(arrays(device, dtype=xp.float32, shape=shape, **part))
    im = draw(arrays(device, dtype=xp.float32, shape=shape, **part))
    return xp.asarray(np.asarray(re) + 1j * np.asarray(im), dtype=xp.complex64, device=device)
