"""``python -m bench``: run the benchmarks, print tables, optionally write JSON."""

from __future__ import annotations

import os

# scikit-learn's array API dispatch needs this before scipy is first imported.
os.environ.setdefault("SCIPY_ARRAY_API", "1")

from .cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
