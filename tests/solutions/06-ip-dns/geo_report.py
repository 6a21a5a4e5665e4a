"""Exercise 8: how many visitors from each country? A GeoIP report over a log of IPs.

Reference solution.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import geoip2.database
import geoip2.errors
import maxminddb

from labkit import cli

UNKNOWN = "ZZ"


def country_of(reader: geoip2.database.Reader, ip: str) -> str:
    """The ISO country code of ``ip``, or ``ZZ`` when the database cannot say."""
    try:
        code = reader.city(ip).country.iso_code
    except (geoip2.errors.AddressNotFoundError, ValueError):
        return UNKNOWN
    return code or UNKNOWN


def count_countries(lines: Iterable[str], reader: geoip2.database.Reader) -> Counter:
    """Count the log's lines per country; the address is the first field of a line."""
    counts = Counter()
    for line in lines:
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        counts[country_of(reader, fields[0])] += 1
    return counts


def report(counts: Counter) -> list[str]:
    """``CODE COUNT`` lines, most visitors first, ties in alphabetical order."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [f"{code} {count}" for code, count in ordered]


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Count a log's visitors per country.")
    parser.add_argument("log", type=Path, help="log file, one address at the start of each line")
    parser.add_argument("--db", default="lab-city.mmdb", help="GeoIP City database (.mmdb)")
    args = parser.parse_args(argv)
    try:
        text = args.log.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return cli.error(f"cannot read {args.log}: {cli.describe_error(exc)}")
    try:
        reader = geoip2.database.Reader(args.db)
    except (OSError, maxminddb.InvalidDatabaseError, ValueError) as exc:
        return cli.error(f"cannot open {args.db}: {cli.describe_error(exc)}")
    with reader:
        counts = count_countries(text.splitlines(), reader)
    print("\n".join(report(counts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
