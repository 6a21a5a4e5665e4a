"""The builtins docstrings as a raw WSGI application: no framework at all.

Book: chapter 9, "WSGI" (PEP 3333).

WSGI is the contract between a Python web application and the server that runs it
(wsgiref, Gunicorn, mod_wsgi, uWSGI...). The application is a callable
``app(environ, start_response)``: ``environ`` is a dict of CGI-style variables
(``REQUEST_METHOD``, ``PATH_INFO``, ``QUERY_STRING``...) plus ``wsgi.*`` entries;
the application calls ``start_response(status, headers)`` once and returns an
iterable of ``bytes``. Everything Flask did for us is ours now: routing on
``PATH_INFO``, escaping with :func:`html.escape`, encoding, ``Content-Length``.

    python wsgi_app.py --port 8014
    gunicorn -k gthread --bind 127.0.0.1:8015 wsgi_app:app     # same app, another server
"""

from __future__ import annotations

import builtins
import html
import sys
from urllib.parse import quote

import serving

docstrings = {
    name.lower(): obj.__doc__
    for name, obj in vars(builtins).items()
    if name[0].islower() and hasattr(obj, "__name__")
}


def page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title></head>\n'
        f"<body><h1>{title}</h1>\n{body}</body></html>\n"
    )


def route(method: str, path: str) -> tuple[str, str]:
    """(status line, HTML) for a request: the application's logic, testable alone."""
    if method not in ("GET", "HEAD"):
        return "405 Method Not Allowed", page("Method not allowed", "")
    if path == "/":
        links = "".join(
            f'<a href="/functions/{quote(name)}">{name}</a><br>\n' for name in sorted(docstrings)
        )
        return "200 OK", page("Python builtins docstrings", links)
    prefix = "/functions/"
    name = path.removeprefix(prefix).lower()
    if path.startswith(prefix) and name in docstrings:
        return "200 OK", page(name, f"<pre>{html.escape(docstrings[name])}</pre>\n")
    return "404 Not Found", page("Not found", f"<p>No page at {html.escape(path)}</p>\n")


def app(environ, start_response):
    """The WSGI entry point."""
    status, text = route(environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/"))
    body = text.encode("utf-8")
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(len(body))),
    ]
    if status.startswith("405"):
        headers.append(("Allow", "GET, HEAD"))
    start_response(status, headers)
    return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]


def main(argv=None) -> int:
    return serving.main(
        app, argv, description="Serve the docstrings with a raw WSGI app.", default_port=8014
    )


if __name__ == "__main__":
    sys.exit(main())
