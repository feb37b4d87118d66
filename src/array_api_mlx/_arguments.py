"""Argument rules shared by every chapter: integer arguments, axes, and MLX's dimension
limit. One place for each, so every function names a bad argument the same way."""

from __future__ import annotations

import operator

from ._array_object import Array


class AxisError(ValueError, IndexError):
    """An axis argument out of bounds: a ValueError (the spec's error for bad axes) and,
    as NumPy's ``AxisError`` is, an IndexError too, so code written for either catches it."""


def as_int(value, name: str, argname: str) -> int:
    """A Python int from an int-like argument (not bool, not float); TypeError otherwise."""
    if type(value) is int:
        return value
    if isinstance(value, bool) or isinstance(value, (float, complex)) or type(value) is Array:
        raise TypeError(f"{name}: {argname} must be an int, not {type(value).__name__}")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{name}: {argname} must be an int, not {type(value).__name__}") from None


def normalize_axis(axis, ndim: int, name: str, argname: str = "axis") -> int:
    """``axis`` in ``[-ndim, ndim)`` as a non-negative int; AxisError when out of range."""
    axis = as_int(axis, name, argname)
    if not -ndim <= axis < ndim:
        raise AxisError(
            f"{name}: {argname}={axis} is out of bounds for an array of {ndim} "
            f"dimension{'s' if ndim != 1 else ''} (valid: {-ndim} to {ndim - 1})"
        )
    return axis % ndim


def normalize_axes(axis, ndim: int, name: str, argname: str = "axis") -> tuple[int, ...]:
    """An int or a tuple of ints as a tuple of distinct non-negative axes."""
    if isinstance(axis, (tuple, list)):
        axes = tuple(normalize_axis(a, ndim, name, argname) for a in axis)
    else:
        axes = (normalize_axis(axis, ndim, name, argname),)
    if len(set(axes)) != len(axes):
        raise ValueError(f"{name}: {argname} contains repeated axes: {axis}")
    return axes


# MLX stores dimensions as int32.
MAX_DIM = 2**31 - 1


def check_dims(shape, name: str) -> tuple[int, ...]:
    """ValueError for a result dimension beyond MLX's int32 limit."""
    for n in shape:
        if n > MAX_DIM:
            raise ValueError(
                f"{name}: the result would have a dimension of {n}; MLX array dimensions "
                f"are limited to 2**31 - 1"
            )
    return tuple(shape)
