"""stream_download.py: doc 002's bounded-memory download, its file handling and errors."""

import hashlib
import os
import tracemalloc

import pytest
import requests

from labkit import testing

from .fixtures_servers import tls_server
from .fixtures_streams import LAB, MiB, body, body_sha256

SCRIPT = LAB / "stream_download.py"

downloader = testing.load_module(SCRIPT)


def run(*args, **kwargs):
    return testing.run_script(SCRIPT, *args, **kwargs)


def sha256_of(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(MiB):
            digest.update(block)
    return digest.hexdigest()


def test_help():
    result = run("--help")
    assert result.returncode == 0
    for option in ("--chunk-size", "--timeout", "--quiet"):
        assert option in result.stdout


def test_downloads_the_file_and_leaves_no_part(stream_server, tmp_path):
    out = tmp_path / "out.bin"
    result = run(f"{stream_server.url}/bytes/3000000?seed=4", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{out}: 3000000 bytes\n"
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    assert sha256_of(out) == body_sha256(3_000_000, 4)
    assert os.listdir(tmp_path) == ["out.bin"]


def test_the_request_streams_with_a_session(stream_server, tmp_path):
    args = [f"{stream_server.url}/bytes/1000", tmp_path / "o", "--quiet", "--chunk-size", "10"]
    assert run(*args).returncode == 0
    [record] = stream_server.log
    assert record.method == "GET" and record.headers["Connection"] == "keep-alive"
    assert record.sent == 1000
    assert (tmp_path / "o").read_bytes() == body(1000)


@pytest.mark.parametrize("chunk_size", [1, 1000, 65536, MiB])
def test_chunk_sizes_do_not_change_the_file(stream_server, tmp_path, chunk_size):
    out = str(tmp_path / "out.bin")
    url = f"{stream_server.url}/bytes/200000?seed=8"
    assert downloader.download(url, out, chunk_size=chunk_size, progress=False) == 200_000
    assert open(out, "rb").read() == body(200_000, 8)


def test_memory_stays_bounded(stream_server, tmp_path):
    # 64 MiB through the default 1 MiB chunks: Python's allocations peak at a few chunks.
    size = 64 * MiB
    tracemalloc.start()
    try:
        written = downloader.download(
            f"{stream_server.url}/bytes/{size}?seed=1", str(tmp_path / "big"), progress=False
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written == size
    assert peak < 16 * MiB, f"peak {peak / MiB:.1f} MiB"
    assert sha256_of(tmp_path / "big") == body_sha256(size, 1)


def test_an_http_error_is_one_line_and_leaves_no_file(stream_server, tmp_path):
    url = f"{stream_server.url}/nothing"
    result = run(url, tmp_path / "out.bin")
    line = testing.assert_one_line_error(result, 1)
    assert line == f"stream_download.py: error: cannot download {url}: HTTP 404 Not Found"
    assert os.listdir(tmp_path) == []


def test_a_refused_connection_is_one_line(tmp_path):
    port = testing.closed_port()
    result = run(f"http://127.0.0.1:{port}/x", tmp_path / "out.bin")
    assert testing.assert_one_line_error(result, 1).endswith(": connection refused")
    assert os.listdir(tmp_path) == []


def test_a_silent_server_is_a_read_timeout(tmp_path):
    with testing.silent_server() as port:
        result = run(f"http://127.0.0.1:{port}/x", tmp_path / "o", "--timeout", "0.5")
    assert testing.assert_one_line_error(result, 1).endswith(": read timed out")
    assert os.listdir(tmp_path) == []


def test_a_full_backlog_is_a_connect_timeout(tmp_path):
    with testing.backlog_full_listener() as port:
        result = run(f"http://127.0.0.1:{port}/x", tmp_path / "o", "--timeout", "0.5")
    assert testing.assert_one_line_error(result, 1).endswith(": connect timed out")


def test_a_body_cut_short_leaves_neither_file_nor_part(truncating_port, tmp_path):
    result = run(f"http://127.0.0.1:{truncating_port}/x", tmp_path / "out.bin")
    line = testing.assert_one_line_error(result, 1)
    assert "broke off before the end of the body" in line
    assert os.listdir(tmp_path) == []


def test_the_in_process_function_raises_and_cleans_up(truncating_port, tmp_path):
    with pytest.raises(requests.RequestException):
        downloader.download(f"http://127.0.0.1:{truncating_port}/x", str(tmp_path / "o"))
    assert os.listdir(tmp_path) == []


def test_an_unwritable_out_is_one_line(stream_server, tmp_path):
    out = tmp_path / "missing-dir" / "out.bin"
    result = run(f"{stream_server.url}/bytes/10", out)
    line = testing.assert_one_line_error(result, 1)
    assert line == f"stream_download.py: error: cannot write {out}: no such file or directory"


@pytest.mark.parametrize(
    "args,fragment",
    [
        (["ftp://127.0.0.1/x", "o"], "expected an http:// or https:// URL"),
        (["not a url", "o"], "expected an http:// or https:// URL"),
        (["http://127.0.0.1/x"], "the following arguments are required: OUT"),
        (["http://127.0.0.1/x", "o", "--chunk-size", "0"], "must be at least 1"),
        (["http://127.0.0.1/x", "o", "--timeout", "-1"], "must be greater than 0"),
    ],
)
def test_bad_arguments_are_usage_errors(args, fragment, tmp_path):
    result = run(*args, cwd=tmp_path)
    assert fragment in testing.assert_one_line_error(result, 2)
    assert os.listdir(tmp_path) == []


def test_describe():
    refused = requests.ConnectionError(ConnectionRefusedError(111, "Connection refused"))
    assert downloader.describe(refused) == "connection refused"
    assert downloader.describe(requests.ConnectTimeout("x")) == "connect timed out"
    assert downloader.describe(requests.ReadTimeout("x")) == "read timed out"


def test_https_with_the_ca_given_and_without_it(tls_ca, tls_ca_path, tmp_path):
    with tls_server(tls_ca) as url:
        trusted = run(url, tmp_path / "hello.txt", "--quiet", "--cafile", tls_ca_path)
        untrusted = run(url, tmp_path / "other.txt", "--quiet")
    assert trusted.returncode == 0, trusted.stderr
    assert (tmp_path / "hello.txt").stat().st_size > 0
    testing.assert_one_line_error(untrusted, 1)
    assert "not trusted" in untrusted.stderr and "--cafile" in untrusted.stderr
    assert not (tmp_path / "other.txt").exists()
