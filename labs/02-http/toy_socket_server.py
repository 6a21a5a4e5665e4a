"""The smallest TCP server: accept, read what the client sends, answer, hang up.

Follows the socket example of doc 000 ("understanding python requests"), the layer
every HTTP library ends up on. The post's server listened on all interfaces (``''``)
at port 12345; this one listens on 127.0.0.1 only, and ``--port 0`` lets the system
pick a free port.

One connection at a time: the server reads until the client has finished sending
(it shuts down its sending side; ``recv`` then returns ``b''``), prints the text,
sends a reply and closes the connection. That "read until the other side is done"
is the simplest way to know where a message ends; HTTP needs ``Content-Length`` or
chunks because it wants the connection to stay open for a reply.

Run it, then the client in a second terminal::

    python toy_socket_server.py                 # Listening on 127.0.0.1:12345
    python toy_socket_client.py "hello, server"

``--once`` stops after one client (tests use it).
"""

from __future__ import annotations

import socket
import sys

from labkit import cli, server

DEFAULT_PORT = 12345
MAX_MESSAGE = 64 * 1024


def reply_for(text: str) -> str:
    return f"Thank you for connecting; you sent {len(text.encode())} bytes\n"


def receive_all(conn: socket.socket) -> bytes:
    """Read until the client shuts down its side (or MAX_MESSAGE bytes)."""
    data = b""
    while len(data) < MAX_MESSAGE:
        piece = conn.recv(4096)
        if not piece:
            break
        data += piece
    return data


def serve_one(listener: socket.socket, timeout: float) -> None:
    """Accept one client, print its message, answer it, close."""
    conn, (host, port) = listener.accept()
    with conn:
        conn.settimeout(timeout)  # a client that never finishes sending is dropped
        print(f"Connection from {host}:{port}", flush=True)
        try:
            text = receive_all(conn).decode("utf-8", errors="replace")
            print(f"Received: {text!r}", flush=True)
            conn.sendall(reply_for(text).encode())
        except OSError as exc:
            print(f"client {host}:{port} failed: {cli.describe_error(exc)}", flush=True)


def parse_args(argv):
    parser = cli.ArgumentParser(description="A toy TCP server: read, print, reply, close.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument("--once", action="store_true", help="stop after one client")
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        listener = socket.create_server((args.host, args.port))
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    with listener:
        try:
            server.announce(listener.getsockname())
            while True:
                serve_one(listener, args.timeout)
                if args.once:
                    break
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
