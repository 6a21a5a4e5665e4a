"""Exercise 7: a loopback-only TCP port scanner (reference solution)."""

from __future__ import annotations

import ipaddress
import socket
import sys

from labkit import cli


def check_loopback(host: str) -> str:
    """The address to scan; ValueError unless it is a loopback address (no name lookup)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(
            f"not an IP address: {host!r} (this scanner takes addresses only)"
        ) from None
    if not address.is_loopback:
        raise ValueError(f"{host} is not a loopback address: scan only your own machine")
    return str(address)


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
    address = check_loopback(host)
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    found = []
    for port in ports:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            if sock.connect_ex((address, port)) == 0:
                found.append(port)
    return found


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
