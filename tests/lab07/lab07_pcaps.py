"""Golden pcaps for exercise 11, written byte by byte (no capture, no root needed).

Each function writes a classic pcap file (Ethernet link type) whose content is fixed,
so the expected answers are known exactly.
"""

import socket
import struct

CLIENT, SERVER = ("10.0.0.1", 40000), ("10.0.0.2", 443)
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


def ethernet_ipv4(payload: bytes, src: str, dst: str, proto: int, options: bytes = b"") -> bytes:
    ihl = 5 + len(options) // 4
    header = struct.pack(
        "!BBHHHBBH4s4s", 0x40 | ihl, 0, 4 * ihl + len(payload), 0, 0x4000, 64, proto, 0,
        socket.inet_aton(src), socket.inet_aton(dst),
    )  # fmt: skip
    eth = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    return eth + header + options + payload


SEQ: dict[tuple, int] = {}  # next sequence number per sending endpoint, for realism


def tcp(src, dst, flags, payload=b"", options=b"") -> bytes:
    """A TCP segment with plausible sequence numbers (so Wireshark reassembles it)."""
    seq = SEQ.setdefault(src, 1000 + 1000 * len(SEQ))
    ack = SEQ.get(dst, 0) if flags & ACK else 0
    SEQ[src] = seq + len(payload) + (1 if flags & (SYN | FIN) else 0)
    offset = (20 + len(options)) // 4
    header = struct.pack("!HHIIBBHHH", src[1], dst[1], seq, ack, offset << 4, flags, 65535, 0, 0)
    return ethernet_ipv4(header + options + payload, src[0], dst[0], 6)


def udp(src, dst, payload) -> bytes:
    header = struct.pack("!HHHH", src[1], dst[1], 8 + len(payload), 0)
    return ethernet_ipv4(header + payload, src[0], dst[0], 17)


def arp() -> bytes:
    return b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x06" + bytes(28)


def write_pcap(path, frames, big_endian=False):
    order = ">" if big_endian else "<"
    out = [struct.pack(order + "IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)]
    for i, frame in enumerate(frames):
        out.append(struct.pack(order + "IIII", 1_700_000_000 + i, 0, len(frame), len(frame)))
        out.append(frame)
    path.write_bytes(b"".join(out))
    return path


def record(content_type: int, body: bytes) -> bytes:
    return struct.pack("!BHH", content_type, 0x0303, len(body)) + body


def handshake(kind: int, length: int) -> bytes:
    return (
        bytes([kind]) + length.to_bytes(3, "big") + bytes((kind + i) % 256 for i in range(length))
    )


def tcp_pcap(path, big_endian=False):
    """Noise, then a connection (SYN, SYN+ACK with MSS option, ACK, data, FIN)."""
    SEQ.clear()
    other = ("10.0.0.1", 40001)
    frames = [
        arp(),
        udp(("10.0.0.1", 5353), ("224.0.0.251", 5353), b"mdns"),
        tcp(other, ("10.0.0.9", 80), ACK | PSH, b"old connection"),  # no SYN seen: not first
        tcp(CLIENT, SERVER, SYN, options=b"\x02\x04\x05\xb4"),
        tcp(SERVER, CLIENT, SYN | ACK, options=b"\x02\x04\x05\xb4"),
        tcp(other, ("10.0.0.9", 80), ACK),  # another connection in between
        tcp(CLIENT, SERVER, ACK),
        tcp(CLIENT, SERVER, PSH | ACK, b"hello"),
        tcp(CLIENT, SERVER, FIN | ACK),
    ]
    return write_pcap(path, frames, big_endian)


def refused_pcap(path):
    SEQ.clear()
    return write_pcap(path, [tcp(CLIENT, SERVER, SYN), tcp(SERVER, CLIENT, RST | ACK)])


def tls12_pcap(path, port=443):
    """A TLS 1.2 handshake: ClientHello; ServerHello..ServerHelloDone in one record whose
    bytes are split over two segments; ClientKeyExchange; ChangeCipherSpec and encrypted
    Finished both ways; application data. Expected types: 1, 2, 11, 12, 14, 16."""
    SEQ.clear()
    server = (SERVER[0], port)
    flight = record(
        22, handshake(2, 70) + handshake(11, 900) + handshake(12, 300) + handshake(14, 0)
    )
    encrypted = record(22, bytes(range(40)))  # Finished: looks like type 0 in clear
    frames = [
        tcp(CLIENT, server, SYN),
        tcp(server, CLIENT, SYN | ACK),
        tcp(CLIENT, server, ACK),
        tcp(CLIENT, server, PSH | ACK, record(22, handshake(1, 200))),
        tcp(server, CLIENT, ACK, flight[:700]),
        tcp(server, CLIENT, PSH | ACK, flight[700:]),
        tcp(CLIENT, server, PSH | ACK, record(22, handshake(16, 66)) + record(20, b"\x01")),
        tcp(CLIENT, server, PSH | ACK, encrypted),
        tcp(server, CLIENT, PSH | ACK, record(20, b"\x01") + encrypted),
        tcp(CLIENT, server, PSH | ACK, record(23, b"secret request")),
        udp(("10.0.0.1", 5353), ("224.0.0.251", 5353), record(22, handshake(1, 10))),
    ]
    return write_pcap(path, frames)
