"""Serve a WSGI application on loopback: the command line every lab 09 app shares.

Not a worked example of its own: ``tinyflaskapp.py`` and its siblings end with
``sys.exit(serving.main(app, ...))``. It parses ``--host/--port/--debug``, binds the
port (``--port 0`` asks the kernel for a free one), prints ``Listening on HOST:PORT``
once the socket is ready and serves until Ctrl-C or SIGTERM.

The server is the standard library's ``wsgiref.simple_server`` with one thread per
request: the development server of this lab. For production, hand the same ``app`` to
Gunicorn (see the README, step 8).
"""

from __future__ import annotations

import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from labkit import cli, server


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """wsgiref's server, one thread per connection (a slow client blocks no one)."""

    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    """A request handler that does not log each request to stderr (for tests)."""

    def log_message(self, format, *args) -> None:
        pass


def start(app, host: str = "127.0.0.1", port: int = 0, quiet: bool = False):
    """Bind ``host:port`` and return the server, not serving yet (tests call this)."""
    handler = QuietHandler if quiet else WSGIRequestHandler
    return make_server(host, port, app, server_class=ThreadingWSGIServer, handler_class=handler)


def parse_args(argv, description: str, default_port: int, debug: bool = True):
    parser = cli.ArgumentParser(description=description)
    cli.add_host_port(parser, "127.0.0.1", default_port)
    if debug:
        parser.add_argument(
            "--debug",
            action="store_true",
            help="Flask debug mode: full tracebacks; never on a server others can reach",
        )
    return parser.parse_args(argv)


def main(app, argv=None, *, description: str, default_port: int) -> int:
    """Run ``app`` from the command line; returns the exit status."""
    flask_app = hasattr(app, "config")
    args = parse_args(argv, description, default_port, debug=flask_app)
    if flask_app:
        app.debug = args.debug  # off unless asked for, whatever the module says
        if args.debug:
            print("debug mode is on: do not expose this server", file=sys.stderr, flush=True)
    try:
        httpd = start(app, args.host, args.port)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return server.serve_until_stopped(httpd)
