"""HTTP Basic authentication by hand, with http.client.

The "Understanding requests" article (doc 000) starts one layer below urllib and
requests: ``http.client`` opens the connection, sends the request line and headers you
give it, and parses the response, nothing more. Authentication is then up to you. The
Basic scheme (RFC 7617) is a header you can build in one line:

    Authorization: Basic base64("user:password")

Base64 is an encoding, not encryption: anyone who sees the request can decode the
password, which is why Basic authentication belongs on HTTPS.

Run it against the lab's web app (``python lab_web.py`` in another terminal), whose
``/auth/basic`` accepts user ``Cory`` with password ``LOLNO`` (the names from Cory
Benfield's talk, doc 001)::

    python http_client_auth.py                      # no credentials: 401, exit 1
    python http_client_auth.py --user Cory:LOLNO    # 200 and the page
    python http_client_auth.py --user Cory:LOLNO --base-url https://127.0.0.1:8443 \\
        --cafile lab-ca.pem

It prints the header it sends, then the status line and the body. A 401 is one line
on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import ssl
import sys
from urllib.parse import urlsplit

from labkit import cli

PATH = "/auth/basic"
HINT = "is the web app running? start it with: python lab_web.py"


def basic_authorization(user: str, password: str) -> str:
    """The value of the Authorization header: ``Basic `` + base64 of ``user:password``.

    RFC 7617 encodes the pair as UTF-8, so non-ASCII names and passwords work too.
    """
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def credentials(text: str) -> tuple[str, str]:
    """argparse type: ``NAME:PASSWORD`` (the password may contain colons, the name not)."""
    user, sep, password = text.partition(":")
    if not sep or not user:
        raise argparse.ArgumentTypeError(f"expected NAME:PASSWORD, not {text!r}")
    return user, password


def connect(base_url: str, timeout: float, cafile: str | None) -> http.client.HTTPConnection:
    """An HTTPConnection (or HTTPSConnection, verified against ``cafile``) for ``base_url``."""
    parts = urlsplit(base_url)
    if parts.scheme == "https":
        context = ssl.create_default_context(cafile=cafile)
        return http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=context
        )
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)


def get(
    base_url: str, headers: dict[str, str], timeout: float, cafile: str | None = None
) -> tuple[int, str, str]:
    """GET ``base_url`` + /auth/basic with ``headers``; return (status, reason, body)."""
    path = urlsplit(base_url).path.rstrip("/") + PATH
    conn = connect(base_url, timeout, cafile)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        return response.status, response.reason, body
    finally:
        conn.close()


def parse_args(argv):
    parser = cli.ArgumentParser(description="GET /auth/basic with a hand-made Basic auth header.")
    cli.add_base_url(parser, "web_base_url")
    parser.add_argument(
        "--user",
        metavar="NAME:PASSWORD",
        type=credentials,
        help="credentials to send (default: none, to see the 401)",
    )
    parser.add_argument("--cafile", help="CA certificate to verify an https:// server with")
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    headers = {}
    if args.user:
        headers["Authorization"] = basic_authorization(*args.user)
        print(f"Authorization: {headers['Authorization']}")
    try:
        status, reason, body = get(args.base_url, headers, args.timeout, args.cafile)
    except (OSError, http.client.HTTPException) as exc:
        reason = cli.with_hint(cli.describe_error(exc), HINT)
        return cli.error(f"cannot fetch {args.base_url}{PATH}: {reason}")
    if status == 401:
        return cli.error(f"HTTP 401 {reason}: the server wants valid credentials (--user)")
    print(f"{status} {reason}")
    print(body, end="")
    return 0 if status < 400 else 1


if __name__ == "__main__":
    sys.exit(main())
