"""A TCP time server: every message a client sends gets the server's time back.

Follows listing 7_3 of the book (``7_3_tcp_server.py``): the classic server steps,
socket, bind, listen, then accept one client after the other. Messages are lines of
text: each line (``GET TIME``, or anything else) is answered with ``time.ctime()`` and
a newline; the line ``END`` ends the conversation, and the server goes back to
waiting for the next client.

Run it, then talk to it with ``tcp_time_client.py`` (or ``nc 127.0.0.1 12345``)::

    python tcp_time_server.py                 # Listening on 127.0.0.1:12345
    python tcp_time_server.py --port 0        # any free port

The book's bugs, fixed: ``SO_REUSEADDR`` is set *before* ``bind`` (after it, it has no
effect, and a restart fails with "Address already in use" while the old connections
sit in TIME_WAIT); the client socket is closed after the loop, not inside it (the
book closed it after the first reply, so the next ``recv`` raised "Bad file
descriptor" and the server died); a client that disconnects in the middle of a
message, stays silent too long or resets the connection is reported in one line and
the server serves the next one. One client at a time, like the book: exercise 1 makes
it serve several at once.
"""

from __future__ import annotations

import socket
import sys
import time

from labkit import cli, server

DEFAULT_PORT = 12345
END = "END"
BUFSIZE = 1024


class IncompleteMessage(Exception):
    """The client closed the connection in the middle of a line."""


def create_listener(host: str, port: int, backlog: int = 5) -> socket.socket:
    """socket, setsockopt(SO_REUSEADDR) *before* bind, bind, listen."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    return sock


def read_lines(conn: socket.socket):
    """Yield each line the client sends (without its line end) until it closes.

    ``recv`` returns what has arrived, not one message: a line may come in pieces, or
    several lines at once, so we keep a buffer and cut it at each newline.
    """
    buffer = b""
    while True:
        data = conn.recv(BUFSIZE)
        if not data:
            if buffer:
                raise IncompleteMessage(f"{len(buffer)} bytes without a line end")
            return
        buffer += data
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield line.rstrip(b"\r").decode("utf-8", errors="replace")


def serve_client(conn: socket.socket, address: tuple, timeout: float) -> int:
    """Answer one client's messages until END or until it closes; return the count."""
    conn.settimeout(timeout)
    answered = 0
    for message in read_lines(conn):
        if message == END:
            print("Client said END: closing the connection", flush=True)
            break
        now = time.ctime()
        print(f"Received from client: {message}", flush=True)
        print(f"Sending the server time to client: {now}", flush=True)
        conn.sendall(now.encode("ascii") + b"\n")
        answered += 1
    return answered


def serve(listener: socket.socket, timeout: float, max_clients: int | None = None) -> None:
    """Accept clients one after the other; a bad client never stops the server."""
    served = 0
    while max_clients is None or served < max_clients:
        print("Server waiting for connection...", flush=True)
        conn, address = listener.accept()
        print(f"Client connected from: {address}", flush=True)
        with conn:
            try:
                serve_client(conn, address, timeout)
            except IncompleteMessage as exc:
                print(f"Client {address} disconnected mid-message ({exc})", flush=True)
            except TimeoutError:
                print(f"Client {address} silent for {timeout:g} s: closing", flush=True)
            except OSError as exc:
                print(f"Client {address}: {cli.describe_error(exc)}", flush=True)
        served += 1


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Answer every line with the server's time.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument(
        "--client-timeout",
        type=cli.positive_float,
        default=30.0,
        help="close a client silent this many seconds (default: 30)",
    )
    parser.add_argument("--max-clients", type=int, metavar="N", help="stop after serving N clients")
    args = parser.parse_args(argv)
    if args.max_clients is not None and args.max_clients < 1:
        parser.error("--max-clients must be 1 or more")
    try:
        listener = create_listener(args.host, args.port)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    with listener:
        try:
            server.announce(listener.getsockname())
            serve(listener, args.client_timeout, args.max_clients)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
