"""urlopen() and the response object: status, url, and a body you can read only once.

Follows "urllib" and "Status codes" in chapter 2 of the book, which fetched Debian's
home page in the REPL. Here the page comes from the lab's web app (``python lab_web.py``
in another terminal), at ``/debian/``.

The response is a file-like object over the network connection: ``readline()`` and
``read(n)`` return bytes (never text), each call carries on where the last one stopped,
and there is no way back: once the body has been read, ``read()`` returns ``b''``.

Run it::

    python urlopen_basics.py
    python urlopen_basics.py --base-url http://127.0.0.1:8002

Differences from the book: ``.status`` and ``.url`` replace the deprecated ``getcode()``
and ``geturl()``, the response is closed by a ``with`` block, and every wait has a timeout.
"""

from __future__ import annotations

import http.client
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass

from labkit import cli

SERVER_HINT = "is the lab's web app running? start it with: python lab_web.py"


@dataclass
class FirstLook:
    status: int
    url: str
    first_line: bytes
    next_50: bytes
    rest: bytes
    again: bytes


def first_look(url: str, timeout: float) -> FirstLook:
    """Open ``url`` and read its body piece by piece, as the book does in the REPL."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies
    with opener.open(url, timeout=timeout) as response:
        first_line = response.readline()  # up to and including b"\n"
        next_50 = response.read(50)  # the next 50 bytes, not the first 50
        rest = response.read()  # everything that is left
        again = response.read()  # nothing is left: b""
        return FirstLook(response.status, response.url, first_line, next_50, rest, again)


def report(look: FirstLook) -> str:
    return "\n".join(
        [
            f"status: {look.status}",
            f"url: {look.url}",
            f"readline(): {look.first_line!r}",
            f"read(50): {look.next_50!r}",
            f"read(): {len(look.rest)} more bytes, ending {look.rest[-20:]!r}",
            f"read() again: {look.again!r} (there is no rewind: what was read is gone)",
        ]
    )


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Fetch the lab's Debian page with urlopen() and read it piece by piece."
    )
    cli.add_base_url(parser, "web_base_url")
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    url = args.base_url.rstrip("/") + "/debian/"
    print(f"GET {url}")
    try:
        look = first_look(url, args.timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        return cli.error(f"{cli.describe_error(exc)} for {url}")
    except (OSError, http.client.HTTPException) as exc:
        return cli.error(
            f"cannot fetch {url}: {cli.with_hint(cli.describe_error(exc), SERVER_HINT)}"
        )
    return cli.print_output(report(look))


if __name__ == "__main__":
    sys.exit(main())
