"""Exercise 3: length-prefix framing (the book's framing option 3).

A NUL delimiter cannot carry text that contains NUL. A length prefix can carry
anything: each message is a 4-byte unsigned big-endian length (``struct`` format
``"!I"``), then that many bytes of UTF-8. The receiver reads exactly 4 bytes, then
exactly ``length`` bytes, so it needs ``recv_exact``: ``recv`` may return fewer bytes
than asked for.

Interface::

    prep_msg("hé")           -> b"\\x00\\x00\\x00\\x03h\\xc3\\xa9"
    send_msg(sock, msg)      sends prep_msg(msg)
    recv_exact(sock, n)      -> exactly n bytes; ConnectionError if the stream ends first
    recv_msg(sock, max_size) -> the next message; ValueError if the announced length is
                                over max_size (checked before reading the payload)

Graded (``pytest tests/lab08/test_ex3_length_prefix.py``): messages containing NUL and
a 1 MB message round-trip; a truncated stream raises ``ConnectionError``; an announced
length over the maximum is refused without waiting for the payload.
"""

import socket

MAX_SIZE = 4 * 1024 * 1024


def prep_msg(msg: str) -> bytes:
    raise NotImplementedError("exercise 3: prep_msg()")


def send_msg(sock: socket.socket, msg: str) -> None:
    sock.sendall(prep_msg(msg))


def recv_exact(sock: socket.socket, n: int) -> bytes:
    raise NotImplementedError("exercise 3: recv_exact()")


def recv_msg(sock: socket.socket, max_size: int = MAX_SIZE) -> str:
    raise NotImplementedError("exercise 3: recv_msg()")
