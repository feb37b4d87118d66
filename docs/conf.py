"""Sphinx configuration: MyST pages, the furo theme, autodoc from the installed package.

Built with warnings as errors: ``sphinx-build -W --keep-going -b html docs docs/_build/html``.
The API reference pages (``api/``) and the conformance and benchmark parts
(``_generated/``) are written at every build by the extensions in ``_ext/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

import array_api_mlx  # noqa: E402

project = "array-api-mlx"
author = "array-api-mlx developers"
copyright = "array-api-mlx developers"
release = array_api_mlx.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "apigen",
    "results",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
# ecosystem_results.md is included into ecosystem.md, not a page of its own.
exclude_patterns = ["_build", "_generated", "README.md", "ecosystem_results.md"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# Committed summaries included from conformance/ and bench/ may skip heading levels.
suppress_warnings = ["myst.header"]

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autosummary_generate = False

html_theme = "furo"
html_title = f"array-api-mlx {release}"
html_static_path: list[str] = []
pygments_style = "sphinx"
pygments_dark_style = "monokai"
