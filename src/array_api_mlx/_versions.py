"""Namespaces for the earlier revisions of the standard this package supports.

The 2025.12 namespace is the package itself. 2023.12 and 2024.12 differ from it only in
return types: ``meshgrid``, ``broadcast_arrays`` and ``__array_namespace_info__().devices()``
return lists there, tuples in 2025.12. ``x.__array_namespace__(api_version="2024.12")``
returns the namespace of that revision; it is also importable by name, as
``array_api_mlx.api_2024_12`` (how the conformance suite selects a namespace).
"""

from __future__ import annotations

import sys
import types
from typing import Any

from ._devices import Device
from ._info import Info

LATEST = "2025.12"
VERSIONS = ("2023.12", "2024.12", LATEST)


class _ListDevicesInfo(Info):
    """``devices()`` as a list (2023.12, 2024.12)."""

    # The earlier revisions return a list where 2025.12 returns a tuple.
    def devices(self) -> list[Device]:  # type: ignore[override]
        return list(super().devices())


def _build(package: types.ModuleType, version: str) -> types.ModuleType:
    name = f"{package.__name__}.api_{version.replace('.', '_')}"
    ns = types.ModuleType(name, f"array_api_mlx for revision {version} of the standard.")
    for attr in package.__all__:
        setattr(ns, attr, getattr(package, attr))
    info = _ListDevicesInfo()

    def __array_namespace_info__() -> Info:
        return info

    # ``Any``: these functions live on a module built at run time, which type checkers do
    # not see (and importing ``Array`` here would make a cycle: ``_array_object`` imports
    # this module).
    def meshgrid(*arrays: Any, indexing: str = "xy") -> list[Any]:
        return list(package.meshgrid(*arrays, indexing=indexing))

    def broadcast_arrays(*arrays: Any) -> list[Any]:
        return list(package.broadcast_arrays(*arrays))

    for fn in (__array_namespace_info__, meshgrid, broadcast_arrays):
        fn.__module__ = name
        fn.__doc__ = getattr(package, fn.__name__).__doc__
        setattr(ns, fn.__name__, fn)
    vars(ns).update(__array_api_version__=version, __all__=list(package.__all__))
    sys.modules[name] = ns
    return ns


_NAMESPACES: dict[str, types.ModuleType] = {}


def install(package: types.ModuleType) -> None:
    """Create the earlier revisions' namespaces (called once at import)."""
    _NAMESPACES[LATEST] = package
    for version in VERSIONS[:-1]:
        _NAMESPACES[version] = _build(package, version)


def namespace_for(api_version: str | None) -> types.ModuleType:
    """The namespace of ``api_version`` (None: the latest); ValueError for others."""
    try:
        return _NAMESPACES[api_version or LATEST]
    except KeyError:
        raise ValueError(
            f"api_version must be None or one of {', '.join(VERSIONS)}; got {api_version!r}"
        ) from None
