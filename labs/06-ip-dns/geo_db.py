"""Build the lab's small GeoIP database, a file in MaxMind's GeoLite2-City format.

The book uses python-geoip-geolite2, which shipped MaxMind's free GeoLite2 database.
That package is dead, and today's GeoLite2 downloads need a MaxMind account. Our
look-ups only need a few networks, so we write our own database with mmdb-writer, in
the same binary format (MaxMind DB, ``.mmdb``) and with the same record layout as
GeoLite2-City: any reader of the real database (geoip2, maxminddb) reads this one.

It holds the three documentation networks of RFC 5737 (TEST-NET-1, -2, -3), each in
a different country, and the book's 178.236.6.0/24 in Dublin, so that
``geoip_lookup.py`` prints what the book shows for amazon.co.uk. The locations are
made up for teaching: this is not real geolocation data.

Run it once::

    python geo_db.py                 # writes lab-city.mmdb next to this script
    python geo_db.py /tmp/city.mmdb
"""

from __future__ import annotations

import sys
from pathlib import Path

from mmdb_writer import MMDBWriter
from netaddr import IPSet

from labkit import cli

DEFAULT_DB = Path(__file__).with_name("lab-city.mmdb")

# network -> (country code, country name, continent code, continent name, city, time zone)
NETWORKS = {
    "178.236.6.0/24": ("IE", "Ireland", "EU", "Europe", "Dublin", "Europe/Dublin"),
    "192.0.2.0/24": ("FR", "France", "EU", "Europe", "Paris", "Europe/Paris"),
    "198.51.100.0/24": ("US", "United States", "NA", "North America", "Boston", "America/New_York"),
    "203.0.113.0/24": ("JP", "Japan", "AS", "Asia", "Tokyo", "Asia/Tokyo"),
}


def city_record(country, country_name, continent, continent_name, city, time_zone) -> dict:
    """One network's data, laid out as in GeoLite2-City (names by language)."""
    return {
        "city": {"names": {"en": city}},
        "continent": {"code": continent, "names": {"en": continent_name}},
        "country": {"iso_code": country, "names": {"en": country_name}},
        "location": {"time_zone": time_zone},
    }


def build(path: str | Path, networks: dict = NETWORKS) -> Path:
    """Write the database to ``path`` and return it."""
    writer = MMDBWriter(
        ip_version=4,
        database_type="GeoLite2-City",  # geoip2's Reader.city() checks for "City"
        languages=["en"],
        description="Python Network Programming Labs: made-up locations for teaching",
    )
    for network, fields in networks.items():
        writer.insert_network(IPSet([network]), city_record(*fields))
    writer.to_db_file(str(path))
    return Path(path)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Write the lab's GeoLite2-City-format database.")
    parser.add_argument(
        "out", nargs="?", type=Path, default=DEFAULT_DB, help="file to write (lab-city.mmdb)"
    )
    args = parser.parse_args(argv)
    try:
        path = build(args.out)
    except OSError as exc:
        return cli.error(f"cannot write {args.out}: {cli.describe_error(exc)}")
    print(f"Wrote {len(NETWORKS)} networks to {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
