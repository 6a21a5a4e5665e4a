"""Exercise 2: a sans-IO framer for NUL-terminated messages.

A *sans-IO* parser never touches a socket: it is fed the bytes that ``recv`` returned,
whatever their size, and returns the messages those bytes complete. The same class
then serves a blocking server, an event loop and a test made of plain byte strings.
(``tincanchat.Framer`` is the lab's; write your own here without looking.)

Interface::

    framer = Framer(max_size=1000)
    framer.feed(b"caerphil")         -> []
    framer.feed(b"ly\\0illches")      -> ["caerphilly"]
    framer.feed(b"ter\\0brie\\0")      -> ["illchester", "brie"]
    framer.pending                   -> b""   (the bytes of the unfinished message)

Decode each *whole* message (a UTF-8 character may be cut between two feeds). Raise
``ValueError`` as soon as a message grows past ``max_size`` bytes, even before its
delimiter arrives (so a client cannot fill the server's memory), and for a message that
is not valid UTF-8 (``UnicodeDecodeError`` is a ``ValueError``). Graded (``pytest
tests/lab08/test_ex2_framer.py``): random messages cut at random places come back
whole and in order (hypothesis); split characters; the two errors.
"""


class Framer:
    def __init__(self, max_size: int = 4 * 1024 * 1024) -> None:
        self.max_size = max_size
        # TODO (exercise 2): the bytes received but not yet returned

    @property
    def pending(self) -> bytes:
        """The bytes of the unfinished message buffered so far."""
        raise NotImplementedError("exercise 2: Framer.pending")

    def feed(self, data: bytes) -> list[str]:
        """Add received bytes; return the messages they complete, decoded, in order."""
        raise NotImplementedError("exercise 2: Framer.feed()")
