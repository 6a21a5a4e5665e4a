"""toy_socket_server.py and toy_socket_client.py: doc 000's socket pair."""

import socket
import time

from labkit import testing

from .fixtures_streams import LAB

SERVER = LAB / "toy_socket_server.py"
CLIENT = LAB / "toy_socket_client.py"

client = testing.load_module(CLIENT)
toy_server = testing.load_module(SERVER)


def test_help():
    for script in (SERVER, CLIENT):
        result = testing.run_script(script, "--help")
        assert result.returncode == 0, result.stderr
        assert "--port" in result.stdout and "--timeout" in result.stdout


def test_client_and_server_exchange_one_message():
    with testing.start_script(SERVER, "--port", "0", "--once") as server:
        assert server.host == "127.0.0.1"
        result = testing.run_script(CLIENT, "hello, server", "--port", str(server.port))
        assert result.returncode == 0, result.stderr
        assert result.stdout == "Thank you for connecting; you sent 13 bytes\n"
        assert result.stderr == ""
        server.wait_for_line(r"^Received: 'hello, server'$")
        assert server.proc.wait(5) == 0  # --once: it stops after the client
    assert any(line.startswith("Connection from 127.0.0.1:") for line in server.lines)


def test_the_server_keeps_serving_without_once():
    with testing.start_script(SERVER, "--port", "0") as server:
        for text in ("one", "two", "three"):
            assert client.exchange("127.0.0.1", server.port, text, 5) == toy_server.reply_for(text)
        server.wait_for_line(r"^Received: 'three'$")
        assert server.proc.poll() is None
        assert server.stop() == 0


def test_a_client_that_never_finishes_is_dropped_and_the_server_goes_on():
    with testing.start_script(SERVER, "--port", "0", "--timeout", "0.5") as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as silent:
            silent.sendall(b"no end")  # and never shut down the sending side
            server.wait_for_line(r"failed: timed out", timeout=5)
            assert silent.recv(100) == b""  # the server closed the connection
        assert client.exchange("127.0.0.1", server.port, "next", 5) == toy_server.reply_for("next")


def test_non_ascii_text_is_counted_in_bytes():
    assert toy_server.reply_for("é") == "Thank you for connecting; you sent 2 bytes\n"


def test_a_refused_connection_is_one_line():
    port = testing.closed_port()
    result = testing.run_script(CLIENT, "hi", "--port", str(port))
    line = testing.assert_one_line_error(result, 1)
    assert (
        line == f"toy_socket_client.py: error: cannot talk to 127.0.0.1:{port}: connection refused"
    )


def test_a_silent_server_times_out_in_one_line():
    with testing.silent_server() as port:
        start = time.monotonic()
        result = testing.run_script(CLIENT, "hi", "--port", str(port), "--timeout", "0.5")
        assert time.monotonic() - start < 10
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_bad_arguments_are_usage_errors():
    for script in (SERVER, CLIENT):
        result = testing.run_script(script, "--port", "x")
        assert "not a port number" in testing.assert_one_line_error(result, 2)


def test_a_port_in_use_is_one_line():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        result = testing.run_script(SERVER, "--port", str(taken.getsockname()[1]))
    assert "cannot listen" in testing.assert_one_line_error(result, 1)
