"""Exercise 11: read the TCP and TLS handshakes out of a capture file, by hand.

tshark decodes captures for you; here you decode them yourself, with ``struct``, to
see the headers the walkthrough's ``Inspect it`` section shows. ``read_pcap`` (the
classic pcap container: a 24-byte file header, then a 16-byte header before each
frame), ``flag_string``, ``segments`` and the command line are provided. Write:

``parse_tcp(frame)``
    the ``Segment`` in an Ethernet frame: Ethernet is 14 bytes with the EtherType
    (``0x0800`` for IPv4) at offset 12; the IPv4 header is ``IHL * 4`` bytes (low
    nibble of its first byte), protocol at offset 9 (6 = TCP), total length at 2,
    addresses at 12 and 16; the TCP header has the ports first, the data offset in the
    high nibble of byte 12 (times 4) and the flags in byte 13. Return ``None`` for
    anything else (ARP, UDP, IPv6...). Do not assume 20-byte headers: options exist.
``tcp_handshake(path)``
    the flags (``flag_string``) of the first three segments of the first connection
    in the file, the one opened by the first SYN without ACK; segments of other
    connections do not count; fewer than three if the connection has fewer
    (``["SYN", "RST,ACK"]`` for a refused one).
``tls_handshake_types(path, port=443)``
    the TLS handshake message types in clear, in capture order, on TCP ``port``.
    Per direction, add each segment's payload to a buffer and take complete TLS
    records from it (5-byte header: content type, version, length); a record may be
    cut across segments, and one handshake record (type 22) may hold several messages
    (1-byte type, 3-byte length, body). After a ChangeCipherSpec record (type 20) a
    direction is encrypted: its later handshake records are not readable, skip them.
    A TLS 1.2 full handshake gives ``[1, 2, 11, 12, 14, 16]``.

    python exercises/pcap_readers.py capture.pcap --tls-port 8443
    TCP: SYN SYN,ACK ACK
    TLS: 1 2 11 12 14 16

Graded (``pytest tests/lab07/test_ex11_pcap_readers.py``) on golden pcaps written by
``tests/lab07/lab07_pcaps.py`` (with noise: ARP, UDP, another connection, TCP and IP
options): the TCP handshake, also from a big-endian file and for a refused
connection; the TLS 1.2 handshake types on port 443 and on another port; the command
line, and a file that is not a pcap as one line on stderr with exit status 1.
"""

from __future__ import annotations

import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from labkit import cli

LINKTYPE_ETHERNET = 1
FLAG_NAMES = ["FIN", "SYN", "RST", "PSH", "ACK", "URG"]  # bit 0, bit 1, ...
TLS_HANDSHAKE, TLS_CHANGE_CIPHER_SPEC = 22, 20


@dataclass
class Segment:
    src: tuple[str, int]
    dst: tuple[str, int]
    flags: int
    payload: bytes


def read_pcap(path: str | Path) -> tuple[int, list[bytes]]:
    """(link type, frames) of a classic pcap file (either byte order, us or ns)."""
    data = Path(path).read_bytes()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        order = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        order = ">"
    else:
        raise ValueError(f"{path}: not a pcap file (pcapng is not supported)")
    linktype = struct.unpack_from(order + "I", data, 20)[0]
    frames, offset = [], 24
    while offset + 16 <= len(data):
        incl_len = struct.unpack_from(order + "I", data, offset + 8)[0]
        frames.append(data[offset + 16 : offset + 16 + incl_len])
        offset += 16 + incl_len
    return linktype, frames


def flag_string(flags: int) -> str:
    """0x12 -> "SYN,ACK"."""
    return ",".join(name for bit, name in enumerate(FLAG_NAMES) if flags & (1 << bit))


def parse_tcp(frame: bytes) -> Segment | None:
    """The TCP segment in an Ethernet frame, or None for anything else."""
    # TODO (exercise 11)
    raise NotImplementedError("exercise 11: write parse_tcp()")


def segments(path: str | Path) -> list[Segment]:
    linktype, frames = read_pcap(path)
    if linktype != LINKTYPE_ETHERNET:
        raise ValueError(f"{path}: link type {linktype}, expected Ethernet (1)")
    return [seg for frame in frames if (seg := parse_tcp(frame)) is not None]


def tcp_handshake(path: str | Path) -> list[str]:
    """The flags of the first (up to) three segments of the first TCP connection."""
    # TODO (exercise 11)
    raise NotImplementedError("exercise 11: write tcp_handshake()")


def tls_handshake_types(path: str | Path, port: int = 443) -> list[int]:
    """Handshake message types seen in clear, both directions, in capture order."""
    # TODO (exercise 11)
    raise NotImplementedError("exercise 11: write tls_handshake_types()")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="TCP and TLS handshakes in a pcap file.")
    parser.add_argument("pcap", help="a classic pcap file (tcpdump -w, tshark -F pcap)")
    parser.add_argument("--tls-port", type=cli.port_number, default=443, help="default: 443")
    args = parser.parse_args(argv)
    try:
        print("TCP:", " ".join(tcp_handshake(args.pcap)))
        print("TLS:", " ".join(map(str, tls_handshake_types(args.pcap, args.tls_port))))
    except (OSError, ValueError) as exc:
        return cli.error(
            f"{args.pcap}: {cli.describe_error(exc)}" if isinstance(exc, OSError) else str(exc)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
