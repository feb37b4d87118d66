"""Users' code type-checks against the package: operators, indexing and comparisons are
declared on ``Array`` (the package ships ``py.typed``)."""

from __future__ import annotations

import ast
import graphlib
import os
import sys
import textwrap
from pathlib import Path

import pytest

import array_api_mlx

mypy_api = pytest.importorskip("mypy.api", reason="mypy is part of the test extra")

USER_SCRIPT = """
    import array_api_mlx as xp

    x = xp.asarray([1.0, 2.0, 3.0])
    y = x + 1
    z = 2 * x - x / 3.0 + x // 2 + x % 2 + x**2
    m = x @ x
    b = (x < y) & (x >= 0.5) | ~(x > 1.0)
    first = x[0]
    part = x[1:, ...]
    x[0] = 5.0
    x[xp.asarray([0, 1])] = 1.0
    x += 1
    x *= x
    n: float = float(xp.sum(x))
    i = xp.asarray([1, 2]) << 1
    print(y, z, m, b, first, part, n, -x, +x, abs(x), x == y, x != 2.0, i, x.T, x.mT)
"""


def _mypy(tmp_path: Path, source: str) -> tuple[str, int]:
    script = tmp_path / "user.py"
    script.write_text(textwrap.dedent(source))
    package_root = str(Path(array_api_mlx.__file__).parent.parent)
    env_path = os.environ.get("MYPYPATH")
    os.environ["MYPYPATH"] = package_root
    try:
        out, err, status = mypy_api.run(
            ["--strict", "--no-incremental", "--python-executable", sys.executable, str(script)]
        )
    finally:
        if env_path is None:
            del os.environ["MYPYPATH"]
        else:
            os.environ["MYPYPATH"] = env_path
    return out + err, status


def test_user_script_passes_mypy_strict(tmp_path):
    """One run: the user's script is clean under ``--strict``, and the declarations are
    real (a bad operand is reported, not typed as Any)."""
    bad = '\nreveal_type(x + 1)\nx + "a"  # the one error\n'
    out, status = _mypy(tmp_path, textwrap.dedent(USER_SCRIPT) + bad)
    assert status == 1, out
    assert 'Revealed type is "array_api_mlx._array_object.Array"' in out
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 1 and 'Unsupported operand types for + ("Array" and "str")' in errors[0], out


def _imports(path: Path) -> set[str]:
    """The package's own modules that ``path`` imports, at any depth of its code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return found


def test_import_graph_has_no_cycle():
    """The modules form a layered graph (design §1), function-level imports included:
    dtypes -> devices -> ... -> array -> operands -> chapters -> operators -> namespace."""
    src = Path(array_api_mlx.__file__).parent
    graph = {p.stem: _imports(p) for p in src.glob("*.py") if p.stem != "__main__"}
    graph = {m: {d for d in deps if d in graph and d != "__init__"} for m, deps in graph.items()}
    order = list(graphlib.TopologicalSorter(graph).static_order())  # CycleError on a cycle
    assert order.index("_dtypes") < order.index("_devices") < order.index("_array_object")
    assert order.index("_array_object") < order.index("_operands") < order.index("_elementwise")
    assert order.index("_elementwise") < order.index("_operators") < order.index("__init__")
