"""Exercise 8: how many visitors from each country? A GeoIP report over a log of IPs.

``visitors.log`` in the lab folder is a web server's access log: each line starts
with the client's address. Count the lines per country with the lab's GeoIP database
(``python geo_db.py`` writes ``lab-city.mmdb``) and print one line per country, most
visitors first::

    cd labs/06-ip-dns
    python exercises/geo_report.py visitors.log --db lab-city.mmdb
    ZZ 4
    JP 3
    ...

Write:

- :func:`country_of`: the ISO country code (``"IE"``) of an address, looked up with
  ``reader.city(ip)`` (the database is a City database); ``"ZZ"`` (the code ISO 3166
  leaves for private use, used here for "unknown") when the address is not in the
  database (``geoip2.errors.AddressNotFoundError``), is not an address at all, or
  cannot be looked up in this database (an IPv6 address in an IPv4 database): geoip2
  raises ``ValueError`` for those two;
- :func:`count_countries`: a ``collections.Counter`` of country codes over the lines;
  the address is the first whitespace-separated field; skip blank lines and lines
  starting with ``#``;
- :func:`report`: ``"CODE COUNT"`` lines, the largest count first, equal counts in
  alphabetical order of the code;
- :func:`main` is written for you; make sure it works once the others do.

Graded (``pytest tests/lab06/test_ex8_geo_report.py``) with the lab database: the
codes of known and unknown addresses, the counts of a small log, the order of the
report, and the program's output for ``visitors.log``.
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
    # TODO (exercise 8): reader.city(ip).country.iso_code; ZZ on the failures above.
    raise NotImplementedError("exercise 8: write country_of()")


def count_countries(lines: Iterable[str], reader: geoip2.database.Reader) -> Counter:
    """Count the log's lines per country; the address is the first field of a line."""
    # TODO (exercise 8)
    raise NotImplementedError("exercise 8: write count_countries()")


def report(counts: Counter) -> list[str]:
    """``CODE COUNT`` lines, most visitors first, ties in alphabetical order."""
    # TODO (exercise 8)
    raise NotImplementedError("exercise 8: write report()")


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
