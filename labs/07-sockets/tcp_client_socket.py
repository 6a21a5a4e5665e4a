"""A TCP connect test: open a connection, report it, shut it down.

Follows listing 7_1 of the book (``7_1_tcp_client_socket.py``): ask for a host and a
port, connect a TCP socket to it, and say whether that worked. Connecting is the
three-way handshake (SYN, SYN-ACK, ACK); ``shutdown(SHUT_RDWR)`` then tells the other
side we are done in both directions, and ``close`` frees the socket.

Run it (any TCP server will do, for example ``python tcp_time_server.py``)::

    python tcp_client_socket.py --host 127.0.0.1 --port 12345
    python tcp_client_socket.py            # asks for the host and port on stdin

Changes from the book: ``--host``/``--port`` as well as the prompts (type the host
without quotes); ``SHUT_RDWR`` instead of the bare number 2; a timeout on the connect;
a failure is one line on stderr with exit status 1 (the book printed the reason and
carried on).
"""

from __future__ import annotations

import argparse
import socket
import sys

from labkit import cli

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 80


def ask(prompt: str, default: str) -> str:
    """Read one answer from stdin; an empty line or end of input gives ``default``."""
    try:
        answer = input(f"{prompt} [{default}]: ").strip()
    except EOFError:
        answer = ""
    return answer or default


def connect_test(host: str, port: int, timeout: float) -> tuple[str, int]:
    """Connect to ``host:port`` and shut the connection down; return the peer address."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        peer = sock.getpeername()
        sock.shutdown(socket.SHUT_RDWR)
    return peer[0], peer[1]


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Test whether a TCP connection can be made.")
    parser.add_argument("--host", help="server name or address (asked on stdin if missing)")
    parser.add_argument("--port", type=cli.port_number, help="TCP port (asked if missing)")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    host = args.host or ask("Enter host", DEFAULT_HOST)
    if args.port is not None:
        port = args.port
    else:
        try:
            port = cli.port_number(ask("Enter port", str(DEFAULT_PORT)))
        except argparse.ArgumentTypeError as exc:
            return cli.error(str(exc), cli.USAGE)
    try:
        connect_test(host, port, args.timeout)
    except OSError as exc:
        return cli.error(f"failed to connect to {host} on port {port}: {cli.describe_error(exc)}")
    print(f"Socket Connected to {host} on port: {port}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
