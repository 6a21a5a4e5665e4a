"""Exercise 1: a small command-line fetcher with urllib.

Write the program ``python fetch.py URL [--timeout S]``. It GETs ``URL`` with
``urllib.request`` and prints, on stdout:

1. the status line as ``STATUS REASON``, e.g. ``200 OK`` or ``404 NOT FOUND``;
2. every response header as ``Name: value``, in the order the server sent them;
3. one empty line;
4. the body, decoded to text (print it as it is; no extra newline is needed).

Decode the body with the ``charset`` parameter of ``Content-Type``
(``text/html; charset=utf-8``). Servers get this wrong, so fall back to UTF-8 with
``errors="replace"`` when there is no charset, when Python does not know it
(``LookupError``), or when the body is not valid in it (``UnicodeDecodeError``): a
wrong or missing charset must never end in a traceback. ``response.headers`` is an
``email.message.Message``; its ``get_content_charset()`` reads the parameter for you.

Exit status:

- 0 for a 2xx answer;
- 1 for an HTTP error (4xx, 5xx): urllib raises ``urllib.error.HTTPError``, which is
  itself a response: print its status line, headers and body exactly as for a 200, then
  exit 1 (close it, or use it in a ``with`` block);
- 2 for a network error (refused, timed out, unknown host: ``URLError``, or a bare
  ``TimeoutError`` when the server goes silent after connecting): nothing on stdout,
  one line on stderr (``cli.error(message, status=2)``), no traceback.

Ignore proxies (``urllib.request.build_opener(urllib.request.ProxyHandler({}))``) and
pass ``timeout=`` to every request. A URL that is not ``http://`` or ``https://`` is a
usage error (already handled below: exit 2).

Try it with the lab's web app running (``python ../lab_web.py``)::

    python fetch.py http://127.0.0.1:8002/python/utf8
    python fetch.py http://127.0.0.1:8002/status/404; echo "exit status $?"

Graded (``pytest tests/lab02/test_ex01_fetch.py``), by running this file: the UTF-8
page's status line and text; its headers and the blank line; the wrong and the
missing charset; 404 and 500 (output and exit 1); a closed port and a silent server
(exit 2, one line on stderr, nothing on stdout).
"""

from __future__ import annotations

import sys

from labkit import cli


def decode_text(body: bytes, charset: str | None) -> str:
    """``body`` decoded with ``charset``; UTF-8 with replacement when that fails."""
    # TODO (exercise 1)
    raise NotImplementedError("exercise 1: write decode_text()")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="GET a URL; print status, headers and text.")
    parser.add_argument("url", type=cli.http_url, help="http:// or https:// URL")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    # TODO (exercise 1): fetch args.url, print the answer, return 0, 1 or 2.
    raise NotImplementedError(f"exercise 1: write main() to fetch {args.url}")


if __name__ == "__main__":
    sys.exit(main())
