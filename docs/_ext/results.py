"""Generated parts of the conformance and benchmark pages, made at every build.

- ``_generated/conformance.md`` includes each committed summary
  ``conformance/results/*.md`` (or says that none is committed yet).
- ``_generated/bench.md`` includes ``bench/RESULTS.md`` and, when ``bench/results.json``
  exists and matplotlib is installed, a plot of it drawn here. Every part is optional: a
  missing file or a missing matplotlib gives a sentence on the page, never a build error.
"""

from __future__ import annotations

import json
import math
from pathlib import Path


def _log(message: str, *args) -> None:
    from sphinx.util import logging  # only under Sphinx; the tests import this module bare

    logging.getLogger(__name__).info(message, *args)

NAME_KEYS = ("name", "benchmark", "case", "op", "function", "workload")
SERIES_KEYS = ("backend", "library", "namespace", "impl", "implementation", "device")
TIME_KEYS = ("median_s", "median", "time_s", "seconds", "time", "mean_s", "mean", "min")


def _write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def _include(srcdir: Path, target: Path) -> str:
    """A MyST include of a file of the repository, its headings one level down."""
    # An include path starting with "/" is relative to the documentation's source directory.
    rel = Path("..") / target.relative_to(srcdir.parent)
    return f"```{{include}} /{rel.as_posix()}\n:heading-offset: 1\n```\n"


def conformance_source(srcdir: Path) -> str:
    results = sorted((srcdir.parent / "conformance" / "results").glob("*.md"))
    if not results:
        return (
            "No conformance summary is committed yet: run `nox -s conformance` "
            "(see `conformance/README.md`) and commit `conformance/results/*.md`.\n"
        )
    return "\n".join(_include(srcdir, r) for r in results)


def _records(data) -> list[dict]:
    if isinstance(data, dict):
        for key in ("results", "benchmarks", "records", "rows"):
            if isinstance(data.get(key), list):
                return _records(data[key])
        return []
    if isinstance(data, list):
        return [r for r in data if isinstance(r, dict)]
    return []


def _first(record: dict, keys) -> object:
    for k in keys:
        if k in record:
            return record[k]
    return None


def bench_series(data) -> dict[str, dict[str, float]]:
    """``{series: {benchmark name: seconds}}`` from the records of ``results.json``.

    A record is a mapping with a name (``name``, ``benchmark``...), optionally a series
    (``backend``, ``library``, ``device``... joined with "/") and a time in seconds
    (``median_s``, ``median``, ``time``..., or pytest-benchmark's ``stats.median``).
    """
    out: dict[str, dict[str, float]] = {}
    for r in _records(data):
        name = _first(r, NAME_KEYS)
        t = _first(r, TIME_KEYS)
        if t is None and isinstance(r.get("stats"), dict):
            t = _first(r["stats"], TIME_KEYS)
        series = "/".join(str(r[k]) for k in SERIES_KEYS if r.get(k) is not None)
        if series == "" and r.get("group") is not None:
            series = str(r["group"])
        if name is None or not isinstance(t, (int, float)) or not math.isfinite(t) or t <= 0:
            continue
        out.setdefault(series or "time", {})[str(name)] = float(t)
    return out


def plot_bench(series: dict[str, dict[str, float]], dest: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = sorted({n for s in series.values() for n in s})
    labels = sorted(series)
    height = 0.8 / len(labels)
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(names) * max(1, len(labels) / 2) + 1.2))
    for i, label in enumerate(labels):
        ys = [j + i * height for j, n in enumerate(names) if n in series[label]]
        xs = [series[label][n] for n in names if n in series[label]]
        ax.barh(ys, xs, height=height, label=label)
    ax.set_yticks([j + height * (len(labels) - 1) / 2 for j in range(len(names))], names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel("time per call (s, log scale; shorter is faster)")
    if len(labels) > 1:
        ax.legend(loc="best", fontsize="small")
    fig.tight_layout()
    dest.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(dest, dpi=110)
    plt.close(fig)


def bench_source(srcdir: Path, gendir: Path) -> str:
    root = srcdir.parent / "bench"
    parts = []
    results_md = root / "RESULTS.md"
    if results_md.exists():
        parts.append(_include(srcdir, results_md))
    else:
        parts.append("No benchmark summary is committed yet (`bench/RESULTS.md`).\n")
    results_json = root / "results.json"
    png = gendir / "bench.png"
    if not results_json.exists():
        png.unlink(missing_ok=True)
        return "\n".join(parts)
    try:
        series = bench_series(json.loads(results_json.read_text()))
    except ValueError as e:
        _log("bench/results.json is not valid JSON (%s); no plot", e)
        series = {}
    if not series:
        parts.append("(`bench/results.json` holds no records this page can plot.)\n")
        return "\n".join(parts)
    try:
        plot_bench(series, png)
    except ImportError:
        parts.append("(Install matplotlib to draw `bench/results.json` here.)\n")
        return "\n".join(parts)
    parts.append(
        "```{figure} /_generated/bench.png\n:alt: benchmark times from bench/results.json\n\n"
        "Times from `bench/results.json`, drawn when these pages were built.\n```\n"
    )
    return "\n".join(parts)


def _on_config_inited(app, config):
    srcdir = Path(app.srcdir)
    gendir = srcdir / "_generated"
    _write_if_changed(gendir / "conformance.md", conformance_source(srcdir))
    _write_if_changed(gendir / "bench.md", bench_source(srcdir, gendir))


def setup(app):
    app.connect("config-inited", _on_config_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
