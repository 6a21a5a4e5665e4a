"""DNS look-ups with dnspython: an address for a name, and reverse names (book: DNS look-ups).

The book types three lines at the Python prompt: ask the system resolver for the A
records of python.org, turn 127.0.0.1 into its reverse-lookup name
``1.0.0.127.in-addr.arpa.`` and back. Two things changed since:

- ``dns.resolver.query()`` is deprecated; ``resolve()`` is its replacement;
- the module-level ``dns.resolver.resolve()`` asks the servers in /etc/resolv.conf,
  which would send the lab's questions out to the internet. Here we build our own
  ``Resolver(configure=False)`` and point it at the lab's DNS server instead.

Start the server first (``python dns_server.py``), then::

    python dns_snippets.py
    python dns_snippets.py --name www.lab.test --address 127.0.0.13

Other scripts of the lab import :func:`lab_resolver`.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

import dns.exception
import dns.name
import dns.resolver
import dns.reversename

from labkit import cli

DEFAULT_SERVER = "127.0.0.1"
DEFAULT_PORT = 8053


def lab_resolver(
    server: str = DEFAULT_SERVER, port: int = DEFAULT_PORT, timeout: float = 5.0
) -> dns.resolver.Resolver:
    """A resolver that asks only ``server:port``, giving up after ``timeout`` seconds."""
    resolver = dns.resolver.Resolver(configure=False)  # do not read /etc/resolv.conf
    resolver.nameservers = [server]
    resolver.port = port
    resolver.timeout = timeout  # for one try
    resolver.lifetime = timeout  # for the whole look-up, retries included
    return resolver


def addresses(resolver: dns.resolver.Resolver, name: str) -> list[str]:
    """The IPv4 addresses (A records) of ``name``."""
    answer = resolver.resolve(name, "A")
    return [rdata.to_text() for rdata in answer]


def reverse_name(address: str) -> str:
    """``127.0.0.1`` -> ``1.0.0.127.in-addr.arpa.``: the name a PTR look-up asks for."""
    return dns.reversename.from_address(address).to_text()


def address_of(reverse: str) -> str:
    """The other way: ``1.0.0.127.in-addr.arpa.`` -> ``127.0.0.1``."""
    return dns.reversename.to_address(dns.name.from_text(reverse))


def describe(exc: dns.exception.DNSException, name: str, rtype: str, server: str, port: int) -> str:
    """One line for a failed look-up of the ``rtype`` records of ``name``."""
    if isinstance(exc, dns.resolver.NXDOMAIN):
        return f"{name}: no such domain (NXDOMAIN)"
    if isinstance(exc, dns.resolver.NoAnswer):
        return f"{name}: no {rtype} record"
    if isinstance(exc, dns.resolver.LifetimeTimeout):
        waited = exc.kwargs.get("timeout") or 0
        return f"no valid answer from {server}:{port} in {waited:.1f}s (is the DNS server running?)"
    if isinstance(exc, dns.resolver.NoNameservers):
        return f"the server at {server}:{port} gave no usable answer"
    return f"{name}: {exc}"  # a name that is not valid, for example


def ip_address(text: str) -> str:
    """argparse type: an IPv4 or IPv6 address (a resolver needs a server's address)."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an IP address: {text!r}") from None


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Resolve a name and make reverse names.")
    parser.add_argument("--name", default="python.org", help="name to resolve (python.org)")
    parser.add_argument(
        "--address", type=ip_address, default="127.0.0.1", help="address to reverse"
    )
    parser.add_argument("--server", type=ip_address, default=DEFAULT_SERVER, help="DNS server")
    parser.add_argument("--port", type=cli.port_number, default=DEFAULT_PORT, help="DNS port")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)

    resolver = lab_resolver(args.server, args.port, args.timeout)
    try:
        for address in addresses(resolver, args.name):
            print("IP", address)
    except dns.exception.DNSException as exc:
        return cli.error(describe(exc, args.name, "A", args.server, args.port))
    reverse = reverse_name(args.address)
    print(reverse)
    print(address_of(reverse))
    return 0


if __name__ == "__main__":
    sys.exit(main())
