"""rfc_downloader_socket.py: HTTP by hand over a TCP socket."""

import re
import socket

import pytest

from labkit import lab_dir, testing

LAB = lab_dir("01")
SCRIPT = LAB / "rfc_downloader_socket.py"
HEX_LINE = re.compile(r"[0-9a-f]+")

downloader = testing.load_module(SCRIPT)


def run(*args, **kwargs):
    return testing.run_script(SCRIPT, *args, **kwargs)


def head_and_body(stdout: str) -> tuple[list[str], str]:
    head, _, body = stdout.partition("\n\n")  # text mode turned \r\n into \n
    return head.splitlines(), body


def test_sends_exactly_the_books_request(mirror):
    result = run("2324", "--base-url", mirror.base_url)
    assert result.returncode == 0, result.stderr
    assert [request.raw for request in mirror.log.requests] == [
        b"GET /rfc/rfc2324.txt HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
        b"User-Agent: Python 3\r\nConnection: close\r\n\r\n" % mirror.port
    ]
    assert mirror.log.connections == 1


def test_prints_the_raw_response(mirror, rfc2324):
    result = run("2324", "--base-url", mirror.base_url)
    assert result.stdout.startswith("HTTP/1.1 200 OK\n")
    head, body = head_and_body(result.stdout)
    assert "Content-Length: 19610" in head
    assert "Last-Modified: Fri, 27 Mar 1998 22:45:31 GMT" in head
    assert body == rfc2324 + "\n"  # print() adds the newline
    assert result.stderr == ""


def test_length_mode_shows_no_chunk_sizes(mirror):
    _, body = head_and_body(run("2324", "--base-url", mirror.base_url).stdout)
    assert [line for line in body.splitlines() if HEX_LINE.fullmatch(line)] == []


def test_chunked_mode_shows_the_hex_chunk_sizes(start_mirror):
    mirror = start_mirror(mode="chunked", chunk_size=4096)
    result = run("2324", "--base-url", mirror.base_url)
    assert result.returncode == 0, result.stderr
    head, body = head_and_body(result.stdout)
    assert head[0] == "HTTP/1.1 200 OK" and "Transfer-Encoding: chunked" in head
    sizes = [line for line in body.splitlines() if HEX_LINE.fullmatch(line)]
    # 19,610 bytes = 4 chunks of 4096 (0x1000) + 3226 (0xc9a), then the last chunk, 0.
    assert sizes == ["1000", "1000", "1000", "1000", "c9a", "0"]


def test_close_mode_works_too(start_mirror, rfc2324):
    mirror = start_mirror(mode="close")
    result = run("2324", "--base-url", mirror.base_url)
    assert result.stdout.startswith("HTTP/1.0 200 OK\n")
    assert head_and_body(result.stdout)[1] == rfc2324 + "\n"


def test_a_404_is_printed_raw_and_not_checked(mirror):
    # Deliberate: checking the status is urllib's job, or the student's (exercise 2).
    result = run("0", "--base-url", mirror.base_url)
    assert result.returncode == 0
    assert result.stdout.startswith("HTTP/1.1 404 Not Found\n")


def test_every_recv_asks_for_at_most_4096_bytes(mirror, rfc2324):
    sizes = []

    class RecordingSocket(socket.socket):
        def recv(self, bufsize, *flags):
            sizes.append(bufsize)
            return super().recv(bufsize, *flags)

    def connect(address, timeout):
        plain = socket.create_connection(address, timeout=timeout)
        sock = RecordingSocket(plain.family, plain.type, plain.proto, fileno=plain.detach())
        sock.settimeout(timeout)
        return sock

    request = downloader.build_request(2324, "127.0.0.1", mirror.port)
    response = downloader.fetch("127.0.0.1", mirror.port, request, 5, connect=connect)
    assert response.endswith(rfc2324.encode())
    assert len(sizes) >= 2  # at least one read with data and the empty read at the end
    assert max(sizes) <= 4096


def test_a_silent_server_is_a_timeout_not_a_hang(silent_port):
    url = f"http://127.0.0.1:{silent_port}/rfc/"
    result = run("2324", "--base-url", url, "--timeout", "0.5", timeout=10)
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_a_connect_timeout_is_one_line(backlog_full_port):
    url = f"http://127.0.0.1:{backlog_full_port}/rfc/"
    result = run("2324", "--base-url", url, "--timeout", "0.5", timeout=10)
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_a_refused_connection_is_one_line(closed_port):
    result = run("2324", "--base-url", f"http://127.0.0.1:{closed_port}/rfc/")
    assert "connection refused" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((), "Must supply an RFC number as first argument"),
        (("abc",), "Must supply an RFC number as first argument"),
        (("1", "--base-url", "https://127.0.0.1/rfc/"), "expected an http:// URL"),
        (("1", "--base-url", "http://127.0.0.1:99999/rfc/"), "bad port"),
    ],
)
def test_bad_arguments_are_usage_errors(args, fragment):
    result = run(*args)
    assert result.stdout == ""
    line = testing.assert_one_line_error(result, 2)  # no usage text, no traceback
    assert line.startswith("rfc_downloader_socket.py: error: ") and fragment in line, line


def test_build_request_and_server_of():
    assert downloader.server_of("http://127.0.0.1:8001/rfc/") == ("127.0.0.1", 8001, "/rfc")
    assert downloader.server_of("http://www.lab.test/rfc/") == ("www.lab.test", 80, "/rfc")
    assert downloader.build_request(791, "::1", 8001) == (
        b"GET /rfc/rfc791.txt HTTP/1.1\r\nHost: [::1]:8001\r\n"
        b"User-Agent: Python 3\r\nConnection: close\r\n\r\n"
    )
