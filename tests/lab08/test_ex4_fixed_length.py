"""Exercise 4: fixed-length framing."""

import socket

import pytest


@pytest.fixture
def fl(exercise):
    return exercise.load("fixed_length.py")


@pytest.mark.points(1)
def test_round_trip(fl):
    left, right = socket.socketpair()
    with left, right:
        right.settimeout(5)
        messages = ["", "hi", "ça va ? 👍", "x" * fl.SIZE]
        for msg in messages:
            fl.send_msg(left, msg)
        assert [fl.recv_msg(right) for _ in messages] == messages


@pytest.mark.points(1)
def test_overlong_text_is_refused(fl):
    with pytest.raises(ValueError):
        fl.prep_msg("é" * (fl.SIZE // 2 + 1))  # fewer characters than SIZE, more bytes
    with pytest.raises(ValueError):
        fl.prep_msg("x" * (fl.SIZE + 1))


@pytest.mark.points(1)
def test_wire_size_is_a_multiple_of_the_size(fl):
    data = b"".join(fl.prep_msg(m) for m in ("", "a", "hé", "x" * fl.SIZE))
    assert len(data) == 4 * fl.SIZE
    assert fl.prep_msg("hi") == b"hi" + b"\0" * (fl.SIZE - 2)
