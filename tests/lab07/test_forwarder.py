"""tcp_forwarder.py: both ways, 1 MiB, 10 concurrent clients, EOF (half-close), errors."""

import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from labkit import lab_dir, testing

from .lab07_helpers import check, round_trip

LAB = lab_dir("07")
forwarder_module = testing.load_module(LAB / "tcp_forwarder.py")


@pytest.fixture
def forwarder(target):
    args = ["--port", "0", "--target-port", str(target.port), "--timeout", "10"]
    with testing.start_script(LAB / "tcp_forwarder.py", *args) as running:
        yield running


def test_a_small_round_trip(forwarder):
    check(round_trip(forwarder.port, b"hello"), b"hello")
    forwarder.wait_for_line(r"done, 5 bytes up, 37 bytes down")


def test_one_mebibyte_each_way(forwarder):
    payload = os.urandom(1 << 20)
    check(round_trip(forwarder.port, payload), payload)


def test_ten_concurrent_clients(forwarder):
    payloads = [os.urandom(100_000 + i) for i in range(10)]
    with ThreadPoolExecutor(10) as pool:
        replies = list(pool.map(lambda p: round_trip(forwarder.port, p), payloads))
    for reply, payload in zip(replies, payloads, strict=True):
        check(reply, payload)


def test_an_unreachable_target_is_logged_and_the_forwarder_keeps_serving(target):
    dead = testing.closed_port()
    with testing.start_script(
        LAB / "tcp_forwarder.py", "--port", "0", "--target-port", str(dead)
    ) as fwd:
        with socket.create_connection(("127.0.0.1", fwd.port), timeout=5) as sock:
            sock.settimeout(5)
            assert sock.recv(10) == b""  # closed at once
        fwd.wait_for_line(rf"cannot reach 127\.0\.0\.1:{dead}: connection refused")


def test_relay_in_process(target):
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        results = {}

        def serve():
            client, _ = listener.accept()
            results["counts"] = forwarder_module.relay(client, ("127.0.0.1", target.port), 5)

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        check(round_trip(port, b"abc" * 1000), b"abc" * 1000)
        thread.join(5)
    assert results["counts"] == (3000, 3032)
