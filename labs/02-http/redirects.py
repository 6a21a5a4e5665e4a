"""Redirects: urllib follows them for you, and keeps count in ``redirect_dict``.

Follows "Redirects" in chapter 2 of the book, which opened http://www.gmail.com and
landed on Google's login page after two redirects. The lab web app plays gmail at
``/google/gmail``: a 301 to ``/google/mail/``, then a 302 to
``/google/ServiceLogin?service=mail&passive=true&rm=false``.

A 3xx answer carries the new URL in its ``Location`` header; urllib's
``HTTPRedirectHandler`` requests that URL in turn, and records every URL it was sent to
in the request's ``redirect_dict`` (URL -> times visited). ``response.url`` is where we
ended up, not what we asked for. A chain longer than ``max_redirections`` (10), or one
that visits a URL more than ``max_repeats`` (4) times, ends with an HTTPError: try
``--path /google/loop/0``, a redirect that never ends.

This script uses a small subclass of the handler that also prints each hop.

Run it (with ``python lab_web.py`` in another terminal)::

    python redirects.py
    python redirects.py --path /google/loop/0
"""

from __future__ import annotations

import http.client
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from labkit import cli

SERVER_HINT = "is the lab's web app running? start it with: python lab_web.py"


class RecordingRedirectHandler(urllib.request.HTTPRedirectHandler):
    """urllib's redirect handler, keeping a list of (status, from URL, to URL) hops."""

    def __init__(self):
        self.hops: list[tuple[int, str, str]] = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.hops.append((code, req.full_url, newurl))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class TooManyRedirects(Exception):
    """urllib gave up following redirects."""


@dataclass
class Followed:
    status: int
    url: str
    hops: list[tuple[int, str, str]]
    redirect_dict: dict[str, int] = field(default_factory=dict)


def follow(url: str, timeout: float) -> Followed:
    """GET ``url`` following redirects; raises TooManyRedirects for a loop."""
    handler = RecordingRedirectHandler()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), handler)
    request = urllib.request.Request(url)
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
            status, final_url = response.status, response.url
    except urllib.error.HTTPError as exc:
        with exc:
            if 300 <= exc.code < 400:  # the redirect urllib refused to follow
                followed = len(getattr(request, "redirect_dict", {}))
                raise TooManyRedirects(
                    f"redirect loop: urllib gave up after {followed} redirects "
                    f"(max_redirections = {handler.max_redirections}), at {exc.url}"
                ) from None
            raise
    # Without any redirect, urllib never creates the attribute.
    return Followed(status, final_url, handler.hops, getattr(request, "redirect_dict", {}))


def report(url: str, followed: Followed) -> str:
    lines = [f"GET {url}"]
    lines += [f"  {code} -> {new}" for code, _old, new in followed.hops]
    lines += [
        f"final URL: {followed.url}",
        f"status: {followed.status}",
        f"redirect_dict ({len(followed.redirect_dict)} entries):",
    ]
    lines += [f"  {visited}: {count}" for visited, count in followed.redirect_dict.items()]
    return "\n".join(lines)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Follow a chain of HTTP redirects with urllib.")
    cli.add_base_url(parser, "web_base_url")
    parser.add_argument(
        "--path", default="/google/gmail", help="path to start from (default: /google/gmail)"
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if not args.path.startswith("/") or not args.path.isascii() or " " in args.path:
        parser.error(f"--path must be an ASCII path starting with /, not {args.path!r}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    url = args.base_url.rstrip("/") + args.path
    try:
        followed = follow(url, args.timeout)
    except TooManyRedirects as exc:
        return cli.error(str(exc))
    except urllib.error.HTTPError as exc:
        exc.close()
        return cli.error(f"{cli.describe_error(exc)} for {exc.url}")
    except (OSError, http.client.HTTPException) as exc:
        reason = cli.with_hint(cli.describe_error(exc), SERVER_HINT)
        return cli.error(f"cannot fetch {url}: {reason}")
    return cli.print_output(report(url, followed))


if __name__ == "__main__":
    sys.exit(main())
