"""Exercise 5: subnets and routing decisions.

The worked example ``../subnet_calc.py`` reads a netmask and describes a network.
Here you go the other way and put the arithmetic to work, the way the book's
"Routing with IP" describes it. Write the five functions below; each raises
``ValueError`` for bad input (``ipaddress``'s own errors are ``ValueError`` subclasses,
so letting them through is fine). ``ipaddress`` may do the parsing and formatting
(``int(IPv4Address(s))`` and ``IPv4Address(n)`` convert both ways); the bit
arithmetic is the point of the exercise.

- ``prefix_to_mask(10) == "255.192.0.0"``: ``n`` one bits, then ``32 - n`` zero bits;
  0 … 32 only.
- ``same_network("192.168.0.186/24", "192.168.0.4")`` is True: a host delivers a
  packet directly when the destination ANDed with its netmask equals its own address
  ANDed with it; otherwise (``"203.0.113.12"``) it sends it to its gateway.
- ``prefix_for_hosts(14) == 28``: the smallest subnet with room for that many hosts,
  remembering that the network and broadcast addresses are reserved (a /28 has 16
  addresses, 14 hosts; 15 hosts need a /27; 1 or 2 hosts a /30).
- ``split("192.168.0.0/24", 4) == ["192.168.0.0/26", "192.168.0.64/26",
  "192.168.0.128/26", "192.168.0.192/26"]``: equal subnets, in order; ``count`` is a
  power of two (1, 2, 4…) and must fit; a host address (``192.168.0.186/24``) means
  its network.
- ``longest_match(["0.0.0.0/0", "192.168.0.0/16", "192.168.0.0/24"], "192.168.0.186")
  == "192.168.0.0/24"``: a router picks, among the routes (networks) that contain the
  destination, the most specific one, the longest prefix; None when none matches.

The command line is provided and calls your functions; its output is exact::

    $ python subnet_calc.py masks 8 10 24 28
    /8 255.0.0.0
    /10 255.192.0.0
    /24 255.255.255.0
    /28 255.255.255.240
    $ python subnet_calc.py fit 14
    /28 netmask 255.255.255.240 addresses 16 hosts 14
    $ python subnet_calc.py split 192.168.0.0/24 2
    192.168.0.0/25
    192.168.0.128/25
    $ python subnet_calc.py route 192.168.0.186 0.0.0.0/0 192.168.0.0/16 192.168.0.0/24
    192.168.0.0/24

A bad argument prints one line on stderr and exits with status 2; a destination with
no route exits with status 1.

Graded (``pytest tests/lab01/test_ex5_subnet_calc.py``): each function with the book's
values and a few edge cases, and the command line's exact output and errors.
"""

from __future__ import annotations

import argparse
import sys

from labkit import cli


def prefix_to_mask(prefix: int) -> str:
    """The dotted netmask of a prefix length: ``10`` -> ``"255.192.0.0"``."""
    # TODO (exercise 5)
    raise NotImplementedError("exercise 5: prefix_to_mask()")


def same_network(interface: str, destination: str) -> bool:
    """Is ``destination`` in the network of ``interface`` (``ADDRESS/PREFIX``)?

    True: deliver directly on the link. False: send it to the gateway.
    """
    # TODO (exercise 5)
    raise NotImplementedError("exercise 5: same_network()")


def prefix_for_hosts(hosts: int) -> int:
    """The longest prefix (the smallest subnet) with room for ``hosts`` hosts."""
    # TODO (exercise 5)
    raise NotImplementedError("exercise 5: prefix_for_hosts()")


def split(cidr: str, count: int) -> list[str]:
    """Split the network of ``cidr`` into ``count`` equal subnets (a power of two)."""
    # TODO (exercise 5)
    raise NotImplementedError("exercise 5: split()")


def longest_match(routes: list[str], destination: str) -> str | None:
    """The most specific of ``routes`` (networks) that contains ``destination``, or None."""
    # TODO (exercise 5)
    raise NotImplementedError("exercise 5: longest_match()")


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
