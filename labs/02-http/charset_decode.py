"""Bytes to text: decode a body with the charset its Content-Type declares.

Follows "Content types" in chapter 2 of the book, which split ``Content-Type: text/html;
charset=utf-8`` by hand to find the charset, then called ``read().decode(charset)``.
That breaks in two common cases, which the lab's web app reproduces:

- ``/python/no-charset``: no charset parameter at all (the book's ``split(';')`` raises
  ValueError);
- ``/python/wrong-charset``: a charset that is wrong (``ascii``, for a UTF-8 body):
  ``decode()`` raises UnicodeDecodeError.

The declared charset is a hint. This script reads it with the email-header parser
(``response.headers.get_content_charset()``) and falls back to UTF-8, then Latin-1
(which accepts any bytes), saying each time what it did.

Run it (with ``python lab_web.py`` in another terminal)::

    python charset_decode.py                         # the three pages
    python charset_decode.py --path /python/wrong-charset
"""

from __future__ import annotations

import http.client
import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass

from labkit import cli

SERVER_HINT = "is the lab's web app running? start it with: python lab_web.py"
PATHS = ("/python/utf8", "/python/wrong-charset", "/python/no-charset")
FALLBACKS = ("utf-8", "latin-1")  # latin-1 maps every byte to a character: never fails


@dataclass
class Decoded:
    content_type: str | None
    declared: str | None  # the charset parameter, if any
    used: str  # the codec that decoded the body
    note: str  # why that codec
    text: str


def decode_body(raw: bytes, declared: str | None) -> tuple[str, str, str]:
    """Decode ``raw``: the declared charset first, then the fallbacks; (text, codec, note)."""
    problems = []
    if declared:
        try:
            return raw.decode(declared), declared, "the declared charset"
        except LookupError:
            problems.append(f"{declared} is not a known codec")
        except UnicodeDecodeError as exc:
            problems.append(f"{declared} failed: {exc.reason} at byte {exc.start}")
    else:
        problems.append("no charset declared")
    for codec in FALLBACKS:
        try:
            return raw.decode(codec), codec, "; ".join(problems) + f"; fell back to {codec}"
        except UnicodeDecodeError as exc:
            problems.append(f"{codec} failed: {exc.reason} at byte {exc.start}")
    raise AssertionError("latin-1 decodes any bytes")


def fetch_text(url: str, timeout: float) -> Decoded:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies
    with opener.open(url, timeout=timeout) as response:
        content_type = response.headers["Content-Type"]
        declared = response.headers.get_content_charset()  # None when there is none
        raw = response.read()
    text, used, note = decode_body(raw, declared)
    return Decoded(content_type, declared, used, note, text)


def first_paragraph(html: str) -> str:
    match = re.search(r"<p>(.*?)</p>", html, re.DOTALL)
    return match.group(1).strip() if match else html.strip().splitlines()[0][:100]


def report(path: str, decoded: Decoded) -> str:
    return "\n".join(
        [
            path,
            f"  Content-Type: {decoded.content_type}",
            f"  declared charset: {decoded.declared}",
            f"  decoded with: {decoded.used} ({decoded.note})",
            f"  text: {first_paragraph(decoded.text)}",
        ]
    )


def parse_args(argv):
    parser = cli.ArgumentParser(description="Decode web pages by their declared charset.")
    cli.add_base_url(parser, "web_base_url")
    parser.add_argument(
        "--path",
        action="append",
        help="a path to fetch, repeatable (default: the three /python/ pages)",
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    for path in args.path or ():
        if not path.startswith("/") or not path.isascii() or " " in path:
            parser.error(f"--path must be an ASCII path starting with /, not {path!r}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    reports = []
    for path in args.path or PATHS:
        url = args.base_url.rstrip("/") + path
        try:
            reports.append(report(path, fetch_text(url, args.timeout)))
        except urllib.error.HTTPError as exc:
            exc.close()
            return cli.error(f"{cli.describe_error(exc)} for {url}")
        except (OSError, http.client.HTTPException) as exc:
            reason = cli.with_hint(cli.describe_error(exc), SERVER_HINT)
            return cli.error(f"cannot fetch {url}: {reason}")
    return cli.print_output("\n".join(reports))


if __name__ == "__main__":
    sys.exit(main())
