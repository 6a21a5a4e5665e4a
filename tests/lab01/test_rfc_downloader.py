"""rfc_downloader.py: the urllib RFC downloader, run as a student runs it."""

import re
import subprocess
import sys

import pytest

from labkit import lab_dir, testing

LAB = lab_dir("01")
SCRIPT = LAB / "rfc_downloader.py"
MESSAGE = "Must supply an RFC number as first argument"

downloader = testing.load_module(SCRIPT)


def run(*args, **kwargs):
    return testing.run_script(SCRIPT, *args, **kwargs)


def assert_usage_error(result, fragment):
    """A usage error: exit 2 and one ``prog: error:`` line, no usage text, no traceback."""
    assert result.stdout == ""
    line = testing.assert_one_line_error(result, 2)
    assert line.startswith("rfc_downloader.py: error: ") and fragment in line, line


def test_no_argument_is_a_usage_error():
    assert_usage_error(run(), MESSAGE)


@pytest.mark.parametrize("argument", ["abc", "12x", "2.5", "-3"])
def test_a_non_integer_is_a_usage_error(argument):
    assert_usage_error(run(argument), MESSAGE)


def test_a_base_url_that_is_not_http_is_a_usage_error():
    assert_usage_error(
        run("2324", "--base-url", "ftp://127.0.0.1/rfc/"), "expected an http:// or https:// URL"
    )


def test_prints_the_rfc_text_and_a_newline(mirror, rfc2324):
    result = run("2324", "--base-url", mirror.base_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout == rfc2324 + "\n"
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Network Working Group") and lines[0].endswith("L. Masinter")
    assert lines[1].startswith("Request for Comments: 2324")
    assert lines[1].endswith("1 April 1998")
    assert lines[2] == "Category: Informational"


def test_the_mirror_saw_one_urllib_request(mirror):
    assert run("2324", "--base-url", mirror.base_url).returncode == 0
    assert mirror.log.connections == 1
    [request] = mirror.log.requests
    assert (request.method, request.path, request.version) == (
        "GET",
        "/rfc/rfc2324.txt",
        "HTTP/1.1",
    )
    assert request.headers["Accept-Encoding"] == "identity"
    assert request.headers["Connection"] == "close"
    assert re.fullmatch(r"Python-urllib/3\.\d+", request.headers["User-Agent"])
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert request.raw == (
        b"GET /rfc/rfc2324.txt HTTP/1.1\r\nAccept-Encoding: identity\r\n"
        b"Host: 127.0.0.1:%d\r\nUser-Agent: Python-urllib/%s\r\nConnection: close\r\n\r\n"
        % (mirror.port, version.encode())
    )


def test_the_base_url_comes_from_the_environment(mirror, rfc2324):
    result = run("2324", env={"RFC_BASE_URL": mirror.base_url})
    assert result.returncode == 0, result.stderr
    assert result.stdout == rfc2324 + "\n"


def test_proxy_settings_are_ignored(mirror, rfc2324, closed_port):
    proxy = f"http://127.0.0.1:{closed_port}"
    env = {"http_proxy": proxy, "HTTP_PROXY": proxy, "NO_PROXY": "", "no_proxy": ""}
    result = run("2324", "--base-url", mirror.base_url, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == rfc2324 + "\n"


@pytest.mark.parametrize("mode", ["chunked", "close"])
def test_every_mirror_mode_gives_the_same_text(start_mirror, rfc2324, mode):
    mirror = start_mirror(mode=mode, chunk_size=1000, chunk_extensions=True, trailers=True)
    result = run("2324", "--base-url", mirror.base_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout == rfc2324 + "\n"


def test_rfc0_is_a_one_line_404_error(mirror):
    result = run("0", "--base-url", mirror.base_url)
    line = testing.assert_one_line_error(result, 1)
    assert line == f"rfc_downloader.py: error: HTTP 404 Not Found for {mirror.base_url}rfc0.txt"
    assert result.stdout == ""


def test_a_refused_connection_is_one_line(closed_port):
    result = run("2324", "--base-url", f"http://127.0.0.1:{closed_port}/rfc/")
    line = testing.assert_one_line_error(result, 1)
    assert "connection refused" in line


def test_a_connect_timeout_is_one_line(backlog_full_port):
    url = f"http://127.0.0.1:{backlog_full_port}/rfc/"
    result = run("2324", "--base-url", url, "--timeout", "0.5", timeout=10)
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_a_read_timeout_is_one_line(silent_port):
    url = f"http://127.0.0.1:{silent_port}/rfc/"
    result = run("2324", "--base-url", url, "--timeout", "0.5", timeout=10)
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_piping_into_head_is_not_an_error(mirror):
    # RFC 9293's copy is 200 KB, more than a pipe holds: head exits while we still write.
    command = f'"{sys.executable}" "{SCRIPT}" 9293 --base-url {mirror.base_url} | head -n 3'
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        timeout=30,
        env=testing.script_env(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 3
    assert result.stdout.startswith("Network Working Group")


def test_rfc_url():
    assert downloader.rfc_url("http://127.0.0.1:8001/rfc/", 2324) == (
        "http://127.0.0.1:8001/rfc/rfc2324.txt"
    )
    assert downloader.rfc_url("http://www.lab.test/rfc", 791) == (
        "http://www.lab.test/rfc/rfc791.txt"
    )


def test_download_in_process(mirror, rfc2324):
    assert downloader.download(mirror.base_url + "rfc2324.txt", timeout=5) == rfc2324
