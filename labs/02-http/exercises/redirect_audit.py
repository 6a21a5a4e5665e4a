"""Exercise 5: a redirect auditor.

requests follows redirects by itself and only shows you the result (``history``). An
auditor wants every hop, and wants to stop early when a chain goes round in circles.
Write :func:`audit` so that it follows the redirects from ``url`` one at a time:

1. GET the URL with ``allow_redirects=False`` (so requests does not follow anything)
   and ``timeout=timeout``. Ignore proxy settings: use a ``requests.Session`` with
   ``trust_env = False``.
2. A response is a redirect when its status is 301, 302, 303, 307 or 308 and it has a
   ``Location`` header. Anything else ends the audit: return the hops so far (a URL
   that does not redirect at all gives ``[]``).
3. ``Location`` may be relative (``/google/mail/``): resolve it against the URL you
   just asked for with ``urllib.parse.urljoin``. Record the hop as
   ``(status, absolute_location)`` and continue from that URL.
4. Raise :class:`RedirectLoop` (already written below) when
   - the resolved location is a URL this audit has already requested (the starting
     URL counts): raise it at once, without requesting that URL again; or
   - a redirect arrives after ``max_hops`` hops have been followed: a chain of exactly
     ``max_hops`` redirects is fine, the ``max_hops + 1``-th redirect raises (urllib
     behaves the same with its limit of 10). Do not request its location.
   Pass the hops recorded so far, the last one included, as ``hops``.

For example, with the lab's web app on 127.0.0.1:8002,
``audit("http://127.0.0.1:8002/google/gmail")`` returns::

    [(301, "http://127.0.0.1:8002/google/mail/"),
     (302, "http://127.0.0.1:8002/google/ServiceLogin?service=mail&passive=true&rm=false")]

Network failures (``requests.ConnectionError``, ``requests.Timeout``) may propagate.

Try it with ``python ../lab_web.py`` running in another terminal::

    python redirect_audit.py http://127.0.0.1:8002/google/gmail
    python redirect_audit.py http://127.0.0.1:8002/google/loop/0; echo $?

Graded (``pytest tests/lab02/test_ex05_redirect_audit.py``): the exact hops of
``/google/gmail``; ``[]`` for a page that does not redirect; relative locations and
the statuses 303, 307 and 308; the cap (10 hops pass, 11 raise, ``/google/loop/0``
raises after 11 requests); a URL seen twice raises before the cap; the timeout is
used.
"""

from __future__ import annotations

import sys

import requests

from labkit import cli


class RedirectLoop(Exception):
    """The chain revisits a URL, or is longer than ``max_hops``.

    ``hops`` holds the hops seen before giving up, the last one included.
    """

    def __init__(self, message: str, hops: list[tuple[int, str]]):
        super().__init__(message)
        self.hops = hops


def audit(url: str, max_hops: int = 10, timeout: float = 5) -> list[tuple[int, str]]:
    """Follow the redirects from ``url``; return the hops as ``(status, absolute URL)``."""
    # TODO (exercise 5): GET without following redirects, resolve Location, repeat.
    raise NotImplementedError("exercise 5: write audit()")


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
