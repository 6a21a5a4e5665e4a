"""A CGI program: the web server runs it once per request, through the environment.

Book: chapter 9, "CGI" (the chapter describes CGI; this script shows it).

Under CGI the web server starts a new process for every request. The request comes
in through environment variables (``REQUEST_METHOD``, ``QUERY_STRING``,
``CONTENT_TYPE``, ``CONTENT_LENGTH``...) and, for a POST, the body on stdin; the
program writes the response to stdout: header lines (``Status:`` among them), a
blank line, the body. This one looks up ``name=`` (query string or form body) and
answers with that builtin's docstring.

Python's ``cgi`` module, which parsed all that, was removed in Python 3.13 (PEP 594);
the standard library's :mod:`urllib.parse` and :mod:`os` do the job, below. Try it
without a web server, setting the variables yourself::

    REQUEST_METHOD=GET QUERY_STRING='name=len' python cgi_docstring.py
    echo -n 'name=bin' | REQUEST_METHOD=POST CONTENT_LENGTH=8 \\
        CONTENT_TYPE=application/x-www-form-urlencoded python cgi_docstring.py
"""

from __future__ import annotations

import builtins
import html
import os
import sys
from urllib.parse import parse_qs

from labkit import cli

docstrings = {
    name.lower(): obj.__doc__
    for name, obj in vars(builtins).items()
    if name[0].islower() and hasattr(obj, "__name__")
}


def read_params(environ, stdin) -> dict[str, list[str]]:
    """The request's parameters: the query string, plus a url-encoded POST body."""
    params = parse_qs(environ.get("QUERY_STRING", ""))
    if environ.get("REQUEST_METHOD") == "POST":
        length = int(environ.get("CONTENT_LENGTH") or 0)  # ValueError if not a number
        body = stdin.read(length) if length > 0 else b""
        if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
            for key, values in parse_qs(body.decode("utf-8", "replace")).items():
                params.setdefault(key, []).extend(values)
    return params


def respond(environ, stdin) -> tuple[str, str]:
    """(status, HTML body) for one request."""
    method = environ["REQUEST_METHOD"]
    if method not in ("GET", "POST"):
        return "405 Method Not Allowed", "<p>GET or POST only</p>\n"
    try:
        params = read_params(environ, stdin)
    except ValueError:
        return "400 Bad Request", "<p>bad Content-Length</p>\n"
    name = params.get("name", [""])[0].lower()
    if name not in docstrings:
        return "404 Not Found", f"<p>No builtin named {html.escape(name)}</p>\n"
    return "200 OK", f"<h1>{name}</h1>\n<pre>{html.escape(docstrings[name])}</pre>\n"


def main(argv=None) -> int:
    parser = cli.ArgumentParser(
        description="A CGI program: reads the request from the environment and stdin."
    )
    parser.parse_args(argv)
    if "REQUEST_METHOD" not in os.environ:
        return cli.error(
            "REQUEST_METHOD is not set: a web server runs CGI programs; or set it yourself, "
            "e.g. REQUEST_METHOD=GET QUERY_STRING=name=len python cgi_docstring.py",
            cli.USAGE,
        )
    status, body = respond(os.environ, sys.stdin.buffer)
    data = body.encode("utf-8")
    head = (
        f"Status: {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    sys.stdout.buffer.write(head.encode("ascii") + data)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
