"""Message framing for the chapter 8 chat protocol: where does one message end?

TCP delivers a stream of bytes, not messages. One ``recv`` may return half a message,
or the end of one message and the start of the next, so a protocol must say where each
message stops. The chat protocol's rule: a message is UTF-8 text followed by a NUL byte
(``b"\\0"``). NUL is a safe delimiter for UTF-8 because every byte of a multi-byte UTF-8
character has its top bit set, so ``0x00`` only ever means U+0000, which the chat text
is not allowed to contain.

Three layers live here:

* the book's helper names (``create_listen_socket``, ``prep_msg``, ``send_msg``,
  ``parse_recv_data``, ``recv_msg``, ``recv_msgs``), kept so that the chapter's programs
  read the same, with their defects fixed;
* ``Framer``, a *sans-IO* parser: it never touches a socket, it is only fed bytes and
  hands back whole messages. The same class serves blocking sockets, ``poll`` loops,
  eventlet and asyncio, and it can be tested with plain byte strings;
* a length-prefix variant (the book's framing option 3): a 4-byte big-endian length,
  then the payload. It needs no escaping, so the text may contain NUL.

The module is a library: the lab's servers and clients import it (``import tincanchat``).
"""

import socket
import struct
from typing import Any

DEFAULT_HOST = "127.0.0.1"  # loopback: the book's '' would listen on every interface
DEFAULT_PORT = 4040
DELIM = b"\0"
ENCODING = "utf-8"
RECV_SIZE = 4096
MAX_MSG = 4 * 1024 * 1024  # bytes of one encoded message, delimiter excluded

# The book's names for the defaults, for programs that follow the chapter closely.
HOST = DEFAULT_HOST
PORT = DEFAULT_PORT

LENGTH_PREFIX = struct.Struct("!I")  # network byte order, unsigned 32 bits
MAX_LEN_PREFIXED = 2**32 - 1  # the largest length the prefix can announce


# --- sockets -----------------------------------------------------------------------


