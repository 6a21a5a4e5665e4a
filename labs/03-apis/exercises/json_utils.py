"""Exercise 8: JSON utilities for what JSON cannot say.

JSON has no sets and only string keys. Write:

- :func:`set_default`, to pass as ``json.dumps(obj, default=set_default)``: ``json``
  calls it for every object it cannot encode itself. Return a *sorted* list for a
  ``set`` or ``frozenset``; for anything else raise ``TypeError`` with the message json
  itself uses, ``Object of type NAME is not JSON serializable`` (NAME being e.g.
  ``complex``).
- :func:`restore_int_keys`: undo what a round trip does to integer keys, at every depth:
  in every dict (also inside lists), a key that is the decimal text of an int
  (``"7"``, ``"-1"``, but not ``"07"``, ``"1.5"`` or ``"x"``) becomes that int; other
  keys and all values stay as they are. Return new objects, leave the argument alone.

    >>> json.dumps({"ports": {443, 80}}, default=set_default)
    '{"ports": [80, 443]}'
    >>> restore_int_keys(json.loads(json.dumps({80: "http", "hosts": [{1: "a"}]})))
    {80: 'http', 'hosts': [{1: 'a'}]}

Graded (``tests/lab03/test_ex08_json_utils.py``) by round trips.
"""

from __future__ import annotations

import json  # noqa: F401  (used in the examples)


def set_default(obj):
    """``default=`` hook for json.dumps: sets become sorted lists."""
    # TODO (exercise 8)
    raise NotImplementedError("exercise 8: write set_default()")


def restore_int_keys(obj):
    """A copy of ``obj`` whose integer-looking dict keys are ints again, at every depth."""
    # TODO (exercise 8)
    raise NotImplementedError("exercise 8: write restore_int_keys()")
