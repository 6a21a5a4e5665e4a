"""Submit a form with requests: ``post(url, data={...})``.

Follows the end of "The Requests library" in chapter 2 of the book: the POST of
``post_form.py`` in one call. Given a dict, ``data=`` is form-encoded for you
(``P=Python``) and sent with ``Content-Type: application/x-www-form-urlencoded``.

The book's line has a bug: ``data = {'P', 'Python'}`` is a *set* of two strings, not a
dict (a comma where a colon belongs). requests does not reject it: a set is iterable,
so requests streams its items as the body, ``P`` and ``Python`` glued together in
whatever order the set holds them, announced with ``Content-Length: 2`` (the set's
length) and no ``Content-Type``. The server reads two bytes and finds no field ``P``.
``--book-bug`` shows the request requests prepares from the set, without sending it.

Run it (with ``python lab_web.py`` running in another terminal)::

    python requests_post.py
    python requests_post.py --query 'Monty Python'
    python requests_post.py --book-bug
"""

from __future__ import annotations

import sys

import requests
from requests_errors import explain, new_session

from labkit import cli

SEARCH_PATH = "/search/cgi-bin/omega"


def post_search(session: requests.Session, url: str, data, timeout: float) -> requests.Response:
    """POST ``data`` (normally a dict of form fields) to ``url``; HTTP errors raise."""
    response = session.post(url, data=data, timeout=timeout)
    response.raise_for_status()
    return response


def prepared(url: str, data) -> requests.PreparedRequest:
    """The request requests would send for ``data``, built without sending it."""
    return requests.Request("POST", url, data=data).prepare()


def describe_request(request: requests.PreparedRequest) -> list[str]:
    return [
        f"{request.method} {request.url}",
        f"Content-Type: {request.headers.get('Content-Type')}",
        f"Content-Length: {request.headers.get('Content-Length')}",
        f"body: {request.body!r}",
    ]


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="POST a search form with requests.")
    cli.add_base_url(parser, "web_base_url")
    parser.add_argument("--query", default="Python", help="what to search for (default: Python)")
    parser.add_argument(
        "--book-bug",
        action="store_true",
        help="show what requests makes of the book's set {'P', 'Python'} (sends nothing)",
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    url = args.base_url.rstrip("/") + SEARCH_PATH
    if args.book_bug:
        book = prepared(url, {"P", args.query})
        fixed = prepared(url, {"P": args.query})
        lines = ["# data = {'P', 'Python'}: a set", *describe_request(book), ""]
        lines += ["# data = {'P': 'Python'}: a dict", *describe_request(fixed)]
        return cli.print_output("\n".join(lines))
    with new_session() as session:
        try:
            response = post_search(session, url, {"P": args.query}, args.timeout)
        except requests.RequestException as exc:
            return cli.error(explain(exc, args.timeout))
    lines = [*describe_request(response.request), f"status: {response.status_code}", ""]
    return cli.print_output("\n".join(lines) + response.text.rstrip("\n"))


if __name__ == "__main__":
    sys.exit(main())
