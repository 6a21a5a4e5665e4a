"""HTTPError or URLError: did the server answer "no", or did we never reach it?

Follows "Handling problems" in chapter 2 of the book. urllib raises two kinds of error:

- ``urllib.error.HTTPError``: the server answered, with a 4xx or 5xx status. The
  exception carries the answer: ``code``, ``reason``, ``url`` and ``headers``. It is a
  response too, with a body you can read, so it must be closed like one.
- ``urllib.error.URLError``: no answer at all. Something lower in the stack failed:
  the connection was refused, timed out, or the name did not resolve. ``reason`` holds the
  original exception (``ConnectionRefusedError``, ``TimeoutError``, ``socket.gaierror``).

``HTTPError`` is a subclass of ``URLError``, so catch it first.

Run it::

    python http_errors.py                 # a 404 from lab_web.py, then a refused connection
    python http_errors.py http://127.0.0.1:8002/status/500
    python http_errors.py http://127.0.0.1:9/  # nothing listens on port 9

Differences from the book: the book printed ``status:`` where its code prints ``status``;
its timeout example contacted 192.0.2.1, an address this lab never uses: the refused
connection here goes to a port on 127.0.0.1 that the script has just checked is free.
Given a URL, the script reports a failure in one line on stderr and exits with status 1.
"""

from __future__ import annotations

import http.client
import socket
import sys
import urllib.error
import urllib.request

from labkit import cli

SERVER_HINT = "is the lab's web app running? start it with: python lab_web.py"


def fetch_status(url: str, timeout: float) -> tuple[int, str]:
    """GET ``url``; returns (status, reason) or raises HTTPError / URLError / TimeoutError."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies
    with opener.open(url, timeout=timeout) as response:
        response.read()
        return response.status, response.reason


def explain(exc: BaseException) -> str:
    """One line naming the exception class and what it carries."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTPError: {exc.code} {exc.reason} for {exc.url}"
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, BaseException):
            return f"URLError: {reason} (reason is a {type(reason).__name__})"
        return f"URLError: {reason}"
    if isinstance(exc, TimeoutError):
        # Connected, but no response in time: urllib does not wrap this one in URLError.
        return f"TimeoutError: {exc} waiting for the response (not wrapped in URLError)"
    return f"{type(exc).__name__}: {exc}"


def free_port() -> int:
    """A port on 127.0.0.1 where nothing listens: bind port 0, note the port, close."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def demo(base_url: str, timeout: float) -> list[str]:
    """The book's two cases: a 404 (HTTPError), then no server at all (URLError)."""
    lines = []
    url = base_url.rstrip("/") + "/status/404"
    try:
        fetch_status(url, timeout)
        lines.append(f"unexpected: {url} did not fail")
    except urllib.error.HTTPError as exc:
        with exc:  # an HTTPError holds the response: close it
            lines += [
                f"HTTPError from {url}:",
                f"  status {exc.code}",
                f"  reason {exc.reason}",
                f"  url {exc.url}",
            ]
    url = f"http://127.0.0.1:{free_port()}/index.html"
    try:
        fetch_status(url, timeout)
        lines.append(f"unexpected: {url} answered")
    except urllib.error.HTTPError as exc:
        exc.close()
        lines.append(f"unexpected: {explain(exc)}")
    except urllib.error.URLError as exc:
        lines += [
            f"URLError from {url} (nothing listens there):",
            f"  reason {exc.reason!r}",
        ]
    return lines


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Show urllib's HTTPError and URLError. Without URL: the book's two cases."
    )
    parser.add_argument("url", metavar="URL", nargs="?", type=cli.http_url, help="URL to GET")
    cli.add_base_url(parser, "web_base_url")
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.url is None:
        try:
            lines = demo(args.base_url, args.timeout)
        except (OSError, http.client.HTTPException) as exc:
            reason = cli.with_hint(cli.describe_error(exc), SERVER_HINT)
            return cli.error(f"cannot reach {args.base_url}: {reason}")
        return cli.print_output("\n".join(lines))
    try:
        status, reason = fetch_status(args.url, args.timeout)
    except urllib.error.HTTPError as exc:
        with exc:
            return cli.error(explain(exc))
    except (OSError, http.client.HTTPException) as exc:
        return cli.error(explain(exc))
    return cli.print_output(f"{status} {reason} for {args.url}")


if __name__ == "__main__":
    sys.exit(main())
