"""Exercise 9: find the default gateway in /proc/net/route, without netifaces.

``local_network_config.py`` asks ``netifaces.gateways()``. On Linux the kernel's
IPv4 routing table is also a text file, ``/proc/net/route``: a header line, then one
route per line, whitespace-separated columns::

    Iface  Destination  Gateway   Flags  RefCnt  Use  Metric  Mask      MTU  Window  IRTT
    eth0   00000000     0202000A  0003   0       0    0       00000000  0    0       0
    eth0   0002000A     00000000  0001   0       0    0       00FFFFFF  0    0       0

Addresses are 8 hex digits in the machine's byte order, little-endian on x86 and
most ARM: ``0202000A`` is the bytes 02 02 00 0A read backwards, 10.0.2.2. Flags are
hex bits: 0x1 RTF_UP (the route is usable), 0x2 RTF_GATEWAY (it goes through a
router). The default route has destination 00000000 and mask 00000000.

- ``hex_to_ip("0202000A") == "10.0.2.2"`` (hint: ``bytes.fromhex``, ``int.from_bytes``
  with ``"little"``, or ``socket.inet_ntoa`` on the reversed bytes);
- ``default_gateway(path)`` returns ``(gateway address, interface)`` of the default
  route, ``("10.0.2.2", "eth0")`` above, or None when there is none. Only routes that
  are up and go through a gateway count; when several default routes do, the one
  with the lowest metric wins (the kernel's choice).

The command line is provided::

    $ python gateway.py                          # this machine's table
    10.0.2.2 eth0
    $ python gateway.py --file saved_route.txt

No default route: one line on stderr, exit 1; a missing file too.

Graded (``pytest tests/lab06/test_ex9_gateway.py``): saved tables (several default
routes, none, routes that do not count), and, as root, inside a network namespace
whose default route is via 10.0.2.2.
"""

from __future__ import annotations

import sys

from labkit import cli

ROUTE_FILE = "/proc/net/route"
RTF_UP, RTF_GATEWAY = 0x1, 0x2


def hex_to_ip(text: str) -> str:
    """A little-endian hex address from /proc/net/route in dotted-quad form."""
    return ".".join(str(byte) for byte in reversed(bytes.fromhex(text)))


def default_gateway(path: str = ROUTE_FILE) -> tuple[str, str] | None:
    """``(gateway, interface)`` of the default route in ``path``, or None."""
    candidates = []
    with open(path, encoding="ascii") as table:
        next(table, None)  # the header
        for line in table:
            fields = line.split()
            if len(fields) < 8:
                continue
            iface, destination, gateway, flags, metric, mask = (
                fields[0],
                fields[1],
                fields[2],
                int(fields[3], 16),
                int(fields[6]),
                fields[7],
            )
            wanted = RTF_UP | RTF_GATEWAY
            if destination == mask == "00000000" and flags & wanted == wanted:
                candidates.append((metric, hex_to_ip(gateway), iface))
    if not candidates:
        return None
    _metric, gateway, iface = min(candidates)
    return gateway, iface


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Print the default gateway and its interface.")
    parser.add_argument("--file", default=ROUTE_FILE, help="routing table (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        found = default_gateway(args.file)
    except OSError as exc:
        return cli.error(f"{args.file}: {cli.describe_error(exc)}")
    if found is None:
        return cli.error("no default route")
    print(*found)
    return 0


if __name__ == "__main__":
    sys.exit(main())
