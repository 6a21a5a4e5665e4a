"""Exercises 2 and 3 (reference solution): the socket RFC downloader, finished.

The book's raw-socket downloader prints the whole response: status line, headers and,
when the server answers in chunks, the hex chunk sizes mixed into the text. This
version speaks enough HTTP to print only the document:

1. read the head: the status line and the header lines, up to the first empty line;
2. refuse anything but ``200``;
3. read the body the way the server delimited it: ``Transfer-Encoding: chunked``, or
   ``Content-Length``, or (no length at all) everything up to the end of the stream.

With ``--http10`` it sends an HTTP/1.0 request, which a server must never answer with
chunks. Run it against the mirror::

    python rfc_downloader_socket.py 2324 --base-url http://127.0.0.1:8001/rfc/
"""

from __future__ import annotations

import argparse
import socket
import sys
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

from labkit import cli

MAX_LINE = 8192  # refuse absurdly long status, header or chunk-size lines


class HTTPError(Exception):
    """The server's answer is not a 200 response we can read."""


def build_request(host: str, path: str, *, http10: bool = False) -> bytes:
    """The GET request for ``path``; ``host`` is the Host header (``name:port``)."""
    if http10:
        # HTTP/1.0 closes after one response by default: no Connection header needed.
        lines = [f"GET {path} HTTP/1.0", f"Host: {host}", "User-Agent: Python 3"]
    else:
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {host}",
            "User-Agent: Python 3",
            "Connection: close",
        ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def read_line(stream: BinaryIO) -> bytes:
    """One CRLF-terminated line, without its line ending."""
    line = stream.readline(MAX_LINE + 1)
    if len(line) > MAX_LINE:
        raise HTTPError("line too long in the response")
    if not line.endswith(b"\n"):
        raise HTTPError("the connection closed in the middle of a line")
    return line.rstrip(b"\r\n")


def read_head(stream: BinaryIO) -> tuple[int, str, dict[str, str]]:
    """Read the status line and the headers: ``(status, reason, headers)``.

    Header names are lower-cased, since HTTP header names are case-insensitive.
    """
    status_line = read_line(stream).decode("latin-1")
    version, _, rest = status_line.partition(" ")
    code, _, reason = rest.partition(" ")
    if not version.startswith("HTTP/") or not (code.isdigit() and len(code) == 3):
        raise HTTPError(f"not an HTTP status line: {status_line!r}")
    headers: dict[str, str] = {}
    while line := read_line(stream):
        name, colon, value = line.decode("latin-1").partition(":")
        if not colon:
            raise HTTPError(f"malformed header line: {line!r}")
        headers[name.strip().lower()] = value.strip()
    return int(code), reason, headers


def read_exactly(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise HTTPError(f"the connection closed after {len(data)} of {size} bytes")
    return data


def read_chunked(stream: BinaryIO) -> bytes:
    """Read a chunked body: ``SIZE[;extensions]`` lines, data, ``0``, trailers, empty line."""
    body = bytearray()
    while True:
        size_field = read_line(stream).split(b";", 1)[0].strip()  # drop chunk extensions
        try:
            size = int(size_field, 16)
        except ValueError:
            raise HTTPError(f"bad chunk size: {size_field!r}") from None
        if size == 0:
            break
        body += read_exactly(stream, size)
        if read_line(stream):
            raise HTTPError("chunk data not followed by CRLF")
    while read_line(stream):  # trailer fields: this client has no use for them
        pass
    return bytes(body)


def read_body(stream: BinaryIO, headers: dict[str, str]) -> bytes:
    """Read the body as the headers delimit it (chunked wins over Content-Length)."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return read_chunked(stream)
    if "content-length" in headers:
        length = headers["content-length"]
        if not length.isdigit():
            raise HTTPError(f"bad Content-Length: {length!r}")
        return read_exactly(stream, int(length))
    return stream.read()  # no length given: the body ends when the server closes


def download(url: str, timeout: float, *, http10: bool = False) -> str:
    """GET ``url`` over a plain TCP socket and return the body of a 200 response."""
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise HTTPError(f"not an http:// URL: {url}")
    with socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout) as sock:
        sock.sendall(build_request(parts.netloc, parts.path or "/", http10=http10))
        with sock.makefile("rb") as stream:
            status, reason, headers = read_head(stream)
            if status != 200:
                raise HTTPError(f"HTTP {status} {reason}".rstrip())
            body = read_body(stream, headers)
    return body.decode("utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = cli.ArgumentParser(description="Download an RFC over a raw TCP socket.")
    parser.add_argument("number", type=int, help="RFC number, e.g. 2324")
    cli.add_base_url(parser, "rfc_base_url", schemes=("http",))
    cli.add_timeout(parser)
    parser.add_argument("--http10", action="store_true", help="send an HTTP/1.0 request")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = urljoin(args.base_url, f"rfc{args.number}.txt")
    try:
        text = download(url, args.timeout, http10=args.http10)
    except HTTPError as exc:
        return cli.error(f"{url}: {exc}")
    except OSError as exc:
        return cli.error(f"{url}: {cli.describe_error(exc)}")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
