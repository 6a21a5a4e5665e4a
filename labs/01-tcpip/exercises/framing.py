"""Exercise 6: datagrams vs a stream, and length-prefix framing.

UDP carries datagrams: each ``sendto()`` arrives (if it arrives at all) as exactly one
``recvfrom()``, so the receiver gets the sender's messages with their boundaries.
TCP carries a byte stream: it delivers every byte, in order, but ``recv()`` may return
any slice of it: half a message, or two and a bit at once. An application that sends
messages over TCP has to mark where each one ends itself. A common way is a length
prefix; here each message travels as a frame::

    +--------------------------+-----------------------+
    | length of the payload:   | payload:              |
    | 4 bytes, unsigned,       | ``length`` bytes      |
    | big-endian               |                       |
    +--------------------------+-----------------------+

so ``encode(b"hello") == b"\\x00\\x00\\x00\\x05hello"`` and ``encode(b"")`` is four zero
bytes. Write :func:`encode` and :class:`Deframer`, whose ``feed(data)`` takes
whatever ``recv()`` returned and gives back the list of messages it completed, in
order: maybe none (keep the incomplete rest for the next call), maybe several.
``struct.pack("!I", n)`` and ``struct.unpack_from`` do the 4-byte conversion.

Graded (``pytest tests/lab01/test_ex6_framing.py``): the exact bytes of ``encode``;
a stream fed one byte at a time; several frames in one chunk; empty messages; and
(with hypothesis) random messages cut at random places always come back whole.
"""

from __future__ import annotations


def encode(message: bytes) -> bytes:
    """One frame: the 4-byte big-endian length of ``message``, then ``message``."""
    # TODO (exercise 6)
    raise NotImplementedError("exercise 6: encode()")


class Deframer:
    """Turns stream pieces back into messages: ``feed(data)`` returns the completed ones."""

    def __init__(self) -> None:
        # TODO (exercise 6): keep the bytes received but not yet returned.
        pass

    def feed(self, data: bytes) -> list[bytes]:
        """Add received bytes; return every message they complete, in order (maybe none)."""
        # TODO (exercise 6)
        raise NotImplementedError("exercise 6: Deframer.feed()")
