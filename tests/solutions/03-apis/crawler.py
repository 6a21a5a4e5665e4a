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
import time
import urllib.robotparser
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import requests
from lxml.etree import HTML

from labkit import cli

USER_AGENT = "LabCrawlerBot/1.0 (+http://www.lab.test/crawler.html)"


def site_of(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def crawl(
    start_url: str, delay: float = 1.0, max_pages: int = 50, timeout: float = 5.0
) -> list[str]:
    """Exercise 16: the URLs fetched, in order (robots.txt not included)."""
    session = requests.Session()
    session.trust_env = False
    session.headers["User-Agent"] = USER_AGENT
    last = [0.0]

    def get(url: str) -> requests.Response:
        wait = last[0] + delay - time.monotonic()
        if last[0] and wait > 0:
            time.sleep(wait)
        try:
            return session.get(url, timeout=timeout, allow_redirects=False)
        finally:
            last[0] = time.monotonic()

    scheme, netloc = site_of(start_url)
    robots = urllib.robotparser.RobotFileParser(f"{scheme}://{netloc}/robots.txt")
    answer = get(robots.url)
    if answer.status_code >= 400:
        robots.allow_all = answer.status_code not in (401, 403)
        robots.disallow_all = not robots.allow_all
    else:
        robots.parse(answer.text.splitlines())

    start = urldefrag(start_url).url
    queue, seen, fetched = deque([start]), {start}, []
    with session:
        while queue and len(fetched) < max_pages:
            url = queue.popleft()
            if not robots.can_fetch(USER_AGENT, url):
                continue
            response = get(url)
            fetched.append(url)
            if response.is_redirect and "Location" in response.headers:
                links = [response.headers["Location"]]
            elif response.ok and "html" in response.headers.get("Content-Type", ""):
                root = HTML(response.content)
                links = root.xpath("//a/@href") if root is not None else []
            else:
                links = []
            for href in links:
                link = urldefrag(urljoin(url, href)).url
                if site_of(link) == (scheme, netloc) and link not in seen:
                    seen.add(link)
                    queue.append(link)
    return fetched


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
