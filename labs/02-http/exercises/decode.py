"""Exercise 2: undo a Content-Encoding.

A client that sends ``Accept-Encoding: gzip, deflate`` gets bodies it has to
decompress itself (urllib does not; requests does it for you). Write
:func:`decode_body`: given the response headers and the raw body bytes, return the
body as the server had it before compressing.

- ``headers`` is anything with an ``items()`` method yielding (name, value) pairs: a
  ``dict``, the ``http.client.HTTPMessage`` of ``response.headers``, requests'
  ``CaseInsensitiveDict``. Header names are case-insensitive
  (``content-encoding`` is ``Content-Encoding``), and so are coding names (``GZIP``).
- ``gzip``: the gzip format (``gzip.decompress``).
- ``deflate``: RFC 9110 says the zlib format (RFC 1950: a 2-byte header, the deflate
  data, an Adler-32 checksum), which is ``zlib.decompress(raw)``. Some servers send the
  bare deflate stream (RFC 1951) instead; ``zlib.decompress(raw, -zlib.MAX_WBITS)``
  reads that. Accept both.
- ``identity``, or no ``Content-Encoding`` at all: the body as it is.
- An empty body stays empty whatever the header says (a HEAD answer, a 204).
- Several codings, ``Content-Encoding: deflate, gzip``, were applied in that order:
  undo them last to first.
- Any other coding (``br``, ``compress``, ``zstd``...): raise ``ValueError`` naming it.

Graded (``pytest tests/lab02/test_ex02_decode.py``): hypothesis round trips for gzip
and for both kinds of deflate; identity, no header, header names and values in any
case, an empty body; the real gzip, deflate and identity bodies of the lab's Debian
page read with ``http.client``; unknown codings and stacked codings.
"""

from __future__ import annotations


def decode_body(headers, raw: bytes) -> bytes:
    """``raw`` with its Content-Encoding (gzip, deflate, identity) undone."""
    # TODO (exercise 2)
    raise NotImplementedError("exercise 2: write decode_body()")
