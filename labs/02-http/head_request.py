"""Ask for the headers only: an HTTP HEAD request with urllib.

Follows "The HEAD method" in chapter 2 of the book. ``urlopen`` sends GET (or POST when
there is data); any other method goes in a ``Request``: ``Request(url, method='HEAD')``.
The server answers exactly as it would answer a GET, status and headers included, but
sends no body, so ``read()`` returns ``b''``. That makes HEAD a cheap way to check that
a page exists, or how big it is, before downloading it.

The book asked www.google.com; here the lab's web app stands in for it, at
``/google/`` (start it with ``python lab_web.py`` in another terminal).

Run it::

    python head_request.py
    python head_request.py --base-url http://127.0.0.1:8002 --path /debian/
"""

from __future__ import annotations

import http.client
import sys
import urllib.error
import urllib.request

from labkit import cli

HINT = "is the lab's web app running? start it with: python lab_web.py"


def head(url: str, timeout: float) -> tuple[int, dict[str, str], bytes]:
    """Send ``HEAD url``; return the status, the response headers and the body read."""
    request = urllib.request.Request(url, method="HEAD")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies
    with opener.open(request, timeout=timeout) as response:
        return response.status, dict(response.headers.items()), response.read()


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Send a HEAD request and show what comes back.")
    cli.add_base_url(parser, "web_base_url")
    parser.add_argument(
        "--path", default="/google/", help="the page to ask for (default: /google/)"
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    url = args.base_url.rstrip("/") + "/" + args.path.lstrip("/")
    try:
        status, headers, body = head(url, args.timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        return cli.error(f"{cli.describe_error(exc)} for {url}")
    except (OSError, http.client.HTTPException) as exc:
        return cli.error(f"cannot fetch {url}: {cli.with_hint(cli.describe_error(exc), HINT)}")
    lines = [f"HEAD {url}", f"status: {status}"]
    for name in ("Content-Type", "Content-Length"):
        lines.append(f"{name}: {headers.get(name)}")
    lines.append(f"body: {body!r}")
    return cli.print_output("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
