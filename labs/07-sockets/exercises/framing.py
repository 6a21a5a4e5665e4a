"""Exercise 3: length-prefixed messages over a TCP stream.

TCP delivers a stream of bytes: ``recv`` may return part of what one ``sendall`` sent,
or the end of one message glued to the start of the next. To send *messages*, mark
their boundaries. The simplest framing puts each message's length in front of it:

    +----------------+--------------------+
    | length: 4 bytes | payload: length bytes |
    | big-endian      |                       |
    +----------------+--------------------+

Write:

``send_msg(sock, payload)``
    send ``struct.pack("!I", len(payload))`` followed by the payload (use ``sendall``);
``recv_msg(sock)``
    read exactly 4 bytes of header, then exactly that many bytes of payload, however
    ``recv`` splits them, and return the payload. Return ``None`` when the peer closed
    the connection cleanly *before* a header (no more messages). Raise
    ``ConnectionError`` when it closes in the middle of a header or a payload.

A helper ``recv_exactly(sock, n)`` that loops on ``recv`` until it has ``n`` bytes is
the heart of it. An empty message (length 0) is a valid message: ``b""``, not ``None``.

Graded (``pytest tests/lab07/test_ex3_framing.py``), over real socket pairs: the
exact bytes ``send_msg`` sends; messages written one byte at a time; many messages
coalesced into one write; empty messages; a clean end gives ``None``; a connection
cut mid-message raises ``ConnectionError``.
"""

from __future__ import annotations

import socket
import struct

HEADER = struct.Struct("!I")  # 4 bytes, big-endian: the payload's length


def send_msg(sock: socket.socket, payload: bytes) -> None:
    """Send one message: its length on 4 bytes, then the payload."""
    # TODO (exercise 3)
    raise NotImplementedError("exercise 3: write send_msg()")


def recv_msg(sock: socket.socket) -> bytes | None:
    """The next message; None when the peer closed cleanly between two messages."""
    # TODO (exercise 3)
    raise NotImplementedError("exercise 3: write recv_msg()")
