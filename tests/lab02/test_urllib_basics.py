"""C2-1 urlopen_basics.py, C2-2 http_errors.py, C2-3 show_headers.py."""

import socket
import urllib.error

import http_errors
import pytest
import show_headers
import urlopen_basics
from lab_web import debian_page

from labkit import testing

from .conftest import LAB

DOCTYPE = (
    b'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">'
)
NEWLINE = b"\n"
WARNINGS = {"PYTHONWARNINGS": "always::ResourceWarning"}  # an unclosed response shows up


# --- C2-1 urlopen_basics.py -------------------------------------------------------------


def test_first_look_reads_a_stream(web):
    url = f"{web.url}/debian/"
    look = urlopen_basics.first_look(url, timeout=5)
    assert look.status == 200
    assert look.url == url  # urllib's .url is exactly what we asked for
    assert look.first_line == DOCTYPE + b"\n"
    assert len(look.next_50) == 50
    assert look.again == b""  # no rewind
    assert look.first_line + look.next_50 + look.rest == debian_page("en")


def test_urlopen_basics_output(web):
    result = testing.run_script(LAB / "urlopen_basics.py", "--base-url", web.url, env=WARNINGS)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"GET {web.url}/debian/"
    assert "status: 200" in lines
    assert f"url: {web.url}/debian/" in lines
    assert f"readline(): {DOCTYPE + NEWLINE!r}" in lines
    assert 'read(50): b\'<html lang="en">\\n<head>\\n' in result.stdout
    assert lines[-1].startswith("read() again: b''")
    assert [entry.path for entry in web.log] == ["/debian/"]


def test_urlopen_basics_base_url_with_trailing_slash(web):
    result = testing.run_script(LAB / "urlopen_basics.py", "--base-url", web.url + "/")
    assert result.returncode == 0, result.stderr
    assert web.log[0].path == "/debian/"


# --- C2-2 http_errors.py ----------------------------------------------------------------


def test_demo_shows_httperror_then_urlerror(web):
    result = testing.run_script(LAB / "http_errors.py", "--base-url", web.url, env=WARNINGS)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no ResourceWarning: the HTTPError was closed
    lines = result.stdout.splitlines()
    assert lines[1:4] == [
        "  status 404",
        "  reason NOT FOUND",
        f"  url {web.url}/status/404",
    ]
    assert lines[4].startswith("URLError from http://127.0.0.1:")
    assert lines[5] == "  reason ConnectionRefusedError(111, 'Connection refused')"


def test_url_that_answers_200(web):
    url = f"{web.url}/status/200"
    result = testing.run_script(LAB / "http_errors.py", url)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"200 OK for {url}\n"


@pytest.mark.parametrize(("code", "reason"), [(404, "NOT FOUND"), (500, "INTERNAL SERVER ERROR")])
def test_http_error_is_one_line(web, code, reason):
    url = f"{web.url}/status/{code}"
    result = testing.run_script(LAB / "http_errors.py", url, env=WARNINGS)
    line = testing.assert_one_line_error(result, 1)
    assert line.endswith(f"error: HTTPError: {code} {reason} for {url}")


def test_refused_is_a_urlerror(closed_port):
    result = testing.run_script(LAB / "http_errors.py", f"http://127.0.0.1:{closed_port}/")
    line = testing.assert_one_line_error(result, 1)
    assert line.endswith(
        "URLError: [Errno 111] Connection refused (reason is a ConnectionRefusedError)"
    )


def test_connect_timeout_is_a_urlerror(backlog_full_port):
    url = f"http://127.0.0.1:{backlog_full_port}/"
    result = testing.run_script(LAB / "http_errors.py", url, "--timeout", "0.5")
    line = testing.assert_one_line_error(result, 1)
    assert line.endswith("URLError: timed out (reason is a TimeoutError)")


def test_read_timeout_is_not_wrapped(silent_port):
    url = f"http://127.0.0.1:{silent_port}/"
    result = testing.run_script(LAB / "http_errors.py", url, "--timeout", "0.5")
    line = testing.assert_one_line_error(result, 1)
    assert "TimeoutError: timed out" in line and "URLError" in line  # "not wrapped in"


