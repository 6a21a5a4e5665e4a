"""The toy server's client: connect, send a text, read the reply, print it.

Follows doc 000. The client sends its text, then shuts down its sending side
(``shutdown(SHUT_WR)``) to tell the server "that was all"; it keeps reading until the
server closes the connection, and prints what it got.

Run it with ``python toy_socket_server.py`` running in another terminal::

    python toy_socket_client.py "hello, server"
    python toy_socket_client.py --port 12345 --timeout 2
"""

from __future__ import annotations

import socket
import sys

from toy_socket_server import DEFAULT_PORT

from labkit import cli


def exchange(host: str, port: int, text: str, timeout: float) -> str:
    """Send ``text`` to the server and return its whole reply."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(text.encode())
        sock.shutdown(socket.SHUT_WR)  # done sending: the server's recv() returns b''
        reply = b""
        while piece := sock.recv(4096):
            reply += piece
    return reply.decode("utf-8", errors="replace")


def parse_args(argv):
    parser = cli.ArgumentParser(description="Send a text to the toy server, print its reply.")
    parser.add_argument("text", nargs="?", default="Hello, toy server!", help="what to send")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        reply = exchange(args.host, args.port, args.text, args.timeout)
    except OSError as exc:
        return cli.error(f"cannot talk to {args.host}:{args.port}: {cli.describe_error(exc)}")
    print(reply, end="" if reply.endswith("\n") else "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
