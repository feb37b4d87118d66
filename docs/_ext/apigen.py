"""Generate the API reference pages (``docs/api/*.rst``) from the package's ``__all__``.

Run at every Sphinx build (see ``setup``), so functions added to a chapter module's
``__all__`` appear without editing the docs. Every public name of ``array_api_mlx``,
``array_api_mlx.linalg`` and ``array_api_mlx.fft`` gets one entry, and so does every
public attribute and special method of ``Array``; ``tests/test_docs.py`` checks that.

Functions and classes are documented with autodoc (their docstrings say what differs
from the standard); data (dtypes, devices, constants) with ``py:data`` entries written
here. Each entry links to its page of the specification. The pages are reStructuredText,
the language of autodoc's output and of the docstrings.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from pathlib import Path

SPEC = "https://data-apis.org/array-api/2025.12"
PKG = "array_api_mlx"

# (page, title, chapter module, spec page of the chapter). Names from a chapter module's
# __all__ go to its page; names of no chapter go to the "namespace" page.
CHAPTERS = [
    ("creation", "Creation functions", "_creation", "API_specification/creation_functions.html"),
    ("data_types", "Data type functions", "_data_type_functions", "API_specification/data_type_functions.html"),
    ("elementwise", "Element-wise functions", "_elementwise", "API_specification/elementwise_functions.html"),
    ("indexing", "Indexing functions", "_indexing_functions", "API_specification/indexing_functions.html"),
    ("linear_algebra", "Linear algebra functions", "_linalg_functions", "API_specification/linear_algebra_functions.html"),
    ("manipulation", "Manipulation functions", "_manipulation", "API_specification/manipulation_functions.html"),
    ("searching", "Searching functions", "_searching", "API_specification/searching_functions.html"),
    ("set", "Set functions", "_set", "API_specification/set_functions.html"),
    ("sorting", "Sorting functions", "_sorting", "API_specification/sorting_functions.html"),
    ("statistical", "Statistical functions", "_statistical", "API_specification/statistical_functions.html"),
    ("utility", "Utility functions", "_utility", "API_specification/utility_functions.html"),
]  # fmt: skip
EXTENSIONS = [
    ("linalg", "array_api_mlx.linalg", "linalg", "extensions/linear_algebra_functions.html"),
    ("fft", "array_api_mlx.fft", "fft", "extensions/fourier_transform_functions.html"),
]
# Page order in the reference (api.md's toctree must list exactly these).
PAGES = ["array", "namespace", *(c[0] for c in CHAPTERS), *(e[0] for e in EXTENSIONS)]

# Names of the namespace that the standard does not define.
NOT_IN_STANDARD = {
    "Array": "the array type (the standard specifies its behaviour, not its name)",
    "Device": "the device type of this library",
    "cpu": "this library's CPU device",
    "gpu": "this library's first GPU device",
    "default_device": "this library's device model",
    "set_default_device": "this library's device model",
    "eval": "MLX is lazy",
    "compile": "MLX's compiler, for functions written against this namespace",
    "float16": "an MLX dtype the standard does not list",
    "bfloat16": "an MLX dtype the standard does not list",
}

# Text of the data entries (reStructuredText).
DTYPE_NOTES = {
    "bool": "Boolean.",
    "float32": "32-bit real floating point; the default real floating dtype on every device.",
    "float64": (
        "64-bit real floating point, **on the CPU device only**: MLX's GPU backends have no "
        "float64, so creating or casting to it on a GPU raises ``ValueError`` at call time. "
        "See :ref:`dtypes-per-device`."
    ),
    "complex64": (
        "Complex of two float32; the default complex dtype. MLX has no ``complex128``, so "
        "the namespace does not define it."
    ),
    "float16": (
        "16-bit IEEE float, an extra dtype: usable in functions, but never listed by "
        "``__array_namespace_info__().dtypes()`` (the standard allows only its own dtypes "
        "there)."
    ),
    "bfloat16": (
        "bfloat16, an extra dtype: usable in functions, but never listed by "
        "``__array_namespace_info__().dtypes()``. Converted to float32 when exported to "
        "NumPy."
    ),
}

CONSTANT_NOTES = {
    "e": "Euler's number, a Python ``float``.",
    "pi": "π, a Python ``float``.",
    "inf": "Positive infinity, a Python ``float``.",
    "nan": "Not a number, a Python ``float``.",
    "newaxis": "``None``: in an index, inserts an axis of size one.",
    "__array_api_version__": (
        "The version of the standard implemented, a string. "
        "``x.__array_namespace__(api_version=...)`` also accepts ``\"2023.12\"`` and "
        "``\"2024.12\"``."
    ),
    "cpu": "The CPU device, always present.",
    "gpu": (
        "The first GPU (Metal on Apple silicon, CUDA on Linux), or ``None`` where MLX has no "
        "GPU backend (the Linux CPU build). See the :doc:`device guide <../devices>`."
    ),
}

# Special methods of the array object: the operator they implement and, for operators
# that have one, the element-wise function of the same meaning.
BINARY_OPS = {
    "add": ("+", "add"), "sub": ("-", "subtract"), "mul": ("*", "multiply"),
    "truediv": ("/", "divide"), "floordiv": ("//", "floor_divide"), "mod": ("%", "remainder"),
    "pow": ("**", "pow"), "matmul": ("@", "matmul"), "and": ("&", "bitwise_and"),
    "or": ("|", "bitwise_or"), "xor": ("^", "bitwise_xor"),
    "lshift": ("<<", "bitwise_left_shift"), "rshift": (">>", "bitwise_right_shift"),
}  # fmt: skip
COMPARISONS = {
    "lt": ("<", "less"), "le": ("<=", "less_equal"), "gt": (">", "greater"),
    "ge": (">=", "greater_equal"), "eq": ("==", "equal"), "ne": ("!=", "not_equal"),
}  # fmt: skip
UNARY_OPS = {
    "neg": ("-x", "negative"), "pos": ("+x", "positive"), "abs": ("abs(x)", "abs"),
    "invert": ("~x", "bitwise_invert"),
}  # fmt: skip
OTHER_DUNDERS = [
    "__array_namespace__", "__getitem__", "__setitem__", "__bool__", "__int__", "__float__",
    "__complex__", "__index__", "__dlpack__", "__dlpack_device__", "__array__", "__len__",
    "__iter__", "__repr__",
]  # fmt: skip
NOT_SPEC_DUNDERS = {"__array__", "__len__", "__iter__", "__repr__"}


def array_special_methods() -> dict[str, str]:
    """The special methods of ``Array`` to document, each with a line of RST text."""
    xp = importlib.import_module(PKG)
    out = {}
    for op, (sym, fn) in BINARY_OPS.items():
        out[f"__{op}__"] = f"``x {sym} other``, the same as :func:`~{PKG}.{fn}`."
        out[f"__r{op}__"] = f"``other {sym} x`` for a Python scalar ``other`` (reflected ``__{op}__``)."
        out[f"__i{op}__"] = (
            f"``x {sym}= other``, in place; ``TypeError`` if the result's dtype would differ "
            "from ``x``'s, ``ValueError`` if its shape would."
        )
    for op, (sym, fn) in COMPARISONS.items():
        out[f"__{op}__"] = f"``x {sym} other``, the same as :func:`~{PKG}.{fn}`."
    for op, (expr, fn) in UNARY_OPS.items():
        out[f"__{op}__"] = f"``{expr}``, the same as :func:`~{PKG}.{fn}`."
    for name in OTHER_DUNDERS:
        out[name] = ""
    return {k: v for k, v in out.items() if k in vars(xp.Array)}


@dataclasses.dataclass
class Entry:
    page: str
    fullname: str  # e.g. "array_api_mlx.add"
    kind: str  # "function", "class", "data", "method", "member"
    text: str  # the reStructuredText of the entry ("" for members autoclass documents)


def _link(url: str, label: str) -> str:
    return f"`{label} <{url}>`__"


def _directive(name: str, arg: str, options: dict | None = None, body: str = "") -> str:
    lines = [f".. {name}:: {arg}"]
    lines += [f"   :{k}:" + (f" {v}" if v else "") for k, v in (options or {}).items()]
    if body:
        lines += ["", *(f"   {line}" if line else "" for line in body.splitlines())]
    return "\n".join(lines) + "\n"


def _function_entry(page, fullname, obj, spec_url, note=None) -> Entry:
    if note:
        body = f"*Not in the standard*: {note}."
    else:
        body = f"Specification: {_link(spec_url, fullname.rsplit('.', 1)[1])}."
        if not inspect.getdoc(obj):
            body = "Behaves as the standard specifies. " + body
    return Entry(page, fullname, "function", _directive("autofunction", fullname, body=body))


def _class_entry(page, fullname, body, members=None, undoc=False) -> Entry:
    options = {"members": members or ""}
    if undoc:
        options["undoc-members"] = ""
    return Entry(page, fullname, "class", _directive("autoclass", fullname, options, body))


def _data_entry(page, module, name, value, text) -> Entry:
    options = {"module": module}
    if value is not None:
        options["value"] = value
    return Entry(page, f"{module}.{name}", "data", _directive("py:data", name, options, text))


def _chapter_of(name: str) -> str | None:
    for page, _, modname, _ in CHAPTERS:
        try:
            mod = importlib.import_module(f"{PKG}.{modname}")
        except ImportError:
            continue
        if name in getattr(mod, "__all__", ()):
            return page
    return None


def _array_entries() -> list[Entry]:
    """The array object: its public attributes, then its special methods."""
    xp = importlib.import_module(PKG)
    members = sorted(n for n in dir(xp.Array) if not n.startswith("_"))
    spec = _link(f"{SPEC}/API_specification/array_object.html", "the array object")
    out = [_class_entry("array", f"{PKG}.Array", f"Specification: {spec}.",
                        members=", ".join(members), undoc=True)]  # fmt: skip
    out += [Entry("array", f"{PKG}.Array.{n}", "member", "") for n in members]
    reflected = {f"__{p}{op}__": f"__{op}__" for op in BINARY_OPS for p in ("r", "i")}
    for name, text in array_special_methods().items():
        body = text
        if name not in NOT_SPEC_DUNDERS:
            base = reflected.get(name, name)
            url = f"{SPEC}/API_specification/generated/array_api.array.{base}.html"
            body = (body + " " if body else "") + f"Specification: {_link(url, base)}."
        fullname = f"{PKG}.Array.{name}"
        out.append(Entry("array", fullname, "method", _directive("automethod", fullname, body=body)))
    return out


def entries() -> list[Entry]:
    """One entry per public name, in page order."""
    xp = importlib.import_module(PKG)
    out = _array_entries()
    for name in xp.__all__:
        if name == "Array":
            continue
        obj = getattr(xp, name)
        fullname = f"{PKG}.{name}"
        page = _chapter_of(name) or "namespace"
        note = NOT_IN_STANDARD.get(name)
        if inspect.ismodule(obj):
            # The module itself is described on its own page: no second index entry.
            text = f"The ``{name}`` extension of the standard: see :mod:`{obj.__name__}`."
            entry = _data_entry(page, PKG, name, None, text)
            entry.text = entry.text.replace("   :module:", "   :noindex:\n   :module:", 1)
            out.append(entry)
        elif inspect.isclass(obj):
            out.append(_class_entry(page, fullname, f"*Not in the standard*: {note}." if note else ""))
        elif type(obj).__name__ == "DType":
            text = DTYPE_NOTES.get(name) or f"The ``{name}`` data type."
            if note:
                text += f" *Not in the standard*: {note}."
            else:
                text += f" See {_link(SPEC + '/API_specification/data_types.html', 'data types')}."
            out.append(_data_entry(page, PKG, name, f"{PKG}.{name}", text))
        elif callable(obj):
            if name == "__array_namespace_info__":
                url = f"{SPEC}/API_specification/generated/array_api.info.__array_namespace_info__.html"
            else:
                url = f"{SPEC}/API_specification/generated/array_api.{name}.html"
            out.append(_function_entry(page, fullname, obj, url, note))
            if name == "__array_namespace_info__":
                out.append(_class_entry(page, f"{PKG}._info.Info",
                                        "What ``__array_namespace_info__()`` returns.", undoc=True))  # fmt: skip
        else:
            text = CONSTANT_NOTES.get(name) or f"``{name}``."
            if name in ("e", "pi", "inf", "nan", "newaxis"):
                text += f" See {_link(SPEC + '/API_specification/constants.html', 'constants')}."
            value = repr(obj) if isinstance(obj, (int, float, str)) else None
            out.append(_data_entry(page, PKG, name, value, text))

    for page, modpath, _, _ in EXTENSIONS:
        mod = importlib.import_module(modpath)
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name)
            fullname = f"{modpath}.{name}"
            if inspect.isclass(obj):
                out.append(_class_entry(page, fullname, ""))
            elif callable(obj):
                url = f"{SPEC}/extensions/generated/array_api.{page}.{name}.html"
                out.append(_function_entry(page, fullname, obj, url))
            else:
                out.append(_data_entry(page, modpath, name, None, f"``{name}``."))
    return out


def _summary_table(page_entries: list[Entry], module: str) -> str:
    """An autosummary table of the page's functions and classes (names relative to
    ``module``, the page's current module)."""
    names = [e.fullname.removeprefix(module + ".") for e in page_entries
             if e.kind in ("function", "class")]  # fmt: skip
    if not names:
        return ""
    return ".. autosummary::\n\n" + "".join(f"   {n}\n" for n in names)


