"""Exercise 1: the time server serves many clients at once."""

import re
import signal
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from labkit import testing

CTIME = re.compile(rb"\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n")


@pytest.fixture
def time_server(exercise):
    script = exercise.path("tcp_time_server.py")
    with testing.start_script(script, "--port", "0", "--client-timeout", "5") as running:
        yield running


def connect(server):
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    return sock, sock.makefile("rb")


def ask(sock, reader, message: bytes) -> bytes:
    sock.sendall(message + b"\n")
    return reader.readline()


@pytest.mark.points(2)
def test_three_messages_on_one_connection(time_server):
    sock, reader = connect(time_server)
    with sock, reader:
        for message in (b"GET TIME", b"GET TIME", b"anything"):
            assert CTIME.fullmatch(ask(sock, reader, message))


@pytest.mark.points(1)
def test_end_closes_the_connection(time_server):
    sock, reader = connect(time_server)
    with sock, reader:
        assert CTIME.fullmatch(ask(sock, reader, b"GET TIME"))
        assert ask(sock, reader, b"END") == b""


@pytest.mark.points(3)
def test_silent_clients_do_not_block_an_active_one(time_server):
    silent = [connect(time_server) for _ in range(5)]
    try:
        start = time.monotonic()
        sock, reader = connect(time_server)
        with sock, reader:
            assert CTIME.fullmatch(ask(sock, reader, b"GET TIME"))
        # A server busy with a silent client waits out its --client-timeout (5 s) first.
        assert time.monotonic() - start < 3, "the active client waited for the silent ones"
    finally:
        for sock, reader in silent:
            reader.close()
            sock.close()


@pytest.mark.points(2)
def test_twenty_clients_at_once(time_server):
    def conversation(_):
        sock, reader = connect(time_server)
        with sock, reader:
            replies = [ask(sock, reader, b"GET TIME") for _ in range(3)]
            ask(sock, reader, b"END")
        return all(CTIME.fullmatch(reply) for reply in replies)

    with ThreadPoolExecutor(20) as pool:
        assert all(pool.map(conversation, range(20)))


@pytest.mark.points(1)
def test_a_client_leaving_mid_line_does_not_stop_the_server(time_server):
    sock = socket.create_connection(("127.0.0.1", time_server.port), timeout=5)
    sock.sendall(b"GET TI")
    sock.close()
    time.sleep(0.2)
    sock, reader = connect(time_server)
    with sock, reader:
        assert CTIME.fullmatch(ask(sock, reader, b"GET TIME"))


@pytest.mark.points(1)
def test_sigint_with_clients_connected_exits_0(time_server):
    sock, reader = connect(time_server)
    with sock, reader:
        assert CTIME.fullmatch(ask(sock, reader, b"GET TIME"))
        time_server.proc.send_signal(signal.SIGINT)
        assert time_server.proc.wait(5) == 0
    assert "Traceback" not in time_server.proc.stderr.read()
