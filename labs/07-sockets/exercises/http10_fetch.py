"""Exercise 2: an HTTP/1.0 fetcher that reads until the server closes the connection.

An HTTP/1.0 server ends its reply by closing the connection, so a client must keep
calling ``recv`` until it returns ``b""``; a single ``recv`` returns whatever has
arrived so far, which may be one byte. Write:

``recv_until_closed(sock)``
    every byte the peer sends until it closes the connection;
``fetch(host, port, path="/", timeout=5.0)``
    connect (with ``timeout``), send ``GET PATH HTTP/1.0`` with a ``Host`` header and
    the blank line, read the whole response with ``recv_until_closed``, split the head
    from the body at the first ``\\r\\n\\r\\n``, and return the body (bytes) when the
    status code is 200; otherwise raise ``HTTPStatusError`` with the status line.

The command line is provided: it prints the body's bytes unchanged.

    python exercises/http10_fetch.py --port 8080          # with python web_fixture.py

Graded (``pytest tests/lab07/test_ex2_http10_fetch.py``): ``recv_until_closed``
against a server that sends its reply one byte per segment; ``fetch`` of a 100 KB
body, byte for byte; a 404 raises ``HTTPStatusError``; the command line's output
equals the body, and a refused connection is one line on stderr with exit status 1.
"""

from __future__ import annotations

import socket
import sys

from labkit import cli


class HTTPStatusError(Exception):
    """The server answered with a status other than 200."""


def recv_until_closed(sock: socket.socket, bufsize: int = 4096) -> bytes:
    """Every byte the peer sends until it closes the connection."""
    # TODO (exercise 2)
    raise NotImplementedError("exercise 2: write recv_until_closed()")


def fetch(host: str, port: int, path: str = "/", timeout: float = 5.0) -> bytes:
    """GET ``path`` with HTTP/1.0; return the body of a 200 response."""
    # TODO (exercise 2)
    raise NotImplementedError("exercise 2: write fetch()")


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
