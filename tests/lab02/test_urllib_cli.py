"""What every urllib script of lab 02 (C2-1 … C2-9) does on the command line.

--help, a bad --base-url or --timeout (exit 2), and the network failures that must be
one line on stderr with exit status 1: refused, connect timeout, read timeout, an HTTP
error status.
"""

import pytest

from labkit import testing

from .conftest import LAB

SCRIPTS = [
    "urlopen_basics.py",
    "http_errors.py",
    "show_headers.py",
    "accept_language.py",
    "compression.py",
    "charset_decode.py",
    "user_agent.py",
    "cookies_urllib.py",
    "redirects.py",
]
TIMEOUT = "0.5"


@pytest.mark.parametrize("script", SCRIPTS)
def test_help(script):
    result = testing.run_script(LAB / script, "--help")
    assert result.returncode == 0, result.stderr
    assert "--base-url" in result.stdout and "--timeout" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    "base_url", ["ftp://127.0.0.1/", "127.0.0.1:8002", "http://127.0.0.1:99999", "http://"]
)
def test_bad_base_url_is_a_usage_error(script, base_url):
    result = testing.run_script(LAB / script, "--base-url", base_url)
    line = testing.assert_one_line_error(result, 2)
    assert "URL" in line or "port" in line


@pytest.mark.parametrize("script", SCRIPTS)
def test_bad_timeout_is_a_usage_error(script):
    result = testing.run_script(LAB / script, "--timeout", "0")
    assert "timeout" in testing.assert_one_line_error(result, 2)


@pytest.mark.parametrize("script", SCRIPTS)
def test_connection_refused(script, closed_port):
    result = testing.run_script(LAB / script, "--base-url", f"http://127.0.0.1:{closed_port}")
    line = testing.assert_one_line_error(result, 1)
    assert "refused" in line
    assert "lab_web.py" in line  # the hint: start the server


@pytest.mark.parametrize("script", SCRIPTS)
def test_connect_timeout(script, backlog_full_port):
    url = f"http://127.0.0.1:{backlog_full_port}"
    result = testing.run_script(LAB / script, "--base-url", url, "--timeout", TIMEOUT)
    assert "timed out" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize("script", SCRIPTS)
def test_read_timeout(script, silent_port):
    url = f"http://127.0.0.1:{silent_port}"
    result = testing.run_script(LAB / script, "--base-url", url, "--timeout", TIMEOUT)
    assert "timed out" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize("script", [s for s in SCRIPTS if s != "http_errors.py"])
def test_not_found(script, web):
    # Every route the scripts use lives under the base URL: below /nowhere, they 404.
    result = testing.run_script(LAB / script, "--base-url", f"{web.url}/nowhere")
    line = testing.assert_one_line_error(result, 1)
    assert "404" in line
    assert "ResourceWarning" not in result.stderr


@pytest.mark.parametrize("script", [s for s in SCRIPTS if s != "http_errors.py"])
def test_server_error(script, odd_server):
    result = testing.run_script(
        LAB / script,
        "--base-url",
        f"{odd_server}/error",
        env={"PYTHONWARNINGS": "always::ResourceWarning"},
    )
    line = testing.assert_one_line_error(result, 1)
    assert "500" in line
