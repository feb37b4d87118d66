"""SciPy's array-API-capable functions on our arrays (``SCIPY_ARRAY_API=1``).

The functions are discovered from SciPy itself: its ``xp_capabilities`` table (the source
of the "Array API Standard Support" notes in its documentation), for the public functions
of scipy.special, stats, fft, signal, cluster, ndimage, integrate and optimize, leaving out
those it documents as NumPy-only. SciPy's functions take many kinds of arguments; each is
called with the first of a list of generic argument patterns (samples, images, window
lengths, callables...) that SciPy accepts cleanly with NumPy inputs, then with our arrays,
and the results are compared with SciPy's own default tolerances.

When our call fails, the same call runs on array-api-strict (the reference
implementation): if SciPy fails there too, or documents no support for generic namespaces,
the failure is SciPy's ("not supported by SciPy for this namespace", an xfail); otherwise
it is ours, and the test fails.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import warnings

import numpy as np
import pytest

from .conftest import combo_params, namespace_module, scipy_array_api_on, to_numpy

scipy = pytest.importorskip("scipy", reason="SciPy is not installed")

# scikit-learn and SciPy dispatch only with SCIPY_ARRAY_API=1 (set by conftest.py).
pytestmark = pytest.mark.usefixtures("scipy_array_api")

MODULES = (
    "special",
    "stats",
    "fft",
    "signal",
    "signal.windows",
    "cluster.vq",
    "cluster.hierarchy",
    "ndimage",
    "integrate",
    "optimize",
)


def discover():
    """(qualified name, function, capabilities) for every public function SciPy tags as
    supporting array API namespaces beyond NumPy."""
    if not scipy_array_api_on():
        return []
    from scipy._lib._array_api import xp_capabilities_table as table

    found, seen = [], set()
    for mod_name in MODULES:
        mod = importlib.import_module(f"scipy.{mod_name}")
        for name in sorted(getattr(mod, "__all__", ())):
            fn = getattr(mod, name, None)
            try:
                caps = table.get(fn)
            except TypeError:  # unhashable
                continue
            if caps is None or id(fn) in seen:
                continue
            seen.add(id(fn))
            if caps.get("np_only") or caps.get("out_of_scope"):
                continue
            found.append((f"{mod_name}.{name}", fn, caps))
    return found


FUNCTIONS = discover()
BY_NAME = {name: (fn, caps) for name, fn, caps in FUNCTIONS}


# --- generic argument patterns ---------------------------------------------------------
def _u(n, seed, dtype):
    return np.random.default_rng(seed).uniform(0.15, 0.85, n).astype(dtype)


def _normal(shape, seed, dtype):
    return np.random.default_rng(seed).normal(size=shape).astype(dtype)


def _image(dtype):
    return np.random.default_rng(3).uniform(0, 1, (6, 7)).astype(dtype)


def _labels_image():
    return np.array([[0, 1, 1, 0, 0, 2, 2]] * 3 + [[3, 3, 0, 0, 1, 1, 0]] * 3, dtype=np.int64)


def _square(t):
    return t * t + 1.0


# Each pattern: (label, builder(dtype) -> (args, kwargs, xp_kwargs)). Arrays are NumPy
# here and converted for the namespace under test; xp_kwargs ("xp", "device") are added
# only for the namespace under test.
PATTERNS = [
    ("x", lambda f: ((_u(16, 0, f),), {}, ())),
    ("x, y", lambda f: ((_u(16, 0, f), _u(16, 1, f)), {}, ())),
    ("x, y, z", lambda f: ((_u(16, 0, f), _u(16, 1, f), _u(16, 2, f)), {}, ())),
    ("x, y, z, w", lambda f: ((_u(16, 0, f), _u(16, 1, f), _u(16, 2, f), _u(16, 4, f)), {}, ())),
    ("normal sample", lambda f: ((_normal(20, 0, f),), {}, ())),
    ("two normal samples", lambda f: ((_normal(20, 0, f), _normal(20, 1, f) + 0.5), {}, ())),
    (
        "three normal samples",
        lambda f: ((_normal(20, 0, f), _normal(20, 1, f), _normal(20, 2, f)), {}, ()),
    ),
    ("observations", lambda f: ((_normal((8, 3), 0, f),), {}, ())),
    ("window length M", lambda f: ((8,), {}, ("xp", "device"))),
    ("length n", lambda f: ((8,), {}, ("xp", "device"))),
    ("length n, spacing", lambda f: ((8, 0.5), {}, ("xp", "device"))),
    ("image", lambda f: ((_image(f),), {}, ())),
    ("image, size 3", lambda f: ((_image(f), 3), {}, ())),
    ("image, sigma 1", lambda f: ((_image(f), 1.0), {}, ())),
    ("image, labels", lambda f: ((_image(f), _labels_image()), {}, ())),
    ("image, image", lambda f: ((_image(f), _image(f)[::-1].copy()), {}, ())),
    ("image, kernel", lambda f: ((_image(f), _u(9, 5, f).reshape(3, 3)), {}, ())),
    ("image, shift", lambda f: ((_image(f), 1.5), {}, ())),
    ("x, int", lambda f: ((_u(16, 0, f), 3), {}, ())),
    ("x, 0.5", lambda f: ((_u(16, 0, f), 0.5), {}, ())),
    (
        "b, a filter",
        lambda f: ((np.array([0.2, 0.3], f), np.array([1.0, -0.5], f), _u(16, 0, f)), {}, ()),
    ),
    ("b, a", lambda f: ((np.array([0.2, 0.3], f), np.array([1.0, -0.5], f)), {}, ())),
    ("z, p, k", lambda f: ((np.array([0.5], f), np.array([0.1, -0.2], f), 2.0), {}, ())),
    ("order, cutoff", lambda f: ((3, 0.3), {}, ("xp", "device"))),
    ("f, a, b", lambda f: ((_square, np.asarray(0.0, f), np.asarray(1.0, f)), {}, ())),
    ("f, a, b (1-d)", lambda f: ((_square, np.asarray([0.0], f), np.asarray([1.0], f)), {}, ())),
    ("condensed distances", lambda f: ((_u(10, 0, f),), {}, ())),
    ("linkage Z", lambda f: ((_linkage(f),), {}, ())),
    ("linkage Z, t", lambda f: ((_linkage(f), 2), {}, ())),
    ("linkage Z, distances", lambda f: ((_linkage(f), _u(10, 0, f)), {}, ())),
    (
        "linkage Z, clusters",
        lambda f: ((_linkage(f), np.array([1, 1, 2, 2, 2], dtype=np.int32)), {}, ()),
    ),
    ("linkage Z, inconsistency", lambda f: ((_linkage(f), _inconsistent(f)), {}, ())),
    ("linkage Z, inconsistency, 1", lambda f: ((_linkage(f), _inconsistent(f), 1), {}, ())),
    ("k, n, p", lambda f: ((np.array([1, 2, 3, 4]), np.array([5, 6, 7, 8]), _u(4, 0, f)), {}, ())),
    ("x + 3, 2", lambda f: ((_u(16, 0, f) + 3, 2), {}, ())),
    ("scalar, x", lambda f: ((0.5, _u(16, 0, f)), {}, ())),
    ("x, 0.1, 0.0", lambda f: ((_u(16, 0, f), 0.1, 0.0), {}, ())),
    ("sample, statistic", lambda f: (((_normal(20, 0, f),), _mean_stat), {}, ())),
    (
        "two samples, statistic",
        lambda f: (((_normal(20, 0, f), _normal(20, 1, f)), _diff_stat), {}, ()),
    ),
    ("summary statistics", lambda f: ((1.0, 0.5, 10, 1.5, 0.6, 12), {}, ())),
    ("sos", lambda f: ((_sos(f),), {}, ())),
    ("sos, x", lambda f: ((_sos(f), _u(32, 0, f)), {}, ())),
    ("x, 5, 2", lambda f: ((_u(16, 0, f), 5, 2), {}, ())),
    ("5, 2", lambda f: ((5, 2), {}, ("xp", "device"))),
    ("window name, M", lambda f: (("hann", 8), {}, ("xp", "device"))),
    ("M, 100", lambda f: ((8, 100), {}, ("xp", "device"))),
    ("M, coefficients", lambda f: ((8, np.array([0.5, 0.5], f)), {}, ("xp", "device"))),
    ("M, 1.5, 2", lambda f: ((8, 1.5, 2.0), {}, ("xp", "device"))),
    ("w0, Q", lambda f: ((0.3, 5.0), {}, ("xp", "device"))),
    ("order, ripple, cutoff", lambda f: ((3, 1.0, 0.3), {}, ("xp", "device"))),
    ("order, ripples, cutoff", lambda f: ((3, 1.0, 40.0, 0.3), {}, ("xp", "device"))),
    ("image, rank, size", lambda f: ((_image(f), 1), {"size": 3}, ())),
    ("image, percentile, size", lambda f: ((_image(f), 50), {"size": 3}, ())),
    ("image, coordinates", lambda f: ((_image(f), np.array([[0.5, 1.5], [2.0, 3.5]], f)), {}, ())),
    ("image, matrix", lambda f: ((_image(f), np.array([[1.0, 0.1], [0.0, 1.0]], f)), {}, ())),
    ("image, 0, 1, 5", lambda f: ((_image(f), 0.0, 1.0, 5), {}, ())),
    ("labels", lambda f: ((_labels_image(),), {}, ())),
]


def _linkage(dtype):
    from scipy.cluster.hierarchy import linkage

    return linkage(_normal((5, 2), 0, "float64")).astype(dtype)


def _inconsistent(dtype):
    from scipy.cluster.hierarchy import inconsistent

    return inconsistent(_linkage("float64")).astype(dtype)


def _sos(dtype):
    return np.array(
        [[0.0675, 0.1349, 0.0675, 1.0, -1.1430, 0.4128], [1.0, 2.0, 1.0, 1.0, -0.5, 0.2]],
        dtype=dtype,
    )


def _mean_stat(sample, axis=-1):
    import array_api_compat

    return array_api_compat.array_namespace(sample).mean(sample, axis=axis)


def _diff_stat(x, y, axis=-1):
    import array_api_compat

    xp = array_api_compat.array_namespace(x, y)
    return xp.mean(x, axis=axis) - xp.mean(y, axis=axis)


def _prepare_kwargs(fn):
    """Keyword arguments that make random functions reproducible and resampling cheap."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}
    kw = {}
    if "n_resamples" in params:
        kw["n_resamples"] = 99
    if "max_subdivisions" in params:  # cubature: float32 never meets rtol=1e-8
        kw["max_subdivisions"] = 20
        kw["rtol"] = 1e-5
    return kw


