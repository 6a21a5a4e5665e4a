"""Scrape a Debian release page for the release's codename and version.

Follows "Pulling it together" in chapter 3 of the book: download the page with
requests, parse it with lxml's HTML parser, take the codename from the ``<title>``
with a regular expression and the version from the first paragraph of the
``<div id="content">``, found with XPath.

The book scrapes www.debian.org. This lab scrapes its own copy, served by
``site_server.py`` (start it first)::

    python get_debian_version.py
    python get_debian_version.py http://127.0.0.1:8006/releases/trixie/
    DEBIAN_RELEASE_URL=http://www.lab.test/releases/stable/ python get_debian_version.py

Differences from the book: the paragraph's text is ``''.join(p.itertext())``, not
``p.text``, which stops at the first child element (a link around the version would
leave nothing); a page whose layout changed is reported in one line instead of an
``IndexError``; there is a timeout, and the run line says ``python``, not ``python3.4``.
"""

from __future__ import annotations

import re
import sys

import requests
from lxml.etree import HTML

from labkit import cli, config

CODENAME = re.compile("\u201c(.*)\u201d")  # between curly quotes: “jessie”


class LayoutError(Exception):
    """The page does not have the layout the scraper relies on."""


def fetch(url: str, timeout: float) -> bytes:
    """The page's bytes: lxml reads the encoding from the page itself."""
    with requests.Session() as session:
        session.trust_env = False  # the lab site is on loopback: no proxies
        response = session.get(url, timeout=timeout)
        response.raise_for_status()
        return response.content


def parse_release(content: bytes) -> tuple[str, str]:
    """``(codename, version)`` from a release page, or LayoutError."""
    root = HTML(content)
    if root is None:
        raise LayoutError("the page is empty")
    title = root.find("head/title")
    match = CODENAME.search(title.text or "") if title is not None else None
    if match is None:
        raise LayoutError("no “codename” in the page title")
    paragraphs = root.xpath('//div[@id="content"]/p[1]')
    if not paragraphs:
        raise LayoutError('no <div id="content"> with a paragraph')
    words = "".join(paragraphs[0].itertext()).split()  # all the text, links included
    if len(words) < 2:
        raise LayoutError("the first paragraph is too short to hold a version")
    return match.group(1), words[1]


def parse_args(argv):
    parser = cli.ArgumentParser(description="Print a Debian release's codename and version.")
    default = config.setting("debian_release_url")
    parser.add_argument(
        "url",
        nargs="?",
        type=cli.http_url,
        default=default,
        metavar="URL",
        help=f"the release page (default: {default}; env DEBIAN_RELEASE_URL)",
    )
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        codename, version = parse_release(fetch(args.url, args.timeout))
    except requests.HTTPError as exc:
        return cli.error(f"HTTP {exc.response.status_code} for {args.url}")
    except requests.ConnectionError:
        return cli.error(f"cannot connect to {args.url} (is site_server.py running?)")
    except requests.Timeout:
        return cli.error(f"timed out fetching {args.url}")
    except requests.RequestException as exc:
        return cli.error(f"cannot fetch {args.url}: {exc}")
    except LayoutError as exc:
        return cli.error(f"the page layout has changed: {exc}")
    print(f"Codename: {codename}\nVersion: {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
