"""Exercise 5 (reference solution): audit a chain of redirects, one hop at a time.

requests follows redirects by itself (up to 30) and keeps what it went through in
``response.history``. An auditor wants to see every hop as it happens and to stop
early: it asks for each URL with ``allow_redirects=False``, reads the status and the
``Location`` header, resolves that against the URL it asked for (``Location`` is often
relative, like ``/google/mail/``) and asks again, until an answer is not a redirect.

Try it with ``python ../lab_web.py`` running in another terminal::

    python redirect_audit.py http://127.0.0.1:8002/google/gmail
    python redirect_audit.py http://127.0.0.1:8002/google/loop/0; echo $?
"""

from __future__ import annotations

import sys
from urllib.parse import urljoin

import requests

from labkit import cli

#: The statuses that send a client elsewhere with a Location header.
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


class RedirectLoop(Exception):
    """The chain revisits a URL, or is longer than ``max_hops``.

    ``hops`` holds the hops seen before giving up, the last one included.
    """

    def __init__(self, message: str, hops: list[tuple[int, str]]):
        super().__init__(message)
        self.hops = hops


def audit(url: str, max_hops: int = 10, timeout: float = 5) -> list[tuple[int, str]]:
    """Follow the redirects from ``url``; return the hops as ``(status, absolute URL)``."""
    hops: list[tuple[int, str]] = []
    visited = {url}
    with requests.Session() as session:
        session.trust_env = False  # no proxies
        while True:
            response = session.get(url, allow_redirects=False, timeout=timeout)
            response.close()
            location = response.headers.get("Location")
            if response.status_code not in REDIRECT_STATUSES or location is None:
                return hops
            url = urljoin(url, location)
            hops.append((response.status_code, url))
            if url in visited:
                raise RedirectLoop(f"redirect loop: {url} again after {len(hops)} hops", hops)
            if len(hops) > max_hops:
                raise RedirectLoop(f"more than {max_hops} redirects", hops)
            visited.add(url)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="List the redirects a URL goes through.")
    parser.add_argument("url", type=cli.http_url, help="where to start")
    parser.add_argument(
        "--max-hops", type=int, default=10, help="give up after this many redirects (default: 10)"
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    try:
        hops = audit(args.url, max_hops=args.max_hops, timeout=args.timeout)
    except RedirectLoop as exc:
        return cli.error(str(exc))
    except requests.Timeout:
        return cli.error(f"no answer from {args.url} within {args.timeout:g} s")
    except requests.ConnectionError:
        return cli.error(f"cannot connect to {args.url}")
    except requests.RequestException as exc:
        return cli.error(f"{type(exc).__name__}: {exc}")
    lines = [f"{status} {location}" for status, location in hops]
    lines.append(f"{len(hops)} redirect(s)")
    return cli.print_output("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
