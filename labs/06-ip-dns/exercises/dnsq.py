"""Exercise 5: dnsq, a small ``dig``: one look-up, one record per line, exit codes.

Write a command-line tool that asks the lab DNS server (``python dns_server.py``)
for one type of record and prints the answer the way ``dig +short`` does::

    python dnsq.py www.lab.test            # type A by default
    127.0.0.13
    127.0.0.31
    python dnsq.py lab.test MX
    10 mail.lab.test.
    20 backup-mx.lab.test.
    python dnsq.py 127.0.0.13 PTR          # an address: ask for its reverse name
    www.lab.test.

Command line: ``dnsq.py NAME [TYPE] [--server IP] [--port N] [--timeout S]``;
TYPE is one of ``TYPES`` in any case (``mx`` works), default A; defaults
``--server 127.0.0.1 --port 8053 --timeout 2``. Use ``labkit.cli.ArgumentParser``
(a usage error is one line and exit status 2) and a
``dns.resolver.Resolver(configure=False)`` pointed at the server: never the system
resolver.

Output: only the records of the asked type, one per line, as dnspython's
``to_text()`` writes them (names end with a dot), sorted: A and AAAA by address,
MX by preference, the others alphabetically. TXT records print their text without
quotes (join ``rdata.strings`` and decode).

Exit codes:

- ``0``: records printed;
- ``1``: NXDOMAIN, no record of that type (NoAnswer) or no answer in time; one line on
  stderr, nothing on stdout;
- ``2``: usage error (no name, unknown type, bad name such as ``a..b``, a server that
  is not an IP address, a bad port); one line on stderr.

Graded (``pytest tests/lab06/test_ex5_dnsq.py``, run as a program against the lab
zone): each type's output, the default type and case-insensitive types, PTR from an
address, the exit code and single stderr line for NXDOMAIN, NoAnswer, a silent server
(within a few seconds of ``--timeout 1``) and usage errors.
"""

from __future__ import annotations

import sys

TYPES = ("A", "AAAA", "MX", "CNAME", "PTR", "TXT")
OK, NOT_FOUND, USAGE = 0, 1, 2


def main(argv=None) -> int:
    """Parse the arguments, look the records up, print them; return the exit code."""
    # TODO (exercise 5): the parser, a resolver, the look-up, the output, the exit codes.
    raise NotImplementedError("exercise 5: write dnsq")


if __name__ == "__main__":
    sys.exit(main())
