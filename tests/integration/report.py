"""Run the integration suite and write ``docs/ecosystem_results.md`` from its results.

    python -m tests.integration.report                       # our namespace
    python -m tests.integration.report --namespaces array_api_mlx,array_api_strict \
        --gpu-junit tests/integration/gpu_run.xml.gz --gpu-note "..."

The second form also runs every check on array-api-strict, the reference implementation
of the standard, as the bar to match (its counts go in the summary); ``--gpu-junit`` adds
the GPU column from a run on a machine with a GPU (``gpu_run.xml.gz``: the JUnit XML of
``pytest tests/integration`` there, tracebacks stripped). The suite runs in a
fresh process (SciPy reads ``SCIPY_ARRAY_API`` once, at import) with JUnit XML output;
each test records its table row (library, function or estimator, device, dtype).
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIBRARIES = ("scikit-learn", "SciPy", "array-api-extra", "array-api-compat")
COLUMNS = (("cpu", "float32"), ("cpu", "float64"), ("gpu", "float32"))


def run_suite(namespaces: str, junit: Path) -> int:
    env = dict(os.environ, SCIPY_ARRAY_API="1", ARRAY_API_MLX_INTEGRATION_NAMESPACES=namespaces)
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "tests/integration",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--junitxml={junit}",
        "-o",
        "junit_family=xunit1",
        # array-api-strict computes with NumPy and lets its floating-point warnings through
        "-W",
        "ignore::RuntimeWarning:array_api_strict._array_object",
    ]
    return subprocess.call(cmd, cwd=ROOT, env=env)


def classify(case: ET.Element) -> tuple[str, str]:
    """(outcome, reason) of one JUnit test case."""
    for tag in ("failure", "error"):
        el = case.find(tag)
        if el is not None:
            msg = (el.get("message") or "").strip().splitlines()
            return "fail", (msg[0] if msg else tag)[:200]
    el = case.find("skipped")
    if el is not None:
        msg = (el.get("message") or "").strip()
        if el.get("type") == "pytest.xfail":
            return "xfail", msg
        return "skip", msg.removeprefix("Skipped: ")
    return "pass", ""


def category(outcome: str, reason: str) -> str:
    if outcome != "xfail":
        return outcome
    if reason.startswith("array_api_mlx"):
        return "xfail (this package)"
    return "xfail (upstream)"


def collect(junit: Path):
    """{namespace: {(library, subject): {(device, dtype): (outcome, reason)}}}"""
    results: dict = defaultdict(lambda: defaultdict(dict))
    if str(junit).endswith(".gz"):
        with gzip.open(junit) as f:
            root = ET.parse(f).getroot()
    else:
        root = ET.parse(junit).getroot()
    for case in root.iter("testcase"):
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        if "library" not in props:
            continue
        key = (props["library"], props["subject"])
        col = (props["device"], props["dtype"])
        results[props["namespace"]][key][col] = classify(case)
    return results


# Causes of the failures measured on a GPU machine, matched on the error message.
GPU_CAUSES = [
    (
        "result device",
        "upstream: SciPy's NumPy fallback returns xp.asarray(result) without device= "
        "(scipy/special/_support_alternative_backends.py and friends); NumPy data is CPU "
        "data here ([design §5](design.md#5-conversion-and-interchange)), so GPU inputs give CPU results",
    ),
    (
        "float64 is not supported on Device('gpu'",
        "the library asks for float64 on the GPU (e.g. sklearn/utils/_array_api.py "
        "_bincount converts NumPy's float64 bincount with device=), or creates an array "
        "without device=, which lands on the default device (the GPU when there is one)",
    ),
    (
        "complex128 is not supported on Device('gpu'",
        "the library asks for complex128 on the GPU (scipy/signal/_filter_design.py casts "
        "zeros and poles with xp.astype(z, xp.complex128)), which has none",
    ),
    (
        "arrays are on different devices",
        "the library creates an array without device= (e.g. scipy/_lib/_array_api.py "
        "_asarray, scipy/stats/_stats_py.py _rankdata): it lands on the default device "
        "(the GPU) and meets the input on another device",
    ),
]


def gpu_cause(reason: str) -> str:
    for pattern, cause in GPU_CAUSES:
        if pattern in reason:
            return cause
    return reason


def merge_gpu(results: dict, gpu_junit: Path) -> dict:
    """Add the GPU cells of a run on a GPU machine to our namespace's rows."""
    gpu = collect(gpu_junit).get("array_api_mlx", {})
    ours = results["array_api_mlx"]
    for key, cells in gpu.items():
        if key not in ours:  # a function only that machine's library versions have
            continue
        for (dev, dtype), entry in cells.items():
            if dev.startswith("gpu"):
                outcome, reason = entry
                ours[key][("gpu", dtype)] = (
                    outcome,
                    gpu_cause(reason) if outcome == "fail" else reason,
                )
    return results


