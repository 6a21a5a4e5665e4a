"""Exercises 1 and 2: plan subnets from host counts.

``net_ip_planner.py`` makes you guess a prefix length and look at the result. Here you
compute it. ``ipaddress`` does the parsing and the arithmetic on addresses; choosing
the prefixes is your part.

Exercise 1, the subnet planner:

- ``smallest_prefix(n)``: the longest prefix (the smallest subnet) with room for ``n``
  hosts. The network and broadcast addresses are not hosts, so a /28 (16 addresses)
  holds 14 hosts and 15 need a /27. ``smallest_prefix(14) == 28``,
  ``smallest_prefix(254) == 24``, ``smallest_prefix(255) == 23``; 1 or 2 hosts get a
  /30 (leave /31 point-to-point links and /32 single hosts out of it). ``ValueError``
  when ``n < 1`` or when no IPv4 subnet is big enough.
- ``plan(base, n)``: the network that starts at address ``base`` and fits ``n`` hosts,
  as a :class:`Plan`: ``plan("192.168.0.0", 14)`` is 192.168.0.0/28, netmask
  255.255.255.240, broadcast 192.168.0.15, hosts 192.168.0.1 to 192.168.0.14.
  ``ValueError`` when ``base`` is not a network address for that prefix
  (``plan("192.168.0.8", 14)``: a /28 must start on a multiple of 16).

Exercise 2, variable-length subnet masks (VLSM):

- ``vlsm(parent, counts)``: carve one subnet per host count out of ``parent``,
  each as small as possible (``smallest_prefix``), none overlapping, all inside
  ``parent``. Allocate the largest first, from the start of ``parent``: then every
  subnet starts on a multiple of its own size. Return the subnets in the order of
  ``counts``: ``vlsm("192.168.0.0/24", [20, 100])`` ==
  ``[IPv4Network("192.168.0.128/27"), IPv4Network("192.168.0.0/25")]``.
  ``ValueError`` when they do not fit.

Run it::

    python subnet_plan.py 14 62              # exercise 1, base 192.168.0.0
    python subnet_plan.py --vlsm 192.168.0.0/24 100 50 20 2

Graded (``pytest tests/lab06/test_ex1_subnet_plan.py tests/lab06/test_ex2_vlsm.py``):
the prefixes and plans for 14, 62, 254, 2 and 255 hosts; the VLSM split of
192.168.0.0/24 for 100, 50, 20 and 2 hosts (sizes, no overlaps, inside the parent,
alignment); the errors.
"""

from __future__ import annotations

import ipaddress
import sys
from dataclasses import dataclass

from labkit import cli


@dataclass(frozen=True)
class Plan:
    network: ipaddress.IPv4Network
    netmask: ipaddress.IPv4Address
    broadcast: ipaddress.IPv4Address
    first: ipaddress.IPv4Address  # the first host address
    last: ipaddress.IPv4Address  # the last host address


def smallest_prefix(n: int) -> int:
    """The longest IPv4 prefix whose subnet holds ``n`` hosts."""
    if n < 1:
        raise ValueError(f"a subnet needs at least one host, not {n}")
    for prefix in range(30, -1, -1):  # from the smallest subnet up
        if 2 ** (32 - prefix) - 2 >= n:
            return prefix
    raise ValueError(f"no IPv4 subnet holds {n} hosts")


def plan(base: str, n: int) -> Plan:
    """The smallest network starting at ``base`` with room for ``n`` hosts."""
    network = ipaddress.IPv4Network((base, smallest_prefix(n)))  # strict: host bits -> error
    return Plan(
        network=network,
        netmask=network.netmask,
        broadcast=network.broadcast_address,
        first=network.network_address + 1,
        last=network.broadcast_address - 1,
    )


def vlsm(parent: str, counts: list[int]) -> list[ipaddress.IPv4Network]:
    """One subnet of ``parent`` per host count, in the order of ``counts``."""
    whole = ipaddress.IPv4Network(parent, strict=False)
    end = int(whole.broadcast_address)
    subnets: dict[int, ipaddress.IPv4Network] = {}
    start = int(whole.network_address)
    # Largest first: each subnet then starts on a multiple of its own size.
    for index in sorted(range(len(counts)), key=lambda i: counts[i], reverse=True):
        subnet = ipaddress.IPv4Network((start, smallest_prefix(counts[index])))
        if int(subnet.broadcast_address) > end:
            raise ValueError(f"{counts} hosts do not fit in {whole}")
        subnets[index] = subnet
        start = int(subnet.broadcast_address) + 1
    return [subnets[index] for index in range(len(counts))]


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Plan IPv4 subnets from host counts.")
    parser.add_argument("counts", nargs="+", type=int, metavar="HOSTS", help="host counts")
    parser.add_argument(
        "--base", default="192.168.0.0", help="first address (default: 192.168.0.0)"
    )
    parser.add_argument("--vlsm", metavar="PARENT", help="split PARENT, e.g. 192.168.0.0/24")
    args = parser.parse_args(argv)
    try:
        if args.vlsm:
            subnets = vlsm(args.vlsm, args.counts)
            lines = [f"{n} hosts: {net}" for n, net in zip(args.counts, subnets, strict=True)]
        else:
            lines = []
            for n in args.counts:
                p = plan(args.base, n)
                lines.append(
                    f"{n} hosts: {p.network} netmask {p.netmask} broadcast {p.broadcast}"
                    f" hosts {p.first}-{p.last}"
                )
    except ValueError as exc:
        return cli.error(str(exc), cli.USAGE)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
