"""Every script: --help, bad arguments, a busy port, SIGTERM, the chat client's errors."""

import signal
import socket
import time

import pytest

from labkit.testing import assert_one_line_error, closed_port, run_script, start_script

from .conftest import LAB, SERVERS

SCRIPTS = sorted(path.name for path in LAB.glob("*.py"))
SERVER_SCRIPTS = ["echo_server_uni.py", "echo_server_multi.py", *(p.name for p in SERVERS.values())]


def test_the_lab_has_its_scripts():
    assert set(SERVER_SCRIPTS) | {"echo_client_uni.py", "chat_client_multithread.py"} <= set(
        SCRIPTS
    )


@pytest.mark.parametrize("script", SCRIPTS)
def test_help(script):
    result = run_script(LAB / script, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout and result.stderr == ""


@pytest.mark.parametrize("script", SCRIPTS)
def test_bad_argument_is_one_line_exit_2(script):
    result = run_script(LAB / script, "--port", "70000")
    assert "70000" in assert_one_line_error(result, 2)


@pytest.mark.parametrize("script", SERVER_SCRIPTS)
def test_busy_port_is_one_line_exit_1(script):
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = run_script(LAB / script, "--port", str(port))
    assert "cannot listen on" in assert_one_line_error(result, 1)


@pytest.mark.parametrize("script", SERVER_SCRIPTS)
def test_sigterm_stops_cleanly(script):
    with start_script(LAB / script, "--port", "0") as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5):
            # Signal a server that waits on a client, the usual case. (A signal landing
            # between CPython's last check and the start of a blocking call is only
            # handled when that call returns: a race of the interpreter, not the server.)
            time.sleep(0.3)
            server.proc.send_signal(signal.SIGTERM)
            status = server.proc.wait(15)  # generous: the machine may be busy
        stderr = server.stderr_text()
    assert status == 0, stderr
    assert stderr == "", stderr  # no traceback, and no eventlet deprecation banner


@pytest.mark.parametrize("script", [p.name for p in SERVERS.values()])
def test_chat_servers_refuse_a_zero_limit(script):
    result = run_script(LAB / script, "--max-queue", "0")
    assert "--max-queue" in assert_one_line_error(result, 2)


def test_chat_client_refused_is_one_line_exit_1():
    result = run_script(LAB / "chat_client_multithread.py", "--port", str(closed_port()))
    line = assert_one_line_error(result, 1)
    assert "connection refused (is the chat server running?)" in line


def test_chat_client_end_of_input_gets_the_echo_then_exits(start_chat_server):
    chat = start_chat_server(SERVERS["selectors"])
    result = run_script(
        LAB / "chat_client_multithread.py", "--port", str(chat.port), input="hello\n", timeout=10
    )
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"Connected to 127.0.0.1:{chat.port}"
    assert lines[2].endswith("): hello") and lines[3] == "Connection to server closed"
