"""Fixtures for lab 02's retry and TLS tests: a flaky server, the mTLS server, TLS servers.

conftest.py imports the fixtures, so every test of the lab can use them.
"""

from __future__ import annotations

import collections
import contextlib
import ssl
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
import trustme

from labkit import lab_dir

LAB = lab_dir("02")
if str(LAB) not in sys.path:
    sys.path.insert(0, str(LAB))

from mtls_server import MTLSServer  # noqa: E402

# --- a server that fails a given number of times, then succeeds --------------------------


class FlakyHandler(BaseHTTPRequestHandler):
    """``/flaky/KEY?fail=N``: 503 for the first N requests to KEY, then 200.

    Every request is counted per path (whatever the method), so a test can tell how
    many attempts a client made.
    """

    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        parts = urlsplit(self.path)
        fail = int(parse_qs(parts.query).get("fail", ["2"])[0])
        with self.server.lock:
            self.server.attempts[parts.path] += 1
            self.server.log.append((self.command, parts.path))
            count = self.server.attempts[parts.path]
        if count <= fail:
            status, body = 503, f"unavailable (attempt {count})\n"
        else:
            status, body = 200, f"ok after {count} attempts\n"
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer

    def log_message(self, format, *args) -> None:
        pass


class FlakyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.lock = threading.Lock()
        self.attempts: collections.Counter[str] = collections.Counter()
        self.log: list[tuple[str, str]] = []
        super().__init__(("127.0.0.1", 0), FlakyHandler)
        self.port = self.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def serving(httpd) -> Iterator:
    """Run a socketserver-style server in a thread; always shut down."""
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def flaky() -> Iterator[FlakyServer]:
    """The flaky server on 127.0.0.1, port 0: ``flaky.url + "/flaky/a?fail=2"``."""
    with serving(FlakyServer()) as httpd:
        yield httpd


# --- TLS ---------------------------------------------------------------------------------


@pytest.fixture
def mtls() -> Iterator[MTLSServer]:
    """mtls_server.py's server on port 0: ``.url``, ``.ca_path``, ``.client_cert_path``."""
    with MTLSServer() as srv:
        yield srv


class HelloHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = f"hello over {self.connection.version()}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        pass


class QuietTLSServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # refused handshakes are what some tests want


@contextlib.contextmanager
def tls_server(
    ca: trustme.CA, maximum: ssl.TLSVersion = ssl.TLSVersion.MAXIMUM_SUPPORTED
) -> Iterator[str]:
    """An HTTPS server (certificate from ``ca``) offering TLS up to ``maximum``; yields URL."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    context.maximum_version = maximum
    httpd = QuietTLSServer(("127.0.0.1", 0), HelloHandler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    with serving(httpd):
        yield f"https://127.0.0.1:{httpd.server_address[1]}/"


@pytest.fixture(scope="session")
def tls_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_ca_path(tls_ca, tmp_path) -> str:
    path = tmp_path / "ca.pem"
    tls_ca.cert_pem.write_to_path(str(path))
    return str(path)
