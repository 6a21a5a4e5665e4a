"""A raw HTTP/1.0 client: one request over a TCP socket, then read until the server closes.

Follows listing 7_2 of the book (``7_2_simple_tcp_client.py``): connect, send
``GET / HTTP/1.0``, and print what comes back, 4096 bytes at a time. HTTP/1.0 closes
the connection after the reply, so "the reply is complete" means "``recv`` returned
``b''``": a socket read returns whatever has arrived so far, never "one message".

Run it against the stand-in web server (``python web_fixture.py`` in another terminal)::

    python simple_tcp_client.py --port 8080

Changes from the book: the book sent its GET a second time after the first read (its
capture shows a request after the FIN) and stopped after two reads; here the request
goes out once and the client reads to end of file, so a page of any size arrives
whole. Every read has a timeout; errors are one line on stderr.
"""

from __future__ import annotations

import socket
import sys

from labkit import cli

BUFSIZE = 4096
HINT = "is the server running? start it with: python web_fixture.py"


def build_request(host: str, path: str = "/") -> bytes:
    return f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode("ascii")


def fetch(host: str, port: int, path: str = "/", timeout: float = 5.0) -> list[bytes]:
    """Send one request and return the reply as the list of chunks ``recv`` gave."""
    chunks = []
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(build_request(host, path))
        while True:
            chunk = sock.recv(BUFSIZE)
            if not chunk:  # the server closed the connection: end of the reply
                break
            chunks.append(chunk)
    return chunks


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Send GET / HTTP/1.0 and print the raw reply.")
    cli.add_host_port(parser, "127.0.0.1", 8080)
    parser.add_argument("--path", default="/", help="the path to request (default: /)")
    parser.add_argument(
        "--chunks", action="store_true", help="print the size of each recv() instead"
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if not args.path.startswith("/") or not args.path.isascii() or " " in args.path:
        parser.error(f"--path must start with / and be ASCII without spaces, not {args.path!r}")
    try:
        chunks = fetch(args.host, args.port, args.path, args.timeout)
    except OSError as exc:
        reason = cli.with_hint(cli.describe_error(exc), HINT)
        return cli.error(f"cannot fetch from {args.host}:{args.port}: {reason}")
    if args.chunks:
        sizes = [len(chunk) for chunk in chunks]
        return cli.print_output(f"{len(chunks)} reads, {sum(sizes)} bytes: {sizes}")
    return cli.print_output(b"".join(chunks).decode("utf-8", errors="replace"))


if __name__ == "__main__":
    sys.exit(main())
