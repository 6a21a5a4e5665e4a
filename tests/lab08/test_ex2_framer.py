"""Exercise 2: a sans-IO framer survives any cutting of the stream."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


def wire(messages: list[str]) -> bytes:
    return b"".join(m.encode() + b"\0" for m in messages)


@pytest.fixture
def framing(exercise):
    return exercise.load("framer.py")


@pytest.mark.points(2)
def test_any_chunking_gives_the_same_messages(framing):
    text = st.text(st.characters(codec="utf-8", exclude_characters="\0"), max_size=20)

    @settings(max_examples=100, deadline=None)
    @given(st.lists(text, max_size=10), st.lists(st.integers(0, 400), max_size=20))
    def check(messages, cuts):
        data = wire(messages)
        bounds = sorted({0, len(data), *(c for c in cuts if c < len(data))})
        framer = framing.Framer()
        received = []
        for start, end in zip(bounds, bounds[1:], strict=False):
            received += framer.feed(data[start:end])
        assert received == messages
        assert framer.pending == b""

    check()


@pytest.mark.points(1)
def test_a_character_split_between_feeds(framing):
    for char in ("é", "€", "😀"):
        encoded = char.encode()
        for cut in range(1, len(encoded)):
            framer = framing.Framer()
            assert framer.feed(b"caf" + encoded[:cut]) == []
            assert framer.pending == b"caf" + encoded[:cut]
            assert framer.feed(encoded[cut:] + b"\0x") == ["caf" + char]
            assert framer.pending == b"x"


@pytest.mark.points(1)
def test_oversize_raises_value_error_before_the_delimiter(framing):
    framer = framing.Framer(max_size=10)
    assert framer.feed(b"0123456789\0") == ["0123456789"]  # exactly the limit
    with pytest.raises(ValueError):
        for _ in range(5):
            framer.feed(b"0123")  # 20 bytes and still no delimiter


@pytest.mark.points(1)
def test_invalid_utf8_raises_value_error(framing):
    with pytest.raises(ValueError):
        framing.Framer().feed(b"caf\xe9\0")
