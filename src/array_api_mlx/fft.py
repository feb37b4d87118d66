"""The ``fft`` extension (to be written)."""

__all__: list[str] = []
