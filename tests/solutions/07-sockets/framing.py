"""Exercise 3: length-prefixed messages over a TCP stream (reference solution)."""

from __future__ import annotations

import socket
import struct

HEADER = struct.Struct("!I")  # 4 bytes, big-endian: the payload's length
MAX_MESSAGE = 16 * 1024 * 1024


def send_msg(sock: socket.socket, payload: bytes) -> None:
    """Send one message: its length on 4 bytes, then the payload."""
    if len(payload) > MAX_MESSAGE:
        raise ValueError(f"message too long: {len(payload)} bytes")
    sock.sendall(HEADER.pack(len(payload)) + payload)


def recv_exactly(sock: socket.socket, count: int) -> bytes:
    """Exactly ``count`` bytes; ConnectionError if the peer closes first."""
    data = bytearray()
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError(f"connection closed after {len(data)} of {count} bytes")
        data += chunk
    return bytes(data)


def recv_msg(sock: socket.socket) -> bytes | None:
    """The next message; None when the peer closed cleanly between two messages."""
    first = sock.recv(1)
    if not first:
        return None
    length = HEADER.unpack(first + recv_exactly(sock, HEADER.size - 1))[0]
    if length > MAX_MESSAGE:
        raise ValueError(f"message too long: {length} bytes")
    return recv_exactly(sock, length)
