"""The echo server and client (1.1, 1.2) and the multithreaded echo server (1.3)."""

import socket
import threading

import pytest

from labkit.testing import assert_one_line_error, closed_port, run_script, start_script
from tincanchat import format_line, prep_msg, recv_msg, send_msg

from .conftest import LAB, TIMEOUT


@pytest.fixture
def uni():
    with start_script(LAB / "echo_server_uni.py", "--port", "0") as server:
        yield server


@pytest.fixture
def multi():
    with start_script(LAB / "echo_server_multi.py", "--port", "0") as server:
        yield server


def exchange(port: int, msg: str) -> tuple[str, tuple]:
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        send_msg(sock, msg)
        return recv_msg(sock), sock.getsockname()


def test_uni_echoes_exactly_and_logs(uni):
    reply, addr = exchange(uni.port, "héllo, wörld")
    assert reply == "héllo, wörld"
    uni.wait_for_line(rf"^\('127\.0\.0\.1', {addr[1]}\): héllo, wörld$", TIMEOUT)
    uni.wait_for_line(rf"^Closed connection to \('127\.0\.0\.1', {addr[1]}\)$", TIMEOUT)


def test_uni_echoes_the_empty_message(uni):
    assert exchange(uni.port, "")[0] == ""


def test_uni_is_sequential(uni):
    with socket.create_connection(("127.0.0.1", uni.port), timeout=TIMEOUT) as silent:
        with socket.create_connection(("127.0.0.1", uni.port), timeout=1) as bob:
            send_msg(bob, "anyone?")
            with pytest.raises(TimeoutError):
                recv_msg(bob)  # the server is stuck in silent's recv
            send_msg(silent, "me first")
            assert recv_msg(silent) == "me first"
            bob.settimeout(TIMEOUT)
            assert recv_msg(bob) == "anyone?"  # now it is bob's turn


def test_uni_survives_bad_clients(uni):
    for data in (b"caf\xe9\0", b"half a message"):
        with socket.create_connection(("127.0.0.1", uni.port), timeout=TIMEOUT) as sock:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
            assert sock.recv(100) == b""  # closed without an answer
    uni.wait_for_line(r"^Socket error with .*: 'utf-8' codec", TIMEOUT)
    uni.wait_for_line(r"^Socket error with .*middle of a message", TIMEOUT)
    assert exchange(uni.port, "still here")[0] == "still here"


def test_uni_gives_a_silent_client_only_timeout_seconds():
    with start_script(LAB / "echo_server_uni.py", "--port", "0", "--timeout", "0.5") as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT):
            server.wait_for_line(r"^Socket error with .*: timed out$", TIMEOUT)


def test_multi_echoes_with_the_address_to_50_concurrent_clients(multi):
    results, errors = {}, []

    def client(n: int) -> None:
        try:
            reply, addr = exchange(multi.port, f"message {n}")
            results[n] = (reply, addr)
        except OSError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2)
    assert not errors and len(results) == 50
    for n, (reply, addr) in results.items():
        assert reply == format_line(addr, f"message {n}")  # its own port, not another's


def test_multi_a_silent_client_does_not_block_the_others(multi):
    with socket.create_connection(("127.0.0.1", multi.port), timeout=TIMEOUT):
        reply, addr = exchange(multi.port, "not blocked")
        assert reply == format_line(addr, "not blocked")


def test_client_sends_prints_and_quits():
    with start_script(LAB / "echo_server_uni.py", "--port", "0") as server:
        result = run_script(
            LAB / "echo_client_uni.py", "--port", str(server.port), input="hello\nq\n"
        )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"Connected to 127.0.0.1:{server.port}" in lines
    assert "Type message, enter to send, 'q' to quit" in lines
    assert "Sent message: hello" in lines and "Received echo: hello" in lines
    assert lines.count("Closed connection to server") == 2  # one per connection
    assert result.stderr == ""


def test_client_quits_at_end_of_input_without_a_traceback():
    with start_script(LAB / "echo_server_multi.py", "--port", "0") as server:
        result = run_script(LAB / "echo_client_uni.py", "--port", str(server.port), input="hi\n")
    assert result.returncode == 0 and result.stderr == ""
    assert "Received echo: ('127.0.0.1', " in result.stdout


def test_client_without_a_server_says_socket_error():
    result = run_script(LAB / "echo_client_uni.py", "--port", str(closed_port()), input="q\n")
    line = assert_one_line_error(result, 1)
    assert "Socket error: connection refused" in line


def test_client_with_a_silent_server_times_out():
    from labkit.testing import silent_server

    with silent_server() as port:
        result = run_script(
            LAB / "echo_client_uni.py", "--port", str(port), "--timeout", "0.5", input="hi\n"
        )
    assert "Socket error: timed out" in assert_one_line_error(result, 1)


def test_prep_msg_is_what_the_server_expects(uni):
    with socket.create_connection(("127.0.0.1", uni.port), timeout=TIMEOUT) as sock:
        for byte in prep_msg("split"):
            sock.sendall(bytes([byte]))
        assert recv_msg(sock) == "split"
