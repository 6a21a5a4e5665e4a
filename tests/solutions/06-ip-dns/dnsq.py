"""Exercise 5: dnsq, a small dig: one look-up, one record per line, meaningful exit codes.

Reference solution.
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

TYPES = ("A", "AAAA", "MX", "CNAME", "PTR", "TXT")
OK, NOT_FOUND, USAGE = 0, 1, 2


def record_type(text: str) -> str:
    rtype = text.upper()
    if rtype not in TYPES:
        raise argparse.ArgumentTypeError(f"unsupported type {text!r} (use {', '.join(TYPES)})")
    return rtype


def server_address(text: str) -> str:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an IP address: {text!r}") from None


def make_resolver(server: str, port: int, timeout: float) -> dns.resolver.Resolver:
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [server]
    resolver.port = port
    resolver.timeout = resolver.lifetime = timeout
    return resolver


def to_query_name(name: str, rtype: str) -> dns.name.Name:
    """The name to ask about (an address, for PTR, becomes its reverse name)."""
    if rtype == "PTR":
        try:
            return dns.reversename.from_address(name)
        except (ValueError, dns.exception.SyntaxError):
            pass
    return dns.name.from_text(name)


def format_record(rdata, rtype: str) -> str:
    if rtype == "TXT":
        return b"".join(rdata.strings).decode("utf-8", "replace")
    return rdata.to_text()


def lookup(resolver: dns.resolver.Resolver, name: str, rtype: str) -> list[str]:
    """The records as printed: sorted (MX by preference). Raises dnspython's exceptions."""
    answer = resolver.resolve(to_query_name(name, rtype), rtype)
    if rtype == "MX":
        records = sorted(answer, key=lambda mx: (mx.preference, mx.exchange.to_text()))
        return [format_record(rdata, rtype) for rdata in records]
    if rtype in ("A", "AAAA"):
        return sorted((format_record(r, rtype) for r in answer), key=ipaddress.ip_address)
    return sorted(format_record(rdata, rtype) for rdata in answer)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Look up DNS records (a small dig).")
    parser.add_argument("name")
    parser.add_argument("type", nargs="?", default="A", type=record_type)
    parser.add_argument("--server", type=server_address, default="127.0.0.1")
    parser.add_argument("--port", type=cli.port_number, default=8053)
    cli.add_timeout(parser, default=2.0)
    args = parser.parse_args(argv)
    try:
        to_query_name(args.name, args.type)
    except dns.exception.DNSException as exc:
        parser.error(f"bad name {args.name!r}: {exc}")

    resolver = make_resolver(args.server, args.port, args.timeout)
    try:
        records = lookup(resolver, args.name, args.type)
    except dns.resolver.NXDOMAIN:
        return cli.error(f"{args.name}: no such name (NXDOMAIN)", NOT_FOUND)
    except dns.resolver.NoAnswer:
        return cli.error(f"{args.name}: no {args.type} record", NOT_FOUND)
    except dns.resolver.LifetimeTimeout:
        return cli.error(f"no answer from {args.server}:{args.port} (timeout)", NOT_FOUND)
    except dns.exception.DNSException as exc:
        return cli.error(f"{args.name}: {exc}", NOT_FOUND)
    for record in records:
        print(record)
    return OK


if __name__ == "__main__":
    sys.exit(main())
