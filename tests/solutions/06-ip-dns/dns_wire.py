"""Exercise 4: a DNS query built byte by byte, sent over UDP, and its reply parsed.

Reference solution.
"""

from __future__ import annotations

import ipaddress
import random
import socket
import struct
import sys

from labkit import cli

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "MX": 15, "TXT": 16, "AAAA": 28}
TYPE_NAMES = {number: name for name, number in TYPES.items()}
CLASS_IN = 1
FLAG_RD = 0x0100
HEADER = struct.Struct("!HHHHHH")  # id, flags, qdcount, ancount, nscount, arcount


def encode_name(name: str) -> bytes:
    """``pypi.python.org`` -> ``\\x04pypi\\x06python\\x03org\\x00``."""
    out = b""
    for label in name.rstrip(".").split("."):
        raw = label.encode("ascii")
        if not 0 < len(raw) < 64:
            raise ValueError(f"bad label in {name!r}")
        out += bytes([len(raw)]) + raw
    return out + b"\x00"


def build_query(name: str, rtype: str, query_id: int) -> bytes:
    """A standard query (recursion desired) for the ``rtype`` records of ``name``."""
    header = HEADER.pack(query_id, FLAG_RD, 1, 0, 0, 0)
    return header + encode_name(name) + struct.pack("!HH", TYPES[rtype.upper()], CLASS_IN)


def query(
    name: str, rtype: str, server: str, port: int, timeout: float, query_id: int | None = None
) -> bytes:
    """Send one query over UDP and return the reply's bytes (TimeoutError if none)."""
    if query_id is None:
        query_id = random.randrange(0x10000)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(build_query(name, rtype, query_id), (server, port))
        while True:
            data, _ = sock.recvfrom(4096)
            if len(data) >= 2 and int.from_bytes(data[:2], "big") == query_id:
                return data


def read_name(data: bytes, offset: int) -> tuple[str, int]:
    """The name at ``offset`` (following compression pointers) and the offset after it."""
    labels, end, jumps = [], None, 0
    while True:
        if offset >= len(data):
            raise ValueError("name runs past the end of the message")
        length = data[offset]
        if length & 0xC0 == 0xC0:  # a pointer: the rest of the name is elsewhere
            if offset + 1 >= len(data):
                raise ValueError("truncated pointer")
            if end is None:
                end = offset + 2
            offset = ((length & 0x3F) << 8) | data[offset + 1]
            jumps += 1
            if jumps > 50:
                raise ValueError("pointer loop")
            continue
        if length == 0:
            return ".".join(labels), (end if end is not None else offset + 1)
        labels.append(data[offset + 1 : offset + 1 + length].decode("ascii"))
        offset += 1 + length


def rdata_text(data: bytes, rtype: int, start: int, length: int) -> str:
    rdata = data[start : start + length]
    if rtype == 1:
        return str(ipaddress.IPv4Address(rdata))
    if rtype == 28:
        return str(ipaddress.IPv6Address(rdata))
    if rtype in (2, 5, 12):
        return read_name(data, start)[0]
    if rtype == 15:
        preference = int.from_bytes(rdata[:2], "big")
        return f"{preference} {read_name(data, start + 2)[0]}"
    if rtype == 16:
        texts, i = [], 0
        while i < len(rdata):
            texts.append(rdata[i + 1 : i + 1 + rdata[i]].decode("utf-8", "replace"))
            i += 1 + rdata[i]
        return "".join(texts)
    return rdata.hex()


def parse_reply(data: bytes) -> dict:
    """The id, flags, rcode and answer records of a reply.

    ``answers`` is a list of ``(name, type, value)`` in the order of the message.
    """
    if len(data) < HEADER.size:
        raise ValueError("shorter than a DNS header")
    query_id, flags, qdcount, ancount, _, _ = HEADER.unpack_from(data)
    offset = HEADER.size
    try:
        for _ in range(qdcount):
            _, offset = read_name(data, offset)
            offset += 4
        answers = []
        for _ in range(ancount):
            name, offset = read_name(data, offset)
            rtype, _, _, length = struct.unpack_from("!HHIH", data, offset)
            offset += 10
            if offset + length > len(data):
                raise ValueError("record data runs past the end")
            value = rdata_text(data, rtype, offset, length)
            answers.append((name, TYPE_NAMES.get(rtype, f"TYPE{rtype}"), value))
            offset += length
    except (struct.error, IndexError, UnicodeDecodeError) as exc:
        raise ValueError(f"malformed reply: {exc}") from None
    return {"id": query_id, "flags": flags, "rcode": flags & 0x000F, "answers": answers}


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
