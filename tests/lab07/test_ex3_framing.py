"""Exercise 3: send_msg()/recv_msg(), length-prefixed framing on a real TCP stream."""

import socket
import struct

import pytest

from .lab07_helpers import Worker


@pytest.fixture
def pair():
    """A connected TCP pair on loopback (a, b), with timeouts."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        a = socket.create_connection(listener.getsockname(), timeout=5)
        b, _ = listener.accept()
        b.settimeout(5)
    yield a, b
    a.close()
    b.close()


MESSAGES = [b"hello", b"", b"x" * 70_000, bytes(range(256)), b"\x00\x00\x00\x05tricky"]


@pytest.mark.points(1)
def test_send_msg_bytes_on_the_wire(exercise, pair):
    framing = exercise.load("framing.py")
    a, b = pair
    framing.send_msg(a, b"hello")
    a.shutdown(socket.SHUT_WR)
    data = b""
    while chunk := b.recv(100):
        data += chunk
    assert data == struct.pack("!I", 5) + b"hello"


@pytest.mark.points(2)
def test_messages_written_one_byte_at_a_time(exercise, pair):
    framing = exercise.load("framing.py")
    a, b = pair
    a.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    stream = b"".join(struct.pack("!I", len(m)) + m for m in MESSAGES[:2] + MESSAGES[3:])

    def dribble():
        for i in range(len(stream)):
            a.send(stream[i : i + 1])
        a.shutdown(socket.SHUT_WR)

    writer = Worker(dribble)
    writer.start()
    got = [framing.recv_msg(b) for _ in range(4)]
    writer.finish()
    assert got == MESSAGES[:2] + MESSAGES[3:]
    assert framing.recv_msg(b) is None


@pytest.mark.points(1)
def test_coalesced_messages_in_one_write(exercise, pair):
    framing = exercise.load("framing.py")
    a, b = pair
    stream = b"".join(struct.pack("!I", len(m)) + m for m in MESSAGES)
    writer = Worker(a.sendall, stream)
    writer.start()
    got = [framing.recv_msg(b) for _ in MESSAGES]
    writer.finish()
    assert got == MESSAGES


@pytest.mark.points(1)
def test_round_trip_and_clean_end(exercise, pair):
    framing = exercise.load("framing.py")
    a, b = pair

    def send_all():
        for m in MESSAGES:
            framing.send_msg(a, m)
        a.shutdown(socket.SHUT_WR)

    writer = Worker(send_all)
    writer.start()
    got = [framing.recv_msg(b) for _ in MESSAGES]
    writer.finish()
    assert got == MESSAGES
    assert got[1] == b"" and got[1] is not None
    assert framing.recv_msg(b) is None


@pytest.mark.points(1)
@pytest.mark.parametrize(
    "cut", [b"\x00\x00", struct.pack("!I", 10) + b"half"], ids=["in-header", "in-payload"]
)
def test_cut_mid_message_raises(exercise, pair, cut):
    framing = exercise.load("framing.py")
    a, b = pair
    a.sendall(cut)
    a.shutdown(socket.SHUT_WR)
    with pytest.raises(ConnectionError):
        framing.recv_msg(b)
