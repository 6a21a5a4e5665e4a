"""Exercise 3: classify addresses the way a network engineer would.

``ipaddress`` answers yes/no questions about an address (``is_loopback``,
``is_private``, ``is_link_local``...), but the answers overlap: 127.0.0.1 is both
loopback and "private", 169.254.1.1 both link-local and "private". Write
``classify(address)``, which gives ONE label, checking in this order:

1. ``"unspecified"``: 0.0.0.0 and ``::`` (what a server binds to mean "every address");
2. ``"loopback"``: 127.0.0.0/8 and ``::1``;
3. ``"link-local"``: 169.254.0.0/16 and fe80::/10 (self-assigned, never routed);
4. ``"multicast"``: 224.0.0.0/4 and ff00::/8;
5. ``"private"``: RFC 1918 (10/8, 172.16/12, 192.168/16) and IPv6 unique local fc00::/7;
6. ``"global"``: any other address that is globally reachable (``is_global``);
7. ``"other"``: what is left (shared 100.64/10, documentation ranges...).

Both IPv4 and IPv6; a string that is no IP address raises ``ValueError``
(``ipaddress`` does). Only ranges that every Python from 3.11 to 3.13 agrees on are
graded: ``is_private`` and ``is_global`` changed for a few special ranges in patch
releases (CVE-2024-4032), so do not rely on them for the first five labels.

The command line is provided::

    $ python classify.py 127.0.0.1 10.1.2.3 ff02::1
    127.0.0.1 loopback
    10.1.2.3 private
    ff02::1 multicast

Graded (``pytest tests/lab06/test_ex3_classify.py``) by a table of addresses.
"""

from __future__ import annotations

import ipaddress
import sys

from labkit import cli

# The private ranges, written out: is_private also covers other special ranges.
PRIVATE = [
    ipaddress.ip_network(net)
    for net in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
]


def classify(address: str) -> str:
    """One label for ``address``: unspecified, loopback, link-local, multicast,
    private, global or other."""
    ip = ipaddress.ip_address(address)
    checks = [
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", any(ip in net for net in PRIVATE if net.version == ip.version)),
        ("global", ip.is_global),
    ]
    for label, matches in checks:
        if matches:
            return label
    return "other"


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Classify IPv4 and IPv6 addresses.")
    parser.add_argument("addresses", nargs="+", metavar="ADDRESS")
    args = parser.parse_args(argv)
    try:
        lines = [f"{address} {classify(address)}" for address in args.addresses]
    except ValueError as exc:
        return cli.error(str(exc), cli.USAGE)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
