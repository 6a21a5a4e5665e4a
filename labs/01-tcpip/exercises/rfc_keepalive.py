"""Exercise 4: two RFCs over one keep-alive connection.

HTTP/1.1 keeps the TCP connection open after a response unless one side says
``Connection: close``, so a client can send its next request on the same connection
and save a handshake. The catch: it must read each response body to its exact end
(``Content-Length`` bytes, or up to the last chunk), because the next response starts
right after it in the same byte stream.

Write :func:`fetch_two`: download RFCs ``first`` and ``second`` from ``base_url``
(e.g. ``http://127.0.0.1:8001/rfc/``, files ``rfc{N}.txt``) over a single TCP
connection and return both texts (decoded from UTF-8). Raise ``HTTPStatusError``
for a status other than 200. Every network wait must respect ``timeout``.

``urllib.request`` cannot do it: it always sends ``Connection: close``. Look one layer
down: ``http.client.HTTPConnection`` lets you call ``request()`` and
``getresponse()`` several times on one connection, as long as you read each response
completely first. (Or reuse your socket code from exercise 2, without
``Connection: close``.) ``urllib.parse.urlsplit`` splits the base URL.

Usage: ``python rfc_keepalive.py N1 N2 [--base-url URL] [--timeout S]`` prints both
texts, each as ``print(text)`` would.

Graded (``pytest tests/lab01/test_ex4_keepalive.py``): both texts are returned whole
with the mirror in Content-Length mode and in chunked mode (with chunk extensions and
trailers), the mirror logs exactly 2 requests on 1 connection, and the command line
prints both texts.
"""

from __future__ import annotations

import http.client
import sys

from labkit import cli


class HTTPStatusError(Exception):
    """The server answered with a status other than 200."""


def fetch_two(base_url: str, first: int, second: int, timeout: float) -> tuple[str, str]:
    """The texts of RFCs ``first`` and ``second``, fetched over a single TCP connection."""
    # TODO (exercise 4)
    raise NotImplementedError("exercise 4: write fetch_two()")


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(description="Download two RFCs on one connection.")
    parser.add_argument("first", type=int, help="first RFC number")
    parser.add_argument("second", type=int, help="second RFC number")
    cli.add_base_url(parser, "rfc_base_url", schemes=("http",))
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    try:
        texts = fetch_two(args.base_url, args.first, args.second, args.timeout)
    except (HTTPStatusError, ValueError, http.client.HTTPException) as exc:
        return cli.error(str(exc))
    except OSError as exc:
        return cli.error(cli.describe_error(exc))
    for text in texts:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
