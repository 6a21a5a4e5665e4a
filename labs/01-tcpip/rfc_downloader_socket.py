"""Download an RFC one layer lower: HTTP spoken by hand over a TCP socket.

Follows "Looking deeper" in chapter 1 of the book: the same job as
``rfc_downloader.py``, but with ``socket`` instead of ``urllib``, as if no HTTP library
existed. We open a TCP connection, write an HTTP request ourselves, read the reply
until the server closes the connection, and print it.

What you see is the raw response: the status line (``HTTP/1.1 200 OK``), the headers,
a blank line, then the body. urllib hid all of that from us, and it also checked the
status code: this client prints a 404 page as happily as the RFC and exits 0.

It also does NOT undo chunked transfer encoding. We speak HTTP/1.1, so a server may
send the body in chunks, each preceded by its size in hexadecimal on a line of its own
and followed by a final ``0`` line; those lines then appear in the output, in the
middle of the text (try the mirror with ``--mode chunked``). Parsing the status,
the headers and the body properly is exercise 2 of this lab.

Run it (the mirror in another terminal: ``python rfc_mirror.py``)::

    python rfc_downloader_socket.py 2324 | less
    python rfc_downloader_socket.py 2324 --base-url http://127.0.0.1:8002/rfc/

Changes from the book: ``Connection: close`` is still what ends the reply (the server
closes, ``recv`` returns ``b""``), but every socket operation now has a timeout, so a
server that never answers or never closes gives an error instead of a hang; the host
and port come from ``--base-url``; errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import socket
import sys
from urllib.parse import urlsplit

from labkit import cli

USAGE_MESSAGE = "Must supply an RFC number as first argument"
MIRROR_HINT = "is the mirror running? start it with: python rfc_mirror.py"
BUFSIZE = 4096  # the most bytes one recv() call asks for


def rfc_number(text: str) -> int:
    """argparse type: an RFC number (0 is allowed: the mirror answers 404 for it)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{USAGE_MESSAGE} (not {text!r})") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"{USAGE_MESSAGE} (not {number})")
    return number


def server_of(base_url: str) -> tuple[str, int, str]:
    """``http://127.0.0.1:8001/rfc/`` -> ``("127.0.0.1", 8001, "/rfc")``."""
    parts = urlsplit(base_url)
    return parts.hostname, parts.port or 80, parts.path.rstrip("/")


def build_request(number: int, host: str, port: int, path: str = "/rfc") -> bytes:
    """The HTTP request, byte for byte as the book writes it."""
    host_field = f"[{host}]" if ":" in host else host  # IPv6 literals need brackets
    request = (
        f"GET {path}/rfc{number}.txt HTTP/1.1\r\n"
        f"Host: {host_field}:{port}\r\n"
        f"User-Agent: Python {sys.version_info[0]}\r\n"
        "Connection: close\r\n"
        "\r\n"
    )
    return request.encode("ascii")


def fetch(host: str, port: int, request: bytes, timeout: float, connect=None) -> bytes:
    """Send ``request`` and return every byte the server sends until it closes.

    ``timeout`` bounds each socket operation (connect, send, each recv).
    ``connect`` defaults to ``socket.create_connection``; tests pass their own.
    """
    connect = connect or socket.create_connection
    with connect((host, port), timeout=timeout) as sock:
        sock.sendall(request)
        response = bytearray()
        while True:
            data = sock.recv(BUFSIZE)
            if not data:  # an empty read: the server has closed, the reply is complete
                break
            response += data
    return bytes(response)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Download an RFC over a raw TCP socket.")
    parser.add_argument(
        "number", metavar="NUM", nargs="?", type=rfc_number, help="the RFC number, e.g. 2324"
    )
    # A bare socket speaks plain HTTP only: TLS (https://) is lab 07's subject.
    cli.add_base_url(parser, "rfc_base_url", schemes=("http",))
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if args.number is None:
        parser.error(USAGE_MESSAGE)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    host, port, path = server_of(args.base_url)
    request = build_request(args.number, host, port, path)
    try:
        response = fetch(host, port, request, args.timeout)
    except OSError as exc:
        reason = cli.with_hint(cli.describe_error(exc), MIRROR_HINT)
        return cli.error(f"cannot fetch from {host}:{port}: {reason}")
    # The server should send UTF-8 (here: ASCII); show anything else instead of failing.
    return cli.print_output(response.decode("utf-8", errors="replace"))


if __name__ == "__main__":
    sys.exit(main())
