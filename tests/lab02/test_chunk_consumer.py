"""chunk_consumer.py: doc 003, chunks printed as the server produces them."""

import re

import pytest

from labkit import testing

from .fixtures_streams import LAB
from .fixtures_streams import stream_server_module as ss

SCRIPT = LAB / "chunk_consumer.py"

consumer = testing.load_module(SCRIPT)

CUSTOM_CHUNKS = ss.CUSTOM_CHUNKS
EXPECTED = [b"chunk-0\n", b"chunk-1\n", b"chunk-2\n"]


@pytest.mark.parametrize("method", ["raw", "iter_content"])
def test_chunks_arrive_as_they_are_produced(stream_server, method):
    # doc 003: with the server sleeping 0.2 s per chunk, the chunks come at about
    # 0.0, 0.2 and 0.4 s. Only lower bounds are checked here: a loaded machine can
    # delay any arrival (and so squeeze two of them together), but no chunk can come
    # before the server has slept for it. "As produced" is the test below, by an event.
    url = f"{stream_server.url}/chunks?n=3&delay=0.2"
    arrivals = list(consumer.consume(url, method, timeout=5))
    assert [chunk for _, chunk in arrivals] == EXPECTED
    times = [elapsed for elapsed, _ in arrivals]
    assert times == sorted(times), times
    assert times[1] >= 0.2 and times[2] >= 0.4, times


@pytest.mark.parametrize("method", ["raw", "iter_content"])
def test_a_chunk_is_printed_before_the_next_one_exists(stream_server, method):
    stream_server.hold_chunks()  # the server sends chunk 0, then waits for release_chunks()
    arrivals = consumer.consume(f"{stream_server.url}/chunks/custom", method, timeout=15)
    try:
        _elapsed, first = next(arrivals)  # a client that waits for more never gets here
        assert first == CUSTOM_CHUNKS[0]
        assert stream_server.custom_chunks_sent == 1, "chunk 0 came after chunk 1 was sent"
    finally:
        stream_server.release_chunks()
    assert [chunk for _, chunk in arrivals] == CUSTOM_CHUNKS[1:]


def test_the_request_asks_for_identity(stream_server):
    list(consumer.consume(f"{stream_server.url}/chunks?n=1&delay=0", "raw"))
    assert stream_server.log[-1].headers["Accept-Encoding"] == "identity"


@pytest.mark.parametrize("method", ["raw", "iter_content"])
def test_custom_chunk_boundaries_are_kept(stream_server, method):
    chunks = [c for _, c in consumer.consume(f"{stream_server.url}/chunks/custom", method)]
    assert chunks == CUSTOM_CHUNKS


def test_a_body_that_is_not_chunked_is_refused(stream_server):
    with pytest.raises(ValueError, match="did not answer with a chunked body"):
        list(consumer.consume(f"{stream_server.url}/hello", "raw"))


@pytest.mark.parametrize("method", ["raw", "iter_content"])
def test_the_script_prints_each_chunk_with_its_time(stream_server, method):
    result = testing.run_script(
        SCRIPT, "--base-url", stream_server.url, "--delay", "0.1", "--method", method
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    for line, chunk in zip(lines, EXPECTED, strict=True):
        assert re.fullmatch(r" *\d+\.\d\d s  " + re.escape(repr(chunk)), line), line
    assert stream_server.log[-1].path == "/chunks?n=3&delay=0.1"


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    assert "--method" in result.stdout and "--base-url" in result.stdout


def test_a_refused_connection_is_one_line():
    base = f"http://127.0.0.1:{testing.closed_port()}"
    result = testing.run_script(SCRIPT, "--base-url", base)
    assert testing.assert_one_line_error(result, 1).endswith("connection refused")


def test_a_silent_server_is_a_timeout():
    with testing.silent_server() as port:
        args = ["--base-url", f"http://127.0.0.1:{port}", "--timeout", "0.5"]
        result = testing.run_script(SCRIPT, *args)
    assert "timed out" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize(
    "args",
    [
        ["--method", "content"],
        ["--base-url", "ftp://127.0.0.1"],
        ["--n", "-1"],
        ["--delay", "x"],
        ["--delay", "60"],
    ],
)
def test_bad_arguments_are_usage_errors(args):
    testing.assert_one_line_error(testing.run_script(SCRIPT, *args), 2)
