"""Exercise 16: a polite crawler.

Write ``crawl(start_url, delay, max_pages, timeout)``: starting from ``start_url``, fetch
pages and follow their links, breadth first, and return the list of URLs fetched, in
order. Be the bot a webmaster hopes for:

- a User-Agent (``USER_AGENT``) that says bot, crawler or spider and gives a contact
  URL (``http://…``);
- ``robots.txt`` fetched once, before anything else, and obeyed for every URL
  (``urllib.robotparser``; fetch the file yourself with a timeout and use ``parse()``);
- stay on the start URL's site (same scheme, host and port), follow only ``http(s)``
  links, drop ``#fragments``, and never request the same URL twice;
- at least ``delay`` seconds between two requests (robots.txt included);
- at most ``max_pages`` pages; a 404 is fetched (it is in the list) but has no links.

Links are in ``<a href="…">``; ``urllib.parse.urljoin(page_url, href)`` makes them
absolute, ``urldefrag`` drops the fragment. Parse pages with ``lxml.etree.HTML``.

Graded (``pytest tests/lab03/test_ex16_crawler.py``) from the lab site's access log.
"""

from __future__ import annotations

import sys
import time  # noqa: F401  (you will need these)
import urllib.robotparser  # noqa: F401
from collections import deque  # noqa: F401
from urllib.parse import urldefrag, urljoin, urlsplit  # noqa: F401

import requests
from lxml.etree import HTML  # noqa: F401

from labkit import cli

USER_AGENT = "python-requests"  # TODO (exercise 16): say who you are, with a contact URL


def crawl(
    start_url: str, delay: float = 1.0, max_pages: int = 50, timeout: float = 5.0
) -> list[str]:
    """Exercise 16: the URLs fetched, in order (robots.txt not included)."""
    # TODO (exercise 16)
    raise NotImplementedError("exercise 16: write crawl()")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Crawl a site politely.")
    parser.add_argument("url", type=cli.http_url, help="where to start")
    parser.add_argument("--delay", type=float, default=1.0, help="seconds between requests")
    parser.add_argument("--max-pages", type=int, default=50)
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    try:
        for url in crawl(args.url, args.delay, args.max_pages, args.timeout):
            print(url)
    except requests.RequestException as exc:
        return cli.error(f"crawl failed: {type(exc).__name__}: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
