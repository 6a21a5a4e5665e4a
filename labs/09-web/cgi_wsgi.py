"""Any WSGI application as a CGI program: ``wsgiref.handlers.CGIHandler``.

Book: chapter 9, "CGI" and "WSGI".

WSGI's ``environ`` was modelled on the CGI environment, so the bridge is short:
:class:`wsgiref.handlers.CGIHandler` builds ``environ`` from ``os.environ`` and stdin,
calls the application, and writes its status and headers (as ``Status:``) and body to
stdout. Here it runs ``wsgi_app.app``, so the same application can be served by
wsgiref, by Gunicorn or, one process per request, by a CGI-capable web server::

    REQUEST_METHOD=GET PATH_INFO=/functions/len python cgi_wsgi.py
"""

from __future__ import annotations

import os
import sys
from wsgiref.handlers import CGIHandler

from wsgi_app import app

from labkit import cli


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Run wsgi_app.app as a CGI program.")
    parser.parse_args(argv)
    if "REQUEST_METHOD" not in os.environ:
        return cli.error(
            "REQUEST_METHOD is not set: e.g. REQUEST_METHOD=GET PATH_INFO=/ python cgi_wsgi.py",
            cli.USAGE,
        )
    CGIHandler().run(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
