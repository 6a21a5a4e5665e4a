"""The chat protocol over asyncio streams (``asyncio.StreamReader`` / ``StreamWriter``).

The book's asyncio server uses the low-level ``Protocol`` API, where ``transport.write``
never waits: a client that stops reading makes the server's buffer grow without bound.
Streams fix that: ``await writer.drain()`` pauses the writer while the peer's socket is
full. These helpers reuse the sans-IO ``Framer`` from ``tincanchat.framing``, so the
framing rules are the same as for the blocking and ``poll`` servers.

Typical server handler::

    async def handle(reader, writer):
        async for msg in read_msgs(reader):
            await write_msg(writer, msg)
"""

import asyncio
from collections.abc import AsyncIterator

from tincanchat.framing import (
    DELIM,
    ENCODING,
    MAX_MSG,
    RECV_SIZE,
    Framer,
    closed_error,
    prep_msg,
)


async def read_msgs(
    reader: asyncio.StreamReader, framer: Framer | None = None
) -> AsyncIterator[str]:
    """Yield each message from ``reader`` until the peer closes the connection.

    A clean end of stream ends the iteration. If the peer closes in the middle of a
    message, ``ConnectionError`` is raised rather than silently dropping the fragment.
    Pass a ``framer`` to choose its ``max_size`` or to inspect what it holds afterwards;
    it keeps the bytes read past the last message, so do not mix this generator with
    other reads on the same reader.
    """
    if framer is None:
        framer = Framer()
    while chunk := await reader.read(RECV_SIZE):
        for msg in framer.feed(chunk):
            yield msg
    if framer.pending:
        raise closed_error(len(framer.pending))


async def read_msg(reader: asyncio.StreamReader, max_size: int = MAX_MSG) -> str:
    """Read exactly one message, leaving any following bytes in the reader.

    ``readuntil`` stops at the delimiter, so consecutive calls work. It refuses to buffer
    more than the reader's ``limit`` (64 KiB by default) while looking for the delimiter
    and raises ``LimitOverrunError``; the loop then takes the bytes scanned so far out of
    the reader and keeps looking, so long messages work with any limit.
    Raises ``ConnectionError`` at end of stream and ``ValueError`` past ``max_size``.
    """
    data = bytearray()
    while not data.endswith(DELIM):
        try:
            data += await reader.readuntil(DELIM)
        except asyncio.LimitOverrunError as exc:
            data += await reader.readexactly(exc.consumed)  # no delimiter in these bytes
        except asyncio.IncompleteReadError as exc:
            raise closed_error(len(data) + len(exc.partial)) from None
        if len(data) > max_size + len(DELIM):
            raise ValueError(f"message longer than {max_size} bytes")
    return data[: -len(DELIM)].decode(ENCODING)


async def write_msg(writer: asyncio.StreamWriter, msg: str) -> None:
    """Write one framed message and wait until the transport's buffer has room again."""
    writer.write(prep_msg(msg))
    await writer.drain()
