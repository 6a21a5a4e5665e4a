"""Where is a host? Resolve its name, then look its address up in a GeoIP database (6_3).

The book resolved the name with ``socket.gethostbyname()`` and located the address
with python-geoip, which no longer works on current Pythons (and whose bundled
database is gone). Here:

- the name is resolved by the lab's DNS server (``python dns_server.py``), with an
  explicit dnspython resolver, so nothing leaves your machine; ``--ip`` skips DNS;
- the address is looked up with MaxMind's ``geoip2`` reader in a ``.mmdb`` file:
  the lab's small database (``python geo_db.py`` writes ``lab-city.mmdb``) or a real
  GeoLite2-City file if you have one (``--db``).

Try it::

    python geo_db.py
    python geoip_lookup.py --hostname amazon.lab.test
    python geoip_lookup.py --ip 203.0.113.7

The output keeps the book's lines (``Country:  IE`` and so on). An address that is
not in the database is reported as "not found", exit status 1.
"""

from __future__ import annotations

import ipaddress
import sys

import dns.exception
import geoip2.database
import geoip2.errors
import maxminddb
from dns_snippets import DEFAULT_PORT, DEFAULT_SERVER, describe, ip_address, lab_resolver
from geo_db import DEFAULT_DB

from labkit import cli


def resolve_ipv4(resolver, hostname: str) -> str:
    """The first IPv4 address of ``hostname`` (what the book's gethostbyname gave)."""
    answer = resolver.resolve(hostname, "A")
    return answer[0].to_text()


def locate(reader: geoip2.database.Reader, ip: str) -> list[str]:
    """The book's three lines about ``ip``; raises ``AddressNotFoundError``."""
    city = reader.city(ip)
    return [
        f"Country:  {city.country.iso_code}",
        f"Continent:  {city.continent.code}",
        f"Time zone:  {city.location.time_zone}",
    ]


def open_database(path: str) -> geoip2.database.Reader:
    """Open a ``.mmdb`` file; ``ValueError`` with one line when that is not possible."""
    try:
        reader = geoip2.database.Reader(path)
    except FileNotFoundError:
        raise ValueError(f"GeoIP database {path} not found (python geo_db.py writes one)") from None
    except (OSError, maxminddb.InvalidDatabaseError, ValueError) as exc:
        raise ValueError(f"{path} is not a GeoIP database: {exc}") from None
    kind = reader.metadata().database_type
    if "City" not in kind:
        reader.close()
        raise ValueError(f"{path} is not a City database ({kind})")
    return reader


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Get the location of a host from a GeoIP database.")
    parser.add_argument("--hostname", help="name to resolve through the lab DNS server")
    parser.add_argument("--ip", type=ip_address, help="look up this address (no DNS)")
    parser.add_argument("--db", default=str(DEFAULT_DB), help="GeoIP City database (.mmdb)")
    parser.add_argument("--server", type=ip_address, default=DEFAULT_SERVER, help="DNS server")
    parser.add_argument("--port", type=cli.port_number, default=DEFAULT_PORT, help="DNS port")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if not (args.hostname or args.ip):
        parser.error("give --hostname NAME (or --ip ADDRESS)")

    try:
        reader = open_database(args.db)
    except ValueError as exc:
        return cli.error(str(exc))
    with reader:
        ip = args.ip
        if ip is None:
            resolver = lab_resolver(args.server, args.port, args.timeout)
            try:
                ip = resolve_ipv4(resolver, args.hostname)
            except dns.exception.DNSException as exc:
                return cli.error(describe(exc, args.hostname, "A", args.server, args.port))
        print(f"IP address: {ip}", flush=True)
        try:
            lines = locate(reader, ip)
        except geoip2.errors.AddressNotFoundError:
            where = " (a private address)" if ipaddress.ip_address(ip).is_private else ""
            return cli.error(f"{ip}: not found in {args.db}{where}")
        except (maxminddb.InvalidDatabaseError, ValueError) as exc:
            return cli.error(f"{args.db}: cannot read it: {exc}")
    return cli.print_output("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
