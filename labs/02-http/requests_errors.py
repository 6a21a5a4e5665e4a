"""What goes wrong with requests, and how to tell the failures apart.

Follows "Handling errors with Requests" in chapter 2 of the book. Unlike urllib,
requests does not raise for a 404 or a 500: the response comes back with its status,
and ``raise_for_status()`` raises ``HTTPError`` only when you ask (it returns ``None``
for a success). Failures below HTTP are exceptions, all subclasses of
``requests.RequestException``:

- ``ConnectionError``: no connection, e.g. refused because nothing listens;
- ``ConnectTimeout`` (also a ``ConnectionError``): no answer to the connection attempt
  within ``timeout``;
- ``ReadTimeout``: connected, but the server sent nothing back within ``timeout``.

requests has no default timeout: without ``timeout=`` a silent server makes it wait for
ever. The book's example host 192.0.2.1 is never contacted here; try a closed port, or
the lab's web app (``python lab_web.py`` in another terminal) instead.

Run it::

    python requests_errors.py                        # the book's 404, then a 200
    python requests_errors.py /status/500 /google/   # your own paths
    python requests_errors.py --check /google/notawebpage; echo $?
    python requests_errors.py --base-url http://127.0.0.1:9; echo $?

Every failure below HTTP ends in one line on stderr and exit status 1; with
``--check`` an HTTP error status does too. ``explain()`` writes that line, and the
other requests scripts of this lab use it as well.
"""

from __future__ import annotations

import socket
import ssl
import sys

import requests

from labkit import cli

BOOK_PATHS = ["/google/notawebpage", "/google/"]


def root_cause(exc: BaseException) -> BaseException:
    """The operating system's error under requests' and urllib3's wrappers, if any."""
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, (ConnectionRefusedError, TimeoutError, socket.gaierror, ssl.SSLError)):
            return exc
        reason = getattr(exc, "reason", None)  # urllib3's MaxRetryError keeps it here
        inner = exc.__cause__ or exc.__context__
        if inner is None and isinstance(reason, BaseException):
            inner = reason
        if inner is None and exc.args and isinstance(exc.args[0], BaseException):
            inner = exc.args[0]  # requests wraps urllib3's error as its first argument
        if inner is None:
            break
        exc = inner
    return exc


def explain(exc: requests.RequestException, timeout: float | None = None) -> str:
    """One line for a requests failure: the exception's class and what it means."""
    url = exc.request.url if exc.request is not None else "the server"
    within = f" within {timeout:g} s" if timeout is not None else ""
    if isinstance(exc, requests.HTTPError):
        return f"HTTPError: {exc}"
    if isinstance(exc, requests.ConnectTimeout):  # check before ConnectionError, its parent
        return f"ConnectTimeout: no answer to the connection attempt{within} ({url})"
    if isinstance(exc, requests.ReadTimeout):
        return f"ReadTimeout: connected, but no response{within} ({url})"
    if isinstance(exc, requests.exceptions.SSLError):
        return f"SSLError: {cli.describe_error(root_cause(exc))} ({url})"
    if isinstance(exc, requests.ConnectionError):
        return f"ConnectionError: {cli.describe_error(root_cause(exc))} ({url})"
    return f"{type(exc).__name__}: {exc}"


def new_session() -> requests.Session:
    """A session that ignores proxy settings (and the rest of the environment)."""
    session = requests.Session()
    session.trust_env = False
    return session


def check(session: requests.Session, url: str, timeout: float) -> tuple[requests.Response, str]:
    """GET ``url``, then ``raise_for_status()``; return the response and what that did."""
    response = session.get(url, timeout=timeout)
    try:
        result = response.raise_for_status()
    except requests.HTTPError as exc:
        return response, f"raised HTTPError: {exc}"
    return response, f"returned {result!r}"


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="HTTP errors and network errors with requests.")
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=f"paths to fetch (default: the book's {' and '.join(BOOK_PATHS)})",
    )
    cli.add_base_url(parser, "web_base_url")
    parser.add_argument(
        "--check", action="store_true", help="stop with exit status 1 at the first HTTP error"
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    base = args.base_url.rstrip("/")
    with new_session() as session:
        for path in args.paths or BOOK_PATHS:
            url = base + "/" + path.lstrip("/")
            try:
                response, outcome = check(session, url, args.timeout)
                if args.check:
                    response.raise_for_status()
            except requests.RequestException as exc:
                return cli.error(explain(exc, args.timeout))
            cli.print_output(
                f"GET {url}\n"
                f"status_code: {response.status_code} ({response.reason})\n"
                f"raise_for_status() {outcome}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
