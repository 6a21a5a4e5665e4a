"""Exercise 8: reliable UDP (stop-and-wait) through a proxy that drops and duplicates."""

import socket
import struct
import threading
import time

import pytest

from labkit import testing

from .lab07_helpers import LossyUDPProxy, Worker

SEQ = struct.Struct("!I")
MESSAGES = [f"message {i:02d}".encode() for i in range(30)]


class TestReceiver:
    """The test's own stop-and-wait receiver: records every datagram and delivery."""

    __test__ = False  # not a test class

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.delivered, self.expected = [], 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop.is_set():
            try:
                data, address = self.sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError:
                return
            seq = SEQ.unpack_from(data)[0]
            if seq == self.expected:
                self.delivered.append(data[SEQ.size :])
                self.expected += 1
            if seq < self.expected:
                self.sock.sendto(SEQ.pack(seq), address)

    def close(self):
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


@pytest.fixture
def receiver():
    running = TestReceiver()
    yield running
    running.close()


@pytest.fixture
def client():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        yield sock


def lossy(port):
    return LossyUDPProxy(port, drop_up=2, drop_down=3, dup_up=3, dup_down=4)


@pytest.mark.points(2)
def test_receiver_delivers_once_and_in_order(exercise):
    module = exercise.load("reliable_udp.py")
    receiver = module.Receiver()
    assert receiver.handle(SEQ.pack(0) + b"a") == SEQ.pack(0)
    assert receiver.handle(SEQ.pack(0) + b"a") == SEQ.pack(0)  # duplicate: ack again
    assert receiver.handle(SEQ.pack(2) + b"c") is None  # ahead: no answer
    assert receiver.handle(b"\x00\x00") is None  # too short for a header
    assert receiver.handle(SEQ.pack(1) + b"") == SEQ.pack(1)  # an empty payload is a message
    assert receiver.handle(SEQ.pack(0) + b"a") == SEQ.pack(0)
    assert receiver.delivered == [b"a", b""]
    assert receiver.expected == 2


@pytest.mark.points(3)
def test_every_message_once_in_order_through_a_lossy_proxy(exercise, receiver, client):
    module = exercise.load("reliable_udp.py")
    proxy = lossy(receiver.port)
    try:
        sender = Worker(module.send_reliable, client, ("127.0.0.1", proxy.port), MESSAGES, 0.1, 10)
        sender.start()
        sender.finish(30)
        assert not sender.is_alive(), "send_reliable did not finish within 30 s"
    finally:
        proxy.close()
    assert proxy.counts["dropped"] > 0 and proxy.counts["duplicated"] > 0
    assert receiver.delivered == MESSAGES


@pytest.mark.points(1)
def test_end_to_end_with_your_receiver(exercise, client):
    module = exercise.load("reliable_udp.py")
    mine = module.Receiver()
    stop = threading.Event()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server_sock:
        server_sock.bind(("127.0.0.1", 0))
        server = Worker(module.serve, server_sock, mine, stop)
        server.start()
        proxy = lossy(server_sock.getsockname()[1])
        try:
            sender = Worker(
                module.send_reliable, client, ("127.0.0.1", proxy.port), MESSAGES, 0.1, 10
            )
            sender.start()
            sender.finish(30)
            assert not sender.is_alive(), "send_reliable did not finish within 30 s"
        finally:
            stop.set()
            proxy.close()
            server.finish(5)
    assert mine.delivered == MESSAGES


@pytest.mark.points(1)
def test_dead_server_gives_up_after_the_retries(exercise, client):
    module = exercise.load("reliable_udp.py")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        started = time.monotonic()
        with pytest.raises(module.DeliveryError, match="3 retries"):
            module.send_reliable(client, silent.getsockname(), [b"hello"], 0.1, 3)
        elapsed = time.monotonic() - started
        silent.settimeout(0.2)
        received = []
        try:
            while True:
                received.append(silent.recv(65535))
        except TimeoutError:
            pass
    assert received == [SEQ.pack(0) + b"hello"] * 4, "expected 1 send + 3 retries"
    # At least the 4 waits; at most well under 4 waits of a second (room for a loaded host).
    assert 0.35 < elapsed < 3, f"4 waits of 0.1 s took {elapsed:.2f} s"


@pytest.mark.points(1)
def test_stale_acknowledgements_are_ignored(exercise, client):
    module = exercise.load("reliable_udp.py")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as liar:
        liar.bind(("127.0.0.1", 0))
        liar.settimeout(5)

        def answer_wrongly():
            for _ in range(2):  # each send of message 0 gets the ack of message 7
                _, address = liar.recvfrom(65535)
                liar.sendto(SEQ.pack(7), address)

        fake = Worker(answer_wrongly)
        fake.start()
        with pytest.raises(module.DeliveryError):
            module.send_reliable(client, liar.getsockname(), [b"x"], 0.2, 1)
        fake.finish(5)


@pytest.mark.points(1)
def test_the_command_line(exercise, receiver, silent_udp_port):
    script = exercise.path("reliable_udp.py")
    proxy = lossy(receiver.port)
    try:
        args = ["--port", str(proxy.port), "--timeout", "0.1", "--retries", "10"]
        result = testing.run_script(script, *args, "one", "two", "three", timeout=20)
    finally:
        proxy.close()
    assert result.returncode == 0, result.stderr
    assert receiver.delivered == [b"one", b"two", b"three"]
    args = ["--port", str(silent_udp_port), "--timeout", "0.1", "--retries", "2"]
    result = testing.run_script(script, *args, "hello", timeout=20)
    line = testing.assert_one_line_error(result, 1)
    assert "no acknowledgement for message 0 after 2 retries" in line