def _rng_kwargs(fn):
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}
    for name, value in (
        ("rng", np.random.default_rng(0)),
        ("seed", np.random.default_rng(0)),
        ("random_state", 0),
    ):
        # only a random-number argument (iqr's ``rng`` is a percentile range)
        if name in params and params[name].default is None:
            return {name: value}
    return {}


def _call_numpy(fn, pattern, dtype_name):
    args, kwargs, _ = pattern[1](dtype_name)
    return fn(*args, **kwargs, **_prepare_kwargs(fn), **_rng_kwargs(fn))


def _leaves(result):
    """The array/scalar leaves of a result (tuples, lists, SciPy result objects)."""
    if isinstance(result, tuple | list):
        return [leaf for r in result for leaf in _leaves(r)]
    if isinstance(result, dict):  # SciPy's _RichResult
        items = sorted(result.items(), key=lambda kv: str(kv[0]))
        return [leaf for k, v in items if not str(k).startswith("_") for leaf in _leaves(v)]
    if hasattr(result, "shape") or isinstance(result, int | float | complex | np.generic):
        return [result]
    if hasattr(result, "__dict__") or hasattr(result, "_fields"):
        items = result._asdict() if hasattr(result, "_asdict") else vars(result)
        return [
            leaf for k, v in sorted(items.items()) if not k.startswith("_") for leaf in _leaves(v)
        ]
    return []


