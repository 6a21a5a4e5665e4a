"""Exercise 3: a WSGI application with no framework.

Write :func:`app`, a WSGI callable ``app(environ, start_response)`` (PEP 3333) that
answers:

``GET /``
    200, ``Content-Type: text/plain; charset=utf-8``, body ``Hello, WSGI!\\n``;
``GET /hello?name=NAME``
    200, ``Content-Type: text/html; charset=utf-8``, body ``<p>Hello, NAME!</p>\\n``
    with ``NAME`` HTML-escaped (``html.escape``; ``urllib.parse.parse_qs`` reads
    ``QUERY_STRING``); without a name, ``world``;
any other path
    404, ``text/plain; charset=utf-8``, body ``Not Found\\n``;
any method but GET or HEAD
    405, ``text/plain; charset=utf-8``, body ``Method Not Allowed\\n`` and an
    ``Allow: GET, HEAD`` header.

Every response has a ``Content-Length`` equal to the body's length in bytes (encode
the text to UTF-8 first); the body is a list of ``bytes``.

Graded (``pytest tests/lab09/test_ex3_wsgi.py``): ``wsgiref.validate.validator(app)``
accepts every route; on a wsgiref server on port 0 the answers are 200/404/405 with the
right bodies and ``Content-Length``; the name is escaped.

    python wsgi_app.py --port 8022
"""

from __future__ import annotations

import html
import sys
from urllib.parse import parse_qs
from wsgiref.simple_server import make_server

from labkit import cli, server

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"


def app(environ, start_response):
    method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/")
    extra = []
    if method not in ("GET", "HEAD"):
        status, content_type, text = "405 Method Not Allowed", TEXT, "Method Not Allowed\n"
        extra.append(("Allow", "GET, HEAD"))
    elif path == "/":
        status, content_type, text = "200 OK", TEXT, "Hello, WSGI!\n"
    elif path == "/hello":
        name = parse_qs(environ.get("QUERY_STRING", "")).get("name", ["world"])[0]
        status, content_type, text = "200 OK", HTML, f"<p>Hello, {html.escape(name)}!</p>\n"
    else:
        status, content_type, text = "404 Not Found", TEXT, "Not Found\n"
    body = text.encode("utf-8")
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    return [body]


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="A raw WSGI application.")
    cli.add_host_port(parser, "127.0.0.1", 8022)
    args = parser.parse_args(argv)
    try:
        httpd = make_server(args.host, args.port, app)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return server.serve_until_stopped(httpd)


if __name__ == "__main__":
    sys.exit(main())
