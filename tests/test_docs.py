"""The documentation: its examples run, and its API reference covers every public name.

The ``>>>`` examples of ``docs/*.md`` (fenced code blocks whose first line is a prompt) are
run with the standard library's doctest, one session per page. The API reference is
generated from ``__all__`` by ``docs/_ext/apigen.py``; here we render it without Sphinx
and check that every public name has exactly one entry and that the entry resolves. The
Sphinx build itself (warnings as errors) is ``nox -s docs``, run by CI, not by pytest.
"""

from __future__ import annotations

import doctest
import importlib.util
import re
import sys
from pathlib import Path

import pytest

import array_api_mlx as xp

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(DOCS.glob("*.md"))
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


def fenced_blocks(text: str):
    """``(first code line index, info string, code)`` of each fenced code block."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group(1), m.group(2).strip()
        start = i + 1
        j = start
        while j < len(lines) and not (
            lines[j].strip().startswith(fence[0] * len(fence))
            and set(lines[j].strip()) == {fence[0]}
        ):
            j += 1
        yield start, info, "\n".join(lines[start:j]) + "\n"
        i = j + 1


def markdown_doctest(path: Path) -> doctest.DocTest:
    """All ``>>>`` examples of a markdown page as one doctest, with the page's line numbers."""
    text = path.read_text()
    parser = doctest.DocTestParser()
    examples = []
    for start, _info, code in fenced_blocks(text):
        if not code.lstrip().startswith(">>>"):
            continue
        for example in parser.get_examples(code, path.name):
            example.lineno += start
            examples.append(example)
    return doctest.DocTest(examples, {}, path.name, str(path), 0, text)


@pytest.fixture
def restore_default_device():
    before = xp.__array_namespace_info__().default_device()
    yield
    xp.set_default_device(before)


def test_docs_pages_exist():
    names = {p.name for p in PAGES}
    for page in ("index.md", "getting-started.md", "devices.md", "ecosystem.md", "api.md",
                 "conformance.md", "benchmarks.md", "changelog.md"):  # fmt: skip
        assert page in names


@pytest.mark.parametrize(
    "page", [p for p in PAGES if markdown_doctest(p).examples], ids=lambda p: p.name
)
@pytest.mark.usefixtures("restore_default_device")
def test_examples(page):
    test = markdown_doctest(page)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    result = runner.run(test, out=report.append)
    assert result.failed == 0, "\n".join(report)


def test_device_guide_answers_the_gpu_question_first():
    text = (DOCS / "devices.md").read_text()
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings[0] == "Why is my array not on the GPU after converting from NumPy?"
    first_section = text.split("## ", 2)[1]
    assert "came from the CPU and you did not ask to move it" in first_section
    # The guide's examples exist and are collected (a broken collector would find none).
    assert len(markdown_doctest(DOCS / "devices.md").examples) >= 30


def test_fenced_blocks_parser():
    text = "a\n```pycon\n>>> 1 + 1\n2\n```\n\n~~~~python\nx = 1\n```\n~~~~\n"
    blocks = list(fenced_blocks(text))
    assert blocks == [(2, "pycon", ">>> 1 + 1\n2\n"), (7, "python", "x = 1\n```\n")]
    bad = markdown_doctest_from_text(">>> 1 + 1\n3\n")
    report: list[str] = []
    assert doctest.DocTestRunner().run(bad, out=report.append).failed == 1


def markdown_doctest_from_text(code: str) -> doctest.DocTest:
    examples = doctest.DocTestParser().get_examples(code)
    return doctest.DocTest(examples, {}, "inline", None, 0, code)


# --- the API reference --------------------------------------------------------------------
def _load_apigen():
    name = "_array_api_mlx_docs_apigen"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, DOCS / "_ext" / "apigen.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def apigen():
    return _load_apigen()


@pytest.fixture(scope="module")
def rendered(apigen):
    return apigen.render()


def documented_names(pages: dict[str, str]) -> list[str]:
    """Full names given an entry by the generated reStructuredText."""
    names = []
    for text in pages.values():
        names += re.findall(r"^\.\. auto(?:function|class|method):: (\S+)$", text, flags=re.M)
        for name, options in re.findall(
            r"^\.\. py:data:: (\S+)\n((?:   :[\w-]+:.*\n)+)", text, flags=re.M
        ):
            module = re.search(r":module: (\S+)", options).group(1)
            if ":noindex:" not in options:
                names.append(f"{module}.{name}")
            else:
                names.append(f"{module}.{name} (see its page)")
        for members in re.findall(
            r"^\.\. autoclass:: array_api_mlx\.Array\n   :members: (.+)$", text, flags=re.M
        ):
            names += [f"array_api_mlx.Array.{m.strip()}" for m in members.split(",")]
    return names


