"""Exercise 1: the time server, serving many clients at once (reference solution)."""

from __future__ import annotations

import socket
import sys
import threading
import time

from labkit import cli, server

END = "END"


class IncompleteMessage(Exception):
    pass


def read_lines(conn: socket.socket):
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
    """Answer every line with the time until END or EOF; never raise."""
    with conn:
        conn.settimeout(timeout)
        try:
            for message in read_lines(conn):
                if message == END:
                    break
                print(f"Received from client {address}: {message}", flush=True)
                conn.sendall(time.ctime().encode("ascii") + b"\n")
        except (IncompleteMessage, OSError) as exc:
            print(f"Client {address}: {exc}", flush=True)


def serve(listener: socket.socket, timeout: float) -> None:
    while True:
        conn, address = listener.accept()
        worker = threading.Thread(target=handle_client, args=(conn, address, timeout))
        worker.daemon = True  # Ctrl-C must not wait for connected clients
        worker.start()


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
