"""Run data-apis/array-api-tests against array_api_mlx and summarise the result per file.

Usage: python conformance/run.py SUITE_DIR [--version 2025.12] [--device cpu|gpu]
           [--max-examples 100] [-- extra pytest args]

The suite is pinned (see conformance/README.md) and never committed here. The summary goes
to conformance/results/<version>-<device>.md and the raw junit XML to conformance/out/.
"""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("suite")
    p.add_argument("--version", default="2025.12")
    p.add_argument("--device", default="cpu", choices=["cpu", "gpu"])
    p.add_argument("--max-examples", type=int, default=100)
    p.add_argument("--workers", default="2")
    p.add_argument("pytest_args", nargs="*")
    args = p.parse_intermixed_args()
    suite = Path(args.suite).resolve()
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    junit = out / f"junit-{args.version}-{args.device}.xml"
    # One xfails file per chapter under conformance/xfails/ (every device) and
    # xfails-<device>/ (that device's run only), joined here; every entry has a comment
    # line above it saying why.
    xfails = out / f"xfails-{args.device}.txt"
    parts = sorted((HERE / "xfails").glob("*.txt"))
    parts += sorted((HERE / f"xfails-{args.device}").glob("*.txt"))
    xfails.write_text("".join(p.read_text() + "\n" for p in parts))
    env = dict(
        os.environ,
        # the namespace of that revision (x.__array_namespace__(api_version=...))
        ARRAY_API_TESTS_MODULE="array_api_mlx"
        if args.version == "2025.12"
        else f"array_api_mlx.api_{args.version.replace('.', '_')}",
        ARRAY_API_TESTS_VERSION=args.version,
        ARRAY_API_TESTS_XFAIL_MARK="skip",
        ARRAY_API_MLX_DEFAULT_DEVICE=args.device,
        HYPOTHESIS_STORAGE_DIRECTORY=tempfile.mkdtemp(prefix="hyp-"),
    )
    if args.device == "gpu":
        # the GPU has neither float64 nor complex128 (float64 pairs): ValueError by design
        env["ARRAY_API_TESTS_SKIP_DTYPES"] = "float64,complex128"
    else:
        env.pop("ARRAY_API_TESTS_SKIP_DTYPES", None)
    # Test paths given after the options replace the whole suite (for partial runs).
    paths = [a for a in args.pytest_args if a.startswith("array_api_tests")]
    others = [a for a in args.pytest_args if a not in paths]
    cmd = [
        sys.executable, "-m", "pytest", *(paths or ["array_api_tests/"]), "-p", "no:cacheprovider",
        # the suite's own root: pytest would otherwise take the common ancestor of every
        # path argument (the xfails file's too), and test ids would no longer match them
        "--rootdir", str(suite),
        "--hypothesis-seed", "0", "--max-examples", str(args.max_examples),
        "--xfails-file", str(xfails), "--skips-file", str(HERE / "skips.txt"),
        "--junitxml", str(junit), "-q", "-o", "addopts=", "-W", "ignore",
    ]  # fmt: skip
    if args.device == "gpu":
        # the first call of each MLX kernel compiles it (seconds on CUDA): no deadline
        cmd.append("--disable-deadline")
    if args.workers != "0":
        cmd += ["-n", args.workers]
    cmd += others
    rc = subprocess.call(cmd, cwd=suite, env=env)
    summary = HERE / "results" / f"{args.version}-{args.device}.md"
    if paths:  # a partial run: keep the committed full-suite summary
        summary = out / f"partial-{args.version}-{args.device}.md"
    write_summary(junit, summary, args)
    return rc


def write_summary(junit: Path, dest: Path, args) -> None:
    counts = collections.defaultdict(collections.Counter)
    for case in ET.parse(junit).getroot().iter("testcase"):
        # classname is e.g. "array_api_tests.test_linalg" (or prefixed by the suite's path)
        parts = case.get("classname", "").split(".")
        f = next((p for p in parts if p.startswith("test_")), parts[-1])
        if case.find("failure") is not None or case.find("error") is not None:
            status = "failed"
        elif case.find("skipped") is not None:
            msg = case.find("skipped").get("message", "")
            status = "xfailed" if "xfail" in msg.lower() else "skipped"
        else:
            status = "passed"
        counts[f][status] += 1
    dest.parent.mkdir(exist_ok=True)
    total = collections.Counter()
    lines = [
        f"# Conformance: api {args.version}, default device {args.device}",
        "",
        f"array-api-tests at the pinned commit, `--max-examples {args.max_examples}`, "
        "`--hypothesis-seed 0`.",
        "",
        "| file | passed | failed | xfailed | skipped |",
        "|---|---|---|---|---|",
    ]
    for f in sorted(counts):
        c = counts[f]
        total.update(c)
        lines.append(f"| {f} | {c['passed']} | {c['failed']} | {c['xfailed']} | {c['skipped']} |")
    lines.append(
        f"| **total** | {total['passed']} | {total['failed']} | {total['xfailed']} | {total['skipped']} |"
    )
    dest.write_text("\n".join(lines) + "\n")
    print(dest.read_text())


if __name__ == "__main__":
    sys.exit(main())
