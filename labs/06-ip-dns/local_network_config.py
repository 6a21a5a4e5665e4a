"""The local network configuration: host name, interfaces with their addresses, gateway.

Follows the book's ``6_1_local_network_config.py`` (chapter 6). The third-party
``netifaces`` module (here the maintained fork ``netifaces-plus``, same import name)
asks the operating system for:

- ``interfaces()``: the names of the network interfaces (``lo``, ``eth0``...);
- ``ifaddresses(name)``: the addresses of one interface, by address family; for
  ``AF_INET`` (IPv4) a list of dicts with ``addr`` and ``netmask``;
- ``gateways()``: the routes to other networks; ``gateways()["default"][AF_INET]`` is
  the default gateway as ``(address, interface)``, the router for everything else.

Two fixes to the book's listing: a machine without a default route (a private network
namespace, a laptop off-line) prints ``Default gateway: none`` instead of dying with a
``KeyError``; and the book's unused ``gethostbyname()`` call is gone (see
``hostname_info.py`` for the host's own address), so a host name that does not
resolve no longer stops the listing.

Run it::

    python local_network_config.py
"""

from __future__ import annotations

import socket
import sys

import netifaces

from labkit import cli


def ipv4_interfaces() -> list[tuple[str, str, str]]:
    """``(interface, address, netmask)`` for each interface that has an IPv4 address."""
    found = []
    for name in netifaces.interfaces():
        addresses = netifaces.ifaddresses(name)
        if netifaces.AF_INET in addresses:
            first = addresses[netifaces.AF_INET][0]  # an interface may have several
            found.append((name, first["addr"], first.get("netmask", "")))
    return found


def default_gateway() -> str | None:
    """The IPv4 default gateway's address, or None when there is no default route."""
    default = netifaces.gateways().get("default", {})
    if netifaces.AF_INET not in default:
        return None
    address, _interface = default[netifaces.AF_INET][:2]
    return address


def report(host: str, interfaces: list[tuple[str, str, str]], gateway: str | None) -> list[str]:
    """The lines the book prints."""
    lines = [f"Host name: {host}"]
    for name, address, netmask in interfaces:
        lines += [f"Network interface: {name}", f"\tIP address: {address}", f"\tNetmask: {netmask}"]
    lines.append(f"Default gateway: {gateway or 'none'}")
    return lines


def main(argv=None) -> int:
    parser = cli.ArgumentParser(
        description="Show the host name, the IPv4 interfaces and the default gateway."
    )
    parser.parse_args(argv)
    try:
        lines = report(socket.gethostname(), ipv4_interfaces(), default_gateway())
    except (OSError, ValueError) as exc:  # an interface vanished while we listed them
        return cli.error(f"cannot read the network configuration: {exc}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