def _title(text: str) -> str:
    return f"{text}\n{'=' * len(text)}\n"


def render() -> dict[str, str]:
    """The reStructuredText of each generated page, keyed by page name."""
    by_page: dict[str, list[Entry]] = {p: [] for p in PAGES}
    for e in entries():
        by_page[e.page].append(e)
    chapters = {c[0]: (c[1], c[3]) for c in CHAPTERS}
    extensions = {e[0]: (e[1], e[3]) for e in EXTENSIONS}
    pages = {}
    for page in PAGES:
        module = PKG
        if page == "array":
            title = "The array object"
            intro = (
                "Arrays are created by the namespace's functions (``xp.asarray``, "
                "``xp.zeros``...), never by calling ``Array``. Each array has a device, the "
                "one its operations run on: see the :doc:`device guide <../devices>`."
            )
        elif page == "namespace":
            title = "Data types, devices and constants"
            intro = (
                "The data types, the device objects and functions, the constants and the "
                "namespace-level objects that belong to no chapter of the standard. Names "
                "marked *not in the standard* are this library's extensions."
            )
        elif page in chapters:
            title, spec_page = chapters[page]
            intro = (
                f"The {title[0].lower() + title[1:]} of the namespace "
                f"({_link(f'{SPEC}/{spec_page}', 'specification')})."
            )
        else:
            module, spec_page = extensions[page]
            title = f"``{module}``"
            intro = _directive("automodule", module) + (
                f"\nThe ``{page}`` extension "
                f"({_link(f'{SPEC}/{spec_page}', 'specification')})."
            )
        ents = by_page[page]
        parts = [
            ".. Generated by docs/_ext/apigen.py at build time from __all__; do not edit.\n",
            _title(title),
            _directive("py:currentmodule", module),
            intro + "\n",
        ]
        if not ents:
            parts.append("Nothing here yet.\n")
        else:
            table = _summary_table(ents, module)
            if table:
                parts.append(table)
            parts += [e.text for e in ents if e.text]
        pages[page] = "\n".join(parts)
    return pages


def write(outdir: Path) -> list[Path]:
    """Write the pages into ``outdir``; rewrite only what changed, drop stale pages."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for page, text in render().items():
        path = outdir / f"{page}.rst"
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
        written.append(path)
    for stale in [*outdir.glob("*.rst"), *outdir.glob("*.md")]:
        if stale not in written:
            stale.unlink()
    return written


def _on_config_inited(app, config):
    write(Path(app.srcdir) / "api")


def setup(app):
    app.connect("config-inited", _on_config_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
