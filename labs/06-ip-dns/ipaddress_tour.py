"""A tour of the ``ipaddress`` module: networks, interfaces and addresses.

Follows "Manipulating IP addresses" in chapter 6, whose three REPL sessions this
script replays, printing each expression and its value. Three of the book's values
are wrong and corrected here:

- the last host of 10.0.1.0/24 is 10.0.1.254 (the book shows 10.0.1.1);
- the supernet of 10.0.1.0/24 is 10.0.0.0/23 (a /23 starts on an even third octet;
  the book shows 10.0.1.0/23, which ``ip_network`` itself would reject);
- 127.0.0.1 ``is_private`` is True on Python 3.11-3.13 (the book's Python 3.3 said False).

Only long-stable ranges are shown (RFC 1918, 127/8): ``is_private`` and ``is_global``
of a few special ranges changed in Python patch releases (CVE-2024-4032).

Run it::

    python ipaddress_tour.py
"""

from __future__ import annotations

import ipaddress as ip
import sys

from labkit import cli


def show(expression: str, value: object) -> str:
    """One line: the expression, then its value as the REPL would echo it."""
    return f"{expression:<28} {value!r}"


def network_objects() -> list[str]:
    net4 = ip.ip_network("10.0.1.0/24")
    all_hosts = list(net4.hosts())  # network and broadcast addresses are not hosts
    return [
        "# IP network objects: net4 = ip_network('10.0.1.0/24')",
        show("net4.netmask", net4.netmask),
        show("str(net4.netmask)", str(net4.netmask)),
        show("str(net4.network_address)", str(net4.network_address)),
        show("str(net4.broadcast_address)", str(net4.broadcast_address)),
        show("net4.num_addresses", net4.num_addresses),
        show("len(all_hosts)", len(all_hosts)),
        show("all_hosts[0]", all_hosts[0]),
        show("all_hosts[-1]", all_hosts[-1]),
        show("list(net4.subnets())", list(net4.subnets())),
        show("net4.supernet()", net4.supernet()),
    ]


def interface_objects() -> list[str]:
    eth0 = ip.IPv4Interface("192.168.0.1/24")  # an address together with its network
    return [
        "# Network interface objects: eth0 = IPv4Interface('192.168.0.1/24')",
        show("eth0.ip", eth0.ip),
        show("eth0.with_prefixlen", eth0.with_prefixlen),
        show("eth0.with_netmask", eth0.with_netmask),
        show("eth0.network", eth0.network),
        show("str(eth0.network)", str(eth0.network)),
        show("str(eth0.ip)", str(eth0.ip)),
        show("eth0.is_private", eth0.is_private),
        show("eth0.is_reserved", eth0.is_reserved),
        show("eth0.is_multicast", eth0.is_multicast),
    ]


def address_objects() -> list[str]:
    eth0 = ip.ip_address("192.168.1.1")
    lo = ip.ip_address("127.0.0.1")
    eth1 = ip.ip_address("192.168.2.1") + 1  # addresses are numbers: arithmetic works
    net = ip.ip_network("192.168.1.0/24")
    lines = [
        "# IP address objects: eth0 = 192.168.1.1, lo = 127.0.0.1, eth1 = 192.168.2.1 + 1",
        show("eth0.is_private", eth0.is_private),
        show("lo.is_private", lo.is_private),
        show("lo.is_reserved", lo.is_reserved),
        show("eth1", eth1),
        show("eth0 == eth1", eth0 == eth1),
        show("lo.is_loopback", lo.is_loopback),
        show("str(lo)", str(lo)),
        show("eth0 in net", eth0 in net),
        show("eth1 in net", eth1 in net),
    ]
    eth1 = eth0 + 1
    lines += [show("eth1 = eth0 + 1", eth1), show("eth1 in net", eth1 in net)]
    return lines


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Replay the book's ipaddress REPL sessions.")
    parser.parse_args(argv)
    sections = [network_objects(), interface_objects(), address_objects()]
    print("\n\n".join("\n".join(lines) for lines in sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
