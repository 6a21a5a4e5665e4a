"""Content compression: ask for gzip with Accept-Encoding, undo it with the gzip module.

Follows "Content compression" and "Multiple values" in chapter 2 of the book. The client
lists the codings it can undo in ``Accept-Encoding`` (optionally weighted with q-values,
``gzip, deflate;q=0.8, identity;q=0``); the server picks one, says which in
``Content-Encoding``, and sends the body encoded. urllib does not decode bodies for you:
``read()`` returns the compressed bytes, and a gzip body starts with the magic number
``1f 8b``. ``identity`` means "no coding" and comes back without a Content-Encoding header.

Run it (with ``python lab_web.py`` in another terminal)::

    python compression.py                             # gzip
    python compression.py --encoding identity
    python compression.py --encoding 'deflate, gzip, identity'
    python compression.py --encoding 'identity;q=0, *;q=0'   # nothing acceptable: 406

Differences from the book: a ``deflate`` answer is decoded too (zlib format), an unknown
or malformed coding is reported in one line instead of a traceback.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import re
import sys
import urllib.error
import urllib.request
import zlib

from labkit import cli

SERVER_HINT = "is the lab's web app running? start it with: python lab_web.py"
CODING_LIST = re.compile(r"[A-Za-z0-9*,;=. -]+")


class DecodingError(Exception):
    """The body cannot be decoded as its Content-Encoding says."""


def coding_list(text: str) -> str:
    """argparse type: an Accept-Encoding value such as ``gzip, deflate;q=0.8``."""
    if not CODING_LIST.fullmatch(text):
        raise argparse.ArgumentTypeError(f"not a list of content codings: {text!r}")
    return text


def fetch_encoded(url: str, accept_encoding: str, timeout: float) -> tuple[str | None, bytes]:
    """GET ``url`` with ``Accept-Encoding``; returns (Content-Encoding or None, raw body)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept_encoding})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies
    with opener.open(request, timeout=timeout) as response:
        return response.headers["Content-Encoding"], response.read()


def decode(coding: str | None, raw: bytes) -> bytes:
    """Undo the content coding; raises DecodingError for an unknown or broken one."""
    coding = (coding or "identity").strip().lower()
    try:
        if coding == "gzip":
            return gzip.decompress(raw)
        if coding == "deflate":
            return zlib.decompress(raw)  # HTTP's "deflate" is the zlib format
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        raise DecodingError(f"malformed {coding} body: {exc}") from None
    if coding == "identity":
        return raw
    raise DecodingError(f"unsupported Content-Encoding: {coding}")


def title(html: bytes) -> str:
    match = re.search(rb"<title>.*?</title>", html, re.DOTALL)
    return match.group().decode("utf-8", errors="replace") if match else "(no title)"


def report(accept: str, coding: str | None, raw: bytes, body: bytes) -> str:
    lines = [f"Accept-Encoding: {accept}", f"Content-Encoding: {coding}"]
    if coding is None:
        lines[-1] += " (no such header: the body is sent as it is)"
    magic = " ".join(f"{byte:02x}" for byte in raw[:2])
    lines.append(f"raw body: {len(raw)} bytes, starting {magic}")
    if coding == "gzip":
        lines.append("  (1f 8b is gzip's magic number: this is compressed data)")
    if coding:
        lines.append(f"decoded body: {len(body)} bytes")
    lines.append(f"  {title(body)}")
    return "\n".join(lines)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Ask the lab's Debian page for a compressed body.")
    cli.add_base_url(parser, "web_base_url")
    parser.add_argument(
        "--encoding",
        type=coding_list,
        default="gzip",
        help="the Accept-Encoding value to send (default: gzip)",
    )
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    url = args.base_url.rstrip("/") + "/debian/"
    try:
        coding, raw = fetch_encoded(url, args.encoding, args.timeout)
        body = decode(coding, raw)
    except urllib.error.HTTPError as exc:
        exc.close()
        return cli.error(f"{cli.describe_error(exc)} for {url}")
    except (OSError, http.client.HTTPException) as exc:
        reason = cli.with_hint(cli.describe_error(exc), SERVER_HINT)
        return cli.error(f"cannot fetch {url}: {reason}")
    except DecodingError as exc:
        return cli.error(f"{url}: {exc}")
    return cli.print_output(report(args.encoding, coding, raw, body))


if __name__ == "__main__":
    sys.exit(main())
