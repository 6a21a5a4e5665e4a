"""Fixtures for lab 02: the lab's web app and a fake DNS (failure-case ports: tests/conftest.py)."""

import socket
import sys

import pytest

from labkit import lab_dir

LAB = lab_dir("02")
if str(LAB) not in sys.path:
    sys.path.insert(0, str(LAB))  # so tests can import the lab's scripts by name

from lab_web import LabWeb  # noqa: E402

# More fixtures, by topic; importing them here makes them visible to every test of the lab.
from .fixtures_forms import b_site  # noqa: E402, F401
from .fixtures_servers import flaky, mtls, tls_ca, tls_ca_path  # noqa: E402, F401
from .fixtures_streams import stream_server, truncating_port  # noqa: E402, F401

#: Names the fake DNS answers: anything in the reserved ``.test`` domain.
FAKE_SUFFIX = ".test"


@pytest.fixture
def web():
    """lab_web.py's app on 127.0.0.1 (HTTP and HTTPS, ports 0), stopped after the test."""
    with LabWeb(tls=True) as running:
        yield running


@pytest.fixture
def fake_dns(monkeypatch):
    """Resolve every ``*.test`` name to 127.0.0.1, in this process only.

    Numeric addresses and ``localhost`` go to the real resolver (no lookup leaves the
    machine for those); any other name fails with ``socket.gaierror`` as an unknown host
    would, so a test can never look up a public name by accident.
    Yields the list of names that were looked up.
    """
    real_getaddrinfo = socket.getaddrinfo
    looked_up: list[str] = []

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        name = host.decode() if isinstance(host, bytes) else host
        if name is None or name == "localhost" or _is_ip_address(name):
            return real_getaddrinfo(host, port, family, type, proto, flags)
        looked_up.append(name)
        if name.rstrip(".").lower().endswith(FAKE_SUFFIX):
            return real_getaddrinfo("127.0.0.1", port, socket.AF_INET, type, proto, flags)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield looked_up


def _is_ip_address(name: str) -> bool:
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            socket.inet_pton(family, name.split("%")[0])
        except OSError:
            continue
        return True
    return False


@pytest.fixture
def odd_server():
    """A server that misbehaves in ways lab_web.py never does; yields its base URL.

    Every path ends like the lab's routes, so a script pointed at ``BASE/garbage`` asks for
    ``/garbage/debian/`` and so on:

    - ``/garbage/...``: 200 with ``Content-Encoding: gzip`` and a body that is not gzip;
    - ``/truncated/...``: a gzip body cut in half;
    - ``/brotli/...``: ``Content-Encoding: br`` (urllib scripts do not decode it);
    - ``/html/...``: 200 with an HTML page where JSON is expected;
    - ``/error/...``: 500 Internal Server Error.
    """
    import gzip
    import threading

    from flask import Flask, Response
    from lab_web import QuietHandler
    from werkzeug.serving import make_server

    app = Flask("odd_server")
    page = b"<!DOCTYPE html>\n<html><head><title>odd</title></head><body></body></html>\n"

    @app.route("/<kind>/<path:rest>", methods=["GET", "HEAD", "POST"])
    def odd(kind, rest):
        if kind == "garbage":
            return Response(b"this is not gzip data", headers={"Content-Encoding": "gzip"})
        if kind == "truncated":
            body = gzip.compress(page * 20)
            return Response(body[: len(body) // 2], headers={"Content-Encoding": "gzip"})
        if kind == "brotli":
            return Response(b"\x0b\x02\x80hello\x03", headers={"Content-Encoding": "br"})
        if kind == "html":
            return Response(page, content_type="text/html")
        return Response("broken\n", status=500, content_type="text/plain")

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
