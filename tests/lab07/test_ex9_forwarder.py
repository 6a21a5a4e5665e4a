"""Exercise 9: a one-thread TCP forwarder (selectors) that passes half-closes on."""

import os
import socket
import struct
import threading
import time

import pytest

from labkit import testing

from .lab07_helpers import Worker, check, round_trip


@pytest.fixture
def run_forwarder(exercise):
    """Start the exercise's Forwarder in one background thread: returns its port."""
    module = exercise.load("forwarder.py")
    started = []

    def start(target_port):
        forwarder = module.Forwarder("127.0.0.1", 0, ("127.0.0.1", target_port), 5.0)
        stop = threading.Event()
        thread = Worker(forwarder.serve, stop.is_set, 0.05)
        thread.start()
        started.append((forwarder, stop, thread))
        return forwarder.address[1]

    yield start
    for forwarder, stop, thread in started:
        stop.set()
        thread.join(5)
        forwarder.close()


class Greeter:
    """A target that speaks first and half-closes at once, then reads until EOF."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(10)
        self.port = self.listener.getsockname()[1]
        self.received = b""
        self.thread = Worker(self.serve)
        self.thread.start()

    def serve(self):
        conn, _ = self.listener.accept()
        with conn:
            conn.settimeout(10)
            conn.sendall(b"hello, then EOF from the server\n")
            conn.shutdown(socket.SHUT_WR)
            while chunk := conn.recv(65536):
                self.received += chunk

    def close(self):
        self.listener.close()


@pytest.mark.points(2)
def test_client_half_close_still_gets_the_reply(run_forwarder, target):
    port = run_forwarder(target.port)
    check(round_trip(port, b"hello"), b"hello")
    check(round_trip(port, b""), b"")


@pytest.mark.points(1)
def test_one_mebibyte_each_way(run_forwarder, target):
    port = run_forwarder(target.port)
    payload = os.urandom(1 << 20)
    check(round_trip(port, payload), payload)


@pytest.mark.points(2)
def test_ten_concurrent_clients_in_one_thread(run_forwarder, target):
    port = run_forwarder(target.port)
    threads_before = set(threading.enumerate())
    payloads = [os.urandom(200_000 + i) for i in range(10)]
    socks = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in payloads]
    try:
        for sock, payload in zip(socks, payloads, strict=True):
            sock.sendall(payload[:1000])  # ten connections open and relaying at once
        # The target serves each connection in a thread of its own (all ten still reading,
        # as no EOF was sent); the forwarder adds none. Threads of earlier tests that end
        # meanwhile do not count: only new threads are compared.
        testing.wait_until(lambda: len(target.handlers) == len(socks), timeout=10)
        new_threads = set(threading.enumerate()) - threads_before - set(target.handlers)
        assert not new_threads, f"the forwarder started threads: {new_threads}"
        for sock, payload in zip(socks, payloads, strict=True):
            sock.sendall(payload[1000:])
            sock.shutdown(socket.SHUT_WR)
        for sock, payload in zip(socks, payloads, strict=True):
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
            check(reply, payload)
    finally:
        for sock in socks:
            sock.close()


@pytest.mark.points(1)
def test_server_half_close_reaches_the_client(run_forwarder):
    greeter = Greeter()
    try:
        port = run_forwarder(greeter.port)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            greeting = b""
            while chunk := sock.recv(65536):  # EOF from the server, passed on
                greeting += chunk
            assert greeting == b"hello, then EOF from the server\n"
            sock.sendall(b"the client still talks")  # the other direction stays open
            sock.shutdown(socket.SHUT_WR)
            assert sock.recv(100) == b""
        greeter.thread.finish(10)
    finally:
        greeter.close()
    assert greeter.received == b"the client still talks"


@pytest.mark.points(1)
def test_a_reset_client_does_not_stop_the_loop(run_forwarder, target):
    port = run_forwarder(target.port)
    rude = socket.create_connection(("127.0.0.1", port), timeout=10)
    rude.sendall(b"x" * 10_000)
    rude.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    rude.close()  # with a zero linger time: a reset instead of a FIN
    time.sleep(0.2)
    check(round_trip(port, b"still relaying"), b"still relaying")


@pytest.mark.points(1)
def test_the_command_line(exercise, target):
    script = exercise.path("forwarder.py")
    args = ["--port", "0", "--target-port", str(target.port)]
    with testing.start_script(script, *args) as running:
        check(round_trip(running.port, b"through the script"), b"through the script")