def gpu_summary(gpu_junit: Path) -> list[str]:
    """Counts of the GPU machine's run: GPU cells, and CPU cells there (default device GPU)."""
    rows = collect(gpu_junit).get("array_api_mlx", {})
    counts = defaultdict(lambda: defaultdict(int))
    causes = defaultdict(int)
    for _key, cells in rows.items():
        for (dev, dtype), (outcome, reason) in cells.items():
            counts[(dev, dtype)][outcome] += 1
            if outcome == "fail":
                causes[(dev, gpu_cause(reason)[:60])] += 1
    out = ["| device, dtype (GPU machine) | pass | xfail | FAIL | n/a |", "|---|---|---|---|---|"]
    for (dev, dtype), c in sorted(counts.items()):
        out.append(f"| {dev} {dtype} | {c['pass']} | {c['xfail']} | {c['fail']} | {c['skip']} |")
    out += ["", "Failures there by cause (device of the test, cause):", ""]
    for (dev, cause), n in sorted(causes.items(), key=lambda kv: -kv[1])[:12]:
        out.append(f"- {n} x {dev}: {cause}...")
    return out


def cell(entry) -> str:
    if entry is None:
        return "not run here"
    outcome, reason = entry
    return {"pass": "pass", "fail": "**FAIL**", "xfail": "xfail", "skip": "n/a"}[outcome]


def row_outcome(cells: dict) -> str:
    """A row passes when every cell measured on the CPU passes; else its worst outcome.
    (GPU cells come from another machine and are summarised on their own.)"""
    outcomes = [o for (dev, _), (o, _) in cells.items() if dev.startswith("cpu")]
    for o in ("fail", "xfail", "skip"):
        if o in outcomes:
            return o
    return "pass"


def summarize(rows: dict):
    """Per library: counts of rows by outcome, and estimators passing both checks."""
    counts: dict = defaultdict(lambda: defaultdict(int))
    for (lib, _subject), cells in rows.items():
        outcome = row_outcome(cells)
        reason = next(
            (r for (dev, _), (o, r) in cells.items() if o == outcome and dev.startswith("cpu")),
            "",
        )
        counts[lib][category(outcome, reason)] += 1
        counts[lib]["rows"] += 1
    return counts


def estimators_passing(rows: dict) -> tuple[int, int]:
    est = defaultdict(list)
    for (lib, subject), cells in rows.items():
        if (
            lib == "scikit-learn"
            and not subject.startswith("metrics.")
            and "." not in subject.split("(")[0]
        ):
            est[subject.removesuffix(" [check_array_api_input]")].append(row_outcome(cells))
    return sum(all(o in ("pass", "skip") for o in v) for v in est.values()), len(est)


def functions_passing(rows: dict) -> tuple[int, int]:
    n = ok = 0
    for (lib, subject), cells in rows.items():
        if lib == "scikit-learn" and (
            subject.startswith("metrics.") or "." in subject.split("(")[0]
        ):
            n += 1
            ok += row_outcome(cells) == "pass"
    return ok, n


