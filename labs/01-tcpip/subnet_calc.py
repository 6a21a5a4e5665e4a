"""Subnet arithmetic: CIDR prefixes, netmasks, network and broadcast addresses.

Follows "Routing with IP" in chapter 1 of the book. An IPv4 address is a 32-bit
number; its first n bits are the network prefix, written ``/n`` (CIDR notation) or
as a netmask with n one-bits (255.255.255.0 is /24). The network address is the
address AND the mask; the last address of the range is the broadcast address; both
are reserved, so a /28 (16 addresses) has 14 usable host addresses. The standard
library's ``ipaddress`` module does this arithmetic; this script shows its results.

Run it::

    python subnet_calc.py 192.168.0.186/24
    python subnet_calc.py 192.168.0.186 --mask 255.255.255.240     # the same as /28
    python subnet_calc.py --mask 255.192.0.0                      # a mask alone: /10
"""

from __future__ import annotations

import ipaddress
import sys

from labkit import cli

# The private ranges of RFC 1918: never routed on the public Internet.
RFC1918 = [ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]


def mask_to_prefix(mask: str) -> int:
    """``255.255.255.240`` -> 28; ValueError unless the mask is ones then zeros."""
    bits = int(ipaddress.IPv4Address(mask))
    zeros = ~bits & 0xFFFFFFFF  # the host part: must be 0...01...1
    if zeros & (zeros + 1):
        raise ValueError(f"{mask} is not a netmask: its one-bits must all come first")
    return 32 - zeros.bit_length()


def mask_bits(mask: ipaddress.IPv4Address) -> str:
    """``255.192.0.0`` -> ``11111111 11000000 00000000 00000000``."""
    return " ".join(f"{octet:08b}" for octet in mask.packed)


def parse_interface(text: str, mask: str | None = None) -> ipaddress.IPv4Interface:
    """``192.168.0.186/24``, ``192.168.0.186/255.255.255.0`` or an address and a mask."""
    address, slash, suffix = text.partition("/")
    if slash and mask:
        raise ValueError("give the prefix either after a / or with --mask, not both")
    suffix = suffix if slash else mask
    if not suffix:
        raise ValueError(f"{address} has no prefix: write it as {address}/24, or add --mask")
    if "." in suffix:
        prefix = mask_to_prefix(suffix)
    elif suffix.isdigit() and int(suffix) <= 32:
        prefix = int(suffix)
    else:
        raise ValueError(f"not a prefix length (0-32) or a netmask: {suffix!r}")
    return ipaddress.IPv4Interface((ipaddress.IPv4Address(address), prefix))


def usable_hosts(network: ipaddress.IPv4Network) -> int:
    """Addresses left for hosts once the network and broadcast addresses are reserved."""
    if network.prefixlen >= 31:  # /31 links (RFC 3021) and single hosts reserve nothing
        return network.num_addresses
    return network.num_addresses - 2


def report(interface: ipaddress.IPv4Interface) -> list[str]:
    """The lines printed for an address and its prefix."""
    network = interface.network
    hosts = usable_hosts(network)
    if network.prefixlen >= 31:
        first, last = network.network_address, network.broadcast_address
    else:
        first, last = network.network_address + 1, network.broadcast_address - 1
    private = [str(block) for block in RFC1918 if interface.ip in block]
    return [
        f"address:      {interface.ip}",
        f"network:      {network.network_address}",
        f"netmask:      {network.netmask}",
        f"prefix:       /{network.prefixlen}",
        f"mask bits:    {mask_bits(network.netmask)}",
        f"broadcast:    {network.broadcast_address}",
        f"addresses:    {network.num_addresses}",
        f"usable hosts: {hosts} ({first} - {last})",
        f"private:      {'yes, in ' + private[0] + ' (RFC 1918)' if private else 'no'}",
    ]


def mask_line(mask: str) -> str:
    """``255.192.0.0 = 11111111 11000000 00000000 00000000 = /10``, as the book's table."""
    prefix = mask_to_prefix(mask)
    return f"{mask} = {mask_bits(ipaddress.IPv4Address(mask))} = /{prefix}"


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="IPv4 subnet arithmetic.")
    parser.add_argument(
        "address", metavar="ADDRESS", nargs="?", help="e.g. 192.168.0.186/24 (IPv4)"
    )
    parser.add_argument("--mask", help="a netmask, e.g. 255.255.255.240")
    args = parser.parse_args(argv)
    try:
        if args.address is None:
            if args.mask is None:
                parser.error("give an ADDRESS/PREFIX, or a --mask to convert")
            lines = [mask_line(args.mask)]
        else:
            lines = report(parse_interface(args.address, args.mask))
    except ValueError as exc:  # ipaddress's errors are ValueError subclasses too
        parser.error(str(exc))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
