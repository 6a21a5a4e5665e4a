"""The headers of a request and of its response, as they cross the network.

Follows "HTTP headers" in chapter 2 of the book. A request is a request line plus header
lines; a response is a status line plus header lines; each is followed by a blank line
and the body. urllib and http.client add several request headers for you:

- ``Accept-Encoding: identity``: "do not compress the body" (http.client);
- ``Host``: which site on the server we want (virtual hosting, exercise 15);
- ``User-Agent: Python-urllib/3.x``: which program is asking (urllib);
- ``Connection: close``: urllib uses one connection per request.

To show the request exactly as sent, this script uses an ``http.client`` connection that
keeps a copy of the bytes it sends: a small subclass hooked into urllib's handler.

Run it (with ``python lab_web.py`` in another terminal)::

    python show_headers.py
    python show_headers.py --path /python/utf8

Differences from the book: ``response.headers`` and ``.status`` instead of the older
``getheaders()``-only view, a timeout on every wait, proxies ignored.
"""

from __future__ import annotations

import http.client
import sys
import urllib.error
import urllib.request

from labkit import cli

SERVER_HINT = "is the lab's web app running? start it with: python lab_web.py"


class RecordingConnection(http.client.HTTPConnection):
    """An HTTPConnection that keeps every byte it sends in ``self.sent``."""

    def send(self, data) -> None:
        if not hasattr(self, "sent"):
            self.sent = b""
        if isinstance(data, bytes):  # bodies can also be files or iterables
            self.sent += data
        super().send(data)


class RecordingHandler(urllib.request.HTTPHandler):
    """urllib's http:// handler, using RecordingConnection; remembers the last one."""

    connection: RecordingConnection | None = None

    def http_open(self, req):
        def connect(host, **kwargs):
            self.connection = RecordingConnection(host, **kwargs)
            return self.connection

        return self.do_open(connect, req)


def exchange(url: str, timeout: float) -> tuple[str, str, list[tuple[str, str]]]:
    """GET ``url``; returns (request as sent, response status line, response headers)."""
    handler = RecordingHandler()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), handler)
    with opener.open(url, timeout=timeout) as response:
        status_line = f"HTTP/{response.version / 10:.1f} {response.status} {response.reason}"
        headers = response.getheaders()
        response.read()
    sent = handler.connection.sent.decode("latin-1") if handler.connection else ""
    request_head = sent.split("\r\n\r\n", 1)[0]
    return request_head, status_line, headers


def report(request_head: str, status_line: str, headers: list[tuple[str, str]]) -> str:
    lines = ["Request (as sent):"]
    lines += [f"  {line}" for line in request_head.split("\r\n")]
    lines += ["", "Response:", f"  {status_line}"]
    lines += [f"  {name}: {value}" for name, value in headers]
    lines += ["", "getheaders() gives the same as (name, value) tuples:"]
    lines += [f"  {headers[:3]!r}..."]
    return "\n".join(lines)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Print an HTTP request and response's headers.")
    cli.add_base_url(parser, "web_base_url", schemes=("http",))
    parser.add_argument("--path", default="/debian/", help="path to GET (default: /debian/)")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if not args.path.startswith("/") or not args.path.isascii() or " " in args.path:
        parser.error(f"--path must be an ASCII path starting with /, not {args.path!r}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    url = args.base_url.rstrip("/") + args.path
    try:
        request_head, status_line, headers = exchange(url, args.timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        return cli.error(f"{cli.describe_error(exc)} for {url}")
    except (OSError, http.client.HTTPException) as exc:
        reason = cli.with_hint(cli.describe_error(exc), SERVER_HINT)
        return cli.error(f"cannot fetch {url}: {reason}")
    return cli.print_output(report(request_head, status_line, headers))


if __name__ == "__main__":
    sys.exit(main())
