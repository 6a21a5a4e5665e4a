"""Exercise 11: read TCP and TLS handshakes out of pcap files (reference solution)."""

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
    if len(frame) < 14 or frame[12:14] != b"\x08\x00":  # IPv4 only
        return None
    ip = frame[14:]
    if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:  # version 4, protocol TCP
        return None
    ihl = (ip[0] & 0x0F) * 4
    total = struct.unpack_from("!H", ip, 2)[0]
    tcp = ip[ihl:total]
    if len(tcp) < 20:
        return None
    sport, dport = struct.unpack_from("!HH", tcp)
    offset = (tcp[12] >> 4) * 4
    src = (".".join(map(str, ip[12:16])), sport)
    dst = (".".join(map(str, ip[16:20])), dport)
    return Segment(src, dst, tcp[13], bytes(tcp[offset:]))


def segments(path: str | Path) -> list[Segment]:
    linktype, frames = read_pcap(path)
    if linktype != LINKTYPE_ETHERNET:
        raise ValueError(f"{path}: link type {linktype}, expected Ethernet (1)")
    return [seg for frame in frames if (seg := parse_tcp(frame)) is not None]


def tcp_handshake(path: str | Path) -> list[str]:
    """The flags of the first (up to) three segments of the first TCP connection."""
    found: list[str] = []
    ends = None
    for seg in segments(path):
        if ends is None:
            if seg.flags & 0x02 and not seg.flags & 0x10:  # a SYN without ACK: it starts
                ends = {seg.src, seg.dst}
            else:
                continue
        if {seg.src, seg.dst} == ends:
            found.append(flag_string(seg.flags))
            if len(found) == 3:
                break
    return found


def tls_handshake_types(path: str | Path, port: int = 443) -> list[int]:
    """Handshake message types seen in clear, both directions, in capture order."""
    buffers: dict[tuple, bytearray] = {}
    encrypted: set[tuple] = set()
    types: list[int] = []
    for seg in segments(path):
        if port not in (seg.src[1], seg.dst[1]) or not seg.payload:
            continue
        direction = (seg.src, seg.dst)
        buffer = buffers.setdefault(direction, bytearray())
        buffer += seg.payload
        while len(buffer) >= 5:
            content_type, _, length = struct.unpack_from("!BHH", buffer)
            if len(buffer) < 5 + length:
                break  # the rest of this record is in a later segment
            body = bytes(buffer[5 : 5 + length])
            del buffer[: 5 + length]
            if content_type == TLS_CHANGE_CIPHER_SPEC:
                encrypted.add(direction)  # what follows is encrypted
            elif content_type == TLS_HANDSHAKE and direction not in encrypted:
                at = 0
                while at + 4 <= len(body):
                    types.append(body[at])
                    at += 4 + int.from_bytes(body[at + 1 : at + 4], "big")
    return types


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
