"""Exercises 2 and 3: the socket downloader prints exactly what rfc_downloader.py prints.

``rfc_downloader.py`` prints the document with ``print(text)``, so the expected output
is the served text plus one newline, in every way the mirror can delimit a body.
"""

import time

import pytest
from rfc_mirror import rfc_text

from labkit import testing

SCRIPT = "rfc_downloader_socket.py"


def download(exercise, base_url: str, number: int = 2324, *options: str, timeout: float = 5):
    return testing.run_script(
        exercise.path(SCRIPT),
        str(number),
        "--base-url",
        base_url,
        "--timeout",
        str(timeout),
        *options,
        timeout=30,
    )


def assert_prints_rfc(result, number: int = 2324) -> None:
    assert result.returncode == 0, result.stderr
    expected = rfc_text(number) + "\n"
    if result.stdout != expected:
        head = result.stdout[:300]
        pytest.fail(
            f"stdout differs from the RFC text + newline "
            f"({len(result.stdout)} characters instead of {len(expected)}); it starts:\n{head}"
        )


def assert_http11(mirror) -> None:
    versions = [request.version for request in mirror.log.requests]
    assert versions == ["HTTP/1.1"], f"expected one HTTP/1.1 request, the mirror saw {versions}"


# --- exercise 2: every way a body can end ------------------------------------------------


@pytest.mark.points(2)
def test_content_length_body(exercise, mirror):
    assert_prints_rfc(download(exercise, mirror.base_url))
    assert_http11(mirror)


@pytest.mark.points(2)
def test_chunked_body(exercise, start_mirror):
    mirror = start_mirror(mode="chunked", chunk_size=1000)
    assert_prints_rfc(download(exercise, mirror.base_url))
    assert_http11(mirror)  # an HTTP/1.0 request would dodge the chunks


@pytest.mark.points(1)
def test_one_byte_chunks(exercise, start_mirror):
    mirror = start_mirror(mode="chunked", chunk_size=1)
    assert_prints_rfc(download(exercise, mirror.base_url))
    assert_http11(mirror)


@pytest.mark.points(1)
def test_chunk_extensions_and_trailers(exercise, start_mirror):
    mirror = start_mirror(mode="chunked", chunk_size=1000, chunk_extensions=True, trailers=True)
    assert_prints_rfc(download(exercise, mirror.base_url))
    assert_http11(mirror)


@pytest.mark.points(1)
def test_close_delimited_body(exercise, start_mirror):
    mirror = start_mirror(mode="close")
    assert_prints_rfc(download(exercise, mirror.base_url))


@pytest.mark.points(1)
def test_not_found_is_a_one_line_error(exercise, mirror):
    result = download(exercise, mirror.base_url, 0)
    line = testing.assert_one_line_error(result, 1)
    assert "404" in line
    assert result.stdout == ""


@pytest.mark.points(1)
def test_refused_is_a_one_line_error(exercise, closed_port):
    result = download(exercise, f"http://127.0.0.1:{closed_port}/rfc/")
    testing.assert_one_line_error(result, 1)


@pytest.mark.points(1)
def test_silent_server_times_out(exercise, silent_port):
    start = time.monotonic()
    result = download(exercise, f"http://127.0.0.1:{silent_port}/rfc/", timeout=0.5)
    assert time.monotonic() - start < 15
    testing.assert_one_line_error(result, 1)


# --- exercise 3: --http10 ------------------------------------------------------------------


@pytest.mark.points(2)
def test_http10_request_is_answered_without_chunks(exercise, start_mirror):
    mirror = start_mirror(mode="chunked", chunk_size=1000)
    result = download(exercise, mirror.base_url, 2324, "--http10")
    assert [request.version for request in mirror.log.requests] == ["HTTP/1.0"]
    assert mirror.log.requests[0].raw.startswith(b"GET /rfc/rfc2324.txt HTTP/1.0\r\n")
    assert_prints_rfc(result)


@pytest.mark.points(1)
def test_http10_not_found(exercise, mirror):
    result = download(exercise, mirror.base_url, 0, "--http10")
    assert [request.version for request in mirror.log.requests] == ["HTTP/1.0"]
    assert "404" in testing.assert_one_line_error(result, 1)
