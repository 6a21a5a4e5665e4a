"""A UDP client: send one datagram, wait for one datagram back.

Follows the chapter's UDP client. UDP promises nothing: a datagram may be lost, and
no one tells the sender. So the client must not wait forever for a reply; here it
waits ``--timeout`` seconds and then gives up with an error.

Run it (``python udp_server.py`` in another terminal)::

    python udp_client.py
    python udp_client.py --message "What time is it?" --timeout 1

Changes from the book: an explicit destination, 127.0.0.1 (the book's ``''`` as a
destination works on Linux only); a timeout instead of a hang when no server answers.
The socket is ``connect``-ed: for UDP that sends nothing, it only fixes the peer, so
that ``send``/``recv`` need no address and Linux reports an ICMP "port unreachable"
from a closed port as ``ConnectionRefusedError``.
"""

from __future__ import annotations

import socket
import sys

from labkit import cli

DEFAULT_PORT = 12345
MESSAGE = "Hello UDP server"
HINT = "is the server running? start it with: python udp_server.py"


def exchange(host: str, port: int, message: bytes, timeout: float) -> bytes:
    """Send ``message`` in one datagram; return the first datagram that comes back."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.connect((host, port))
        sock.send(message)
        return sock.recv(65535)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Send a UDP datagram and print the reply.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument("--message", default=MESSAGE, help=f"what to send (default: {MESSAGE!r})")
    cli.add_timeout(parser, default=2.0)
    args = parser.parse_args(argv)
    try:
        reply = exchange(args.host, args.port, args.message.encode("utf-8"), args.timeout)
    except TimeoutError:
        return cli.error(
            f"no reply from {args.host}:{args.port} within {args.timeout:g} s ({HINT})"
        )
    except OSError as exc:
        reason = cli.with_hint(cli.describe_error(exc), HINT)
        return cli.error(f"no reply from {args.host}:{args.port}: {reason}")
    print(f"Server says: {reply!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
