"""Exercise 3: length-prefix framing carries NUL and long messages."""

import socket
import threading
import time

import pytest


@pytest.fixture
def lp(exercise):
    return exercise.load("length_prefix.py")


@pytest.fixture
def pair():
    left, right = socket.socketpair()
    for sock in (left, right):
        sock.settimeout(5)
    with left, right:
        yield left, right


@pytest.mark.points(2)
def test_nul_and_a_megabyte_round_trip(lp, pair):
    sender, receiver = pair
    assert lp.prep_msg("hé") == b"\x00\x00\x00\x03h\xc3\xa9"
    big = "é" * 500_000
    thread = threading.Thread(
        target=lambda: [lp.send_msg(sender, m) for m in ("a\0b", "", big, "end")], daemon=True
    )
    thread.start()
    assert [lp.recv_msg(receiver) for _ in range(4)] == ["a\0b", "", big, "end"]
    thread.join(5)


@pytest.mark.points(1)
def test_a_truncated_stream_raises_connection_error(lp, pair):
    sender, receiver = pair
    sender.sendall(b"\x00\x00\x00\x0bhello")  # 11 announced, 5 sent
    sender.shutdown(socket.SHUT_WR)
    with pytest.raises(ConnectionError):
        lp.recv_msg(receiver)
    left, right = socket.socketpair()
    with left, right:
        right.settimeout(5)
        left.sendall(b"abc")
        left.shutdown(socket.SHUT_WR)
        with pytest.raises(ConnectionError):
            lp.recv_exact(right, 4)


@pytest.mark.points(1)
def test_a_length_over_the_maximum_is_refused_at_once(lp, pair):
    sender, receiver = pair
    sender.sendall(b"\x7f\xff\xff\xff")  # 2 GiB announced, nothing follows
    started = time.monotonic()
    with pytest.raises(ValueError):
        lp.recv_msg(receiver, max_size=1000)
    # Waiting for the payload would take the pair's 5 s timeout: well under it means it
    # did not wait (3 s, not less: a loaded machine can stall a thread for a second).
    assert time.monotonic() - started < 3
