"""Property-based differential tests of the data type functions against NumPy. Hypothesis
draws arrays of every dtype and shape (empty and 0-d included) with NaN, infinities, -0.0
and extreme integers; NumPy is the oracle. The strategies are in ``strategies.py``, the
other chapters in ``test_fuzz_*.py``.
"""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

import array_api_mlx as xp

from .reference import assert_matches
from .strategies import arrays, dtypes, fuzz, shapes


# --- data type functions ------------------------------------------------------------
@fuzz
@given(data=st.data())
def test_astype_matches_numpy(device, data):
    src = data.draw(dtypes("any", device), label="from")
    dst = data.draw(dtypes("any", device), label="to")
    assume(not (src is xp.complex64 and dst.kind != "c"))
    # values representable in the target: the spec leaves overflowing casts unspecified
    if dst.kind in "iu" and src.kind in "iuf":
        lo, hi = np.iinfo(dst._np).min, np.iinfo(dst._np).max
        info = np.iinfo(src._np) if src.kind in "iu" else None
        lo = max(lo, info.min) if info else max(lo, -(2**24))
        hi = min(hi, info.max) if info else min(hi, 2**24)
        x = data.draw(arrays(device, shape=shapes(), dtype=src, min_value=lo, max_value=hi))
    elif src is xp.float64 and dst is xp.float32:
        # within float32's normal range (its subnormals are flushed by some backends)
        x = data.draw(arrays(device, dtype=src, min_value=-3.0e38, max_value=3.0e38,
                             allow_subnormal=False))  # fmt: skip
    else:
        x = data.draw(arrays(device, dtype=src))
    got = xp.astype(x, dst)
    assert got.device is device
    with np.errstate(all="ignore"):
        want = np.asarray(x).astype(dst._np)
    assert_matches(got, want, rtol=0, atol=0)


@fuzz
@given(data=st.data())
def test_result_type_and_can_cast_match_numpy_within_kinds(device, data):
    d1 = data.draw(dtypes("any", device))
    d2 = data.draw(dtypes("any", device))
    same_kind = (d1.kind in "iu") == (d2.kind in "iu") and (d1.kind == "b") == (d2.kind == "b")
    if same_kind and not ({d1.kind, d2.kind} == {"i", "u"}) and d1.kind not in "fc":
        want = np.result_type(d1._np, d2._np)
        assert xp.result_type(d1, d2)._np == want
    if d1.kind == d2.kind or {d1.kind, d2.kind} <= {"f", "c"}:
        if not (d1 is xp.float64 and d2 is xp.complex64):
            assert xp.can_cast(d1, d2) == np.can_cast(d1._np, d2._np), (d1, d2)


@fuzz
@given(data=st.data())
def test_finfo_iinfo_match_numpy(device, data):
    d = data.draw(dtypes("numeric", device))
    if d.kind in "iu":
        info, want = xp.iinfo(d), np.iinfo(d._np)
        assert (info.min, info.max, info.bits) == (want.min, want.max, want.bits)
    elif d.kind == "f":
        info, want = xp.finfo(d), np.finfo(d._np)
        assert (info.eps, info.max, info.min, info.bits) == (
            float(want.eps), float(want.max), float(want.min), want.bits
        )
