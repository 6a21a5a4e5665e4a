"""Where requests meets the socket: the call stack at the moment of ``connect``.

The "Understanding requests" article (doc 000) reads the source of one ``requests.get``
from the top down: ``Session.request`` builds a ``PreparedRequest`` (``prepare()`` fills
in the method, URL, headers, cookies, body, auth and hooks), ``Session.send`` hands it
to the transport adapter, ``HTTPAdapter.send`` gets a urllib3 connection pool and calls
its ``urlopen``, and urllib3's connection is an ``http.client.HTTPConnection``, which
finally opens a socket.

This script checks that reading against the running code, from the bottom up. For the
length of one request it replaces ``socket.socket.connect`` with a wrapper that, before
connecting, takes a snapshot of the Python call stack; then it prints the frames that
belong to requests, urllib3 and http.client, outermost first. ``prepare()`` is not
among them: it had already returned when the socket was opened. (Exercise 14 records
every call instead, with ``sys.setprofile``, and so also sees ``prepare``.)

Run it against the lab's web app (``python lab_web.py`` in another terminal)::

    python trace_requests.py http://127.0.0.1:8002/status/200
"""

from __future__ import annotations

import contextlib
import inspect
import socket
import sys
from collections.abc import Iterator

import requests

from labkit import cli

#: Frames from these modules are printed; the rest (this script, pytest…) are not.
LAYERS = ("requests", "urllib3", "http.client")


def _in_layers(module: str) -> bool:
    return any(module == layer or module.startswith(layer + ".") for layer in LAYERS)


@contextlib.contextmanager
def stack_at_connect() -> Iterator[list[tuple[str, str, int]]]:
    """While active, record (module, qualified name, line) frames at each ``connect``.

    Yields a list that fills with one snapshot (outermost frame first) per connection.
    """
    snapshots: list[list[tuple[str, str, int]]] = []
    original = socket.socket.connect

    def connect(sock, address):
        frames = []
        frame = inspect.currentframe()  # this wrapper; then its caller, and so on outwards
        while frame is not None:
            module = frame.f_globals.get("__name__", "?")
            if _in_layers(module):
                frames.append((module, frame.f_code.co_qualname, frame.f_lineno))
            frame = frame.f_back
        snapshots.append(frames[::-1])
        return original(sock, address)

    socket.socket.connect = connect
    try:
        yield snapshots
    finally:
        socket.socket.connect = original


def trace(
    url: str, timeout: float, cafile: str | None = None
) -> tuple[requests.Response, list[tuple[str, str, int]]]:
    """GET ``url``; return the response and the stack when its connection was opened."""
    with stack_at_connect() as snapshots, requests.Session() as session:
        session.trust_env = False  # no proxies: the lab's servers are on loopback
        response = session.get(url, timeout=timeout, verify=cafile or True)
    return response, snapshots[0] if snapshots else []


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Show the requests -> urllib3 -> http.client call stack at connect()."
    )
    parser.add_argument("url", type=cli.http_url, help="http:// or https:// URL to GET")
    parser.add_argument("--cafile", help="CA certificate to verify an https:// server with")
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        response, frames = trace(args.url, args.timeout, args.cafile)
    except requests.exceptions.RequestException as exc:
        return cli.error(f"cannot fetch {args.url}: {describe(exc)}")
    except OSError as exc:  # an unreadable --cafile
        return cli.error(cli.describe_error(exc))
    print(f"GET {args.url} -> {response.status_code} {response.reason}")
    print("Call stack when the socket connected (outermost first):")
    width = max((len(module) for module, _, _ in frames), default=0)
    for module, name, lineno in frames:
        print(f"  {module:<{width}}  {name}  (line {lineno})")
    print("  socket.socket.connect")
    return 0


def describe(exc: requests.exceptions.RequestException) -> str:
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS failed (give the server's CA with --cafile)"
    return cli.with_hint(cli.describe_error(exc), "is the server running?")


if __name__ == "__main__":
    sys.exit(main())
