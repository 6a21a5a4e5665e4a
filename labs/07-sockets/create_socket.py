"""Create a socket, the first step of every network program.

Follows the first snippet of chapter 7 ("Programming with sockets"): a socket is made
from an address family (AF_INET for IPv4, AF_INET6, AF_UNIX for local sockets between
processes, AF_BLUETOOTH where the kernel supports it) and a type (SOCK_STREAM for TCP,
SOCK_DGRAM for UDP). Creating it sends nothing on the network: it only asks the
operating system for a file descriptor.

Run it::

    python create_socket.py
    python create_socket.py --family inet6 --type dgram

Changes from the book: one ``import socket`` (the book mixes it with
``from socket import *``), and a family the kernel does not support is a one-line
error instead of a traceback.
"""

from __future__ import annotations

import socket
import sys

from labkit import cli

FAMILIES = {
    "inet": "AF_INET",
    "inet6": "AF_INET6",
    "unix": "AF_UNIX",
    "bluetooth": "AF_BLUETOOTH",
}
TYPES = {"stream": "SOCK_STREAM", "dgram": "SOCK_DGRAM"}


def create_socket(family: str = "inet", kind: str = "stream") -> socket.socket:
    """A new socket of the named family and type; OSError if the kernel refuses it."""
    family_name, type_name = FAMILIES[family], TYPES[kind]
    constant = getattr(socket, family_name, None)
    if constant is None:  # e.g. AF_BLUETOOTH on a Python built without it
        raise OSError(f"{family_name} is not available in this Python")
    return socket.socket(constant, getattr(socket, type_name))


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Create a socket and describe it.")
    parser.add_argument("--family", choices=FAMILIES, default="inet", help="default: inet")
    parser.add_argument(
        "--type", dest="kind", choices=TYPES, default="stream", help="default: stream"
    )
    args = parser.parse_args(argv)
    try:
        sock = create_socket(args.family, args.kind)
    except OSError as exc:
        return cli.error(f"cannot create the socket: {cli.describe_error(exc)}")
    with sock:
        print("Socket created")
        print(f"family={sock.family.name} type={sock.type.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
