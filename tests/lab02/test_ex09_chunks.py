"""Exercise 9: iter_chunks() yields each chunk as sent, the moment it arrives."""

import queue
import threading

import pytest

from .fixtures_streams import stream_server_module as ss

WAIT = 5  # seconds to wait for the first chunk while the server holds the second


@pytest.mark.points(2)
def test_chunk_boundaries_are_kept(exercise, stream_server):
    iter_chunks = exercise.load("chunks.py").iter_chunks
    chunks = list(iter_chunks(f"{stream_server.url}/chunks/custom", timeout=5))
    assert [len(c) for c in chunks] == [1, 7, 4096, 3], "one item per chunk, no framing"
    assert chunks == ss.CUSTOM_CHUNKS


@pytest.mark.points(2)
def test_the_first_chunk_comes_before_the_second_exists(exercise, stream_server):
    iter_chunks = exercise.load("chunks.py").iter_chunks
    stream_server.hold_chunks()  # the server sends chunk 0, then waits for release_chunks()
    received: queue.Queue = queue.Queue()

    def consume():
        try:
            for chunk in iter_chunks(f"{stream_server.url}/chunks/custom", timeout=15):
                received.put(chunk)
            received.put(None)
        except BaseException as exc:  # report it to the test thread
            received.put(exc)

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    try:
        try:
            first = received.get(timeout=WAIT)
        except queue.Empty:
            pytest.fail("no chunk yielded while the server held back the second chunk")
        if isinstance(first, BaseException):
            raise first
        assert first == b"A"
        assert stream_server.custom_chunks_sent == 1, "chunk 0 came after chunk 1 was sent"
    finally:
        stream_server.release_chunks()
        thread.join(10)
    rest = []
    while (item := received.get(timeout=5)) is not None:
        if isinstance(item, BaseException):
            raise item
        rest.append(item)
    # (Boundaries are graded above; here only that the rest of the data arrives.)
    assert b"".join(rest) == b"".join(ss.CUSTOM_CHUNKS[1:])


@pytest.mark.points(1)
def test_slow_chunks_and_a_404(exercise, stream_server):
    iter_chunks = exercise.load("chunks.py").iter_chunks
    chunks = list(iter_chunks(f"{stream_server.url}/chunks?n=3&delay=0", timeout=5))
    assert chunks == [b"chunk-0\n", b"chunk-1\n", b"chunk-2\n"]
    with pytest.raises(Exception):  # noqa: B017 - any exception; the student's choice
        list(iter_chunks(f"{stream_server.url}/no-such-page", timeout=5))
