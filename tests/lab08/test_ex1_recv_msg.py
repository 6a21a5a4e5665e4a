"""Exercise 1: recv_msg stops at the first NUL, the empty message included."""

import socket

import pytest


@pytest.fixture
def recv_msg(exercise):
    return exercise.load("tincanchat_fix.py").recv_msg


@pytest.fixture
def pair():
    left, right = socket.socketpair()
    for sock in (left, right):
        sock.settimeout(1)  # the book's version hangs: fail after a second instead
    with left, right:
        yield left, right


@pytest.mark.points(2)
def test_the_empty_message(recv_msg, pair):
    sender, receiver = pair
    sender.sendall(b"\0")
    assert recv_msg(receiver) == ""


@pytest.mark.points(2)
def test_two_messages_in_one_chunk_are_not_glued(recv_msg, pair):
    sender, receiver = pair
    sender.sendall(b"a\0b\0")
    assert recv_msg(receiver) == "a"


@pytest.mark.points(1)
def test_split_and_followed_messages_and_an_early_close(recv_msg, pair):
    sender, receiver = pair
    sender.sendall(b"caf" + b"\xc3")  # half of "é"
    sender.sendall(b"\xa9\0next")
    assert recv_msg(receiver) == "café"
    left, right = socket.socketpair()
    with left, right:
        right.settimeout(1)
        left.sendall(b"ab\0cd")
        assert recv_msg(right) == "ab"
    left, right = socket.socketpair()
    with left, right:
        right.settimeout(1)
        left.sendall(b"no delimiter")
        left.shutdown(socket.SHUT_WR)
        with pytest.raises(ConnectionError):
            recv_msg(right)
