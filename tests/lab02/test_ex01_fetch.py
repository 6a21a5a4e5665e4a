"""Exercise 1: fetch.py URL prints status, headers and the decoded body; exit 0, 1 or 2."""

import pytest

from labkit import testing

PAGE_TEXT = "Python \N{EN DASH} café, naïve, “quotes”, and an ellipsis…"


def fetch(exercise, url, *args):
    return testing.run_script(exercise.path("fetch.py"), url, *args, timeout=30)


def split(stdout: str) -> tuple[str, list[str], str]:
    """Status line, header lines, body."""
    head, sep, body = stdout.partition("\n\n")
    assert sep, f"no empty line between the headers and the body:\n{stdout}"
    status, *headers = head.split("\n")
    return status, headers, body


def assert_no_traceback(result):
    assert "Traceback" not in result.stderr, result.stderr


@pytest.mark.points(1)
def test_utf8_page(exercise, web):
    result = fetch(exercise, f"{web.url}/python/utf8")
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    status, _headers, body = split(result.stdout)
    assert status == "200 OK"
    assert PAGE_TEXT in body
    assert body.startswith("<!DOCTYPE html>")
    assert len(web.requests_to("/python/utf8")) == 1


@pytest.mark.points(1)
def test_headers_in_order(exercise, web):
    result = fetch(exercise, f"{web.url}/python/utf8")
    assert_no_traceback(result)
    _status, headers, _body = split(result.stdout)
    assert "Content-Type: text/html; charset=utf-8" in headers
    assert "Server: lab_web (Werkzeug)" in headers
    assert any(line.startswith("Content-Length: ") for line in headers)
    names = [line.split(":", 1)[0] for line in headers]
    assert names.index("Date") < names.index("Content-Type") < names.index("Content-Length")


@pytest.mark.points(1)
def test_charset_fallback(exercise, web):
    for path in ("/python/wrong-charset", "/python/no-charset"):
        result = fetch(exercise, web.url + path)
        assert_no_traceback(result)
        assert result.returncode == 0, (path, result.stderr)
        status, _headers, body = split(result.stdout)
        assert status == "200 OK"
        assert PAGE_TEXT in body, path  # the UTF-8 bytes, decoded as UTF-8 despite the header


@pytest.mark.points(1)
def test_http_errors_print_and_exit_1(exercise, web):
    for code, reason in ((404, "NOT FOUND"), (500, "INTERNAL SERVER ERROR")):
        result = fetch(exercise, f"{web.url}/status/{code}")
        assert_no_traceback(result)
        assert result.returncode == 1, (code, result.returncode, result.stderr)
        status, headers, body = split(result.stdout)
        assert status == f"{code} {reason}"
        assert "Content-Type: text/plain" in headers
        assert body.strip() == f"status {code}"


@pytest.mark.points(1)
def test_network_errors_exit_2(exercise, closed_port, silent_port):
    for url, words in (
        (f"http://127.0.0.1:{closed_port}/", "refused"),
        (f"http://127.0.0.1:{silent_port}/", "timed out"),
    ):
        result = fetch(exercise, url, "--timeout", "0.5")
        line = testing.assert_one_line_error(result, 2)
        assert words in line.lower(), line
        assert result.stdout == ""
