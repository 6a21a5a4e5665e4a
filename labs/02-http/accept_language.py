"""Ask for a language: the Accept-Language request header, added with a Request object.

Follows "Customizing requests" in chapter 2 of the book, which fetched the Swedish
version of Debian's home page. To add a header, build a ``urllib.request.Request``,
call ``add_header()`` (or pass ``headers=`` when you create it), then open it.

Two things to notice in the output:

- urllib stores header names with only the first letter capitalised
  (``Accept-language``), whatever case you used;
- opening the request adds urllib's own headers to it (``Host``, ``User-agent``), so
  ``header_items()`` returns more after the request has been sent than before.

Run it (with ``python lab_web.py`` in another terminal)::

    python accept_language.py            # Swedish
    python accept_language.py --lang en
"""

from __future__ import annotations

import argparse
import http.client
import re
import sys
import urllib.error
import urllib.request

from labkit import cli

SERVER_HINT = "is the lab's web app running? start it with: python lab_web.py"
LANGUAGE_RANGE = re.compile(r"[A-Za-z0-9*,;=. -]+")  # e.g. "sv", "sv, en;q=0.5"


def language(text: str) -> str:
    """argparse type: an Accept-Language value (letters, digits, ``*,;=.-`` and spaces)."""
    if not LANGUAGE_RANGE.fullmatch(text):
        raise argparse.ArgumentTypeError(f"not a language list: {text!r}")
    return text


def fetch_in(url: str, lang: str, timeout: float):
    """GET ``url`` asking for ``lang``; returns (headers before, headers after, response info).

    The response info is (Content-Language, the first five lines of the body).
    """
    request = urllib.request.Request(url)
    request.add_header("Accept-Language", lang)  # same as Request(url, headers={...})
    before = request.header_items()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies
    with opener.open(request, timeout=timeout) as response:
        first_lines = response.readlines()[:5]
        content_language = response.headers["Content-Language"]
    after = request.header_items()
    return before, after, (content_language, first_lines)


def report(before, after, content_language, first_lines) -> str:
    lines = [
        f"header_items() before sending: {before!r}",
        f"header_items() after sending:  {after!r}",
        f"Content-Language: {content_language}",
        "first lines of the page:",
    ]
    lines += [f"  {line.decode('utf-8', errors='replace').rstrip()}" for line in first_lines]
    return "\n".join(lines)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Fetch the lab's Debian page in another language.")
    cli.add_base_url(parser, "web_base_url")
    parser.add_argument(
        "--lang", type=language, default="sv", help="Accept-Language value (default: sv)"
    )
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    url = args.base_url.rstrip("/") + "/debian/"
    try:
        before, after, (content_language, first_lines) = fetch_in(url, args.lang, args.timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        return cli.error(f"{cli.describe_error(exc)} for {url}")
    except (OSError, http.client.HTTPException) as exc:
        reason = cli.with_hint(cli.describe_error(exc), SERVER_HINT)
        return cli.error(f"cannot fetch {url}: {reason}")
    return cli.print_output(report(before, after, content_language, first_lines))


if __name__ == "__main__":
    sys.exit(main())
