"""Exercise 6: length-prefix framing survives any cutting of the byte stream."""

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


def frame(message: bytes) -> bytes:
    """The wire format, written independently of the student's encode()."""
    return struct.pack("!I", len(message)) + message


@pytest.fixture
def framing(exercise):
    return exercise.load("framing.py")


@pytest.mark.points(1)
def test_encode(framing):
    assert framing.encode(b"hello") == b"\x00\x00\x00\x05hello"
    assert framing.encode(b"x" * 300) == b"\x00\x00\x01\x2c" + b"x" * 300


@pytest.mark.points(1)
def test_one_byte_at_a_time(framing):
    stream = frame(b"first") + frame(b"second message")
    deframer = framing.Deframer()
    results = [deframer.feed(stream[i : i + 1]) for i in range(len(stream))]
    first_end = len(frame(b"first")) - 1
    assert results[first_end] == [b"first"]
    assert results[-1] == [b"second message"]
    assert all(r == [] for i, r in enumerate(results) if i not in (first_end, len(stream) - 1))


@pytest.mark.points(1)
def test_several_frames_in_one_chunk(framing):
    messages = [b"one", b"two", b"three" * 100]
    stream = b"".join(frame(m) for m in messages)
    deframer = framing.Deframer()
    assert deframer.feed(stream[:-2]) == messages[:2]  # the third is not complete yet
    assert deframer.feed(stream[-2:]) == messages[2:]
    assert deframer.feed(b"") == []


@pytest.mark.points(1)
def test_empty_message(framing):
    assert framing.encode(b"") == b"\x00\x00\x00\x00"
    deframer = framing.Deframer()
    assert deframer.feed(frame(b"") + frame(b"") + frame(b"x")) == [b"", b"", b"x"]


@pytest.mark.points(2)
def test_any_cutting_of_the_stream(framing):
    @settings(max_examples=50, deadline=None)
    @given(
        messages=st.lists(st.binary(max_size=300), max_size=10),
        cuts=st.lists(st.integers(min_value=0, max_value=4000), max_size=30),
    )
    def check(messages: list[bytes], cuts: list[int]) -> None:
        stream = b"".join(framing.encode(m) for m in messages)
        bounds = sorted({0, len(stream), *(c for c in cuts if c < len(stream))})
        deframer = framing.Deframer()
        received = []
        for start, end in zip(bounds, bounds[1:], strict=False):
            received += deframer.feed(stream[start:end])
        assert received == messages

    check()
