"""An interactive DNS client for A, MX, CNAME (and PTR) records (book listing 6_4).

Two ways to run it. Without a name it keeps the book's dialogue: it asks for a name,
a record type and whether to go on, until you answer ``n`` (or end the input)::

    python dns_client.py
    printf 'mail.lab.test\\nMX\\nn\\n' | python dns_client.py

With a name and a type it does one look-up and exits, so its exit status tells
scripts what happened (0 found, 1 not found or no server, 2 bad arguments)::

    python dns_client.py www.lab.test A
    python dns_client.py lab.test MX
    python dns_client.py 127.0.0.13 PTR

It asks the lab's DNS server (``python dns_server.py``, 127.0.0.1:8053), never the
system resolver. Fixed from the book: a name that does not exist (NXDOMAIN) or has
no record of that type (NoAnswer) is one line, not a crash of the whole loop; the
"not implemented" message now belongs to unknown types instead of following every MX
answer; the MX header prints once, with the records sorted by preference; and the
loop flag is spelt ``lookup_continue``.
"""

from __future__ import annotations

import ipaddress
import sys

import dns.exception
import dns.name
import dns.resolver
import dns.reversename
from dns_snippets import DEFAULT_PORT, DEFAULT_SERVER, describe, ip_address, lab_resolver

from labkit import cli

SUPPORTED = ("A", "MX", "CNAME", "PTR")


class LookupFailed(Exception):
    """A look-up that found nothing; the message is one line for the user.

    ``no_server`` is True when the server did not answer (usefully): no point going on.
    """

    def __init__(self, message: str, no_server: bool = False):
        super().__init__(message)
        self.no_server = no_server


def query_name(name: str, rtype: str) -> str:
    """The name to ask about: for PTR, an address becomes its reverse name."""
    if rtype == "PTR":
        try:
            return dns.reversename.from_address(name).to_text()
        except (ValueError, dns.exception.SyntaxError):
            pass  # not an address: take it as a name (1.0.0.127.in-addr.arpa, say)
    return name


def lookup(resolver: dns.resolver.Resolver, name: str, rtype: str) -> list[str]:
    """Look up the ``rtype`` records of ``name``: the lines to print.

    Raises :class:`LookupFailed` with a one-line message when there is nothing to show.
    """
    rtype = rtype.strip().upper()
    if not name:
        raise LookupFailed("no name given")
    if rtype not in SUPPORTED:
        raise LookupFailed(f"Record type: {rtype} is not implemented")
    try:
        answer = resolver.resolve(query_name(name, rtype), rtype)
    except dns.exception.DNSException as exc:
        server, port = resolver.nameservers[0], resolver.port
        no_server = isinstance(exc, dns.resolver.LifetimeTimeout | dns.resolver.NoNameservers)
        raise LookupFailed(describe(exc, name, rtype, server, port), no_server) from None
    if rtype == "A":
        ips = sorted((rdata.to_text() for rdata in answer), key=ipaddress.ip_address)
        lines = [f"Got answer IP address: {ips}"]
        if answer.canonical_name != answer.qname:  # we were given an alias
            lines.append(f"({answer.qname} is an alias for {answer.canonical_name})")
        return lines
    if rtype == "CNAME":
        return [f"Got answer Aliases: {[rdata.to_text() for rdata in answer]}"]
    if rtype == "MX":
        lines = ["Got answers for Mail server records:"]
        for rdata in sorted(answer, key=lambda mx: mx.preference):
            lines.append(f"Mailserver {rdata.exchange} has preference {rdata.preference}")
        return lines
    return [f"Got answer Host names: {[rdata.to_text() for rdata in answer]}"]  # PTR


def interactive(resolver: dns.resolver.Resolver) -> int:
    """The book's loop on standard input. Ends on ``n`` or at the end of the input.

    A name that is not found is reported and the loop goes on; a server that does not
    answer ends it, with exit status 1.
    """
    lookup_continue = True
    try:
        while lookup_continue:
            name = input("Enter the DNS name to resolve: ").strip()
            record_type = input("Enter the query type [A/MX/CNAME]: ").strip()
            try:
                lines = lookup(resolver, name, record_type)
            except LookupFailed as exc:
                if exc.no_server:
                    return cli.error(str(exc))
                lines = [str(exc)]
            print("\n".join(lines))
            lookup_more = input("Do you want to lookup more records? [y/n]: ")
            if lookup_more.strip().lower() == "n":
                lookup_continue = False
    except EOFError:
        print()  # the input ended at a prompt: finish its line
    return 0


def main(argv=None) -> int:
    parser = cli.ArgumentParser(
        description="Look up A, MX, CNAME or PTR records (no arguments: ask interactively)."
    )
    parser.add_argument("name", nargs="?", help="name to look up (an address for PTR)")
    parser.add_argument("type", nargs="?", default="A", help="A, MX, CNAME or PTR (default: A)")
    parser.add_argument("--server", type=ip_address, default=DEFAULT_SERVER, help="DNS server")
    parser.add_argument("--port", type=cli.port_number, default=DEFAULT_PORT, help="DNS port")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)

    resolver = lab_resolver(args.server, args.port, args.timeout)
    if args.name is None:
        return interactive(resolver)
    if args.type.upper() not in SUPPORTED:
        parser.error(f"record type {args.type!r} is not implemented (use A, MX, CNAME or PTR)")
    try:
        dns.name.from_text(query_name(args.name, args.type.upper()))
    except dns.exception.DNSException as exc:
        parser.error(f"bad name {args.name!r}: {exc}")
    try:
        lines = lookup(resolver, args.name, args.type)
    except LookupFailed as exc:
        return cli.error(str(exc))
    return cli.print_output("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
