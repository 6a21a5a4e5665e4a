"""Exercise 1 (reference solution): a small command-line fetcher with urllib.

``python fetch.py URL [--timeout S]`` prints the status line, the headers, an empty
line and the body decoded by its charset (UTF-8 with replacement as the fallback).
Exit status 0 for 2xx, 1 for an HTTP error (whose answer is printed too), 2 for a
network error (one line on stderr).
"""

from __future__ import annotations

import email.message
import http.client
import sys
import urllib.error
import urllib.request

from labkit import cli


def decode_text(body: bytes, charset: str | None) -> str:
    """``body`` decoded with ``charset``; UTF-8 with replacement when that fails."""
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown charset, or a body that is not in it: a server's mistake
    return body.decode("utf-8", errors="replace")


def show(status: int, reason: str, headers: email.message.Message, body: bytes) -> None:
    print(f"{status} {reason}")
    for name, value in headers.items():
        print(f"{name}: {value}")
    print()
    print(decode_text(body, headers.get_content_charset()), end="")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="GET a URL; print status, headers and text.")
    parser.add_argument("url", type=cli.http_url, help="http:// or https:// URL")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(args.url, timeout=args.timeout) as response:
            show(response.status, response.reason, response.headers, response.read())
            return 0
    except urllib.error.HTTPError as exc:
        with exc:
            show(exc.code, exc.reason, exc.headers, exc.read())
        return 1
    except (OSError, http.client.HTTPException) as exc:  # URLError, TimeoutError...
        return cli.error(f"cannot fetch {args.url}: {cli.describe_error(exc)}", status=2)


if __name__ == "__main__":
    sys.exit(main())
