"""Exercise 2: an HTTP/1.0 fetcher that reads until the server closes (reference solution)."""

from __future__ import annotations

import socket
import sys

from labkit import cli


class HTTPStatusError(Exception):
    """The server answered with a status other than 200."""


def recv_until_closed(sock: socket.socket, bufsize: int = 4096) -> bytes:
    """Every byte the peer sends until it closes the connection."""
    chunks = []
    while True:
        chunk = sock.recv(bufsize)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def fetch(host: str, port: int, path: str = "/", timeout: float = 5.0) -> bytes:
    """GET ``path`` with HTTP/1.0; return the body of a 200 response."""
    request = f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode("ascii")
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(request)
        response = recv_until_closed(sock)
    head, separator, body = response.partition(b"\r\n\r\n")
    if not separator:
        raise HTTPStatusError("no complete header in the response")
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or parts[1] != "200":
        raise HTTPStatusError(status_line)
    return body


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Fetch a page with HTTP/1.0; print its body.")
    cli.add_host_port(parser, "127.0.0.1", 8080)
    parser.add_argument("--path", default="/")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    try:
        body = fetch(args.host, args.port, args.path, args.timeout)
    except HTTPStatusError as exc:
        return cli.error(f"HTTP error: {exc}")
    except OSError as exc:
        return cli.error(f"cannot fetch from {args.host}:{args.port}: {cli.describe_error(exc)}")
    sys.stdout.buffer.write(body)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
