"""Exercise 15 (reference solution): virtual hosting, two sites on one port."""

from __future__ import annotations

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from labkit import cli, server

SITES = ("www.debian.test", "search.debian.test")

PAGES = {
    "www.debian.test": (
        "<!DOCTYPE html>\n<html><head><title>Debian on www.debian.test</title></head>\n"
        "<body><h1>Debian</h1><p>The universal operating system, served as "
        "www.debian.test.</p></body></html>\n"
    ),
    "search.debian.test": (
        "<!DOCTYPE html>\n<html><head><title>Search on search.debian.test</title></head>\n"
        '<body><form action="/cgi-bin/omega" method="get"><input name="P">'
        '<input type="submit" value="Search"></form>'
        "<p>search.debian.test</p></body></html>\n"
    ),
}


def host_name(host_header: str | None) -> str:
    """``"WWW.Debian.TEST:8080"`` -> ``"www.debian.test"`` (no port, lower case)."""
    if not host_header:
        return ""
    host = host_header.strip().lower()
    if host.startswith("["):  # an IPv6 literal: [::1]:8080
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0]


class VHostHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        page = PAGES.get(host_name(self.headers["Host"]))
        status = 200 if page else 404
        body = (page or "<!DOCTYPE html>\n<p>No such site here.</p>\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        pass


class VHostServer(ThreadingHTTPServer):
    daemon_threads = True


def make_server(port: int = 0):
    """A server on 127.0.0.1:``port`` answering by Host; returns (server, port)."""
    httpd = VHostServer(("127.0.0.1", port), VHostHandler)
    return httpd, httpd.server_address[1]


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
