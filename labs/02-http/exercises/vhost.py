"""Exercise 15: virtual hosting, two sites on one port.

Since HTTP/1.1 every request names the site it is for in the ``Host`` header. That
is what lets one server, on one address and port, serve www.debian.org and
search.debian.org (and thousands of other names): it picks the site by ``Host``, not
by the address the client connected to.

Write :func:`make_server`: return ``(server, port)``, where ``server`` listens on
127.0.0.1 (``port=0`` lets the OS pick; return the port it got) and has the usual
``serve_forever()``, ``shutdown()`` and ``server_close()`` methods. Two ways to get
one:

- ``http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)`` with a
  ``BaseHTTPRequestHandler`` subclass whose ``do_GET`` reads ``self.headers["Host"]``;
- ``werkzeug.serving.make_server("127.0.0.1", port, app, threaded=True)`` with a small
  Flask or WSGI app that reads ``request.host`` (or ``environ["HTTP_HOST"]``).

Answer GET requests:

- ``Host: www.debian.test`` -> 200, ``text/html``, a page whose text contains
  ``www.debian.test`` (Debian's home page, say);
- ``Host: search.debian.test`` -> 200, ``text/html``, a different page containing
  ``search.debian.test`` (a search form, say);
- any other host, or none -> 404.

The host name may come with a port (``www.debian.test:8080``) and in any case
(``WWW.Debian.TEST``): compare the name only, lower-cased.

Try it: run ``python vhost.py --port 8080`` and, in another terminal::

    curl -H 'Host: www.debian.test' http://127.0.0.1:8080/
    curl -H 'Host: search.debian.test' http://127.0.0.1:8080/
    curl -i http://127.0.0.1:8080/            # Host: 127.0.0.1:8080 -> 404

Graded (``pytest tests/lab02/test_ex15_vhost.py``): the two names get different 200
pages naming their site; another name, an IP address and a request without ``Host``
get 404; ports and upper case in ``Host`` do not matter; ``make_server`` returns a
working server on the port it reports.
"""

from __future__ import annotations

import sys

from labkit import cli, server

SITES = ("www.debian.test", "search.debian.test")


def make_server(port: int = 0):
    """A server on 127.0.0.1:``port`` answering by Host; returns (server, port)."""
    # TODO (exercise 15)
    raise NotImplementedError("exercise 15: write make_server()")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Serve two sites on one port, chosen by Host.")
    parser.add_argument("--port", type=cli.port_number, default=8080)
    args = parser.parse_args(argv)
    try:
        httpd, port = make_server(args.port)
    except OSError as exc:
        return cli.error(f"cannot listen on port {args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    try:
        server.announce(("127.0.0.1", port))
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
