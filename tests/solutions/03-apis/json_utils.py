"""Exercise 8: JSON utilities. Reference solution."""

from __future__ import annotations

import json  # noqa: F401


def set_default(obj):
    """``default=`` hook for json.dumps: sets become sorted lists."""
    if isinstance(obj, set | frozenset):
        return sorted(obj)
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def _key(key):
    if isinstance(key, str):
        try:
            number = int(key)
        except ValueError:
            return key
        if str(number) == key:
            return number
    return key


def restore_int_keys(obj):
    """A copy of ``obj`` whose integer-looking dict keys are ints again, at every depth."""
    if isinstance(obj, dict):
        return {_key(key): restore_int_keys(value) for key, value in obj.items()}
    if isinstance(obj, list):
        return [restore_int_keys(value) for value in obj]
    return obj
