"""non_blocking_server.py: one thread, 50 concurrent clients, a slow client stalls no one."""

import socket
import threading
import time

import pytest

from labkit import lab_dir, testing

LAB = lab_dir("07")
nbs = testing.load_module(LAB / "non_blocking_server.py")


@pytest.fixture
def echo_server():
    """The server's loop in ONE background thread of this process."""
    server = nbs.EchoServer("127.0.0.1", 0, verbose=False)
    stop = threading.Event()
    thread = threading.Thread(target=server.serve, args=(stop.is_set, 0.05), daemon=True)
    thread.start()
    yield server
    stop.set()
    thread.join(5)
    server.shutdown()


def test_fifty_concurrent_clients_one_thread(echo_server):
    threads_before = set(threading.enumerate())  # only new threads count (not ones ending)
    start = time.monotonic()
    clients = [socket.create_connection(echo_server.address, timeout=5) for _ in range(50)]
    try:
        for i, sock in enumerate(clients):
            sock.sendall(f"message {i}\n".encode())
        for i, sock in enumerate(clients):
            expected = f"message {i}\n".encode()
            got = b""
            while len(got) < len(expected):
                got += sock.recv(100)
            assert got == expected
        assert set(threading.enumerate()) <= threads_before  # no thread per client
    finally:
        for sock in clients:
            sock.close()
    assert time.monotonic() - start < 5


def test_a_slow_client_does_not_stall_the_others(echo_server):
    slow = socket.create_connection(echo_server.address, timeout=5)
    slow.setblocking(False)
    sent = 0
    deadline = time.monotonic() + 5
    try:
        # Send without ever reading, until the kernel buffers on both sides are full.
        while time.monotonic() < deadline:
            try:
                sent += slow.send(b"x" * 65536)
            except BlockingIOError:
                time.sleep(0.05)
                try:
                    sent += slow.send(b"x" * 65536)
                except BlockingIOError:
                    break
        assert sent > 1 << 20
        start = time.monotonic()
        with socket.create_connection(echo_server.address, timeout=5) as fast:
            fast.sendall(b"ping")
            assert fast.recv(10) == b"ping"
        # Stalled behind the slow client, it would never get an answer (the 5 s timeout);
        # served at once, it takes milliseconds: 3 s leaves room for a loaded machine.
        assert time.monotonic() - start < 3
    finally:
        slow.close()


def test_eof_after_data_gets_everything_echoed(echo_server):
    with socket.create_connection(echo_server.address, timeout=5) as sock:
        payload = bytes(range(256)) * 4000
        sender = threading.Thread(
            target=lambda: (sock.sendall(payload), sock.shutdown(socket.SHUT_WR))
        )
        sender.start()
        got = b""
        while chunk := sock.recv(65536):
            got += chunk
        sender.join(5)
    assert got == payload


def test_the_script_announces_itself_and_echoes():
    with testing.start_script(LAB / "non_blocking_server.py", "--port", "0") as running:
        assert running.lines[0] == (
            f"Asynchronous socket server launched on socket: ('127.0.0.1', {running.port})"
        )
        with socket.create_connection(("127.0.0.1", running.port), timeout=5) as sock:
            sock.sendall(b"hi")
            assert sock.recv(10) == b"hi"
        running.wait_for_line(r"^127\.0\.0\.1:\d+ closed$")
        running.proc.send_signal(2)
        assert running.proc.wait(5) == 0
