"""Exercise 1: fix the time server so that it serves many clients at once.

The worked example ``tcp_time_server.py`` serves one client at a time: a client that
connects and stays silent makes every other client wait. Make this server concurrent
(a thread per client, or ``selectors``): while one client is connected and silent,
another one must get its answer at once.

The protocol is the worked example's: each line a client sends is answered with
``time.ctime()`` and a newline; the line ``END`` closes that client's connection; a
client may send many lines on one connection. A client that misbehaves (closes in the
middle of a line, resets the connection, stays silent past ``--client-timeout``) is
dropped without disturbing the others, and Ctrl-C or SIGTERM stops the server with
exit status 0 and no traceback, even with clients connected.

Write ``handle_client`` (one client's conversation; it must never raise) and make
``serve`` hand each accepted connection to it without waiting for it to finish.
``read_lines`` is provided. The command line is provided.

    python exercises/tcp_time_server.py --port 12345

Graded (``pytest tests/lab07/test_ex1_time_server.py``), by running the script with
``--port 0``: three messages on one connection get three times; ``END`` closes; an
active client is answered while five others sit connected and silent; twenty clients
at once, three messages each; a client that leaves mid-line does not stop the server;
SIGINT exits with status 0.
"""

from __future__ import annotations

import socket
import sys
import time  # noqa: F401 - time.ctime() is the reply

from labkit import cli, server

END = "END"


class IncompleteMessage(Exception):
    """The client closed the connection in the middle of a line."""


def read_lines(conn: socket.socket):
    """Yield each line the client sends (without its line end) until it closes."""
    buffer = b""
    while True:
        data = conn.recv(1024)
        if not data:
            if buffer:
                raise IncompleteMessage(f"{len(buffer)} bytes without a line end")
            return
        buffer += data
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield line.rstrip(b"\r").decode("utf-8", errors="replace")


def handle_client(conn: socket.socket, address: tuple, timeout: float) -> None:
    """Answer every line with the time until END or EOF; close ``conn``; never raise."""
    # TODO (exercise 1)
    raise NotImplementedError("exercise 1: write handle_client()")


def serve(listener: socket.socket, timeout: float) -> None:
    """Accept clients forever."""
    while True:
        conn, address = listener.accept()
        # TODO (exercise 1): do not wait for this client before accepting the next one.
        handle_client(conn, address, timeout)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="A time server for many clients at once.")
    cli.add_host_port(parser, "127.0.0.1", 12345)
    parser.add_argument("--client-timeout", type=cli.positive_float, default=30.0)
    args = parser.parse_args(argv)
    try:
        listener = socket.create_server((args.host, args.port))  # sets SO_REUSEADDR
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    with listener:
        try:
            server.announce(listener.getsockname())
            serve(listener, args.client_timeout)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
