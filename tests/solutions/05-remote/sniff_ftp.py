"""Exercise 10, reference solution: the accepted FTP login in a pcap, in pure Python."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

ETHERNET, LINUX_SLL = 1, 113


def tcp_payloads(pcap: str | Path) -> Iterator[tuple[int, int, bytes]]:
    """``(source port, destination port, payload)`` of each TCP segment with data."""
    data = Path(pcap).read_bytes()
    if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        order = "<"
    elif data[:4] in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        order = ">"
    else:
        raise ValueError(f"{pcap}: not a classic pcap file")
    (link_type,) = struct.unpack(order + "I", data[20:24])
    offset = 24
    while offset + 16 <= len(data):
        _, _, captured, _ = struct.unpack(order + "IIII", data[offset : offset + 16])
        frame = data[offset + 16 : offset + 16 + captured]
        offset += 16 + captured
        if link_type == ETHERNET:
            ether_type, ip = struct.unpack("!H", frame[12:14])[0], frame[14:]
        elif link_type == LINUX_SLL:
            ether_type, ip = struct.unpack("!H", frame[14:16])[0], frame[16:]
        else:
            continue
        if ether_type == 0x0800 and len(ip) >= 20 and ip[9] == 6:
            total_length = struct.unpack("!H", ip[2:4])[0]
            tcp = ip[4 * (ip[0] & 0x0F) : total_length]
        elif ether_type == 0x86DD and len(ip) >= 40 and ip[6] == 6:
            tcp = ip[40 : 40 + struct.unpack("!H", ip[4:6])[0]]
        else:
            continue
        if len(tcp) < 20:
            continue
        source, destination = struct.unpack("!HH", tcp[:4])
        payload = tcp[4 * (tcp[12] >> 4) :]
        if payload:
            yield source, destination, payload


def ftp_password_sniffer(pcap: str | Path, port: int = 21) -> tuple[str, str] | None:
    """``(user, password)`` of the first accepted FTP login to ``port`` in ``pcap``, or None."""
    pending: dict[int, dict[str, str]] = {}  # client port -> the USER and PASS it sent
    for source, destination, payload in tcp_payloads(pcap):
        text = payload.decode("latin-1")
        if destination == port:  # client -> server: commands
            session = pending.setdefault(source, {})
            for line in text.splitlines():
                command, _, argument = line.partition(" ")
                if command.upper() == "USER":
                    session.clear()
                    session["user"] = argument
                elif command.upper() == "PASS":
                    session["password"] = argument
        elif source == port:  # server -> client: replies
            session = pending.get(destination, {})
            for line in text.splitlines():
                if line.startswith("230") and "password" in session:
                    return session["user"], session["password"]
                if line.startswith("530"):
                    session.clear()
    return None
