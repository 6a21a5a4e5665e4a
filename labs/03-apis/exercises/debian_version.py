"""Exercise 14: a scraper that survives layout changes.

``get_debian_version.py`` works on the book's page, but scrapers break when a page
changes. Write ``parse_release(content)`` (and ``get_debian_version(url)``, which
fetches and parses) so that it returns ``(codename, version)`` for every release page
of the lab site:

- an extra ``<div>`` before the content (``/variants/extra-div/``): anchor on
  ``id="content"``, not on positions;
- an ``<a>`` inside the first paragraph (``/releases/trixie/``, and
  ``/releases/bookworm/``, where the link holds the version itself): read all the
  text of the ``<p>``, not ``p.text``;
- straight quotes around the codename (``/releases/bookworm/``): accept ``"bookworm"``
  as well as “jessie”;
- and raise ``ScrapeError`` (not ``IndexError`` or ``AttributeError``) when the page has
  no ``<div id="content">`` or no codename (``/variants/no-content/``).

The version is the first word that looks like a version number (digits and dots) in
the first paragraph of the content div.

Graded (``pytest tests/lab03/test_ex14_debian_version.py``) on those pages, served by
the lab's ``site_server.py``.
"""

from __future__ import annotations

import re
import sys

import requests
from lxml.etree import HTML  # noqa: F401  (you will need it)

from labkit import cli

CODENAME = re.compile(r"[\u201c\"](\w+)[\u201d\"]")
VERSION = re.compile(r"\b\d+(?:\.\d+)+\b")


class ScrapeError(Exception):
    """The page does not hold the release information where we look for it."""


def parse_release(content: bytes) -> tuple[str, str]:
    """Exercise 14: ``(codename, version)`` from a release page's bytes."""
    # TODO (exercise 14)
    raise NotImplementedError("exercise 14: write parse_release()")


def get_debian_version(url: str, timeout: float = 5) -> tuple[str, str]:
    """Exercise 14: fetch ``url`` and parse it."""
    # TODO (exercise 14)
    raise NotImplementedError("exercise 14: write get_debian_version()")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="A Debian release's codename and version.")
    parser.add_argument("url", type=cli.http_url, help="the release page")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    try:
        codename, version = get_debian_version(args.url, args.timeout)
    except requests.RequestException as exc:
        return cli.error(f"cannot fetch {args.url}: {type(exc).__name__}")
    except ScrapeError as exc:
        return cli.error(f"cannot scrape {args.url}: {exc}")
    print(f"Codename: {codename}\nVersion: {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
