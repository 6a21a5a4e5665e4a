"""Exercise 3, reference solution: 4-byte big-endian length, then UTF-8."""

import socket
import struct

MAX_SIZE = 4 * 1024 * 1024
HEADER = struct.Struct("!I")


def prep_msg(msg: str) -> bytes:
    payload = msg.encode("utf-8")
    return HEADER.pack(len(payload)) + payload


def send_msg(sock: socket.socket, msg: str) -> None:
    sock.sendall(prep_msg(msg))


def recv_exact(sock: socket.socket, n: int) -> bytes:
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(min(n - len(data), 65536))
        if not chunk:
            raise ConnectionError(f"connection closed after {len(data)} of {n} bytes")
        data += chunk
    return bytes(data)


def recv_msg(sock: socket.socket, max_size: int = MAX_SIZE) -> str:
    (length,) = HEADER.unpack(recv_exact(sock, HEADER.size))
    if length > max_size:
        raise ValueError(f"announced length {length} is over the maximum of {max_size}")
    return recv_exact(sock, length).decode("utf-8")