# Results that depend on timing (choose_conv_method(measure=True) returns run times).
NOT_COMPARABLE = {"signal.choose_conv_method"}


@functools.cache
def choose_pattern(name, dtype_name):
    """The first pattern SciPy accepts with NumPy inputs, with no warning and a result
    that has at least one finite array or number; None if none fits."""
    fn, _ = BY_NAME[name]
    if name in NOT_COMPARABLE:
        return None
    for pattern in PATTERNS:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                res = _call_numpy(fn, pattern, dtype_name)
            except Exception:
                continue
        leaves = _leaves(res)
        if leaves and any(
            np.isfinite(np.asarray(leaf, dtype=complex)).any()
            for leaf in leaves
            if np.asarray(leaf).dtype.kind in "biufc"
        ):
            return pattern
    return None


def _call_xp(fn, pattern, dtype_name, xp, device):
    args, kwargs, xp_kw = pattern[1](dtype_name)

    def conv(v):
        if isinstance(v, np.ndarray):
            return xp.asarray(v, device=device)
        if isinstance(v, tuple):
            return tuple(map(conv, v))
        return v

    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        params = {}
    extra = {}
    if "xp" in xp_kw and "xp" in params:
        extra["xp"] = xp
    if "device" in xp_kw and "device" in params:
        extra["device"] = device
    return fn(
        *map(conv, args),
        **{k: conv(v) for k, v in kwargs.items()},
        **extra,
        **_prepare_kwargs(fn),
        **_rng_kwargs(fn),
    )