def _resolve(fullname: str):
    parts = fullname.split(".")
    obj = importlib.import_module(parts[0])
    for part in parts[1:]:
        obj = getattr(obj, part)
    return obj


def test_every_public_name_has_one_entry(rendered):
    names = documented_names(rendered)
    plain = {n.removesuffix(" (see its page)") for n in names}
    expected = {f"array_api_mlx.{n}" for n in xp.__all__}
    expected |= {f"array_api_mlx.linalg.{n}" for n in xp.linalg.__all__}
    expected |= {f"array_api_mlx.fft.{n}" for n in xp.fft.__all__}
    assert not expected - plain, f"missing from the API reference: {sorted(expected - plain)}"
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"documented twice: {duplicates}"


def test_every_array_attribute_and_special_method_has_an_entry(rendered, apigen):
    names = set(documented_names(rendered))
    public = {n for n in dir(xp.Array) if not n.startswith("_")}
    assert {"device", "dtype", "shape", "to_device", "mT"} <= public
    for name in public:
        assert f"array_api_mlx.Array.{name}" in names
    dunders = {"__add__", "__radd__", "__iadd__", "__matmul__", "__eq__", "__neg__",
               "__getitem__", "__setitem__", "__dlpack__", "__dlpack_device__",
               "__array_namespace__", "__bool__", "__index__"}  # fmt: skip
    for name in dunders | (set(vars(xp.Array)) & set(apigen.array_special_methods())):
        assert f"array_api_mlx.Array.{name}" in names


def test_every_entry_resolves(rendered):
    for name in documented_names(rendered):
        _resolve(name.removesuffix(" (see its page)"))  # AttributeError if not public


def test_api_toctree_lists_every_generated_page(apigen, rendered):
    assert list(rendered) == apigen.PAGES
    text = (DOCS / "api.md").read_text()
    toctree = next(code for _, info, code in fenced_blocks(text) if info == "{toctree}")
    listed = [line.strip() for line in toctree.splitlines() if line.strip().startswith("api/")]
    assert listed == [f"api/{p}" for p in apigen.PAGES]


def test_functions_without_docstring_say_they_follow_the_standard(rendered):
    text = "\n".join(rendered.values())
    for name in xp.__all__:
        obj = getattr(xp, name)
        if not callable(obj) or isinstance(obj, type) or obj.__doc__:
            continue
        block = re.search(
            rf"^\.\. autofunction:: array_api_mlx\.{re.escape(name)}\n\n(   .+\n)+", text, flags=re.M
        )
        assert block is not None, name
        assert "Specification:" in block.group(0) or "Not in the standard" in block.group(0)


# --- the generated conformance and benchmark parts ----------------------------------------
def _load_results():
    name = "_array_api_mlx_docs_results"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, DOCS / "_ext" / "results.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_conformance_part_includes_each_committed_summary(tmp_path):
    results = _load_results()
    src = tmp_path / "docs"
    src.mkdir()
    assert "No conformance summary" in results.conformance_source(src)
    (tmp_path / "conformance" / "results").mkdir(parents=True)
    for name in ("2025.12-gpu.md", "2025.12-cpu.md"):
        (tmp_path / "conformance" / "results" / name).write_text("# x\n")
    text = results.conformance_source(src)
    assert re.findall(r"```\{include\} (\S+)", text) == [
        "/../conformance/results/2025.12-cpu.md",
        "/../conformance/results/2025.12-gpu.md",
    ]


def test_bench_series_reads_common_layouts():
    results = _load_results()
    ours = {"results": [
        {"name": "add", "backend": "mlx", "device": "gpu", "median_s": 0.5},
        {"name": "add", "backend": "numpy", "median_s": 2.0},
        {"name": "bad", "backend": "numpy", "median_s": float("nan")},
        {"backend": "numpy", "median_s": 1.0},
    ]}  # fmt: skip
    assert results.bench_series(ours) == {"mlx/gpu": {"add": 0.5}, "numpy": {"add": 2.0}}
    pytest_benchmark = {"benchmarks": [{"name": "test_add", "group": "add", "stats": {"median": 3.0}}]}
    assert results.bench_series(pytest_benchmark) == {"add": {"test_add": 3.0}}
    assert results.bench_series({"unrelated": 1}) == {}
