"""http_client_auth.py: a Basic Authorization header built by hand for http.client."""

import base64

import pytest

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "http_client_auth.py"
auth = testing.load_module(SCRIPT)


def run(*args, **kwargs):
    return testing.run_script(SCRIPT, *args, **kwargs)


def test_help():
    result = run("--help")
    assert result.returncode == 0
    assert "--user" in result.stdout and "--base-url" in result.stdout


def test_the_header_for_cory():
    assert auth.basic_authorization("Cory", "LOLNO") == "Basic Q29yeTpMT0xOTw=="


def test_non_ascii_credentials_are_utf8():
    value = auth.basic_authorization("zoë", "pa:ss wörd")
    scheme, token = value.split(" ")
    assert scheme == "Basic"
    assert base64.b64decode(token).decode("utf-8") == "zoë:pa:ss wörd"


def test_valid_credentials_get_the_page(web):
    result = run("--base-url", web.url, "--user", "Cory:LOLNO")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Authorization: Basic Q29yeTpMT0xOTw==\n200 OK\nhello Cory\n"
    [request] = web.requests_to("/auth/basic")
    assert request.header("Authorization") == "Basic Q29yeTpMT0xOTw=="


def test_over_https_with_the_lab_ca(web):
    result = run("--base-url", web.tls_url, "--user", "Cory:LOLNO", "--cafile", web.ca_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("200 OK\nhello Cory\n")
    [request] = web.requests_to("/auth/basic")
    assert request.scheme == "https"


def test_https_without_the_ca_is_refused(web):
    line = testing.assert_one_line_error(run("--base-url", web.tls_url, "--user", "Cory:LOLNO"), 1)
    assert "certificate verification failed" in line
    assert web.requests_to("/auth/basic") == []


def test_no_credentials_is_a_401(web):
    result = run("--base-url", web.url)
    line = testing.assert_one_line_error(result, 1)
    assert "401" in line
    assert result.stdout == ""
    [request] = web.requests_to("/auth/basic")
    assert request.header("Authorization") is None


def test_wrong_password_is_a_401(web):
    line = testing.assert_one_line_error(run("--base-url", web.url, "--user", "Cory:nope"), 1)
    assert "401" in line


@pytest.mark.parametrize("user", ["Cory", ":LOLNO"])
def test_user_without_a_password_is_a_usage_error(user):
    line = testing.assert_one_line_error(run("--user", user), 2)
    assert "NAME:PASSWORD" in line


def test_bad_base_url_is_a_usage_error():
    testing.assert_one_line_error(run("--base-url", "ftp://127.0.0.1/"), 2)


def test_refused(closed_port):
    line = testing.assert_one_line_error(run("--base-url", f"http://127.0.0.1:{closed_port}"), 1)
    assert "connection refused" in line


def test_silent_server_times_out(silent_port):
    result = run("--base-url", f"http://127.0.0.1:{silent_port}", "--timeout", "0.5", timeout=15)
    assert "timed out" in testing.assert_one_line_error(result, 1)
