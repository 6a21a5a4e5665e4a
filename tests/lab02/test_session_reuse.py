"""session_reuse.py: doc 001's sessions, connections counted by the stream server."""

import pytest

from labkit import testing

from .fixtures_streams import LAB

SCRIPT = LAB / "session_reuse.py"

reuse = testing.load_module(SCRIPT)


def test_the_script_prints_the_counts_cookies_and_auth(stream_server):
    result = testing.run_script(SCRIPT, "--base-url", stream_server.url)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "3 x requests.get                         -> 3 connections",
        "3 x Session.get                          -> 1 connection",
        "3 x Session.get(stream=True), unread     -> 3 connections",
        "session cookies: 2 (flavour, size)",
        "Cookie header the server saw: flavour=oatmeal; size=large",
        "Authorization header the server saw: Basic Q29yeTpMT0xOTw==",
    ]


def test_the_server_logged_the_session_auth_on_every_request(stream_server):
    reuse.cookies_and_auth(stream_server.url, 5)
    assert [r.path for r in stream_server.log] == [
        "/cookies/set?flavour=oatmeal&size=large",
        "/headers",
    ]
    for record in stream_server.log:
        assert record.headers["Authorization"] == "Basic Q29yeTpMT0xOTw=="
    assert "Cookie" not in stream_server.log[0].headers
    assert stream_server.log[1].headers["Cookie"] == "flavour=oatmeal; size=large"


@pytest.mark.parametrize(
    "action,expected",
    [("plain_gets", 5), ("session_gets", 1), ("unconsumed_streams", 5)],
)
def test_connections_used(stream_server, action, expected):
    url = f"{stream_server.url}/hello"
    used = reuse.connections_used(
        stream_server.url, lambda: getattr(reuse, action)(url, 5, 5), timeout=5
    )
    assert used == expected
    assert len(stream_server.requests_to("/hello")) == 5
    # The server's own count agrees: the two /connections queries took one each.
    assert stream_server.connection_count() == expected + 2


def test_requests_option(stream_server):
    result = testing.run_script(SCRIPT, "--base-url", stream_server.url, "--requests", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].endswith("-> 2 connections")


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    assert "--requests" in result.stdout


def test_a_refused_connection_is_one_line():
    base = f"http://127.0.0.1:{testing.closed_port()}"
    line = testing.assert_one_line_error(testing.run_script(SCRIPT, "--base-url", base), 1)
    assert line == f"session_reuse.py: error: cannot talk to {base}: connection refused"


def test_a_silent_server_is_a_timeout():
    with testing.silent_server() as port:
        args = ["--base-url", f"http://127.0.0.1:{port}", "--timeout", "0.5"]
        result = testing.run_script(SCRIPT, *args)
    assert "timed out" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize(
    "args", [["--requests", "0"], ["--requests", "x"], ["--base-url", "127.0.0.1:8003"]]
)
def test_bad_arguments_are_usage_errors(args):
    testing.assert_one_line_error(testing.run_script(SCRIPT, *args), 2)
