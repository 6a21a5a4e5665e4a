"""A multithreaded echo server: one thread per client (chapter 8, "Multithreading").

``echo_server_uni.py`` serves one client at a time, so a client that connects and
stays silent blocks everyone else. Here the main thread only accepts connections and
hands each one to a new thread running the same ``handle_client`` function; a silent
client now holds up only its own thread. The threads are daemon threads, so Ctrl-C
ends the server without waiting for them.

The reply is ``"('127.0.0.1', 54321): message"``, the message prefixed with the
client's address, so each client can see that it got its own answer back.

    python echo_server_multi.py               # Listening on 127.0.0.1:4040
    python echo_client_uni.py                 # several of them, in other terminals
"""

import socket
import sys
import threading

from echo_server_uni import handle_client

import tincanchat
from labkit import cli, server


def serve(listen_sock: socket.socket, timeout: float) -> None:
    """Accept clients for ever; each one is handled in its own daemon thread."""
    while True:
        client_sock, addr = listen_sock.accept()
        client_sock.settimeout(timeout)
        print(f"Connection from {addr}", flush=True)
        thread = threading.Thread(
            target=handle_client,
            args=(client_sock, addr, tincanchat.format_line),
            daemon=True,
        )
        thread.start()


def parse_args(argv):
    parser = cli.ArgumentParser(description="Echo server: one thread per client.")
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
