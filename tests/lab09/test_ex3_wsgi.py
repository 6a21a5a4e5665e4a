"""Exercise 3: a raw WSGI application, validated and served on port 0."""

from __future__ import annotations

import warnings
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import WSGIWarning, validator

import pytest


@pytest.fixture
def app(exercise):
    return exercise.load("wsgi_app.py").app


def call(app, method="GET", path="/", query=""):
    environ = {"REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": path}
    environ["QUERY_STRING"] = query
    setup_testing_defaults(environ)
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen.update(status=status, headers=headers)

    with warnings.catch_warnings():
        warnings.simplefilter("error", WSGIWarning)
        result = validator(app)(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            result.close()
    return seen["status"], dict(seen["headers"]), body


@pytest.mark.points(2)
def test_validator_accepts_every_route(app):
    for method, path in [("GET", "/"), ("GET", "/hello"), ("GET", "/nope"), ("POST", "/")]:
        status, headers, body = call(app, method, path)
        assert int(headers["Content-Length"]) == len(body), (method, path)


@pytest.mark.points(1)
def test_hello_escapes_the_name(app):
    status, headers, body = call(app, path="/hello", query="name=%3Cscript%3Ex%3C%2Fscript%3E")
    assert status == "200 OK"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == b"<p>Hello, &lt;script&gt;x&lt;/script&gt;!</p>\n"
    assert call(app, path="/hello")[2] == b"<p>Hello, world!</p>\n"


@pytest.mark.points(2)
def test_real_server_200_and_404(app, serve, http):
    base = serve(app)
    root = http.get(base + "/", timeout=5)
    assert root.status_code == 200
    assert root.content == b"Hello, WSGI!\n"
    assert root.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert root.headers["Content-Length"] == "13"
    hello = http.get(base + "/hello", params={"name": "Zoë"}, timeout=5)
    assert hello.content == "<p>Hello, Zoë!</p>\n".encode()
    assert hello.headers["Content-Length"] == str(len(hello.content))
    missing = http.get(base + "/missing", timeout=5)
    assert missing.status_code == 404
    assert missing.content == b"Not Found\n" and missing.headers["Content-Length"] == "10"


@pytest.mark.points(1)
def test_real_server_405(app, serve, http):
    response = http.post(serve(app) + "/", data="x", timeout=5)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"
    assert response.content == b"Method Not Allowed\n"
