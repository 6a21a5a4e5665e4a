r"""Exercise 9: iterate over a chunked body chunk by chunk, boundaries preserved.

A server that sends ``Transfer-Encoding: chunked`` frames its body as chunks::

    1;seq=0\r\n          <- size in hex, then an optional chunk extension
    A\r\n                <- the data, then CRLF
    7;seq=1\r\n
    7 bytes\r\n
    ...
    0\r\n                <- the last chunk has size 0
    X-Chunk-Count: 4\r\n <- optional trailer headers
    \r\n

Write :func:`iter_chunks`, a generator that yields the data of each chunk, one chunk
per item, as soon as that chunk has arrived (long polling: the next chunk may not
exist yet). Extensions and trailers are framing: they must not appear in the data.

Two ways to do it, your choice:

- requests with ``stream=True`` and ``Accept-Encoding: identity`` (a compressed body
  would be cut differently), then urllib3's own chunk parser ``response.raw.read_chunked()``
  (see ``chunk_consumer.py``); ``iter_content(chunk_size=None)`` also works. Note that
  ``iter_content(1024)`` or ``r.content`` do not: they regroup or wait for the whole body.
- one layer down, a socket: send a GET, read the head, then parse the chunk framing
  yourself with ``sock.makefile("rb")`` (``readline()`` for a size line, ``read(n)`` for
  the data, as in lab 01's socket downloader), stopping at the 0 chunk.

Every network wait must respect ``timeout``.

Graded (``pytest tests/lab02/test_ex09_chunks.py``), against ``stream_server.py``'s
``/chunks/custom`` (chunks of 1, 7, 4096 and 3 bytes with ``;seq=N`` extensions and a
trailer): the list of yielded items equals the list of chunks sent; the first chunk is
yielded while the server is still holding back the second; ``/chunks?n=3&delay=0`` gives
``[b'chunk-0\n', b'chunk-1\n', b'chunk-2\n']``; a 404 raises an exception.

Try it (with ``python stream_server.py`` running)::

    python chunks.py http://127.0.0.1:8003/chunks/custom
"""

from __future__ import annotations

import sys

import requests

from labkit import cli


def iter_chunks(url: str, timeout: float = 5):
    """Yield the data of each chunk of ``url``'s chunked body, as the server sends it."""
    # TODO (exercise 9): one yielded bytes object per chunk, the moment it arrives.
    raise NotImplementedError("exercise 9: write iter_chunks()")
    yield b""  # (makes this function a generator; delete it with the line above)


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(description="Print each chunk of URL's chunked body.")
    parser.add_argument("url", metavar="URL", type=cli.http_url)
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    try:
        for chunk in iter_chunks(args.url, args.timeout):
            print(f"{len(chunk):6d} bytes  {chunk[:40]!r}", flush=True)
    except (requests.RequestException, OSError, ValueError) as exc:
        return cli.error(f"cannot read {args.url}: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
