"""The ``linalg`` extension (to be written)."""

__all__: list[str] = []
