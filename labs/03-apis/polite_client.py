"""A polite bot: it says it is one, reads robots.txt, and waits between requests.

Follows "With great power..." in chapter 3 of the book, which gives the rules in prose:
a User-Agent containing "bot", "spider" or "crawler" with a way to contact you (RFC 9110
section 10.1.5, formerly RFC 7231 section 5.5.3), and a check of the site's
``robots.txt`` with ``urllib.robotparser`` before every fetch. This script puts them
into code against the lab's site (``python site_server.py`` in another terminal)::

    python polite_client.py
    python polite_client.py --url http://127.0.0.1:8006/ --url http://127.0.0.1:8006/private/
    python polite_client.py --delay 2

``robots.txt`` is fetched once per host, with requests and a timeout, and handed to
``RobotFileParser.parse()``: ``RobotFileParser.read()`` has no timeout and would wait
forever on a silent server. Disallowed URLs are skipped and said so.
"""

from __future__ import annotations

import sys
import time
import urllib.robotparser
from urllib.parse import urljoin, urlsplit

import requests

from labkit import cli

USER_AGENT = "LabPoliteBot/1.0 (+http://www.lab.test/bot.html)"
SITE = "http://127.0.0.1:8006"
DEFAULT_URLS = [f"{SITE}/", f"{SITE}/releases/stable/", f"{SITE}/private/"]


class PoliteClient:
    """Fetch pages as a well-behaved bot."""

    def __init__(self, user_agent=USER_AGENT, delay=1.0, timeout=5.0, sleep=time.sleep):
        self.user_agent, self.delay, self.timeout, self.sleep = user_agent, delay, timeout, sleep
        self.session = requests.Session()
        self.session.trust_env = False  # loopback only: no proxies
        self.session.headers["User-Agent"] = user_agent
        self.robots: dict[str, urllib.robotparser.RobotFileParser] = {}  # one per host
        self.last_request: float | None = None

    def _wait(self) -> None:
        """Keep ``delay`` seconds between two requests."""
        if self.last_request is not None:
            remaining = self.last_request + self.delay - time.monotonic()
            if remaining > 0:
                self.sleep(remaining)
        self.last_request = time.monotonic()

    def _get(self, url: str) -> requests.Response:
        self._wait()
        return self.session.get(url, timeout=self.timeout)

    def rules_for(self, url: str) -> urllib.robotparser.RobotFileParser:
        """The robots.txt rules of ``url``'s host, fetched the first time only."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self.robots:
            parser = urllib.robotparser.RobotFileParser(urljoin(site, "/robots.txt"))
            response = self._get(parser.url)
            if response.status_code in (401, 403):
                parser.disallow_all = True  # the robots.txt rules for a locked file
            elif response.status_code >= 400:
                parser.allow_all = True  # no robots.txt: everything is allowed
            else:
                parser.parse(response.text.splitlines())
            self.robots[site] = parser
        return self.robots[site]

    def allowed(self, url: str) -> bool:
        return self.rules_for(url).can_fetch(self.user_agent, url)

    def fetch(self, url: str) -> requests.Response | None:
        """The response for ``url``, or None when robots.txt disallows it."""
        if not self.allowed(url):
            return None
        return self._get(url)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Fetch pages politely: bot UA, robots.txt, delay.")
    parser.add_argument(
        "--url",
        action="append",
        type=cli.http_url,
        help=f"a page to fetch (repeat it; default: {' '.join(DEFAULT_URLS)})",
    )
    parser.add_argument(
        "--delay",
        type=float,
        default=1.0,
        help="seconds between two requests to the site (default: 1)",
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if args.delay < 0:
        parser.error("--delay must be 0 or more")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    client = PoliteClient(delay=args.delay, timeout=args.timeout)
    print(f"User-Agent: {client.user_agent}", flush=True)
    for url in args.url or DEFAULT_URLS:
        try:
            response = client.fetch(url)
        except requests.ConnectionError:
            return cli.error(f"cannot connect to {url} (is site_server.py running?)")
        except requests.RequestException as exc:
            return cli.error(f"cannot fetch {url}: {exc}")
        if response is None:
            print(f"skipped {url} (disallowed by robots.txt)", flush=True)
        else:
            size = len(response.content)
            print(f"fetched {url} ({response.status_code}, {size} bytes)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
