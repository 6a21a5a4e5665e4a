"""The many spellings of one IPv6 address, and what its first bits say about it.

Follows "IPv6" in chapter 1 of the book. An IPv6 address is 128 bits, written as eight
groups of four hex digits. RFC 4291 allows shorter spellings: leading zeros of a group
may go, and one run of all-zero groups may become ``::``. So
``2001:0db8:85a3:0000:0000:b81a:63d6:135b`` and ``2001:db8:85a3::b81a:63d6:135b`` are
the same address, and a program must compare parsed addresses, never strings.
In a URL the colons would clash with the port, so the address goes in brackets.

An address's leading bits also say where it is valid (its scope): loopback, link-local
(``fe80::/10``, only on one link, so it needs a zone such as ``%eth0``), unique local,
multicast, global. ``2001:db8::/32`` is reserved for documentation, like this lab's
examples.

Run it::

    python ipv6_forms.py                                  # the book's address
    python ipv6_forms.py 2001:db8:85a3::b81a:63d6:135b 2001:0db8:85a3:0:0:b81a:63d6:135b
    python ipv6_forms.py fe80::1%eth0 ::1
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from urllib.parse import urlsplit

from labkit import cli

BOOK_ADDRESS = "2001:0db8:85a3:0000:0000:b81a:63d6:135b"

MULTICAST_SCOPES = {1: "interface-local", 2: "link-local", 5: "site-local", 8: "organization-local",
                    14: "global"}  # fmt: skip

# Prefix -> what it means (RFC 4291 and friends), most specific first.
SCOPES = [
    ("::/128", "unspecified address"),
    ("::1/128", "loopback (this machine only)"),
    ("::ffff:0:0/96", "IPv4-mapped address"),
    ("fe80::/10", "link-local unicast (valid on one link only)"),
    ("fc00::/7", "unique local unicast (private to a site, RFC 4193)"),
    ("2001:db8::/32", "documentation prefix (RFC 3849): never used on a real network"),
    ("2000::/3", "global unicast"),
]


def ipv6_address(text: str) -> ipaddress.IPv6Address:
    """argparse type: an IPv6 address, optionally with a zone (``fe80::1%eth0``)."""
    if ":" not in text and "." in text:
        raise argparse.ArgumentTypeError(f"{text} looks like IPv4; try subnet_calc.py for it")
    try:
        return ipaddress.IPv6Address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def scope(address: ipaddress.IPv6Address) -> str:
    """What the leading bits of ``address`` say about where it is valid."""
    plain = ipaddress.IPv6Address(address.packed)  # without any %zone
    if plain.is_multicast:
        nibble = plain.packed[1] & 0x0F
        return f"multicast, {MULTICAST_SCOPES.get(nibble, f'scope {nibble:x}')} scope"
    for prefix, meaning in SCOPES:
        if plain in ipaddress.IPv6Network(prefix):
            return meaning
    return "reserved or unassigned"


def url_form(address: ipaddress.IPv6Address, path: str = "/index.html") -> str:
    """``http://[2001:db8:85a3::b81a:63d6:135b]/index.html`` (a zone's % becomes %25)."""
    return f"http://[{str(address).replace('%', '%25')}]{path}"


def forms(address: ipaddress.IPv6Address) -> list[str]:
    """The lines printed for one address."""
    # .exploded fails on an address with a zone (a bug in 3.11-3.13.0): work without it.
    plain = ipaddress.IPv6Address(address.packed)
    zone = f"%{address.scope_id}" if address.scope_id else ""
    url = url_form(address)
    lines = [
        f"exploded:   {plain.exploded}{zone}",
        f"compressed: {plain.compressed}{zone}",
        f"URL:        {url}",
        f"URL host:   {urlsplit(url).hostname}",
        f"scope:      {scope(address)}",
    ]
    if address.scope_id:
        lines.append(f"zone:       {address.scope_id}")
    if address.ipv4_mapped:
        lines.append(f"IPv4:       {address.ipv4_mapped}")
    return lines


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Show the forms and scope of IPv6 addresses.")
    parser.add_argument(
        "addresses",
        metavar="ADDRESS",
        nargs="*",
        type=ipv6_address,
        help=f"IPv6 addresses (default: the book's {BOOK_ADDRESS})",
    )
    args = parser.parse_args(argv)
    addresses = args.addresses or [ipaddress.IPv6Address(BOOK_ADDRESS)]
    blocks = ["\n".join(forms(address)) for address in addresses]
    print("\n\n".join(blocks))
    if len(addresses) > 1:
        same = all(address == addresses[0] for address in addresses)
        print(f"\nall the same address: {'yes' if same else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
