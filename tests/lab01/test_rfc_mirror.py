"""The RFC mirror itself: every other lab 01 test relies on it."""

import socket
import urllib.error
import urllib.request

import pytest
from rfc_mirror import rfc_text

from labkit import lab_dir, testing


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


def raw_exchange(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        data = bytearray()
        while chunk := sock.recv(4096):
            data += chunk
    return bytes(data)


def test_rfc2324_has_the_book_header_and_size():
    text = rfc_text(2324)
    assert len(text.encode("ascii")) == 19_610
    lines = text.splitlines()
    assert lines[0].startswith("Network Working Group")
    assert lines[1].startswith("Request for Comments: 2324")
    assert lines[2].startswith("Category: Informational")
    assert lines[0].endswith("L. Masinter") and lines[1].endswith("1 April 1998")


def test_rfc0_is_not_found(mirror):
    with pytest.raises(urllib.error.HTTPError) as info:
        get(mirror.base_url + "rfc0.txt")
    assert info.value.code == 404


@pytest.mark.parametrize("mode", ["length", "chunked", "close"])
def test_every_mode_serves_the_same_text(start_mirror, mode, rfc2324):
    mirror = start_mirror(mode=mode, chunk_size=700)
    assert get(mirror.base_url + "rfc2324.txt").decode() == rfc2324


def test_chunked_mode_frames_the_body(start_mirror):
    mirror = start_mirror(mode="chunked", chunk_size=1000, chunk_extensions=True, trailers=True)
    request = b"GET /rfc/rfc2324.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    response = raw_exchange(mirror.port, request)
    head, _, body = response.partition(b"\r\n\r\n")
    assert b"Transfer-Encoding: chunked" in head
    assert body.startswith(b"3e8;lab=mirror\r\n")
    assert b"\r\n0\r\nX-Body-SHA256: " in body and body.endswith(b"\r\n\r\n")


def test_close_mode_answers_http10_without_length(start_mirror):
    mirror = start_mirror(mode="close")
    request = b"GET /rfc/rfc2324.txt HTTP/1.1\r\nHost: x\r\n\r\n"
    head = raw_exchange(mirror.port, request).partition(b"\r\n\r\n")[0]
    assert head.startswith(b"HTTP/1.0 200 OK")
    assert b"Content-Length" not in head and b"Transfer-Encoding" not in head


def test_http10_request_is_never_chunked(start_mirror):
    mirror = start_mirror(mode="chunked")
    head = raw_exchange(mirror.port, b"GET /rfc/rfc2324.txt HTTP/1.0\r\n\r\n").partition(
        b"\r\n\r\n"
    )[0]
    assert b"Content-Length: 19610" in head and b"chunked" not in head
    assert mirror.log.requests[0].version == "HTTP/1.0"


def test_keep_alive_and_the_request_log(mirror):
    request = b"GET /rfc/rfc768.txt HTTP/1.1\r\nHost: x\r\n\r\n"
    last = b"GET /rfc/rfc791.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    response = raw_exchange(mirror.port, request + last)
    assert response.count(b"HTTP/1.1 200 OK") == 2
    assert mirror.log.connections == 1
    assert [r.raw for r in mirror.log.requests] == [request, last]


def test_mirror_on_ipv6_loopback(start_mirror, rfc2324):
    if not socket.has_ipv6:
        pytest.skip("this Python has no IPv6 support")
    try:
        mirror = start_mirror(host="::1")
    except OSError as exc:
        pytest.skip(f"no IPv6 loopback on this host: {exc}")
    assert mirror.base_url.startswith("http://[::1]:")
    assert get(mirror.base_url + "rfc2324.txt").decode() == rfc2324


# --- the mirror as a program: bad input, and it keeps serving -------------------------

MIRROR = lab_dir("01") / "rfc_mirror.py"


def test_mirror_port_in_use_is_one_line():
    with socket.create_server(("127.0.0.1", 0)) as busy:
        result = testing.run_script(MIRROR, "--port", str(busy.getsockname()[1]))
    line = testing.assert_one_line_error(result, 1)
    assert "cannot listen on 127.0.0.1:" in line and "address already in use" in line


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["--chunk-size", "0"], "at least 1"), (["--mode", "gzip"], "invalid choice")],
)
def test_mirror_bad_arguments(args, fragment):
    line = testing.assert_one_line_error(testing.run_script(MIRROR, *args), 2)
    assert fragment in line


def test_mirror_survives_a_malformed_request_and_stops_on_sigterm(rfc2324):
    with testing.start_script(MIRROR, "--port", "0") as running:
        garbage = raw_exchange(running.port, b"HELLO?\r\n\r\n")
        assert b"Error code: 400" in garbage  # an HTTP/0.9-style error page
        url = f"http://127.0.0.1:{running.port}/rfc/rfc2324.txt"
        assert get(url).decode() == rfc2324  # the next client is served
        assert running.stop() == 0
        assert "Traceback" not in running.proc.stderr.read()


def test_export_writes_the_files_nginx_serves(tmp_path, rfc2324):
    result = testing.run_script(MIRROR, "--export", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "rfc2324.txt").read_text() == rfc2324
