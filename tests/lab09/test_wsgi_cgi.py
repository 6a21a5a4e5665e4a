"""The raw WSGI app (wsgiref.validate, a real server) and the two CGI programs."""

from __future__ import annotations

import builtins
import html
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import pytest
import wsgi_app

from labkit import lab_dir, testing

LAB = lab_dir("09")


def call(app, path="/", method="GET"):
    """Call a WSGI app directly: (status, headers, body)."""
    environ = {"REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": ""}
    setup_testing_defaults(environ)
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured.update(status=status, headers=headers)

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return captured["status"], dict(captured["headers"]), body


@pytest.mark.filterwarnings("error")  # a WSGIWarning from the validator fails the test
@pytest.mark.parametrize(
    ("path", "method", "status"),
    [
        ("/", "GET", "200 OK"),
        ("/functions/LEN", "GET", "200 OK"),
        ("/functions/bin", "HEAD", "200 OK"),
        ("/functions/nothing", "GET", "404 Not Found"),
        ("/", "POST", "405 Method Not Allowed"),
    ],
)
def test_wsgi_app_passes_wsgiref_validate(path, method, status):
    got, headers, body = call(validator(wsgi_app.app), path, method)
    assert got == status
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    if method == "GET":
        assert int(headers["Content-Length"]) == len(body)


def test_wsgi_app_escapes_and_lists():
    _, _, index = call(wsgi_app.app)
    assert index.decode().count("<br>") == len(wsgi_app.docstrings)
    _, _, page = call(wsgi_app.app, "/functions/bin")
    assert html.escape(builtins.bin.__doc__).encode() in page
    _, _, missing = call(wsgi_app.app, "/functions/<script>")
    assert b"&lt;script&gt;" in missing and b"<script>" not in missing


def test_wsgi_app_on_a_real_server(serve, http):
    base = serve(wsgi_app.app)
    for path in ("/", "/functions/len", "/functions/nothing"):
        response = http.get(base + path, timeout=5)
        status, headers, body = call(wsgi_app.app, path)
        assert response.status_code == int(status[:3])
        assert response.content == body
        assert response.headers["Content-Length"] == str(len(body))
    assert http.post(base + "/", timeout=5).headers["Allow"] == "GET, HEAD"


# --- CGI -----------------------------------------------------------------------------------


def run_cgi(script: str, env: dict[str, str], body: str | None = None):
    result = testing.run_script(LAB / script, input=body or "", env=env, timeout=30)
    assert result.returncode == 0, result.stderr
    # Text mode turned the CGI's CRLF line ends into "\n".
    head, sep, payload = result.stdout.partition("\n\n")
    assert sep, f"no blank line after the headers: {result.stdout!r}"
    headers = dict(line.split(": ", 1) for line in head.splitlines())
    return headers, payload


CGI_ENV = {"REQUEST_METHOD": "GET", "QUERY_STRING": "", "CONTENT_LENGTH": ""}


def test_cgi_get_with_a_query_string():
    headers, body = run_cgi("cgi_docstring.py", {**CGI_ENV, "QUERY_STRING": "name=BIN"})
    assert headers["Status"] == "200 OK"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body.encode())
    assert html.escape(builtins.bin.__doc__) in body and ">>>" not in body


def test_cgi_post_reads_stdin():
    form = "name=%3Cscript%3E"
    env = {
        **CGI_ENV,
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": str(len(form)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
    }
    headers, body = run_cgi("cgi_docstring.py", env, form)
    assert headers["Status"] == "404 Not Found"
    assert body == "<p>No builtin named &lt;script&gt;</p>\n"
    env["CONTENT_LENGTH"] = "3"  # only "nam" is read: no name at all
    assert run_cgi("cgi_docstring.py", env, form)[0]["Status"] == "404 Not Found"


@pytest.mark.parametrize(
    ("env", "status"),
    [
        ({"REQUEST_METHOD": "PUT"}, "405 Method Not Allowed"),
        ({"REQUEST_METHOD": "POST", "CONTENT_LENGTH": "lots"}, "400 Bad Request"),
    ],
)
def test_cgi_bad_requests(env, status):
    assert run_cgi("cgi_docstring.py", {**CGI_ENV, **env})[0]["Status"] == status


def test_cgi_handler_runs_the_wsgi_app():
    headers, body = run_cgi("cgi_wsgi.py", {"REQUEST_METHOD": "GET", "PATH_INFO": "/functions/len"})
    assert headers["Status"] == "200 OK"
    assert body.encode() == call(wsgi_app.app, "/functions/len")[2]
    headers, _ = run_cgi("cgi_wsgi.py", {"REQUEST_METHOD": "GET", "PATH_INFO": "/nowhere"})
    assert headers["Status"] == "404 Not Found"


@pytest.mark.parametrize("script", ["cgi_docstring.py", "cgi_wsgi.py"])
def test_cgi_outside_a_web_server_is_a_usage_error(script):
    env = testing.script_env()
    env.pop("REQUEST_METHOD", None)
    line = testing.assert_one_line_error(testing.run_script(LAB / script), 2)
    assert "REQUEST_METHOD is not set" in line
