"""Download an RFC and print it: the highest layer that does the job, urllib.

Follows "Downloading an RFC" in chapter 1 of the book. The book fetched
``http://www.ietf.org/rfc/rfc{N}.txt``; this lab never leaves your machine, so the
files come from the lab's RFC mirror (``python rfc_mirror.py`` in another terminal),
or from the lab network's www host, at the same ``/rfc/rfcN.txt`` paths.

``urllib.request`` speaks HTTP for us: it builds the request, checks the status code,
strips the headers and undoes any chunked transfer encoding. All that is left to do is
to decode the bytes and print them.

Run it::

    python rfc_downloader.py 2324 | less
    python rfc_downloader.py 2324 --base-url http://127.0.0.1:8001/rfc/
    RFC_BASE_URL=http://www.lab.test/rfc/ python rfc_downloader.py 791

Differences from the book: errors go to stderr as one line (exit 2 for a bad
argument, 1 for a network or HTTP failure), every wait has a timeout, proxies are
ignored (the mirror is on loopback), and quitting ``less`` early is not an error.
"""

from __future__ import annotations

import argparse
import http.client
import sys
import urllib.error
import urllib.request

from labkit import cli

USAGE_MESSAGE = "Must supply an RFC number as first argument"
MIRROR_HINT = "is the mirror running? start it with: python rfc_mirror.py"


def rfc_number(text: str) -> int:
    """argparse type: an RFC number (0 is allowed: the mirror answers 404 for it)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{USAGE_MESSAGE} (not {text!r})") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"{USAGE_MESSAGE} (not {number})")
    return number


def rfc_url(base_url: str, number: int) -> str:
    """``http://host:port/rfc/`` + 2324 -> ``http://host:port/rfc/rfc2324.txt``."""
    return f"{base_url.rstrip('/')}/rfc{number}.txt"


def download(url: str, timeout: float) -> str:
    """GET ``url`` and return the body as text; raises OSError subclasses on failure."""
    # An opener without proxies: requests for the mirror must not leave the machine.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=timeout) as response:
        return response.read().decode()


def parse_args(argv):
    parser = cli.ArgumentParser(description="Download an RFC and print it.")
    parser.add_argument(
        "number", metavar="NUM", nargs="?", type=rfc_number, help="the RFC number, e.g. 2324"
    )
    cli.add_base_url(parser, "rfc_base_url")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if args.number is None:
        parser.error(USAGE_MESSAGE)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    url = rfc_url(args.base_url, args.number)
    try:
        text = download(url, args.timeout)
    except urllib.error.HTTPError as exc:
        return cli.error(f"{cli.describe_error(exc)} for {url}")
    except (OSError, http.client.HTTPException) as exc:
        reason = cli.with_hint(cli.describe_error(exc), MIRROR_HINT)
        return cli.error(f"cannot fetch {url}: {reason}")
    except UnicodeDecodeError:
        return cli.error(f"{url} is not UTF-8 text")
    return cli.print_output(text)


if __name__ == "__main__":
    sys.exit(main())
