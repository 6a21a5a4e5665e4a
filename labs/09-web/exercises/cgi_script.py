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

import os
import sys


def read_params(environ, stdin) -> dict[str, list[str]]:
    # TODO (exercise 4): QUERY_STRING, then CONTENT_LENGTH bytes of stdin for a POST.
    raise NotImplementedError("exercise 4: write read_params()")


def respond(environ, stdin) -> tuple[str, str]:
    # TODO (exercise 4): 200 with the escaped text, 400 without text, 405 for other methods.
    raise NotImplementedError("exercise 4: write respond()")


def write_response(out, status: str, body: str) -> None:
    # TODO (exercise 4): Status, Content-Type, Content-Length, a blank line, the body.
    raise NotImplementedError("exercise 4: write write_response()")


def main() -> int:
    status, body = respond(os.environ, sys.stdin.buffer)
    write_response(sys.stdout.buffer, status, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
