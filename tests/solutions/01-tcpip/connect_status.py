"""Exercise 1 (reference solution): tell the four outcomes of a connection apart.

A client that waits on the network can end in four ways, and each calls for a
different message to the user:

- ``refused``: the host answered the SYN with a RST, nothing listens on that port;
- ``connect-timeout``: no answer to the SYN at all (a firewall that drops packets, a
  host that is down, or a server whose listen backlog is full);
- ``read-timeout``: the TCP connection was made, but the application never replied;
- ``ok``: the server sent back at least the start of an answer.

Run it::

    python connect_status.py 127.0.0.1 8001 --timeout 2
"""

from __future__ import annotations

import socket
import sys

from labkit import cli

REQUEST = "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"


def connect_status(host: str, port: int, timeout: float) -> str:
    """Classify a connection to ``host:port``: refused, connect-timeout, read-timeout, ok."""
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except ConnectionRefusedError:
        return "refused"
    except TimeoutError:
        return "connect-timeout"
    # The handshake is done: from here on, a timeout means the server is silent.
    with sock:
        sock.sendall(REQUEST.format(host=host).encode("ascii"))
        try:
            first = sock.recv(1)
        except TimeoutError:
            return "read-timeout"
    if not first:
        raise ConnectionError("the server closed the connection without answering")
    return "ok"


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(description="Classify a TCP connection attempt.")
    parser.add_argument("host", help="address or name to connect to")
    parser.add_argument("port", type=cli.port_number, help="TCP port")
    cli.add_timeout(parser, default=2.0)
    args = parser.parse_args(argv)
    try:
        print(connect_status(args.host, args.port, args.timeout))
    except OSError as exc:
        return cli.error(cli.describe_error(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
