"""Whether this thread is tracing a function for ``xp.compile`` (docs/compile.md).

While ``mx.compile`` traces a function, arrays computed from its arguments have shapes and
dtypes but no values: MLX refuses to evaluate them. The rules that depend on values read
``TRACE.name`` (None outside a trace, read as the class default): the routing table
(nothing runs on the host in a trace) and the bounds check of index arrays.
"""

from __future__ import annotations

import threading

__all__ = ["TRACE", "untraceable"]


class _Trace(threading.local):
    name: str | None = None  # the qualified name of the function being traced


TRACE = _Trace()


def untraceable(
    what: str, why: str, fix: str = "call it outside the compiled function"
) -> ValueError:
    """The ValueError (MLX's type for it) for an operation that cannot be traced; its
    message starts with ``xp.compile(``."""
    return ValueError(f"xp.compile({TRACE.name}): {what} cannot be traced: {why}; {fix}")
