"""Serve the lab's copy of the Debian release pages, with an access log.

The book scrapes https://www.debian.org/releases/stable/ and advises developing a scraper
against a local copy rather than the live site. This is that copy: the static files in
``site/`` (the release page in the book's layout, a few variants whose layout differs,
a ``robots.txt`` and a folder bots must keep out of), served on 127.0.0.1.

Each request gets one access-log line on stderr, in the usual web server form plus the
User-Agent, which is how a webmaster tells browsers from bots::

    127.0.0.1 - - [15/Jan/2025 12:00:00] "GET /robots.txt HTTP/1.1" 200 "LabPoliteBot/1.0 …"

Run it in its own terminal::

    python site_server.py                 # Listening on 127.0.0.1:8006
    python site_server.py --port 0        # any free port

Tests import :class:`SiteServer`, which runs it in a background thread and keeps the
log as a list (``.log``) of :class:`Hit`.
"""

from __future__ import annotations

import functools
import sys
import threading
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from labkit import cli, server

DEFAULT_PORT = 8006
SITE = Path(__file__).resolve().parent / "site"


@dataclass(frozen=True)
class Hit:
    """One request in the access log."""

    when: float  # time.monotonic() when it was answered
    method: str
    path: str
    status: int
    user_agent: str


class LoggingHandler(SimpleHTTPRequestHandler):
    """The standard library's static file handler, logging the User-Agent too."""

    server: SiteHTTPServer

    def log_request(self, code="-", size="-") -> None:
        status = int(code) if isinstance(code, int) else 0  # HTTPStatus is an int
        agent = self.headers.get("User-Agent", "-") if self.headers else "-"
        hit = Hit(time.monotonic(), self.command or "-", self.path, status, agent)
        with self.server.lock:
            self.server.log.append(hit)
        if not self.server.quiet:
            self.log_message('"%s" %s "%s"', self.requestline, status, agent)

    def log_error(self, format, *args) -> None:
        pass  # the access line already says 404; no second line

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


class SiteHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, directory: Path = SITE, quiet: bool = False):
        self.log: list[Hit] = []
        self.lock = threading.Lock()
        self.quiet = quiet
        handler = functools.partial(LoggingHandler, directory=str(directory))
        super().__init__(address, handler)

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a client hanging up early is not the server's problem
        super().handle_error(request, client_address)


class SiteServer:
    """The site in a background thread: ``with SiteServer() as site: site.url, site.log``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, directory: Path = SITE):
        self.httpd = SiteHTTPServer((host, port), directory, quiet=True)
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def log(self) -> list[Hit]:
        return self.httpd.log

    def paths(self) -> list[str]:
        """The paths requested so far, in order."""
        return [hit.path for hit in self.log]

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(5)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Serve the lab's static site with an access log.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument(
        "--directory", type=Path, default=SITE, help="what to serve (default: site/)"
    )
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        parser.error(f"no such directory: {args.directory}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        httpd = SiteHTTPServer((args.host, args.port), args.directory)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return server.serve_until_stopped(httpd)


if __name__ == "__main__":
    sys.exit(main())