def _scipy_tol(dtype):
    """SciPy's ``xp_assert_close`` default: rtol = 4 * sqrt(eps) of the dtype."""
    return 4 * np.finfo(dtype).eps ** 0.5


def compare(got, expected, xp, device, name, single=False):
    g_leaves, e_leaves = _leaves(got), _leaves(expected)
    assert len(g_leaves) == len(e_leaves), f"{name}: result structure differs"
    import array_api_compat

    for g, e in zip(g_leaves, e_leaves):
        if isinstance(e, np.ndarray) and e.ndim > 0:
            assert not isinstance(g, np.ndarray), f"{name} returned a NumPy array for our input"
        if hasattr(g, "__array_namespace__"):
            assert array_api_compat.array_namespace(g) is xp, f"{name}: result namespace"
            assert array_api_compat.device(g) == device, f"{name}: result device"
        g_np, e_np = to_numpy(g), np.asarray(e)
        assert g_np.shape == e_np.shape, f"{name}: shape {g_np.shape} vs {e_np.shape}"
        if e_np.dtype.kind in "fc":
            # the lower precision of the two: with only Python scalars as input, SciPy on
            # NumPy computes in float64, on our namespace in its default float32
            low = {np.dtype(np.float32), np.dtype(np.complex64)}
            single = single or e_np.dtype in low or g_np.dtype in low
            tol = _scipy_tol(np.float32 if single else np.float64)
            np.testing.assert_allclose(
                g_np, e_np, rtol=tol, atol=tol * 1e-3, equal_nan=True, err_msg=name
            )
        else:
            np.testing.assert_array_equal(g_np, e_np, err_msg=name)


def _single_precision(pattern, dtype_name):
    """Compare at float32 precision for float32 inputs, and where the inputs hold no float
    array (SciPy then computes in the namespace's default float dtype: float32 here, like
    PyTorch; float64 in NumPy)."""
    if dtype_name == "float32":
        return True
    args, kwargs, _ = pattern[1](dtype_name)

    def floating(v):
        if isinstance(v, tuple):
            return any(map(floating, v))
        return isinstance(v, np.ndarray) and v.dtype.kind in "fc"

    return not any(floating(v) for v in (*args, *kwargs.values()))


