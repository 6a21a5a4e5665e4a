"""A blocking echo server: one client at a time (chapter 8, "A simple echo server").

The echo protocol: a client connects and sends one message (UTF-8 text ended by a NUL
byte, the ``tincanchat`` framing); the server sends the same message back and closes the
connection. This server does everything in one thread: ``accept`` a connection, read its
message, answer, close, and only then ``accept`` the next one. While one client is
connected and silent, every other client waits in the listen queue: run two clients and
keep the first one waiting at its prompt to see it.

The book's version listens on every interface at the fixed port 4040 and dies on the
first client that sends something unexpected. This one binds 127.0.0.1, takes
``--port`` (0 picks a free port), gives each client ``--timeout`` seconds to send its
message, and survives bad clients::

    python echo_server_uni.py                # Listening on 127.0.0.1:4040
    python echo_client_uni.py                # in a second terminal
"""

import socket
import sys

import tincanchat
from labkit import cli, server


def handle_client(sock: socket.socket, addr: tuple, reply=lambda addr, msg: msg) -> None:
    """Receive one message, print it, send ``reply(addr, msg)`` back, close the socket.

    A client that resets the connection, never finishes its message, or sends text that
    is not UTF-8 costs only its own connection: the error is printed and the server goes
    on with the next client.
    """
    try:
        msg = tincanchat.recv_msg(sock)
        print(f"{addr}: {msg}", flush=True)
        tincanchat.send_msg(sock, reply(addr, msg))
    except (OSError, ValueError) as exc:  # ConnectionError, TimeoutError, bad UTF-8, too long
        print(f"Socket error with {addr}: {cli.describe_error(exc)}", flush=True)
    finally:
        sock.close()
        print(f"Closed connection to {addr}", flush=True)


def serve(listen_sock: socket.socket, timeout: float) -> None:
    """Accept and serve clients one after the other, for ever."""
    while True:
        client_sock, addr = listen_sock.accept()
        client_sock.settimeout(timeout)  # a silent client blocks everyone, but not for ever
        handle_client(client_sock, addr)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Echo server: one client at a time.")
    cli.add_host_port(parser, tincanchat.DEFAULT_HOST, tincanchat.DEFAULT_PORT)
    cli.add_timeout(parser, default=60)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        listen_sock = tincanchat.create_listen_socket(args.host, args.port)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    with listen_sock:
        try:
            server.announce(listen_sock.getsockname())
            serve(listen_sock, args.timeout)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
