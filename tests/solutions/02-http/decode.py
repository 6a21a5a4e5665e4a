"""Exercise 2 (reference solution): undo a Content-Encoding."""

from __future__ import annotations

import gzip
import zlib


def content_codings(headers) -> list[str]:
    """The codings in Content-Encoding, in the order they were applied, lower-cased."""
    codings = []
    for name, value in headers.items():
        if name.lower() == "content-encoding":
            codings += [part.strip().lower() for part in value.split(",") if part.strip()]
    return codings


def inflate(raw: bytes) -> bytes:
    """HTTP "deflate": the zlib format, or (from some servers) a bare deflate stream."""
    try:
        return zlib.decompress(raw)
    except zlib.error:
        return zlib.decompress(raw, -zlib.MAX_WBITS)


DECODERS = {"gzip": gzip.decompress, "x-gzip": gzip.decompress, "deflate": inflate}


def decode_body(headers, raw: bytes) -> bytes:
    """``raw`` with its Content-Encoding (gzip, deflate, identity) undone."""
    if not raw:
        return raw
    body = raw
    for coding in reversed(content_codings(headers)):
        if coding == "identity":
            continue
        if coding not in DECODERS:
            raise ValueError(f"unsupported content coding: {coding!r}")
        body = DECODERS[coding](body)
    return body
