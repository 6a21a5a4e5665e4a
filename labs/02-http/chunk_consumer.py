"""Print each chunk of a chunked response the moment it arrives (long polling).

Follows doc 003 ("chunked encoding and python's requests library"). A server that
produces its answer bit by bit can send each bit as one chunk of a
``Transfer-Encoding: chunked`` body. ``r.content`` (or ``r.text``) waits for the end of
the body; to react to each chunk as it comes, ask requests for the body with
``stream=True`` and read it chunk by chunk:

``raw`` (the default)
    ``r.raw.read_chunked()``: urllib3 parses the chunk framing and yields the data of
    exactly one chunk at a time. (The post did this by hand on Python 2 through the
    private ``r.raw._fp``; ``read_chunked`` is the public way.)
``iter_content``
    ``r.iter_content(chunk_size=None)``: with no size, requests hands over whatever
    urllib3 gives it, which for a chunked body is again one chunk at a time.

The request says ``Accept-Encoding: identity``: a compressed body would be decompressed
in pieces that no longer match the server's chunks.

Run it with the stream server running (``python stream_server.py``)::

    python chunk_consumer.py
    python chunk_consumer.py --n 5 --delay 1 --method iter_content

Each line shows the time since the request was sent and the chunk's bytes.
"""

from __future__ import annotations

import sys
import time

import requests
from stream_download import describe

from labkit import cli

METHODS = ("raw", "iter_content")


def iter_chunks(response: requests.Response, method: str = "raw"):
    """The body of a ``stream=True`` response, one server chunk at a time."""
    if method == "raw":
        return response.raw.read_chunked()
    return response.iter_content(chunk_size=None)


def consume(url: str, method: str = "raw", timeout: float = 5.0):
    """Yield ``(seconds since the request, chunk bytes)`` for each chunk of ``url``."""
    with requests.Session() as session:
        session.trust_env = False  # no proxies: the server is on loopback
        start = time.monotonic()
        headers = {"Accept-Encoding": "identity"}
        with session.get(url, headers=headers, stream=True, timeout=timeout) as response:
            response.raise_for_status()
            if method == "raw" and not response.raw.chunked:
                raise ValueError(f"{url} did not answer with a chunked body")
            for chunk in iter_chunks(response, method):
                yield time.monotonic() - start, chunk


def parse_args(argv):
    parser = cli.ArgumentParser(description="Print the chunks of a chunked response.")
    cli.add_base_url(parser, "stream_base_url")
    parser.add_argument("--n", type=int, default=3, help="how many chunks to ask for")
    parser.add_argument("--delay", type=float, default=0.2, help="seconds between chunks")
    parser.add_argument("--method", choices=METHODS, default="raw", help="how to read them")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if not 0 <= args.n <= 1000 or not 0 <= args.delay <= 10:
        parser.error("--n must be 0-1000 and --delay 0-10 seconds")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    url = f"{args.base_url.rstrip('/')}/chunks?n={args.n}&delay={args.delay:g}"
    try:
        for elapsed, chunk in consume(url, args.method, args.timeout):
            print(f"{elapsed:5.2f} s  {chunk!r}", flush=True)
    except requests.RequestException as exc:
        return cli.error(f"cannot read {url}: {describe(exc)}")
    except ValueError as exc:
        return cli.error(str(exc))
    except KeyboardInterrupt:
        return cli.error("interrupted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