def create_listen_socket(
    host: str = DEFAULT_HOST, port: int = 0, backlog: int = 128
) -> socket.socket:
    """Return a TCP socket bound to ``(host, port)`` and listening.

    The address family (IPv4 or IPv6) comes from ``getaddrinfo``, so ``"::1"`` works as
    well as ``"127.0.0.1"``. ``port=0`` lets the kernel pick a free port: read it back
    with ``sock.getsockname()[1]``. ``SO_REUSEADDR`` lets a restarted server bind again
    while old connections to the port sit in TIME_WAIT.
    """
    family, type_, proto, _, sockaddr = socket.getaddrinfo(
        host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, type_, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(sockaddr)
        sock.listen(backlog)
    except BaseException:
        sock.close()
        raise
    return sock


def format_line(addr: tuple[Any, ...], msg: str) -> str:
    """The chat server's line for a message: ``"('127.0.0.1', 54321): text"``.

    Only host and port are shown, so an IPv6 peer (a 4-tuple with flow info and scope
    id) prints as ``('::1', 5000)``.
    """
    host, port = addr[0], addr[1]
    return f"{(host, port)!r}: {msg}"


# --- NUL-delimited messages: the book's helpers ---------------------------------------


def prep_msg(msg: str) -> bytes:
    """Encode ``msg`` for the wire: UTF-8 bytes followed by the NUL delimiter.

    A NUL inside the text would end the message early and the receiver would see two
    messages, so it is refused with ``ValueError``.
    """
    if "\0" in msg:
        raise ValueError("a chat message cannot contain a NUL character")
    return msg.encode(ENCODING) + DELIM


def send_msg(sock: socket.socket, msg: str) -> None:
    """Send one framed message; ``sendall`` loops until every byte is handed to the kernel."""
    sock.sendall(prep_msg(msg))


def parse_recv_data(data: bytes) -> tuple[list[bytes], bytes]:
    """Split received bytes into complete messages (still bytes) and the unfinished rest.

    >>> parse_recv_data(b"caerphilly\\0illchester\\0brie\\0")
    ([b'caerphilly', b'illchester', b'brie'], b'')
    >>> parse_recv_data(b"ab\\0cd")
    ([b'ab'], b'cd')

    The caller decodes the messages and keeps ``rest`` for the next call.
    """
    *msgs, rest = bytes(data).split(DELIM)
    return msgs, rest


def recv_msg(sock: socket.socket, *, max_size: int = MAX_MSG) -> str:
    """Receive one message on a one-message-per-connection socket (the echo protocol).

    Returns as soon as a delimiter has arrived, even for the empty message. Only the first
    message is returned; any bytes after it are discarded, so use ``recv_msgs`` or a
    ``Framer`` when a connection carries several messages. Raises ``ConnectionError`` if
    the peer closes first and ``ValueError`` if the message exceeds ``max_size`` bytes.
    """
    msgs, _ = recv_msgs(sock, max_size=max_size)
    return msgs[0]


def recv_msgs(
    sock: socket.socket, rest: bytes = b"", *, max_size: int = MAX_MSG
) -> tuple[list[str], bytes]:
    """Block until at least one whole message is available; return ``(messages, rest)``.

    ``rest`` is the unfinished tail of the previous call: pass it back in next time, or
    the start of a message is lost. Messages already complete in ``rest`` are returned
    without reading the socket. Raises ``ConnectionError`` when the peer closes before a
    message is complete, ``ValueError`` when a message grows past ``max_size`` bytes.
    """
    framer = Framer(max_size)
    msgs = framer.feed(rest)
    while not msgs:
        chunk = sock.recv(RECV_SIZE)
        if not chunk:
            raise closed_error(len(framer.pending))
        msgs = framer.feed(chunk)
    return msgs, framer.pending


def closed_error(pending: int) -> ConnectionError:
    """The error for an end of stream, saying whether part of a message was cut off."""
    if pending:
        return ConnectionError(
            f"connection closed in the middle of a message ({pending} bytes pending)"
        )
    return ConnectionError("connection closed by the peer")


# --- the sans-IO framer ----------------------------------------------------------------


class Framer:
    """Turn a stream of byte chunks into NUL-terminated messages, without doing any I/O.

    Feed it whatever ``recv`` returned; it returns the messages completed by those bytes
    and keeps the unfinished tail. Each message is decoded as a whole, so a UTF-8
    character split between two chunks still decodes correctly.

    Errors are ``ValueError``: a message longer than ``max_size`` bytes (detected as soon
    as the buffered part is too long, so a peer cannot make the buffer grow without
    bound), or a message that is not valid UTF-8 (``UnicodeDecodeError``, a subclass of
    ``ValueError``). After an error the stream cannot be trusted: the framer drops its
    buffer, and the caller should close the connection.
    """

    def __init__(self, max_size: int = MAX_MSG) -> None:
        self.max_size = max_size
        # Invariant between calls: the buffer never holds a delimiter, so a new feed only
        # searches the bytes that just arrived (old bytes are never scanned twice).
        self._buffer = bytearray()

    @property
    def pending(self) -> bytes:
        """The bytes of the unfinished message buffered so far."""
        return bytes(self._buffer)

    def feed(self, data: bytes) -> list[str]:
        """Add received bytes; return the messages they complete, decoded, in order."""
        buffer = self._buffer
        search_from = len(buffer)
        buffer += data
        msgs: list[str] = []
        start = 0
        try:
            while (end := buffer.find(DELIM, search_from)) != -1:
                msgs.append(self._decode(buffer, start, end))
                start = search_from = end + 1
            del buffer[:start]  # one shift per feed, not one per message
            self._check_size(len(buffer))
        except ValueError:
            buffer.clear()
            raise
        return msgs

    def _decode(self, buffer: bytearray, start: int, end: int) -> str:
        self._check_size(end - start)
        return buffer[start:end].decode(ENCODING)

    def _check_size(self, size: int) -> None:
        if size > self.max_size:
            raise ValueError(f"message longer than {self.max_size} bytes")


# --- length-prefixed messages (framing option 3) ------------------------------------------


def prep_len_msg(msg: str) -> bytes:
    """Encode ``msg`` as a 4-byte big-endian length followed by its UTF-8 bytes."""
    payload = msg.encode(ENCODING)
    if len(payload) > MAX_LEN_PREFIXED:
        raise ValueError("message too long for a 32-bit length prefix")
    return LENGTH_PREFIX.pack(len(payload)) + payload


def send_len_msg(sock: socket.socket, msg: str) -> None:
    """Send one length-prefixed message."""
    sock.sendall(prep_len_msg(msg))


def recv_exact(sock: socket.socket, n: int) -> bytes:
    """Read exactly ``n`` bytes; ``ConnectionError`` if the peer closes before that.

    ``recv_into`` writes each chunk straight into one preallocated buffer.
    """
    buffer = bytearray(n)
    view = memoryview(buffer)
    received = 0
    while received < n:
        count = sock.recv_into(view[received:])
        if count == 0:
            raise ConnectionError(f"connection closed after {received} of {n} bytes")
        received += count
    return bytes(buffer)


def recv_len_msg(sock: socket.socket, max_size: int = MAX_MSG) -> str:
    """Receive one length-prefixed message.

    The announced length is checked before anything is allocated, so a bogus header
    cannot make the receiver reserve 4 GiB: over ``max_size`` raises ``ValueError``.
    """
    (length,) = LENGTH_PREFIX.unpack(recv_exact(sock, LENGTH_PREFIX.size))
    if length > max_size:
        raise ValueError(f"announced length {length} exceeds the maximum of {max_size} bytes")
    return recv_exact(sock, length).decode(ENCODING)
