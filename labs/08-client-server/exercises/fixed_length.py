"""Exercise 4: fixed-length framing (the book's framing option 2).

Every message occupies exactly ``SIZE`` bytes on the wire: its UTF-8 bytes, then NUL
padding up to ``SIZE``. The receiver always reads ``SIZE`` bytes and removes the
padding, so it never has to search for a delimiter; the price is wasted bytes for short
messages and a hard limit for long ones.

Interface::

    prep_msg("hi")        -> b"hi" + b"\\0" * (SIZE - 2)
    prep_msg(too_long)    -> ValueError (more than SIZE bytes of UTF-8, or contains NUL)
    recv_msg(sock)        -> the next message; ConnectionError if the stream ends early

Graded (``pytest tests/lab08/test_ex4_fixed_length.py``): round trips, including the
empty message, non-ASCII text and a message of exactly ``SIZE`` bytes; overlong text
refused; the bytes on the wire are a multiple of ``SIZE``.
"""

import socket

SIZE = 64


def prep_msg(msg: str) -> bytes:
    raise NotImplementedError("exercise 4: prep_msg()")


def send_msg(sock: socket.socket, msg: str) -> None:
    sock.sendall(prep_msg(msg))


def recv_msg(sock: socket.socket) -> str:
    raise NotImplementedError("exercise 4: recv_msg()")