def test_bad_url_argument_is_a_usage_error():
    result = testing.run_script(LAB / "http_errors.py", "www.example.com/index.html")
    assert "URL" in testing.assert_one_line_error(result, 2)


def test_reasons_in_process(closed_port, backlog_full_port):
    with pytest.raises(urllib.error.URLError) as refused:
        http_errors.fetch_status(f"http://127.0.0.1:{closed_port}/", timeout=5)
    assert isinstance(refused.value.reason, ConnectionRefusedError)
    assert not isinstance(refused.value, urllib.error.HTTPError)
    with pytest.raises(urllib.error.URLError) as timed_out:
        http_errors.fetch_status(f"http://127.0.0.1:{backlog_full_port}/", timeout=0.5)
    assert isinstance(timed_out.value.reason, TimeoutError)


def test_unknown_host_is_a_urlerror(fake_dns, capsys):
    assert http_errors.main(["http://www.nowhere.invalid/"]) == 1
    err = capsys.readouterr().err
    assert "URLError:" in err and "gaierror" in err
    assert fake_dns == ["www.nowhere.invalid"]
    with pytest.raises(urllib.error.URLError) as unknown:
        http_errors.fetch_status("http://www.nowhere.invalid/", timeout=5)
    assert isinstance(unknown.value.reason, socket.gaierror)


def test_httperror_carries_the_answer(web):
    with pytest.raises(urllib.error.HTTPError) as info:
        http_errors.fetch_status(f"{web.url}/status/404", timeout=5)
    with info.value as error:
        assert (error.code, error.url) == (404, f"{web.url}/status/404")
        assert error.read() == b"status 404\n"  # an HTTPError is a response, body and all


# --- C2-3 show_headers.py ---------------------------------------------------------------


def test_request_as_sent(web):
    request_head, status_line, headers = show_headers.exchange(f"{web.url}/debian/", 5)
    lines = request_head.split("\r\n")
    assert lines[0] == "GET /debian/ HTTP/1.1"
    names = [line.split(":")[0] for line in lines[1:]]
    assert names == ["Accept-Encoding", "Host", "User-Agent", "Connection"]
    assert "Accept-Encoding: identity" in lines
    assert f"Host: 127.0.0.1:{web.port}" in lines
    assert "Connection: close" in lines
    ua = web.log[0].header("User-Agent")
    assert ua.startswith("Python-urllib/3.") and f"User-Agent: {ua}" in lines
    assert status_line == "HTTP/1.1 200 OK"
    response = dict(headers)
    assert response["Content-Type"] == "text/html"
    assert response["Server"] == "Apache"
    assert response["Content-Language"] == "en"
    assert response["Content-Location"] == "index.en.html"
    assert response["Vary"] == "negotiate,accept-language,Accept-Encoding"
    assert int(response["Content-Length"]) == len(debian_page("en"))


def test_show_headers_output(web):
    result = testing.run_script(LAB / "show_headers.py", "--base-url", web.url)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(
        "Request (as sent):\n  GET /debian/ HTTP/1.1\n  Accept-Encoding: identity\n"
    )
    assert "\nResponse:\n  HTTP/1.1 200 OK\n" in out
    assert "  Server: Apache\n" in out and "  Content-Language: en\n" in out
    assert "getheaders()" in out and "('Content-Type', 'text/html')" in out


def test_show_headers_path(web):
    result = testing.run_script(
        LAB / "show_headers.py", "--base-url", web.url, "--path", "/headers"
    )
    assert result.returncode == 0, result.stderr
    assert "  GET /headers HTTP/1.1" in result.stdout
    assert "Content-Type: application/json" in result.stdout


@pytest.mark.parametrize("path", ["debian/", "/a b", "/é"])
def test_show_headers_bad_path(path):
    result = testing.run_script(LAB / "show_headers.py", "--path", path)
    assert "--path" in testing.assert_one_line_error(result, 2)


def test_show_headers_is_http_only():
    result = testing.run_script(LAB / "show_headers.py", "--base-url", "https://127.0.0.1:8443")
    assert "http://" in testing.assert_one_line_error(result, 2)
