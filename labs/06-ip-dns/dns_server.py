"""The lab's DNS server: answers for the ``lab.test`` zone on 127.0.0.1, over UDP.

The book's DNS examples ask the system resolver about public names. The labs never
leave your machine, so this script plays the name server: it reads a zone file
(``lab.zone`` by default, RFC 1035 syntax) and answers queries about it with dnslib.
Point a client at it explicitly, for example a dnspython ``Resolver(configure=False)``
whose ``nameservers`` is ``["127.0.0.1"]`` and whose ``port`` is this server's port.

What the answers look like:

- a name in the zone with records of the asked type: those records (flag ``aa`` set);
- an alias (CNAME) asked for another type: the CNAME *and* the records of its target,
  the way a real server answers (dnslib's plain ``ZoneResolver`` stops at the CNAME,
  and dnspython then reports "no answer");
- a name in the zone without records of that type: an empty answer (NOERROR), with the
  zone's SOA record in the authority section;
- a name not in the zone: NXDOMAIN ("no such domain").

Run it in its own terminal and leave it running while you work through the lab::

    python dns_server.py                     # udp 127.0.0.1:8053
    python dns_server.py --port 0 --verbose  # any free port, log every query

Tests import :func:`start` and :func:`stop`, which run the same server in a thread.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dnslib import QTYPE, RCODE
from dnslib.server import DNSHandler, DNSLogger, DNSServer
from dnslib.zoneresolver import ZoneResolver

from labkit import cli, server

DEFAULT_PORT = 8053
DEFAULT_ZONE = Path(__file__).with_name("lab.zone")
MAX_CHAIN = 8  # CNAMEs followed at most, so a loop in the zone cannot hang the server


class ChasingZoneResolver(ZoneResolver):
    """A ``ZoneResolver`` that follows CNAMEs and tells NXDOMAIN from "no such record"."""

    def records(self, name, rtype: str | None = None) -> list:
        """The zone's records for ``name`` (all of them, or those of type ``rtype``)."""
        return [rr for rname, t, rr in self.zone if rname == name and rtype in (None, t)]

    def name_exists(self, name) -> bool:
        """True when ``name`` or a name below it has records (``0.0.127.in-addr.arpa``)."""
        return any(rname.matchSuffix(name) for rname, _, _ in self.zone)

    def resolve(self, request, handler):
        reply = request.reply()  # same id and question, QR and AA set
        qname, qtype = request.q.qname, QTYPE[request.q.qtype]
        name = qname
        for _ in range(MAX_CHAIN):
            wanted = self.records(name, None if qtype == "ANY" else qtype)
            if wanted:
                for rr in wanted:
                    reply.add_answer(rr)
                break
            aliases = self.records(name, "CNAME")
            if not aliases:
                break
            reply.add_answer(aliases[0])  # an alias: give it, then look up its target
            name = aliases[0].rdata.label
        self.add_glue(reply)
        if not reply.rr:
            if not self.name_exists(qname):
                reply.header.rcode = RCODE.NXDOMAIN
            for _, _, soa in (z for z in self.zone if z[1] == "SOA"):
                if qname.matchSuffix(soa.rname):
                    reply.add_auth(soa)
        return reply

    def add_glue(self, reply) -> None:
        """Put the addresses of the hosts an MX or NS answer names in "additional"."""
        answered = {(str(rr.rname), rr.rtype) for rr in reply.rr}
        for rr in list(reply.rr):
            if QTYPE[rr.rtype] in ("MX", "NS"):
                for rtype in ("A", "AAAA"):
                    for glue in self.records(rr.rdata.label, rtype):
                        if (str(glue.rname), glue.rtype) not in answered:
                            reply.add_ar(glue)


class LabHandler(DNSHandler):
    """dnslib's handler, made sure never to print a traceback: a bad packet is skipped."""

    def handle(self) -> None:
        try:
            super().handle()  # a packet that does not parse is logged and not answered
        except Exception as exc:  # a bad client must not stop the server
            self.server.logger.log_error(self, exc)


def quiet_logger() -> DNSLogger:
    return DNSLogger(log="-request,-reply,-truncated,-error", logf=lambda text: None)


def verbose_logger() -> DNSLogger:
    return DNSLogger(
        log="request,reply,error", prefix=False, logf=lambda text: print(text, flush=True)
    )


def make_server(
    zone_text: str, host: str = "127.0.0.1", port: int = 0, logger: DNSLogger | None = None
) -> DNSServer:
    """A DNS server for ``zone_text``, bound (``port`` 0: any free port), not started.

    Raises ``ValueError`` for a zone that does not parse, ``OSError`` when the address
    cannot be bound.
    """
    try:
        resolver = ChasingZoneResolver(zone_text)
    except Exception as exc:  # dnslib raises several types for a bad zone line
        raise ValueError(f"bad zone data: {exc}") from None
    dns_server = DNSServer(
        resolver, address=host, port=port, logger=logger or quiet_logger(), handler=LabHandler
    )
    dns_server.port = dns_server.server.server_address[1]
    return dns_server


def start(zone_text: str, port: int = 0, host: str = "127.0.0.1") -> DNSServer:
    """Serve ``zone_text`` in a background thread; ``server.port`` is the UDP port."""
    dns_server = make_server(zone_text, host, port)
    dns_server.start_thread()
    return dns_server


def stop(dns_server: DNSServer) -> None:
    """Stop a server made by :func:`start` and close its socket."""
    dns_server.stop()  # serve_forever returns
    dns_server.server.server_close()
    dns_server.thread.join(5)


def parse_args(argv) -> argparse.Namespace:
    parser = cli.ArgumentParser(description="Serve a DNS zone file on 127.0.0.1 (UDP).")
    parser.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    parser.add_argument(
        "--port",
        type=cli.port_number,
        default=DEFAULT_PORT,
        help=f"UDP port, 0 for any free one (default: {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--zone", type=Path, default=DEFAULT_ZONE, help="zone file (default: lab.zone)"
    )
    parser.add_argument("--verbose", action="store_true", help="print each query and reply")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        zone_text = args.zone.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return cli.error(f"cannot read zone file {args.zone}: {cli.describe_error(exc)}")
    logger = verbose_logger() if args.verbose else quiet_logger()
    try:
        dns_server = make_server(zone_text, args.host, args.port, logger)
    except ValueError as exc:
        return cli.error(f"{args.zone}: {exc}")
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    try:
        server.announce(dns_server.server.server_address)
        dns_server.start()  # serve_forever, until Ctrl-C or SIGTERM
    except KeyboardInterrupt:
        pass
    finally:
        dns_server.server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
