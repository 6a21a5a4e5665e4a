"""Submit a form the way a browser does: an HTTP POST with urllib.

Follows "The POST method" in chapter 2 of the book. Form data is a set of name/value
pairs encoded exactly like a query string (``urlencode``), sent as the request body
with the type ``application/x-www-form-urlencoded``. Giving ``Request`` a ``data``
argument makes urllib send POST instead of GET; the body must be bytes.

The book searched search.debian.org for "Python"; here the lab's web app answers at
``/search/cgi-bin/omega`` (start it with ``python lab_web.py`` in another terminal).
``find_form.py`` shows where the URL and the field name ``P`` come from.

Run it::

    python post_form.py
    python post_form.py --query 'Monty Python'
"""

from __future__ import annotations

import http.client
import sys
import urllib.error
import urllib.request
from urllib.parse import urlencode

from labkit import cli

SEARCH_PATH = "/search/cgi-bin/omega"
FORM_TYPE = "application/x-www-form-urlencoded; charset=UTF-8"
HINT = "is the lab's web app running? start it with: python lab_web.py"


def form_body(fields: dict[str, str]) -> bytes:
    """``{'P': 'Python'}`` -> ``b'P=Python'``: a query string, as UTF-8 bytes."""
    return urlencode(fields).encode("utf-8")


def post_form(url: str, fields: dict[str, str], timeout: float) -> tuple[int, str]:
    """POST ``fields`` to ``url`` as a form; return the status and the page (decoded)."""
    request = urllib.request.Request(url, data=form_body(fields))
    request.add_header("Content-Type", FORM_TYPE)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies
    with opener.open(request, timeout=timeout) as response:
        charset = response.headers.get_content_charset() or "utf-8"
        return response.status, response.read().decode(charset, errors="replace")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="POST a search form and print the results page.")
    cli.add_base_url(parser, "web_base_url")
    parser.add_argument("--query", default="Python", help="what to search for (default: Python)")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    url = args.base_url.rstrip("/") + SEARCH_PATH
    fields = {"P": args.query}
    try:
        status, page = post_form(url, fields, args.timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        return cli.error(f"{cli.describe_error(exc)} for {url}")
    except (OSError, http.client.HTTPException) as exc:
        return cli.error(f"cannot post to {url}: {cli.with_hint(cli.describe_error(exc), HINT)}")
    header = [
        f"POST {url}",
        f"Content-Type: {FORM_TYPE}",
        f"body: {form_body(fields)!r}",
        f"status: {status}",
        "",
    ]
    return cli.print_output("\n".join(header) + page.rstrip("\n"))


if __name__ == "__main__":
    sys.exit(main())
