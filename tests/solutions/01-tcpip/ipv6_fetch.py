"""Exercise 7 (reference solution): fetch an RFC from the mirror over IPv6.

An IPv6 address is full of colons, and a URL already uses a colon before the port,
so in a URL the address goes in square brackets: ``http://[::1]:8001/rfc/rfc2324.txt``
(RFC 3986). The brackets belong to the URL and to the ``Host`` header only. The socket
API wants the bare address: ``urlsplit(url).hostname`` gives ``::1``, and
``socket.create_connection(("::1", port))`` picks IPv6 by itself (through
``getaddrinfo``).

``urllib.request.urlopen(url)`` does all of this for you; the socket version below
shows where the brackets go and where they do not.

Run it (with the mirror listening on ``::1``: ``python rfc_mirror.py --host ::1``)::

    python ipv6_fetch.py 2324 --port 8001
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from urllib.parse import urlsplit

from labkit import cli


class HTTPStatusError(Exception):
    """The server answered with a status other than 200."""


def url_for(host: str, port: int, number: int) -> str:
    """The mirror URL of RFC ``number``: ``http://HOST:PORT/rfc/rfcNUMBER.txt``.

    An IPv6 address is put in brackets; an IPv4 address or a name is used as it is.
    """
    try:
        is_ipv6 = ipaddress.ip_address(host).version == 6
    except ValueError:  # a host name
        is_ipv6 = False
    netloc = f"[{host}]:{port}" if is_ipv6 else f"{host}:{port}"
    return f"http://{netloc}/rfc/rfc{number}.txt"


def fetch(url: str, timeout: float) -> str:
    """GET ``url`` (which may hold a bracketed IPv6 literal); return the 200 response's body."""
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"not an http:// URL: {url}")
    # hostname: the bare address, for the socket; netloc: "[::1]:PORT", for the Host header.
    request = f"GET {parts.path or '/'} HTTP/1.0\r\nHost: {parts.netloc}\r\n\r\n"
    with socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout) as sock:
        sock.sendall(request.encode("ascii"))
        response = bytearray()
        while data := sock.recv(4096):  # HTTP/1.0: the server closes after its answer
            response += data
    head, _, body = bytes(response).partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    if status_line.split(" ")[1:2] != ["200"]:
        raise HTTPStatusError(status_line or "empty response")
    return body.decode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(description="Download an RFC from a mirror over IPv6.")
    parser.add_argument("number", type=int, help="RFC number, e.g. 2324")
    parser.add_argument("--host", default="::1", help="mirror address (default: ::1)")
    parser.add_argument("--port", type=cli.port_number, default=8001, help="mirror port")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    url = url_for(args.host, args.port, args.number)
    try:
        print(fetch(url, args.timeout))
    except (HTTPStatusError, ValueError) as exc:
        return cli.error(f"{url}: {exc}")
    except OSError as exc:
        return cli.error(f"{url}: {cli.describe_error(exc)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
