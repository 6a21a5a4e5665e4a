"""stream_server.py: the keep-alive server, its routes, Range, chunks and connection count."""

import hashlib
import json
import socket

import pytest
import requests

from labkit import testing

from .fixtures_streams import LAB, body
from .fixtures_streams import stream_server_module as ss

SCRIPT = LAB / "stream_server.py"


def session() -> requests.Session:
    s = requests.Session()
    s.trust_env = False
    return s


def raw_request(port: int, path: str) -> bytes:
    """One GET with Connection: close over a plain socket; the raw response bytes."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while piece := sock.recv(65536):
            data += piece
    return data


# --- the body generator


def test_the_body_is_deterministic_and_depends_on_the_seed():
    assert ss.body(100_000, 1) == ss.body(100_000, 1)
    assert ss.body(100_000, 1) != ss.body(100_000, 2)
    assert len(ss.body(100_000, 1)) == 100_000
    two_blocks = ss.body(2 * ss.BLOCK, 3)
    assert two_blocks[: ss.BLOCK] != two_blocks[ss.BLOCK :]  # blocks do not repeat


@pytest.mark.parametrize(
    "start,end", [(0, 1), (5, 70_000), (65_535, 65_537), (131_072, 200_000), (199_999, None)]
)
def test_any_slice_of_the_body_matches_the_whole(start, end):
    whole = ss.body(200_000, 9)
    assert b"".join(ss.iter_body(200_000, 9, start, end)) == whole[start:end]


def test_body_sha256_matches_hashlib():
    assert ss.body_sha256(300_000, 4) == hashlib.sha256(ss.body(300_000, 4)).hexdigest()
    assert (
        ss.body_sha256(300_000, 4, 1000) == hashlib.sha256(ss.body(300_000, 4)[1000:]).hexdigest()
    )


@pytest.mark.parametrize(
    "header,expected",
    [
        ("bytes=0-", (0, 100)),
        ("bytes=10-", (10, 100)),
        ("bytes=10-19", (10, 20)),
        ("bytes=90-500", (90, 100)),
        ("bytes=100-", None),
        ("bytes=20-10", None),
        ("bytes=-10", None),
        ("lines=1-", None),
    ],
)
def test_parse_range(header, expected):
    assert ss.parse_range(header, 100) == expected


# --- routes


def test_bytes_route_has_content_length_and_the_seeded_body(stream_server):
    response = session().get(f"{stream_server.url}/bytes/70000?seed=5", timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Length"] == "70000"
    assert response.headers["Accept-Ranges"] == "bytes"
    assert "Transfer-Encoding" not in response.headers
    assert response.content == body(70_000, 5)


def test_head_gives_the_length_without_a_body(stream_server):
    response = session().head(f"{stream_server.url}/bytes/70000", timeout=5)
    assert response.headers["Content-Length"] == "70000"
    assert response.content == b""
    assert stream_server.log[-1].sent == 0


def test_a_range_gets_206_and_only_the_rest(stream_server):
    url = f"{stream_server.url}/bytes/100000?seed=2"
    response = session().get(url, headers={"Range": "bytes=60000-"}, timeout=5)
    assert response.status_code == 206
    assert response.headers["Content-Range"] == "bytes 60000-99999/100000"
    assert response.headers["Content-Length"] == "40000"
    assert response.content == body(100_000, 2)[60_000:]
    assert stream_server.log[-1].sent == 40_000
    assert stream_server.log[-1].headers["Range"] == "bytes=60000-"


def test_a_closed_range(stream_server):
    url = f"{stream_server.url}/bytes/100000?seed=2"
    response = session().get(url, headers={"Range": "bytes=10-19"}, timeout=5)
    assert response.status_code == 206
    assert response.headers["Content-Range"] == "bytes 10-19/100000"
    assert response.content == body(100_000, 2)[10:20]


@pytest.mark.parametrize("header", ["bytes=100000-", "bytes=abc-", "bytes=50-10"])
def test_an_unsatisfiable_range_is_416_and_the_server_keeps_serving(stream_server, header):
    http = session()
    response = http.get(f"{stream_server.url}/bytes/100000", headers={"Range": header}, timeout=5)
    assert response.status_code == 416
    assert response.headers["Content-Range"] == "bytes */100000"
    assert http.get(f"{stream_server.url}/hello", timeout=5).text == "hello\n"


def test_ranges_0_makes_the_server_ignore_range(stream_server):
    url = f"{stream_server.url}/bytes/1000?seed=2&ranges=0"
    response = session().get(url, headers={"Range": "bytes=10-"}, timeout=5)
    assert response.status_code == 200
    assert response.content == body(1000, 2)


@pytest.mark.parametrize("path", ["/bytes/abc", "/bytes/-5", "/bytes/10?seed=x", "/bytes/"])
def test_a_bad_size_or_seed_is_400_and_the_server_keeps_serving(stream_server, path):
    http = session()
    assert http.get(stream_server.url + path, timeout=5).status_code == 400
    assert http.get(f"{stream_server.url}/hello", timeout=5).status_code == 200


def test_unknown_path_is_404(stream_server):
    assert session().get(f"{stream_server.url}/nothing", timeout=5).status_code == 404


def test_slow_chunks_are_chunked(stream_server):
    raw = raw_request(stream_server.port, "/chunks?n=3&delay=0")
    head, _, rest = raw.partition(b"\r\n\r\n")
    assert b"Transfer-Encoding: chunked" in head
    assert rest == b"8\r\nchunk-0\n\r\n8\r\nchunk-1\n\r\n8\r\nchunk-2\n\r\n0\r\n\r\n"


@pytest.mark.parametrize("query", ["n=x", "n=-1", "n=5000", "delay=-1", "delay=100"])
def test_bad_chunk_parameters_are_400(stream_server, query):
    assert session().get(f"{stream_server.url}/chunks?{query}", timeout=5).status_code == 400


def test_custom_chunks_carry_extensions_and_a_trailer(stream_server):
    raw = raw_request(stream_server.port, "/chunks/custom")
    head, _, rest = raw.partition(b"\r\n\r\n")
    assert b"Trailer: X-Chunk-Count" in head
    expected = b"".join(
        f"{len(data):x};seq={i}\r\n".encode() + data + b"\r\n"
        for i, data in enumerate(ss.CUSTOM_CHUNKS)
    )
    assert rest == expected + b"0\r\nX-Chunk-Count: 4\r\n\r\n"
    assert [len(c) for c in ss.CUSTOM_CHUNKS] == [1, 7, 4096, 3]


def test_held_chunks_wait_for_the_release(stream_server):
    stream_server.hold_chunks()
    with session().get(f"{stream_server.url}/chunks/custom", stream=True, timeout=5) as r:
        chunks = r.raw.read_chunked()
        assert next(chunks) == b"A"
        testing.wait_until(lambda: stream_server.custom_chunks_sent == 1)
        assert stream_server.custom_chunks_sent == 1  # the second one is held back
        stream_server.release_chunks()
        assert list(chunks) == ss.CUSTOM_CHUNKS[1:]
    assert stream_server.custom_chunks_sent == 4


def test_headers_cookies_and_connections_routes(stream_server):
    http = session()
    http.get(f"{stream_server.url}/cookies/set?a=1&b=2", timeout=5)
    assert dict(http.cookies) == {"a": "1", "b": "2"}
    echoed = http.get(f"{stream_server.url}/headers", headers={"X-Lab": "02"}, timeout=5).json()
    assert echoed["X-Lab"] == "02" and echoed["Cookie"] == "a=1; b=2"
    assert http.get(f"{stream_server.url}/connections", timeout=5).json() == {"connections": 1}


# --- keep-alive and connection counting


def test_a_session_reuses_one_connection(stream_server):
    with session() as http:
        for _ in range(3):
            assert http.get(f"{stream_server.url}/hello", timeout=5).text == "hello\n"
    assert stream_server.connection_count() == 1
    assert len({record.client for record in stream_server.log}) == 1
    assert [record.connection for record in stream_server.log] == [1, 1, 1]


def test_plain_gets_open_one_connection_each(stream_server):
    for _ in range(3):
        requests.get(f"{stream_server.url}/hello", timeout=5)
    assert stream_server.connection_count() == 3
    assert len({record.client for record in stream_server.log}) == 3


def test_responses_are_http_11_keep_alive(stream_server):
    with socket.create_connection(("127.0.0.1", stream_server.port), timeout=5) as sock:
        request = b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
        sock.sendall(request + request)  # two requests on one connection, pipelined
        data = b""
        while data.count(b"hello\n") < 2:
            data += sock.recv(4096)
    assert data.startswith(b"HTTP/1.1 200 OK\r\n")
    assert data.count(b"HTTP/1.1 200 OK") == 2
    assert stream_server.connection_count() == 1


# --- the command line


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    assert "--port" in result.stdout


def test_bad_port_is_a_usage_error():
    result = testing.run_script(SCRIPT, "--port", "70000")
    assert "port must be between" in testing.assert_one_line_error(result, 2)


def test_a_port_in_use_is_one_line():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        result = testing.run_script(SCRIPT, "--port", str(taken.getsockname()[1]))
    assert "cannot listen" in testing.assert_one_line_error(result, 1)


def test_runs_as_a_script_and_stops_on_sigterm():
    with testing.start_script(SCRIPT, "--port", "0") as running:
        assert running.host == "127.0.0.1"
        base = f"http://127.0.0.1:{running.port}"
        assert session().get(f"{base}/hello", timeout=5).text == "hello\n"
        counted = json.loads(session().get(f"{base}/connections", timeout=5).text)
        assert counted == {"connections": 2}
        assert running.stop() == 0