def _fails_on_reference(fn, pattern, dtype_name, expected, name):
    """The exception this call and comparison raise on array-api-strict, or None."""
    try:
        strict = importlib.import_module("array_api_strict")
    except ImportError:  # pragma: no cover
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            dev = strict.Device("CPU_DEVICE")
            res = _call_xp(fn, pattern, dtype_name, strict, dev)
            compare(res, expected, strict, dev, name, single=_single_precision(pattern, dtype_name))
        except Exception as e:  # noqa: BLE001 - any failure of SciPy there counts
            return e
    return None


def _documented_unsupported(caps):
    for mod, reason in list(caps.get("skip_backends", ())) + list(caps.get("xfail_backends", ())):
        if mod == "array_api_strict":
            return reason or "skipped for array_api_strict in SciPy's capabilities table"
    return None


# Known failures, applied as strict xfails so that a fix shows. (name, dtype or None).
# Caused by this package (to be fixed here):
OURS: dict = {
}
# Random results: the generic call cannot seed them, so a comparison with NumPy's run may
# differ (non-strict: it passes when the draws agree).
RANDOM = {
    "cluster.vq.kmeans2": "kmeans2 draws its initial centroids from an unseeded generator",
}
# Caused by SciPy or NumPy:
UPSTREAM = {}
if np.log10(np.float32(0.01)) != np.float32(-2.0):  # NumPy < 2.4 on some CPUs
    UPSTREAM[("signal.freqs_zpk", "float32")] = (
        "SciPy picks the frequency grid with round(log10(0.01) - 0.5) "
        "(scipy/signal/_filter_design.py findfreqs, noted there as floating-point "
        "jitter); this NumPy's float32 log10(0.01) is 1 ulp below -2.0, MLX's is -2.0, "
        "so the grids start a decade apart"
    )


PARAMS = [pytest.param(name, id=name) for name, _, _ in FUNCTIONS]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
# kmeans2's random initialisation may leave a cluster empty on this tiny data (SciPy warns)
@pytest.mark.filterwarnings("ignore:One of the clusters is empty:UserWarning")
@pytest.mark.parametrize("ns_name, device, dtype_name", combo_params())
@pytest.mark.parametrize("name", PARAMS)
def test_function(name, ns_name, device, dtype_name, row, request):
    row("SciPy", name, ns_name, device, dtype_name)
    if ns_name == "array_api_mlx":
        for table in (OURS, UPSTREAM):
            reason = table.get((name, None)) or table.get((name, dtype_name))
            if reason:
                request.applymarker(pytest.mark.xfail(reason=reason, strict=True))
        if name in RANDOM:
            request.applymarker(pytest.mark.xfail(reason=RANDOM[name], strict=False))
    xp = namespace_module(ns_name)
    fn, caps = BY_NAME[name]
    pattern = choose_pattern(name, dtype_name)
    if pattern is None:
        pytest.skip("no generic argument pattern fits this function (not exercised)")
    expected = _call_numpy(fn, pattern, dtype_name)
    try:
        got = _call_xp(fn, pattern, dtype_name, xp, device)
        compare(got, expected, xp, device, name, single=_single_precision(pattern, dtype_name))
    except Exception:
        if ns_name != "array_api_mlx":
            raise
        documented = _documented_unsupported(caps)
        if documented:
            pytest.xfail(f"not supported by SciPy for this namespace: {documented}")
        ref = _fails_on_reference(fn, pattern, dtype_name, expected, name)
        if ref is not None:
            pytest.xfail(
                "not supported by SciPy for this namespace: fails the same call on "
                f"array-api-strict too ({type(ref).__name__}: {str(ref).splitlines()[0][:120]})"
            )
        raise


def test_discovery_finds_functions():
    names = set(BY_NAME)
    assert {"special.logsumexp", "stats.skew", "fft.fft", "ndimage.gaussian_filter"} <= names
