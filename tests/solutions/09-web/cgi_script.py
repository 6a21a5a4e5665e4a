"""Exercise 4: a CGI program without the ``cgi`` module.

A web server runs this program once per request: the request is in the environment
(``REQUEST_METHOD``, ``QUERY_STRING``, ``CONTENT_TYPE``, ``CONTENT_LENGTH``) and, for a
POST, the body is on stdin; the response goes to stdout. Python 3.13 removed the
``cgi`` module, so do it with :mod:`os` and :mod:`urllib.parse`:

- :func:`read_params`: the parameters of ``QUERY_STRING``, plus, for a POST, those of
  the url-encoded body: read exactly ``CONTENT_LENGTH`` bytes from ``stdin`` (a
  binary stream), never more (the server may keep the pipe open); a
  ``CONTENT_LENGTH`` that is not a number raises ``ValueError``;
- :func:`respond`: ``("200 OK", "<p>You said: TEXT</p>\\n")`` for the first ``text``
  parameter, with TEXT HTML-escaped; ``("400 Bad Request", "<p>no text</p>\\n")``
  without one or for a bad ``CONTENT_LENGTH``; ``("405 Method Not Allowed", ...)``
  (any body) for a method other than GET and POST;
- :func:`write_response`: the CGI response on ``out`` (binary): the header lines
  ``Status: ...``, ``Content-Type: text/html; charset=utf-8`` and ``Content-Length``
  (the body's UTF-8 length), each ending in ``\\r\\n``, then an empty line, then the body.

Graded by running this file as a subprocess with the CGI variables set
(``pytest tests/lab09/test_ex4_cgi.py``).

    REQUEST_METHOD=GET QUERY_STRING='text=hi' python cgi_script.py
"""

from __future__ import annotations

import html
import os
import sys
from urllib.parse import parse_qs


def read_params(environ, stdin) -> dict[str, list[str]]:
    params = parse_qs(environ.get("QUERY_STRING", ""))
    if environ.get("REQUEST_METHOD") == "POST":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = stdin.read(length) if length > 0 else b""
        for key, values in parse_qs(body.decode("utf-8", "replace")).items():
            params.setdefault(key, []).extend(values)
    return params


def respond(environ, stdin) -> tuple[str, str]:
    if environ.get("REQUEST_METHOD") not in ("GET", "POST"):
        return "405 Method Not Allowed", "<p>GET or POST</p>\n"
    try:
        params = read_params(environ, stdin)
    except ValueError:
        return "400 Bad Request", "<p>no text</p>\n"
    if not params.get("text"):
        return "400 Bad Request", "<p>no text</p>\n"
    return "200 OK", f"<p>You said: {html.escape(params['text'][0])}</p>\n"


def write_response(out, status: str, body: str) -> None:
    data = body.encode("utf-8")
    head = (
        f"Status: {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    out.write(head.encode("ascii") + data)
    out.flush()


def main() -> int:
    status, body = respond(os.environ, sys.stdin.buffer)
    write_response(sys.stdout.buffer, status, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
