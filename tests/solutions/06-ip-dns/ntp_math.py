"""Exercise 6: NTP by hand, from the bytes of the book's capture.

The book's Wireshark screenshots show the server's reply to ``6_5_ntp_client.py``; its
48 bytes of UDP payload are in ``BOOK_REPLY`` below. Decode them yourself with
``struct`` (no ntplib), then do the clock arithmetic.

The layout (RFC 5905, section 7.3), all big-endian ("network order", ``!``):

- byte 0: LI (2 bits, leap indicator), VN (3 bits, version), Mode (3 bits);
- byte 1: stratum; byte 2: poll (signed, log2 s); byte 3: precision (signed, log2 s);
- root delay, root dispersion: 32-bit fixed point, 16 bits of seconds . 16 of fraction;
- reference id: 4 bytes; for stratum 2 and up the IPv4 address of the upstream server
  (``"213.136.0.252"``), for stratum 0 or 1 four ASCII characters such as ``GPS``
  (drop the trailing NUL bytes);
- four timestamps, 8 bytes each: reference (last time the clock was set), originate
  (t1, client sends), receive (t2, server receives), transmit (t3, server sends).
  A timestamp is 32 bits of seconds since 1900-01-01 and 32 bits of fraction
  (fraction / 2**32 seconds); subtract ``NTP_TO_UNIX`` for Unix time.

With t4, the time the reply arrived, the client computes (RFC 5905, 8):

- ``offset = ((t2 - t1) + (t3 - t4)) / 2``: how far the server's clock is ahead of ours;
- ``delay = (t4 - t1) - (t3 - t2)``: the round trip, minus the time spent in the server.

For the book's reply with t4 = 1425143314.6222: offset about -4.7775 s (the book
prints -4.777519, its t4 had more digits), delay about 0.011 s.

The command line is provided::

    python ntp_math.py                  # decode BOOK_REPLY
    python ntp_math.py --t4 1425143314.6222

Graded (``pytest tests/lab06/test_ex6_ntp_math.py``): every field of the book's reply,
the offset and delay, bad input, and a reply from the lab's own ``ntp_server.py``.
"""

from __future__ import annotations

import ipaddress
import struct
import sys
import time
from dataclasses import dataclass

from labkit import cli

BOOK_REPLY = bytes.fromhex(
    "140203e9 00000505 00000978 d58800fc"
    " d89c7356 33450c22 d89c7492 9c7ac000"
    " d89c748d d6d58d49 d89c748d d6d90811".replace(" ", "")
)
BOOK_T4 = 1425143314.6222  # when the reply reached the book's client (Unix time)
NTP_TO_UNIX = 2_208_988_800  # seconds from 1900-01-01 to 1970-01-01 (70 years, 17 leap days)
PACKET_SIZE = 48


@dataclass
class NTPFields:
    leap: int
    version: int
    mode: int
    stratum: int
    poll: int
    precision: int
    root_delay: float  # seconds
    root_dispersion: float  # seconds
    ref_id: str  # "213.136.0.252", or "GPS" for stratum 0/1
    ref_time: float  # Unix time, like the four below
    orig_time: float  # t1
    recv_time: float  # t2
    tx_time: float  # t3


def timestamp(data: bytes) -> float:
    """An 8-byte NTP timestamp as Unix time (seconds since 1970, with a fraction)."""
    seconds, fraction = struct.unpack("!II", data[:8])
    return seconds + fraction / 2**32 - NTP_TO_UNIX


def parse(data: bytes) -> NTPFields:
    """Decode a 48-byte NTP packet; ValueError when it is shorter than 48 bytes."""
    if len(data) < PACKET_SIZE:
        raise ValueError(f"{len(data)} bytes, an NTP packet has {PACKET_SIZE}")
    flags, stratum, poll, precision, delay_, dispersion = struct.unpack("!BBbbII", data[:12])
    ref = data[12:16]
    ref_id = str(ipaddress.IPv4Address(ref)) if stratum >= 2 else ref.rstrip(b"\0").decode("ascii")
    return NTPFields(
        leap=flags >> 6,
        version=flags >> 3 & 0b111,
        mode=flags & 0b111,
        stratum=stratum,
        poll=poll,
        precision=precision,
        root_delay=delay_ / 2**16,
        root_dispersion=dispersion / 2**16,
        ref_id=ref_id,
        ref_time=timestamp(data[16:24]),
        orig_time=timestamp(data[24:32]),
        recv_time=timestamp(data[32:40]),
        tx_time=timestamp(data[40:48]),
    )


def offset(t1: float, t2: float, t3: float, t4: float) -> float:
    """How far the server's clock is ahead of the client's, in seconds."""
    return ((t2 - t1) + (t3 - t4)) / 2


def delay(t1: float, t2: float, t3: float, t4: float) -> float:
    """The network round trip, in seconds."""
    return (t4 - t1) - (t3 - t2)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Decode the book's NTP reply.")
    parser.add_argument("--hex", help="another 48-byte packet, as hex (default: the book's)")
    parser.add_argument("--t4", type=float, default=BOOK_T4, help="arrival time (Unix time)")
    args = parser.parse_args(argv)
    try:
        data = bytes.fromhex(args.hex) if args.hex else BOOK_REPLY
        f = parse(data)
    except ValueError as exc:
        return cli.error(f"not an NTP packet: {exc}", cli.USAGE)
    t1, t2, t3 = f.orig_time, f.recv_time, f.tx_time
    print(f"LI {f.leap}  VN {f.version}  mode {f.mode}  stratum {f.stratum}  poll {f.poll}")
    print(
        f"precision {f.precision}  root_delay {f.root_delay:.6f}  "
        f"root_dispersion {f.root_dispersion:.6f}  ref_id {f.ref_id}"
    )
    print(f"reference {f.ref_time:.4f}  ({time.strftime('%c', time.gmtime(f.ref_time))} UTC)")
    print(f"t1 {t1:.4f}  t2 {t2:.4f}  t3 {t3:.4f}  t4 {args.t4:.4f}")
    print(f"offset {offset(t1, t2, t3, args.t4):.6f}  delay {delay(t1, t2, t3, args.t4):.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
