"""Exercise 4 (reference solution): two RFCs over one keep-alive connection.

HTTP/1.1 keeps a TCP connection open after a response unless one side says
``Connection: close``. A client that reuses it saves a handshake (and, with TLS, a
much costlier one) per request. The catch: it must read each response body to its
exact end, as delimited by ``Content-Length`` or by the chunked encoding, because the
next response starts right after it on the same byte stream.

``urllib.request`` always sends ``Connection: close``, so it cannot do this.
``http.client`` can: one ``HTTPConnection`` object, several ``request()`` /
``getresponse()`` rounds, each response read completely before the next request.

Run it::

    python rfc_keepalive.py 768 791 --base-url http://127.0.0.1:8001/rfc/
"""

from __future__ import annotations

import http.client
import sys
from urllib.parse import urljoin, urlsplit

from labkit import cli


class HTTPStatusError(Exception):
    """The server answered with a status other than 200."""


def get_text(connection: http.client.HTTPConnection, path: str) -> str:
    """One GET on an open connection; reads the whole body so the connection is reusable."""
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()  # to the end of this response, not of the stream
    if response.status != 200:
        raise HTTPStatusError(f"{path}: HTTP {response.status} {response.reason}")
    return body.decode("utf-8")


def fetch_two(base_url: str, first: int, second: int, timeout: float) -> tuple[str, str]:
    """The texts of RFCs ``first`` and ``second``, fetched over a single TCP connection."""
    parts = urlsplit(base_url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"not an http:// URL: {base_url}")
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        texts = [get_text(connection, urljoin(parts.path, f"rfc{n}.txt")) for n in (first, second)]
    finally:
        connection.close()
    return texts[0], texts[1]


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