def render(
    results: dict, namespaces: list[str], gpu_junit: Path | None = None, gpu_note: str = ""
) -> str:
    ours = results.get("array_api_mlx", {})
    out = [
        "# Ecosystem results",
        "",
        "Generated by `python -m tests.integration.report"
        + (f" --namespaces {','.join(namespaces)}" if namespaces != ["array_api_mlx"] else "")
        + "` from an actual run of `tests/integration` (do not edit by hand). Each check "
        "runs a library on arrays of this namespace and compares with the same call on "
        "NumPy arrays; see the test files for what is checked.",
        "",
        "Outcomes: *pass*; **FAIL** (caused by this package, to fix); *xfail* (a known "
        "failure, strict: the reason names the code responsible — the other library or "
        "this package); *n/a* (the check does not apply, or "
        "no generic call fits the function: not exercised); *not run here* (no such "
        "device on the machine that produced this page).",
        "",
        "## Summary",
        "",
    ]
    header = "| namespace | library | checks (rows) | pass | xfail: upstream | xfail: this package | FAIL | n/a |"
    out += [header, "|---" * (header.count("|") - 1) + "|"]
    for ns in namespaces:
        counts = summarize(results.get(ns, {}))
        for lib in LIBRARIES:
            c = counts.get(lib)
            if not c:
                continue
            out.append(
                f"| {ns} | {lib} | {c['rows']} | {c['pass']} | {c['xfail (upstream)']} | "
                f"{c['xfail (this package)']} | "
                f"{c['fail']} | {c['skip']} |"
            )
    out.append("")
    for ns in namespaces:
        rows = results.get(ns, {})
        if not rows:
            continue
        e_ok, e_n = estimators_passing(rows)
        f_ok, f_n = functions_passing(rows)
        out.append(
            f"- {ns}: scikit-learn estimators passing every check {e_ok}/{e_n}; "
            f"scikit-learn functions (metric x input kind, preprocessing, utils) passing "
            f"{f_ok}/{f_n}."
        )
    if gpu_junit is not None:
        out += [
            "",
            "## GPU",
            "",
            f"The GPU column comes from a run of the same suite on {gpu_note} "
            "(`--gpu-junit`); the CPU columns from the machine that wrote this page. On a "
            "machine with a GPU, the GPU is MLX's and so this package's default device: "
            "arrays a library creates without `device=` land there, which also breaks some "
            "CPU float64 runs (counts below). Those GPU cells are not run in CI.",
            "",
            *gpu_summary(gpu_junit),
        ]
    out += ["", "## Results", ""]
    for lib in LIBRARIES:
        lib_rows = sorted((k, v) for k, v in ours.items() if k[0] == lib)
        if not lib_rows:
            continue
        out += [
            f"### {lib}",
            "",
            "| function / estimator | CPU float32 | CPU float64 | GPU float32 | reason |",
            "|---|---|---|---|---|",
        ]
        for (_, subject), cells in lib_rows:
            reasons = sorted({r for o, r in cells.values() if o != "pass" and r})
            out.append(
                f"| `{subject}` | "
                + " | ".join(cell(cells.get(c)) for c in COLUMNS)
                + " | "
                + "; ".join(r.replace("|", "\\|").replace("\n", " ") for r in reasons)
                + " |"
            )
        out.append("")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--namespaces", default="array_api_mlx")
    parser.add_argument("--output", default=str(ROOT / "docs" / "ecosystem_results.md"))
    parser.add_argument("--junit", help="read this JUnit XML instead of running the suite")
    parser.add_argument("--gpu-junit", help="JUnit XML of a run on a machine with a GPU")
    parser.add_argument("--gpu-note", default="a machine with a GPU", help="what machine")
    args = parser.parse_args(argv)
    namespaces = args.namespaces.split(",")
    if args.junit:
        junit = Path(args.junit)
    else:
        junit = Path(tempfile.mkdtemp()) / "integration.xml"
        run_suite(args.namespaces, junit)
    results = collect(junit)
    gpu_junit = Path(args.gpu_junit) if args.gpu_junit else None
    if gpu_junit is not None:
        results = merge_gpu(results, gpu_junit)
    text = render(results, namespaces, gpu_junit, args.gpu_note)
    Path(args.output).write_text(text)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
