"""A UDP server: every datagram gets a fixed greeting back.

Follows the chapter's UDP server: no listen, no accept, no connection at all. The
server binds a port and ``recvfrom`` hands it each datagram together with the
sender's address, which is where ``sendto`` sends the reply. One datagram in, one
datagram out: UDP keeps message boundaries, unlike TCP.

Run it, then ``python udp_client.py`` in another terminal (or
``echo hi | nc -u -w1 127.0.0.1 12345``)::

    python udp_server.py                     # Listening on 127.0.0.1:12345

Changes from the book: the reply is bytes (``sendto`` with a ``str`` raises
``TypeError`` in Python 3), and it is ``Hello UDP client!``, the 17 bytes the book's
capture shows; the server binds 127.0.0.1 instead of every interface.
"""

from __future__ import annotations

import socket
import sys

from labkit import cli, server

DEFAULT_PORT = 12345
REPLY = b"Hello UDP client!"
MAX_DATAGRAM = 65535


def create_server_socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def serve(sock: socket.socket, max_datagrams: int | None = None) -> None:
    """Answer each datagram with REPLY, sent back to the address it came from."""
    answered = 0
    while max_datagrams is None or answered < max_datagrams:
        data, address = sock.recvfrom(MAX_DATAGRAM)
        print(f"Received from {address[0]}:{address[1]}: {data!r}", flush=True)
        sock.sendto(REPLY, address)
        answered += 1


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Answer every UDP datagram with a greeting.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument("--max-datagrams", type=int, metavar="N", help="stop after N datagrams")
    args = parser.parse_args(argv)
    if args.max_datagrams is not None and args.max_datagrams < 1:
        parser.error("--max-datagrams must be 1 or more")
    try:
        sock = create_server_socket(args.host, args.port)
    except OSError as exc:
        return cli.error(f"cannot bind {args.host}:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    with sock:
        try:
            server.announce(sock.getsockname())
            serve(sock, args.max_datagrams)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
