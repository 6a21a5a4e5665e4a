"""A tiny HTTP/1.0 web server for simple_tcp_client.py: the stand-in for www.linux.org.

The book points its raw HTTP client at a public web server. These labs never leave
your machine, so this script plays that server on loopback: it reads one request per
connection, logs the request line, answers with a fixed Apache-style HTTP/1.0 reply
(a 111-byte HTML page unless ``--body-size`` says otherwise) and closes the connection,
which is how an HTTP/1.0 client knows the reply is complete.

Run it in its own terminal::

    python web_fixture.py                 # Listening on 127.0.0.1:8080
    python web_fixture.py --body-size 10000

Tests import :class:`WebFixture`, which runs the same server in a thread on port 0 and
records every request it receives.
"""

from __future__ import annotations

import socket
import sys
import threading

from labkit import cli, server

DEFAULT_PORT = 8080
BODY = (
    b"<html><head><title>Lab 07</title></head>\n"
    b"<body><p>This page comes from the lab's web fixture</p></body></html>\n"
)
BODY_SIZE = len(BODY)  # 111 bytes, like the page in the book's capture


def make_body(size: int) -> bytes:
    """The page, padded with an HTML comment (or cut) to exactly ``size`` bytes."""
    if size <= BODY_SIZE:
        return BODY[:size]
    filler = b"<!--" + b"x" * (size - BODY_SIZE - 8) + b"-->\n"
    return BODY + filler[: size - BODY_SIZE]


def make_reply(body: bytes) -> bytes:
    head = (
        "HTTP/1.0 200 OK\r\n"
        "Date: Sun, 15 Mar 2015 12:09:16 GMT\r\n"
        "Server: Apache/2.4 (lab stand-in)\r\n"
        "Last-Modified: Sun, 15 Mar 2015 10:00:00 GMT\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n"
        "Content-Type: text/html\r\n"
        "\r\n"
    )
    return head.encode("ascii") + body


def read_request(conn: socket.socket, limit: int = 65536) -> bytes:
    """Read up to the blank line that ends the request headers (or EOF)."""
    data = b""
    while b"\r\n\r\n" not in data and b"\n\n" not in data and len(data) < limit:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


class WebFixture:
    """The server in a background thread: ``with WebFixture() as web: web.port``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, body_size: int = BODY_SIZE):
        self.listener = socket.create_server((host, port))
        self.listener.settimeout(0.2)
        self.host, self.port = self.listener.getsockname()[:2]
        self.reply = make_reply(make_body(body_size))
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def serve_one(self, conn: socket.socket) -> bytes:
        with conn:
            conn.settimeout(5)
            request = read_request(conn)
            self.requests.append(request)
            if request:
                conn.sendall(self.reply)
        return request

    def serve_forever(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                self.serve_one(conn)
            except OSError:
                pass  # a client that went away: serve the next one

    def __enter__(self) -> WebFixture:
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(5)
        self.listener.close()


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="A one-page HTTP/1.0 server on loopback.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument(
        "--body-size",
        type=int,
        default=BODY_SIZE,
        help=f"page size in bytes (default: {BODY_SIZE})",
    )
    args = parser.parse_args(argv)
    if args.body_size < 0:
        parser.error("--body-size must be 0 or more")
    try:
        web = WebFixture(args.host, args.port, args.body_size)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    try:
        server.announce((web.host, web.port))
        web.listener.settimeout(None)
        while True:
            conn, address = web.listener.accept()
            try:
                request = web.serve_one(conn)
            except OSError as exc:
                print(f"client {address[0]}:{address[1]}: {cli.describe_error(exc)}", flush=True)
                continue
            first_line = request.split(b"\r\n", 1)[0].decode("latin-1")
            print(f"{address[0]}:{address[1]} {first_line!r}", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        web.listener.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
