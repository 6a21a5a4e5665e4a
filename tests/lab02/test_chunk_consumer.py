"""chunk_consumer.py: doc 003, chunks printed as the server produces them."""

import re

import pytest

from labkit import testing

from .fixtures_streams import LAB

SCRIPT = LAB / "chunk_consumer.py"

consumer = testing.load_module(SCRIPT)

EXPECTED = [b"chunk-0\n", b"chunk-1\n", b"chunk-2\n"]


@pytest.mark.parametrize("method", ["raw", "iter_content"])
def test_chunks_arrive_as_they_are_produced(stream_server, method):
    # doc 003: with the server sleeping 0.2 s per chunk, the chunks come at about
    # 0.0, 0.2 and 0.4 s. Generous margins: each at least 0.1 s after the one before.
    url = f"{stream_server.url}/chunks?n=3&delay=0.2"
    arrivals = list(consumer.consume(url, method, timeout=5))
    assert [chunk for _, chunk in arrivals] == EXPECTED
    times = [elapsed for elapsed, _ in arrivals]
    assert times[1] - times[0] >= 0.1, times
    assert times[2] - times[1] >= 0.1, times
    assert times[0] < times[2] - 0.2, times  # chunk 0 was not held back until the end


def test_the_request_asks_for_identity(stream_server):
    list(consumer.consume(f"{stream_server.url}/chunks?n=1&delay=0", "raw"))
    assert stream_server.log[-1].headers["Accept-Encoding"] == "identity"


@pytest.mark.parametrize("method", ["raw", "iter_content"])
def test_custom_chunk_boundaries_are_kept(stream_server, method):
    from stream_server import CUSTOM_CHUNKS

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
