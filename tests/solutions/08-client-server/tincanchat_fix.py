"""Exercise 1, reference solution: ``recv_msg`` that stops at the first NUL."""

import socket


def recv_msg(sock: socket.socket) -> str:
    """Receive one NUL-terminated message and return it decoded."""
    data = bytearray()
    while (end := data.find(b"\0")) == -1:  # the delimiter's presence, not the text's
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError(f"connection closed after {len(data)} bytes, before a NUL")
        data += chunk
    return data[:end].decode("utf-8")
