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
import os
import sys
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from labkit import cli, config

USAGE_MESSAGE = "Must supply an RFC number as first argument"


def rfc_number(text: str) -> int:
    """argparse type: an RFC number (0 is allowed: the mirror answers 404 for it)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{USAGE_MESSAGE} (not {text!r})") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"{USAGE_MESSAGE} (not {number})")
    return number


def http_base_url(text: str) -> str:
    """argparse type: an http:// or https:// URL with a host."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"not an http:// URL: {text!r}")
    return text


def rfc_url(base_url: str, number: int) -> str:
    """``http://host:port/rfc/`` + 2324 -> ``http://host:port/rfc/rfc2324.txt``."""
    return f"{base_url.rstrip('/')}/rfc{number}.txt"


def download(url: str, timeout: float) -> str:
    """GET ``url`` and return the body as text; raises OSError subclasses on failure."""
    # An opener without proxies: requests for the mirror must not leave the machine.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=timeout) as response:
        return response.read().decode()


def print_text(text: str) -> int:
    """Print ``text`` and a newline; a reader that quits early (``head``, ``less``) is fine."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Nobody reads any more. Point stdout at /dev/null so that Python's final
        # flush at exit does not fail again (the recipe of the signal module's docs).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


def default_base_url() -> str:
    """The lab's RFC mirror: env RFC_BASE_URL, else the lab configuration's setting."""
    try:
        return config.load().setting("rfc_base_url")
    except config.ConfigError:  # an unreadable configuration file: use the default
        return config.DEFAULT_SETTINGS["rfc_base_url"]


def parse_args(argv):
    default_base = default_base_url()
    parser = cli.ArgumentParser(description="Download an RFC and print it.")
    parser.add_argument(
        "number", metavar="NUM", nargs="?", type=rfc_number, help="the RFC number, e.g. 2324"
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        type=http_base_url,
        default=default_base,
        help=f"where the RFCs are (default: {default_base}; env RFC_BASE_URL)",
    )
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
        return cli.error(f"cannot fetch {url}: {cli.describe_error(exc)}")
    except UnicodeDecodeError:
        return cli.error(f"{url} is not UTF-8 text")
    return print_text(text)


if __name__ == "__main__":
    sys.exit(main())
