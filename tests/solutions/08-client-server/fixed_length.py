"""Exercise 4, reference solution: every message padded with NULs to SIZE bytes."""

import socket

SIZE = 64


def prep_msg(msg: str) -> bytes:
    data = msg.encode("utf-8")
    if "\0" in msg:
        raise ValueError("a message cannot contain NUL: it is the padding")
    if len(data) > SIZE:
        raise ValueError(f"message of {len(data)} bytes, the limit is {SIZE}")
    return data.ljust(SIZE, b"\0")


def send_msg(sock: socket.socket, msg: str) -> None:
    sock.sendall(prep_msg(msg))


def recv_msg(sock: socket.socket) -> str:
    data = bytearray()
    while len(data) < SIZE:
        chunk = sock.recv(SIZE - len(data))
        if not chunk:
            raise ConnectionError(f"connection closed after {len(data)} of {SIZE} bytes")
        data += chunk
    return data.rstrip(b"\0").decode("utf-8")
