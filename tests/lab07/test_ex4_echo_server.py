"""Exercise 4: the asyncio echo server."""

import os
import signal
import socket

import pytest

from labkit import testing

from .lab07_helpers import Worker


@pytest.fixture
def echo(exercise):
    with testing.start_script(exercise.path("echo_server.py"), "--port", "0") as running:
        yield running


@pytest.mark.points(3)
def test_fifty_clients_at_once(echo):
    clients = [socket.create_connection(("127.0.0.1", echo.port), timeout=5) for _ in range(50)]
    try:
        for i, sock in enumerate(clients):
            sock.sendall(f"client {i}\n".encode())
        for i, sock in enumerate(clients):
            expected = f"client {i}\n".encode()
            got = b""
            while len(got) < len(expected):
                chunk = sock.recv(100)
                assert chunk, "the server closed the connection"
                got += chunk
            assert got == expected
    finally:
        for sock in clients:
            sock.close()


@pytest.mark.points(1)
def test_a_megabyte_then_eof(echo):
    payload = os.urandom(1_000_000)
    with socket.create_connection(("127.0.0.1", echo.port), timeout=5) as sock:

        def send():
            sock.sendall(payload)
            sock.shutdown(socket.SHUT_WR)

        sender = Worker(send)
        sender.start()
        got = b""
        while chunk := sock.recv(65536):
            got += chunk
        sender.finish()
    assert got == payload


@pytest.mark.points(1)
def test_sigterm_exits_0(echo):
    with socket.create_connection(("127.0.0.1", echo.port), timeout=5) as sock:
        sock.sendall(b"ping")
        assert sock.recv(10) == b"ping"
        echo.proc.send_signal(signal.SIGTERM)
        assert echo.proc.wait(5) == 0
    assert "Traceback" not in echo.proc.stderr.read()
