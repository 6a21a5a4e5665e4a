"""Exercise 4: a CGI program, run as a subprocess with the CGI variables set."""

from __future__ import annotations

import subprocess
import sys

import pytest

from labkit import testing


def run_cgi(exercise, env: dict[str, str], body: bytes = b""):
    """Run the CGI script as a web server would: (status, headers, body bytes)."""
    environ = testing.script_env({"QUERY_STRING": "", "CONTENT_LENGTH": "", **env})
    result = subprocess.run(
        [sys.executable, str(exercise.path("cgi_script.py"))],
        input=body,
        capture_output=True,
        env=environ,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    head, sep, payload = result.stdout.partition(b"\r\n\r\n")
    assert sep, f"no CRLF blank line after the headers: {result.stdout!r}"
    lines = head.decode("ascii").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    status = headers.pop("Status")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(payload)
    return status, payload


@pytest.mark.points(1)
def test_get_with_a_query_string(exercise):
    status, body = run_cgi(exercise, {"REQUEST_METHOD": "GET", "QUERY_STRING": "text=hi+there"})
    assert status == "200 OK"
    assert body == b"<p>You said: hi there</p>\n"


@pytest.mark.points(2)
def test_post_reads_exactly_content_length_bytes(exercise):
    form = b"text=hello&text=more"
    env = {
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": "10",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
    }
    status, body = run_cgi(exercise, env, form + b"\nnot part of the request")
    assert (status, body) == ("200 OK", b"<p>You said: hello</p>\n")


@pytest.mark.points(1)
def test_text_is_escaped_and_utf8(exercise):
    env = {"REQUEST_METHOD": "GET", "QUERY_STRING": "text=%3Cscript%3E+%C3%A9t%C3%A9"}
    status, body = run_cgi(exercise, env)
    assert status == "200 OK"
    assert body == "<p>You said: &lt;script&gt; été</p>\n".encode()


@pytest.mark.points(1)
@pytest.mark.parametrize(
    ("env", "status"),
    [
        ({"REQUEST_METHOD": "GET"}, "400 Bad Request"),
        ({"REQUEST_METHOD": "POST", "CONTENT_LENGTH": "many"}, "400 Bad Request"),
        ({"REQUEST_METHOD": "DELETE", "QUERY_STRING": "text=x"}, "405 Method Not Allowed"),
    ],
)
def test_bad_requests(exercise, env, status):
    assert run_cgi(exercise, env)[0] == status
