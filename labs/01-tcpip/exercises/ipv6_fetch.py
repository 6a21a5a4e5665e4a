"""Exercise 7: the RFC mirror over IPv6.

An IPv6 address is full of colons, and a URL already uses a colon before the port,
so in a URL the address goes in square brackets (RFC 3986)::

    http://[::1]:8001/rfc/rfc2324.txt

The brackets belong to the URL and to the HTTP ``Host`` header (``Host: [::1]:8001``)
only. The socket API wants the bare address, ``::1``:
``urllib.parse.urlsplit(url).hostname`` gives it to you, and
``socket.create_connection(("::1", port))`` then uses IPv6 by itself.

Write:

- :func:`url_for`: the mirror URL of an RFC, ``http://HOST:PORT/rfc/rfcNUMBER.txt``,
  with HOST in brackets when it is an IPv6 address, as it is otherwise (an IPv4
  address or a name). ``ipaddress.ip_address`` tells the two families apart.
- :func:`fetch`: GET such a URL and return the body of a 200 response as text
  (UTF-8); raise ``HTTPStatusError`` for another status. ``urllib.request`` handles
  brackets; a raw socket (exercise 2) shows you where they go and where they must not.

Try it with a mirror on the IPv6 loopback (``python ../rfc_mirror.py --host ::1``)::

    python ipv6_fetch.py 2324 --port 8001

Graded (``pytest tests/lab01/test_ex7_ipv6.py``): ``url_for`` for IPv6, IPv4 and a
name (no network needed); ``fetch`` from a mirror listening on ``::1`` returns the
same text as over IPv4, and the mirror received ``Host: [::1]:PORT``. The network
tests are skipped when this machine has no IPv6 loopback.
"""

from __future__ import annotations

import sys

from labkit import cli


class HTTPStatusError(Exception):
    """The server answered with a status other than 200."""


def url_for(host: str, port: int, number: int) -> str:
    """The mirror URL of RFC ``number``: ``url_for("::1", 8001, 2324)`` ->
    ``"http://[::1]:8001/rfc/rfc2324.txt"``."""
    # TODO (exercise 7)
    raise NotImplementedError("exercise 7: url_for()")


def fetch(url: str, timeout: float) -> str:
    """GET ``url`` (which may hold a bracketed IPv6 literal); return the 200 response's body."""
    # TODO (exercise 7)
    raise NotImplementedError("exercise 7: fetch()")


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(description="Download an RFC from a mirror over IPv6.")
    parser.add_argument("number", type=int, help="RFC number, e.g. 2324")
    parser.add_argument("--host", default="::1", help="mirror address (default: ::1)")
    parser.add_argument("--port", type=cli.port_number, default=8001, help="mirror port")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    url = url_for(args.host, args.port, args.number)
    try:
        print(fetch(url, args.timeout))
    except (HTTPStatusError, ValueError) as exc:
        return cli.error(f"{url}: {exc}")
    except OSError as exc:
        return cli.error(f"{url}: {cli.describe_error(exc)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
