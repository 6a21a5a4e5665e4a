"""trace_requests.py: the requests -> urllib3 -> http.client stack at connect()."""

import socket

import pytest

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "trace_requests.py"
trace_requests = testing.load_module(SCRIPT)


def run(*args, **kwargs):
    return testing.run_script(SCRIPT, *args, **kwargs)


def names(frames):
    return [name for _module, name, _line in frames]


def in_order(wanted, seen):
    position = 0
    for name in seen:
        if position < len(wanted) and name == wanted[position]:
            position += 1
    return position == len(wanted)


def test_help():
    result = run("--help")
    assert result.returncode == 0 and "--cafile" in result.stdout


def test_the_stack_goes_from_requests_to_http_client(web):
    response, frames = trace_requests.trace(f"{web.url}/status/200", 5)
    assert response.status_code == 200
    chain = [
        "Session.request",
        "Session.send",
        "HTTPAdapter.send",
        "HTTPConnectionPool.urlopen",
        "HTTPConnection.send",  # http.client sends the request line and opens the socket
        "create_connection",
    ]
    assert in_order(chain, names(frames)), names(frames)
    modules = {module for module, _name, _line in frames}
    assert {"requests.sessions", "requests.adapters", "urllib3.connectionpool"} <= modules
    assert "http.client" in modules
    assert "PreparedRequest.prepare" not in names(frames)  # it has returned by then


def test_https_connects_in_urllib3(web):
    response, frames = trace_requests.trace(f"{web.tls_url}/status/200", 5, web.ca_path)
    assert response.status_code == 200
    assert in_order(
        ["HTTPAdapter.send", "HTTPSConnectionPool._validate_conn", "HTTPSConnection.connect"],
        names(frames),
    )


def test_connect_is_restored():
    original = socket.socket.connect
    with trace_requests.stack_at_connect():
        assert socket.socket.connect is not original
    assert socket.socket.connect is original


def test_the_script_prints_the_stack(web):
    result = run(f"{web.url}/status/200")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"GET {web.url}/status/200 -> 200 OK"
    assert any("HTTPAdapter.send" in line for line in lines)
    assert lines[-1].strip() == "socket.socket.connect"


@pytest.mark.parametrize("problem", ["refused", "tls"])
def test_failures_are_one_line(problem, web, closed_port):
    url = f"http://127.0.0.1:{closed_port}/" if problem == "refused" else web.tls_url + "/"
    line = testing.assert_one_line_error(run(url), 1)
    assert ("connection refused" if problem == "refused" else "TLS failed") in line


def test_silent_server_times_out(silent_port):
    result = run(f"http://127.0.0.1:{silent_port}/", "--timeout", "0.5", timeout=15)
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_bad_url_is_a_usage_error():
    testing.assert_one_line_error(run("127.0.0.1:8002"), 2)
