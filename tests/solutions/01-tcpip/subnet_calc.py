"""Exercise 5 (reference solution): subnets and routing decisions.

The worked example ``labs/01-tcpip/subnet_calc.py`` reads a netmask and describes a
network. This exercise goes the other way and puts the arithmetic to work, as the
book's "Routing with IP" describes it:

- a prefix length gives its netmask (``/10`` -> ``255.192.0.0``);
- a host delivers a packet directly when the destination is in its own network (the
  addresses ANDed with the mask are equal) and hands it to its gateway otherwise;
- a LAN for ``n`` hosts needs ``n + 2`` addresses (network and broadcast are
  reserved), rounded up to a power of two: 14 hosts fit a ``/28``;
- an organisation splits its block into equal subnets by lengthening the prefix;
- a router picks, among the routes that contain the destination, the most specific
  one: the longest prefix.

Run it::

    python subnet_calc.py masks 8 10 24 28
    python subnet_calc.py fit 14
    python subnet_calc.py split 192.168.0.0/24 4
    python subnet_calc.py route 192.168.0.186 0.0.0.0/0 192.168.0.0/16 192.168.0.0/24
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

from labkit import cli

ALL_ONES = 0xFFFF_FFFF


def prefix_to_mask(prefix: int) -> str:
    """The dotted netmask of a prefix length: ``10`` -> ``"255.192.0.0"``."""
    if not 0 <= prefix <= 32:
        raise ValueError(f"a prefix length is between 0 and 32, not {prefix}")
    return str(ipaddress.IPv4Address(ALL_ONES << (32 - prefix) & ALL_ONES))


def same_network(interface: str, destination: str) -> bool:
    """Is ``destination`` in the network of ``interface`` (``ADDRESS/PREFIX``)?

    True: deliver directly on the link. False: send it to the gateway.
    """
    own = ipaddress.IPv4Interface(interface)
    mask = int(own.netmask)
    # The network prefix is the address AND the mask; ``in own.network`` does the same.
    return int(own.ip) & mask == int(ipaddress.IPv4Address(destination)) & mask


def prefix_for_hosts(hosts: int) -> int:
    """The longest prefix (the smallest subnet) with room for ``hosts`` hosts."""
    if not 1 <= hosts <= 2**32 - 2:
        raise ValueError(f"an IPv4 subnet holds 1 to {2**32 - 2} hosts, not {hosts}")
    # 2**bits addresses hold 2**bits - 2 hosts; the fewest bits with 2**bits >= hosts + 2:
    host_bits = (hosts + 1).bit_length()
    return 32 - host_bits


def split(cidr: str, count: int) -> list[str]:
    """Split the network of ``cidr`` into ``count`` equal subnets (a power of two)."""
    network = ipaddress.IPv4Interface(cidr).network
    if count < 1 or count & (count - 1):
        raise ValueError(f"the number of subnets must be a power of two, not {count}")
    extra_bits = count.bit_length() - 1  # 4 subnets: 2 more prefix bits
    if network.prefixlen + extra_bits > 32:
        raise ValueError(f"{network} is too small for {count} subnets")
    return [str(subnet) for subnet in network.subnets(prefixlen_diff=extra_bits)]


def longest_match(routes: list[str], destination: str) -> str | None:
    """The most specific of ``routes`` (networks) that contains ``destination``, or None."""
    address = ipaddress.IPv4Address(destination)
    matches = [network for network in map(ipaddress.IPv4Network, routes) if address in network]
    if not matches:
        return None
    return str(max(matches, key=lambda network: network.prefixlen))  # the first on a tie


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = cli.ArgumentParser(description="Subnets and routing decisions.")
    commands = parser.add_subparsers(dest="command", required=True)
    masks = commands.add_parser("masks", help="prefix lengths -> netmasks")
    masks.add_argument("prefixes", nargs="+", type=int, metavar="PREFIX", help="e.g. 10")
    fit = commands.add_parser("fit", help="the smallest subnet for a number of hosts")
    fit.add_argument("hosts", type=int, help="how many hosts")
    parts = commands.add_parser("split", help="split a network into equal subnets")
    parts.add_argument("cidr", help="e.g. 192.168.0.0/24")
    parts.add_argument("count", type=int, help="how many subnets (a power of two)")
    route = commands.add_parser("route", help="the route a router picks for an address")
    route.add_argument("destination", help="e.g. 192.168.0.186")
    route.add_argument("routes", nargs="+", metavar="ROUTE", help="e.g. 0.0.0.0/0 10.0.0.0/8")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.command == "masks":
            lines = [f"/{prefix} {prefix_to_mask(prefix)}" for prefix in args.prefixes]
        elif args.command == "fit":
            prefix = prefix_for_hosts(args.hosts)
            size = 2 ** (32 - prefix)
            mask = prefix_to_mask(prefix)
            lines = [f"/{prefix} netmask {mask} addresses {size} hosts {size - 2}"]
        elif args.command == "split":
            lines = split(args.cidr, args.count)
        else:
            match = longest_match(args.routes, args.destination)
            if match is None:
                return cli.error(f"no route to {args.destination}")
            lines = [match]
    except ValueError as exc:  # ipaddress's errors are ValueError subclasses too
        return cli.error(str(exc), cli.USAGE)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
