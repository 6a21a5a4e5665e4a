"""Exercise 3: pick a content coding from Accept-Encoding, as a server does.

A client lists the codings it accepts, each with an optional weight, its *q-value*
(RFC 9110 §12.4.2 and §12.5.3)::

    Accept-Encoding: gzip, deflate;q=0.8, identity;q=0.0

Write :func:`choose`: given that header's value and the codings the server can
produce (``available``, in the server's order of preference), return the coding to
answer with, or ``None`` when none is acceptable (the server then answers
406 Not Acceptable).

The rules:

- Elements are separated by commas; each is a coding name, optionally followed by
  ``;q=VALUE`` (0 to 1, default 1). Ignore spaces around names, ``;`` and ``=``; coding
  names and the ``q`` are case-insensitive (``GZIP;Q=0.5``). Return the name as it is
  spelt in ``available``.
- ``q=0`` means "not acceptable".
- ``*`` stands for every coding the header does not name.
- ``identity`` (no coding at all) is acceptable even when the header does not name it,
  unless ``identity;q=0`` excludes it, or ``*;q=0`` does and ``identity`` is not listed
  with a q-value of its own. Acceptable in this implicit way, it comes after every coding
  the client accepted explicitly (by name or through ``*``).
- An empty header (``""``) accepts only ``identity``; no header at all
  (``accept_encoding is None``) accepts everything, and the server's first choice wins.
- Among acceptable codings the highest q-value wins; on a tie, the one that comes
  first in ``available`` wins.

Examples, with ``available = ["gzip", "deflate", "identity"]``::

    choose("gzip, deflate;q=0.8, identity;q=0.0", available)   -> "gzip"
    choose("deflate, gzip", available)                          -> "gzip"      (a tie)
    choose("gzip;q=0.5, deflate", available)                    -> "deflate"
    choose("br", available)                                     -> "identity"  (implicit)
    choose("identity;q=0, *;q=0", available)                    -> None        (406)

Graded (``pytest tests/lab02/test_ex03_negotiate.py``) by tables like these: plain
lists and ties; q-values, spaces and case; exclusions with ``q=0`` and ``*;q=0``;
``identity`` without a header, with an empty header and when unnamed.
"""

from __future__ import annotations


def choose(accept_encoding: str | None, available: list[str]) -> str | None:
    """The coding of ``available`` to use for this Accept-Encoding, or None (406)."""
    # TODO (exercise 3)
    raise NotImplementedError("exercise 3: write choose()")
