"""Sessions: connection reuse counted by the server, cookies and auth kept for you.

Follows doc 001 (Cory Benfield's "A deep dive into requests"). A ``requests.Session``
is requests' memory between requests:

- connection pooling: every ``requests.get`` makes a throwaway session, so each call
  opens (and closes) its own TCP connection; a session keeps the connection open and
  sends the next request on it;
- a streamed response (``stream=True``) holds its connection until its body has been
  read or the response closed: a second request made meanwhile needs a new connection;
- cookies the server sets are sent back on the session's next requests;
- ``s.auth`` (and ``s.headers``) apply to every request of the session.

It talks to the keep-alive stream server (``python stream_server.py``), which counts
the TCP connections it accepts and answers ``/connections`` with the count.

Run it::

    python session_reuse.py
    python session_reuse.py --requests 5 --base-url http://127.0.0.1:8003
"""

from __future__ import annotations

import os
import sys

import requests
from stream_download import describe

from labkit import cli

AUTH = ("Cory", "LOLNO")  # the talk's example credentials


def connection_count(base_url: str, timeout: float) -> int:
    """The server's count of accepted connections (this query's own one included)."""
    response = requests.get(f"{base_url}/connections", timeout=timeout)
    response.raise_for_status()
    return response.json()["connections"]


def connections_used(base_url: str, action, timeout: float) -> int:
    """How many new connections the server accepted while ``action()`` ran."""
    before = connection_count(base_url, timeout)
    action()
    after = connection_count(base_url, timeout)
    return after - before - 1  # the second count's own connection is not the action's


def plain_gets(url: str, n: int, timeout: float) -> None:
    for _ in range(n):
        requests.get(url, timeout=timeout)


def session_gets(url: str, n: int, timeout: float) -> None:
    with requests.Session() as session:
        for _ in range(n):
            session.get(url, timeout=timeout)


def unconsumed_streams(url: str, n: int, timeout: float) -> None:
    with requests.Session() as session:
        # Each response keeps its connection checked out: its body was never read.
        responses = [session.get(url, stream=True, timeout=timeout) for _ in range(n)]
        for response in responses:
            response.close()


def cookies_and_auth(base_url: str, timeout: float) -> tuple[list[str], dict[str, str]]:
    """Cookie names the session stored, and the headers the server then received."""
    with requests.Session() as session:
        session.auth = AUTH
        session.get(f"{base_url}/cookies/set?flavour=oatmeal&size=large", timeout=timeout)
        response = session.get(f"{base_url}/headers", timeout=timeout)
        response.raise_for_status()
        return sorted(session.cookies.keys()), response.json()


def parse_args(argv):
    parser = cli.ArgumentParser(description="Count connections with and without a Session.")
    cli.add_base_url(parser, "stream_base_url")
    parser.add_argument("--requests", type=int, default=3, metavar="N", help="requests per case")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if not 1 <= args.requests <= 100:
        parser.error("--requests must be between 1 and 100")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    # Proxies would hide the server's view of our connections: never use them here.
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "*"
    base, n, timeout = args.base_url.rstrip("/"), args.requests, args.timeout
    url = f"{base}/hello"
    cases = [
        (f"{n} x requests.get", lambda: plain_gets(url, n, timeout)),
        (f"{n} x Session.get", lambda: session_gets(url, n, timeout)),
        (f"{n} x Session.get(stream=True), unread", lambda: unconsumed_streams(url, n, timeout)),
    ]
    try:
        for label, action in cases:
            used = connections_used(base, action, timeout)
            print(f"{label:<40} -> {used} connection{'s' if used != 1 else ''}")
        names, headers = cookies_and_auth(base, timeout)
    except requests.RequestException as exc:
        return cli.error(f"cannot talk to {base}: {describe(exc)}")
    print(f"session cookies: {len(names)} ({', '.join(names)})")
    print(f"Cookie header the server saw: {headers.get('Cookie')}")
    print(f"Authorization header the server saw: {headers.get('Authorization')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
