"""Exercise 7: a TCP port scanner that only ever scans your own machine.

A port scanner tries to connect to each port of a range and reports those where a
connection is accepted. ``socket.connect_ex`` returns an error number instead of
raising: 0 means connected, ``errno.ECONNREFUSED`` (111) means nothing listens.
Scanning machines that are not yours is at best rude and often forbidden, so this
scanner refuses any target that is not a loopback address, *before* it sends
anything, and takes addresses only (no name lookups).

Write:

``check_loopback(host)``
    return the address as a string when ``host`` is a loopback IP address
    (127.0.0.0/8 or ::1, see ``ipaddress.ip_address(...).is_loopback``); raise
    ``ValueError`` for any other address or for a name;
``scan(host, ports, timeout=0.5)``
    check the host first, then return the list of ports (in the order given) on which
    a TCP connection succeeds, each attempt bounded by ``timeout``.

``parse_ports`` and the command line are provided:

    python exercises/port_scan.py 127.0.0.1 8000-8100
    8000/tcp open

Graded (``pytest tests/lab07/test_ex7_port_scan.py``): finds exactly the listening
ports among a range of loopback ports; refuses 192.0.2.1, 10.0.0.1 and a host name
without creating a single socket; the command line's output, and its usage error
(exit 2) for a non-loopback target.
"""

from __future__ import annotations

import socket  # noqa: F401 - for scan()
import sys

from labkit import cli


def check_loopback(host: str) -> str:
    """The address to scan; ValueError unless it is a loopback address (no name lookup)."""
    # TODO (exercise 7)
    raise NotImplementedError("exercise 7: write check_loopback()")


def parse_ports(text: str) -> list[int]:
    """``"8000-8003,9000"`` -> [8000, 8001, 8002, 8003, 9000]; ValueError if malformed."""
    ports: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        low, high = int(first), int(last or first)
        if not 1 <= low <= high <= 65535:
            raise ValueError(f"bad port range {part!r}")
        ports.extend(range(low, high + 1))
    return ports


def scan(host: str, ports: list[int], timeout: float = 0.5) -> list[int]:
    """The ports among ``ports`` on which a TCP connection is accepted, in order."""
    # TODO (exercise 7): check_loopback first, then connect_ex each port.
    raise NotImplementedError("exercise 7: write scan()")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Find open TCP ports on a loopback address.")
    parser.add_argument("host", help="a loopback address, e.g. 127.0.0.1")
    parser.add_argument("ports", help="ports, e.g. 8000-8010,9000")
    cli.add_timeout(parser, default=0.5)
    args = parser.parse_args(argv)
    try:
        check_loopback(args.host)
        ports = parse_ports(args.ports)
    except ValueError as exc:
        parser.error(str(exc))
    for port in scan(args.host, ports, args.timeout):
        print(f"{port}/tcp open")
    return 0


if __name__ == "__main__":
    sys.exit(main())
