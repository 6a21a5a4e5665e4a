"""Turn a host name into IP addresses with the system resolver.

Follows "DNS" in chapter 1 of the book, which runs ``nslookup python.org``. A program
rarely talks DNS itself: it asks the operating system, through ``getaddrinfo``, which
looks in ``/etc/hosts``, asks the configured DNS server, and so on (the order is in
``/etc/nsswitch.conf``). This lab resolves only ``localhost`` and lab names; lab
06-ip-dns runs a DNS server of its own and queries it directly.

``getaddrinfo`` has no timeout argument (the resolver's own limits are in
``/etc/resolv.conf``), so this script runs it in a background thread and stops waiting
after ``--timeout`` seconds.

Run it::

    python resolve.py localhost
    python resolve.py -4 localhost        # IPv4 addresses only
"""

from __future__ import annotations

import socket
import sys
import threading

from labkit import cli

FAMILIES = {socket.AF_INET: "IPv4", socket.AF_INET6: "IPv6"}


def resolve(name: str, family: int = socket.AF_UNSPEC, timeout: float = 5.0) -> list[tuple]:
    """``[("IPv4", "127.0.0.1"), ...]``: each address once, in the resolver's order.

    Raises ``socket.gaierror`` for an unknown name, ``TimeoutError`` when the resolver
    has not answered within ``timeout`` seconds.
    """
    outcome: dict[str, object] = {}

    def lookup() -> None:
        try:
            outcome["infos"] = socket.getaddrinfo(name, None, family, socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=lookup, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise TimeoutError(f"no answer from the resolver within {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    found = []
    for fam, _type, _proto, _canonname, sockaddr in outcome["infos"]:
        entry = (FAMILIES.get(fam, str(fam)), sockaddr[0])
        if entry not in found:
            found.append(entry)
    return found


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Resolve a host name to its addresses.")
    parser.add_argument("name", metavar="NAME", help="a host name, e.g. localhost")
    version = parser.add_mutually_exclusive_group()
    version.add_argument(
        "-4", dest="family", action="store_const", const=socket.AF_INET, help="IPv4 only"
    )
    version.add_argument(
        "-6", dest="family", action="store_const", const=socket.AF_INET6, help="IPv6 only"
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    try:
        found = resolve(args.name, args.family or socket.AF_UNSPEC, args.timeout)
    except UnicodeError:
        return cli.error(f"not a valid host name: {args.name!r}", cli.USAGE)
    except TimeoutError as exc:
        return cli.error(f"cannot resolve {args.name}: {exc}")
    except OSError as exc:
        return cli.error(f"cannot resolve {args.name}: {cli.describe_error(exc)}")
    for family, address in found:
        print(f"{family}  {address}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
