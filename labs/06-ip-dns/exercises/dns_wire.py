"""Exercise 4: DNS wire format by hand.

dnspython hides the bytes. Here you make them yourself (RFC 1035, section 4). A query
is a 12-byte header, then the question:

    header:   id (16 bits) | flags (16) | QDCOUNT | ANCOUNT | NSCOUNT | ARCOUNT
    question: the name as labels (a length byte, then that many ASCII bytes, ...,
              ending with a zero byte) | QTYPE (16 bits) | QCLASS (16 bits, IN = 1)

Every number is big-endian ("network order"): ``struct.pack("!HHHHHH", ...)``.
A standard query with "recursion desired" has flags 0x0100 and one question. The
book's capture of ``pip`` asking for pypi.python.org shows these 33 bytes::

    c616 0100 0001 0000 0000 0000 04 'pypi' 06 'python' 03 'org' 00 0001 0001

1. :func:`build_query` returns exactly those bytes for
   ``build_query("pypi.python.org", "A", 0xC616)`` (a trailing dot on the name
   changes nothing; the types are in ``TYPES``). Check yourself against dnspython:
   ``dns.message.make_query(name, rtype, id=0xC616).to_wire()`` gives the same bytes.
2. :func:`query` sends it over UDP to the lab DNS server (``python dns_server.py``)
   and returns the reply's bytes. Use ``socket.settimeout``: no reply within
   ``timeout`` seconds raises ``TimeoutError``. Return only a reply whose id is yours.
3. :func:`parse_reply` decodes a reply: ``{"id": int, "flags": int, "rcode": int,
   "answers": [(name, type, value), ...]}``. The rcode is the low 4 bits of the flags
   (3 is NXDOMAIN). Skip the question section (name, then 4 bytes), then read ANCOUNT
   records: name, TYPE, CLASS, TTL (32 bits), RDLENGTH, RDATA. Names come back
   without the trailing dot (``"www.lab.test"``), types by name (``"A"``, ``"CNAME"``).
   Values: A as ``"127.0.0.13"``, CNAME/PTR/NS as a name, MX as ``"10 mail.lab.test"``.
   Servers *compress* names: a length byte whose two high bits are set (``0xC0``)
   starts a 2-byte pointer, the offset (14 bits) in the message where the rest of the
   name is. A reply that is too short or inconsistent raises ``ValueError``.

Graded (``pytest tests/lab06/test_ex4_dns_wire.py``): the 33 bytes; other names and
types equal dnspython's bytes; the reply to your query has your id; the parsed answers
for www.lab.test (A), smtp.lab.test (an alias: CNAME, then A, with compressed names),
lab.test (MX) and an unknown name (rcode 3, no answers) match the lab zone; a silent
server raises TimeoutError; a truncated reply raises ValueError.

Try it (with the lab DNS server running)::

    python dns_wire.py smtp.lab.test A
"""

from __future__ import annotations

import random
import struct
import sys

from labkit import cli

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "MX": 15, "TXT": 16, "AAAA": 28}
TYPE_NAMES = {number: name for name, number in TYPES.items()}
CLASS_IN = 1
FLAG_RD = 0x0100
HEADER = struct.Struct("!HHHHHH")  # id, flags, qdcount, ancount, nscount, arcount


def build_query(name: str, rtype: str, query_id: int) -> bytes:
    """A standard query (recursion desired) for the ``rtype`` records of ``name``."""
    # TODO (exercise 4): the header, the name as length-prefixed labels, QTYPE, QCLASS.
    raise NotImplementedError("exercise 4: write build_query()")


def query(
    name: str, rtype: str, server: str, port: int, timeout: float, query_id: int | None = None
) -> bytes:
    """Send one query over UDP and return the reply's bytes (TimeoutError if none)."""
    if query_id is None:
        query_id = random.randrange(0x10000)
    # TODO (exercise 4): a UDP socket with a timeout; sendto; recvfrom until your id.
    raise NotImplementedError("exercise 4: write query()")


def parse_reply(data: bytes) -> dict:
    """The id, flags, rcode and answer records (``(name, type, value)``) of a reply."""
    # TODO (exercise 4): unpack the header, skip the question, read the answers.
    raise NotImplementedError("exercise 4: write parse_reply()")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Send a hand-made DNS query and parse the reply.")
    parser.add_argument("name")
    parser.add_argument("type", nargs="?", default="A", choices=sorted(TYPES))
    parser.add_argument("--server", default="127.0.0.1")
    parser.add_argument("--port", type=cli.port_number, default=8053)
    cli.add_timeout(parser, default=2.0)
    args = parser.parse_args(argv)
    packet = build_query(args.name, args.type, 0xC616)
    print(" ".join(packet[i : i + 2].hex() for i in range(0, len(packet), 2)))
    try:
        reply = parse_reply(query(args.name, args.type, args.server, args.port, args.timeout))
    except (OSError, ValueError) as exc:
        return cli.error(cli.describe_error(exc))
    print(f"id {reply['id']:#06x} rcode {reply['rcode']}")
    for name, rtype, value in reply["answers"]:
        print(name, rtype, value)
    return 0


if __name__ == "__main__":
    sys.exit(main())
