"""Exercise 6 (reference solution): length-prefix framing over a byte stream.

UDP delivers datagrams: each ``sendto()`` arrives (if it arrives) as one whole
``recvfrom()``, so message boundaries come for free. TCP delivers a byte stream: the
receiver's ``recv()`` calls may cut the sender's messages anywhere, returning half a
message, or three and a bit at once. An application that sends messages over TCP must
therefore mark where each one ends. Here each message is sent as a frame::

    +------------------------+---------------------+
    | length: 4 bytes,       | payload:            |
    | unsigned, big-endian   | ``length`` bytes    |
    +------------------------+---------------------+

and :class:`Deframer` rebuilds the messages from whatever pieces ``recv()`` returns.
"""

from __future__ import annotations

import struct

HEADER = struct.Struct("!I")  # network byte order (big-endian), unsigned 32-bit
MAX_SIZE = 2**32 - 1


def encode(message: bytes) -> bytes:
    """One frame: the 4-byte big-endian length of ``message``, then ``message``."""
    if len(message) > MAX_SIZE:
        raise ValueError(f"message too long for a 4-byte length: {len(message)} bytes")
    return HEADER.pack(len(message)) + message


class Deframer:
    """Turns stream pieces back into messages: ``feed(data)`` returns the completed ones."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        """Add received bytes; return every message they complete, in order (maybe none)."""
        self._buffer += data
        messages = []
        while len(self._buffer) >= HEADER.size:
            (length,) = HEADER.unpack_from(self._buffer)
            end = HEADER.size + length
            if len(self._buffer) < end:
                break  # the rest of this frame has not arrived yet
            messages.append(bytes(self._buffer[HEADER.size : end]))
            del self._buffer[:end]
        return messages
